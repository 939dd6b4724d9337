"""Story clustering: articles -> stories (one real-world event) -> threads (related stories).

``features_from_doc`` turns an article's spaCy Doc into the sparse features kept per article;
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
* threads are complete-linkage clusters of stories over all candidate pairs, without the date
  gate: every two stories of a thread are at least ``thread_threshold`` alike (no chaining of one
  kind of event into the next). Two stories are compared by ``thread_similarity``: half their
  centroids' similarity, half that of their most alike pair of articles (a follow-up's articles
  recall the earlier event);
* the incremental path (``newsfuse.incremental``) regroups only the region new articles touch by
  the same rules: ``recluster`` for the stories they link to, ``thread_groups`` for their threads.

Measured on ECB+ by ``benchmarks/clustering.py``.
"""

from __future__ import annotations

import bisect
import datetime
import heapq
import importlib.util
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

TERM_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_SPACES = re.compile(r"\s+")


def normalize_entity(text: str) -> str:
    """An entity mention as a clustering key: lower-cased, single-spaced, no leading "the", no "'s"."""
    key = _SPACES.sub(" ", text.strip().lower())
    if key.startswith("the "):
        key = key[4:]
    return _POSSESSIVE.sub("", key).strip()


def features_from_doc(doc: Doc) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The clustering features of one parsed article: (terms, entities), both in text order.

    terms: lower-cased lemmas of alphabetic, non-stop-word nouns, proper nouns, verbs and adjectives
    (numbers are left out: they are better compared as claims than as words).
    entities: normalised texts of named-entity mentions of the kinds that identify an event's
    actors and places (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT).
    """
    terms = tuple(
        t.lemma_.lower()
        for t in doc
        if t.pos_ in TERM_POS and t.is_alpha and not t.is_stop and len(t.text) > 1
    )
    entities = tuple(
        key
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS and (key := normalize_entity(ent.text))
    )
    return terms, entities



# --------------------------------------------------------------------------- clustering


@dataclass(frozen=True, slots=True)
class ClusterDoc:
    """What clustering needs to know about one article (features from the one spaCy pass)."""

    id: str  # stable content-hash article id
    terms: tuple[str, ...]  # content lemmas, lower-cased, in text order (see features_from_doc)
    entities: tuple[str, ...]  # named-entity mention keys, lower-cased, in text order
    published: datetime.date | None
    dates: tuple[str, ...] = ()  # event dates mentioned in the text: "YYYY-MM-DD" / "YYYY-MM" / "YYYY"
    vector: tuple[float, ...] | None = None  # unit dense text embedding (newsfuse.embed), if any


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """One story: the articles that tell the same real-world event, and the thread it belongs to."""

    article_ids: tuple[str, ...]  # sorted
    thread: int  # index of the thread (related stories); numbered 0, 1, ... in story order


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """Similarity blend, neighbour graph and linkage thresholds for story clustering."""

    story_threshold: float = 0.045  # min mean link weight between two stories' articles to merge
    thread_threshold: float = 0.23  # min similarity of every pair of stories in one thread
    neighbours: int = 4  # nearest neighbours each article links to in the story graph
    min_link: float = 0.2  # an article never links to one less similar than this
    dense_weight: float = 0.3  # share of the dense-embedding cosine in the blended similarity
    thread_dense_weight: float = 0.3  # the same share when comparing stories for threads
    thread_pair_weight: float = 0.5  # share of the best article pair in a story pair's thread score
    thread_pair_members: int = 16  # per story, articles (nearest the other story) tried for that pair
    entity_weight: float = 1.5  # weight of entity keys relative to term keys in the vectors
    date_weight: float = 0.5  # weight of mentioned event dates (year, year-month keys) in the vectors
    lookup_keys: int = 24  # heaviest shared keys of an article used to find candidates
    max_postings: int = 64  # articles per index key considered (those nearest in canonical order)
    max_candidates: int = 48  # candidates scored per article (most shared keys first)
    max_days: int = 7  # articles published further apart than this are never one story
    exact_limit: int = 4096  # above this many dense vectors, neighbours come from an ANN index


Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class Item:
    """An article (or a story) prepared for clustering: sparse unit vector, lookup keys, dense unit
    vector, its publication date range and, for a story, its articles' items."""

    vector: Vector
    lookup: tuple[str, ...]
    dense: tuple[float, ...] | None
    first: datetime.date | None
    last: datetime.date | None
    members: tuple[Item, ...] = ()  # a story's article items (empty for an article)


