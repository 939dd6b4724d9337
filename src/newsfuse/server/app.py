"""The app factory: routes, security headers, error pages, templates and static assets.

No global state: the database path, the templates and the write lock live on `app.state`; what
routes share (the store of a request, rendering) is in ``deps``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsfuse import __version__
from newsfuse.config import Settings
from newsfuse.server import api, pages
from newsfuse.server.deps import render, template_env
from newsfuse.store import Store

HERE = Path(__file__).parent

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: adds the security headers to every HTTP response (pages, API, static, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.raw if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path == "/api" or path.endswith(".json"))


def create_app(db_path: str | Path, *, max_body_bytes: int = 5_000_000, settings: Settings | None = None) -> FastAPI:
    """The web UI and JSON API over the store at `db_path` (created empty if missing)."""
    app = FastAPI(
        title="newsfuse", version=__version__,
        description="Cross-checked news stories: the report contract as a JSON API, with HTML twins.",
        docs_url=None, redoc_url=None,  # the stock docs load scripts from a CDN; /docs is served by pages.py
    )
    app.state.db_path = str(db_path)
    app.state.max_body_bytes = max_body_bytes
    app.state.settings = settings if settings is not None else Settings.from_env()
    app.state.templates = template_env()
    app.state.write_lock = threading.Lock()
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

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app
