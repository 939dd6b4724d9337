"""The schema of a PostgreSQL store: the migrations of ``schema``, step for step, in PostgreSQL's SQL.

Each SQLite migration has its twin here under the same number (a store's version means the same on both
back-ends), recorded in the one-row table ``newsfuse_schema`` (PostgreSQL has no ``user_version``):

* a new store runs every migration in one transaction holding the store's write lock (``postgres``), so
  two processes opening the same new store do not both create it: the second waits, then finds it made;
* a store newer than this code is refused; a read-only open never migrates, and refuses an older store
  saying how to upgrade it (``newsfuse migrate --db URL``);
* a database schema holding other tables and no version is refused as not a newsfuse store: newsfuse
  wants a database (or a schema: ``?options=-csearch_path%3Dnews``) of its own.

The tables are SQLite's, with PostgreSQL's types: ``BYTEA`` for the vectors, an identity column for
the index keys (a sequence: never reused, even after a rollback). Every key and date column compares
with ``COLLATE "C"`` (by code point), so that ``ORDER BY id`` gives SQLite's order whatever the
database's locale. Story search is a ``tsvector`` per searchable piece with a GIN index (``search``);
the pieces are written with the stories by the store (``stories``), a deleted story's go with it
(``ON DELETE CASCADE``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from newsfuse.errors import StoreError
from newsfuse.store.base import Writer
from newsfuse.store.postgres import LOCK, PgConnection
from newsfuse.store.schema import MIGRATIONS, SCHEMA_VERSION
from newsfuse.store.search import story_pieces, tsvector_text
from newsfuse.types import Story


@dataclass(frozen=True, slots=True)
class PgMigration:
    """One schema step on PostgreSQL: statements, then (optionally) a step in Python."""

    version: int
    why: str
    statements: tuple[str, ...]
    fill: Callable[[Writer], None] | None = None


_C = 'TEXT COLLATE "C"'

_BASELINE = (
    f"""CREATE TABLE articles (
        id {_C} PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        title TEXT,
        published {_C},
        text TEXT NOT NULL,
        removed TEXT NOT NULL,
        duplicate_of {_C},
        metadata TEXT NOT NULL,
        added_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    )""",
    f"""CREATE TABLE parsed (
        article_id {_C} PRIMARY KEY,
        text_hash TEXT NOT NULL,
        version TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
    f"""CREATE TABLE stories (
        id {_C} PRIMARY KEY,
        thread_id {_C} NOT NULL,
        title TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
    f"""CREATE TABLE story_articles (
        story_id {_C} NOT NULL,
        article_id {_C} NOT NULL,
        PRIMARY KEY (story_id, article_id)
    )""",
    "CREATE INDEX story_articles_article ON story_articles(article_id)",
    f"""CREATE TABLE vectors (
        article_id {_C} PRIMARY KEY,
        text_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        vector BYTEA NOT NULL
    )""",
    "CREATE INDEX stories_thread ON stories(thread_id)",
    f"""CREATE TABLE meta (
        name {_C} PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    f"""CREATE TABLE cluster_items (
        article_id {_C} PRIMARY KEY,
        published {_C},
        vector TEXT NOT NULL,
        lookup TEXT NOT NULL,
        links TEXT NOT NULL
    )""",
    f"""CREATE TABLE cluster_df (
        key {_C} PRIMARY KEY,
        df INTEGER NOT NULL
    )""",
    f"""CREATE TABLE cluster_postings (
        key {_C} NOT NULL,
        published {_C} NOT NULL,
        article_id {_C} NOT NULL,
        PRIMARY KEY (key, published, article_id)
    )""",
    f"""CREATE TABLE ann_keys (
        key BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id {_C} NOT NULL UNIQUE,
        model TEXT NOT NULL
    )""",
    # the store's random id (32 hex digits, as SQLite's): md5 of a random number and the clock
    "INSERT INTO meta (name, value) VALUES ('token', md5(random()::text || clock_timestamp()::text)) "
    "ON CONFLICT DO NOTHING",
)

_STORY_SEARCH = (
    f"""CREATE TABLE story_text (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        story_id {_C} NOT NULL REFERENCES stories(id) ON DELETE CASCADE ON UPDATE CASCADE,
        field TEXT NOT NULL CHECK (field IN ('title', 'summary', 'entity')),
        text TEXT NOT NULL,
        words TSVECTOR NOT NULL
    )""",
    "CREATE INDEX story_text_story ON story_text(story_id)",
    "CREATE INDEX story_search ON story_text USING GIN (words)",
)

_STORY = TypeAdapter(Story)


def _index_stored_stories(db: Writer) -> None:
    """Fill the search pieces from the stories already stored (a store made at version 1)."""
    rows: list[tuple[str, str, str, str]] = []
    for story_id, data in db.execute("SELECT id, data FROM stories ORDER BY id").fetchall():
        story = _STORY.validate_json(data)
        rows += [(story_id, field, text, tsvector_text(text)) for field, text in story_pieces(story)]
    db.executemany("INSERT INTO story_text (story_id, field, text, words) VALUES (?, ?, ?, to_tsvector('simple', ?))",
                   rows)


PG_MIGRATIONS: tuple[PgMigration, ...] = (
    PgMigration(1, MIGRATIONS[0].why, _BASELINE),
    PgMigration(2, "full-text story search (tsvector, GIN) written with the stories", _STORY_SEARCH,
                _index_stored_stories),
)
assert [m.version for m in PG_MIGRATIONS] == [m.version for m in MIGRATIONS], "a migration lacks its PostgreSQL twin"

VERSION_TABLE = "newsfuse_schema"


def schema_version(conn: PgConnection) -> int:
    """The store's schema version: 0 when the database schema holds no newsfuse store."""
    # a query of the catalog (not to_regclass, whose cache may not yet show a table another session just
    # made: the lock taken before this is not one that refreshes it)
    found = conn.raw_execute("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                             f"AND tablename = '{VERSION_TABLE}'", ()).fetchone()
    if found is None:
        return 0
    row = conn.raw_execute(f"SELECT max(version) FROM {VERSION_TABLE}", ()).fetchone()
    return int(row[0] or 0)


def open_schema(conn: PgConnection) -> None:
    """Check the schema of a freshly opened store, and (unless read-only) bring it up to date."""
    version = schema_version(conn)
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StoreError(_too_new(conn.path, version))
    if conn.readonly:
        raise StoreError(_too_old(conn, version))
    _migrate(conn)


def _migrate(conn: PgConnection) -> None:
    """The missing migrations in one transaction, holding the store's write lock."""
    conn.raw_execute("BEGIN", ())
    try:
        conn.raw_execute(LOCK, ())
        version = schema_version(conn)  # again, under the lock
        if version > SCHEMA_VERSION:
            raise StoreError(_too_new(conn.path, version))
        if version == 0:
            if foreign := _tables(conn):
                raise StoreError(f"{conn.path} is not a newsfuse store (its schema holds the tables "
                                 f"{', '.join(sorted(foreign)[:10])}): give newsfuse a database of its own, or a "
                                 "schema of its own (`?options=-csearch_path%3Dnews`)")
            conn.raw_execute(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)", ())
            conn.raw_execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (0)", ())
        writer = conn.writer()
        for step in PG_MIGRATIONS[version:]:
            for statement in step.statements:
                conn.raw_execute(statement, ())
            if step.fill is not None:
                step.fill(writer)
            conn.raw_execute(f"UPDATE {VERSION_TABLE} SET version = {int(step.version)}", ())
        conn.raw_execute("COMMIT", ())
    except BaseException:
        if conn.in_transaction():
            conn.raw_execute("ROLLBACK", ())
        raise


def _tables(conn: PgConnection) -> set[str]:
    rows: Any = conn.raw_execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", ())
    return {r[0] for r in rows.fetchall()}


def _too_new(path: str, version: int) -> str:
    return (f"store {path} has schema version {version}, newer than this newsfuse knows ({SCHEMA_VERSION}): "
            "use a newer newsfuse")


def _too_old(conn: PgConnection, version: int) -> str:
    path = conn.path
    if version == 0:
        return f"{path} holds no newsfuse store yet: create it with a write command (`newsfuse migrate --db {path}`)"
    return (f"store {path} has schema version {version}; this newsfuse reads version {SCHEMA_VERSION}. A read-only "
            f"open does not upgrade it: open it for writing once, e.g. `newsfuse migrate --db {path}` (or any "
            "ingest), then retry")
