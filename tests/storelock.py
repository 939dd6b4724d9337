"""A helper for tests of readers and writers: hold a store's write lock from another connection."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def write_locked(db: Path, seconds: float = 3.0) -> Iterator[float]:
    """Hold the write lock of `db` (BEGIN IMMEDIATE and a pending write) for `seconds` in a thread; yields
    once the lock is held, with the monotonic time at which it will be let go."""
    held, release = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def hold() -> None:
        try:
            conn = sqlite3.connect(db, isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('lock-test', 'pending')")
            held.set()
            release.wait(seconds)
            conn.execute("ROLLBACK")
            conn.close()
        except BaseException as exc:  # reported to the test below
            failure.append(exc)
            held.set()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    held.wait(10)
    if failure:
        raise failure[0]
    until = time.monotonic() + seconds
    try:
        yield until
    finally:
        release.set()
        thread.join(10)
    if failure:
        raise failure[0]


def lock_is_held(db: Path) -> bool:
    """Whether another connection holds the write lock of `db` right now."""
    conn = sqlite3.connect(db, isolation_level=None, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()
