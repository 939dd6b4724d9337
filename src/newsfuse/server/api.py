"""The JSON API under /api/: stories, articles, the whole report and its exports, and article upload."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Generator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, cast

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from newsfuse import pipeline
from newsfuse.config import Settings
from newsfuse.errors import InputError, NewsfuseError
from newsfuse.ingest.records import article_from_record
from newsfuse.report import full_report, report_csv, report_geojson, report_json_chunks
from newsfuse.report.exports import report_events_csv
from newsfuse.server import views
from newsfuse.server.deps import DATE_PATTERN, MAX_PAGE, MAX_PER_PAGE, ReadCache, open_store
from newsfuse.store import Store
from newsfuse.types import Article, Entity, Event, Fact, FactStatus, Rejected, Report, Story

router = APIRouter(prefix="/api", tags=["api"])

_STORY = TypeAdapter(Story)
_ARTICLE = TypeAdapter(Article)
_ENTITIES = TypeAdapter(list[Entity])
_FACTS = TypeAdapter(list[Fact])
_EVENTS = TypeAdapter(list[Event])


# Shared query parameters (their docs show in /docs).
# (a page past MAX_PAGE is refused as a bad request: its offset would overflow the store's integers)
PageParam = Query(1, ge=1, le=MAX_PAGE, description="1-based page number")
PerPageParam = Query(20, ge=1, le=MAX_PER_PAGE, description="items per page")


def story_json(story: Story) -> dict[str, Any]:
    """A story in the contract's Story shape."""
    return cast(dict[str, Any], _STORY.dump_python(story, mode="json"))


def article_json(article: Article) -> dict[str, Any]:
    """An article in the contract's Article shape."""
    return cast(dict[str, Any], _ARTICLE.dump_python(article, mode="json"))


def story_or_404(store: Store, story_id: str) -> Story:
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    return story


def json_bytes(content: Any) -> bytes:
    """`content` as the bytes a JSONResponse (what FastAPI makes of a returned dict) would send."""
    return bytes(JSONResponse(content).body)


