"""Turn inputs (directories, .txt, .html/.htm, .jsonl and .jsonl.gz, RSS/Atom feeds, WARC/ARC web
archives, http(s) URLs) into raw Articles or rejections.

Every input that cannot be read becomes a `Rejected` with a specific reason; the run goes on.
Hostile input is expected: size limits are checked before reading, binary noise and symbol soup are
told apart from text, JSON nesting bombs and huge numbers are caught, URLs go through the SSRF-safe
fetcher (`newsfuse.ingest.fetch`). Directory walks reject what they do not read (special files,
dangling links, links leaving the directory) rather than skip it. Every string is made safe once, here:
lone surrogates become U+FFFD, and input names are shown with undecodable bytes and control characters
escaped.
Articles come back sorted by id, so the order inputs are given in never changes a result.
Every URL an article is stored under is canonical (``newsfuse.ingest.urls``); within one run, a second
article under the same canonical URL from the same outlet (the AMP copy of a page, the page reached
twice) is the same article: kept once, the other input reported.

``read_batches`` reads the inputs as the run asks for them, in batches of bounded size (articles and
characters, ``IngestSettings.batch_articles`` / ``batch_chars``), so a run never holds more than one
batch of input text; ``load_inputs`` reads them all at once. The checks that span the run (the limit of
articles per run, one id given to two different articles) hold across batches.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import html as html_lib
import json
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    normalize_text,
    text_problem,
)
from newsfuse.ingest.urls import canonical_url
from newsfuse.ingest.warc import WARC_SUFFIXES, read_warc
from newsfuse.types import Article, Rejected, stable_id

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
GZ_JSONL_SUFFIXES = {".jsonl.gz", ".ndjson.gz"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ARCHIVE_SUFFIXES = set(WARC_SUFFIXES)
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | GZ_JSONL_SUFFIXES | FEED_SUFFIXES | ARCHIVE_SUFFIXES
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED)[:-1]) + f" or {sorted(SUPPORTED)[-1]}"  # for the message
_COMPOUND = tuple(sorted((x for x in SUPPORTED if x.count(".") > 1), key=len, reverse=True))
# a gzipped JSON Lines file may inflate to at most this many times its size (more is a "zip bomb")
GZ_MAX_RATIO = 200


def file_suffix(path: Path) -> str:
    """The suffix that says how a file is read: ".jsonl.gz" and ".warc.gz" count as one."""
    name = path.name.lower()
    return next((x for x in _COMPOUND if name.endswith(x)), path.suffix.lower())


Items = Iterator[tuple[str, Article | Rejected]]


@dataclass(frozen=True, slots=True)
class ReadyInput:
    """An input the caller has read already (``newsfuse watch``: a feed's new items, a page fetched with a
    conditional GET): its name, and a function giving its (input name, article or rejection) items, called
    when the run reaches it. Read after the paths and URLs, in the order given."""

    name: str
    items: Callable[[], Items]


Input = str | Path | ReadyInput


@dataclass(frozen=True, slots=True)
class IngestResult:
    articles: tuple[Article, ...]
    rejected: tuple[Rejected, ...]
    origins: Mapping[str, str] = field(default_factory=dict)  # article id → the input it came from


def load_inputs(inputs: Iterable[Input], settings: IngestSettings = IngestSettings()) -> IngestResult:
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


def read_batches(inputs: Iterable[Input], settings: IngestSettings = IngestSettings()) -> Iterator[IngestResult]:
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
        self.urls: dict[tuple[str, str], tuple[str, str]] = {}  # (outlet, canonical url) -> (article id, input)

    def admit(self, name: str, item: Article | Rejected, rejected: list[Rejected]) -> Article | None:
        """The article to keep, or None: rejected (added to `rejected`), or an
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
        fingerprint = _fingerprint(article)
        if article.id in self.seen:
            first, origin = self.seen[article.id]
            if first != fingerprint:
                rejected.append(Rejected(name, f"article id {article.id!r} already used by {origin}"))
            # an identical input given twice is one article: nothing to report
            return None
        if article.url and _content_id(article):
            key = (article.source, canonical_url(article.url))
            first_url = self.urls.setdefault(key, (article.id, name))
            if first_url[0] != article.id:
                rejected.append(Rejected(name, f"the same article as {first_url[1]} (same outlet and canonical URL "
                                               f"{article.url}): kept once"))
                return None
        self.seen[article.id] = (fingerprint, name)
        return article


