"""`newsfuse watch`: a folder picks up a dropped file within two intervals, a feed polled with its ETag
reads nothing the second time, SIGTERM ends the process with status 0 within 5 s, and a process killed
with -9 in the middle of a batch, then restarted, leaves every article in the store exactly once.

These run the NLP pipeline (in this process, or in a `newsfuse watch` process): marked slow."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from localserver import serve
from newsfuse.config import Settings
from newsfuse.ingest import load_inputs
from newsfuse.pipeline.watch import Cycle, Stop, Watcher
from newsfuse.store import Store

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo" / "articles.jsonl"
RECORDS = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
SETTINGS = Settings()


def drop(folder: Path, name: str, records: list[dict[str, object]]) -> Path:
    """Write a JSONL file into `folder` as a watched folder should be fed: written aside, renamed in."""
    hidden = folder / f".{name}.part"
    hidden.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return hidden.rename(folder / name)


def memberships(db: Path) -> dict[str, list[str]]:
    """Every stored article id -> the stories holding it."""
    with Store(db, readonly=True) as store:
        ids = [a.id for a in store.articles()]
        return store.story_ids_of_articles(ids) if ids else {}


def test_a_dropped_file_is_picked_up_within_two_intervals_and_a_restart_reads_nothing_again(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "watch.sqlite"
    log = io.StringIO()
    dropped_at: list[int] = []
    stop = Stop()

    def on_cycle(cycle: Cycle) -> None:
        if cycle.number == 1:
            drop(inbox, "first.jsonl", RECORDS[:1])
            dropped_at.append(cycle.number)
        if cycle.new_articles or cycle.number >= 8:
            stop.request()

    with Store(db) as store:
        cycles = Watcher([str(inbox)], store, SETTINGS, interval=0.2, stop=stop, log=log).run(on_cycle=on_cycle)
    picked = [c.number for c in cycles if c.new_articles]
    assert picked, log.getvalue()
    # dropped after cycle 1 had polled: read by the next cycle or the one after it
    assert picked[0] - dropped_at[0] <= 2, log.getvalue()
    assert cycles[picked[0] - 1].new_articles == (RECORDS[0]["id"],)
    assert len(cycles[picked[0] - 1].stories) == 1
    # one line per cycle: time, sources polled, new articles, stories touched, errors
    lines = log.getvalue().splitlines()
    assert len(lines) == len(cycles)
    assert "1 source polled, 1 new article, 1 story touched, 0 errors" in lines[picked[0] - 1]

    # a restart: the seen-set in the store says the file was read; a new file is read, the old one not
    drop(inbox, "second.jsonl", RECORDS[1:2])
    with Store(db) as store:
        again = Watcher([str(inbox)], store, SETTINGS, interval=0.2, settle=0).run(max_cycles=2)
    assert [c.new_articles for c in again] == [(RECORDS[1]["id"],), ()]
    stored = memberships(db)
    assert sorted(stored) == sorted([RECORDS[0]["id"], RECORDS[1]["id"]])
    assert all(len(stories) == 1 for stories in stored.values())


ATOM_ENTRIES = RECORDS[2:5]


class _Feed(BaseHTTPRequestHandler):
    """Three demo articles as an Atom feed with an ETag; 304 to a client sending it back."""

    statuses: list[int] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.headers.get("If-None-Match") == '"demo-1"':
            type(self).statuses.append(304)
            self.send_response(304)
            self.end_headers()
            return
        entries = "".join(
            f"<entry><title>{r['title']}</title><link href=\"{r['url']}?utm_source=rss\"/><id>{r['id']}</id>"
            f"<published>{r['published']}</published><author><name>{r['source']}</name></author>"
            f"<content type=\"text\">{_xml(str(r['text']))}</content></entry>" for r in ATOM_ENTRIES)
        body = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Demo wire</title>{entries}</feed>'
        data = body.encode()
        type(self).statuses.append(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("ETag", '"demo-1"')
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_a_feed_polled_again_gets_304_and_ingests_nothing(tmp_path: Path) -> None:
    from dataclasses import replace

    settings = replace(SETTINGS, ingest=replace(SETTINGS.ingest, fetch=replace(SETTINGS.ingest.fetch,
                                                                                   allow_private=True)))
    _Feed.statuses = []
    db = tmp_path / "feed.sqlite"
    log = io.StringIO()
    with serve(_Feed) as base, Store(db) as store:
        cycles = Watcher([f"{base}/feed"], store, settings, interval=0.1, log=log).run(max_cycles=2)
        assert [len(c.new_articles) for c in cycles] == [3, 0], log.getvalue()
        assert store.article_count() == 3
        # a restart sends the stored ETag: 304 again
        restarted = Watcher([f"{base}/feed"], store, settings, interval=0.1, log=io.StringIO()).run(max_cycles=1)
        assert restarted[0].new_articles == ()
        urls = sorted(a.url or "" for a in store.articles())
    assert _Feed.statuses == [200, 304, 304]
    assert urls == sorted(str(r["url"]) for r in ATOM_ENTRIES)  # stored under canonical URLs (no utm_source)


# --------------------------------------------------------------------------- the process


class WatchProcess:
    """`newsfuse watch` in a process of its own, its stderr lines collected by a thread."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        self.proc = subprocess.Popen([sys.executable, "-m", "newsfuse.cli", "watch", *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, limit: float = 300.0) -> None:
        deadline = time.monotonic() + limit
        while not any(text in line for line in self.lines):
            assert self.proc.poll() is None, "\n".join(self.lines)
            assert time.monotonic() < deadline, "\n".join(self.lines)
            time.sleep(0.05)

    def log(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    yield inbox, tmp_path / "watch.sqlite"


def _stored_count(db: Path) -> int:
    try:
        with Store(db, readonly=True) as store:
            return store.article_count()
    except Exception:  # noqa: BLE001 - not created yet, or being created
        return 0


def test_sigterm_while_idle_exits_0_within_5_s(watched: tuple[Path, Path]) -> None:
    inbox, db = watched
    run = WatchProcess(str(inbox), "--db", str(db), "--interval", "0.2")
    run.wait_for("cycle 2:")
    run.proc.send_signal(signal.SIGTERM)
    assert run.proc.wait(timeout=5) == 0, run.log()
    run.reader.join(timeout=5)
    assert "watch stopped" in run.log()


def test_sigterm_mid_batch_exits_0_within_5_s_and_a_restart_completes_the_store(watched: tuple[Path, Path]) -> None:
    inbox, db = watched
    run = WatchProcess(str(inbox), "--db", str(db), "--interval", "0.2", "--batch-chars", "3000")
    run.wait_for("cycle 1:")
    drop(inbox, "demo.jsonl", RECORDS)
    while _stored_count(db) == 0:  # the batch in hand: some articles stored, the cycle not done
        assert run.proc.poll() is None, run.log()
        time.sleep(0.05)
    run.proc.send_signal(signal.SIGTERM)
    assert run.proc.wait(timeout=5) == 0, run.log()
    _restart_and_check(inbox, db)


def test_kill_9_mid_batch_then_restart_stores_every_article_exactly_once(watched: tuple[Path, Path]) -> None:
    inbox, db = watched
    run = WatchProcess(str(inbox), "--db", str(db), "--interval", "0.2", "--batch-chars", "3000")
    run.wait_for("cycle 1:")
    drop(inbox, "demo.jsonl", RECORDS)
    while _stored_count(db) == 0:
        assert run.proc.poll() is None, run.log()
        time.sleep(0.05)
    run.proc.kill()
    run.proc.wait(timeout=30)
    assert not any("new article" in line and not line.split(": ", 1)[1].startswith("1 source polled, 0 new")
                   for line in run.lines), "the cycle had finished before the kill: " + run.log()
    # killed mid-batch: some article not stored yet, or stored without a story
    stored = memberships(db)
    assert len(stored) < len(load_inputs([inbox]).articles) or any(not s for s in stored.values()), run.log()
    _restart_and_check(inbox, db)


def _restart_and_check(inbox: Path, db: Path) -> None:
    """A restart reads what was not finished; then every article of the input is stored once, in one story."""
    again = WatchProcess(str(inbox), "--db", str(db), "--interval", "0.2", "--cycles", "3")
    assert again.proc.wait(timeout=600) == 0, again.log()
    again.reader.join(timeout=5)
    expected = {a.id for a in load_inputs([inbox]).articles}
    stored = memberships(db)
    assert set(stored) == expected, again.log()
    assert {aid: len(stories) for aid, stories in stored.items()} == dict.fromkeys(expected, 1)
    with Store(db, readonly=True) as store:
        assert store.article_count() == len(expected)
        members = store.story_members([s.id for s in store.stories()])
    assert sorted(a for ids in members.values() for a in ids) == sorted(expected)  # no article in two stories
    # and the seen-set now holds the file: one more run reads nothing
    last = WatchProcess(str(inbox), "--db", str(db), "--interval", "0.2", "--cycles", "1")
    assert last.proc.wait(timeout=300) == 0
    last.reader.join(timeout=5)
    assert "1 source polled, 0 new articles" in last.log()
