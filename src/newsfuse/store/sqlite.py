"""The embedded store (SQLite): one ``Store`` over one connection, made of one part per concern.

Why SQLite rather than DuckDB: the store's work is transactional — insert an article once, cache its
parse, replace a story's results — with a server reading while `ingest` writes. SQLite does row-level
upserts, atomic transactions and concurrent readers (WAL) with no extra dependency, and a killed writer
leaves the file consistent. Analytics over reports go through the exports instead.

All SQL lives in this package, one module per concern: ``schema`` (the migrations), ``articles``,
``parses``, ``vectors``, ``clustering`` (the incremental clustering state and index keys), ``stories``
and ``search``; ``base`` holds the connection and transactions they share. ``Store`` composes them.

Readers and writers: ``Store(path, readonly=True)`` opens the file read-only and writes nothing, ever
(it refuses a store whose schema is not the current one rather than migrating it); in WAL mode it reads
the last committed state without waiting for a writer. A writable ``Store`` migrates the schema when it
opens (once, under the write lock) and takes the write lock at the start of every transaction, so two
writers (two `ingest` processes, the server's upload) queue instead of interleaving.

``Store("postgresql://...")`` opens a store on a PostgreSQL server instead (``postgres``): the same
``Store``, over a connection of PostgreSQL's dialect (see ``base``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsfuse.errors import StoreError
from newsfuse.store.articles import ArticleStore
from newsfuse.store.base import Connection, connect, damaged, index_in_the_way, is_damage, is_url
from newsfuse.store.clustering import ClusterState
from newsfuse.store.parses import ParseCache
from newsfuse.store.schema import open_schema
from newsfuse.store.stories import StoryStore
from newsfuse.store.vectors import VectorStore


class Store(ArticleStore, ParseCache, VectorStore, ClusterState, StoryStore):
    """A SQLite file (or a PostgreSQL database, given a ``postgresql://`` URL) holding articles, cached
    parses, embeddings, story results and the clustering state.

    ``readonly=True`` opens it for reading only (the server's pages and GET requests, `stats`, `export`).
    """

    conn: Connection

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        name = str(path)
        if is_url(name):
            from newsfuse.store import postgres

            self.conn = postgres.connect(name, readonly=readonly)
            return
        if not readonly and (problem := index_in_the_way(name)):
            raise StoreError(f"cannot open store {name} for writing: {problem}")
        try:
            db = connect(name, readonly=readonly)
        except sqlite3.Error as exc:
            raise _open_error(name, exc) from exc
        try:
            open_schema(db, name, readonly=readonly)
        except sqlite3.Error as exc:
            db.close()
            raise _open_error(name, exc) from exc
        except BaseException:
            db.close()
            raise
        self.conn = Connection(name, db, readonly=readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def counts(self) -> dict[str, int]:
        """Articles, stories and threads, and what the stories hold (decodes every story: for `stats`)."""
        out = {"articles": self.article_count(), "stories": self.story_count(),
               "threads": self.conn.execute("SELECT COUNT(DISTINCT thread_id) FROM stories").fetchone()[0]}
        totals = {"entities": 0, "claims": 0, "facts": 0, "events": 0}
        for story in self.stories():
            for key in totals:
                totals[key] += len(getattr(story, key))
        return out | totals


def _open_error(path: str, exc: sqlite3.Error) -> StoreError:
    return StoreError(damaged(path, str(exc)) if is_damage(exc) else f"cannot open store {path}: {exc}")