def _canonical_order(docs: Sequence[ClusterDoc]) -> list[int]:
    """Indices of docs in a canonical order (published, id, features) that ignores input order."""
    return sorted(
        range(len(docs)),
        key=lambda i: (
            docs[i].published or datetime.date.max,
            docs[i].id,
            docs[i].terms,
            docs[i].entities,
            docs[i].dates,
            docs[i].vector or (),
        ),
    )


def _key_lists(doc: ClusterDoc) -> tuple[list[str], list[str], list[str]]:
    """A doc's term, entity and date keys (namespaced so a word, a name, a year never collide).

    A mentioned date gives its year and, when known, its month, so "2013-05-03" and "2013-05"
    share evidence.
    """
    dates = [f"d:{d[:n]}" for d in doc.dates for n in (4, 7) if len(d) >= n]
    return [f"t:{t}" for t in doc.terms], [f"e:{e}" for e in doc.entities], dates


def _idf(docs: Sequence[ClusterDoc]) -> dict[str, float]:
    """Smoothed inverse document frequency of every key over the whole batch (order-free)."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update({key for keys in _key_lists(doc) for key in keys})
    n = len(docs)
    return {key: math.log((1 + n) / (1 + count)) + 1.0 for key, count in df.items()}


def _unit(values: Iterable[float]) -> tuple[float, ...] | None:
    """A vector scaled to unit length (None when it is empty or zero)."""
    row = tuple(values)
    norm = math.sqrt(sum(x * x for x in row))
    return tuple(x / norm for x in row) if norm > 0 else None


def _prepare(
    doc: ClusterDoc, idf: Mapping[str, float], df_one: float, settings: ClusterSettings
) -> Item:
    """The unit tf-idf vector of a doc (sublinear tf), its heaviest shared keys, its dense vector."""
    terms, entities, dates = _key_lists(doc)
    raw: Vector = {}
    weighted = ((terms, 1.0), (entities, settings.entity_weight), (dates, settings.date_weight))
    for keys, weight in weighted:
        for key, count in Counter(keys).items():
            raw[key] = raw.get(key, 0.0) + weight * (1.0 + math.log(count)) * idf[key]
    norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
    vector = {k: w / norm for k, w in raw.items()}
    dense = _unit(doc.vector) if doc.vector else None
    lookup = _lookup_keys(vector, idf, df_one, settings)
    return Item(vector, lookup, dense, doc.published, doc.published)


def _lookup_keys(
    vector: Vector, idf: Mapping[str, float], df_one: float, settings: ClusterSettings
) -> tuple[str, ...]:
    """The heaviest keys of a vector that other articles share (df >= 2): its index entries."""
    shared = sorted((k for k in vector if idf[k] < df_one), key=lambda k: (-vector[k], k))
    return tuple(shared[: settings.lookup_keys])


def similarity(
    a: Item, b: Item, settings: ClusterSettings, gate_days: bool = True, dense: float | None = None
) -> float:
    """How alike two articles (or two stories) are: the one place where evidence is blended.

    The cosine of the sparse tf-idf vectors (words, names, mentioned dates), blended with the
    cosine of the dense embeddings when both have one (``dense_weight``; ``dense``: that cosine
    when already computed in bulk). With ``gate_days``, items published more than ``max_days``
    apart score 0: they are never one story.
    """
    if gate_days and too_far_apart(a, b, settings):
        return 0.0
    small, large = (a.vector, b.vector) if len(a.vector) <= len(b.vector) else (b.vector, a.vector)
    sparse = sum(w * large.get(k, 0.0) for k, w in small.items())
    if a.dense is None or b.dense is None or len(a.dense) != len(b.dense):
        return sparse
    if dense is None:
        dense = sum(x * y for x, y in zip(a.dense, b.dense, strict=True))
    return (1.0 - settings.dense_weight) * sparse + settings.dense_weight * dense


def thread_similarity(a: Item, b: Item, settings: ClusterSettings) -> float:
    """How alike two stories are as parts of one thread (no date gate, ``thread_dense_weight``).

    A blend of two views: the similarity of the stories' centroids (what the stories are about as
    a whole) and that of their most alike pair of articles (``thread_pair_weight``). A follow-up
    story usually has articles that recall the earlier event (the earlier trial, the last quake in
    the region) even when the bulk of its coverage is about new actors; a centroid alone dilutes
    that evidence, while a single article pair alone would chain on one stray article. Stories
    without member items (``members``) are compared by their centroids only.
    """
    thread_settings = replace(settings, dense_weight=settings.thread_dense_weight)
    whole = similarity(a, b, thread_settings, gate_days=False)
    weight = settings.thread_pair_weight
    if weight <= 0.0 or not a.members or not b.members:
        return whole
    xs, ys = _nearest_members(a, b, thread_settings), _nearest_members(b, a, thread_settings)
    cosines = _dense_block(xs, ys)
    best = max(
        similarity(x, y, thread_settings, False, cosines[i][j] if cosines is not None else None)
        for i, x in enumerate(xs)
        for j, y in enumerate(ys)
    )
    return (1.0 - weight) * whole + weight * best


def _dense_block(xs: Sequence[Item], ys: Sequence[Item]) -> list[list[float]] | None:
    """The dense cosines of every pair (x, y) in one numpy product, or None unless every item has
    a dense vector of one length."""
    lengths = {len(item.dense) if item.dense is not None else -1 for item in (*xs, *ys)}
    if len(lengths) != 1 or -1 in lengths:
        return None
    import numpy as np

    block: list[list[float]] = (np.asarray([x.dense for x in xs]) @ np.asarray([y.dense for y in ys]).T).tolist()
    return block


def _nearest_members(story: Item, other: Item, settings: ClusterSettings) -> tuple[Item, ...]:
    """At most ``thread_pair_members`` of a story's articles: those most alike the other story's
    centroid (ties: earlier member), so comparing two large stories stays bounded."""
    members = story.members
    if len(members) <= settings.thread_pair_members:
        return members
    ranked = sorted(
        range(len(members)),
        key=lambda i: (-similarity(members[i], other, settings, gate_days=False), i),
    )
    return tuple(members[i] for i in sorted(ranked[: settings.thread_pair_members]))


def too_far_apart(a: Item, b: Item, settings: ClusterSettings) -> bool:
    """Published more than ``max_days`` apart: never one story (the date gate of ``similarity``)."""
    return _days_apart(a, b) > settings.max_days


def _days_apart(a: Item, b: Item) -> int:
    """Days between the publication date ranges of two items (0 when they overlap or are unknown)."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return 0
    return max((a.first - b.last).days, (b.first - a.last).days, 0)


