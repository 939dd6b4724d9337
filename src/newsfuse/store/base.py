"""What every part of the store shares: one SQLite connection, its transactions, chunked lookups by id,
and the ``meta`` table of named values.

The connection runs with Python's implicit transactions turned off (``isolation_level=None``) and
every write transaction begins with ``BEGIN IMMEDIATE``: a writer takes the write lock before it reads
what it will write from. With SQLite's default deferred transactions, two writers could each read a
snapshot, and the second to write would fail with SQLITE_BUSY (its snapshot went stale), or — when the
reads were made outside the transaction, as the incremental add did — write over the other's work.
Taking the lock first makes the second writer queue on the busy timeout instead.

A read-only connection (``mode=ro``) never takes the write lock: in WAL mode it reads the last
committed state while a writer works, and never waits for it.

A damaged file (a torn page, bytes overwritten, a story that no longer decodes) shows itself while a row
is read, often long after the open. Every read goes through ``Connection.execute`` (or ``rows_for_ids``),
whose rows raise ``StoreError`` naming the store and what to do, and every decoding of a stored value
goes through ``Connection.decoding``: a command reports a damaged store in one line, never a traceback.

The dialect seam: the store's modules write their SQL once, with ``?`` placeholders and the upserts both
back-ends understand (``INSERT ... ON CONFLICT (...) DO NOTHING | DO UPDATE``), and read through
``Connection.execute`` and write through the ``Writer`` a write transaction yields. ``Connection`` is
SQLite's; ``newsfuse.store.postgres.PgConnection`` is PostgreSQL's (placeholders translated, writers
queued on an advisory lock). Where the two differ beyond that (the schema, text search, a ``LIKE`` that
ignores case), the connection says which ``dialect`` it speaks and the module picks its SQL.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from newsfuse.errors import StoreError

# How long a writer waits for another writer's lock: an incremental add holds it while it regroups and
# rebuilds the stories it touches, a full rebuild while it reclusters the whole store (minutes on a
# large store); a second `ingest` must queue behind it rather than fail.
WRITE_TIMEOUT = 600.0
# A reader never waits for a writer in WAL mode; this only covers SQLite's brief internal locks (a
# WAL-index recovery after a crashed writer, a checkpoint resetting the log).
READ_TIMEOUT = 5.0
CHUNK = 500  # ids per "IN (...)" query: well under SQLite's limit on bound parameters


INDEX_SUFFIX = ".usearch"  # the nearest-neighbour index file beside a store: <db>.usearch (``index``)


def is_url(location: str) -> bool:
    """Whether a store location names a PostgreSQL server (``postgresql://...``) rather than a file."""
    return location.startswith(("postgresql://", "postgres://"))


def redacted(location: str) -> str:
    """A store location fit for messages: a URL's password replaced by ``***`` (a file path as it is)."""
    if not is_url(location):
        return location
    location = re.sub(r"^([a-z]+://[^/@:]*):[^/@]*@", r"\1:***@", location)
    return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", location)


def index_in_the_way(path: str) -> str | None:
    """Why the index file of the store at `path` cannot be written: something that is not ours to
    replace (a directory) sits where it belongs. None when that path is free or holds a file (or when
    there is no file: an in-memory store, a PostgreSQL store)."""
    if path == ":memory:" or is_url(path):
        return None
    where = Path(path + INDEX_SUFFIX)
    if where.is_dir():
        return (f"{where} is a directory, where the store's nearest-neighbour index file belongs: move it "
                "away (the index is then rebuilt from the store)")
    return None


def text_hash(text: str) -> str:
    """A short hash of a text: a cached parse or embedding is valid while the text hashes the same."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def connect(path: str, *, readonly: bool) -> sqlite3.Connection:
    """A connection to the store file at `path` (created if missing, unless `readonly`).

    A read-only connection opens a ``file:...?mode=ro`` URI: SQLite refuses any write on it, and
    opening it writes nothing (the writer that created the store put it in WAL mode for good).
    """
    if not readonly:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=WRITE_TIMEOUT, isolation_level=None)
        db.execute("PRAGMA synchronous=NORMAL")  # per connection: safe with WAL, no fsync per commit
        return db
    if path == ":memory:":
        raise StoreError("an in-memory store cannot be opened read-only")
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT, isolation_level=None)


# What SQLite says of a file that is not (or no longer) a sound database, and what Python's sqlite3 says
# of a text column holding bytes that are not UTF-8 (overwritten bytes).
_DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_INDEX", "SQLITE_CORRUPT_SEQUENCE",
                           "SQLITE_CORRUPT_VTAB"})
_DAMAGE_WORDS = ("malformed", "not a database", "could not decode")


def is_damage(exc: Exception) -> bool:
    """Whether an SQLite error says the file is damaged (rather than locked, missing or unwritable)."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    return code in _DAMAGE_CODES or any(word in str(exc).lower() for word in _DAMAGE_WORDS)


def damaged(path: str, what: str) -> str:
    """The message for a damaged store: what failed, and what the user can do about it."""
    return (f"store {path} is damaged ({what}): restore it from a backup, or build a new store from the "
            "inputs (`newsfuse ingest PATH... --db NEW_FILE`)")


def read_error(path: str, exc: Exception) -> StoreError:
    """A ``StoreError`` for an SQLite error met while reading the store at `path`."""
    if is_damage(exc):
        return StoreError(damaged(path, _first_line(exc)))
    return StoreError(f"store {path} cannot be read: {_first_line(exc)}")


def write_error(path: str, exc: Exception) -> StoreError:
    """A ``StoreError`` for an SQLite error met while writing the store at `path`."""
    return StoreError(damaged(path, _first_line(exc)) if is_damage(exc) else f"store {path}: {exc}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


class Rows:
    """The rows of one read (a cursor's fetch methods and iteration); a database error while they are
    read (a damaged page, bytes that are not UTF-8, a lost server) is a ``StoreError``."""

    def __init__(self, conn: Connection, cursor: Any) -> None:
        self._conn = conn
        self._cursor = cursor

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone()
        except self._conn.errors as exc:
            raise self._conn.read_error(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return list(self._cursor.fetchall())
        except self._conn.errors as exc:
            raise self._conn.read_error(exc) from exc

    def __iter__(self) -> Iterator[Any]:
        # not `yield from` the cursor: closing an abandoned iteration would close the cursor, which
        # fails once the connection is closed
        while True:
            try:
                row = self._cursor.fetchone()
            except self._conn.errors as exc:
                raise self._conn.read_error(exc) from exc
            if row is None:
                return
            yield row


class Writer:
    """The statements of one write transaction: what the store's modules write through (``Connection.write``).
    SQLite's runs the statements as written; a dialect's subclass translates them."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def execute(self, query: str, params: Sequence[Any] = ()) -> Rows:
        return Rows(self.conn, self.conn.raw_execute(query, params))

    def executemany(self, query: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run `query` once per row; returns how many rows it inserted, updated or deleted in all."""
        db: sqlite3.Connection = self.conn.db
        before = db.total_changes
        db.executemany(query, rows)
        return db.total_changes - before

    def insert_key(self, query: str, params: Sequence[Any], column: str) -> int:
        """Run an INSERT and return the integer key the database gave the new row (its `column`)."""
        key = self.conn.raw_execute(query, params).lastrowid
        if key is None:  # never after an INSERT into a rowid table; typed Optional by sqlite3
            raise StoreError(f"store {self.conn.path}: no key was assigned by {query.split('(')[0].strip()}")
        return int(key)

    def insert_keys(self, query: str, rows: Sequence[Sequence[Any]], column: str) -> list[int]:
        """``insert_key`` for many rows: the new keys, in the order of the rows."""
        return [self.insert_key(query, row, column) for row in rows]


class Connection:
    """One open connection of a store and the depth of its write transaction (see the module doc).
    This one is SQLite's; ``newsfuse.store.postgres.PgConnection`` overrides the database-specific parts."""

    dialect = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)
    # the case-insensitive LIKE of the dialect (SQLite's LIKE ignores ASCII case; PostgreSQL's does not)
    like = "LIKE"

    def __init__(self, path: str, db: Any, *, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self.db = db
        self._depth = 0

    def close(self) -> None:
        self.db.close()

    def raw_execute(self, query: str, params: Sequence[Any]) -> Any:
        """Run one statement as the database's driver does (errors not translated); its cursor."""
        return self.db.execute(query, params)

    def execute(self, query: str, params: Sequence[Any] = ()) -> Rows:
        """A read: its rows (see ``Rows``); an error, here or while they are read, is a ``StoreError``."""
        try:
            return Rows(self, self.raw_execute(query, params))
        except self.errors as exc:
            raise self.read_error(exc) from exc

    def read_error(self, exc: Exception) -> StoreError:
        return read_error(self.path, exc)

    def write_error(self, exc: Exception) -> StoreError:
        return write_error(self.path, exc)

    def writer(self) -> Writer:
        return Writer(self)

    @contextmanager
    def decoding(self, what: str) -> Iterator[None]:
        """Decode a stored value (JSON, a story, a vector): one that does not decode means the file was
        damaged (the store only ever writes values it made), and is reported as such."""
        try:
            yield
        except (ValueError, TypeError, KeyError) as exc:  # json, pydantic (a ValueError), array, shapes
            raise StoreError(damaged(self.path, f"{what} cannot be decoded: {_first_line(exc)}")) from exc

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One write transaction, begun holding the store's write lock (it waits for another writer to
        finish: BEGIN IMMEDIATE in SQLite); nested uses join the outermost one, which commits or rolls back all."""
        if self.readonly:
            raise StoreError(f"store {self.path} is open read-only")
        writer = self.writer()
        if self._depth:
            self._depth += 1
            try:
                yield writer
            finally:
                self._depth -= 1
            return
        try:
            self.begin()
        except self.errors as exc:
            self._rollback()
            raise StoreError(f"store {self.path}: cannot take the write lock: {_first_line(exc)}") from exc
        self._depth = 1
        try:
            yield writer
            self.raw_execute("COMMIT", ())
        except self.errors as exc:
            self._rollback()
            raise self.write_error(exc) from exc
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def begin(self) -> None:
        """Begin a write transaction holding the write lock."""
        self.raw_execute("BEGIN IMMEDIATE", ())

    def in_transaction(self) -> bool:
        return bool(self.db.in_transaction)

    def _rollback(self) -> None:
        if self.in_transaction():  # some errors (disk full, I/O) already rolled it back
            # on a damaged file ROLLBACK may fail too: the error that brought us here is the one to report
            with suppress(*self.errors):
                self.raw_execute("ROLLBACK", ())

    def rows_for_ids(self, query: str, params: Sequence[Any], ids: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        """Rows of `query` (whose "IN ({})" takes the ids) for many ids, in chunks SQLite accepts."""
        for start in range(0, len(ids), CHUNK):
            part = ids[start:start + CHUNK]
            yield from self.execute(query.format(",".join("?" * len(part))), (*params, *part))

    def grouped(self, query: str, keys: Sequence[str]) -> dict[str, list[str]]:
        """{key: [value, ...]} from a query selecting (key, value) rows for the keys (every key present)."""
        out: dict[str, list[str]] = {k: [] for k in keys}
        for key, value in self.rows_for_ids(query, (), list(keys)):
            out[key].append(value)
        return out


class StoreBase:
    """What every part of the ``Store`` builds on: its connection and the named values of ``meta``."""

    conn: Connection

    @property
    def path(self) -> str:
        return self.conn.path

    @property
    def readonly(self) -> bool:
        return self.conn.readonly

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: everything written inside commits together, or nothing does. The write lock is
        taken at the start (another writer waits), so what is read inside stays true until the commit."""
        with self.conn.write():
            yield

    @property
    def token(self) -> str:
        """A random id of this store file, made when it was created (tells its index file apart)."""
        return self.meta("token") or ""

    def meta(self, name: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str | None) -> None:
        """Set (or with None, delete) one named value."""
        with self.conn.write() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE name = ?", (name,))
            else:
                db.execute("INSERT INTO meta (name, value) VALUES (?, ?) "
                           "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))
