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
from urllib.parse import urlencode, urlsplit

from newsfuse.report.text import format_number, format_range, published_range
from newsfuse.store import Store
from newsfuse.types import Article, Entity, Fact, Story

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


# --------------------------------------------------------------------------- the map (inline SVG)


@dataclass(frozen=True, slots=True)
class MapPoint:
    x: float
    y: float
    name: str
    label: str  # tooltip: name, type, coordinates
    entity_id: str


@dataclass(frozen=True, slots=True)
class MapLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str  # "20°N" etc., empty for unlabelled lines
    major: bool


@dataclass(frozen=True, slots=True)
class MapView:
    """An equirectangular map: a viewBox `width`×`height`, graticule lines, land outlines, points."""

    width: int
    height: int
    lines: tuple[MapLine, ...]
    land: tuple[str, ...]  # SVG path data, already projected
    points: tuple[MapPoint, ...]
    extent: tuple[float, float, float, float]  # lon0, lat0, lon1, lat1
    inset_land: tuple[str, ...] = ()  # a small world overview (bottom right) when the map is zoomed in
    inset_box: tuple[float, float, float, float] | None = None  # x, y, w, h of the inset
    inset_extent: tuple[float, float, float, float] | None = None  # x, y, w, h of the extent inside it


# A deliberately coarse outline of the continents (lon, lat), drawn by hand for orientation only.
_LAND: tuple[tuple[tuple[float, float], ...], ...] = (
    # North America
    ((-168, 66), (-162, 70), (-140, 70), (-125, 70), (-95, 72), (-80, 73), (-62, 66), (-64, 58), (-56, 52),
     (-66, 45), (-70, 41), (-76, 35), (-81, 31), (-80, 25), (-84, 30), (-90, 29), (-97, 27), (-97, 22),
     (-87, 21), (-88, 16), (-83, 10), (-78, 8), (-86, 12), (-92, 15), (-105, 20), (-110, 24), (-115, 30),
     (-118, 34), (-124, 40), (-124, 48), (-132, 55), (-140, 60), (-152, 59), (-165, 54), (-158, 58), (-166, 62)),
    # Greenland
    ((-55, 60), (-45, 60), (-20, 70), (-18, 78), (-30, 83), (-60, 82), (-72, 78), (-58, 70)),
    # South America
    ((-78, 8), (-72, 12), (-62, 10), (-52, 5), (-35, -5), (-35, -9), (-40, -22), (-48, -26), (-58, -38),
     (-65, -42), (-68, -52), (-70, -55), (-75, -50), (-74, -40), (-71, -30), (-70, -18), (-76, -14),
     (-81, -6), (-80, 0), (-78, 8)),
    # Europe and Asia
    ((-10, 36), (-9, 43), (-2, 44), (-4, 48), (2, 51), (8, 54), (10, 58), (5, 62), (15, 69), (28, 71),
     (40, 67), (60, 69), (70, 73), (80, 73), (100, 78), (112, 74), (130, 71), (150, 71), (170, 70),
     (180, 68), (180, 65), (163, 60), (157, 51), (142, 59), (135, 55), (141, 48), (130, 42), (129, 35),
     (122, 40), (122, 31), (119, 25), (110, 21), (108, 16), (105, 9), (100, 13), (98, 8), (104, 1),
     (98, 10), (94, 16), (90, 22), (80, 15), (77, 8), (72, 20), (67, 25), (57, 26), (56, 22), (52, 17),
     (44, 12), (38, 20), (33, 28), (35, 36), (27, 37), (23, 35), (20, 40), (12, 44), (18, 40), (16, 38),
     (12, 42), (8, 44), (3, 43), (-5, 36)),
    # Great Britain and Ireland
    ((-5, 50), (1, 51), (0, 54), (-2, 58), (-5, 58), (-4, 55), (-6, 54), (-10, 53), (-9, 52), (-5, 52)),
    # Africa
    ((-17, 15), (-17, 21), (-10, 30), (-6, 36), (10, 37), (11, 33), (20, 31), (32, 31), (34, 28), (39, 18),
     (43, 12), (51, 12), (45, 2), (40, -5), (40, -15), (35, -24), (32, -29), (27, -34), (20, -35),
     (17, -29), (12, -18), (13, -6), (9, -1), (9, 4), (4, 6), (-8, 4), (-13, 8), (-17, 15)),
    # Madagascar
    ((44, -16), (50, -15), (47, -25), (44, -22)),
    # Arabia-adjacent islands skipped; Japan
    ((130, 31), (135, 34), (140, 35), (142, 40), (141, 45), (139, 40), (132, 34)),
    # Southeast Asian islands (coarse)
    ((95, 5), (106, -6), (115, -8), (119, -9), (110, -3), (104, -2)),
    ((109, 1), (117, 7), (119, 1), (116, -4), (110, -2)),
    ((131, -1), (141, -3), (150, -10), (141, -9), (134, -4)),
    # Australia
    ((114, -22), (122, -18), (130, -12), (137, -12), (136, -15), (142, -11), (146, -19), (153, -25),
     (151, -33), (150, -37), (144, -38), (139, -35), (132, -32), (123, -34), (115, -34), (114, -22)),
    # New Zealand
    ((172, -34), (178, -38), (174, -41), (171, -44), (167, -46), (172, -41)),
    # Antarctica (a band)
    ((-180, -72), (-120, -73), (-60, -64), (0, -70), (60, -67), (120, -66), (180, -70), (180, -85),
     (-180, -85)),
)

