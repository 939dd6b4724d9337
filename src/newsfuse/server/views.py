"""Pure functions that turn stored results into what the pages and exports show.

Nothing here touches the store or HTTP: each function takes contract objects and returns plain data
(dataclasses, dicts, strings) that templates render with autoescaping on. No function here builds
HTML; highlighted text is a list of segments the template wraps in its own tags.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from newsfuse.report.text import format_range, published_range
from newsfuse.store import Store
from newsfuse.types import Article, Entity, Fact, Geo, Story

# --------------------------------------------------------------------------- small formatting helpers


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link with a host, else None (never rendered as a link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def page_count(total: int, per_page: int) -> int:
    """How many pages `total` items fill (at least one, so page 1 always exists)."""
    return max(1, math.ceil(total / per_page))


# --------------------------------------------------------------------------- story overviews


@dataclass(frozen=True, slots=True)
class StoryCard:
    """What a story list shows about one story."""

    id: str
    title: str
    article_count: int
    sources: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    conflicts: int
    facts: int
    events: int
    entities: int
    lead: str | None  # the first summary sentence
    thread_id: str = ""
    thread_size: int = 1  # stories in its thread, itself included
    updated: int = 0  # facts whose figures changed as the story developed
    place: str | None = None  # where the event happened
    date: str | None = None  # when
    place_geo: tuple[float, float] | None = None  # (lat, lon) of the place, when located


def story_card(story: Story, articles: Mapping[str, Article], thread_size: int = 1) -> StoryCard:
    first, last = published_range(story, articles)
    sources = tuple(sorted({articles[a].source for a in story.article_ids if a in articles}))
    return StoryCard(
        id=story.id, title=story.title, article_count=len(story.article_ids), sources=sources,
        first_date=first, last_date=last, conflicts=sum(f.status == "conflict" for f in story.facts),
        facts=len(story.facts), events=len(story.events), entities=len(story.entities),
        lead=story.summary[0].text if story.summary else None, thread_id=story.thread_id,
        thread_size=thread_size, updated=sum(f.status == "updated" for f in story.facts),
        place=story.place.name if story.place else None, date=story.date,
        place_geo=(geo.lat, geo.lon) if (geo := story_geo(story)) is not None else None,
    )


def story_cards(store: Store, stories: Sequence[Story]) -> list[StoryCard]:
    """The cards of stories read from a store: their articles' outlets and dates, their threads' sizes."""
    articles = {a.id: a for a in store.articles(sorted({a for s in stories for a in s.article_ids}))}
    threads = store.thread_stories(sorted({s.thread_id for s in stories}))
    return [story_card(s, articles, len(threads.get(s.thread_id, ())) or 1) for s in stories]


def card_dict(card: StoryCard) -> dict[str, Any]:
    """A story card as JSON, with links to the story and its page."""
    return {
        "id": card.id, "title": card.title, "article_count": card.article_count, "sources": list(card.sources),
        "first_published": card.first_date, "last_published": card.last_date,
        "counts": {"facts": card.facts, "conflicts": card.conflicts, "updated": card.updated,
                   "events": card.events, "entities": card.entities},
        "place": card.place, "date": card.date,
        "place_geo": {"lat": card.place_geo[0], "lon": card.place_geo[1]} if card.place_geo else None,
        "lead": card.lead, "url": f"/api/stories/{card.id}", "html_url": f"/stories/{card.id}",
        "thread_id": card.thread_id, "thread_stories": card.thread_size,
        "thread_url": f"/api/stories?{urlencode({'thread': card.thread_id})}",
    }


def sorted_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Conflicts first, then updated, corroborated and single-source facts; by label within each."""
    order = {"conflict": 0, "updated": 1, "corroborated": 2, "single": 3}
    return sorted(facts, key=lambda f: (order.get(f.status, 3), f.label))


