"""The persisted nearest-neighbour index beside the store: search, persistence, repair of a stale file."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from newsfuse.store import Store
from newsfuse.store import index as ann
from newsfuse.store.index import VectorIndex

pytest.importorskip("usearch")
MODEL = "test-model"
DIM = 16


def _unit(rng: random.Random) -> tuple[float, ...]:
    row = [rng.gauss(0, 1) for _ in range(DIM)]
    norm = math.sqrt(sum(x * x for x in row))
    return tuple(x / norm for x in row)


def _fill(store: Store, ids: list[str], seed: int = 0) -> dict[str, tuple[float, ...]]:
    rng = random.Random(seed)
    vectors = {aid: _unit(rng) for aid in ids}
    store.put_vectors({aid: (f"text {aid}", v) for aid, v in vectors.items()}, MODEL)
    return vectors


def _reopen(store: Store) -> VectorIndex:
    """Open as a fresh process would: nothing cached."""
    ann.forget(store)
    return VectorIndex.open(store, MODEL)


def _saved(store: Store, count: int) -> tuple[VectorIndex, dict[str, tuple[float, ...]]]:
    """An index of `count` stored vectors, written to its file."""
    vectors = _fill(store, [f"a{i}" for i in range(count)])
    index = _reopen(store)
    index.add(vectors)
    index.save()
    return index, vectors


def test_search_finds_the_nearest_stored_article(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        index, vectors = _saved(store, 200)
        for aid in ("a0", "a57", "a199"):
            found = index.search(vectors[aid], 3)
            assert found[0][0] == aid and found[0][1] == pytest.approx(1.0, abs=1e-2)
        assert (tmp_path / "s.sqlite.usearch").exists()


def test_saved_index_is_reused_and_a_stale_one_repaired(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        _saved(store, 50)
        assert _reopen(store).repaired == 0  # the file matches the key table

        # Keys committed but the file never rewritten (a crash between the two), and one vector replaced:
        late = _fill(store, ["late1", "late2"], seed=1)
        store.ann_assign(["late1", "late2"], MODEL)
        changed = _fill(store, ["a3"], seed=2)  # a new vector drops the old key
        store.ann_assign(["a3"], MODEL)
        index = _reopen(store)
        assert index.repaired == 4  # a3's old key removed; a3's new key and two late keys added
        assert index.search(late["late2"], 1)[0][0] == "late2"
        assert index.search(changed["a3"], 1)[0][0] == "a3"
        assert len(index) == 52
        assert _reopen(store).repaired == 0  # the repair was saved


def test_foreign_or_broken_file_is_rebuilt_never_trusted(tmp_path: Path) -> None:
    with Store(tmp_path / "one.sqlite") as one, Store(tmp_path / "two.sqlite") as two:
        v1 = _fill(one, [f"x{i}" for i in range(30)], seed=3)
        first = _reopen(one)
        first.add(v1)
        first.save()
        v2 = _fill(two, [f"y{i}" for i in range(30)], seed=4)
        two.ann_assign(sorted(v2), MODEL)
        # the other store's index file put beside this store: same keys 1..30, other vectors
        (tmp_path / "two.sqlite.usearch").write_bytes((tmp_path / "one.sqlite.usearch").read_bytes())
        index = _reopen(two)
        assert index.repaired == 30
        assert index.search(v2["y7"], 1)[0][0] == "y7"
        (tmp_path / "two.sqlite.usearch").write_bytes(b"not an index\n\x00\x01")
        assert _reopen(two).search(v2["y9"], 1)[0][0] == "y9"


def test_deleted_keys_never_come_back(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        vectors = _fill(store, ["a", "b", "c"])
        index = _reopen(store)
        index.add(vectors)
        index.save()
        _fill(store, ["b"], seed=9)  # b's vector changes: its key is dropped, none assigned yet
        index = _reopen(store)
        assert "b" not in [aid for aid, _ in index.search(vectors["b"], 3)]


def test_in_memory_store_has_no_file(tmp_path: Path) -> None:
    with Store(":memory:") as store:
        vectors = _fill(store, ["a", "b"])
        index = VectorIndex.open(store, MODEL)
        index.add(vectors)
        index.save()
        assert index.search(vectors["a"], 1)[0][0] == "a"