def _cache(request: Request) -> ReadCache:
    return cast(ReadCache, request.app.state.read_cache)


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def _paged(items: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    return {"page": page, "per_page": per_page, "total": total, "pages": views.page_count(total, per_page),
            "items": items}


# --------------------------------------------------------------------------- stories


@router.get("/stories", summary="Stories, most-reported first; search and filter", response_model=dict[str, Any])
def list_stories(
    request: Request,
    page: int = PageParam,
    per_page: int = PerPageParam,
    q: str | None = Query(None, max_length=200, description="words in the title or a summary sentence, in order "
                                                            "(case- and accent-insensitive; the last word may be "
                                                            "the start of a word)"),
    entity: str | None = Query(None, max_length=200, description="words of an entity's name or one of its aliases "
                                                                 "(as for q)"),
    date_from: str | None = Query(None, pattern=DATE_PATTERN, description="YYYY[-MM[-DD]]: event or publication "
                                                                          "date on or after"),
    date_to: str | None = Query(None, pattern=DATE_PATTERN, description="YYYY[-MM[-DD]]: event or publication "
                                                                        "date on or before"),
    thread: str | None = Query(None, max_length=100, description="only the stories of this thread (a story's "
                                                                 "thread_id): related events of one kind"),
) -> Response:
    with open_store(request) as store:

        def build() -> bytes:
            stories, total = store.find_stories(q=q or None, entity=entity or None, date_from=date_from or None,
                                                date_to=date_to or None, thread=thread or None,
                                                offset=(page - 1) * per_page, limit=per_page)
            cards = [views.card_dict(card) for card in views.story_cards(store, stories)]
            return json_bytes(_paged(cards, total, page, per_page))

        key = ("stories", store.change_token(), page, per_page, q, entity, date_from, date_to, thread)
        return _json(_cache(request).get(key, build))


@router.get("/stories/{story_id}", summary="One story (the contract's Story shape)", response_model=dict[str, Any])
def get_story(request: Request, story_id: str) -> Response:
    with open_store(request) as store:
        key = ("story", store.change_token(), story_id)
        return _json(_cache(request).get(key, lambda: json_bytes(story_json(story_or_404(store, story_id)))))


@router.get("/stories/{story_id}/entities", summary="A story's entities, with aliases and mentions")
def story_entities(request: Request, story_id: str,
                   type: str | None = Query(None, description="only this entity type, e.g. PERSON")) -> list[Any]:
    with open_store(request) as store:
        story = story_or_404(store, story_id)
    chosen = [e for e in story.entities if type is None or e.type == type.upper()]
    return cast(list[Any], _ENTITIES.dump_python(chosen, mode="json"))


@router.get("/stories/{story_id}/facts", summary="A story's facts; filter by status")
def story_facts(request: Request, story_id: str,
                status: FactStatus | None = None) -> list[Any]:
    with open_store(request) as store:
        story = story_or_404(store, story_id)
    chosen = [f for f in story.facts if status is None or f.status == status]
    return cast(list[Any], _FACTS.dump_python(chosen, mode="json"))


@router.get("/stories/{story_id}/events", summary="A story's timeline (sorted by date, undated last)")
def story_events(request: Request, story_id: str) -> list[Any]:
    with open_store(request) as store:
        story = story_or_404(store, story_id)
    return cast(list[Any], _EVENTS.dump_python(list(story.events), mode="json"))


# --------------------------------------------------------------------------- articles


@router.get("/articles", summary="Articles, newest first")
def list_articles(
    request: Request,
    page: int = PageParam,
    per_page: int = PerPageParam,
    q: str | None = Query(None, max_length=200, description="text in the title or body"),
    source: str | None = Query(None, max_length=200, description="exact outlet name"),
) -> dict[str, Any]:
    with open_store(request) as store:
        articles, total = store.find_articles(q=q or None, source=source or None, offset=(page - 1) * per_page,
                                              limit=per_page)
        story_ids = store.story_ids_of_articles([a.id for a in articles])
    items = [{"id": a.id, "source": a.source, "url": a.url, "title": a.title, "published": a.published,
              "duplicate_of": a.duplicate_of, "chars": len(a.text), "story_ids": story_ids[a.id],
              "url_api": f"/api/articles/{a.id}", "html_url": f"/articles/{a.id}"} for a in articles]
    return _paged(items, total, page, per_page)


@router.get("/articles/{article_id}", summary="One article (the contract's Article shape)")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    with open_store(request) as store:
        article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article_json(article)


# --------------------------------------------------------------------------- the report and exports


ExportFormat = Literal["json", "csv", "geojson", "events-csv"]


@router.get("/report", summary="The whole report (contract shape); or an export: format=csv|geojson|events-csv",
            responses={200: {"content": {"application/json": {}, "text/csv": {}, "application/geo+json": {}}}})
async def get_report(request: Request, format: ExportFormat = "json") -> Response:
    if format == "json":
        return await _report_json(request)

    def read() -> Report:
        with open_store(request) as store:
            return full_report(store.stories(), store.articles())

    report = await run_in_threadpool(read)
    if format == "csv":
        return Response(report_csv(report), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="newsfuse-facts.csv"'})
    if format == "events-csv":
        return Response(report_events_csv(report), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="newsfuse-events.csv"'})
    return Response(json.dumps(report_geojson(report), ensure_ascii=False),
                    media_type="application/geo+json",
                    headers={"Content-Disposition": 'attachment; filename="newsfuse-places.geojson"'})


REPORT_WAIT = 60.0  # seconds a request waits for another one streaming the same report before streaming its own


async def _report_json(request: Request) -> Response:
    """The report as JSON: the cached body of the store's current state, or streamed a batch of stories
    at a time from one snapshot of the store (memory bounded by the batch, whatever the store's size) and
    kept for the next requests when it fits the cache. Concurrent requests for a report not yet cached
    wait for the first one's stream (without holding a thread) rather than each reading the whole store."""
    cache = _cache(request)

    def current() -> tuple[Any, ...]:
        with open_store(request) as store:
            return ("report", store.change_token(), store.article_count())

    key = await run_in_threadpool(current)
    if (body := cache.peek(key)) is None and (streaming := cache.streams.get(key)) is not None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(REPORT_WAIT):
                await streaming.wait()
        body = cache.peek(key)
    if body is not None:
        return _json(body)
    done = asyncio.Event()
    cache.streams.setdefault(key, done)  # the stream the next requests wait for, unless one is already
    return StreamingResponse(_report_stream(request.app.state.db_path, cache, key, done),
                             media_type="application/json")


async def _report_stream(path: str, cache: ReadCache, key: tuple[Any, ...],
                         done: asyncio.Event) -> AsyncIterator[bytes]:
    """The report's pieces (``_report_snapshot``), read on a thread of their own and kept in the cache
    when they fit it; `done` is set at the end for the requests waiting for this stream."""
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsfuse-report")
    end = object()
    seen: list[tuple[Any, ...]] = []
    pieces = _report_snapshot(path, seen)  # a generator: nothing runs until its first step, on the pool's thread
    kept: list[bytes] | None = []
    size = 0
    try:
        while (piece := await loop.run_in_executor(pool, next, pieces, end)) is not end:
            assert isinstance(piece, bytes)
            size += len(piece)
            kept = kept if kept is not None and size <= cache.budget // 4 else None  # too big to keep: stream
            if kept is not None:
                kept.append(piece)
            yield piece
        if kept is not None and seen == [key]:
            cache.keep(key, b"".join(kept))
    finally:
        pool.submit(pieces.close)  # on the thread that opened the store; not awaited (a cancelled stream)
        pool.shutdown(wait=False)
        if cache.streams.get(key) is done:
            del cache.streams[key]
        done.set()


def _report_snapshot(path: str, seen: list[tuple[Any, ...]]) -> Generator[bytes]:
    """The report's JSON pieces, read in one read transaction (a consistent snapshot while writers commit)
    by a store opened, read and closed in the one thread that runs every step of this generator; the
    snapshot's cache key is added to `seen`."""
    store = Store(path, readonly=True)
    try:
        store.conn.raw_execute("BEGIN ISOLATION LEVEL REPEATABLE READ" if store.conn.dialect == "postgresql"
                               else "BEGIN", ())
        seen.append(("report", store.change_token(), store.article_count()))
        ids = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))  # as full_report orders them
        articles = (a for start in range(0, len(ids), 200) for a in store.articles(ids[start:start + 200]))
        yield from report_json_chunks(articles, store.stories_in_report_order())
    finally:
        try:
            if store.conn.in_transaction():
                store.conn.raw_execute("ROLLBACK", ())
        finally:
            store.close()


@router.get("/export", summary="An export of the whole store: format=json|csv|geojson|events-csv (as /api/report)",
            responses={200: {"content": {"application/json": {}, "text/csv": {}, "application/geo+json": {}}}})
async def get_export(request: Request, format: ExportFormat = "json") -> Response:
    return await get_report(request, format)


# --------------------------------------------------------------------------- upload


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing posted records did: the articles kept, rejections, and the stories they now belong to."""

    article_ids: tuple[str, ...]
    added: int
    rejected: tuple[Rejected, ...]
    story_ids: tuple[str, ...]


def parse_records(body: Any) -> list[Article]:
    """Articles from a posted JSON value (one record or a list of records); InputError says what is wrong."""
    records = body if isinstance(body, list) else [body]
    if not records:
        raise InputError("the body is an empty list; send one article record or a list of them")
    articles: list[Article] = []
    for number, record in enumerate(records, start=1):
        where = f"record {number}: " if isinstance(body, list) else ""
        if not isinstance(record, Mapping):
            raise InputError(f"{where}expected a JSON object, got {type(record).__name__}")
        try:
            articles.append(article_from_record(record, default_source="api"))
        except InputError as exc:
            raise InputError(f"{where}{exc}") from exc
    return articles


def store_articles(articles: Sequence[Article], store: Store, settings: Settings) -> Stored:
    """Clean, deduplicate and parse the articles into the store, add them to the stories incrementally
    (``pipeline.add``), and say which stories hold them now. Articles already stored are kept as they were."""
    before = store.article_count()
    kept, rejected = pipeline.prepare(articles, settings)
    if kept:
        pipeline.parse(kept, settings, store)
        pipeline.add(kept, store, settings)
    ids = tuple(a.id for a in kept)
    by_article = store.story_ids_of_articles(ids) if ids else {}
    story_ids = tuple(sorted({s for found in by_article.values() for s in found}))
    return Stored(ids, store.article_count() - before, tuple(rejected), story_ids)


_RECORD_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string"}, "source": {"type": "string"}, "url": {"type": "string"},
        "title": {"type": "string"}, "published": {"type": "string", "description": "YYYY-MM-DD or ISO datetime"},
        "text": {"type": "string"}, "html": {"type": "string", "description": "a whole page, used if no text"},
    },
    "additionalProperties": True,
}


async def read_limited_body(request: Request, limit: int, seconds: float) -> bytes:
    """The request body, refusing (413) anything over `limit` bytes before or while reading it, and (408)
    a body not received in full within `seconds` (a client that declares more than it sends)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise HTTPException(400, "invalid Content-Length header") from None
        if size > limit:
            raise HTTPException(413, f"body of {size} bytes is over the limit of {limit} bytes")
    chunks, seen = [], 0
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                seen += len(chunk)
                if seen > limit:
                    raise HTTPException(413, f"body is over the limit of {limit} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise HTTPException(408, f"the body did not arrive within {seconds:g} s") from None
    return b"".join(chunks)


def _json_body(raw: bytes) -> Any:
    """The posted JSON value; 422 for what is not UTF-8 JSON, nests too deeply or holds a number too
    long to read."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise HTTPException(422, "the body is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise HTTPException(422, f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") \
            from None
    except RecursionError:
        raise HTTPException(422, "the body nests JSON too deeply") from None
    except ValueError as exc:  # an integer over Python's digit limit
        raise HTTPException(422, f"the body holds a value that cannot be read: {exc}") from None


@router.post(
    "/articles", status_code=201, summary="Add one article record (or a list) to the stories",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "oneOf": [_RECORD_SCHEMA, {"type": "array", "items": _RECORD_SCHEMA}]}}}}},
)
async def post_articles(request: Request) -> JSONResponse:
    serve = request.app.state.settings.serve
    raw = await read_limited_body(request, serve.max_body_bytes, serve.body_seconds)
    body = _json_body(raw)
    try:
        articles = parse_records(body)
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None

    def work() -> Stored:
        with request.app.state.write_lock, open_store(request, write=True) as store:
            return store_articles(articles, store, request.app.state.settings)

    try:
        stored = await run_in_threadpool(work)
    except NewsfuseError as exc:
        raise HTTPException(500, f"could not store the articles: {exc}") from None
    if not stored.article_ids:
        raise HTTPException(422, "; ".join(f"{r.input}: {r.reason}" for r in stored.rejected) or "no article kept")
    return JSONResponse(status_code=201, content={
        "article_ids": list(stored.article_ids), "added": stored.added,
        "rejected": [{"input": r.input, "reason": r.reason} for r in stored.rejected],
        "story_ids": list(stored.story_ids),
        "stories": [f"/api/stories/{s}" for s in stored.story_ids],
    })
