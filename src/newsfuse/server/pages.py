"""HTML pages (server-rendered with Jinja2); each links its JSON twin under /api/."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from newsfuse.report import published_range
from newsfuse.server import charts, maps, views
from newsfuse.server.deps import DATE_PATTERN, MAX_PAGE, MAX_PER_PAGE, ReadCache, open_store, render
from newsfuse.store import Store

router = APIRouter(include_in_schema=False)


def _query(params: dict[str, Any]) -> str:
    """A query string from the non-empty parameters."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _paging(path: str, api_path: str, base: dict[str, Any], page: int, pages: int) -> dict[str, Any]:
    """Links to the previous and next page of a list, and to its JSON twin."""
    return {
        "prev_url": f"{path}?{_query(base | {'page': page - 1})}" if page > 1 else None,
        "next_url": f"{path}?{_query(base | {'page': page + 1})}" if page < pages else None,
        "api_url": f"{api_path}?{_query(base | {'page': page if page > 1 else ''})}".rstrip("?"),
    }


@router.get("/", response_class=HTMLResponse)
def story_list(
    request: Request,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(20, ge=1, le=MAX_PER_PAGE),
    q: str | None = Query(None, max_length=200),
    entity: str | None = Query(None, max_length=200),
    date_from: str | None = Query(None, pattern=DATE_PATTERN + "|^$"),
    date_to: str | None = Query(None, pattern=DATE_PATTERN + "|^$"),
    thread: str | None = Query(None, max_length=100),
) -> HTMLResponse:
    """The story list, rendered once per state of the store (``deps.ReadCache``): its counts decode every story."""
    cache: ReadCache = request.app.state.read_cache
    with open_store(request) as store:
        key = ("story list", store.change_token(), store.article_count(), str(request.url.path),
               str(request.url.query))

        def build() -> bytes:
            return bytes(_story_list(request, store, page, per_page, q, entity, date_from, date_to, thread).body)

        return HTMLResponse(cache.get(key, build))


def _story_list(request: Request, store: Store, page: int, per_page: int, q: str | None, entity: str | None,
                date_from: str | None, date_to: str | None, thread: str | None) -> HTMLResponse:
    filters = {"q": q or "", "entity": entity or "", "date_from": date_from or "", "date_to": date_to or "",
               "thread": thread or ""}
    stories, total = store.find_stories(q=q or None, entity=entity or None, date_from=date_from or None,
                                        date_to=date_to or None, thread=thread or None,
                                        offset=(page - 1) * per_page, limit=per_page)
    cards = views.story_cards(store, stories)
    counts = store.counts()
    version = maps.store_version(store)
    pages = views.page_count(total, per_page)
    base = filters | {"per_page": per_page if per_page != 20 else ""}
    map_filters = {k: v for k, v in filters.items() if k != "thread" or v}
    return render(
        request, "index.html", cards=cards, total=total, page=page,
        pages=pages, filters=filters, counts=counts, filtered=any(filters.values()), version=version,
        map_url=f"/api/stories/map?{_query(map_filters)}".rstrip("?"),
        **_paging("/", "/api/stories", base, page, pages),
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    """A story's page, rendered once per state of the stories (``deps.ReadCache``)."""
    cache: ReadCache = request.app.state.read_cache
    with open_store(request) as store:
        key = ("story page", store.change_token(), request.url.path)
        return HTMLResponse(cache.get(key, lambda: bytes(_story_page(request, store, story_id).body)))


def _story_page(request: Request, store: Store, story_id: str) -> HTMLResponse:
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, f"No story with id “{story_id}”.")
    article_list = store.articles(list(story.article_ids))
    thread, _ = store.find_stories(thread=story.thread_id, limit=MAX_PER_PAGE)
    related = sorted((c for c in views.story_cards(store, [s for s in thread if s.id != story.id])),
                     key=lambda c: (c.first_date or "9999", c.id))
    articles = {a.id: a for a in article_list}
    # Number the articles by date so that citations read [1], [2] ... in a stable order.
    ordered = sorted(article_list, key=lambda a: (a.published or "9999", a.source, a.id))
    number = {a.id: i for i, a in enumerate(ordered, start=1)}
    entity_names = {e.id: e.name for e in story.entities}
    claims = {c.id: c for c in story.claims}
    facts = views.sorted_facts(story.facts)
    first, last = published_range(story, articles)
    return render(
        request, "story.html", story=story, card=views.story_card(story, articles), articles=ordered,
        by_id=articles, number=number, facts=facts, claims=claims,
        entity_groups=views.entity_groups(story.entities), entity_names=entity_names,
        located=[e for e in story.entities if e.geo is not None], timeline=charts.timeline_view(story.events, facts),
        first_date=first, last_date=last, related=related,
        entity_url=lambda entity_id: views.entity_url(story.id, entity_id), api_url=f"/api/stories/{story.id}",
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, story: str | None = Query(None, max_length=100)) -> HTMLResponse:
    with open_store(request) as store:
        record = maps.entity_record(store, entity_id, story)
    if record is None:
        raise HTTPException(404, f"No entity with id “{entity_id}”.")
    entity = record.entity
    return render(
        request, "entity.html", entity=entity, home=record.story, stories=record.stories,
        aliases=[a for a in entity.aliases if a != entity.name],
        is_place=record.story.place is not None and record.story.place.entity_id == entity.id,
        map_url=f"/api/entities/{entity.id}/map?{_query({'story': record.story.id})}",
        entity_url=views.entity_url, api_url=views.entity_url(record.story.id, entity.id, api=True),
    )


