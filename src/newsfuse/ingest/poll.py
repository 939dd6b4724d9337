"""One poll of a watched URL (a feed or a page): a conditional GET, then only what is new.

`poll_url` sends the validators of the last answer (``ETag`` / ``Last-Modified``): a 304 means nothing to
read. A feed that changed gives the items whose key the caller has not seen (`is_seen`): the key of an
item is its canonical URL (``newsfuse.ingest.urls``), or its guid when it has no link. A page that changed
is read again (a new text is a new article; the same text is the same article). The fetch rules are those
of every URL (``newsfuse.ingest.fetch``: address policy, size and time limits).

What comes back is a `Poll`: the new validators, and a `ReadyInput` the ingest run reads like any input.
As its items are read, `Poll.done` collects the keys to mark as seen once the run has stored them: an
item whose link could not be fetched for a passing reason (a timeout, a refused connection, an HTTP 5xx)
is left unmarked, to be tried again at the next poll.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from newsfuse.config import IngestSettings
from newsfuse.errors import InputError
from newsfuse.ingest.feeds import FeedItem
from newsfuse.ingest.fetch import Fetched, fetch_url
from newsfuse.ingest.files import Items, ReadyInput, fetched_items, is_feed
from newsfuse.ingest.urls import canonical_url
from newsfuse.types import Article

__all__ = ["Poll", "item_key", "poll_url"]

_PASSING = ("timed out", "took longer", "cannot fetch", "cannot resolve", "HTTP 5", "HTTP 429", "error while reading")


@dataclass(slots=True)
class Poll:
    """What one poll of a URL found."""

    url: str
    validators: dict[str, str | None]  # the answer's ETag and Last-Modified (the last ones kept on a 304)
    not_modified: bool = False
    error: str | None = None  # the URL could not be fetched (tried again next time)
    ready: ReadyInput | None = None  # the new items, read by the ingest run
    done: list[str] = field(default_factory=list)  # seen-set keys of the items read (filled while they are)


def item_key(feed_url: str, item: FeedItem, link: str | None) -> str:
    """A feed item's seen-set key: its canonical URL, else its guid, else a hash of what it says."""
    if link:
        return canonical_url(link)
    if item.guid:
        return f"guid:{canonical_url(feed_url)}:{item.guid}"
    body = "\n".join(x or "" for x in (item.title, item.published, item.content, item.summary))
    return f"item:{canonical_url(feed_url)}:{hashlib.sha256(body.encode('utf-8', 'replace')).hexdigest()[:32]}"


def poll_url(url: str, validators: dict[str, str | None], settings: IngestSettings,
             is_seen: Callable[[str], bool], fetch: Callable[..., Fetched] = fetch_url) -> Poll:
    """A conditional GET of `url` and what is new in it (see the module's description)."""
    try:
        fetched = fetch(url, settings.fetch, validators=validators)
    except InputError as exc:
        return Poll(url, validators, error=str(exc))
    found = Poll(url, {"etag": fetched.etag, "last_modified": fetched.last_modified})
    if fetched.status == 304:
        found.not_modified = True
        return found
    if not is_feed(fetched):
        found.ready = ReadyInput(url, lambda: _page(url, fetched, settings, found))
        return found
    keys: dict[int, str] = {}

    def keep(number: int, item: FeedItem, link: str | None) -> bool:
        key = item_key(fetched.final_url, item, link)
        if is_seen(key):
            return False
        keys[number] = key
        return True

    found.ready = ReadyInput(url, lambda: _items(url, fetched, settings, keep, keys, found))
    return found


def _page(url: str, fetched: Fetched, settings: IngestSettings, found: Poll) -> Items:
    for name, item in fetched_items(url, fetched, settings):
        if isinstance(item, Article) and item.url:
            found.done.append(canonical_url(item.url))
        yield name, item


def _items(url: str, fetched: Fetched, settings: IngestSettings, keep: Callable[[int, FeedItem, str | None], bool],
           keys: dict[int, str], found: Poll) -> Items:
    """The new items' articles; each item's key (and its article's canonical URLs) joins `found.done` once
    read, unless it failed for a passing reason."""
    for name, item in fetched_items(url, fetched, settings, keep):
        number = _item_number(url, name)
        key = keys.get(number) if number is not None else None
        if isinstance(item, Article):
            found.done.extend(k for k in (key, *_article_keys(item)) if k)
        elif key is not None and not any(p in item.reason for p in _PASSING):
            found.done.append(key)
        yield name, item


def _article_keys(article: Article) -> tuple[str, ...]:
    """The canonical URLs an article is known by: its own, and its AMP version's."""
    keys = [canonical_url(article.url)] if article.url else []
    amp = article.metadata.get("amphtml")
    if isinstance(amp, str):
        keys.append(canonical_url(amp))
    return tuple(keys)


def _item_number(url: str, name: str) -> int | None:
    """The item number in an item's input name ("URL#item3 (link)")."""
    prefix = f"{url}#item"
    digits = name[len(prefix):].split(" ", 1)[0] if name.startswith(prefix) else ""
    return int(digits) if digits.isdigit() else None
