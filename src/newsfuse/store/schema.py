"""The store's schema as an ordered list of migrations, numbered by SQLite's ``PRAGMA user_version``.

Why versions: the schema used to be created with ``CREATE TABLE IF NOT EXISTS`` on every open, which
can add a table but never change one, and gave no way to tell an old store from a new one. Now the
file says which migrations it has had (``user_version``), and:

* a new store runs every migration, in one transaction, after being put in WAL mode (for good: the
  journal mode is kept in the file, so readers never set it);
* a store made before versions (``user_version`` 0 with the tables present) is recognised by its
  tables and upgraded in place: migration 1 is today's old schema written idempotently (``IF NOT
  EXISTS``), so it completes any older variant of it and keeps every row, and the later migrations run
  as for any store;
* a store whose version is newer than this code knows is refused (``StoreError``): an older newsfuse
  must not write into a schema it does not understand;
* a read-only open never migrates: it checks that the version is the current one, else it refuses
  with a message saying how to upgrade the store (open it for writing once: ``newsfuse migrate``).

Migrations are never edited once released: a change of schema is a new step at the end of the list.
Each step is a tuple of single statements (not a script: ``executescript`` would commit the
transaction the steps run in).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from newsfuse.errors import StoreError


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: the statements that take a store from version ``version - 1`` to ``version``."""

    version: int
    why: str
    statements: tuple[str, ...]