def _content_id(article: Article) -> bool:
    """Whether the article's id is the hash of its content (no id was given with it)."""
    return article.id == stable_id("art", article.source, article.url, article.title, article.text)


# metadata saying how an article was reached, not what it is: the same article reached twice is one
_PROVENANCE = frozenset({"fetched_url", "amphtml", "published_from", "feed"})


def _fingerprint(article: Article) -> bytes:
    """A digest of everything an article holds: two inputs giving one id are one article when equal."""
    metadata = {k: v for k, v in article.metadata.items() if k not in _PROVENANCE}
    fields = [article.source, article.url, article.title, article.published, article.text, list(article.removed),
              article.duplicate_of, metadata]
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=repr, ensure_ascii=False).encode(
        "utf-8", "surrogatepass")).digest()


def _expand(inputs: Iterable[Input], rejected: list[Rejected],
            settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    # Sorted walk: the same set of inputs always yields articles in the same order.
    paths: list[Path] = []
    urls: list[str] = []
    ready: list[ReadyInput] = []
    for raw in inputs:
        if isinstance(raw, ReadyInput):
            ready.append(raw)
            continue
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
    for given in ready:
        yield from _guarded(display_name(given.name), given.items())


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


def input_files(path: Path) -> Iterator[Path | Rejected]:
    """The files an input path names (itself, or the files under a directory), as the run reads them; a
    Rejected for every entry that is not read (see ``_walk``)."""
    return _input_files(path)


def read_file(path: Path, settings: IngestSettings = IngestSettings()) -> Items:
    """The (input name, article or rejection) items of one file, as the run reads them (any error met is
    a rejection of this file)."""
    return _guarded(display_name(path), _read_file(path, settings))


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
    suffix = file_suffix(path)
    stem = display_name(path.name[: len(path.name) - len(suffix)] if suffix else path.stem)
    if suffix not in SUPPORTED:
        yield name, Rejected(name, f"unsupported file type {display_name(suffix) or '(none)'}; use {_SUPPORTED_LIST}")
        return
    try:
        size = path.stat().st_size
        limit = settings.fetch.max_bytes if suffix in FEED_SUFFIXES else settings.max_bytes
        if suffix not in JSONL_SUFFIXES | GZ_JSONL_SUFFIXES | ARCHIVE_SUFFIXES and size > limit:
            raise InputError(f"file is {size} bytes, over the limit of {limit} bytes per "
                             f"{'feed' if suffix in FEED_SUFFIXES else 'article'} (--max-bytes)")
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path, settings)
            return
        if suffix in GZ_JSONL_SUFFIXES:
            yield from read_jsonl(path, settings, opener=_gzip_opener(size))
            return
        if suffix in ARCHIVE_SUFFIXES:
            yield from read_warc(path, settings)
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


def _gzip_opener(size: int) -> Callable[[Path], Any]:
    """Opens a gzipped file for reading, refusing (InputError) to inflate more than GZ_MAX_RATIO times its
    size (at least 64 MB)."""
    def open_gz(path: Path) -> Any:
        return _BoundedReader(gzip.open(path, "rb"), max(GZ_MAX_RATIO * size, 64 << 20))
    return open_gz


