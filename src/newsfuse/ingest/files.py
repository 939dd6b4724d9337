"""Turn inputs (directories, .txt, .html/.htm, .jsonl, RSS/Atom feeds, http(s) URLs) into raw
Articles or rejections.

Every input that cannot be read becomes a `Rejected` with a specific reason; the run goes on.
Hostile input is expected: size limits are checked before reading, binary noise and symbol soup are
told apart from text, JSON nesting bombs and huge numbers are caught, URLs go through the SSRF-safe
fetcher (`newsfuse.ingest.fetch`). Directory walks reject what they do not read (special files,
dangling links, links leaving the directory) rather than skip it. Every string is made safe once, here:
lone surrogates become U+FFFD, and input names are shown with undecodable bytes and control characters
escaped. Each article's language is guessed cheaply and recorded in ``metadata["language"]``; articles
in other languages are kept.
Articles come back sorted by id, so the order inputs are given in never changes a result.

``read_batches`` reads the inputs as the run asks for them, in batches of bounded size (articles and
characters, ``IngestSettings.batch_articles`` / ``batch_chars``), so a run never holds more than one
batch of input text; ``load_inputs`` reads them all at once. The checks that span the run (the limit of
articles per run, one id given to two different articles) hold across batches.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_lib
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsfuse.config import IngestSettings
from newsfuse.errors import InputError
from newsfuse.ingest.feeds import Feed, FeedItem, looks_like_feed, parse_feed, refuse_dtd
from newsfuse.ingest.fetch import FEED_TYPES, PAGE_TYPES, Fetched, fetch_url, is_url
from newsfuse.ingest.records import HAS_TAG, article_from_html, article_from_parts, article_from_text, read_jsonl
from newsfuse.ingest.text import (
    decode,
    display_name,
    guess_language,
    normalize_text,
    text_problem,
)
from newsfuse.types import Article, Rejected

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED)[:-1]) + f" or {sorted(SUPPORTED)[-1]}"  # for the message


@dataclass(frozen=True, slots=True)
class IngestResult:
    articles: tuple[Article, ...]
    rejected: tuple[Rejected, ...]
    origins: Mapping[str, str] = field(default_factory=dict)  # article id → the input it came from


def load_inputs(inputs: Iterable[str | Path], settings: IngestSettings = IngestSettings()) -> IngestResult:
    """Read every input at once; one bad input never stops the others (``read_batches`` streams them)."""
    whole = replace(settings, batch_chars=sys.maxsize, batch_articles=sys.maxsize)
    articles: list[Article] = []
    rejected: list[Rejected] = []
    origins: dict[str, str] = {}
    for batch in read_batches(inputs, whole):
        articles += batch.articles
        rejected += batch.rejected
        origins.update(batch.origins)
    return IngestResult(tuple(sorted(articles, key=lambda a: a.id)),
                        tuple(sorted(rejected, key=lambda r: (r.input, r.reason))), origins)


def read_batches(inputs: Iterable[str | Path], settings: IngestSettings = IngestSettings()) -> Iterator[IngestResult]:
    """The inputs' articles in batches, each read when the one before has been used: at most
    `settings.batch_articles` articles and `settings.batch_chars` characters of text a batch (an article
    longer than that is a batch of its own). Each batch's articles are sorted by id; its rejections are
    those met while reading it. Batches follow the sorted walk of the inputs, so the same inputs give
    the same batches."""
    admission = _Admission(settings)
    pending: list[Rejected] = []  # rejections met since the last batch (the walk adds its own)
    batch: dict[str, Article] = {}
    origin: dict[str, str] = {}
    size = 0
    for raw_name, item in _expand(inputs, pending, settings):
        name = display_name(raw_name)
        article = admission.admit(name, item, pending)
        if article is None:
            continue
        if batch and (size + len(article.text) > settings.batch_chars or len(batch) >= settings.batch_articles):
            yield _batch(batch, pending, origin)
            batch, origin, size = {}, {}, 0
        batch[article.id] = article
        origin[article.id] = name
        size += len(article.text)
    if batch or pending:
        yield _batch(batch, pending, origin)


def _batch(articles: Mapping[str, Article], pending: list[Rejected], origin: Mapping[str, str]) -> IngestResult:
    """One batch (its rejections taken from `pending`, which is emptied)."""
    safe = [Rejected(display_name(r.input), display_name(r.reason)) for r in pending]
    pending.clear()
    return IngestResult(articles=tuple(articles[k] for k in sorted(articles)),
                        rejected=tuple(sorted(safe, key=lambda r: (r.input, r.reason))), origins=dict(origin))


class _Admission:
    """What decides, input by input, whether an article read joins the run: text checks, the limit of
    articles per run, one id for one article. Keeps a fingerprint per id (not the article), so a run
    read in batches holds no more than its current batch."""

    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings
        self.seen: dict[str, tuple[bytes, str]] = {}  # article id -> (fingerprint, the input it came from)

    def admit(self, name: str, item: Article | Rejected, rejected: list[Rejected]) -> Article | None:
        """The article to keep (its language guessed), or None: rejected (added to `rejected`), or an
        identical copy of one already kept."""
        settings = self.settings
        if isinstance(item, Rejected):
            rejected.append(item)
            return None
        article = item
        if len(self.seen) >= settings.max_articles:
            rejected.append(Rejected(name, f"over the limit of {settings.max_articles} articles per run"))
            return None
        if len(article.text.strip()) < settings.min_chars:
            rejected.append(Rejected(name, f"no article text (fewer than {settings.min_chars} characters)"))
            return None
        problem = text_problem(article.text, settings.max_control_ratio, settings.min_letter_ratio)
        if problem:
            rejected.append(Rejected(name, problem))
            return None
        if "language" not in article.metadata:
            article = replace(article, metadata={**article.metadata, "language": guess_language(article.text)})
        fingerprint = _fingerprint(article)
        if article.id in self.seen:
            first, origin = self.seen[article.id]
            if first != fingerprint:
                rejected.append(Rejected(name, f"article id {article.id!r} already used by {origin}"))
            # an identical input given twice is one article: nothing to report
            return None
        self.seen[article.id] = (fingerprint, name)
        return article


def _fingerprint(article: Article) -> bytes:
    """A digest of everything an article holds: two inputs giving one id are one article when equal."""
    fields = [article.source, article.url, article.title, article.published, article.text, list(article.removed),
              article.duplicate_of, article.metadata]
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=repr, ensure_ascii=False).encode(
        "utf-8", "surrogatepass")).digest()


def _expand(inputs: Iterable[str | Path], rejected: list[Rejected],
            settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    # Sorted walk: the same set of inputs always yields articles in the same order.
    paths: list[Path] = []
    urls: list[str] = []
    for raw in inputs:
        text = str(raw)
        if is_url(text):
            urls.append(text)
            continue
        for found in _input_files(Path(text)):
            if isinstance(found, Rejected):
                rejected.append(found)
            else:
                paths.append(found)
    for path in sorted(set(paths)):
        yield from _guarded(display_name(path), _read_file(path, settings))
    for url in sorted(set(urls)):
        yield from _guarded(display_name(url), _read_url(url, settings))


def _guarded(name: str, items: Iterator[tuple[str, Article | Rejected]]) -> Iterator[tuple[str, Article | Rejected]]:
    """`items`, with an error that no rule foresaw turned into a rejection of this one input.

    Every known kind of bad input has its own InputError and reason; this is the last guard that keeps a
    bug or a library's new exception from ending the run and losing the other inputs. The reason names
    the exception, so that it gets reported and given a rule of its own.
    """
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - the one place where any error of one input is contained
        yield name, Rejected(name, f"could not be read: unexpected {type(exc).__name__}: {exc}")


def _input_files(path: Path) -> Iterator[Path | Rejected]:
    """The file named, or the files of the directory named; a Rejected for anything that is not read.

    A link named as an input is followed (the user chose it); links found inside a directory are
    checked by `_walk`.
    """
    name = display_name(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        dangling = path.is_symlink()
        yield Rejected(name, "dangling symbolic link (its target does not exist)" if dangling
                       else "no such file or directory")
        return
    except (OSError, ValueError) as exc:  # permission denied, a link loop, NUL in a name, name too long
        yield Rejected(name, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if stat.S_ISDIR(mode):
        yield from _walk(path)
    elif stat.S_ISREG(mode):
        yield path
    else:
        yield Rejected(name, f"not a regular file: {_file_kind(mode)}")


def _walk(root: Path) -> Iterator[Path | Rejected]:
    """Every regular file under `root` (hidden names skipped); a Rejected for every other entry.

    Nothing is dropped without a word: FIFOs, devices and sockets, unreadable directories, dangling
    links and links that resolve outside `root` (a link to /etc/passwd would otherwise be read and put
    in the report) are rejected. Links to regular files inside `root` are read; links to directories
    are not followed (their files are read where they really are, and no link can make a loop).
    """
    base = root.resolve()
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = [entry for entry in listing if not entry.name.startswith(".")]
        except OSError as exc:
            yield Rejected(display_name(folder), f"cannot read directory: {exc.strerror or exc}")
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    problem = _link_problem(path, base)
                    yield Rejected(display_name(path), problem) if problem else path
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.is_file(follow_symlinks=False):
                    yield path
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    yield Rejected(display_name(path), f"not a regular file: {_file_kind(mode)}")
            except OSError as exc:
                yield Rejected(display_name(path), f"cannot read: {exc.strerror or exc}")


def _link_problem(link: Path, base: Path) -> str | None:
    """Why a symbolic link found inside the input directory `base` is not read, or None to read it."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return "dangling symbolic link (its target does not exist)"
    except (OSError, RuntimeError) as exc:  # a link loop
        return f"symbolic link cannot be followed: {getattr(exc, 'strerror', None) or exc}"
    if not target.is_relative_to(base):
        return "symbolic link leaves the input directory"
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        return "symbolic link to a directory, not followed (its files are read where they are)"
    if not stat.S_ISREG(mode):
        return f"symbolic link to {_file_kind(mode)}, not a regular file"
    return None


