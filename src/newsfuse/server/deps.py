"""What the routes share: the store of a request, page rendering, and the query limits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from newsfuse import __version__
from newsfuse.report.text import fact_history, format_number, format_range, scope_note, short_date
from newsfuse.server import views
from newsfuse.store import Store

HERE = Path(__file__).parent
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000  # with MAX_PER_PAGE, an offset well inside SQLite's 64-bit integers


def template_env() -> jinja2.Environment:
    """The Jinja2 environment of the pages: autoescaping always on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["range"] = lambda v: format_range(v.low, v.high)
    env.filters["number"] = format_number
    env.filters["history"] = fact_history  # an updated fact's "1 killed (Mar 3) → 2 killed (Mar 5)"
    env.filters["scope_note"] = scope_note  # "part: officers"
    env.filters["short_date"] = short_date
    env.globals["safe_url"] = views.safe_url
    env.globals["version"] = __version__
    return env


@contextmanager
def open_store(request: Request, *, write: bool = False) -> Iterator[Store]:
    """A store for this request, opened and closed in the calling thread: read-only unless `write`, so a
    page or GET request never writes and never waits for a writer (``ingest``, an upload)."""
    store = Store(request.app.state.db_path, readonly=not write)
    try:
        yield store
    finally:
        store.close()


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page rendered from `template`; every page gets the request path and its JSON twin (`api_url`)."""
    env: jinja2.Environment = request.app.state.templates
    context.setdefault("api_url", None)
    html = env.get_template(template).render(request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)
