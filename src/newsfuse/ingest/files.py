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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html as html_lib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsfuse.config import IngestSettings
from newsfuse.errors import InputError
from newsfuse.ingest.feeds import Feed, FeedItem, looks_like_feed, parse_feed, refuse_dtd
from newsfuse.ingest.fetch import FEED_TYPES, PAGE_TYPES, Fetched, fetch_url, is_url
from newsfuse.ingest.text import (
    decode,
    display_name,
    guess_language,
    normalize_text,
    replace_surrogates,
    split_title,
    text_problem,
)
from newsfuse.types import Article, Rejected, stable_id

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED)[:-1]) + f" or {sorted(SUPPORTED)[-1]}"  # for the message
JSONL_FIELDS = ("id", "source", "url", "title", "published", "text", "html")


@dataclass(frozen=True, slots=True)
class IngestResult:
    articles: tuple[Article, ...]
    rejected: tuple[Rejected, ...]
    origins: Mapping[str, str] = field(default_factory=dict)  # article id → the input it came from


def load_inputs(inputs: Iterable[str | Path], settings: IngestSettings = IngestSettings()) -> IngestResult:
    """Read every input; one bad input never stops the others."""
    articles: dict[str, Article] = {}
    origin: dict[str, str] = {}
    rejected: list[Rejected] = []
    for raw_name, item in _expand(inputs, rejected, settings):
        name = display_name(raw_name)
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        article = item
        if len(articles) >= settings.max_articles:
            rejected.append(Rejected(name, f"over the limit of {settings.max_articles} articles per run"))
            continue
        if len(article.text.strip()) < settings.min_chars:
            rejected.append(Rejected(name, f"no article text (fewer than {settings.min_chars} characters)"))
            continue
        problem = text_problem(article.text, settings.max_control_ratio, settings.min_letter_ratio)
        if problem:
            rejected.append(Rejected(name, problem))
            continue
        if "language" not in article.metadata:
            article = replace(article, metadata={**article.metadata, "language": guess_language(article.text)})
        if article.id in articles:
            if articles[article.id] != article:
                rejected.append(Rejected(name, f"article id {article.id!r} already used by {origin[article.id]}"))
            # an identical input given twice is one article: nothing to report
            continue
        articles[article.id] = article
        origin[article.id] = name
    safe = (Rejected(display_name(r.input), display_name(r.reason)) for r in rejected)
    return IngestResult(
        articles=tuple(articles[k] for k in sorted(articles)),
        rejected=tuple(sorted(safe, key=lambda r: (r.input, r.reason))),
        origins=origin,
    )


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
            yield from _read_jsonl(path, settings)
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
    if is_html and _HAS_TAG.search(body):
        return article_from_html(body, source=outlet, url=link, title=item.title, published=item.published,
                                 metadata=meta)
    text = normalize_text(html_lib.unescape(body) if is_html else body)
    if item.title:
        return _article(outlet, link, item.title, item.published, text, meta)
    return article_from_text(text, source=outlet, url=link, published=item.published, metadata=meta)


_HAS_TAG = re.compile(r"<\s*[A-Za-z!/]")
_TAG = re.compile(r"<[A-Za-z]")
_TAG_BYTES = re.compile(rb"<[A-Za-z]")


def article_from_text(text: str, source: str, url: str | None = None, published: str | None = None,
                      metadata: Mapping[str, Any] | None = None) -> Article:
    """A plain-text article: first non-empty line is the title when it looks like one."""
    title, body = split_title(normalize_text(text))
    return _article(source=source, url=url, title=title, published=published, text=body, metadata=metadata)


def article_from_html(data: str | bytes, source: str, url: str | None = None, title: str | None = None,
                      published: str | None = None, metadata: Mapping[str, Any] | None = None,
                      page_source_wins: bool = False, max_tags: int = IngestSettings().max_html_tags) -> Article:
    """An HTML page: body and metadata through the HTML extractor; given fields win over the page's,
    except the outlet name of a file, where the page's own site name is better than the file name.

    Markup with more than `max_tags` tags is refused before parsing: extraction time grows with the
    tag count, and megabytes of tags around a few words are an attack, not an article.
    """
    from newsfuse.ingest.html import extract_html

    tags = len(_TAG_BYTES.findall(data)) if isinstance(data, bytes) else len(_TAG.findall(data))
    if tags > max_tags:
        raise InputError(f"HTML has {tags} tags, over the limit of {max_tags} tags per page")
    try:
        page = extract_html(data, url=url)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    meta = dict(page.metadata)
    meta.update(metadata or {})
    return _article(
        source=(page.source or source) if page_source_wins else source,
        url=url or page.url,
        title=title or page.title,
        published=published if normalize_published(published) else (page.published or published),
        text=normalize_text(page.text),
        metadata=meta,
    )


def _article(source: str, url: str | None, title: str | None, published: str | None, text: str,
             metadata: Mapping[str, Any] | None, given_id: str | None = None) -> Article:
    source, url, title, published, text = (_scrub(v) for v in (source, url, title, published, text))
    title = normalize_text(title).strip() or None if title else None
    body = text.strip("\n")
    article_id = _scrub(given_id) or stable_id("art", source, url, title, body)
    kept: dict[str, Any] = dict(_scrub(dict(metadata or {})))
    day = normalize_published(published)
    if published and published.strip() and day is None:
        kept["published_unparsed"] = published  # kept as written: not a publication date
    return Article(id=article_id, source=source, url=url, title=title, published=day, text=body, metadata=kept)


