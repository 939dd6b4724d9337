"""Exports of a report for other tools: CSV (one row per fact value), GeoJSON (one point per place) and an
event table in the layout conflict analysts use (ACLED-style: one row per event, with its date and the
date's precision, place and coordinates, casualties as low / best / high, sources and notes)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsfuse.types import Article, Entity, Event, Fact, FactValue, Report, Story


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


# --------------------------------------------------------------------------- events (ACLED-style)

EVENT_COLUMNS = ("event_id", "story_id", "story_title", "date", "date_precision", "date_text", "description",
                 "place", "place_from", "lat", "lon", "killed_low", "killed_best", "killed_high", "injured_low",
                 "injured_best", "injured_high", "figures_status", "figures_sources", "sources",
                 "independent_sources", "notes", "article_ids")
CASUALTY_MEASURES = {"killed": ("killed",), "injured": ("injured", "hospitalised")}
_PRECISION = {10: "day", 7: "month", 4: "year"}
_STATUS_ORDER = ("conflict", "updated", "corroborated", "single")


@dataclass(frozen=True, slots=True)
class Figures:
    """One casualty count of a story: its fact, and the low / best / high the values give."""

    kind: str  # "killed" or "injured"
    fact: Fact
    low: float | None
    best: float | None
    high: float | None


def report_events_csv(report: Report) -> str:
    """One row per story event (ACLED-style): its date and the date's precision (day, month, year,
    unknown), its place with coordinates (the event's own, else the story's: ``place_from``), the story's
    killed and injured as low / best / high with the status of those figures and a note citing who gave
    which value, the outlets that told it (``sources``; ``independent_sources`` counts them with copies
    and syndicated reprints collapsed into their original).

    A story's figures sit on one row only, the event whose sentences report them (the story's own dated
    event when none does), so that the columns add up without counting a story twice; a story without
    events is one row of its own (empty ``event_id``). Text cells that a spreadsheet would run as a
    formula are quoted."""
    articles = {a.id: a for a in report.articles}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EVENT_COLUMNS)
    for story in report.stories:
        entities = {e.id: e for e in story.entities}
        figures = story_figures(story)
        events: list[Event | None] = list(story.events) or [None]
        carrier = {kind: _carrier(story, f) for kind, f in figures.items()}
        for event in events:
            shown = {kind: f for kind, f in figures.items() if carrier[kind] == (event.id if event else None)}
            writer.writerow(_event_row(story, event, shown, entities, articles))
    return out.getvalue()


def story_figures(story: Story) -> dict[str, Figures]:
    """The story's killed and injured counts: for each, the fact of the whole event (not a part, not a
    wider total) with the most independent sources, and its low / best / high (see ``figures_of``)."""
    found: dict[str, Figures] = {}
    for kind, measures in CASUALTY_MEASURES.items():
        facts = [f for f in story.facts if f.measure in measures and f.values and not _elsewhere(f)]
        whole = [f for f in facts if f.scope in (None, "people")] or facts
        if not whole:
            continue
        fact = max(whole, key=lambda f: (f.scope == "people", f.measure == kind, f.independent_sources,
                                         len(f.values), f.id))
        low, best, high = figures_of(fact)
        found[kind] = Figures(kind, fact, low, best, high)
    return found


def _elsewhere(fact: Fact) -> bool:
    """A fact the story recalls of another event ("another event in 2009"): none of this event's figures."""
    return (fact.scope or "").startswith(("another event", "wider total"))


def figures_of(fact: Fact) -> tuple[float | None, float | None, float | None]:
    """(low, best, high) of a fact: low and high span the values in force (the current ones: an
    `updated` fact's superseded values are left out) and every bound they give; best is the current
    value of an `updated` fact, else the value the most sources gave (ties: the most articles, then the
    lower value), read as its point (a range's middle, an open range's bound)."""
    values = [v for v in fact.values if v.current] or list(fact.values)
    bounds = [b for v in values for b in (v.low, v.high) if b is not None]
    if not bounds:
        return None, None, None
    chosen = max(values, key=lambda v: (len(v.sources), len(v.article_ids), -(_point(v) or 0.0)))
    return min(bounds), _point(chosen), max(bounds)


