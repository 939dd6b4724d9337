"""Articles from what an input holds: a text, an HTML page, a JSON record (one JSONL line), with
every string made safe (lone surrogates become U+FFFD) and the publication date normalised.

A publication date must be a date: a full date (with a time, converted to UTC) is kept; a year, a
month or a relative word ("Tuesday", "next year") is no publication date: null, with the value kept in
``metadata["published_unparsed"]``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsfuse.config import IngestSettings
from newsfuse.errors import InputError
from newsfuse.ingest.text import decode, display_name, normalize_text, replace_surrogates, split_title
from newsfuse.ingest.urls import canonical_url, page_canonical
from newsfuse.types import Article, Rejected, stable_id

JSONL_FIELDS = ("id", "source", "url", "title", "published", "text", "html")

HAS_TAG = re.compile(r"<\s*[A-Za-z!/]")
_TAG = re.compile(r"<[A-Za-z]")
_TAG_BYTES = re.compile(rb"<[A-Za-z]")


def article_from_text(text: str, source: str, url: str | None = None, published: str | None = None,
                      metadata: Mapping[str, Any] | None = None) -> Article:
    """A plain-text article: first non-empty line is the title when it looks like one."""
    title, body = split_title(normalize_text(text))
    return article_from_parts(source=source, url=url, title=title, published=published, text=body, metadata=metadata)


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
    canonical, links = page_canonical(url, data)
    meta.update(links)
    meta.update(metadata or {})
    return article_from_parts(
        source=(page.source or source) if page_source_wins else source,
        url=canonical or page.url,
        title=title or page.title,
        published=published if normalize_published(published) else (page.published or published),
        text=normalize_text(page.text),
        metadata=meta,
    )


def article_from_parts(source: str, url: str | None, title: str | None, published: str | None, text: str,
             metadata: Mapping[str, Any] | None, given_id: str | None = None) -> Article:
    source, url, title, published, text = (_scrub(v) for v in (source, url, title, published, text))
    given_url = url
    url = canonical_url(url) if url else url  # the id hashes the canonical URL: one article, however reached
    title = normalize_text(title).strip() or None if title else None
    body = text.strip("\n")
    article_id = _scrub(given_id) or stable_id("art", source, url, title, body)
    kept: dict[str, Any] = dict(_scrub(dict(metadata or {})))
    if given_url and url != given_url:
        kept.setdefault("fetched_url", given_url)
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


def read_jsonl(path: Path, settings: IngestSettings,
               opener: Callable[[Path], Any] = lambda p: p.open("rb")) -> Iterator[tuple[str, Article | Rejected]]:
    """One article or rejection per line of a JSON Lines file (`opener` gives its bytes: gzip for .jsonl.gz).

    A file that cannot be read on to its end (a damaged gzip stream) gives the lines before, then raises
    InputError.
    """
    limit = settings.max_bytes
    with opener(path) as handle:
        for number, (raw, size) in enumerate(_lines(handle, limit), start=1):
            name = f"{display_name(path)}:{number}"
            if not raw.strip() and size <= limit:
                continue
            try:
                if size > limit:
                    raise InputError(f"line is {size} bytes, over the limit of {limit} bytes per article (--max-bytes)")
                yield name, article_from_record(parse_json_line(raw), default_source=display_name(path.stem),
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


def parse_json_line(raw: bytes) -> dict[str, Any]:
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
        article = article_from_parts(source, fields["url"], title, fields["published"], body, metadata)
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
