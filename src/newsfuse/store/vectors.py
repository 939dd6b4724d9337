"""Dense article embeddings, kept per (article, hash of the embedded text, model) as float32 blobs."""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence

from newsfuse.store.base import CHUNK, StoreBase, text_hash


class VectorStore(StoreBase):
    """The embeddings of the ``Store``."""

    def cached_vectors(self, texts: Mapping[str, str], model: str) -> dict[str, tuple[float, ...]]:
        """Stored embeddings of these articles ({id: embedded text}) where text and model still match."""
        query = "SELECT article_id, text_hash, vector FROM vectors WHERE model = ? AND article_id IN ({})"
        return {article_id: self._vector(article_id, blob)
                for article_id, digest, blob in self.conn.rows_for_ids(query, (model,), list(texts))
                if digest == text_hash(texts[article_id])}

    def put_vectors(self, vectors: Mapping[str, tuple[str, tuple[float, ...]]], model: str) -> None:
        """Keep embeddings: {article id: (embedded text, vector)}."""
        rows = [(aid, text_hash(text), model, array("f", vec).tobytes()) for aid, (text, vec) in vectors.items()]
        with self.conn.write() as db:
            # Writing the same vector again (another writer embedded the same article meanwhile) keeps its
            # key: dropping it would leave a clustered article out of the index.
            query = "SELECT article_id, text_hash, model, vector FROM vectors WHERE article_id IN ({})"
            stored = {r[0]: (r[1], r[2], bytes(r[3])) for r in self.conn.rows_for_ids(query, (), [r[0] for r in rows])}
            changed = [r[0] for r in rows if stored.get(r[0]) != r[1:]]
            db.executemany(
                "INSERT INTO vectors (article_id, text_hash, model, vector) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET text_hash = excluded.text_hash, "
                "model = excluded.model, vector = excluded.vector",
                rows,
            )
            # A changed vector gets a new index key: a key always names one vector.
            for start in range(0, len(changed), CHUNK):
                part = changed[start:start + CHUNK]
                db.execute(f"DELETE FROM ann_keys WHERE article_id IN ({','.join('?' * len(part))})", part)

    def vectors(self, ids: Sequence[str], model: str) -> dict[str, tuple[float, ...]]:
        """Stored embeddings of these articles by this model (whatever text they were made from)."""
        query = "SELECT article_id, vector FROM vectors WHERE model = ? AND article_id IN ({})"
        return {aid: self._vector(aid, blob) for aid, blob in self.conn.rows_for_ids(query, (model,), list(ids))}

    def _vector(self, article_id: str, blob: bytes) -> tuple[float, ...]:
        with self.conn.decoding(f"the embedding of article {article_id!r}"):
            return tuple(array("f", blob))