def _file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for a rejection's reason."""
    for test, kind in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return kind
    return "a special file"


def _read_file(path: Path, settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    name = display_name(path)
    stem = display_name(path.stem)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield name, Rejected(name, f"unsupported file type {display_name(suffix) or '(none)'}; use {_SUPPORTED_LIST}")
        return
    try:
        size = path.stat().st_size
        limit = settings.fetch.max_bytes if suffix in FEED_SUFFIXES else settings.max_bytes
        if suffix not in JSONL_SUFFIXES and size > limit:
            raise InputError(f"file is {size} bytes, over the limit of {limit} bytes per "
                             f"{'feed' if suffix in FEED_SUFFIXES else 'article'} (--max-bytes)")
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path, settings)
            return
        data = path.read_bytes()
        if not data.strip():
            raise InputError("empty file")
        if suffix in FEED_SUFFIXES:
            refuse_dtd(data)
            if not looks_like_feed(data):
                raise InputError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root element)")
            feed = parse_feed(data, settings.fetch.max_feed_items, settings.fetch.max_feed_depth)
            yield from _feed_articles(name, feed, None, settings)
        elif suffix in HTML_SUFFIXES:
            yield name, article_from_html(data, source=stem, page_source_wins=True,
                                          max_tags=settings.max_html_tags)
        else:
            yield name, article_from_text(_decode_text(data, settings), source=stem)
    except InputError as exc:
        yield name, Rejected(name, str(exc))
    except OSError as exc:
        yield name, Rejected(name, f"cannot read file: {exc.strerror or exc}")


