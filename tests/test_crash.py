"""Crash safety of the store: `newsfuse ingest` killed with SIGKILL mid-write, then run again.

After the rerun every distinct input article must be stored exactly once and every stored article
must belong to exactly one story, whose stored membership matches the story's own article list.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.ingest import load_inputs
from newsfuse.pipeline import prepare

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsfuse.cli", *args]


def _stored_articles(db: Path) -> int:
    """Articles committed so far, read by a separate connection (0 while the store is not there yet)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_after_writing_starts(db: Path, delay: float) -> tuple[bool, int]:
    """Start an ingest, wait until it has committed articles, SIGKILL it `delay` s later.

    Returns (whether it was still running when killed, articles stored at the kill).
    """
    proc = subprocess.Popen(_cli("ingest", str(DEMO), "--db", str(db)), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONHASHSEED": "0"})
    try:
        deadline = time.monotonic() + 120
        while _stored_articles(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay)
        alive = proc.poll() is None
        if alive:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return alive, _stored_articles(db)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _consistency_problems(db: Path) -> list[str]:
    problems = []
    with sqlite3.connect(db) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check failed")
        articles = {r[0] for r in conn.execute("SELECT id FROM articles")}
        membership: dict[str, list[str]] = {}
        for story_id, article_id in conn.execute("SELECT story_id, article_id FROM story_articles"):
            membership.setdefault(article_id, []).append(story_id)
        for article_id in sorted(articles):
            if len(membership.get(article_id, [])) != 1:
                problems.append(f"article {article_id} is in {len(membership.get(article_id, []))} stories")
        if set(membership) - articles:
            problems.append(f"story members that are not stored articles: {sorted(set(membership) - articles)}")
        for story_id, data in conn.execute("SELECT id, data FROM stories"):
            listed = set(json.loads(data)["article_ids"])
            rows = {a for a, stories in membership.items() if story_id in stories}
            if listed != rows or not listed:
                problems.append(f"story {story_id} lists {sorted(listed)} but holds {sorted(rows)}")
    return problems


@pytest.mark.slow
def test_ingest_killed_mid_write_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL")
    articles, _ = prepare(list(load_inputs([DEMO]).articles), Settings())
    expected = len(articles)
    assert expected > 10

    db = tmp_path / "store.sqlite"
    delay = random.Random().uniform(0.0, 0.4)  # a random point after the first commit
    was_running, at_kill = _kill_after_writing_starts(db, delay)
    assert at_kill in {0, expected}, f"{at_kill} of {expected} articles: the article insert is not atomic"
    assert "integrity_check failed" not in _consistency_problems(db)

    rerun = subprocess.run(_cli("ingest", str(DEMO), "--db", str(db)), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    stats = subprocess.run(_cli("stats", "--db", str(db), "--format", "json"), capture_output=True, text=True,
                           timeout=120)
    counts = json.loads(stats.stdout)
    assert counts["articles"] == expected, (was_running, delay)
    assert _consistency_problems(db) == []
    assert counts["stories"] >= 1
    # killed at any point, the index save included: the rerun leaves no temporary file and an index
    # holding exactly the store's keys
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    index = Path(f"{db}.usearch")
    if index.exists():
        with index.open("rb") as handle:
            header = json.loads(handle.readline())
        with sqlite3.connect(db) as conn:
            assert header["count"] == conn.execute("SELECT COUNT(*) FROM ann_keys").fetchone()[0]
