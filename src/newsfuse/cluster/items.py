"""Articles and stories prepared for clustering (``Item``), and how alike two of them are."""

from __future__ import annotations

import datetime
import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsfuse.cluster.identity import (
    Identity,
    days_apart,
    far_apart,
    other_blocks,
    other_streets,
    placed,
    shared_day,
    shared_names,
    shared_people,
)
from newsfuse.config import ClusterSettings


@dataclass(frozen=True, slots=True)
class ClusterDoc:
    """What clustering needs to know about one article (features from the one spaCy pass)."""

    id: str  # stable content-hash article id
    terms: tuple[str, ...]  # content lemmas, lower-cased, in text order (see features_from_doc)
    entities: tuple[str, ...]  # named-entity mention keys, lower-cased, in text order
    published: datetime.date | None
    dates: tuple[str, ...] = ()  # event dates mentioned in the text: "YYYY-MM-DD" / "YYYY-MM" / "YYYY"
    vector: tuple[float, ...] | None = None  # unit dense text embedding (newsfuse.embed), if any
    identity: Identity | None = None  # where and who of its event (newsfuse.cluster.identity), if read


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """One story: the articles that tell the same real-world event, and the thread it belongs to."""

    article_ids: tuple[str, ...]  # sorted
    thread: int  # index of the thread (related stories); numbered 0, 1, ... in story order




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
    identity: Identity | None = None  # an article's where and who (None for a story, or when not read)


def canonical_order(docs: Sequence[ClusterDoc]) -> list[int]:
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


def key_lists(doc: ClusterDoc) -> tuple[list[str], list[str], list[str]]:
    """A doc's term, entity and date keys (namespaced so a word, a name, a year never collide).

    A mentioned date gives its year and, when known, its month, so "2013-05-03" and "2013-05"
    share evidence.
    """
    dates = [f"d:{d[:n]}" for d in doc.dates for n in (4, 7) if len(d) >= n]
    return [f"t:{t}" for t in doc.terms], [f"e:{e}" for e in doc.entities], dates


def idf_weights(docs: Sequence[ClusterDoc]) -> dict[str, float]:
    """Smoothed inverse document frequency of every key over the whole batch (order-free)."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update({key for keys in key_lists(doc) for key in keys})
    n = len(docs)
    return {key: math.log((1 + n) / (1 + count)) + 1.0 for key, count in df.items()}


def unit_vector(values: Iterable[float]) -> tuple[float, ...] | None:
    """A vector scaled to unit length (None when it is empty or zero)."""
    row = tuple(values)
    norm = math.sqrt(sum(x * x for x in row))
    return tuple(x / norm for x in row) if norm > 0 else None


def prepare_item(
    doc: ClusterDoc, idf: Mapping[str, float], df_one: float, settings: ClusterSettings
) -> Item:
    """The unit tf-idf vector of a doc (sublinear tf), its heaviest shared keys, its dense vector."""
    terms, entities, dates = key_lists(doc)
    raw: Vector = {}
    weighted = ((terms, 1.0), (entities, settings.entity_weight), (dates, settings.date_weight))
    for keys, weight in weighted:
        for key, count in Counter(keys).items():
            raw[key] = raw.get(key, 0.0) + weight * (1.0 + math.log(count)) * idf[key]
    norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
    vector = {k: w / norm for k, w in raw.items()}
    dense = unit_vector(doc.vector) if doc.vector else None
    lookup = lookup_keys(vector, idf, df_one, settings)
    return Item(vector, lookup, dense, doc.published, doc.published, identity=doc.identity)


def lookup_keys(
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
    when already computed in bulk). With ``gate_days``, two articles that can never be one story
    score 0 (``too_far_apart``, ``follows``, ``other_days``).
    """
    if gate_days and too_far_apart(a, b, settings):
        return 0.0
    small, large = (a.vector, b.vector) if len(a.vector) <= len(b.vector) else (b.vector, a.vector)
    score = sum(w * large.get(k, 0.0) for k, w in small.items())
    if a.dense is not None and b.dense is not None and len(a.dense) == len(b.dense):
        if dense is None:
            dense = sum(map(operator.mul, a.dense, b.dense))  # the same sum as a loop, in order, faster
        score = (1.0 - settings.dense_weight) * score + settings.dense_weight * dense
    if gate_days and _days_apart(a, b) > settings.max_days and not follows(a, b, settings, score):
        return 0.0
    if gate_days and other_days(a, b, settings):
        return 0.0
    return score


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
    """Never one story, whatever their words (the gate of ``similarity``): telling of events in
    places more than ``far_km`` apart (``places_apart``); published more than ``follow_days`` apart;
    published more than ``max_days`` apart unless both name the same person or the same day (a
    follow-up: the arrest, the charges, the trial; ``follows`` then asks for alike words too)."""
    if places_apart(a, b, settings):
        return True
    days = _days_apart(a, b)
    if a.identity is None or b.identity is None:
        return days > settings.max_days
    if days > settings.max_days:
        return days > settings.follow_days or not (
            shared_people(a.identity, b.identity) or shared_day(a.identity, b.identity))
    return False


