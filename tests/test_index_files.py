"""The index file beside the store (issue 20: 8, 13): every ingest, even one adding nothing, leaves it in
line with the store and removes the temporary files a killed save left (only those of this store's
index); a path that holds no file (a link to /dev/zero, a FIFO) is never read, and the index is rebuilt
from the store; a directory in its place is refused before any article is stored, and left alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from usearch.index import Index

from newsfuse import embed
from newsfuse.cli import main
from newsfuse.config import Settings
from newsfuse.pipeline import ingest
from newsfuse.store import Store

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"


def _needs_index() -> None:
    if not embed.available():
        pytest.skip("the sentence model is not installed: no index file")


def _index_keys(path: Path) -> list[int]:
    """The keys held by an index file (its header line, then usearch's bytes)."""
    with path.open("rb") as handle:
        header = json.loads(handle.readline())
        index = Index.restore(bytearray(handle.read()))
    assert header["count"] == len(index)
    return sorted(int(k) for k in index.keys)


def _consistent(store: Store) -> None:
    """Every stored article in exactly one story, and the index file holding the store's keys."""
    placed = store.story_ids_of_articles([a.id for a in store.articles()])
    assert all(len(ids) == 1 for ids in placed.values()), placed
    index = Path(store.path + ".usearch")
    assert index.is_file() and not index.is_symlink()
    assert _index_keys(index) == store.ann_keys(embed.MODEL_PACKAGE)


def test_an_ingest_adding_nothing_repairs_a_stale_index_and_removes_leftovers(demo_store_copy: Path) -> None:
    _needs_index()
    folder = demo_store_copy.parent
    ours = [folder / "demo.sqlite.usearch.k3x_9q2a.tmp", folder / "demo.sqlite.usearch.00000000.tmp"]
    others = [folder / "other.sqlite.usearch.k3x_9q2a.tmp", folder / "demo.sqlite.usearch.K3X_9Q2A.tmp",
              folder / "demo.sqlite.usearch.k3x_9q2a.tmp.keep", folder / "demo.sqlite.usearch.tmp",
              folder / "demo.sqlite.usearch.k3x_9q2ab.tmp"]
    for path in (*ours, *others):
        path.write_bytes(b"half an index")
    with Store(demo_store_copy) as store:
        # A writer killed between its commit and its index save: keys committed, the file not rewritten.
        some = sorted(store.story_ids_of_articles([a.id for a in store.articles()]))[:2]
        store.ann_assign(some, embed.MODEL_PACKAGE)
        assert _index_keys(Path(f"{demo_store_copy}.usearch")) != store.ann_keys(embed.MODEL_PACKAGE)
        added, _, _ = ingest([str(DEMO)], store, Settings())
        assert added == 0
        _consistent(store)
    assert not any(path.exists() for path in ours)
    assert all(path.exists() for path in others)


@pytest.mark.parametrize("kind", ["link to /dev/zero", "fifo"])
def test_an_index_path_that_is_no_file_is_rebuilt_from_the_store(demo_store_copy: Path, kind: str) -> None:
    _needs_index()
    index = Path(f"{demo_store_copy}.usearch")
    index.unlink()
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(index)
    else:
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero here")
        index.symlink_to("/dev/zero")
    late = demo_store_copy.parent / "late.txt"
    late.write_text("Harbour ferry timetable changes\n\nThe harbour ferry will leave every twenty minutes from "
                    "Monday, the port authority said, after complaints about crowded morning crossings.\n",
                    encoding="utf-8")
    with Store(demo_store_copy) as store:
        added, _, _ = ingest([str(late)], store, Settings())  # a new article: the index is read and extended
        assert added == 1
        _consistent(store)


def test_a_directory_in_place_of_the_index_is_refused_before_anything_is_stored(demo_store_copy: Path) -> None:
    index = Path(f"{demo_store_copy}.usearch")
    index.unlink(missing_ok=True)
    index.mkdir()
    (index / "notes.txt").write_text("someone's notes", encoding="utf-8")
    late = demo_store_copy.parent / "late.jsonl"
    late.write_text(json.dumps({"id": "ferry-1", "source": "Harbour Post", "title": "Ferry timetable changes",
                                "text": "The harbour ferry will leave every twenty minutes from Monday, the port "
                                        "authority said, after complaints about crowded morning crossings."}) + "\n",
                    encoding="utf-8")
    with Store(demo_store_copy, readonly=True) as store:
        before = store.article_count()
    result = CliRunner().invoke(main, ["ingest", str(late), "--db", str(demo_store_copy)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert "demo.sqlite.usearch is a directory" in result.output and "move it away" in result.output
    with Store(demo_store_copy, readonly=True) as store:
        assert store.article_count() == before  # nothing stored, so no article is left in no story
        placed = store.story_ids_of_articles([a.id for a in store.articles()])
        assert all(len(ids) == 1 for ids in placed.values())
    assert (index / "notes.txt").exists()  # and nothing of the user's was removed