def entity_groups(entities: Iterable[Entity]) -> list[tuple[str, list[Entity]]]:
    """Entities grouped by type (most-mentioned first within a group), groups in a fixed order."""
    order = ["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "OTHER"]
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        groups.setdefault(entity.type, []).append(entity)
    return [(t, sorted(groups[t], key=lambda e: (-len(e.mentions), e.name.lower())))
            for t in sorted(groups, key=lambda t: order.index(t) if t in order else len(order))]


# --------------------------------------------------------------------------- highlighted article text


@dataclass(frozen=True, slots=True)
class Layer:
    """One span to highlight in an article: `kind` becomes a CSS class, `label` a tooltip line."""

    start: int
    end: int
    kind: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text under one set of highlights (`kinds` empty: plain text)."""

    start: int
    end: int
    text: str
    kinds: tuple[str, ...]
    label: str
    anchors: tuple[str, ...]  # ids of spans that begin here ("span-START-END")


def highlight_segments(text: str, layers: Sequence[Layer], anchors: Iterable[tuple[int, int]] = ()) -> list[Segment]:
    """Cut `text` at every layer boundary into segments that each carry the layers covering them.

    Overlapping spans are fine: a segment simply carries several kinds. Spans outside the text are
    clipped or dropped. `anchors` are (start, end) spans that get an id at their start, so that
    `#span-START-END` links land there. The segments' text concatenates back to `text` exactly.
    """
    n = len(text)
    valid = [Layer(max(0, layer.start), min(n, layer.end), layer.kind, layer.label) for layer in layers
             if layer.start < n and layer.end > 0 and layer.end > layer.start]
    spans = sorted({(max(0, s), min(n, e)) for s, e in anchors if 0 <= s < e <= n})
    cuts = {0, n}
    for layer in valid:
        cuts.update((layer.start, layer.end))
    for s, e in spans:
        cuts.update((s, e))
    bounds = sorted(cuts)
    starts_here: dict[int, list[str]] = {}
    for s, e in spans:
        starts_here.setdefault(s, []).append(f"span-{s}-{e}")
    segments = []
    for a, b in itertools.pairwise(bounds):
        covering = [layer for layer in valid if layer.start <= a and layer.end >= b]
        kinds = tuple(sorted({layer.kind for layer in covering}))
        label = "\n".join(dict.fromkeys(layer.label for layer in covering if layer.label))
        segments.append(Segment(a, b, text[a:b], kinds, label, tuple(starts_here.get(a, ()))))
    return segments


def article_layers(article_id: str, stories: Iterable[Story]) -> tuple[list[Layer], set[tuple[int, int]]]:
    """Highlights for one article from the stories it belongs to: entity mentions (by type), claim
    sentences and their numbers; and the spans that links point at (citations, claims, events)."""
    layers: list[Layer] = []
    anchors: set[tuple[int, int]] = set()
    for story in stories:
        for entity in story.entities:
            for m in entity.mentions:
                if m.article_id == article_id:
                    layers.append(Layer(m.start, m.end, f"ent ent-{entity.type}", f"{entity.name} ({entity.type})"))
        for claim in story.claims:
            if claim.article_id != article_id:
                continue
            who = claim.speaker_text or "unattributed"
            layers.append(Layer(claim.start, claim.end, "claim", f"claim — said by {who}"))
            anchors.add((claim.start, claim.end))
            if claim.quantity_start is not None and claim.quantity_end is not None and claim.quantity:
                q = claim.quantity
                layers.append(Layer(claim.quantity_start, claim.quantity_end, "qty",
                                    f"{q.text}: {format_range(q.low, q.high)} {q.unit} ({q.qualifier})"))
        for sentence in story.summary:
            anchors.update((c.start, c.end) for c in sentence.citations if c.article_id == article_id)
        for event in story.events:
            anchors.update((m.start, m.end) for m in event.mentions if m.article_id == article_id)
    return layers, anchors


# --------------------------------------------------------------------------- maps (GeoJSON for Leaflet)

MAP_WIDTH = 720
MAP_HEIGHT = 360


def map_extent(coords: Sequence[tuple[float, float]], min_span: float = 60.0) -> tuple[float, float, float, float]:
    """(lon0, lat0, lon1, lat1) around the points with a margin, widened to the map's 2:1 shape
    and kept inside the world."""
    if not coords:
        return (-180.0, -90.0, 180.0, 90.0)
    lons = [c[0] for c in coords]
    lats = [c[1] for c in coords]
    lon_span = max(max(lons) - min(lons), min_span) * 1.3
    lat_span = max(max(lats) - min(lats), min_span / 2) * 1.3
    lon_span = min(max(lon_span, lat_span * MAP_WIDTH / MAP_HEIGHT), 360.0)
    lat_span = min(lon_span * MAP_HEIGHT / MAP_WIDTH, 180.0)
    cx = (max(lons) + min(lons)) / 2
    cy = (max(lats) + min(lats)) / 2
    lon0 = min(max(cx - lon_span / 2, -180.0), 180.0 - lon_span)
    lat0 = min(max(cy - lat_span / 2, -90.0), 90.0 - lat_span)
    return (lon0, lat0, lon0 + lon_span, lat0 + lat_span)


def entity_url(story_id: str, entity_id: str, *, api: bool = False) -> str:
    """The page (or JSON twin) of one of a story's entities; the story is a hint that makes it cheap to find."""
    return f"{'/api' if api else ''}/entities/{quote(entity_id, safe='')}?{urlencode({'story': story_id})}"


def story_geo(story: Story) -> Geo | None:
    """Where a story happened as coordinates: its place's, or its place entity's."""
    if story.place is None:
        return None
    if story.place.geo is not None:
        return story.place.geo
    return next((e.geo for e in story.entities if e.id == story.place.entity_id and e.geo is not None), None)


def _point(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": properties}


def story_map(story: Story) -> dict[str, Any]:
    """A story's places as a GeoJSON FeatureCollection: its place (role "place") and every located entity
    (role "entity"), one feature per entity, each linking to the entity's page."""
    features = []
    place_id = story.place.entity_id if story.place else None
    geo = story_geo(story)
    if story.place is not None and geo is not None and not any(e.id == place_id and e.geo for e in story.entities):
        features.append(_point(geo.lon, geo.lat, {"name": story.place.name, "type": "GPE", "role": "place",
                                                  "entity_id": story.place.entity_id, "html_url": None}))
    for entity in sorted(story.entities, key=lambda e: (e.id != place_id, -len(e.mentions), e.name)):
        if entity.geo is None:
            continue
        features.append(_point(entity.geo.lon, entity.geo.lat, {
            "name": entity.name, "type": entity.type, "role": "place" if entity.id == place_id else "entity",
            "entity_id": entity.id, "mentions": len(entity.mentions),
            "html_url": entity_url(story.id, entity.id)}))
    return {"type": "FeatureCollection", "features": features, "story_id": story.id}


def stories_map(cards: Iterable[StoryCard], total: int) -> dict[str, Any]:
    """One feature per story with a located place (GeoJSON), linking to the story; `total` stories matched."""
    features = [
        _point(card.place_geo[1], card.place_geo[0], {
            "story_id": card.id, "title": card.title, "place": card.place, "date": card.date,
            "articles": card.article_count, "conflicts": card.conflicts, "html_url": f"/stories/{card.id}"})
        for card in cards if card.place_geo is not None]
    return {"type": "FeatureCollection", "features": features, "total": total, "located": len(features)}


def _name_key(text: str) -> str:
    return " ".join(text.casefold().split())


def same_entity(a: Entity, b: Entity) -> bool:
    """Whether two stories' entities are the same thing: the same gazetteer entry, or the same type and
    a shared name or alias (case-insensitive)."""
    if a.geo is not None and b.geo is not None:
        return a.geo.gazetteer_id == b.geo.gazetteer_id
    if a.type != b.type:
        return False
    names_a = {_name_key(n) for n in (a.name, *a.aliases)}
    return _name_key(b.name) in names_a or bool(names_a & {_name_key(n) for n in b.aliases})


def find_entity(stories: Iterable[Story], entity_id: str) -> tuple[Story, Entity] | None:
    """The story holding the entity `entity_id` and the entity, or None."""
    for story in stories:
        for entity in story.entities:
            if entity.id == entity_id:
                return story, entity
    return None


def entity_stories(entity: Entity, candidates: Iterable[Story]) -> list[tuple[Story, Entity]]:
    """The candidate stories that mention the same entity, each with its own entity record."""
    out = []
    for story in candidates:
        match = next((e for e in story.entities if e.id == entity.id or same_entity(entity, e)), None)
        if match is not None:
            out.append((story, match))
    return out
