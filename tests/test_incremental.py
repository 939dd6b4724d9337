"""Incremental story clustering: the demo corpus ingested in two batches must give the stories (and
threads, and story reports) of one full rebuild; posting and re-running keep the store consistent.

Residual difference, by design: stored articles keep the tf-idf weights of when they were added and
only the region the new articles touch is regrouped, so the incremental result can differ a little
from ``newsfuse ingest --rebuild`` (measured by ``benchmarks/clustering.py --batches N``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.pipeline import add, ingest, prepare
from newsfuse.store import Store
from newsfuse.types import Article

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"


def _memberships(store: Store) -> tuple[list[tuple[str, ...]], list[list[str]]]:
    stories = store.stories()
    threads = {s.thread_id for s in stories}
    return (sorted(s.article_ids for s in stories),
            sorted(sorted(a for s in stories if s.thread_id == t for a in s.article_ids) for t in threads))


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("full") / "full.sqlite"
    with Store(db) as store:
        ingest([str(DEMO)], store, Settings(), full=True)
    return db


@pytest.fixture(scope="module")
def incremental(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus in two batches: the first 8 JSONL records (the second batch holds the
    syndicated copy demo-009 of demo-008, so cross-batch copy detection is exercised), then the rest."""
    folder = tmp_path_factory.mktemp("inc")
    lines = (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "first.jsonl").write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    (folder / "second.jsonl").write_text("\n".join(lines[8:]) + "\n", encoding="utf-8")
    db = folder / "inc.sqlite"
    with Store(db) as store:
        ingest([str(folder / "first.jsonl")], store, Settings())
        assert store.meta("cluster_state")  # the first batch was a full build: the state is valid
        ingest([str(folder / "second.jsonl"), str(DEMO / "extra")], store, Settings())
        assert store.meta("cluster_state")  # ... and the second one carried it on
    return db


def test_two_batches_give_the_stories_and_threads_of_one_build(full: Path, incremental: Path) -> None:
    with Store(full) as one, Store(incremental) as two:
        assert _memberships(two) == _memberships(one)
        assert len(one.stories()) >= 6


def test_two_batches_give_the_same_story_reports(full: Path, incremental: Path) -> None:
    with Store(full) as one, Store(incremental) as two:
        assert {s.id: s for s in two.stories()} == {s.id: s for s in one.stories()}
        copies = {a.id: a.duplicate_of for a in two.articles() if a.duplicate_of}
        assert copies == {"demo-009": "demo-008"}  # found across batches through the index


def test_batches_in_another_order_give_the_stories_of_one_build(full: Path, tmp_path: Path) -> None:
    """The later records first, then the first eight: the regrouping lets the early articles join,
    merge or split the stories the later ones started."""
    lines = (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "late.jsonl").write_text("\n".join(lines[8:]) + "\n", encoding="utf-8")
    (tmp_path / "early.jsonl").write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store, Store(full) as one:
        ingest([str(tmp_path / "late.jsonl"), str(DEMO / "extra")], store, Settings())
        ingest([str(tmp_path / "early.jsonl")], store, Settings())
        assert store.meta("cluster_state")
        assert _memberships(store) == _memberships(one)


def test_index_file_sits_beside_the_store(incremental: Path) -> None:
    from newsfuse import embed

    if not embed.available():
        pytest.skip("no embedding model: no index")
    assert Path(str(incremental) + ".usearch").stat().st_size > 0


def test_new_article_joins_its_story_and_only_touched_stories_change(tmp_path: Path, full: Path) -> None:
    db = tmp_path / "copy.sqlite"
    db.write_bytes(full.read_bytes())
    with Store(full) as source:
        flood = next(s for s in source.stories() if "demo-004" in s.article_ids)
        before = {s.id: s for s in source.stories()}
    text = Article(
        id="new-flood", source="Test Wire", url=None, title="Marrow River flood: volunteers fill sandbags",
        published="2025-09-16",
        text=("Volunteers in Kestrel Ford filled sandbags on Tuesday as the Marrow River stayed above flood "
              "stage across the Lennox Valley, a day after its banks burst.\n\n"
              "Sheriff Joanna Reyes said crews were still searching flooded homes near the river, and the "
              "Regional Meteorological Office warned of more rain in the valley."),
    )
    with Store(db) as store:
        kept, _ = prepare([text], Settings())
        from newsfuse.pipeline import parse

        parse(kept, Settings(), store)
        story_ids = add(kept, store, Settings())
        after = {s.id: s for s in store.stories()}
    joined = after[story_ids[0]]
    assert set(joined.article_ids) == set(flood.article_ids) | {"new-flood"}
    changed = {sid for sid in before if sid not in after or after[sid] != before[sid]}
    same_thread = {sid for sid, s in before.items() if s.thread_id == flood.thread_id}
    assert changed <= same_thread  # stories outside the touched thread are left exactly as they were


def test_rebuild_flag_and_state_invalidation(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        ingest([str(DEMO / "extra")], store, Settings())
        version = store.meta("cluster_state")
        assert version
        store.save_stories(store.stories())  # an outside story write invalidates the state
        assert store.meta("cluster_state") is None
        ingest([str(DEMO / "extra")], store, Settings(), full=True)
        assert store.meta("cluster_state") == version
