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
  stale index is repaired on open and a search never answers with an id the store does not hold;
* only a regular file is read, and only as much of it as the index it claims to hold can take: a link
  to a device (``/dev/zero``), a FIFO or a socket at that path is replaced by the rebuilt index, never
  read. A directory there is refused (``StoreError``): it is not ours to remove;
* the file and its temporary files are written and removed only under the store's write lock, so
  the temporary files a killed writer left (``<db>.usearch.XXXXXXXX.tmp``, exactly ``tempfile``'s
  pattern) are removed on the next open without touching another writer's.

Within one process the loaded index is kept and reused while the key table's (count, largest key)
is unchanged, which (keys never being reused) means no key was added or removed meanwhile, and the
file is the one this process last read or wrote (same inode, size and modification time).

A PostgreSQL store has no file (there is no directory beside a URL, and a file on one machine would not
serve the others): each process builds the index in memory from the store's tables when it first
opens it, and when the key table changed, brings a copy of the one it holds up to date from the table
(``_sync``, as for a file: keys added and removed, a few vectors spot-checked).
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index

from newsfuse.config import IndexSettings
from newsfuse.errors import StoreError
from newsfuse.store.base import INDEX_SUFFIX as SUFFIX
from newsfuse.store.base import index_in_the_way, is_url
from newsfuse.store.sqlite import Store

FORMAT = "newsfuse-ann-1"
_SPOT_CHECKS = 8
_TOLERANCE = 0.02  # largest element difference a half-precision copy of a unit vector may show
_HEADER_BYTES = 1 << 16  # a header line longer than this is not ours
# Bytes an index of n vectors of d dimensions may take, generously (f32 vectors, HNSW links and levels)
_BYTES_PER_VECTOR = 2048
_BYTES_SLACK = 1 << 20
_TEMP_NAME = r"\.[a-z0-9_]{8}\.tmp"  # what ``tempfile.mkstemp`` adds to the prefix and suffix given

FileId = tuple[int, int, int] | None  # (inode, size, modification time) of the index file; None: none


def index_path(store: Store) -> Path | None:
    """Where the index file of a store lives (None for an in-memory store, and for a PostgreSQL store:
    its index is built in memory from the store's tables by each process that needs it)."""
    return None if store.path == ":memory:" or is_url(store.path) else Path(store.path + SUFFIX)


def _store_key(store: Store) -> str:
    """What names a store in this process's cache of indexes (with its token)."""
    return store.path if is_url(store.path) else os.path.realpath(store.path)


