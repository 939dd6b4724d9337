"""The server's read paths reuse one read-only store per thread and cache what they build from the stories
(``server.deps``): what they answer must stay what a fresh read of the store gives, a commit must show in
the next request, a writer must never hold a reader up, and the streamed report must be the whole one."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from conftest import copy_store
from newsfuse.report import full_report, report_dict
from newsfuse.server import create_app
from newsfuse.server.api import story_json
from newsfuse.server.deps import ReadCache
from newsfuse.store import Store
from storelock import lock_is_held, write_locked


@pytest.fixture
def db(demo_store: Path, tmp_path: Path) -> Path:
    return copy_store(demo_store, tmp_path / "demo.sqlite")


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        yield c


def _retitle(db: Path, story_id: str, title: str) -> None:
    """What an ingest does to a story, from another connection: rewrite it (counts unchanged)."""
    _retitle_at(str(db), story_id, title)


def _retitle_at(location: str, story_id: str, title: str) -> None:
    with Store(location) as store:
        story = store.story(story_id)
        assert story is not None
        store.update_stories([replace(story, title=title)])


def _first_story(client: TestClient) -> str:
    return str(client.get("/api/stories").json()["items"][0]["id"])


def test_cached_reads_are_what_the_store_holds(client: TestClient, db: Path) -> None:
    """Twice (built, then from the cache), each answer is the bytes a fresh decoding of the store gives."""
    with Store(db, readonly=True) as store:
        stories = store.stories()
        whole = JSONResponse(report_dict(full_report(stories, store.articles()))).body
    for _ in range(2):
        assert client.get("/api/report").content == whole
        for story in stories:
            response = client.get(f"/api/stories/{story.id}")
            assert response.headers["content-type"] == "application/json"
            assert response.content == JSONResponse(story_json(story)).body
    listed = [client.get("/api/stories", params={"page": p, "per_page": 5}).json() for p in (1, 2, 1, 2)]
    assert listed[0] == listed[2] and listed[1] == listed[3] and listed[0] != listed[1]
    assert listed[0]["total"] == len(stories)


def test_a_commit_is_seen_by_the_next_request(client: TestClient, db: Path) -> None:
    """A story rewritten by another connection (the story and article counts unchanged) shows in the very
    next list, story, story page and report, although each was cached just before."""
    story_id = _first_story(client)
    for path in ("/api/stories", f"/api/stories/{story_id}", f"/stories/{story_id}", "/api/report"):
        assert "Retitled by a writer" not in client.get(path).text
    _retitle(db, story_id, "Retitled by a writer")
    assert client.get("/api/stories").json()["items"][0]["title"] == "Retitled by a writer"
    assert client.get(f"/api/stories/{story_id}").json()["title"] == "Retitled by a writer"
    assert "Retitled by a writer" in client.get(f"/stories/{story_id}").text
    report = client.get("/api/report").json()
    assert [s["title"] for s in report["stories"] if s["id"] == story_id] == ["Retitled by a writer"]


def test_a_store_file_put_in_place_is_read(client: TestClient, db: Path, tmp_path: Path) -> None:
    """The threads' open stores follow the file at the store's path: one moved into its place is read."""
    story_id = _first_story(client)
    other = copy_store(db, tmp_path / "other.sqlite")
    _retitle(other, story_id, "From the replacement file")
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Store(other) as store:  # fold its log into the file before moving it
        store.conn.raw_execute("PRAGMA wal_checkpoint(TRUNCATE)", ())
    shutil.move(other, db)
    assert client.get(f"/api/stories/{story_id}").json()["title"] == "From the replacement file"


def test_readers_are_not_held_up_by_a_writer(client: TestClient, db: Path) -> None:
    """While another connection holds the write lock with a write pending, every read path answers (cached
    or not) from the last commit; once that writer commits, the next reads see its work."""
    story_id = _first_story(client)
    client.get(f"/stories/{story_id}")  # one path cached, the others built under the lock
    with write_locked(db, seconds=5.0):
        answers = [client.get(path) for path in ("/api/stories", f"/api/stories/{story_id}",
                                                 f"/stories/{story_id}", "/api/report", "/api/stories?page=2")]
        assert lock_is_held(db)  # every answer came while the writer still held the lock
    assert [a.status_code for a in answers] == [200] * 5
    assert answers[1].json()["id"] == story_id
    _retitle(db, story_id, "After the writer")
    assert client.get(f"/api/stories/{story_id}").json()["title"] == "After the writer"


def test_concurrent_reads_from_many_threads_agree(client: TestClient, db: Path) -> None:
    """Many requests at once (each thread on its own store, one build per missing entry) all answer the
    same thing, before and after a commit."""
    story_id = _first_story(client)
    paths = ["/api/stories", f"/api/stories/{story_id}", f"/stories/{story_id}", "/api/report"] * 8
    for title in ("Before", "After"):
        _retitle(db, story_id, title)
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(client.get, paths))
        assert {a.status_code for a in answers} == {200}
        for path in set(paths):
            bodies = {a.content for p, a in zip(paths, answers, strict=True) if p == path}
            assert len(bodies) == 1, path
        assert json.loads(answers[1].content)["title"] == title


def test_unknown_story_is_404_and_not_cached(client: TestClient) -> None:
    for _ in range(2):
        assert client.get("/api/stories/nope").status_code == 404
        assert client.get("/stories/nope").status_code == 404


def test_the_cache_keeps_to_its_budget_and_builds_once() -> None:
    cache = ReadCache(budget=100)
    built: list[str] = []

    def build(value: bytes) -> bytes:
        built.append(value.decode())
        return value

    assert cache.get("a", lambda: build(b"x" * 20)) == b"x" * 20
    assert cache.get("a", lambda: build(b"y" * 20)) == b"x" * 20  # kept: not built again
    assert built == ["x" * 20]
    for key in "bcdefg":
        cache.get(key, lambda: build(b"z" * 20))
    assert cache.used <= 100 and cache.peek("a") is None  # the least recently used went first
    cache.get("big", lambda: build(b"w" * 60))  # over a quarter of the budget: answered, never kept
    assert cache.peek("big") is None
    with pytest.raises(ValueError):
        cache.get("bad", lambda: (_ for _ in ()).throw(ValueError("no")))
    assert cache.get("bad", lambda: b"ok") == b"ok"  # a failed build is not remembered


@pytest.fixture
def pg_store(demo_store: Path) -> Iterator[str]:
    """The demo store's articles and stories in a new schema of the test PostgreSQL server (NEWSFUSE_TEST_PG)."""
    server = os.environ.get("NEWSFUSE_TEST_PG")
    if not server:
        pytest.skip("NEWSFUSE_TEST_PG is not set (a PostgreSQL server for the tests)")
    import psycopg

    schema = f"nf_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{server}{'&' if '?' in server else '?'}options=-csearch_path%3D{schema}"
    try:
        with Store(demo_store, readonly=True) as demo, Store(url) as store:
            store.add_articles(demo.articles())
            store.save_stories(demo.stories())
        yield url
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_postgresql_reads_are_cached_and_follow_commits(pg_store: str, demo_store: Path) -> None:
    with TestClient(create_app(pg_store), base_url="http://127.0.0.1") as client:
        story_id = _first_story(client)
        with Store(demo_store, readonly=True) as demo:
            whole = JSONResponse(report_dict(full_report(demo.stories(), demo.articles()))).body
        assert client.get("/api/report").content == whole  # streamed from a snapshot
        assert client.get("/api/report").content == whole  # cached
        client.get(f"/stories/{story_id}")
        _retitle_at(pg_store, story_id, "Retitled on PostgreSQL")
        assert client.get("/api/stories").json()["items"][0]["title"] == "Retitled on PostgreSQL"
        assert client.get(f"/api/stories/{story_id}").json()["title"] == "Retitled on PostgreSQL"
        assert "Retitled on PostgreSQL" in client.get(f"/stories/{story_id}").text
        assert "Retitled on PostgreSQL" in client.get("/api/report").text