MAP_WIDTH = 720
MAP_HEIGHT = 360


def _nice_step(span: float) -> float:
    for step in (1, 2, 5, 10, 15, 30, 45):
        if span / step <= 8:
            return step
    return 60


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


def _degrees(value: float, positive: str, negative: str) -> str:
    if value == 0:
        return "0°"
    return f"{format_number(abs(value))}°{positive if value > 0 else negative}"


def map_view(entities: Iterable[Entity]) -> MapView:
    """The geocoded entities on an equirectangular map fitted to them, with a graticule and coarse coasts."""
    located = [e for e in entities if e.geo is not None]
    lon0, lat0, lon1, lat1 = map_extent([(e.geo.lon, e.geo.lat) for e in located])  # type: ignore[union-attr]
    sx = MAP_WIDTH / (lon1 - lon0)
    sy = MAP_HEIGHT / (lat1 - lat0)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - lon0) * sx, 1), round((lat1 - lat) * sy, 1)

    lines: list[MapLine] = []
    step = _nice_step(max(lon1 - lon0, lat1 - lat0))
    lon = math.ceil(lon0 / step) * step
    while lon <= lon1:
        x, _ = project(lon, 0)
        lines.append(MapLine(x, 0, x, MAP_HEIGHT, _degrees(lon, "E", "W"), lon == 0))
        lon += step
    lat = math.ceil(lat0 / step) * step
    while lat <= lat1:
        _, y = project(0, lat)
        lines.append(MapLine(0, y, MAP_WIDTH, y, _degrees(lat, "N", "S"), lat == 0))
        lat += step
    land = tuple("M" + " L".join(f"{x},{y}" for x, y in (project(*p) for p in poly)) + " Z" for poly in _LAND)
    points = []
    for entity in sorted(located, key=lambda e: e.name):
        x, y = project(entity.geo.lon, entity.geo.lat)  # type: ignore[union-attr]
        label = (f"{entity.name} ({entity.type}) — {entity.geo.lat:.3f}, "  # type: ignore[union-attr]
                 f"{entity.geo.lon:.3f}")  # type: ignore[union-attr]
        points.append(MapPoint(x, y, entity.name, label, entity.id))
    inset_land: tuple[str, ...] = ()
    inset_box = inset_extent = None
    if lon1 - lon0 < 300:
        w, h = MAP_WIDTH / 5, MAP_HEIGHT / 5
        ox, oy = MAP_WIDTH - w - 8, 8.0

        def overview(lon: float, lat: float) -> tuple[float, float]:
            return round(ox + (lon + 180) * w / 360, 1), round(oy + (90 - lat) * h / 180, 1)

        inset_land = tuple("M" + " L".join(f"{x},{y}" for x, y in (overview(*p) for p in poly)) + " Z"
                           for poly in _LAND)
        inset_box = (ox, oy, w, h)
        x0, y0 = overview(lon0, lat1)
        x1, y1 = overview(lon1, lat0)
        inset_extent = (x0, y0, max(round(x1 - x0, 1), 2.0), max(round(y1 - y0, 1), 2.0))
    return MapView(MAP_WIDTH, MAP_HEIGHT, tuple(lines), land, tuple(points), (lon0, lat0, lon1, lat1),
                   inset_land, inset_box, inset_extent)
