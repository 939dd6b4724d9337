"""Web archives (WARC and the older ARC, plain or gzipped) to articles, through ``warcio``.

Every HTML response record (HTTP status 200, ``text/html`` or ``application/xhtml+xml``) is one article:
its URL is the record's ``WARC-Target-URI`` (the page's own ``rel=canonical`` on the same site wins, as for
a fetched page, and the URL is canonicalised), its outlet the page's site name or the URL's host, its body
extracted from the HTML as for any page. Its date is the page's own (what the HTML extractor finds in the
page), else the HTTP ``Last-Modified``, else the HTTP ``Date``, else the ``WARC-Date`` (when it was
crawled); ``metadata["published_from"]`` says which ("page", "http-last-modified", "http-date",
"warc-date"). Other records (requests, metadata, redirects, errors, images, revisits) are skipped without a
word. A record larger than the article size limit is rejected unread.

An archive that is damaged or cut short gives the records that could be read, then one rejection saying
where the reading stopped and why; a record whose HTML yields no article is rejected on its own.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsfuse.config import IngestSettings
from newsfuse.errors import InputError
from newsfuse.ingest.fetch import content_type
from newsfuse.ingest.records import article_from_html, normalize_published
from newsfuse.ingest.text import display_name
from newsfuse.ingest.urls import canonical_url
from newsfuse.types import HTTP_DATE, WARC_DATE, Article, Rejected

__all__ = ["WARC_SUFFIXES", "read_warc"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def read_warc(path: Path, settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    """(input name, article or rejection) for every HTML response record of the archive at `path`."""
    from warcio.archiveiterator import ArchiveIterator

    name = display_name(path)
    read = 0
    last: Any = None
    problem: str | None = None
    with path.open("rb") as handle:
        records = iter(ArchiveIterator(handle, arc2warc=True))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged data: all say "damaged"
                problem = _first_line(exc)
                break
            read, last = read + 1, record
            item = _record_item(name, read, record, settings)
            if item is not None:
                yield item
            if _cut(record):
                break
        if problem is None and last is not None and _cut(last):
            problem = f"record {read} ends before its declared length"
    if problem is None:
        problem = _end_problem(path)
    if problem is not None and "non-chunked gzip" in problem:
        yield name, Rejected(name, f"web archive gzipped as a whole, not record by record: reading stopped after "
                                   f"{read} record{'s' if read != 1 else ''} (recompress it with one gzip member a "
                                   "record: warcio recompress IN OUT)")
        return
    if problem is not None:
        where = f"after {read} record{'s' if read != 1 else ''}" if read else "at its start"
        yield name, Rejected(name, f"web archive damaged or cut short: reading stopped {where} ({problem}); "
                                   "the records before were read")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _end_problem(path: Path) -> str | None:
    """Why the archive does not end where a record ends, or None: a gzip stream cut short or damaged, an
    uncompressed WARC not ending with its record separator (warcio stops quietly at both)."""
    lower = path.name.lower()
    if lower.endswith(".gz"):
        return _gzip_problem(path)
    size = path.stat().st_size
    if not size:
        return None
    with path.open("rb") as handle:
        handle.seek(max(0, size - 4))
        tail = handle.read()
    ending = b"\r\n\r\n" if lower.endswith(".warc") else b"\n"
    return None if tail.endswith(ending) else "the file ends inside a record"


def _cut(record: Any) -> bool:
    """Whether the archive ended inside this record (fewer bytes than its Content-Length)."""
    return int(getattr(record.raw_stream, "limit", 0) or 0) > 0 and not record.raw_stream.read(1)


def _gzip_problem(path: Path) -> str | None:
    """Why a gzipped archive is damaged (a member cut short, bad data), or None; warcio stops quietly at a
    member cut short, so the stream is checked on its own (inflated in steps, nothing kept)."""
    inflater = zlib.decompressobj(31)
    started = False
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                while chunk:
                    if inflater.eof:
                        inflater = zlib.decompressobj(31)
                    started = True
                    inflater.decompress(chunk, 1 << 20)
                    chunk = inflater.unconsumed_tail or inflater.unused_data
                    if inflater.eof and not inflater.unused_data and not inflater.unconsumed_tail:
                        chunk = b""
    except zlib.error as exc:
        return f"corrupt gzip data: {exc}"
    if started and not inflater.eof:
        return "the gzip stream ends in the middle of a record"
    return None


def _record_item(name: str, number: int, record: Any,
                 settings: IngestSettings) -> tuple[str, Article | Rejected] | None:
    """The article of one record, its rejection, or None for a record that is not an HTML page."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = (record.http_headers.get_statuscode() or "").strip()
    media, charset = content_type(record.http_headers.get_header("Content-Type") or "")
    if status != "200" or media not in _HTML_TYPES:
        return None
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or None
    item_name = f"{name}#record{number}" + (f" ({display_name(url)})" if url else "")
    declared = record.rec_headers.get_header("Content-Length") or ""
    limit = settings.max_bytes
    if declared.isdigit() and int(declared) > limit + 65536:  # the HTTP headers are inside the record
        return item_name, Rejected(item_name, f"record is {int(declared)} bytes, over the limit of {limit} bytes "
                                              "per article (--max-bytes)")
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return item_name, Rejected(item_name, f"page is over the limit of {limit} bytes per article (--max-bytes)")
    if _cut(record):
        return item_name, Rejected(item_name, "record cut short: the archive ends inside it (not read)")
    try:
        return item_name, _article(data, charset, url, record, settings)
    except InputError as exc:
        return item_name, Rejected(item_name, str(exc))


def _article(data: bytes, charset: str | None, url: str | None, record: Any, settings: IngestSettings) -> Article:
    markup: str | bytes = data
    if charset:
        with contextlib.suppress(LookupError, UnicodeDecodeError):  # a wrong charset: the page's own is used
            markup = data.decode(charset)
    host = ((urlsplit(canonical_url(url)).hostname if url else None) or "web").removeprefix("www.")
    article = article_from_html(markup, source=host, url=url, page_source_wins=True, max_tags=settings.max_html_tags)
    if article.published is not None:
        return replace(article, metadata={**article.metadata, "published_from": "page"})
    for header, origin in (("Last-Modified", "http-last-modified"), ("Date", HTTP_DATE)):
        day = normalize_published(record.http_headers.get_header(header))
        if day:
            return replace(article, published=day, metadata={**article.metadata, "published_from": origin})
    day = normalize_published(record.rec_headers.get_header("WARC-Date"))
    if day:
        return replace(article, published=day, metadata={**article.metadata, "published_from": WARC_DATE})
    return article
