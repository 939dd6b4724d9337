"""The report as JSON (the contract of ``docs/report-contract.md``) and its JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import TypeAdapter

from newsfuse.types import SCHEMA_VERSION, Article, Report, Story

_REPORT = TypeAdapter(Report)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report, derived from the types in `newsfuse.types`."""
    schema = _REPORT.json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "newsfuse report"
    return schema


def report_dict(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = _REPORT.dump_python(report, mode="json")
    return data


def to_json(report: Report, indent: int | None = 2) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=indent)


_ARTICLE = TypeAdapter(Article)
_STORY = TypeAdapter(Story)


def _compact(value: Any) -> bytes:
    # as Starlette's JSONResponse writes a value: the streamed report is the same bytes as the whole one
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode()


def report_json_chunks(articles: Iterable[Article], stories: Iterable[Story], *, batch: int = 50) -> Iterator[bytes]:
    """The JSON of the report of these articles and stories (no rejections), in pieces of `batch` articles
    or stories: the bytes of ``report_dict`` written compactly, with only a batch in memory at a time.
    The caller gives them in the report's order (``full_report``: articles by id, stories most-reported first)."""
    yield b'{"articles":['
    yield from _items(articles, _ARTICLE, batch)
    yield b'],"rejected":[],"stories":['
    yield from _items(stories, _STORY, batch)
    yield b'],"schema_version":' + _compact(SCHEMA_VERSION) + b"}"


def _items(values: Iterable[Any], adapter: TypeAdapter[Any], batch: int) -> Iterator[bytes]:
    pieces: list[bytes] = []
    first = True
    for value in values:
        pieces.append(_compact(adapter.dump_python(value, mode="json")))
        if len(pieces) >= batch:
            yield (b"" if first else b",") + b",".join(pieces)
            first, pieces = False, []
    if pieces:
        yield (b"" if first else b",") + b",".join(pieces)