def _point(value: FactValue) -> float | None:
    if value.low is not None and value.high is not None:
        return (value.low + value.high) / 2
    return value.low if value.low is not None else value.high


def _carrier(story: Story, figures: Figures) -> str | None:
    """The event a story's figures are shown on: the one citing most of the fact's claims; else one at
    the story's place, told by an article that gives the figures, dated as the story (in that order of
    preference); else the first. None when the story has no events."""
    if not story.events:
        return None
    claims = {c for v in figures.fact.values for c in v.claim_ids}
    told_by = {a for v in figures.fact.values for a in v.article_ids}
    place = story.place.entity_id if story.place is not None else None
    order = {e.id: i for i, e in enumerate(story.events)}
    best = max(story.events, key=lambda e: (len(claims & set(e.claim_ids)), place is not None and e.location == place,
                                            bool(told_by & set(e.article_ids)),
                                            story.date is not None and e.date == story.date, -order[e.id]))
    return best.id


def _event_row(story: Story, event: Event | None, figures: Mapping[str, Figures], entities: Mapping[str, Entity],
               articles: Mapping[str, Article]) -> list[Any]:
    date = event.date if event is not None else story.date
    place_entity = entities.get(event.location) if event is not None and event.location else None
    place_from = "event" if place_entity is not None else ""
    name, geo = (place_entity.name, place_entity.geo) if place_entity is not None else (None, None)
    if place_entity is None and story.place is not None:
        name, geo, place_from = story.place.name, story.place.geo, "story"
    article_ids = list(event.article_ids) if event is not None else list(story.article_ids)
    outlets = sorted({articles[a].source for a in article_ids if a in articles})
    originals = {articles[a].duplicate_of or a for a in article_ids if a in articles}
    independent = len({articles[a].source for a in originals if a in articles})
    statuses = {f.fact.status for f in figures.values()}
    status = next((s for s in _STATUS_ORDER if s in statuses), "")
    row: list[Any] = [
        event.id if event is not None else "", story.id, _csv_text(story.title), date or "",
        _PRECISION.get(len(date), "unknown") if date else "unknown",
        _csv_text(event.date_text or "") if event is not None else "",
        _csv_text(event.description) if event is not None else "",
        _csv_text(name or ""), place_from, "" if geo is None else geo.lat, "" if geo is None else geo.lon,
    ]
    for kind in ("killed", "injured"):
        found = figures.get(kind)
        row += [_number(found.low), _number(found.best), _number(found.high)] if found else ["", "", ""]
    row += [status, max((f.fact.independent_sources for f in figures.values()), default=""),
            _csv_text(";".join(outlets)), independent,
            _csv_text("; ".join(_note(f) for f in figures.values())), " ".join(article_ids)]
    return row


def _number(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _note(figures: Figures) -> str:
    """Who gave which value: "killed: 4 (Derek Holm, OEM) vs at least 7 (Joanna Reyes)" (conflict),
    "killed: 3 (AP, 2025-09-14) updated to 4 (CNN, 2025-09-15)" (updated), "killed: 3 (AP, Reuters)"."""
    fact = figures.fact

    def told(value: FactValue, dated: bool = False) -> str:
        who = ", ".join(value.sources) or "unattributed"
        when = f", {value.last_reported or value.first_reported}" if dated and (value.last_reported
                                                                                 or value.first_reported) else ""
        return f"{value.text} ({who}{when})"

    label = f"{figures.kind} ({fact.label})"
    if fact.status == "updated":
        earlier = [v for v in fact.values if not v.current]
        later = [v for v in fact.values if v.current]
        return f"{label}: " + " / ".join(told(v, True) for v in earlier) + " updated to " + \
            " / ".join(told(v, True) for v in later)
    joiner = " vs " if fact.status == "conflict" else " / "
    return f"{label}: " + joiner.join(told(v) for v in fact.values)
