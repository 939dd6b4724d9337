"""Turn input paths (directories, .txt, .html/.htm, .jsonl) into raw Articles or rejections.

Every input that cannot be read becomes a `Rejected` with a specific reason; the run goes on.
Articles come back sorted by id, so the order inputs are given in never changes a result.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newsfuse.config import IngestSettings
from newsfuse.errors import InputError
from newsfuse.ingest.text import decode, normalize_text, split_title
from newsfuse.types import Article, Rejected, stable_id

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
JSONL_FIELDS = ("id", "source", "url", "title", "published", "text", "html")


@dataclass(frozen=True, slots=True)
class IngestResult:
    articles: tuple[Article, ...]
    rejected: tuple[Rejected, ...]


def load_inputs(inputs: Iterable[str | Path], settings: IngestSettings = IngestSettings()) -> IngestResult:
    """Read every input; one bad input never stops the others."""
    articles: dict[str, Article] = {}
    origin: dict[str, str] = {}
    rejected: list[Rejected] = []
    for name, item in _expand(inputs, rejected, settings):
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
        if article.id in articles:
            if articles[article.id] != article:
                rejected.append(Rejected(name, f"article id {article.id!r} already used by {origin[article.id]}"))
            # an identical input given twice is one article: nothing to report
            continue
        articles[article.id] = article
        origin[article.id] = name
    return IngestResult(
        articles=tuple(articles[k] for k in sorted(articles)),
        rejected=tuple(sorted(rejected, key=lambda r: (r.input, r.reason))),
    )


def _expand(inputs: Iterable[str | Path], rejected: list[Rejected],
            settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    # Sorted walk: the same set of inputs always yields articles in the same order.
    paths: list[Path] = []
    for raw in inputs:
        text = str(raw)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
            rejected.append(Rejected(text, "URL inputs are not supported yet; save the page and pass the file"))
            continue
        path = Path(text)
        if path.is_dir():
            paths.extend(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
        elif path.is_file():
            paths.append(path)
        else:
            rejected.append(Rejected(text, "no such file or directory"))
    for path in sorted(set(paths)):
        yield from _read_file(path, settings)


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _read_file(path: Path, settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield name, Rejected(name, f"unsupported file type {suffix or '(none)'}; use .txt, .html, .htm or .jsonl")
        return
    try:
        size = path.stat().st_size
        if suffix not in JSONL_SUFFIXES and size > settings.max_bytes:
            raise InputError(f"file is {size} bytes, over the limit of {settings.max_bytes} bytes per article")
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, settings)
            return
        data = path.read_bytes()
        if not data.strip():
            raise InputError("empty file")
        if suffix in HTML_SUFFIXES:
            yield name, article_from_html(data, source=path.stem, page_source_wins=True)
        else:
            yield name, article_from_text(decode(data), source=path.stem)
    except InputError as exc:
        yield name, Rejected(name, str(exc))
    except OSError as exc:
        yield name, Rejected(name, f"cannot read file: {exc.strerror or exc}")


def article_from_text(text: str, source: str, url: str | None = None, published: str | None = None,
                      metadata: Mapping[str, Any] | None = None) -> Article:
    """A plain-text article: first non-empty line is the title when it looks like one."""
    title, body = split_title(normalize_text(text))
    return _article(source=source, url=url, title=title, published=published, text=body, metadata=metadata)


def article_from_html(data: str | bytes, source: str, url: str | None = None, title: str | None = None,
                      published: str | None = None, metadata: Mapping[str, Any] | None = None,
                      page_source_wins: bool = False) -> Article:
    """An HTML page: body and metadata through the HTML extractor; given fields win over the page's,
    except the outlet name of a file, where the page's own site name is better than the file name."""
    from newsfuse.ingest.html import extract_html

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
        published=published or page.published,
        text=normalize_text(page.text),
        metadata=meta,
    )


def _article(source: str, url: str | None, title: str | None, published: str | None, text: str,
             metadata: Mapping[str, Any] | None, given_id: str | None = None) -> Article:
    title = normalize_text(title).strip() or None if title else None
    body = text.strip("\n")
    article_id = given_id or stable_id("art", source, url, title, body)
    return Article(
        id=article_id, source=source, url=url, title=title, published=normalize_published(published),
        text=body, metadata=dict(metadata or {}),
    )


def _read_jsonl(path: Path, settings: IngestSettings) -> Iterator[tuple[str, Article | Rejected]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            name = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                if len(raw) > settings.max_bytes:
                    raise InputError(f"line is {len(raw)} bytes, over the limit of {settings.max_bytes} bytes per article")
                yield name, article_from_record(_parse_json_line(raw), default_source=path.stem)
            except InputError as exc:
                yield name, Rejected(name, str(exc))


def _parse_json_line(raw: bytes) -> dict[str, Any]:
    try:
        record = json.loads(decode(raw))
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    return record


def article_from_record(record: Mapping[str, Any], default_source: str) -> Article:
    """One JSONL record (or API body): id, source, url, title, published, and text or html."""
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
    if fields["published"] and normalize_published(fields["published"]) is None:
        metadata["published_unparsed"] = fields["published"]
    source = (fields["source"] or default_source).strip() or default_source
    if fields["text"] is None and fields["html"] is None:
        raise InputError("record has neither 'text' nor 'html'")
    if fields["text"] is not None:
        title, body = fields["title"], normalize_text(fields["text"])
        if title is None:
            title, body = split_title(body)
        article = _article(source, fields["url"], title, fields["published"], body, metadata)
    else:
        article = article_from_html(fields["html"], source, url=fields["url"], title=fields["title"],
                                    published=fields["published"], metadata=metadata)
    if fields["id"] is not None and fields["id"].strip():
        article = replace(article, id=fields["id"].strip())
    return article


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalize_published(value: str | None) -> str | None:
    """'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ' (UTC); None for missing, unparseable or absurd dates."""
    if not value or not value.strip():
        return None
    value = value.strip()
    when: dt.datetime | dt.date | None
    try:
        if _DATE_ONLY.match(value):
            when = dt.date.fromisoformat(value)
        else:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        when = _parse_loose_date(value)
    if when is None:
        return None
    year = when.year
    if year < 1800 or year > dt.date.today().year + 1:
        return None
    if isinstance(when, dt.datetime):
        if when.tzinfo is not None:
            when = when.astimezone(dt.timezone.utc)
        if (when.hour, when.minute, when.second) == (0, 0, 0):
            return when.date().isoformat()
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat()


def _parse_loose_date(value: str) -> dt.datetime | None:
    if len(value) > 64:
        return None
    import dateparser

    try:
        return dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"},
                                languages=["en"])
    except Exception:  # dateparser raises many types on odd strings; an unparseable date is just unknown
        return None