class _BoundedReader:
    """A binary file's readline, refusing (InputError) once more than `limit` bytes were read; a gzip file
    damaged or cut short says so (InputError) instead of raising its own errors."""

    def __init__(self, handle: Any, limit: int) -> None:
        self.handle, self.limit, self.read = handle, limit, 0

    def readline(self, size: int = -1) -> bytes:
        try:
            line: bytes = self.handle.readline(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"gzip file damaged or cut short after {self.read} bytes: {exc}") from exc
        self.read += len(line)
        if self.read > self.limit:
            raise InputError(f"gzip file inflates to more than {self.limit} bytes "
                             f"({GZ_MAX_RATIO} times its size): refused as a decompression bomb")
        return line

    def __enter__(self) -> _BoundedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def _decode_text(data: bytes, settings: IngestSettings) -> str:
    """Decoded plain text, refused when it is binary noise rather than text."""
    text = decode(data)
    problem = text_problem(text, settings.max_control_ratio, settings.min_letter_ratio)
    if problem:
        raise InputError(problem)
    return text


# --------------------------------------------------------------------------- URLs and feeds


def fetched_items(url: str, fetched: Fetched, settings: IngestSettings,
                  keep: Callable[[int, FeedItem, str | None], bool] | None = None) -> Items:
    """The items of a page or feed already fetched from `url`: the page's article, or the articles of the
    feed's items that `keep(number, item, absolute link)` accepts (all by default)."""
    try:
        if is_feed(fetched):
            refuse_dtd(fetched.data)
            if not looks_like_feed(fetched.data):
                raise InputError(f"served as {fetched.content_type} but not an RSS or Atom feed")
            feed = parse_feed(fetched.data, settings.fetch.max_feed_items, settings.fetch.max_feed_depth)
            yield from _feed_articles(url, feed, fetched.final_url, settings, keep)
            return
        yield url, _page_article(fetched, settings)
    except InputError as exc:
        yield url, Rejected(url, str(exc))


def is_feed(fetched: Fetched) -> bool:
    """Whether a fetched body is read as a feed (by its type, or its root element when the type says neither
    page nor text)."""
    return fetched.content_type in FEED_TYPES or (fetched.content_type not in {"text/html", "text/plain"}
                                                  and looks_like_feed(fetched.data))


def _read_url(url: str, settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    """One fetched page (an article) or feed (its items' articles); failures are rejections."""
    try:
        fetched = fetch_url(url, settings.fetch)
    except InputError as exc:
        yield url, Rejected(url, str(exc))
        return
    yield from fetched_items(url, fetched, settings)


def _page_article(fetched: Fetched, settings: IngestSettings, title: str | None = None,
                  published: str | None = None) -> Article:
    """The article of one fetched page; the outlet is the page's site name or the URL's host."""
    host = (urlsplit(canonical_url(fetched.final_url)).hostname or "web").removeprefix("www.")
    if fetched.content_type == "text/plain":
        data = fetched.data
        if fetched.charset:
            with contextlib.suppress(LookupError, UnicodeDecodeError):  # a wrong charset: detect it instead
                data = data.decode(fetched.charset).encode("utf-8")
        return article_from_text(_decode_text(data, settings), source=host, url=fetched.final_url,
                                 published=published)
    return article_from_html(fetched.data, source=host, url=fetched.final_url, title=title, published=published,
                             page_source_wins=True, max_tags=settings.max_html_tags)


def _feed_articles(name: str, feed: Feed, feed_url: str | None, settings: IngestSettings,
                   keep: Callable[[int, FeedItem, str | None], bool] | None = None) -> Items:
    """Each item: its own full content when the feed carries it, else its link fetched, else its teaser.
    With `keep`, only the items it accepts (number, item, absolute link) are read, and nothing is said of
    the feed as a whole (a watched feed's item limit and emptiness were reported on its first reading)."""
    if not feed.items:
        if keep is None:
            yield name, Rejected(name, "feed has no items")
        return
    if feed.left_out and keep is None:
        total = len(feed.items) + feed.left_out
        yield name, Rejected(name, f"{feed.left_out} of the feed's {total} items left out: over the limit of "
                                   f"{len(feed.items)} items per feed")
    base = feed_url or feed.link or ""
    outlet = feed.title or (urlsplit(base).hostname or Path(name).stem).removeprefix("www.")
    for number, item in enumerate(feed.items, start=1):
        link = urljoin(base, item.link) if item.link else None
        if keep is not None and not keep(number, item, link):
            continue
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
