"""The incremental clustering state and the keys of the nearest-neighbour index.

What lets new articles join stories without re-clustering everything (``newsfuse.pipeline.incremental``):
per clustered article its tf-idf vector, lookup keys and strongest link weights (``cluster_items``),
document frequencies (``cluster_df``), an inverted index of lookup keys (``cluster_postings``), and the
integer keys of the approximate-nearest-neighbour index file beside the store (``ann_keys``, see
``newsfuse.store.index``). The state is valid only while the ``meta`` row ``cluster_state`` is set: a
full rebuild sets it, any other story write clears it (``stories``).
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsfuse.store.base import StoreBase, Writer


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """One clustered article's incremental-clustering state (see ``newsfuse.cluster.Item``)."""

    article_id: str
    published: str | None  # YYYY-MM-DD, None when unknown
    vector: Mapping[str, float]  # unit tf-idf vector under the idf of when it was computed
    lookup: tuple[str, ...]  # its heaviest shared keys (its entries in the inverted index)
    links: tuple[float, ...]  # its strongest link weights in the story graph, strongest first


class ClusterState(StoreBase):
    """The clustering state and index keys of the ``Store``."""

    # ----------------------------------------------------------------- clustered articles

    def reset_cluster_state(self, rows: Sequence[ClusterRow], version: str) -> None:
        """Replace the whole clustering state with these rows (after a full rebuild) and mark it valid
        for `version`; document frequencies and postings follow from the rows."""
        with self.conn.write() as db:
            for table in ("cluster_items", "cluster_df", "cluster_postings"):
                db.execute(f"DELETE FROM {table}")
            df: Counter[str] = Counter(key for row in rows for key in row.vector)
            db.executemany("INSERT INTO cluster_df (key, df) VALUES (?, ?)", sorted(df.items()))
            _insert_cluster_rows(db, rows)
            self.set_meta("cluster_count", str(len(rows)))
            self.set_meta("cluster_state", version)

    def add_cluster_rows(self, rows: Sequence[ClusterRow]) -> None:
        """Add newly clustered articles: their rows, postings, and +1 document frequency per key."""
        with self.conn.write() as db:
            df: Counter[str] = Counter(key for row in rows for key in row.vector)
            db.executemany("INSERT INTO cluster_df (key, df) VALUES (?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET df = cluster_df.df + excluded.df", sorted(df.items()))
            _insert_cluster_rows(db, rows)
            self.set_meta("cluster_count", str(self.cluster_count() + len(rows)))

    def set_links(self, links: Mapping[str, tuple[float, ...]]) -> None:
        """New strongest link weights of clustered articles."""
        with self.conn.write() as db:
            db.executemany("UPDATE cluster_items SET links = ? WHERE article_id = ?",
                           [(json.dumps(list(v)), aid) for aid, v in links.items()])

    def cluster_count(self) -> int:
        """How many articles the clustering state holds."""
        return int(self.meta("cluster_count") or 0)

    def cluster_rows(self, ids: Sequence[str]) -> dict[str, ClusterRow]:
        query = "SELECT article_id, published, vector, lookup, links FROM cluster_items WHERE article_id IN ({})"
        out: dict[str, ClusterRow] = {}
        for r in self.conn.rows_for_ids(query, (), list(ids)):
            with self.conn.decoding(f"the clustering state of article {r[0]!r}"):
                out[r[0]] = ClusterRow(r[0], r[1], dict(json.loads(r[2])), tuple(json.loads(r[3])),
                                       tuple(json.loads(r[4])))
        return out

    def document_frequencies(self, keys: Sequence[str]) -> dict[str, int]:
        """How many clustered articles carry each of these keys (keys carried by none are left out)."""
        query = "SELECT key, df FROM cluster_df WHERE key IN ({})"
        return dict(self.conn.rows_for_ids(query, (), list(keys)))

    def posting_hits(self, keys: Sequence[str], published: str | None, per_key: int) -> Counter[str]:
        """Clustered articles sharing these lookup keys, with how many they share; per key only the
        `per_key` articles published nearest to `published` (undated: the latest) are looked at."""
        hits: Counter[str] = Counter()
        at = published or "9999"
        half = max(per_key // 2, 1)
        for key in keys:
            before = self.conn.execute(
                "SELECT article_id FROM cluster_postings WHERE key = ? AND published <= ? "
                "ORDER BY published DESC LIMIT ?", (key, at, per_key - half)).fetchall()
            after = self.conn.execute(
                "SELECT article_id FROM cluster_postings WHERE key = ? AND published > ? "
                "ORDER BY published LIMIT ?", (key, at, half)).fetchall()
            hits.update(r[0] for r in (*before, *after))
        return hits

    # ----------------------------------------------------------------- nearest-neighbour index keys

    def ann_signature(self, model: str) -> tuple[int, int]:
        """(number of keys, largest key) of the index keys of this model: equal on two states of the
        key table exactly when no key was added or removed between them (keys are never reused)."""
        count, top = self.conn.execute(
            "SELECT COUNT(*), MAX(key) FROM ann_keys WHERE model = ?", (model,)).fetchone()
        return count, top or 0

    def ann_keys(self, model: str) -> list[int]:
        """Every index key of this model, ascending."""
        return [r[0] for r in self.conn.execute("SELECT key FROM ann_keys WHERE model = ? ORDER BY key", (model,))]

    def ann_assign(self, article_ids: Sequence[str], model: str) -> dict[str, int]:
        """Fresh index keys for these articles' vectors (replacing any key they had)."""
        ids = list(dict.fromkeys(article_ids))
        with self.conn.write() as db:
            db.executemany("DELETE FROM ann_keys WHERE article_id = ?", [(aid,) for aid in ids])
            keys = db.insert_keys("INSERT INTO ann_keys (article_id, model) VALUES (?, ?)",
                                  [(aid, model) for aid in ids], "key")
            return dict(zip(ids, keys, strict=True))

    def ann_articles(self, keys: Sequence[int]) -> dict[int, str]:
        """The article each of these index keys stands for (unknown keys are left out)."""
        query = "SELECT key, article_id FROM ann_keys WHERE key IN ({})"
        return dict(self.conn.rows_for_ids(query, (), list(keys)))

    def ann_vectors(self, keys: Sequence[int]) -> dict[int, tuple[float, ...]]:
        """The stored vectors these index keys stand for."""
        query = ("SELECT k.key, v.vector FROM ann_keys k JOIN vectors v ON v.article_id = k.article_id "
                 "AND v.model = k.model WHERE k.key IN ({})")
        out: dict[int, tuple[float, ...]] = {}
        for key, blob in self.conn.rows_for_ids(query, (), list(keys)):
            with self.conn.decoding(f"the vector of index key {key}"):
                out[key] = tuple(array("f", blob))
        return out


def _insert_cluster_rows(db: Writer, rows: Sequence[ClusterRow]) -> None:
    db.executemany(
        "INSERT INTO cluster_items (article_id, published, vector, lookup, links) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(article_id) DO UPDATE SET published = excluded.published, vector = excluded.vector, "
        "lookup = excluded.lookup, links = excluded.links",
        [(r.article_id, r.published, json.dumps({k: round(w, 6) for k, w in r.vector.items()}),
          json.dumps(list(r.lookup)), json.dumps(list(r.links))) for r in rows],
    )
    db.executemany("INSERT INTO cluster_postings (key, published, article_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                   [(key, r.published or "", r.article_id) for r in rows for key in r.lookup])
