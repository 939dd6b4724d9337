"""The server against hostile and broken requests: bad numbers and bodies get 4xx answers (never a 500
that resets the connection), cross-site writes and unknown Host names are refused, a body that never
arrives in full times out, and an unforeseen error stays inside its request."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from newsfuse.config import Settings
from newsfuse.server import create_app
from newsfuse.server.security import host_name
from newsfuse.store import Store

RECORD = {"id": "post-1", "source": "Test Wire", "published": "2025-09-20",
          "text": "Officials in Port Aldine said at least 12 people were hurt after the storm on Friday night."}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "s.sqlite"), base_url="http://127.0.0.1") as c:
        yield c


def _count(db: Path) -> int:
    with Store(db) as store:
        return store.article_count()


# ----------------------------------------------------------------------------- numbers and bodies (500s before)


def test_a_page_past_any_store_is_a_bad_request(client: TestClient) -> None:
    for path in ("/api/stories", "/api/articles", "/"):
        assert client.get(path, params={"page": "9223372036854775808"}).status_code == 422
    assert client.get("/api/stories").status_code == 200  # and the client's next request is served


@pytest.mark.parametrize("body", [
    "[" * 1500 + "]" * 1500,  # nested 1,500 deep
    '{"id": ' + "9" * 5000 + "}",  # a number over Python's digit limit
])
def test_unreadable_json_is_refused_not_a_crash(client: TestClient, body: str) -> None:
    response = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert client.get("/api/stories").status_code == 200


def test_lone_surrogates_in_a_post_are_not_a_crash(client: TestClient) -> None:
    body = json.dumps(RECORD | {"title": "Storm \ud800 night", "source": "Wire \udfff"})  # escaped as \\ud800
    response = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 201, response.text
    article = client.get(f"/api/articles/{response.json()['article_ids'][0]}").json()
    assert "\ufffd" in article["title"]
    assert client.get("/api/report").status_code == 200


# ----------------------------------------------------------------------------- cross-site writes and Host names


def test_a_text_plain_post_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        response = c.post("/api/articles", content=json.dumps(RECORD), headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert _count(db) == 0


def test_a_cross_origin_post_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    with TestClient(create_app(db), base_url="http://127.0.0.1:8000") as c:
        evil = c.post("/api/articles", json=RECORD, headers={"origin": "http://evil.example"})
        assert evil.status_code == 403
        assert _count(db) == 0
        assert c.post("/api/articles", json=RECORD, headers={"origin": "null"}).status_code == 403
        same = c.post("/api/articles", json=RECORD, headers={"origin": "http://127.0.0.1:8000"})
        assert same.status_code == 201, same.text
        assert c.post("/api/articles", json=RECORD).status_code == 201  # no Origin: not a browser's form


def test_an_unknown_host_is_refused(tmp_path: Path) -> None:
    app = create_app(tmp_path / "s.sqlite")
    with TestClient(app, base_url="http://evil.example") as c:
        assert c.get("/api/report").status_code == 400
        assert c.get("/", headers={"host": "127.0.0.1.evil.example"}).status_code == 400
        for host in ("127.0.0.1:8000", "localhost", "[::1]:8000", "LOCALHOST:80"):
            assert c.get("/api/stories", headers={"host": host}).status_code == 200, host
    with TestClient(create_app(tmp_path / "s.sqlite", allowed_hosts=["news.example"]),
                    base_url="http://news.example") as c:
        assert c.get("/api/stories").status_code == 200


def test_host_names_are_read_as_hosts() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.ORG") == "example.org"
    assert host_name("a b") is None
    assert host_name("x:notaport") is None
    assert host_name("") is None


# ----------------------------------------------------------------------------- a body that never arrives


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_body_shorter_than_its_length_times_out(tmp_path: Path) -> None:
    settings = Settings()
    settings = replace(settings, serve=replace(settings.serve, body_seconds=1.0))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(tmp_path / "s.sqlite", settings=settings), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 1000\r\n\r\n{\"id\": ")
            started = time.monotonic()
            answer = sock.recv(4096)
            waited = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
        assert waited < 8
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# ----------------------------------------------------------------------------- an error nobody foresaw


def test_an_unforeseen_error_is_a_500_and_the_connection_survives(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(create_app(tmp_path / "s.sqlite"), base_url="http://127.0.0.1") as c:
        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(Store, "counts", broken)
        response = c.get("/")
        assert response.status_code == 500
        assert "disk on fire" not in response.text
        monkeypatch.undo()
        assert c.get("/").status_code == 200
