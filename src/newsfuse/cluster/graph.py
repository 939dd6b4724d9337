"""Candidates, the sparse nearest-neighbour graph of articles, and average linkage over it."""

from __future__ import annotations

import bisect
import heapq
import importlib.util
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from newsfuse.cluster.items import Item, similarity, thread_similarity
from newsfuse.config import ClusterSettings


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
        ranked = sorted(zip(others, (float(x) for x in scores), strict=True), key=lambda js: (-js[1], js[0]))
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


def scored_pairs(
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


def top_links(
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


def neighbour_graph(
    top: Mapping[int, Sequence[tuple[int, float]]]
) -> dict[tuple[int, int], float]:
    """Symmetric k-nearest-neighbour graph: each item links to its top candidates (``top_links``);
    an edge (i < j) carries their similarity."""
    edges: dict[tuple[int, int], float] = {}
    for index, ranked in top.items():
        for other, score in ranked:
            edges[(min(index, other), max(index, other))] = score
    return edges


def _kept_apart(xs: Sequence[int], ys: Sequence[int], apart: Callable[[int, int], bool | None],
                share: float) -> bool:
    """Whether at least ``share`` of the pairs across two clusters that ``apart`` can tell are apart."""
    told = [verdict for x in xs for y in ys if (verdict := apart(x, y)) is not None]
    vetoed = sum(told)
    return vetoed > 0 and vetoed >= share * len(told)


def average_linkage(
    count: int, edges: Mapping[tuple[int, int], float], threshold: float, complete: bool = False,
    apart: Sequence[Callable[[int, int], bool | None]] = (), apart_share: float = 0.5,
) -> list[list[int]]:
    """Agglomerative clustering over a sparse similarity graph (missing edges count as 0).

    Average linkage: two clusters' link is the sum of their edge weights over the product of their
    sizes. With ``complete``, it is their weakest pair instead (0 unless every pair has an edge).
    The pair with the strongest link merges while it is at least ``threshold``; ties go to the
    pair of older clusters, so the result depends only on the items' order. With ``apart`` (ways to
    tell that two items can never be together: events far apart, on other days; None when that cannot
    be told), two clusters never merge when, by any one of them, at least ``apart_share`` of their pairs
    that can be told are such pairs, so no third item chains two events together. Returns clusters as
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
        if any(_kept_apart(members[a], members[b], tell, apart_share) for tell in apart):
            continue
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