# The schema as it was before migrations (the legacy stores' tables), plus the store's random token.
_BASELINE = (
    """CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        title TEXT,
        published TEXT,
        text TEXT NOT NULL,
        removed TEXT NOT NULL,
        duplicate_of TEXT,
        metadata TEXT NOT NULL,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    )""",
    """CREATE TABLE IF NOT EXISTS parsed (
        article_id TEXT PRIMARY KEY,
        text_hash TEXT NOT NULL,
        version TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS stories (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL,
        title TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS story_articles (
        story_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (story_id, article_id)
    )""",
    "CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles(article_id)",
    """CREATE TABLE IF NOT EXISTS vectors (
        article_id TEXT PRIMARY KEY,
        text_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        vector BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS stories_thread ON stories(thread_id)",
    """CREATE TABLE IF NOT EXISTS meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS cluster_items (
        article_id TEXT PRIMARY KEY,
        published TEXT,
        vector TEXT NOT NULL,
        lookup TEXT NOT NULL,
        links TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS cluster_df (
        key TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS cluster_postings (
        key TEXT NOT NULL,
        published TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (key, published, article_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS ann_keys (
        key INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL UNIQUE,
        model TEXT NOT NULL
    )""",
    "INSERT OR IGNORE INTO meta (name, value) VALUES ('token', lower(hex(randomblob(16))))",
)

# The searchable pieces of stories, one row per piece: a story's title, each summary sentence, each
# entity name and alias (as the old LIKE search matched them one by one: a phrase never runs from one
# piece into the next). `{rows}` is the stories they come from: the table, or a trigger's new row.
_PIECES = """
    SELECT story_id, field, text FROM (
        SELECT s.id AS story_id, 'title' AS field, s.title AS text FROM {rows} s
        UNION SELECT s.id, 'summary', json_extract(j.value, '$.text')
            FROM {rows} s, json_each(s.data, '$.summary') j
        UNION SELECT s.id, 'entity', json_extract(e.value, '$.name')
            FROM {rows} s, json_each(s.data, '$.entities') e
        UNION SELECT s.id, 'entity', a.value
            FROM {rows} s, json_each(s.data, '$.entities') e, json_each(e.value, '$.aliases') a
    ) WHERE text IS NOT NULL AND text != ''
"""
_NEW_STORY = "(SELECT new.id AS id, new.title AS title, new.data AS data)"

# Story search by SQLite FTS5. The pieces live in `story_text` (an integer key that VACUUM keeps, the
# story id indexed for deletes); `story_search` indexes their words (external content: the text is
# stored once). Triggers keep both in step with `stories` inside the database, whoever writes it.
# Words are Unicode letters and digits, matched case- and accent-insensitively.
_STORY_SEARCH = (
    """CREATE TABLE story_text (
        id INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL,
        field TEXT NOT NULL CHECK (field IN ('title', 'summary', 'entity')),
        text TEXT NOT NULL
    )""",
    "CREATE INDEX story_text_story ON story_text(story_id)",
    """CREATE VIRTUAL TABLE story_search USING fts5(
        text, content='story_text', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER story_text_insert AFTER INSERT ON story_text BEGIN
        INSERT INTO story_search (rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER story_text_delete AFTER DELETE ON story_text BEGIN
        INSERT INTO story_search (story_search, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    # After an insert, the story's old pieces go first: INSERT OR REPLACE of a stored story id deletes
    # the old row without firing the delete trigger.
    f"""CREATE TRIGGER stories_insert_text AFTER INSERT ON stories BEGIN
        DELETE FROM story_text WHERE story_id = new.id;
        INSERT INTO story_text (story_id, field, text) {_PIECES.format(rows=_NEW_STORY)};
    END""",
    f"""CREATE TRIGGER stories_update_text AFTER UPDATE OF id, title, data ON stories BEGIN
        DELETE FROM story_text WHERE story_id = old.id;
        INSERT INTO story_text (story_id, field, text) {_PIECES.format(rows=_NEW_STORY)};
    END""",
    """CREATE TRIGGER stories_delete_text AFTER DELETE ON stories BEGIN
        DELETE FROM story_text WHERE story_id = old.id;
    END""",
    f"INSERT INTO story_text (story_id, field, text) {_PIECES.format(rows='stories')}",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the tables of the stores made before schema versions", _BASELINE),
    Migration(2, "full-text story search (FTS5) kept in step with the stories by triggers", _STORY_SEARCH),
)
SCHEMA_VERSION = MIGRATIONS[-1].version

# The tables a store made before schema versions can hold (older code made fewer of them).
LEGACY_TABLES = frozenset({"articles", "parsed", "stories", "story_articles", "vectors", "meta", "cluster_items",
                           "cluster_df", "cluster_postings", "ann_keys"})


def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def open_schema(db: sqlite3.Connection, path: str, *, readonly: bool) -> None:
    """Check the schema of a freshly opened store, and (unless `readonly`) bring it up to date.

    Writes nothing when the schema is current, so opening a current store for writing takes no lock.
    """
    version = user_version(db)
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StoreError(_too_new(path, version))
    if readonly:
        raise StoreError(_too_old(db, path, version))
    _migrate(db, path)


def _migrate(db: sqlite3.Connection, path: str) -> None:
    """Run the missing migrations in one transaction, holding the write lock (a second process opening
    the same new store waits, then finds it migrated)."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
        db.execute("PRAGMA journal_mode=WAL")  # kept in the file; cannot change inside a transaction
    db.execute("BEGIN IMMEDIATE")
    try:
        version = user_version(db)  # again, under the lock
        if version > SCHEMA_VERSION:
            raise StoreError(_too_new(path, version))
        if version == 0:
            _check_unversioned(db, path)
        for step in MIGRATIONS[version:]:
            for statement in step.statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {int(step.version)}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%'")}


def _check_unversioned(db: sqlite3.Connection, path: str) -> None:
    """An unversioned file must be empty (a new store) or a store made before schema versions."""
    foreign = _tables(db) - LEGACY_TABLES
    if foreign:
        raise StoreError(f"{path} is not a newsfuse store (it holds the tables {', '.join(sorted(foreign))})")


def _too_new(path: str, version: int) -> str:
    return (f"store {path} has schema version {version}, newer than this newsfuse knows ({SCHEMA_VERSION}): "
            "use a newer newsfuse")


def _too_old(db: sqlite3.Connection, path: str, version: int) -> str:
    if version == 0 and not _tables(db):
        return f"{path} holds no newsfuse store yet: create it with a write command (`newsfuse migrate --db {path}`)"
    made = f"schema version {version}" if version else "no schema version (made before versions)"
    return (f"store {path} has {made}; this newsfuse reads version {SCHEMA_VERSION}. A read-only open does not "
            f"upgrade it: open it for writing once, e.g. `newsfuse migrate --db {path}` (or any ingest), "
            "then retry")