def _decode_text(data: bytes, settings: IngestSettings) -> str:
    """Decoded plain text, refused when it is binary noise rather than text."""
    text = decode(data)
    problem = text_problem(text, settings.max_control_ratio, settings.min_letter_ratio)
    if problem:
        raise InputError(problem)
    return text


# --------------------------------------------------------------------------- URLs and feeds


def _read_url(url: str, settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    """One fetched page (an article) or feed (its items' articles); failures are rejections."""
    try:
        fetched = fetch_url(url, settings.fetch)
        if fetched.content_type in FEED_TYPES or (fetched.content_type not in {"text/html", "text/plain"}
                                                  and looks_like_feed(fetched.data)):
            refuse_dtd(fetched.data)
            if not looks_like_feed(fetched.data):
                raise InputError(f"served as {fetched.content_type} but not an RSS or Atom feed")
            feed = parse_feed(fetched.data, settings.fetch.max_feed_items,
                              settings.fetch.max_feed_depth)
            yield from _feed_articles(url, feed, fetched.final_url, settings)
            return
        yield url, _page_article(fetched, settings)
    except InputError as exc:
        yield url, Rejected(url, str(exc))


def _page_article(fetched: Fetched, settings: IngestSettings, title: str | None = None,
                  published: str | None = None) -> Article:
    """The article of one fetched page; the outlet is the page's site name or the URL's host."""
    host = (urlsplit(fetched.final_url).hostname or "web").removeprefix("www.")
    if fetched.content_type == "text/plain":
        data = fetched.data
        if fetched.charset:
            with contextlib.suppress(LookupError, UnicodeDecodeError):  # a wrong charset: detect it instead
                data = data.decode(fetched.charset).encode("utf-8")
        return article_from_text(_decode_text(data, settings), source=host, url=fetched.final_url,
                                 published=published)
    return article_from_html(fetched.data, source=host, url=fetched.final_url, title=title, published=published,
                             page_source_wins=True, max_tags=settings.max_html_tags)


def _feed_articles(name: str, feed: Feed, feed_url: str | None,
                   settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    """Each item: its own full content when the feed carries it, else its link fetched, else its teaser."""
    if not feed.items:
        yield name, Rejected(name, "feed has no items")
        return
    if feed.left_out:
        total = len(feed.items) + feed.left_out
        yield name, Rejected(name, f"{feed.left_out} of the feed's {total} items left out: over the limit of "
                                   f"{len(feed.items)} items per feed")
    base = feed_url or feed.link or ""
    outlet = feed.title or (urlsplit(base).hostname or Path(name).stem).removeprefix("www.")
    for number, item in enumerate(feed.items, start=1):
        link = urljoin(base, item.link) if item.link else None
        item_name = f"{name}#item{number}" + (f" ({link})" if link else "")
        try:
            yield item_name, _item_article(item, link, outlet, settings)
        except InputError as exc:
            yield item_name, Rejected(item_name, str(exc))


def _item_article(item: FeedItem, link: str | None, outlet: str, settings: IngestSettings) -> Article:
    meta = {"feed": outlet}
    problems: list[str] = []
    if item.content:
        try:
            return _inline_article(item.content, item.content_is_html, item, link, outlet, meta)
        except InputError as exc:
            problems.append(f"item content: {exc}")
    if link:
        try:
            fetched = fetch_url(link, settings.fetch, accept=PAGE_TYPES)
            article = _page_article(fetched, settings, title=item.title, published=item.published)
            return replace(article, metadata={**meta, **article.metadata})
        except InputError as exc:
            problems.append(f"link: {exc}")
    if item.summary:
        try:
            return _inline_article(item.summary, True, item, link, outlet, meta)
        except InputError as exc:
            problems.append(f"summary: {exc}")
    if not problems:
        raise InputError("feed item has no content, summary or link")
    raise InputError("; ".join(problems))


def _inline_article(body: str, is_html: bool, item: FeedItem, link: str | None, outlet: str,
                    meta: Mapping[str, Any]) -> Article:
    """An article from text carried inside the feed (markup through the HTML extractor)."""
    if is_html and HAS_TAG.search(body):
        return article_from_html(body, source=outlet, url=link, title=item.title, published=item.published,
                                 metadata=meta)
    text = normalize_text(html_lib.unescape(body) if is_html else body)
    if item.title:
        return article_from_parts(outlet, link, item.title, item.published, text, meta)
    return article_from_text(text, source=outlet, url=link, published=item.published, metadata=meta)
