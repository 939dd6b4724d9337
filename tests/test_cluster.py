"""Story clustering: features, order independence, grouping, and the ECB+ benchmark's B-cubed scorer."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from benchloader import load_benchmark
from newsfuse import embed
from newsfuse.cluster import (
    ClusterDoc,
    ClusterSettings,
    Identity,
    Item,
    Member,
    StoryGroup,
    average_linkage,
    centroid,
    cluster,
    cluster_state,
    days_verdict,
    document_item,
    key_lists,
    recluster,
    similarity,
    thread_groups,
    thread_similarity,
)
from newsfuse.nlp.features import features_from_doc, normalize_entity

ROOT = Path(__file__).resolve().parents[1]
ECBPLUS = ROOT / ".." / "shared" / "eval" / "ecbplus"


bench = load_benchmark("clustering")


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
    assert any(e == "red cross" for e in entities)


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


def test_thread_similarity_blends_centroids_and_best_article_pair() -> None:
    day = datetime.date(2024, 3, 1)
    docs = [
        _doc("a1", "court trial jury verdict murder defendant", "ohio", day),
        _doc("a2", "court trial jury verdict murder judge", "ohio", day),
        _doc("b1", "court trial jury sentence murder appeal", "ohio", day + datetime.timedelta(days=300)),
        _doc("b2", "storm flood rain river evacuate", "ohio", day + datetime.timedelta(days=300)),
    ]
    state = cluster_state(docs)
    a = centroid([state.items["a1"], state.items["a2"]])
    b = centroid([state.items["b1"], state.items["b2"]])
    settings = ClusterSettings()
    thread = ClusterSettings(dense_weight=settings.thread_dense_weight)
    whole = similarity(a, b, thread, gate_days=False)
    best = max(
        similarity(x, y, thread, gate_days=False) for x in a.members for y in b.members
    )
    blended = thread_similarity(a, b, settings)
    w = settings.thread_pair_weight
    assert blended == pytest.approx((1 - w) * whole + w * best)
    assert best > whole  # the trial article of story b recalls story a more than b as a whole
    bare = centroid([state.items["a1"]])
    assert thread_similarity(a, replace(bare, members=()), settings) == (
        pytest.approx(similarity(a, bare, thread, gate_days=False))
    )


def test_thread_groups_decide_as_batch_threads() -> None:
    day = datetime.date(2024, 3, 1)
    later = day + datetime.timedelta(days=200)
    docs = [
        _doc("a", "flood river bank burst village evacuate rain", "kerala", day),
        _doc("b", "flood river bank burst village evacuate rain", "kerala", day),
        _doc("c", "flood river bank burst village evacuate rain monsoon", "kerala", later),
        _doc("d", "parliament budget tax vote minister", "delhi", day),
    ]
    state = cluster_state(docs)
    thread = {a: g.thread for g in state.groups for a in g.article_ids}
    assert thread["a"] == thread["c"] != thread["d"]
    stories = [centroid([state.items["a"], state.items["b"]]), centroid([state.items["d"]]),
               centroid([state.items["c"]])]
    assert thread_groups(stories) == [[0, 2], [1]]


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


def test_average_linkage_on_sparse_graph() -> None:
    # two triangles joined by one weak edge: the weak edge's mean over 3x3 pairs is below threshold
    edges = {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.7, (3, 4): 0.9, (3, 5): 0.8, (4, 5): 0.6, (2, 3): 0.3}
    assert average_linkage(6, edges, 0.1) == [[0, 1, 2], [3, 4, 5]]
    assert average_linkage(6, edges, 0.01) == [[0, 1, 2, 3, 4, 5]]
    assert average_linkage(3, {}, 0.1) == [[0], [1], [2]]


def test_average_linkage_keeps_apart_by_any_way_of_telling() -> None:
    # two pairs joined by one bridging edge (2-1): one way of telling says nothing of the bridge's
    # clusters (None), another says every pair it can tell across them is apart: they stay two
    edges = {(0, 1): 0.9, (2, 3): 0.9, (1, 2): 0.5}
    nothing = lambda i, j: None  # noqa: E731
    days = lambda i, j: True if {i, j} in ({0, 2}, {0, 3}) else None  # noqa: E731
    assert average_linkage(4, edges, 0.1) == [[0, 1, 2, 3]]
    assert average_linkage(4, edges, 0.1, apart=(nothing,), apart_share=1.0) == [[0, 1, 2, 3]]
    assert average_linkage(4, edges, 0.1, apart=(nothing, days), apart_share=1.0) == [[0, 1], [2, 3]]
    # one pair across them told together (a person in common): they merge
    mixed = lambda i, j: False if {i, j} == {1, 3} else days(i, j)  # noqa: E731
    assert average_linkage(4, edges, 0.1, apart=(mixed,), apart_share=1.0) == [[0, 1, 2, 3]]


def test_days_verdict_tells_other_days_and_a_shared_person() -> None:
    settings = ClusterSettings()

    def item(days: tuple[int, ...], people: frozenset[str] = frozenset(), streets: frozenset[str] = frozenset(),
             ) -> Item:
        identity = Identity(people=people, streets=streets,
                            days=frozenset(datetime.date(2023, 5, d) for d in days))
        return Item({}, (), None, datetime.date(2023, 5, 10), datetime.date(2023, 5, 10), identity=identity)

    assert days_verdict(item((1,)), item((6,)), settings) is True  # days 5 apart
    assert days_verdict(item((1,)), item((2,)), settings) is None  # a day apart: one event told twice, or two
    assert days_verdict(item((1,), streets=frozenset({"holton"})), item((2,), streets=frozenset({"calhoun"})),
                        settings) is True  # ... on two streets: two events
    assert days_verdict(item((1,)), item((1,)), settings) is None  # the same day: nothing told
    assert days_verdict(item((1,), frozenset({"ann lee"})), item((6,), frozenset({"ann lee"})), settings) is False
    # published a week apart, the later may name only the days of what followed (an arrest): nothing told
    later = replace(item((9,)), first=datetime.date(2023, 5, 17), last=datetime.date(2023, 5, 17))
    assert days_verdict(item((1,)), later, settings) is None
    assert days_verdict(item((1,)), later, replace(settings, days_window=7)) is True


def test_dense_vector_is_blended_in() -> None:
    # Few shared words, but the same dense vector: linked only when the embedding is there.
    base = [_doc("a", "ferry capsize harbour storm"), _doc("b", "vessel sink port gale crew")]
    story, _ = _labels(cluster(base))
    assert story["a"] != story["b"]
    same = (0.6, 0.8, 0.0)
    with_vectors = [ClusterDoc(d.id, d.terms, d.entities, d.published, vector=same) for d in base]
    story, _ = _labels(cluster(with_vectors, ClusterSettings(dense_weight=0.5)))
    assert story["a"] == story["b"]


# --------------------------------------------------------------------------- real text (ECB+)


def _ecb_cluster_docs(nlp, gold):  # type: ignore[no-untyped-def]
    docs = []
    for g, parsed in zip(gold, nlp.pipe(g.text for g in gold), strict=True):
        terms, entities = features_from_doc(parsed)
        docs.append(ClusterDoc(id=g.name, terms=terms, entities=entities, published=None))
    return docs


@pytest.fixture(scope="module")
def ecb_docs(nlp, eval_dir):  # type: ignore[no-untyped-def]
    gold = bench.load_documents(eval_dir / "ecbplus", [6, 8])
    return gold, _ecb_cluster_docs(nlp, gold)


@pytest.fixture(scope="module")
def ecb_embedded(ecb_docs):  # type: ignore[no-untyped-def]
    if not embed.available():
        pytest.skip("packaged sentence model not installed")
    gold, docs = ecb_docs
    vectors = embed.embed_texts([g.text for g in gold])
    return gold, [ClusterDoc(d.id, d.terms, d.entities, d.published, d.dates, v) for d, v in zip(docs, vectors, strict=True)]


@pytest.mark.slow
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


def test_order_independent_with_embeddings(ecb_embedded) -> None:  # type: ignore[no-untyped-def]
    _, docs = ecb_embedded
    expected = cluster(docs)
    rng = random.Random(11)
    for _ in range(3):
        shuffled = list(docs)
        rng.shuffle(shuffled)
        assert cluster(shuffled) == expected


def test_ecbplus_two_topics_with_embeddings(ecb_embedded) -> None:  # type: ignore[no-untyped-def]
    gold, docs = ecb_embedded
    story, thread = _labels(cluster(docs))
    p, r, _ = bench.b_cubed(story, {g.name: g.subtopic for g in gold})
    assert p >= 0.95 and r >= 0.9
    gold_thread = {g.name: g.topic for g in gold}
    for t in set(thread.values()):
        assert len({gold_thread[a] for a, x in thread.items() if x == t}) == 1


@pytest.mark.slow
def test_single_story_threads_are_not_split(nlp, eval_dir) -> None:  # type: ignore[no-untyped-def]
    """Topics with one event each (ECB+ 'ecb' texts only): each must stay (almost) one story."""
    gold = bench.load_documents(eval_dir / "ecbplus", [6, 8, 12], only="ecb")
    docs = _ecb_cluster_docs(nlp, gold)
    if embed.available():
        vectors = embed.embed_texts([g.text for g in gold])
        docs = [ClusterDoc(d.id, d.terms, d.entities, d.published, d.dates, v) for d, v in zip(docs, vectors, strict=True)]
    story, _ = _labels(cluster(docs))
    p, r, _ = bench.b_cubed(story, {g.name: g.subtopic for g in gold})
    assert p == 1.0 and r >= 0.9


def test_embeddings_are_unit_and_topical() -> None:
    if not embed.available():
        pytest.skip("packaged sentence model not installed")
    quake, aftershock, budget = embed.embed_texts([
        "A strong earthquake shook the coastal province overnight, collapsing several houses.",
        "Rescuers searched rubble after the tremor flattened homes along the coast.",
        "Parliament approved the annual budget after a long debate over tax rates.",
    ])
    def cos(a: tuple[float, ...], b: tuple[float, ...]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))
    assert abs(cos(quake, quake) - 1.0) < 1e-4
    assert cos(quake, aftershock) > cos(quake, budget) + 0.2
    assert embed.embed_text("A strong earthquake shook the coastal province overnight, collapsing several houses.") == quake


def test_ann_candidates_match_exact(ecb_embedded) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("usearch")
    _, docs = ecb_embedded
    assert cluster(docs, ClusterSettings(exact_limit=8)) == cluster(docs)


# --------------------------------------------------------------------------- incremental placement


def _incremental_docs() -> list[ClusterDoc]:
    day = datetime.date(2024, 3, 1)
    quake = "earthquake magnitude rescue collapse building tremor aftershock"
    strike = "strike union wage port dockworker picket negotiation"
    return [
        _doc("q1", quake + " village", "Lima,Peru", day),
        _doc("q2", quake + " school", "Lima,Peru", day),
        _doc("q3", quake + " hospital", "Lima", day),
        _doc("s1", strike + " ship", "Rotterdam", day),
        _doc("s2", strike + " cargo", "Rotterdam,Dutch", day),
        _doc("s3", strike + " container", "Rotterdam", day),
    ]


def test_document_item_matches_the_batch_item() -> None:
    from newsfuse.cluster import cluster_state, document_item, key_lists

    docs = _incremental_docs()
    state = cluster_state(docs)
    df = Counter(k for d in docs for k in {k for g in key_lists(d) for k in g})
    for doc in docs:
        item = document_item(doc, df, len(docs))
        assert item.vector == pytest.approx(state.items[doc.id].vector)
        assert item.lookup == state.items[doc.id].lookup


def _stored_and_new(docs: list[ClusterDoc], new: list[ClusterDoc]) -> list[Member]:
    """The members of a region: ``docs`` clustered and stored, ``new`` just arrived."""
    state = cluster_state(docs)
    df = Counter(k for d in [*docs, *new] for k in {k for g in key_lists(d) for k in g})
    stored = [Member(a, state.items[a], state.links[a]) for a in sorted(state.items)]
    return stored + [Member(d.id, document_item(d, df, len(docs) + len(new)), None) for d in new]


def test_recluster_places_new_articles_as_a_full_build_would() -> None:
    docs = _incremental_docs()
    new = _doc("q4", "earthquake magnitude rescue collapse tremor aftershock bridge", "Peru",
               datetime.date(2024, 3, 2))
    lone = _doc("x", "museum textile exhibition opening weaving", "Millbrook", datetime.date(2024, 3, 2))
    regrouped = recluster(_stored_and_new(docs, [new, lone]))
    assert list(regrouped.stories) == sorted(g.article_ids for g in cluster([*docs, new, lone]))
    assert ("q1", "q2", "q3", "q4") in regrouped.stories and ("x",) in regrouped.stories
    assert regrouped.links["q4"] and all(s >= ClusterSettings().min_link for s in regrouped.links["q4"])
    assert regrouped.links["x"] == ()


def _wildfires() -> tuple[list[ClusterDoc], ClusterDoc]:
    """Two stories of one wildfire told apart (evacuations, containment), an unrelated one, and an
    article that tells both halves."""
    day = datetime.date(2024, 3, 1)
    evacuation = "wildfire canyon evacuate homes ridge smoke"
    containment = "wildfire canyon firefighters containment acres crews"
    docs = [
        _doc("a1", evacuation + " road", "Malibu", day), _doc("a2", evacuation + " school", "Malibu", day),
        _doc("b1", containment + " air", "Topanga", day), _doc("b2", containment + " tanker", "Topanga", day),
        _doc("z1", "parliament budget tax vote minister", "Delhi", day),
    ]
    return docs, _doc("m", f"{evacuation} {containment}", "Malibu,Topanga", day)


def test_a_bridging_article_merges_two_stories_as_a_full_build_does() -> None:
    docs, bridge = _wildfires()
    assert [g.article_ids for g in cluster(docs)][:2] == [("a1", "a2"), ("b1", "b2")]
    assert [g.article_ids for g in cluster([*docs, bridge])][0] == ("a1", "a2", "b1", "b2", "m")
    region = [m for m in _stored_and_new(docs, [bridge]) if m.id != "z1"]
    assert recluster(region).stories == (("a1", "a2", "b1", "b2", "m"),)


def test_articles_arriving_together_are_grouped_together_in_any_order() -> None:
    docs, _ = _wildfires()
    day = datetime.date(2024, 3, 2)
    storm = "storm surge coast flooding hurricane landfall wind"
    arrivals = [_doc("h1", storm + " pier", "Galveston", day), _doc("h2", storm + " levee", "Galveston", day),
                _doc("h3", storm + " shelter", "Galveston", day)]
    members = _stored_and_new(docs, arrivals)
    regrouped = recluster(members)
    assert regrouped.stories == (("a1", "a2"), ("b1", "b2"), ("h1", "h2", "h3"), ("z1",))
    assert recluster(list(reversed(members))) == regrouped
