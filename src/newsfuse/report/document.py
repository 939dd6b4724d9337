"""The report as JSON (the contract of ``docs/report-contract.md``) and its JSON Schema."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from newsfuse.types import Report

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
