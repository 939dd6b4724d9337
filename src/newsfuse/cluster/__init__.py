"""Story clustering: articles -> stories (one real-world event) -> threads (related stories).

``newsfuse.nlp.features`` gives each article its sparse features in the one spaCy pass;
``cluster`` groups ``ClusterDoc``s, independently of input order:

* articles are taken in a canonical order (published, id), so any input order gives the same result;
* each article is a unit tf-idf vector over content lemmas, entity names (weighted up) and
  mentioned dates (idf from the whole batch), plus, when given, a unit dense embedding
  (``newsfuse.embed``); ``similarity`` blends the two cosines and gates publication dates;
* each article is scored only against candidates: articles sharing its heaviest keys in an
  inverted index, and its nearest dense embeddings (exact, or a usearch HNSW index for large
  batches), so the work per article is bounded;
* every article links to its few most similar candidates (a sparse k-nearest-neighbour graph);
  stories are average-linkage clusters of that graph. Linking only to nearest neighbours keeps
  two events of one kind apart even when their articles share most words: such articles' nearest
  neighbours are still in their own event (98% on ECB+), and the mean link between the two
  groups stays below ``story_threshold``. One event's articles link densely among themselves, so a
  thread with a single event stays whole (no topic-level re-weighting that would split it);
* an event is where, when and who (``identity``): two articles whose events happened in places more
  than ``far_km`` apart are never one story however alike their words (local news tells every
  shooting in the same words), and two stories never merge when every pair of their articles that
  both say where is such a pair, so no third article chains them; articles published more than
  ``max_days`` apart are one story only when they name the same person (a victim, a suspect) or the
  same day with alike words (a follow-up: the arrest, the charges, the trial), up to ``follow_days``;
  articles naming days ``when_days`` apart (``street_days`` apart when they name streets none in
  common, or any days when both give the block of a scene and none on a street of the other's:
  ``block_days``) and no person in common are two events of one kind, and two stories never merge when every
  pair of their articles published up to ``days_window`` apart that tells days apart or names a person
  in common is such a pair (a roundup, or an article that names no day, does not chain two nights'
  shootings of one city).
  Measured on gvc-dev by ``benchmarks/realstories.py``: a follow-up joins its event's *story*, not
  only its thread, because that is where a reader looks for the event's facts (its toll, its
  suspects) and where the follow-up's figures are cross-checked against the first reports;
* threads are complete-linkage clusters of stories over all candidate pairs, without the date
  gate: every two stories of a thread are at least ``thread_threshold`` alike (no chaining of one
  kind of event into the next). Two stories are compared by ``thread_similarity``: half their
  centroids' similarity, half that of their most alike pair of articles (a follow-up's articles
  recall the earlier event);
* the incremental path (``newsfuse.pipeline.incremental``) regroups only the region new articles touch by
  the same rules: ``recluster`` for the stories they link to, ``thread_groups`` for their threads.

Measured on ECB+ by ``benchmarks/clustering.py``.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsfuse.cluster.graph import average_linkage, neighbour_graph, scored_pairs, top_links
from newsfuse.cluster.identity import Identity, article_identity
from newsfuse.cluster.items import (
    ClusterDoc,
    Item,
    StoryGroup,
    Vector,
    apart_verdict,
    canonical_order,
    days_verdict,
    idf_weights,
    key_lists,
    lookup_keys,
    prepare_item,
    similarity,
    thread_similarity,
    too_far_apart,
    unit_vector,
)
from newsfuse.config import ClusterSettings

# --------------------------------------------------------------------------- stories and threads


def _story_item(
    story: Sequence[int],
    items: Sequence[Item],
    idf: Mapping[str, float],
    df_one: float,
    settings: ClusterSettings,
) -> Item:
    """A story as one item for thread clustering (``centroid``), its lookup keys the heaviest keys
    that other articles of the batch share."""
    whole = centroid([items[i] for i in story], settings)
    return replace(whole, lookup=lookup_keys(whole.vector, idf, df_one, settings))


def thread_groups(stories: Sequence[Item], settings: ClusterSettings = ClusterSettings()) -> list[list[int]]:
    """Threads of stories (items as ``_story_item`` or ``centroid`` make them): complete linkage
    over every candidate pair's ``thread_similarity`` (no date gate) at ``thread_threshold``.
    Returns the threads as sorted lists of story indices, ordered by their first story."""
    thread_settings = replace(settings, dense_weight=settings.thread_dense_weight)
    story_pairs = scored_pairs(stories, thread_settings, gate_days=False, threads=True)
    edges = {
        (min(a, b), max(a, b)): score
        for a, others in story_pairs.items()
        for b, score in others.items()
        if score > 0.0
    }
    return average_linkage(len(stories), edges, settings.thread_threshold, complete=True)


def _apart(items: Sequence[Item], settings: ClusterSettings) -> tuple[Callable[[int, int], bool | None], ...]:
    """The ways average linkage tells two articles apart (by index): their events' places far apart
    (``apart_verdict``), their days (``days_verdict``)."""
    return (lambda i, j: apart_verdict(items[i], items[j], settings),
            lambda i, j: days_verdict(items[i], items[j], settings))


@dataclass(frozen=True, slots=True)
class Clustering:
    """A full clustering and what incremental updates need to carry it on: every article's
    prepared item and its strongest link weights in the story graph."""

    groups: tuple[StoryGroup, ...]
    items: Mapping[str, Item]  # article id -> its item (vectors under the whole batch's idf)
    links: Mapping[str, tuple[float, ...]]  # article id -> its top link weights, strongest first


def cluster(
    docs: Sequence[ClusterDoc], settings: ClusterSettings = ClusterSettings()
) -> list[StoryGroup]:
    """Group articles into stories and stories into threads, independently of input order.

    Articles are taken in a canonical order (published, id). Each one is compared only with its
    candidates (shared heaviest keys in an inverted index, and nearest dense embeddings) and
    links to its ``neighbours`` most similar ones; stories are the clusters of average linkage
    over that sparse graph at ``story_threshold``. Threads are complete-linkage clusters of the
    stories' centroids (all candidate pairs, no date gate) at ``thread_threshold``.
    Stories are returned sorted by their smallest article id; threads are numbered in that order.
    """
    return list(cluster_state(docs, settings).groups)


def cluster_state(
    docs: Sequence[ClusterDoc], settings: ClusterSettings = ClusterSettings()
) -> Clustering:
    """``cluster`` with the per-article state that ``place`` needs to add articles later."""
    if not docs:
        return Clustering((), {}, {})
    ordered = [docs[i] for i in canonical_order(docs)]
    idf = idf_weights(ordered)
    df_one = math.log((1 + len(ordered)) / 2) + 1.0 - 1e-9
    items = [prepare_item(doc, idf, df_one, settings) for doc in ordered]
    top = top_links(scored_pairs(items, settings, gate_days=True), settings)
    stories = average_linkage(len(items), neighbour_graph(top), settings.story_threshold,
                              apart=_apart(items, settings), apart_share=settings.apart_share)
    story_items = [_story_item(story, items, idf, df_one, settings) for story in stories]
    threads = thread_groups(story_items, settings)
    thread_of = {s: t for t, thread in enumerate(threads) for s in thread}
    keyed = sorted(
        (tuple(sorted(ordered[i].id for i in story)), thread_of[s])
        for s, story in enumerate(stories)
    )
    numbering: dict[int, int] = {}
    groups = tuple(
        StoryGroup(ids, numbering.setdefault(thread, len(numbering))) for ids, thread in keyed
    )
    return Clustering(
        groups,
        {doc.id: item for doc, item in zip(ordered, items, strict=True)},
        {ordered[i].id: tuple(score for _, score in top[i]) for i in range(len(ordered))},
    )


# --------------------------------------------------------------------------- incremental


def document_item(
    doc: ClusterDoc, df: Mapping[str, int], count: int, settings: ClusterSettings = ClusterSettings()
) -> Item:
    """An article's item under the idf of a collection of ``count`` articles (the article among
    them) whose document frequencies are ``df`` (a key missing from ``df`` is in this doc only).

    The same weighting as ``cluster``: with the whole batch's counts it gives the same item.
    """
    keys = {key for group in key_lists(doc) for key in group}
    idf = {key: math.log((1 + count) / (1 + max(df.get(key, 1), 1))) + 1.0 for key in keys}
    df_one = math.log((1 + count) / 2) + 1.0 - 1e-9
    return prepare_item(doc, idf, df_one, settings)


def stored_item(
    vector: Mapping[str, float],
    lookup: Sequence[str],
    dense: Sequence[float] | None,
    published: datetime.date | None,
    identity: Identity | None = None,
) -> Item:
    """An article's item rebuilt from its kept parts (as ``document_item`` made it) and its where and
    who, read again from its parse."""
    return Item(dict(vector), tuple(lookup), unit_vector(dense) if dense else None, published, published,
                identity=identity)


@dataclass(frozen=True, slots=True)
class Member:
    """An article of a region being re-clustered: its item and, for an article already in the
    clustering state, its top link weights (strongest first, see ``Clustering.links``); None for a
    new article."""

    id: str
    item: Item
    links: tuple[float, ...] | None


@dataclass(frozen=True, slots=True)
class Regrouping:
    """The stories of a re-clustered region (sorted id lists, ordered by first id) and the top link
    weights every member has now."""

    stories: tuple[tuple[str, ...], ...]
    links: Mapping[str, tuple[float, ...]]


def recluster(members: Sequence[Member], settings: ClusterSettings = ClusterSettings()) -> Regrouping:
    """The stories of a region of the story graph once new articles have arrived, by ``cluster``'s rule.

    The region is the new articles and every stored story they link to. Its articles are scored
    against their candidates within the region (``similarity``, date gate on) and the story graph's
    edges are drawn as ``cluster`` draws them: a new article links to its ``neighbours`` most similar
    candidates; a stored one keeps the links at least as strong as the weakest of its top weights
    once the new articles' scores have entered them. Average linkage over those edges at
    ``story_threshold`` then regroups the whole region, so a new article may join a story, start
    one, bridge two stories into one, or take part of a story away, and the articles arriving
    together are grouped with each other as one build would group them. Articles are taken in
    canonical order (published, id), so the result does not depend on the order they came in.
    """
    ordered = sorted(members, key=lambda m: (m.item.first or datetime.date.max, m.id))
    items = [m.item for m in ordered]
    scored = scored_pairs(items, settings, gate_days=True)
    pair: dict[tuple[int, int], float] = {}
    for a, others in scored.items():
        for b, score in others.items():
            if score >= settings.min_link:
                pair[(min(a, b), max(a, b))] = score
    new_top = top_links({i: scored[i] for i, m in enumerate(ordered) if m.links is None}, settings)
    links: dict[int, tuple[float, ...]] = {i: tuple(s for _, s in top) for i, top in new_top.items()}
    arrived: dict[int, list[float]] = defaultdict(list)
    for (a, b), score in pair.items():
        for stored, other in ((a, b), (b, a)):
            if ordered[stored].links is not None and ordered[other].links is None:
                arrived[stored].append(score)
    for i, m in enumerate(ordered):
        if m.links is not None:
            links[i] = tuple(sorted((*m.links, *arrived[i]), reverse=True)[: settings.neighbours])

    def keeps(i: int, j: int, score: float) -> bool:
        """Whether ``j`` is among ``i``'s top links."""
        if ordered[i].links is None:
            return any(o == j for o, _ in new_top[i])
        weights = links[i]
        return len(weights) < settings.neighbours or score >= weights[-1]

    edges = {ab: score for ab, score in pair.items() if keeps(*ab, score) or keeps(ab[1], ab[0], score)}
    groups = average_linkage(len(ordered), edges, settings.story_threshold,
                             apart=_apart(items, settings), apart_share=settings.apart_share)
    stories = sorted(tuple(sorted(ordered[i].id for i in group)) for group in groups)
    return Regrouping(tuple(stories), {ordered[i].id: w for i, w in links.items()})


