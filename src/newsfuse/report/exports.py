"""Exports of a report for other tools: CSV (one row per fact value) and GeoJSON (one point per place)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from newsfuse.types import Article, Report, Story


def full_report(stories: Sequence[Story], articles: Sequence[Article]) -> Report:
    """The whole store as a contract report (stories most-reported first, as the pipeline orders them)."""
    ordered = sorted(stories, key=lambda s: (-len(s.article_ids), s.id))
    return Report(articles=tuple(sorted(articles, key=lambda a: a.id)), rejected=(), stories=tuple(ordered))


CSV_COLUMNS = ("story_id", "story_title", "fact_id", "fact_label", "status", "independent_sources",
               "value_text", "low", "high", "unit", "sources", "article_ids", "claim_ids", "scope",
               "first_reported", "last_reported", "current")


def _csv_text(value: str) -> str:
    """Neutralise spreadsheet formulas: text starting with = + - @ (or a tab/CR) gets a leading quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def report_csv(report: Report) -> str:
    """One row per fact value: story, fact label and status, the value's text, range, unit and sources, the
    fact's scope, when the value was first and last reported and whether it is current."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for story in report.stories:
        for fact in story.facts:
            for value in fact.values:
                writer.writerow([
                    story.id, _csv_text(story.title), fact.id, _csv_text(fact.label), fact.status,
                    fact.independent_sources, _csv_text(value.text),
                    "" if value.low is None else value.low, "" if value.high is None else value.high,
                    _csv_text(value.unit), _csv_text("; ".join(value.sources)), " ".join(value.article_ids),
                    " ".join(value.claim_ids), _csv_text(fact.scope or ""), value.first_reported or "",
                    value.last_reported or "", "true" if value.current else "false",
                ])
    return out.getvalue()


def report_geojson(report: Report) -> dict[str, Any]:
    """A FeatureCollection with one Point per geocoded place (merged by gazetteer id across stories)."""
    places: dict[str, dict[str, Any]] = {}
    for story in report.stories:
        for entity in story.entities:
            if entity.geo is None:
                continue
            key = entity.geo.gazetteer_id or f"{entity.geo.lat},{entity.geo.lon}"
            place = places.setdefault(key, {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [entity.geo.lon, entity.geo.lat]},
                "properties": {"name": entity.name, "type": entity.type, "gazetteer_id": entity.geo.gazetteer_id,
                               "aliases": [], "entity_ids": [], "story_ids": [], "mentions": 0},
            })
            props = place["properties"]
            props["aliases"] = sorted(set(props["aliases"]) | set(entity.aliases))
            props["entity_ids"].append(entity.id)
            if story.id not in props["story_ids"]:
                props["story_ids"].append(story.id)
            props["mentions"] += len(entity.mentions)
    return {"type": "FeatureCollection", "features": [places[k] for k in sorted(places)]}