@router.get("/articles", response_class=HTMLResponse)
def article_list(
    request: Request,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(20, ge=1, le=MAX_PER_PAGE),
    q: str | None = Query(None, max_length=200),
    source: str | None = Query(None, max_length=200),
) -> HTMLResponse:
    with open_store(request) as store:
        articles, total = store.find_articles(q=q or None, source=source or None, offset=(page - 1) * per_page,
                                              limit=per_page)
        story_ids = store.story_ids_of_articles([a.id for a in articles])
    pages = views.page_count(total, per_page)
    base = {"q": q or "", "source": source or "", "per_page": per_page if per_page != 20 else ""}
    return render(
        request, "articles.html", articles=articles, story_ids=story_ids, total=total, page=page, pages=pages,
        q=q or "", source=source or "",
        **_paging("/articles", "/api/articles", base, page, pages),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    with open_store(request) as store:
        article = store.article(article_id)
        if article is None:
            raise HTTPException(404, f"No article with id “{article_id}”.")
        story_ids = store.story_ids_of_articles([article.id])[article.id]
        stories = [s for sid in story_ids if (s := store.story(sid)) is not None]
        original = store.article(article.duplicate_of) if article.duplicate_of else None
    layers, anchors = views.article_layers(article.id, stories)
    segments = views.highlight_segments(article.text, layers, anchors)
    kinds = sorted({k for s in segments for k in " ".join(s.kinds).split() if k.startswith("ent-")})
    return render(
        request, "article.html", article=article, stories=stories, segments=segments, entity_kinds=kinds,
        original=original, api_url=f"/api/articles/{article.id}",
    )


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI document (no third-party scripts)."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "description": p.get("description") or p.get("schema", {}).get("description", ""),
                       "schema": _schema_text(p.get("schema", {}))} for p in op.get("parameters", [])]
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "params": params, "has_body": "requestBody" in op})
    return render(request, "docs.html", operations=operations, title=spec["info"]["title"],
                  version=spec["info"]["version"], description=spec["info"].get("description", ""),
                  api_url="/openapi.json")


def _schema_text(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_schema_text(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    text = schema.get("type", "")
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "maxLength", "pattern") if k in schema]
    return f"{text} ({', '.join(bounds)})" if bounds else text
