"""The embedded store (SQLite): the only module that speaks SQL.

Why SQLite rather than DuckDB: the store's work is transactional — insert an article once, cache
its parse, replace a story's results — with a server reading while `ingest` writes. SQLite does
row-level upserts, atomic transactions and concurrent readers (WAL) with no extra dependency, and a
killed writer leaves the file consistent. Analytics over reports go through the exports instead.

Articles are keyed by their content-hash id, so storing the same input again adds nothing. Each
article's NLP result is cached under (id, hash of its cleaned text, pipeline version): re-running
on stored articles skips spaCy entirely.

Beside the results, the store keeps the state that lets new articles join stories without
re-clustering everything (``newsfuse.pipeline.incremental``): per clustered article its tf-idf vector, lookup
keys and strongest link weights (``cluster_items``), document frequencies (``cluster_df``), an inverted
index of lookup keys (``cluster_postings``), and the integer keys of the approximate-nearest-neighbour
index file beside the store (``ann_keys``, see ``newsfuse.store.index``). The state is valid only while the
``meta`` row ``cluster_state`` is set: a full rebuild sets it, any other story write clears it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from newsfuse.errors import StoreError
from newsfuse.types import Article, ParsedArticle, Story

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
CREATE INDEX IF NOT EXISTS stories_thread ON stories(thread_id);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_items (
    article_id TEXT PRIMARY KEY,
    published TEXT,
    vector TEXT NOT NULL,
    lookup TEXT NOT NULL,
    links TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_df (
    key TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cluster_postings (
    key TEXT NOT NULL,
    published TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (key, published, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ann_keys (
    key INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL UNIQUE,
    model TEXT NOT NULL
);
"""

