"""Story clustering: articles -> stories (one real-world event) -> threads (related stories).

``features_from_doc`` turns an article's spaCy Doc into the sparse features kept per article;
``cluster`` groups ``ClusterDoc``s in one incremental, order-independent pass:

* articles are taken in a canonical order (published, id), so any input order gives the same result;
* each article is a unit tf-idf vector over content lemmas, entity names (weighted up) and
  mentioned dates; idf comes from the whole batch (a set, hence order-free);
* candidate stories come from an inverted index over each article's heaviest shared keys
  (bounded postings and candidates: constant work per article, no all-pairs comparison);
* ``similarity`` scores a candidate (cosine to the story centroid, gated by publication dates)
  and is the one place to blend in other evidence such as a dense embedding similarity;
* the article joins the best story at or above ``story_threshold`` or opens a new one; stories
  then join threads the same way, on their centroids, at the lower ``thread_threshold``.

Measured on ECB+ by ``benchmarks/clustering.py``.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """One story: the articles that tell the same real-world event, and the thread it belongs to."""

    article_ids: tuple[str, ...]  # sorted
    thread: int  # index of the thread (related stories); numbered 0, 1, ... in story order


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """Thresholds and index limits for story clustering."""

    story_threshold: float = 0.2  # min cosine of an article to a story centroid to join it
    thread_threshold: float = 0.18  # min cosine of a story centroid to a thread centroid to join it
    entity_weight: float = 1.5  # weight of entity keys relative to term keys in the vectors
    lookup_keys: int = 24  # heaviest shared keys of an article used to find candidate stories
    max_postings: int = 64  # most recent stories per index key that are considered
    max_candidates: int = 24  # candidate stories scored per article (most shared keys first)
    max_days: int = 7  # articles published further apart than this are never one story
    date_weight: float = 0.5  # weight of mentioned event dates (year, year-month keys) in the vectors


Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class _Item:
    """An article prepared for clustering: its weighted, unit-length vector and lookup keys."""

    vector: Vector
    lookup: tuple[str, ...]
    published: datetime.date | None


@dataclass(slots=True)
class _Group:
    """A growing cluster (story or thread): members, summed vector, indexed keys, date range."""

    members: list[int]
    centroid: Vector
    norm2: float
    keys: set[str]
    first: datetime.date | None
    last: datetime.date | None

    def add(self, index: int, vector: Vector, published: datetime.date | None) -> None:
        """Add a member: its vector is summed into the centroid (norm kept up to date)."""
        self.members.append(index)
        for key, weight in vector.items():
            old = self.centroid.get(key, 0.0)
            self.centroid[key] = old + weight
            self.norm2 += 2 * old * weight + weight * weight
        if published is not None:
            self.first = published if self.first is None else min(self.first, published)
            self.last = published if self.last is None else max(self.last, published)


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


def _prepare(
    doc: ClusterDoc, idf: Mapping[str, float], df_one: float, settings: ClusterSettings
) -> _Item:
    """The unit tf-idf vector of a doc (sublinear tf) and its heaviest shared keys for lookup."""
    terms, entities, dates = _key_lists(doc)
    raw: Vector = {}
    weighted = ((terms, 1.0), (entities, settings.entity_weight), (dates, settings.date_weight))
    for keys, weight in weighted:
        for key, count in Counter(keys).items():
            raw[key] = raw.get(key, 0.0) + weight * (1.0 + math.log(count)) * idf[key]
    norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
    vector = {k: w / norm for k, w in raw.items()}
    return _Item(vector, _lookup_keys(vector, idf, df_one, settings), doc.published)


def _lookup_keys(
    vector: Vector, idf: Mapping[str, float], df_one: float, settings: ClusterSettings
) -> tuple[str, ...]:
    """The heaviest keys of a vector that other articles share (df >= 2): its index entries."""
    shared = sorted((k for k in vector if idf[k] < df_one), key=lambda k: (-vector[k], k))
    return tuple(shared[: settings.lookup_keys])


def similarity(item: _Item, group: _Group, settings: ClusterSettings) -> float:
    """How well an article fits a story: cosine of its vector to the story centroid.

    Kept separate so other evidence (a dense embedding similarity, entity overlap, dates)
    can be blended in one place. Returns 0 when the publication dates are too far apart.
    """
    published = item.published
    if published is not None and group.first is not None and group.last is not None:
        gap = max((group.first - published).days, (published - group.last).days, 0)
        if gap > settings.max_days:
            return 0.0
    if group.norm2 <= 0.0:
        return 0.0
    dot = sum(w * group.centroid.get(k, 0.0) for k, w in item.vector.items())
    return dot / math.sqrt(group.norm2)


def _candidates(
    lookup: Iterable[str], postings: Mapping[str, list[int]], settings: ClusterSettings
) -> list[int]:
    """Groups sharing index keys with an article, most shared keys first (ties: older group)."""
    hits: Counter[int] = Counter()
    for key in lookup:
        for group in postings.get(key, ())[-settings.max_postings :]:
            hits[group] += 1
    ranked = sorted(hits.items(), key=lambda gh: (-gh[1], gh[0]))
    return [g for g, _ in ranked[: settings.max_candidates]]


def _assign(
    items: Sequence[_Item], threshold: float, settings: ClusterSettings
) -> list[_Group]:
    """Single pass: each item joins its best-scoring candidate group or opens a new one."""
    groups: list[_Group] = []
    postings: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        best, best_score = -1, threshold
        for g in _candidates(item.lookup, postings, settings):
            score = similarity(item, groups[g], settings)
            if score >= best_score and (score > best_score or best < 0 or g < best):
                best, best_score = g, score
        if best < 0:
            best = len(groups)
            groups.append(_Group([], {}, 0.0, set(), None, None))
        group = groups[best]
        group.add(index, item.vector, item.published)
        for key in item.lookup:
            if key not in group.keys:
                group.keys.add(key)
                postings[key].append(best)
    return groups


def _story_item(
    story: _Group, idf: Mapping[str, float], df_one: float, settings: ClusterSettings
) -> _Item:
    """A story as one item for thread clustering: its unit centroid and heaviest shared keys."""
    norm = math.sqrt(story.norm2) or 1.0
    vector = {k: w / norm for k, w in story.centroid.items()}
    return _Item(vector, _lookup_keys(vector, idf, df_one, settings), None)


def cluster(
    docs: Sequence[ClusterDoc], settings: ClusterSettings = ClusterSettings()
) -> list[StoryGroup]:
    """Group articles into stories and stories into threads, independently of input order.

    Articles are taken in a canonical order (published, id); each one is compared only with
    the stories that share its heaviest keys in an inverted index (constant work per article)
    and joins the best one scoring at least ``story_threshold``, else opens a new story. Stories
    then join threads the same way with ``thread_threshold``. idf comes from the whole batch.
    Stories are returned sorted by their smallest article id; threads are numbered in that order.
    """
    if not docs:
        return []
    ordered = [docs[i] for i in _canonical_order(docs)]
    idf = _idf(ordered)
    df_one = math.log((1 + len(ordered)) / 2) + 1.0 - 1e-9
    items = [_prepare(doc, idf, df_one, settings) for doc in ordered]
    stories = _assign(items, settings.story_threshold, settings)
    story_items = [_story_item(story, idf, df_one, settings) for story in stories]
    threads = _assign(story_items, settings.thread_threshold, settings)
    thread_of = {s: t for t, thread in enumerate(threads) for s in thread.members}
    keyed = sorted(
        (tuple(sorted(ordered[i].id for i in story.members)), thread_of[s])
        for s, story in enumerate(stories)
    )
    numbering: dict[int, int] = {}
    return [
        StoryGroup(ids, numbering.setdefault(thread, len(numbering))) for ids, thread in keyed
    ]