def _scrub(value: Any) -> Any:
    """`value` with lone surrogates replaced in every string, inside lists and dicts (keys too).

    Done once at ingest so that nothing downstream (`stable_id`, the store, the report writer) ever meets
    a string that does not encode as UTF-8. Nesting is bounded by the caller (`max_json_depth`).
    """
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub(v) for v in value)
    return value


def _read_jsonl(path: Path, settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    limit = settings.max_bytes
    with path.open("rb") as handle:
        for number, (raw, size) in enumerate(_lines(handle, limit), start=1):
            name = f"{display_name(path)}:{number}"
            if not raw.strip() and size <= limit:
                continue
            try:
                if size > limit:
                    raise InputError(f"line is {size} bytes, over the limit of {limit} bytes per article (--max-bytes)")
                yield name, article_from_record(_parse_json_line(raw), default_source=display_name(path.stem),
                                                max_depth=settings.max_json_depth)
            except InputError as exc:
                yield name, Rejected(name, str(exc))


def _lines(handle: Any, limit: int) -> Iterator[tuple[bytes, int]]:
    """(line, its length) for each line; a line over `limit` is skipped unread and yielded as (b"", length)."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        size = len(line)
        if size > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line in bounded steps
                rest = handle.readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield b"", size
        else:
            yield line, size


def _parse_json_line(raw: bytes) -> dict[str, Any]:
    """One JSONL line to a JSON object; InputError for anything else (never another exception)."""
    try:
        record = json.loads(decode(raw))
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at column {exc.colno}") from exc
    except RecursionError as exc:
        raise InputError("malformed JSON: nested too deeply") from exc
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise InputError(f"malformed JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    return record


def article_from_record(record: Mapping[str, Any], default_source: str,
                        max_depth: int = IngestSettings().max_json_depth) -> Article:
    """One JSONL record (or API body): id, source, url, title, published, and text or html.

    A record nesting lists and objects more than `max_depth` levels deep is refused: its other keys
    become the article's metadata, and the report writer gives up on values nested ~250 deep.
    """
    if _nesting(record, max_depth) > max_depth:
        raise InputError(f"JSON record nested too deeply (more than {max_depth} levels)")
    record = _scrub(dict(record))
    fields = {}
    for key in JSONL_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            if key == "id" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            else:
                raise InputError(f"field {key!r} must be a string, got {type(value).__name__}")
        fields[key] = value
    metadata = {k: v for k, v in record.items() if k not in JSONL_FIELDS}
    source = (fields["source"] or default_source).strip() or default_source
    if fields["text"] is None and fields["html"] is None:
        raise InputError("record has neither 'text' nor 'html'")
    if fields["text"] is not None:
        title, body = fields["title"], normalize_text(fields["text"])
        if title is None:
            title, body = split_title(body)
        article = _article(source, fields["url"], title, fields["published"], body, metadata)
    else:
        article = article_from_html(str(fields["html"]), source, url=fields["url"], title=fields["title"],
                                    published=fields["published"], metadata=metadata)
    if fields["id"] is not None and fields["id"].strip():
        article = replace(article, id=fields["id"].strip())
    return article


def _nesting(value: Any, limit: int) -> int:
    """How deep lists and objects nest in a JSON value (1 for a flat object), counted only up to
    limit + 1; iterative, since the value may nest nearly as deep as the recursion limit."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        if depth > limit:
            return depth
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{8}$")  # 2017-09-05, 20170905
_ISO_DATETIME = re.compile(r"^\d{4}-?\d{2}-?\d{2}[T ]\d")  # a full date, then a time
# dateparser is asked for a date only when the text gives day, month and year, and never reads relative
# words: "2015", "March 2015", "Tuesday", "next year", "yesterday" name no day of publication, and filling
# in the rest from the clock would make the same input give another date on another day. The relative base
# is fixed far in the past, so nothing that might still lean on it passes the 1800 floor.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # not relative-time, nor no-spaces-time
    "RELATIVE_BASE": dt.datetime(1, 1, 1),                         # (which reads "2015" as 2020-01-05)
    "TIMEZONE": "UTC",  # a time written without a zone is UTC, not the machine's zone
    "TO_TIMEZONE": "UTC",  # a written zone or offset ("+0200", "EST") is converted, not dropped
    "RETURN_AS_TIMEZONE_AWARE": True,
}


def normalize_published(value: str | None) -> str | None:
    """'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ' (UTC); None for missing, unparseable, partial ("2015",
    "March 2015"), relative ("Tuesday", "next year") or absurd dates: a publication date is a day.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    when: dt.datetime | dt.date | None
    try:
        if _ISO_DATE.match(value):
            when = dt.date.fromisoformat(value)
        elif _ISO_DATETIME.match(value):
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            when = _parse_loose_date(value)
    except ValueError:
        when = _parse_loose_date(value)
    if when is None:
        return None
    year = when.year
    if year < 1800 or year > dt.date.today().year + 1:
        return None
    if isinstance(when, dt.datetime):
        if when.tzinfo is not None:
            when = when.astimezone(dt.UTC)
        if (when.hour, when.minute, when.second) == (0, 0, 0):
            return when.date().isoformat()
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat()


def _parse_loose_date(value: str) -> dt.datetime | None:
    """A date written in words or numbers ("5 September 2017", "Tue, 04 Mar 2025 08:00:00 GMT"), or None."""
    if len(value) > 64:
        return None
    import dateparser

    try:
        parsed: dt.datetime | None = dateparser.parse(value, settings=_DATEPARSER_SETTINGS, languages=["en"])
        return parsed
    except Exception:  # dateparser raises many types on odd strings; an unparseable date is just unknown
        return None