def _file_id(path: Path | None) -> FileId:
    if path is None:
        return None
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files a killed writer left beside the index file at `path`: only names of
    exactly ``save``'s pattern for this file (``<name>.XXXXXXXX.tmp``), and only files or links; returns
    those removed. Call it holding the store's write lock (every save holds it)."""
    pattern = re.compile(re.escape(path.name) + _TEMP_NAME)
    removed = []
    try:
        entries = [e for e in os.scandir(path.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return []
    for entry in entries:
        try:
            if entry.is_symlink() or entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove: the next open tries again
    return removed


class VectorIndex:
    """The nearest-neighbour index of one store's embeddings by one model (see module doc)."""

    def __init__(self, store: Store, model: str, settings: IndexSettings = IndexSettings()) -> None:
        self.store = store
        self.model = model
        self.settings = settings
        self.path = index_path(store)
        self._index: Any = None  # usearch Index, made when the first vector arrives
        self._signature = (0, 0)
        self._file: FileId = None  # the file as this process last read or wrote it
        self.dirty = False
        self.repaired = 0  # keys added or removed when syncing with the store (0: file was current)
        self.removed: list[Path] = []  # leftover temporary files removed on open

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, store: Store, model: str, settings: IndexSettings = IndexSettings()) -> VectorIndex:
        """The index of this store and model, synchronised with the store's key table (repaired or
        rebuilt as needed; reused from this process when nothing changed since)."""
        path = index_path(store)
        if problem := index_in_the_way(store.path):
            raise StoreError(problem)
        cache_key = (_store_key(store), store.token, model, settings)
        signature = store.ann_signature(model)
        with _cache_lock:
            cached = _cache.get(cache_key)
        if (cached is not None and cached._signature == signature and cached.path == path
                and cached._file == _file_id(path)):
            cached.store = store
            return cached
        index = cls(store, model, settings)
        if path is None and cached is not None and cached.path is None and cached._index is not None:
            # no file (a PostgreSQL store): this process's index, copied (a search may be using it) and
            # brought up to date from the key table
            index._index = cached._index.copy()
            index._sync()
        elif store.readonly or path is None:  # without a file, nothing to write under the lock
            index._load()
            index._sync()
        else:
            with store.transaction():  # the write lock: no other writer saves the file meanwhile
                if path is not None:
                    index.removed = remove_leftovers(path)
                index._load()
                index._sync()
                if index.dirty:
                    index.save()
        with _cache_lock:
            _cache[cache_key] = index
        return index

    def _load(self) -> None:
        """Read the file if it is this store's index for this model; otherwise start empty (the index
        is then rebuilt from the store, and the file replaced when it is saved)."""
        if self.path is None:
            return
        self._file = _file_id(self.path)
        try:
            # O_NONBLOCK: a FIFO put there opens at once (and is then refused) instead of waiting
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with open(fd, "rb") as handle:
                found = os.fstat(handle.fileno())
                if not stat.S_ISREG(found.st_mode):  # a device (/dev/zero), a FIFO, a socket: never read
                    return
                blob = self._read(handle, found.st_size)
            index = None if blob is None else Index.restore(bytearray(blob[1]))
            if index is None or blob is None or index.ndim != blob[0]:
                return
            self._index = index
        except FileNotFoundError:
            return
        except (OSError, ValueError, RuntimeError, TypeError):
            self._index = None

    def _read(self, handle: Any, size: int) -> tuple[int, bytes] | None:
        """(dimensions, the usearch blob) of an index file of this store and model, reading no more than
        the index its header claims can take; None for any other file."""
        line = handle.readline(_HEADER_BYTES)
        header = json.loads(line) if line.endswith(b"\n") else None
        if not isinstance(header, dict) or (header.get("format"), header.get("token"), header.get("model")) != (
                FORMAT, self.store.token, self.model):
            return None
        count, ndim = header.get("count"), header.get("ndim")
        if not isinstance(count, int) or not isinstance(ndim, int) or count < 0 or ndim < 0:
            return None
        rest = size - len(line)
        if rest > (count + 1) * (ndim * 4 + _BYTES_PER_VECTOR) + _BYTES_SLACK:
            return None  # more bytes than the index it claims to hold: not ours
        return ndim, handle.read(rest)

    def _sync(self) -> None:
        """Make the index hold exactly the store's keys with the store's vectors."""
        # read first: a key another writer adds meanwhile changes it, and the next open syncs again
        signature = self.store.ann_signature(self.model)
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
        self._signature = signature

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
        """Write the index beside the store atomically (temporary file, fsync, rename), holding the
        store's write lock (see the module doc). A read-only store's index is never written."""
        if self.path is None:
            self.dirty = False
            return
        if self.store.readonly:
            return
        if problem := index_in_the_way(self.store.path):
            raise StoreError(problem)
        header = {"format": FORMAT, "token": self.store.token, "model": self.model,
                  "ndim": 0 if self._index is None else int(self._index.ndim), "count": len(self)}
        blob = b"" if self._index is None else bytes(self._index.save())
        with self.store.transaction():
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
            self._file = _file_id(self.path)
        self.dirty = False

    def forget(self) -> None:
        """Drop this index from the process cache (after the store rolled back its keys)."""
        forget(self.store)


def forget(store: Store) -> None:
    """Drop every cached index of this store from this process (the next open re-syncs)."""
    path = _store_key(store)
    with _cache_lock:
        for key in [k for k in _cache if k[0] == path]:
            del _cache[key]


_cache: dict[tuple[str, str, str, IndexSettings], VectorIndex] = {}
_cache_lock = threading.Lock()
