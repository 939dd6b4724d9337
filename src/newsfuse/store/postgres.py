"""The store on a PostgreSQL server: ``Store("postgresql://user@host/db")`` (psycopg 3).

The same tables, migrations and behaviour as the SQLite file, through the dialect seam of ``base``: the
store's modules write their SQL once (``?`` placeholders, ``ON CONFLICT`` upserts both back-ends
understand) and this connection translates the placeholders; the schema (``pg_schema``) and the text
search (``search``) are written per back-end.

Writers queue on a lock, as with SQLite's ``BEGIN IMMEDIATE``: every write transaction begins by taking
a transaction-scoped advisory lock of the store (``pg_advisory_xact_lock``, one per database schema), so
an incremental add holds it from its first read of the clustering state to its commit, and a second
writer — another process, another machine — waits for it, then reads what the first committed. The
transactions run at READ COMMITTED, so every statement after the lock sees everything committed before
it (REPEATABLE READ would take its snapshot at the lock statement itself: before the lock was granted,
missing the previous writer's commit). The lock goes with the transaction: a killed writer's lock is
released when the server notices the connection closed, and its transaction is rolled back. Why a lock
rather than SERIALIZABLE with retries: the add reads a region of stories, the clustering state and the
index keys, computes for seconds (minutes for a rebuild), and writes across them all; under SERIALIZABLE
two concurrent adds would both do the work and one would fail at commit and start over, and a rebuild
would rarely get through under a stream of adds. Queuing does each piece of work once.

Readers never wait: they take no lock, and PostgreSQL's MVCC shows each statement the last committed
state while a writer works. A read-only store's session is ``default_transaction_read_only``, so the
server itself refuses any write through it.

The nearest-neighbour index of a PostgreSQL store is not a file (there is no directory beside a URL):
the vectors and their index keys are tables like the rest, and each process builds the usearch index in
memory from them when it first needs it, keeping it while the key table is unchanged and bringing it up
to date from the table when it changed (``index``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import pq

from newsfuse.errors import StoreError
from newsfuse.store.base import WRITE_TIMEOUT, Connection, Rows, Writer, damaged, redacted

CONNECT_TIMEOUT = 10  # seconds to reach the server before giving up (unless the URL says)
# The advisory lock of a store: (this class id, a hash of the schema the store's tables live in).
LOCK_CLASS = 0x6E6673  # "nfs"
LOCK = f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, hashtext(current_schema()))"


@lru_cache(maxsize=256)
def translate(query: str) -> str:
    """A query of the store's modules (``?`` placeholders, as SQLite) in psycopg's ``%s`` style. The
    store's SQL holds no ``?`` inside a literal (PostgreSQL's jsonb ``?`` operators are not used)."""
    return query.replace("%", "%%").replace("?", "%s")


class PgWriter(Writer):
    """The statements of a write transaction on PostgreSQL."""

    conn: PgConnection

    def executemany(self, query: str, rows: Sequence[Sequence[Any]]) -> int:
        if not rows:
            return 0
        with self.conn.db.cursor() as cursor:
            cursor.executemany(translate(query), rows)
            return max(cursor.rowcount, 0)

    def insert_key(self, query: str, params: Sequence[Any], column: str) -> int:
        row = self.conn.raw_execute(f"{query} RETURNING {column}", params).fetchone()
        return int(row[0])

    def insert_keys(self, query: str, rows: Sequence[Sequence[Any]], column: str) -> list[int]:
        """All rows in one pipelined batch (not a round trip per row), their keys in the order of the rows."""
        keys: list[int] = []
        if not rows:
            return keys
        with self.conn.db.cursor() as cursor:
            cursor.executemany(translate(f"{query} RETURNING {column}"), rows, returning=True)
            while True:
                keys += [int(r[0]) for r in cursor.fetchall()]
                if not cursor.nextset():
                    break
        return keys


class PgConnection(Connection):
    """One connection to a PostgreSQL store, in autocommit mode between write transactions (a read is a
    statement of its own, seeing the last committed state)."""

    dialect = "postgresql"
    errors: tuple[type[Exception], ...] = (psycopg.Error,)
    like = "ILIKE"
    db: psycopg.Connection[Any]

    def raw_execute(self, query: str, params: Sequence[Any]) -> Any:
        if not params:
            return self.db.execute(query.encode())  # no placeholders: taken as written
        return self.db.execute(translate(query), params)

    def writer(self) -> Writer:
        return PgWriter(self)

    def begin(self) -> None:
        self.raw_execute("BEGIN", ())
        self.raw_execute(LOCK, ())

    def in_transaction(self) -> bool:
        return self.db.info.transaction_status != pq.TransactionStatus.IDLE

    def read_error(self, exc: Exception) -> StoreError:
        if _is_damage(exc):
            return StoreError(damaged(self.path, _first_line(exc)))
        return StoreError(f"store {self.path} cannot be read: {_first_line(exc)}")

    def write_error(self, exc: Exception) -> StoreError:
        if _is_damage(exc):
            return StoreError(damaged(self.path, _first_line(exc)))
        return StoreError(f"store {self.path}: {_first_line(exc)}")

    def execute(self, query: str, params: Sequence[Any] = ()) -> Rows:
        if "\x00" in "".join(p for p in params if isinstance(p, str)):
            # PostgreSQL's text holds no NUL character, so no stored text has one: a search for one
            # finds nothing (rather than failing)
            params = tuple(p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params)
        return super().execute(query, params)


def _is_damage(exc: Exception) -> bool:
    """Whether the server says its data is damaged (SQLSTATE class XX: data_corrupted, index_corrupted)."""
    return str(getattr(exc, "sqlstate", "") or "").startswith("XX00")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def connect(url: str, *, readonly: bool) -> PgConnection:
    """A connection to the PostgreSQL store at `url`, its schema checked (and, unless `readonly`, brought
    up to date: ``pg_schema``)."""
    from newsfuse.store.pg_schema import open_schema

    name = redacted(url)
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise StoreError(f"cannot open store {name}: {_first_line(exc)}") from exc
    extra: dict[str, Any] = {"application_name": "newsfuse"}
    if "connect_timeout" not in params:
        extra["connect_timeout"] = CONNECT_TIMEOUT
    try:
        db = psycopg.connect(url, autocommit=True, **extra)
    except psycopg.Error as exc:
        raise StoreError(f"cannot open store {name}: {_first_line(exc)}") from exc
    conn = PgConnection(name, db, readonly=readonly)
    try:
        if readonly:
            db.execute("SET default_transaction_read_only = on")
        else:
            db.execute(f"SET lock_timeout = '{int(WRITE_TIMEOUT)}s'")
        open_schema(conn)
    except psycopg.Error as exc:
        db.close()
        raise StoreError(f"cannot open store {name}: {_first_line(exc)}") from exc
    except BaseException:
        db.close()
        raise
    return conn
