"""Stored articles: keyed by their content-hash id, so storing the same input again adds nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from newsfuse.store.base import StoreBase, Writer
from newsfuse.types import Article

_COLUMNS = "id, source, url, title, published, text, removed, duplicate_of, metadata"


class ArticleStore(StoreBase):
    """The articles of the ``Store``: insert once, read back, page and filter for the server."""

    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles not stored yet; returns how many were new. Existing ids are kept as they are
        except `duplicate_of`, which follows the latest analysis."""
        with self.conn.write() as db:
            return insert_articles(db, articles)

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles (all, or those of `ids` that are stored), by id."""
        if ids is None:
            rows: Iterable[tuple[Any, ...]] = self.conn.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY id")
        else:
            query = f"SELECT {_COLUMNS} FROM articles WHERE id IN ({{}})"
            rows = sorted(self.conn.rows_for_ids(query, (), list(dict.fromkeys(ids))), key=lambda r: r[0])
        return [self._article(r) for r in rows]

    def _article(self, r: tuple[Any, ...]) -> Article:
        with self.conn.decoding(f"article {r[0]!r}"):
            return Article(id=r[0], source=r[1], url=r[2], title=r[3], published=r[4], text=r[5],
                           removed=tuple(json.loads(r[6])), duplicate_of=r[7], metadata=dict(json.loads(r[8])))

    def article(self, article_id: str) -> Article | None:
        """One stored article, or None."""
        found = self.articles([article_id])
        return found[0] if found else None

    def article_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def find_articles(self, *, q: str | None = None, source: str | None = None, offset: int = 0,
                      limit: int = 20) -> tuple[list[Article], int]:
        """A page of articles (newest first; undated last), optionally filtered by a substring of the title
        or text (`q`) and by exact outlet name (`source`), and the total match count."""
        clauses, params = ["1 = 1"], []
        if q:
            like = self.conn.like
            clauses.append(f"(a.title {like} ? ESCAPE '\\' OR a.text {like} ? ESCAPE '\\')")
            params += [like_pattern(q), like_pattern(q)]
        if source:
            clauses.append("a.source = ?")
            params.append(source)
        where = " AND ".join(clauses)
        total = self.conn.execute(f"SELECT COUNT(*) FROM articles a WHERE {where}", params).fetchone()[0]
        ids = [r[0] for r in self.conn.execute(
            f"SELECT a.id FROM articles a WHERE {where} "
            "ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?", (*params, limit, offset))]
        by_id = {a.id: a for a in self.articles(ids)} if ids else {}
        return [by_id[i] for i in ids], total


def insert_articles(db: Writer, articles: Iterable[Article]) -> int:
    """Insert the articles not stored yet (inside the caller's transaction); returns how many were new.
    Every given article's `duplicate_of` is updated: it follows the latest analysis."""
    rows = [
        (a.id, a.source, a.url, a.title, a.published, a.text, json.dumps(list(a.removed)), a.duplicate_of,
         json.dumps(a.metadata, ensure_ascii=False, default=str))
        for a in articles
    ]
    added = db.executemany(
        f"INSERT INTO articles ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
        rows,
    )
    db.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?", [(r[7], r[0]) for r in rows])
    return added


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