# --------------------------------------------------------------------------- candidates and graph


def _postings(items: Sequence[Item]) -> dict[str, list[int]]:
    """Inverted index: lookup key -> indices of the items that carry it (ascending)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for key in item.lookup:
            postings[key].append(index)
    return postings


def _candidates(
    index: int, items: Sequence[Item], postings: Mapping[str, list[int]], settings: ClusterSettings
) -> list[int]:
    """Items that may be near ``items[index]``: those sharing most of its index keys (bounded work).

    Per key only the ``max_postings`` items nearest in canonical order (hence in publication
    time) are looked at; the ``max_candidates`` with most shared keys are kept (ties: nearer in
    order, then lower index), so the result does not depend on input order.
    """
    hits: Counter[int] = Counter()
    half = settings.max_postings // 2
    for key in items[index].lookup:
        posting = postings.get(key, ())
        at = bisect.bisect_left(posting, index)
        lo = max(0, min(at - half, len(posting) - settings.max_postings))
        for other in posting[lo : lo + settings.max_postings]:
            if other != index:
                hits[other] += 1
    ranked = sorted(hits.items(), key=lambda oh: (-oh[1], abs(oh[0] - index), oh[0]))
    return [other for other, _ in ranked[: settings.max_candidates]]


def _dense_candidates(items: Sequence[Item], rows: Any, settings: ClusterSettings) -> list[list[int]]:
    """For every item with a dense vector, the ``max_candidates`` nearest others by dense cosine
    (``rows``: the items' vectors as ``_dense_rows`` stacks them).

    Up to ``exact_limit`` vectors the search is exact (blocked numpy products); above it an HNSW
    index (usearch), built single-threaded in canonical order so it is deterministic, answers each
    query in about a millisecond. Candidates are ranked by exact cosine, ties to the lower index.
    """
    with_dense = [i for i, item in enumerate(items) if item.dense is not None]
    result: list[list[int]] = [[] for _ in items]
    if len(with_dense) < 2 or rows is None:
        return result
    import numpy as np

    matrix = rows[with_dense].astype(np.float32)
    take = min(settings.max_candidates, len(with_dense) - 1)
    if len(with_dense) > settings.exact_limit and _usearch_installed():
        neighbours = _ann_neighbours(matrix, take)
    else:
        neighbours = _exact_neighbours(matrix, take)
    for row, found in enumerate(neighbours):
        others = [j for j in found if j != row]
        scores = matrix[others] @ matrix[row] if others else []
        ranked = sorted(zip(others, (float(x) for x in scores)), key=lambda js: (-js[1], js[0]))
        result[with_dense[row]] = [with_dense[j] for j, _ in ranked[:take]]
    return result


def _exact_neighbours(matrix: Any, take: int) -> list[list[int]]:
    """Rows of the ``take`` highest dot products of each row with all others (exact)."""
    import numpy as np

    found: list[list[int]] = []
    for start in range(0, len(matrix), 1024):
        block = matrix[start : start + 1024] @ matrix.T
        for row, scores in enumerate(block):
            scores[start + row] = -np.inf
            found.append(np.argpartition(-scores, take - 1)[:take].tolist())
    return found


def _ann_neighbours(matrix: Any, take: int) -> list[list[int]]:
    """Approximate nearest rows by cosine from a usearch HNSW index (deterministic build)."""
    import numpy as np
    from usearch.index import Index

    index = Index(ndim=matrix.shape[1], metric="cos", dtype="f32", connectivity=16,
                  expansion_add=128, expansion_search=max(64, 2 * take))
    index.add(np.arange(len(matrix)), matrix, threads=1)
    keys = index.search(matrix, take + 1, threads=1).keys
    return [[int(k) for k in row if 0 <= k < len(matrix)] for row in keys]


@lru_cache(maxsize=1)
def _usearch_installed() -> bool:
    return importlib.util.find_spec("usearch") is not None


def _scored_pairs(
    items: Sequence[Item], settings: ClusterSettings, gate_days: bool, threads: bool = False
) -> dict[int, dict[int, float]]:
    """Every item's candidates (inverted index + dense neighbours) with their blended similarity
    (with ``threads``: stories scored by ``thread_similarity``)."""
    postings = _postings(items)
    rows = _dense_rows(items)
    dense = _dense_candidates(items, rows, settings)
    scored: dict[int, dict[int, float]] = {}
    for index, item in enumerate(items):
        others = sorted(set(_candidates(index, items, postings, settings)) | set(dense[index]))
        cosines: dict[int, float] = {}
        if not threads and rows is not None and item.dense is not None:  # dense cosines in bulk (numpy)
            with_dense = [o for o in others if items[o].dense is not None]
            if with_dense:
                cosines = dict(zip(with_dense, (rows[with_dense] @ rows[index]).tolist(), strict=True))
        row: dict[int, float] = {}
        for other in others:
            known = scored[other].get(index) if other < index else None  # similarity is symmetric
            if known is None:
                known = (
                    thread_similarity(item, items[other], settings)
                    if threads
                    else similarity(item, items[other], settings, gate_days, cosines.get(other))
                )
            row[other] = known
        scored[index] = row
    return scored


def _dense_rows(items: Sequence[Item]) -> Any:
    """The items' dense vectors as one float64 matrix (zero rows where missing), or None when no
    item has one or their lengths differ."""
    lengths = {len(item.dense) for item in items if item.dense is not None}
    if len(lengths) != 1:
        return None
    import numpy as np

    rows = np.zeros((len(items), lengths.pop()))
    for i, item in enumerate(items):
        if item.dense is not None:
            rows[i] = item.dense
    return rows


def _top_links(
    scored: Mapping[int, Mapping[int, float]], settings: ClusterSettings
) -> dict[int, list[tuple[int, float]]]:
    """Each item's ``neighbours`` most similar candidates scoring at least ``min_link``, strongest
    first (ties: lower index)."""
    top: dict[int, list[tuple[int, float]]] = {}
    for index, others in scored.items():
        ranked = sorted(
            ((o, s) for o, s in others.items() if s >= settings.min_link),
            key=lambda os: (-os[1], os[0]),
        )
        top[index] = ranked[: settings.neighbours]
    return top


def _neighbour_graph(
    top: Mapping[int, Sequence[tuple[int, float]]]
) -> dict[tuple[int, int], float]:
    """Symmetric k-nearest-neighbour graph: each item links to its top candidates (``_top_links``);
    an edge (i < j) carries their similarity."""
    edges: dict[tuple[int, int], float] = {}
    for index, ranked in top.items():
        for other, score in ranked:
            edges[(min(index, other), max(index, other))] = score
    return edges


def _average_linkage(
    count: int, edges: Mapping[tuple[int, int], float], threshold: float, complete: bool = False
) -> list[list[int]]:
    """Agglomerative clustering over a sparse similarity graph (missing edges count as 0).

    Average linkage: two clusters' link is the sum of their edge weights over the product of their
    sizes. With ``complete``, it is their weakest pair instead (0 unless every pair has an edge).
    The pair with the strongest link merges while it is at least ``threshold``; ties go to the
    pair of older clusters, so the result depends only on the items' order. Returns clusters as
    sorted member lists, ordered by their first member.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(count)}
    # per cluster pair: (summed weight, number of item pairs with an edge, weakest edge)
    links: dict[int, dict[int, tuple[float, int, float]]] = {i: {} for i in range(count)}
    for (a, b), weight in edges.items():
        links[a][b] = links[b][a] = (weight, 1, weight)

    def score(a: int, b: int) -> float:
        total, pairs, weakest = links[a][b]
        size = len(members[a]) * len(members[b])
        if complete:
            return weakest if pairs == size else 0.0
        return total / size

    heap = [(-score(a, b), a, b) for a, b in sorted(edges)]
    heap = [entry for entry in heap if -entry[0] >= threshold]
    heapq.heapify(heap)
    next_id = count
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one side has merged since this entry was pushed
        merged, new = members.pop(a) + members.pop(b), next_id
        next_id += 1
        members[new] = sorted(merged)
        joined: dict[int, tuple[float, int, float]] = {}
        for old in (a, b):
            for other, (total, pairs, weakest) in links.pop(old).items():
                if other in (a, b):
                    continue
                t0, p0, w0 = joined.get(other, (0.0, 0, math.inf))
                joined[other] = (t0 + total, p0 + pairs, min(w0, weakest))
                del links[other][old]
        links[new] = joined
        for other in sorted(joined):
            links[other][new] = joined[other]
            link = score(new, other)
            if link >= threshold:
                heapq.heappush(heap, (-link, other, new))
    return sorted(members.values())


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
    return replace(whole, lookup=_lookup_keys(whole.vector, idf, df_one, settings))