def centroid(items: Sequence[Item], settings: ClusterSettings = ClusterSettings()) -> Item:
    """A story as one item for thread comparison: the unit centroids of its articles' vectors, its
    heaviest ``lookup_keys`` keys (to find candidate stories), the publication date range and the
    articles' items."""
    summed: Vector = defaultdict(float)
    for item in items:
        for key, weight in item.vector.items():
            summed[key] += weight
    norm = math.sqrt(sum(w * w for w in summed.values())) or 1.0
    vector = {k: w / norm for k, w in summed.items()}
    lookup = tuple(sorted(vector, key=lambda k: (-vector[k], k))[: settings.lookup_keys])
    denses = [item.dense for item in items if item.dense is not None]
    dense = None
    if denses and len({len(d) for d in denses}) == 1:
        dense = unit_vector(sum(column) for column in zip(*denses, strict=True))
    dates = [d for item in items for d in (item.first, item.last) if d is not None]
    return Item(vector, lookup, dense, min(dates, default=None), max(dates, default=None), tuple(items))


__all__ = [
    "ClusterDoc", "ClusterSettings", "Clustering", "Identity", "Item", "Member", "Regrouping", "StoryGroup",
    "article_identity", "average_linkage", "centroid", "cluster", "cluster_state", "days_verdict", "document_item",
    "key_lists", "recluster", "similarity", "stored_item", "thread_groups", "thread_similarity", "too_far_apart",
]
