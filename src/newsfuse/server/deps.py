"""What the routes share: the store of a request, page rendering, the cache of reads, and the query limits.

A read does not open the store: each worker thread keeps one read-only ``Store`` and reuses it across
requests (``Readers``). A read-only SQLite connection in WAL mode never waits for a writer and sees
every commit made before each statement starts; a PostgreSQL one runs in autocommit, each statement
seeing the last committed state. The thread's store is reopened when the file at the store's path is
replaced (another inode), and dropped after a request that failed with it (a damaged page, a lost server).

What a read computes from stories (a page of story cards, a story's JSON, a story page) is cached per
process (``ReadCache``) under the store's ``change_token``, which every write of stories changes: the
next request after a commit gets the new stories, and concurrent requests for the same missing entry
wait for one of them to build it instead of each building it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from newsfuse import __version__
from newsfuse.errors import StoreError
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


def _file_id(path: str) -> tuple[int, int] | None:
    """What tells the store file at `path` from one put in its place (None: no file, or a server URL)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


class Readers:
    """One read-only store per thread, opened on the thread's first read and reused by its later ones
    (a store's connection is used by the thread that opened it only)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.local = threading.local()

    @contextmanager
    def store(self) -> Iterator[Store]:
        local = self.local
        here = _file_id(self.path)
        store: Store | None = getattr(local, "store", None)
        if store is not None and local.file_id != here:
            self._drop()
            store = None
        if store is None:
            store = Store(self.path, readonly=True)
            local.store, local.file_id = store, here
        try:
            yield store
        except StoreError:
            self._drop()  # the connection may be what failed (a damaged file, a lost server): open anew next time
            raise

    def _drop(self) -> None:
        store = getattr(self.local, "store", None)
        self.local.store = None
        if store is not None:
            with contextlib.suppress(Exception):  # closing a broken connection must not hide the error reported
                store.close()


@contextmanager
def open_store(request: Request, *, write: bool = False) -> Iterator[Store]:
    """The store for this request: the thread's read-only store (``Readers``) unless `write`, so a page or
    GET request never writes and never waits for a writer (``ingest``, an upload); with `write`, a
    writable store opened and closed for this request."""
    if not write:
        with request.app.state.readers.store() as store:
            yield store
        return
    store = Store(request.app.state.db_path, readonly=False)
    try:
        yield store
    finally:
        store.close()


class ReadCache:
    """Response bodies computed from the stories, by (change token, what was asked): the most recently
    used first, at most `budget` bytes in all (an old token's entries are simply never asked for again).
    ``streams`` are the reports being streamed (and kept) now, for requests that wait for one."""

    def __init__(self, budget: int = 64 * 1024 * 1024) -> None:
        self.budget = budget
        self.used = 0
        self.lock = threading.Lock()
        self.items: OrderedDict[Hashable, bytes] = OrderedDict()
        self.building: dict[Hashable, threading.Lock] = {}
        self.streams: dict[Hashable, asyncio.Event] = {}  # touched on the event loop's thread only

    def get(self, key: Hashable, build: Callable[[], bytes]) -> bytes:
        """The cached body of `key`, or `build()`'s (kept): one thread builds a missing key while the
        others asking for it wait for it; an exception is not cached (the next asker builds again)."""
        if (value := self.peek(key)) is not None:
            return value
        with self.lock:
            gate = self.building.setdefault(key, threading.Lock())
        with gate:
            if (value := self.peek(key)) is not None:
                return value
            try:
                value = build()
                self.keep(key, value)
                return value
            finally:
                with self.lock:
                    if self.building.get(key) is gate:
                        del self.building[key]

    def peek(self, key: Hashable) -> bytes | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def keep(self, key: Hashable, value: bytes) -> None:
        with self.lock:
            if len(value) > self.budget // 4 or key in self.items:
                return  # one huge body would push out everything else
            self.items[key] = value
            self.used += len(value)
            while self.used > self.budget:
                _, old = self.items.popitem(last=False)
                self.used -= len(old)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page rendered from `template`; every page gets the request path and its JSON twin (`api_url`)."""
    env: jinja2.Environment = request.app.state.templates
    context.setdefault("api_url", None)
    html = env.get_template(template).render(request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)