_PARSED = TypeAdapter(ParsedArticle)
_STORY = TypeAdapter(Story)


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """One clustered article's incremental-clustering state (see ``newsfuse.cluster.Item``)."""

    article_id: str
    published: str | None  # YYYY-MM-DD, None when unknown
    vector: Mapping[str, float]  # unit tf-idf vector under the idf of when it was computed
    lookup: tuple[str, ...]  # its heaviest shared keys (its entries in the inverted index)
    links: tuple[float, ...]  # its strongest link weights in the story graph, strongest first


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
            with self._db:
                self._db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('token', ?)", (uuid.uuid4().hex,))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self._depth = 0

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction; nested uses join the outermost one (which commits or rolls back all)."""
        if self._depth:
            self._depth += 1
            try:
                yield self._db
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._db:
                yield self._db
        except sqlite3.Error as exc:
            raise StoreError(f"store {self.path}: {exc}") from exc
        finally:
            self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: everything written inside commits together, or nothing does."""
        with self._transaction():
            yield

    @property
    def token(self) -> str:
        """A random id of this store file, made when it was created (tells its index file apart)."""
        return self.meta("token") or ""

    def meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str | None) -> None:
        """Set (or with None, delete) one named value."""
        with self._transaction() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE name = ?", (name,))
            else:
                db.execute("INSERT INTO meta (name, value) VALUES (?, ?) "
                           "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))

    # ----------------------------------------------------------------- articles

    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles not stored yet; returns how many were new. Existing ids are kept as they are
        except `duplicate_of`, which follows the latest analysis."""
        with self._transaction() as db:
            return _insert_articles(db, articles)

    def save_parsed(self, articles: Iterable[Article], parsed: Iterable[ParsedArticle], version: str) -> int:
        """Articles and their fresh parses (made by NLP stage ``version``) in one transaction (a killed
        writer leaves neither half)."""
        with self._transaction() as db:
            added = _insert_articles(db, articles)
            _upsert_parses(db, parsed, version)
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

    def cached_parses(self, articles: Sequence[Article], version: str) -> dict[str, ParsedArticle]:
        """Cached NLP results for these articles, where the text and the NLP stage's ``version`` still match."""
        wanted = {a.id: a for a in articles}
        found: dict[str, ParsedArticle] = {}
        query = "SELECT article_id, text_hash, data FROM parsed WHERE version = ? AND article_id IN ({})"
        for article_id, digest, data in self._rows_for_ids(query, (version,), list(wanted)):
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

    def put_parses(self, parsed: Iterable[ParsedArticle], version: str) -> None:
        with self._transaction() as db:
            _upsert_parses(db, parsed, version)

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
            # A changed vector gets a new index key: a key always names one vector.
            for chunk in range(0, len(rows), 500):
                part = [r[0] for r in rows[chunk:chunk + 500]]
                db.execute(f"DELETE FROM ann_keys WHERE article_id IN ({','.join('?' * len(part))})", part)

    def vectors(self, ids: Sequence[str], model: str) -> dict[str, tuple[float, ...]]:
        """Stored embeddings of these articles by this model (whatever text they were made from)."""
        query = "SELECT article_id, vector FROM vectors WHERE model = ? AND article_id IN ({})"
        return {aid: tuple(array("f", blob)) for aid, blob in self._rows_for_ids(query, (model,), list(ids))}

    # ----------------------------------------------------------------- nearest-neighbour index keys

    def ann_signature(self, model: str) -> tuple[int, int]:
        """(number of keys, largest key) of the index keys of this model: equal on two states of the
        key table exactly when no key was added or removed between them (keys are never reused)."""
        count, top = self._db.execute("SELECT COUNT(*), MAX(key) FROM ann_keys WHERE model = ?", (model,)).fetchone()
        return count, top or 0

    def ann_keys(self, model: str) -> list[int]:
        """Every index key of this model, ascending."""
        return [r[0] for r in self._db.execute("SELECT key FROM ann_keys WHERE model = ? ORDER BY key", (model,))]

    def ann_assign(self, article_ids: Sequence[str], model: str) -> dict[str, int]:
        """Fresh index keys for these articles' vectors (replacing any key they had)."""
        with self._transaction() as db:
            out = {}
            for aid in article_ids:
                db.execute("DELETE FROM ann_keys WHERE article_id = ?", (aid,))
                out[aid] = db.execute("INSERT INTO ann_keys (article_id, model) VALUES (?, ?)",
                                      (aid, model)).lastrowid
            return out

    def ann_articles(self, keys: Sequence[int]) -> dict[int, str]:
        """The article each of these index keys stands for (unknown keys are left out)."""
        query = "SELECT key, article_id FROM ann_keys WHERE key IN ({})"
        return dict(self._rows_for_ids(query, (), list(keys)))  # type: ignore[arg-type]

    def ann_vectors(self, keys: Sequence[int]) -> dict[int, tuple[float, ...]]:
        """The stored vectors these index keys stand for."""
        query = ("SELECT k.key, v.vector FROM ann_keys k JOIN vectors v ON v.article_id = k.article_id "
                 "AND v.model = k.model WHERE k.key IN ({})")
        return {key: tuple(array("f", blob)) for key, blob in self._rows_for_ids(query, (), list(keys))}  # type: ignore[arg-type]

    # ----------------------------------------------------------------- incremental clustering state

    def reset_cluster_state(self, rows: Sequence[ClusterRow], version: str) -> None:
        """Replace the whole clustering state with these rows (after a full rebuild) and mark it valid
        for `version`; document frequencies and postings follow from the rows."""
        with self._transaction() as db:
            for table in ("cluster_items", "cluster_df", "cluster_postings"):
                db.execute(f"DELETE FROM {table}")
            df: Counter[str] = Counter(key for row in rows for key in row.vector)
            db.executemany("INSERT INTO cluster_df (key, df) VALUES (?, ?)", sorted(df.items()))
            _insert_cluster_rows(db, rows)
            self.set_meta("cluster_count", str(len(rows)))
            self.set_meta("cluster_state", version)

    def add_cluster_rows(self, rows: Sequence[ClusterRow]) -> None:
        """Add newly clustered articles: their rows, postings, and +1 document frequency per key."""
        with self._transaction() as db:
            df: Counter[str] = Counter(key for row in rows for key in row.vector)
            db.executemany("INSERT INTO cluster_df (key, df) VALUES (?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET df = df + excluded.df", sorted(df.items()))
            _insert_cluster_rows(db, rows)
            self.set_meta("cluster_count", str(self.cluster_count() + len(rows)))

    def set_links(self, links: Mapping[str, tuple[float, ...]]) -> None:
        """New strongest link weights of clustered articles."""
        with self._transaction() as db:
            db.executemany("UPDATE cluster_items SET links = ? WHERE article_id = ?",
                           [(json.dumps(list(v)), aid) for aid, v in links.items()])

    def cluster_count(self) -> int:
        """How many articles the clustering state holds."""
        return int(self.meta("cluster_count") or 0)

    def cluster_rows(self, ids: Sequence[str]) -> dict[str, ClusterRow]:
        query = "SELECT article_id, published, vector, lookup, links FROM cluster_items WHERE article_id IN ({})"
        return {r[0]: ClusterRow(r[0], r[1], json.loads(r[2]), tuple(json.loads(r[3])), tuple(json.loads(r[4])))
                for r in self._rows_for_ids(query, (), list(ids))}

    def document_frequencies(self, keys: Sequence[str]) -> dict[str, int]:
        """How many clustered articles carry each of these keys (keys carried by none are left out)."""
        query = "SELECT key, df FROM cluster_df WHERE key IN ({})"
        return dict(self._rows_for_ids(query, (), list(keys)))  # type: ignore[arg-type]

    def posting_hits(self, keys: Sequence[str], published: str | None, per_key: int) -> Counter[str]:
        """Clustered articles sharing these lookup keys, with how many they share; per key only the
        `per_key` articles published nearest to `published` (undated: the latest) are looked at."""
        hits: Counter[str] = Counter()
        at = published or "9999"
        half = max(per_key // 2, 1)
        for key in keys:
            before = self._db.execute(
                "SELECT article_id FROM cluster_postings WHERE key = ? AND published <= ? "
                "ORDER BY published DESC LIMIT ?", (key, at, per_key - half)).fetchall()
            after = self._db.execute(
                "SELECT article_id FROM cluster_postings WHERE key = ? AND published > ? "
                "ORDER BY published LIMIT ?", (key, at, half)).fetchall()
            hits.update(r[0] for r in (*before, *after))
        return hits

    def story_sizes(self, story_ids: Sequence[str]) -> dict[str, int]:
        """Clustered (non-copy) articles per stored story."""
        query = ("SELECT sa.story_id, COUNT(*) FROM story_articles sa JOIN cluster_items c "
                 "ON c.article_id = sa.article_id WHERE sa.story_id IN ({}) GROUP BY sa.story_id")
        return dict(self._rows_for_ids(query, (), list(story_ids)))  # type: ignore[arg-type]

    def _grouped(self, query: str, keys: Sequence[str]) -> dict[str, list[str]]:
        """{key: [value, ...]} from a query selecting (key, value) rows for the keys."""
        out: dict[str, list[str]] = {k: [] for k in keys}
        for key, value in self._rows_for_ids(query, (), list(keys)):
            out[key].append(value)
        return out

    def story_members(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """The article ids of stored stories (sorted)."""
        return self._grouped(
            "SELECT story_id, article_id FROM story_articles WHERE story_id IN ({}) ORDER BY article_id", story_ids)

    def stories_by_id(self, story_ids: Sequence[str]) -> list[Story]:
        query = "SELECT data FROM stories WHERE id IN ({}) ORDER BY id"
        return [_STORY.validate_json(r[0]) for r in self._rows_for_ids(query, (), list(story_ids))]

    def story_threads(self, story_ids: Sequence[str]) -> dict[str, str]:
        """The thread id of each of these stored stories."""
        query = "SELECT id, thread_id FROM stories WHERE id IN ({})"
        return dict(self._rows_for_ids(query, (), list(story_ids)))  # type: ignore[arg-type]

    def thread_stories(self, thread_ids: Sequence[str]) -> dict[str, list[str]]:
        """The ids of the stored stories of each thread (sorted)."""
        return self._grouped("SELECT thread_id, id FROM stories WHERE thread_id IN ({}) ORDER BY id", thread_ids)

    def unplaced_articles(self) -> list[str]:
        """Stored articles that belong to no story (cheap when there are none)."""
        placed = self._db.execute("SELECT COUNT(DISTINCT article_id) FROM story_articles").fetchone()[0]
        if placed >= self.article_count():
            return []
        return [r[0] for r in self._db.execute(
            "SELECT id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id) ORDER BY id")]

    # ----------------------------------------------------------------- stories

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Store story results; a story replaces every stored story that shared an article with it.
        The incremental clustering state no longer describes the stories: it is marked invalid."""
        with self._transaction() as db:
            _write_stories(db, stories)
            self.set_meta("cluster_state", None)

    def update_stories(self, stories: Sequence[Story]) -> None:
        """Replace a subset of the stored stories (incremental clustering): each story replaces every
        stored story that shared an article with it, or had its id; the clustering state stays valid."""
        with self._transaction() as db:
            _write_stories(db, stories)

    def replace_stories(self, stories: Sequence[Story]) -> None:
        """Replace every stored story with these, atomically (after a full rebuild). The incremental
        clustering state is marked invalid until `reset_cluster_state`."""
        with self._transaction() as db:
            db.execute("DELETE FROM story_articles")
            db.execute("DELETE FROM stories")
            _write_stories(db, stories)
            self.set_meta("cluster_state", None)

    def stories(self) -> list[Story]:
        return [_STORY.validate_json(r[0]) for r in self._db.execute("SELECT data FROM stories ORDER BY id")]

    def article_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def counts(self) -> dict[str, int]:
        """Articles, stories and threads, and what the stories hold (decodes every story: for `stats`)."""
        out = {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
               for table in ("articles", "stories")}
        out["threads"] = self._db.execute("SELECT COUNT(DISTINCT thread_id) FROM stories").fetchone()[0]
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
                     date_to: str | None = None, thread: str | None = None, offset: int = 0,
                     limit: int = 20) -> tuple[list[Story], int]:
        """A page of stories matching every given filter, most-reported first, and the total match count.

        `q` is a case-insensitive substring of the title or of a summary sentence; `entity` a substring
        of an entity's name or alias; `date_from`/`date_to` (YYYY[-MM[-DD]], inclusive) must overlap an
        event date or an article's published date; `thread` is a thread id.
        """
        where, params = _story_filters(q, entity, date_from, date_to, thread)
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


def _upsert_parses(db: sqlite3.Connection, parsed: Iterable[ParsedArticle], version: str) -> None:
    rows = [(p.article.id, text_hash(p.article.text), version, _PARSED.dump_json(p).decode()) for p in parsed]
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


def _insert_cluster_rows(db: sqlite3.Connection, rows: Sequence[ClusterRow]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO cluster_items (article_id, published, vector, lookup, links) VALUES (?, ?, ?, ?, ?)",
        [(r.article_id, r.published, json.dumps({k: round(w, 6) for k, w in r.vector.items()}),
          json.dumps(list(r.lookup)), json.dumps(list(r.links))) for r in rows],
    )
    db.executemany("INSERT OR IGNORE INTO cluster_postings (key, published, article_id) VALUES (?, ?, ?)",
                   [(key, r.published or "", r.article_id) for r in rows for key in r.lookup])


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
                   date_to: str | None, thread: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause (over `stories s`) and its parameters for `Store.find_stories`."""
    clauses, params = ["1 = 1"], []
    if thread:
        clauses.append("s.thread_id = ?")
        params.append(thread)
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