def thread_groups(stories: Sequence[Item], settings: ClusterSettings = ClusterSettings()) -> list[list[int]]:
    """Threads of stories (items as ``_story_item`` or ``centroid`` make them): complete linkage
    over every candidate pair's ``thread_similarity`` (no date gate) at ``thread_threshold``.
    Returns the threads as sorted lists of story indices, ordered by their first story."""
    thread_settings = replace(settings, dense_weight=settings.thread_dense_weight)
    story_pairs = _scored_pairs(stories, thread_settings, gate_days=False, threads=True)
    edges = {
        (min(a, b), max(a, b)): score
        for a, others in story_pairs.items()
        for b, score in others.items()
        if score > 0.0
    }
    return _average_linkage(len(stories), edges, settings.thread_threshold, complete=True)


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
    ordered = [docs[i] for i in _canonical_order(docs)]
    idf = _idf(ordered)
    df_one = math.log((1 + len(ordered)) / 2) + 1.0 - 1e-9
    items = [_prepare(doc, idf, df_one, settings) for doc in ordered]
    top = _top_links(_scored_pairs(items, settings, gate_days=True), settings)
    stories = _average_linkage(len(items), _neighbour_graph(top), settings.story_threshold)
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
    keys = {key for group in _key_lists(doc) for key in group}
    idf = {key: math.log((1 + count) / (1 + max(df.get(key, 1), 1))) + 1.0 for key in keys}
    df_one = math.log((1 + count) / 2) + 1.0 - 1e-9
    return _prepare(doc, idf, df_one, settings)


def stored_item(
    vector: Mapping[str, float],
    lookup: Sequence[str],
    dense: Sequence[float] | None,
    published: datetime.date | None,
) -> Item:
    """An article's item rebuilt from its kept parts (as ``document_item`` made it)."""
    return Item(dict(vector), tuple(lookup), _unit(dense) if dense else None, published, published)


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
    scored = _scored_pairs(items, settings, gate_days=True)
    pair: dict[tuple[int, int], float] = {}
    for a, others in scored.items():
        for b, score in others.items():
            if score >= settings.min_link:
                pair[(min(a, b), max(a, b))] = score
    new_top = _top_links({i: scored[i] for i, m in enumerate(ordered) if m.links is None}, settings)
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
    groups = _average_linkage(len(ordered), edges, settings.story_threshold)
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
        dense = _unit(sum(column) for column in zip(*denses, strict=True))
    dates = [d for item in items for d in (item.first, item.last) if d is not None]
    return Item(vector, lookup, dense, min(dates, default=None), max(dates, default=None), tuple(items))
