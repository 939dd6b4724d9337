"""The embedded store (SQLite): the only module that speaks SQL.

Why SQLite rather than DuckDB: the store's work is transactional — insert an article once, cache
its parse, replace a story's results — with a server reading while `ingest` writes. SQLite does
row-level upserts, atomic transactions and concurrent readers (WAL) with no extra dependency, and a
killed writer leaves the file consistent. Analytics over reports go through the exports instead.

Articles are keyed by their content-hash id, so storing the same input again adds nothing. Each
article's NLP result is cached under (id, hash of its cleaned text, pipeline version): re-running
on stored articles skips spaCy entirely.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from newsfuse.errors import StoreError
from newsfuse.types import Article, ParsedArticle, Story

PARSE_VERSION = "1"  # bump when the NLP stage's output changes meaning

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
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
);
CREATE TABLE IF NOT EXISTS parsed (
    article_id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL,
    title TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles(article_id);
CREATE TABLE IF NOT EXISTS vectors (
    article_id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
);
"""

_PARSED = TypeAdapter(ParsedArticle)
_STORY = TypeAdapter(Story)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class Store:
    """A SQLite file holding articles, cached parses and story results."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._db:
                yield self._db
        except sqlite3.Error as exc:
            raise StoreError(f"store {self.path}: {exc}") from exc

    # ----------------------------------------------------------------- articles

    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles not stored yet; returns how many were new. Existing ids are kept as they are
        except `duplicate_of`, which follows the latest analysis."""
        with self._transaction() as db:
            return _insert_articles(db, articles)

    def save_parsed(self, articles: Iterable[Article], parsed: Iterable[ParsedArticle]) -> int:
        """Articles and their fresh parses in one transaction (a killed writer leaves neither half)."""
        with self._transaction() as db:
            added = _insert_articles(db, articles)
            _upsert_parses(db, parsed)
        return added

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        query = "SELECT id, source, url, title, published, text, removed, duplicate_of, metadata FROM articles"
        params: tuple[Any, ...] = ()
        if ids is not None:
            query += f" WHERE id IN ({','.join('?' * len(ids))})"
            params = tuple(ids)
        rows = self._db.execute(query + " ORDER BY id", params).fetchall()
        return [
            Article(id=r[0], source=r[1], url=r[2], title=r[3], published=r[4], text=r[5],
                    removed=tuple(json.loads(r[6])), duplicate_of=r[7], metadata=json.loads(r[8]))
            for r in rows
        ]

    # ----------------------------------------------------------------- parse cache

    def cached_parses(self, articles: Sequence[Article]) -> dict[str, ParsedArticle]:
        """Cached NLP results for these articles, where the text and pipeline version still match."""
        wanted = {a.id: a for a in articles}
        found: dict[str, ParsedArticle] = {}
        query = "SELECT article_id, text_hash, data FROM parsed WHERE version = ? AND article_id IN ({})"
        for article_id, digest, data in self._rows_for_ids(query, (PARSE_VERSION,), list(wanted)):
            article = wanted[article_id]
            if digest == text_hash(article.text):
                parsed = _PARSED.validate_json(data)
                found[article_id] = ParsedArticle(article, parsed.sentences, parsed.mentions, parsed.terms)
        return found

    def _rows_for_ids(self, query: str, params: tuple[Any, ...], ids: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """Rows of `query` (whose "IN ({})" takes the ids) for many ids, in chunks SQLite accepts."""
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            yield from self._db.execute(query.format(",".join("?" * len(part))), (*params, *part))

    def put_parses(self, parsed: Iterable[ParsedArticle]) -> None:
        with self._transaction() as db:
            _upsert_parses(db, parsed)

    # ----------------------------------------------------------------- embeddings

    def cached_vectors(self, texts: Mapping[str, str], model: str) -> dict[str, tuple[float, ...]]:
        """Stored embeddings of these articles ({id: embedded text}) where text and model still match."""
        query = "SELECT article_id, text_hash, vector FROM vectors WHERE model = ? AND article_id IN ({})"
        return {article_id: tuple(array("f", blob))
                for article_id, digest, blob in self._rows_for_ids(query, (model,), list(texts))
                if digest == text_hash(texts[article_id])}

    def put_vectors(self, vectors: Mapping[str, tuple[str, tuple[float, ...]]], model: str) -> None:
        """Keep embeddings: {article id: (embedded text, vector)}."""
        rows = [(aid, text_hash(text), model, array("f", vec).tobytes()) for aid, (text, vec) in vectors.items()]
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO vectors (article_id, text_hash, model, vector) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET text_hash = excluded.text_hash, "
                "model = excluded.model, vector = excluded.vector",
                rows,
            )

    # ----------------------------------------------------------------- stories

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Store story results; a story replaces every stored story that shared an article with it."""
        with self._transaction() as db:
            _write_stories(db, stories)

    def replace_stories(self, stories: Sequence[Story]) -> None:
        """Replace every stored story with these, atomically (after a full rebuild)."""
        with self._transaction() as db:
            db.execute("DELETE FROM story_articles")
            db.execute("DELETE FROM stories")
            _write_stories(db, stories)

    def stories(self) -> list[Story]:
        return [_STORY.validate_json(r[0]) for r in self._db.execute("SELECT data FROM stories ORDER BY id")]

    def article_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def counts(self) -> dict[str, int]:
        """Articles and stories, and what the stories hold (decodes every story: for `stats`)."""
        out = {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
               for table in ("articles", "stories")}
        totals = {"entities": 0, "claims": 0, "facts": 0, "events": 0}
        for story in self.stories():
            for key in totals:
                totals[key] += len(getattr(story, key))
        return out | totals


    # --- queries for the web server
    # Read-only lookups the HTTP API and pages need: one story or article, paged and filtered lists.

    def story(self, story_id: str) -> Story | None:
        """One stored story, or None."""
        row = self._db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return _STORY.validate_json(row[0]) if row else None

    def article(self, article_id: str) -> Article | None:
        """One stored article, or None."""
        found = self.articles([article_id])
        return found[0] if found else None

    def story_ids_of_articles(self, article_ids: Sequence[str]) -> dict[str, list[str]]:
        """For each article id, the ids of the stored stories it belongs to (sorted)."""
        out: dict[str, list[str]] = {a: [] for a in article_ids}
        ids = list(out)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            rows = self._db.execute(
                f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({','.join('?' * len(part))}) "
                "ORDER BY story_id", part,
            ).fetchall()
            for article_id, story_id in rows:
                out[article_id].append(story_id)
        return out

    def find_stories(self, *, q: str | None = None, entity: str | None = None, date_from: str | None = None,
                     date_to: str | None = None, offset: int = 0, limit: int = 20) -> tuple[list[Story], int]:
        """A page of stories matching every given filter, most-reported first, and the total match count.

        `q` is a case-insensitive substring of the title or of a summary sentence; `entity` a substring
        of an entity's name or alias; `date_from`/`date_to` (YYYY[-MM[-DD]], inclusive) must overlap an
        event date or an article's published date.
        """
        where, params = _story_filters(q, entity, date_from, date_to)
        total = self._db.execute(f"SELECT COUNT(*) FROM stories s WHERE {where}", params).fetchone()[0]
        rows = self._db.execute(
            f"SELECT s.data FROM stories s WHERE {where} ORDER BY "
            "(SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = s.id) DESC, s.id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [_STORY.validate_json(r[0]) for r in rows], total

    def find_articles(self, *, q: str | None = None, source: str | None = None, offset: int = 0,
                      limit: int = 20) -> tuple[list[Article], int]:
        """A page of articles (newest first; undated last), optionally filtered by a substring of the title
        or text (`q`) and by exact outlet name (`source`), and the total match count."""
        clauses, params = ["1 = 1"], []
        if q:
            clauses.append("(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')")
            params += [_like(q), _like(q)]
        if source:
            clauses.append("a.source = ?")
            params.append(source)
        where = " AND ".join(clauses)
        total = self._db.execute(f"SELECT COUNT(*) FROM articles a WHERE {where}", params).fetchone()[0]
        ids = [r[0] for r in self._db.execute(
            f"SELECT a.id FROM articles a WHERE {where} "
            "ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?", (*params, limit, offset))]
        by_id = {a.id: a for a in self.articles(ids)} if ids else {}
        return [by_id[i] for i in ids], total


def _insert_articles(db: sqlite3.Connection, articles: Iterable[Article]) -> int:
    rows = [
        (a.id, a.source, a.url, a.title, a.published, a.text, json.dumps(list(a.removed)), a.duplicate_of,
         json.dumps(a.metadata, ensure_ascii=False, default=str))
        for a in articles
    ]
    before = db.total_changes
    db.executemany(
        "INSERT INTO articles (id, source, url, title, published, text, removed, duplicate_of, metadata) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
        rows,
    )
    added = db.total_changes - before
    db.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?", [(r[7], r[0]) for r in rows])
    return added


def _upsert_parses(db: sqlite3.Connection, parsed: Iterable[ParsedArticle]) -> None:
    rows = [(p.article.id, text_hash(p.article.text), PARSE_VERSION, _PARSED.dump_json(p).decode()) for p in parsed]
    db.executemany(
        "INSERT INTO parsed (article_id, text_hash, version, data) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(article_id) DO UPDATE SET text_hash = excluded.text_hash, "
        "version = excluded.version, data = excluded.data",
        rows,
    )


def _write_stories(db: sqlite3.Connection, stories: Sequence[Story]) -> None:
    for story in stories:
        marks = ",".join("?" * len(story.article_ids))
        stale = [r[0] for r in db.execute(
            f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks})", story.article_ids)]
        for old in stale:
            db.execute("DELETE FROM stories WHERE id = ?", (old,))
            db.execute("DELETE FROM story_articles WHERE story_id = ?", (old,))
        db.execute("INSERT OR REPLACE INTO stories (id, thread_id, title, data) VALUES (?, ?, ?, ?)",
                   (story.id, story.thread_id, story.title, _STORY.dump_json(story).decode()))
        db.executemany("INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)",
                       [(story.id, a) for a in story.article_ids])


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_STORY_DATES = """
    SELECT json_extract(e.value, '$.date') AS d FROM json_each(s.data, '$.events') e
    WHERE json_extract(e.value, '$.date') IS NOT NULL
    UNION ALL
    SELECT substr(a.published, 1, 10) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
    WHERE sa.story_id = s.id AND a.published IS NOT NULL
