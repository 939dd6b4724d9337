"""The persisted approximate-nearest-neighbour index of article embeddings, beside the store.

A usearch HNSW index (cosine) lives in one file next to the SQLite store (``<db>.usearch``). Its
integer keys are rows of the store's ``ann_keys`` table (key -> article id), which is the truth:

* a key is assigned (AUTOINCREMENT, never reused) in the same transaction that makes an article
  clustered, and stands for one stored vector for life: a changed vector gets a new key;
* the file is written after the store commits, to a temporary file that is renamed over the old
  one, so it is always a whole index of some earlier committed state of the key table;
* on open, the file's header must name this store (its random token), the model and dimension;
  then its key set is compared with the table's, and keys the file lacks are added (vectors read
  from the store), keys the table no longer has are removed, and a few vectors are spot-checked
  against the store. A missing, foreign, unreadable or wrong file is rebuilt from the store. So a
  stale index is repaired on open and a search never answers with an id the store does not hold.

Within one process the loaded index is kept and reused while the key table's (count, largest key)
is unchanged, which (keys never being reused) means no key was added or removed meanwhile.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index

from newsfuse.config import IndexSettings
from newsfuse.store.sqlite import Store

FORMAT = "newsfuse-ann-1"
SUFFIX = ".usearch"
_SPOT_CHECKS = 8
_TOLERANCE = 0.02  # largest element difference a half-precision copy of a unit vector may show


def index_path(store: Store) -> Path | None:
    """Where the index file of a store lives (None for an in-memory store)."""
    return None if store.path == ":memory:" else Path(store.path + SUFFIX)


class VectorIndex:
    """The nearest-neighbour index of one store's embeddings by one model (see module doc)."""

    def __init__(self, store: Store, model: str, settings: IndexSettings = IndexSettings()) -> None:
        self.store = store
        self.model = model
        self.settings = settings
        self.path = index_path(store)
        self._index: Any = None  # usearch Index, made when the first vector arrives
        self._signature = (0, 0)
        self.dirty = False
        self.repaired = 0  # keys added or removed when syncing with the store (0: file was current)

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, store: Store, model: str, settings: IndexSettings = IndexSettings()) -> VectorIndex:
        """The index of this store and model, synchronised with the store's key table (repaired or
        rebuilt as needed; reused from this process when nothing changed since)."""
        cache_key = (os.path.realpath(store.path), store.token, model, settings)
        signature = store.ann_signature(model)
        with _cache_lock:
            cached = _cache.get(cache_key)
        if cached is not None and cached._signature == signature and cached.path == index_path(store):
            cached.store = store
            return cached
        index = cls(store, model, settings)
        index._load()
        index._sync()
        if index.dirty:
            index.save()
        with _cache_lock:
            _cache[cache_key] = index
        return index

    def _load(self) -> None:
        """Read the file if it is this store's index for this model; otherwise start empty."""
        if self.path is None or not self.path.exists():
            return
        try:
            with open(self.path, "rb") as handle:
                header = json.loads(handle.readline())
                blob = handle.read()
            if (header.get("format"), header.get("token"), header.get("model")) != (
                FORMAT, self.store.token, self.model
            ):
                return
            index = Index.restore(bytearray(blob))
            if index is None or index.ndim != header.get("ndim"):
                return
            self._index = index
        except (OSError, ValueError, RuntimeError):
            self._index = None

    def _sync(self) -> None:
        """Make the index hold exactly the store's keys with the store's vectors."""
        wanted = np.asarray(self.store.ann_keys(self.model), dtype=np.uint64)
        if self._index is not None:
            have = np.asarray(self._index.keys, dtype=np.uint64)
            extra = np.setdiff1d(have, wanted)
            missing = np.setdiff1d(wanted, have)
            if len(extra):
                self._index.remove(extra)
            if not self._spot_check(np.setdiff1d(wanted, missing)):
                self._index = None
            else:
                self.repaired = len(extra) + len(missing)
                self._add_from_store(missing.tolist())
                self.dirty = self.repaired > 0
        if self._index is None:
            self._add_from_store(wanted.tolist())
            self.repaired = len(wanted)
            self.dirty = True
        self._signature = self.store.ann_signature(self.model)

    def _spot_check(self, keys: Any) -> bool:
        """Whether a few of the index's vectors (spread over its keys, newest included) are the
        store's vectors for those keys."""
        if not len(keys):
            return True
        picks = sorted({int(keys[int(i)]) for i in np.linspace(0, len(keys) - 1, _SPOT_CHECKS)})
        stored = self.store.ann_vectors(picks)
        for key in picks:
            if key not in stored or len(stored[key]) != self._index.ndim:
                return False
            found = self._index.get(key)
            if found is None or np.max(np.abs(np.asarray(found, dtype=np.float32) - stored[key])) > _TOLERANCE:
                return False
        return True

    def _add_from_store(self, keys: Sequence[int]) -> None:
        for start in range(0, len(keys), 4096):
            part = keys[start:start + 4096]
            vectors = self.store.ann_vectors(part)
            self._add({k: vectors[k] for k in part if k in vectors})

    # ----------------------------------------------------------------- use

    def __len__(self) -> int:
        return 0 if self._index is None else len(self._index)

    def _add(self, vectors: Mapping[int, Sequence[float]]) -> None:
        if not vectors:
            return
        keys = sorted(vectors)
        matrix = np.asarray([vectors[k] for k in keys], dtype=np.float32)
        if self._index is None:
            s = self.settings
            self._index = Index(ndim=matrix.shape[1], metric="cos", dtype=s.dtype, connectivity=s.connectivity,
                                expansion_add=s.expansion_add, expansion_search=s.expansion_search)
        if matrix.shape[1] != self._index.ndim:
            raise ValueError(f"vectors of {matrix.shape[1]} dimensions for an index of {self._index.ndim}")
        # one thread for a few vectors (deterministic, no pool start-up); all cores for a bulk build
        self._index.add(np.asarray(keys, dtype=np.uint64), matrix, threads=1 if len(keys) < 1024 else 0)
        self.dirty = True

    def add(self, vectors: Mapping[str, Sequence[float]]) -> None:
        """Index these articles' vectors: keys are assigned in the store (inside the caller's
        transaction, if any), then the vectors join the in-memory index. Call ``save`` after the
        store has committed (or ``forget`` if it rolled back)."""
        if not vectors:
            return
        keys = self.store.ann_assign(sorted(vectors), self.model)
        stale = [k for k in keys.values() if self._index is not None and self._index.contains(k)]
        if stale:  # a rolled-back transaction's keys may be handed out again
            self._index.remove(stale)
        self._add({keys[aid]: vec for aid, vec in vectors.items()})
        self._signature = self.store.ann_signature(self.model)

    def search(self, vector: Sequence[float], count: int) -> list[tuple[str, float]]:
        """The stored articles whose vectors are nearest to ``vector`` (approximately), as
        (article id, cosine similarity), most similar first."""
        if self._index is None or not len(self._index) or count <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        if query.shape[0] != self._index.ndim:
            return []
        found = self._index.search(query, count, threads=1)
        keys = [int(k) for k in found.keys]
        names = self.store.ann_articles(keys)
        return [(names[k], 1.0 - float(d)) for k, d in zip(keys, found.distances, strict=True) if k in names]

    def save(self) -> None:
        """Write the index beside the store atomically (temporary file, fsync, rename)."""
        if self.path is None:
            self.dirty = False
            return
        header = {"format": FORMAT, "token": self.store.token, "model": self.model,
                  "ndim": 0 if self._index is None else int(self._index.ndim), "count": len(self)}
        blob = b"" if self._index is None else bytes(self._index.save())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(header).encode() + b"\n")
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.dirty = False

    def forget(self) -> None:
        """Drop this index from the process cache (after the store rolled back its keys)."""
        forget(self.store)


def forget(store: Store) -> None:
    """Drop every cached index of this store from this process (the next open re-syncs)."""
    path = os.path.realpath(store.path)
    with _cache_lock:
        for key in [k for k in _cache if k[0] == path]:
            del _cache[key]


_cache: dict[tuple[str, str, str, IndexSettings], VectorIndex] = {}
_cache_lock = threading.Lock()