def other_days(a: Item, b: Item, settings: ClusterSettings) -> bool:
    """Whether two articles tell two events of one kind on different days: they name days
    ``when_days`` or more apart and none nearer, or ``street_days`` apart and streets none in common
    (two shootings of one city on two nights, one on 16th Street, one on Arlington Avenue), or, with
    ``block_days``, any days and the blocks of two scenes (``identity.other_blocks``: two shootings of one
    night, "in the 700 block of Dale Avenue" and "in the 300 block of Birch Street"), and no person in common
    (the union leader of a strike told day after day, the defendant of a trial: one story)."""
    if settings.when_days <= 0 or a.identity is None or b.identity is None:
        return False
    if shared_names(a.identity, b.identity):
        return False
    gap = days_apart(a.identity, b.identity)
    if gap is None:
        return False
    return gap >= settings.when_days or (
        0 < settings.street_days <= gap and other_streets(a.identity, b.identity)) or (
        settings.block_days and other_blocks(a.identity, b.identity))


def follows(a: Item, b: Item, settings: ClusterSettings, score: float) -> bool:
    """Whether one of two articles published far apart follows up on the other's event: both name
    the same person, or both name the same day and their similarity ``score`` is at least
    ``follow_similarity``."""
    if a.identity is None or b.identity is None:
        return False
    if shared_people(a.identity, b.identity):
        return True
    return shared_day(a.identity, b.identity) and score >= settings.follow_similarity


def apart_verdict(a: Item, b: Item, settings: ClusterSettings) -> bool | None:
    """Whether two articles' events happened far apart (``places_apart``); None when either article
    does not say where its event happened (nothing can be told)."""
    if settings.far_km <= 0 or a.identity is None or b.identity is None:
        return None
    if not placed(a.identity) or not placed(b.identity):
        return None
    return far_apart(a.identity, b.identity, settings.far_km)


def days_verdict(a: Item, b: Item, settings: ClusterSettings) -> bool | None:
    """Whether two articles published at most ``days_window`` apart tell events on different days
    (``other_days``); False when they name a person in common (one event told again); None otherwise:
    a day in common tells nothing alone (one city has two shootings on a night), and an article published
    a week later may name only the days of what followed its event (a meeting, an arrest)."""
    if settings.days_window <= 0 or a.identity is None or b.identity is None:
        return None
    if shared_names(a.identity, b.identity):
        return False
    if _days_apart(a, b) > settings.days_window:
        return None
    return True if other_days(a, b, settings) else None


def places_apart(a: Item, b: Item, settings: ClusterSettings) -> bool:
    """Two articles whose events happened more than ``far_km`` apart (``identity.far_apart``): never
    one story, whatever else they share."""
    return (settings.far_km > 0 and a.identity is not None and b.identity is not None
            and far_apart(a.identity, b.identity, settings.far_km))


def _days_apart(a: Item, b: Item) -> int:
    """Days between the publication date ranges of two items (0 when they overlap or are unknown)."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return 0
    return max((a.first - b.last).days, (b.first - a.last).days, 0)