"""


def _story_filters(q: str | None, entity: str | None, date_from: str | None,
                   date_to: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause (over `stories s`) and its parameters for `Store.find_stories`."""
    clauses, params = ["1 = 1"], []
    if q:
        clauses.append(
            "(s.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(s.data, '$.summary') j "
            "WHERE json_extract(j.value, '$.text') LIKE ? ESCAPE '\\'))")
        params += [_like(q), _like(q)]
    if entity:
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(s.data, '$.entities') e WHERE json_extract(e.value, '$.name') "
            "LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(e.value, '$.aliases') al "
            "WHERE al.value LIKE ? ESCAPE '\\'))")
        params += [_like(entity), _like(entity)]
    if date_from or date_to:
        # A partial date ("2025-09") is the interval it names: compare its first and last possible day.
        clauses.append(
            f"EXISTS (SELECT 1 FROM ({_STORY_DATES}) WHERE "
            "d || substr('9999-12-31', length(d) + 1) >= ? AND d || substr('0000-01-01', length(d) + 1) <= ?)")
        params += [_pad_date(date_from or "0000", "0000-01-01"), _pad_date(date_to or "9999", "9999-12-31")]
    return " AND ".join(clauses), params


def _pad_date(value: str, filler: str) -> str:
    """Complete a partial YYYY[-MM[-DD]] date with `filler`'s tail: its first or last possible day."""
    return value + filler[len(value):]
