"""The app factory: routes, security headers, error pages, templates and static assets.

No global state: the database path, the templates, the write lock, the threads' read-only stores and
the cache of reads live on `app.state`; what routes share (the store of a request, the cache,
rendering) is in ``deps``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsfuse import __version__
from newsfuse.config import Settings
from newsfuse.server import api, maps, pages
from newsfuse.server.deps import ReadCache, Readers, render, template_env
from newsfuse.server.security import ContainErrors, GuardRequests, SecurityHeaders
from newsfuse.store import Store

HERE = Path(__file__).parent


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path == "/api" or path.endswith(".json"))


def create_app(db_path: str | Path, *, settings: Settings | None = None, max_body_bytes: int | None = None,
               allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The web UI and JSON API over the store at `db_path` (created empty if missing). ``settings`` default
    to the environment's; ``max_body_bytes`` and ``allowed_hosts`` override ``settings.serve``."""
    settings = settings if settings is not None else Settings.from_env()
    serve = replace(settings.serve,
                    max_body_bytes=settings.serve.max_body_bytes if max_body_bytes is None else max_body_bytes,
                    allowed_hosts=settings.serve.allowed_hosts if allowed_hosts is None else tuple(allowed_hosts))
    settings = replace(settings, serve=serve)
    app = FastAPI(
        title="newsfuse", version=__version__,
        description="Cross-checked news stories: the report contract as a JSON API, with HTML twins.",
        docs_url=None, redoc_url=None,  # the stock docs load scripts from a CDN; /docs is served by pages.py
    )
    app.state.db_path = str(db_path)
    app.state.max_body_bytes = serve.max_body_bytes
    app.state.settings = settings
    app.state.templates = template_env()
    app.state.write_lock = threading.Lock()
    app.state.readers = Readers(str(db_path))  # each worker thread's read-only store, reused across requests
    app.state.read_cache = ReadCache()  # bodies computed from the stories, by the store's change token
    Store(db_path).close()  # fail fast on an unusable path; creates or upgrades the schema for the readers

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            return render(request, "error.html", status_code=exc.status_code, status=exc.status_code,
                          message=str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        if _wants_html(request):
            message = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in errors)
            return render(request, "error.html", status_code=422, status=422, message=message)
        return JSONResponse({"detail": errors}, status_code=422)

    app.include_router(maps.router)  # first: /api/stories/map and /version are not story ids
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(ContainErrors)
    app.add_middleware(GuardRequests, allowed_hosts=serve.allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app
