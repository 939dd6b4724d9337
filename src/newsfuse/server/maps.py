"""JSON for the live pages: the maps' GeoJSON, entities and their stories, and the store's version.

- ``GET /api/stories/version``: a short string that changes whenever an ``ingest``, ``watch`` or upload
  adds articles or stories (the store's token and its article and story counts: two ``COUNT(*)`` and no
  story decoded), polled by the story list to show new stories without a reload.
- ``GET /api/stories/map``: one GeoJSON point per story with a located place, for the story list's map
  (the list's filters apply); cached per store version and filters, so polling clients share one build.
- ``GET /api/stories/{id}/map``: a story's place and located entities as GeoJSON points.
- ``GET /api/entities/{id}`` (and ``/map``): an entity of a story, the stories that mention the same
  entity, and where it is. Entity ids are a story's (the contract's ``entities[].id``); ``story=`` names
  that story, which makes the lookup one read (links from the pages always carry it); without it every
  story is read.

The router is included before ``api.router`` so that ``/api/stories/map`` and ``/version`` are not
taken for story ids.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, cast

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import TypeAdapter

from newsfuse.server import views
from newsfuse.server.api import story_or_404
from newsfuse.server.deps import DATE_PATTERN, MAX_PER_PAGE, open_store
from newsfuse.store import Store
from newsfuse.types import Entity, Story

router = APIRouter(prefix="/api", tags=["api"])

_ENTITY = TypeAdapter(Entity)
MAP_STORIES = 2000  # the most-reported stories the list's map shows
_CACHE_SIZE = 32


def store_version(store: Store) -> str:
    """Changes whenever articles or stories are added (or the store file is replaced); cheap to compute."""
    return f"{store.token[:12]}-{store.article_count()}-{store.story_count()}"


class _MapCache:
    """The last few story-list maps built, by store version and filters."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: OrderedDict[tuple[str, ...], dict[str, Any]] = OrderedDict()

    def get(self, key: tuple[str, ...]) -> dict[str, Any] | None:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key: tuple[str, ...], value: dict[str, Any]) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > _CACHE_SIZE:
                self.items.popitem(last=False)


def _cache(request: Request) -> _MapCache:
    state = request.app.state
    if not hasattr(state, "map_cache"):
        state.map_cache = _MapCache()
    return cast(_MapCache, state.map_cache)


@router.get("/stories/version", summary="A string that changes when stories or articles are added (for polling)")
def stories_version(request: Request) -> dict[str, Any]:
    with open_store(request) as store:
        return {"version": store_version(store), "articles": store.article_count(), "stories": store.story_count()}


@router.get("/stories/map", summary="The stories' places as GeoJSON points (one per located story)")
def stories_map(
    request: Request,
    q: str | None = Query(None, max_length=200, description="as for /api/stories"),
    entity: str | None = Query(None, max_length=200, description="as for /api/stories"),
    date_from: str | None = Query(None, pattern=DATE_PATTERN, description="as for /api/stories"),
    date_to: str | None = Query(None, pattern=DATE_PATTERN, description="as for /api/stories"),
    thread: str | None = Query(None, max_length=100, description="as for /api/stories"),
) -> dict[str, Any]:
    with open_store(request) as store:
        key = (store_version(store), q or "", entity or "", date_from or "", date_to or "", thread or "")
        cached = _cache(request).get(key)
        if cached is not None:
            return cached
        stories, total = store.find_stories(q=q or None, entity=entity or None, date_from=date_from or None,
                                            date_to=date_to or None, thread=thread or None, limit=MAP_STORIES)
        cards = views.story_cards(store, stories)
    built = views.stories_map(cards, total) | {"version": key[0], "limit": MAP_STORIES}
    _cache(request).put(key, built)
    return built


@router.get("/stories/{story_id}/map", summary="A story's place and located entities as GeoJSON points")
def story_map(request: Request, story_id: str) -> dict[str, Any]:
    with open_store(request) as store:
        story = story_or_404(store, story_id)
    return views.story_map(story)


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity of one story, and every story that mentions the same entity (that story first)."""

    story: Story
    entity: Entity
    stories: list[tuple[views.StoryCard, Entity]]


def entity_record(store: Store, entity_id: str, story_id: str | None) -> EntityRecord | None:
    """The entity `entity_id` (of story `story_id` when given) and its stories; None when not found."""
    found = None
    if story_id:
        story = store.story(story_id)
        found = views.find_entity([story], entity_id) if story is not None else None
    if found is None:
        found = views.find_entity(store.stories(), entity_id)
    if found is None:
        return None
    story, entity = found
    candidates, _ = store.find_stories(entity=entity.name, limit=MAX_PER_PAGE)
    matches = views.entity_stories(entity, [story, *(s for s in candidates if s.id != story.id)])
    cards = {c.id: c for c in views.story_cards(store, [s for s, _ in matches])}
    return EntityRecord(story, entity, [(cards[s.id], e) for s, e in matches])


def entity_json(record: EntityRecord) -> dict[str, Any]:
    entity = record.entity
    data = cast(dict[str, Any], _ENTITY.dump_python(entity, mode="json"))
    data.pop("mentions", None)
    return data | {
        "story_id": record.story.id,
        "mentions": len(entity.mentions),
        "is_story_place": record.story.place is not None and record.story.place.entity_id == entity.id,
        "html_url": views.entity_url(record.story.id, entity.id),
        "map_url": f"/api/entities/{entity.id}/map?story={record.story.id}",
        "stories": [views.card_dict(card) | {
            "entity_id": e.id, "entity_name": e.name, "entity_mentions": len(e.mentions),
            "entity_url": views.entity_url(card.id, e.id, api=True)} for card, e in record.stories],
    }


def entity_map(record: EntityRecord) -> dict[str, Any]:
    """The entity's place, and the places of its stories, as GeoJSON points."""
    features = []
    if record.entity.geo is not None:
        geo = record.entity.geo
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [geo.lon, geo.lat]},
                         "properties": {"name": record.entity.name, "type": record.entity.type, "role": "place",
                                        "entity_id": record.entity.id, "html_url": None}})
    stories = views.stories_map([card for card, _ in record.stories], len(record.stories))
    return {"type": "FeatureCollection", "features": features + stories["features"]}


def _entity_or_404(request: Request, entity_id: str, story: str | None) -> EntityRecord:
    with open_store(request) as store:
        record = entity_record(store, entity_id, story)
    if record is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return record


StoryHint = Query(None, max_length=100, description="the story the entity id belongs to (makes the lookup cheap)")


@router.get("/entities/{entity_id}", summary="An entity (name, type, aliases, place) and the stories that mention it")
def get_entity(request: Request, entity_id: str, story: str | None = StoryHint) -> dict[str, Any]:
    return entity_json(_entity_or_404(request, entity_id, story))


@router.get("/entities/{entity_id}/map", summary="An entity's place and its stories' places as GeoJSON points")
def get_entity_map(request: Request, entity_id: str, story: str | None = StoryHint) -> dict[str, Any]:
    return entity_map(_entity_or_404(request, entity_id, story))
