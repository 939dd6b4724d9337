"""Incremental stories: new articles join the stored stories without reclustering the store.

A batch of new articles is placed in two steps. Each new article is compared only with candidates
(its nearest embeddings in the persisted index beside the store, and the stored articles sharing its
lookup keys); a near-copy of a stored article is set aside to follow it. Then the region of the
story graph the batch touches (the new articles and every stored story one of them links to) is
regrouped by ``cluster.recluster``, the rule a full build uses: new articles join stories, start
them, or bridge two stories into one, and a story may give articles away. The threads around the
changed stories (every stored story in the thread of a story near them) are regrouped the same way
(``cluster.thread_groups``). A story that comes out unchanged is left alone, and only changed
stories are rebuilt (the others of a changed thread only get its new id). ``pipeline.rebuild``
stays the canonical, order-independent result and resets the state kept here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from newsfuse import cluster, nlp
from newsfuse.config import Settings
from newsfuse.dedup import canonical_order, signature
from newsfuse.pipeline.rebuild import rebuild_stories, sync_index
from newsfuse.pipeline.steps import (
    build_stories,
    cluster_doc,
    cluster_row,
    embed_model,
    embeddings,
    parse,
    state_version,
)
from newsfuse.store import ClusterRow, Store
from newsfuse.store.index import VectorIndex, index_path
from newsfuse.store.index import forget as forget_index
from newsfuse.types import Article, ParsedArticle, Story, stable_id


def add(articles: Sequence[Article], store: Store, settings: Settings = Settings()) -> tuple[str, ...]:
    """Place the stored, parsed `articles` that are in no story yet (and any other stored article
    left without one) into stories, incrementally; returns the ids of the stories holding `articles`.

    The new articles, in canonical order (published, id), are each compared with their candidates,
    then the region of stories they touch is regrouped (see the module's description). Changed
    stories are rebuilt and the other stories of changed threads get their new thread id. Falls back
    to a full rebuild when the store's clustering state is not valid.

    Everything from the first read of the clustering state to the commit is one transaction holding
    the store's write lock: another writer (a second `ingest`, an upload) waits, then builds on the
    stories written here; two adds never work from the same state. The index file is written after
    the commit.
    """
    model = embed_model(settings.embed)
    index: VectorIndex | None = None
    rebuilt = False
    if model is not None and index_path(store) is None and store.meta("cluster_state"):
        # No index file (a PostgreSQL store): the index is built in memory from the store; build it before
        # taking the lock, so that the add under the lock only catches up with what changed meanwhile.
        VectorIndex.open(store, model, settings.index)
    try:
        with store.transaction():
            if store.meta("cluster_state") != state_version(model, settings) or not store.story_count():
                rebuild_stories(store, settings)
                rebuilt = True
            else:
                index = _add(articles, store, settings, model)
            found = store.story_ids_of_articles([a.id for a in articles])
    except BaseException:
        forget_index(store)  # the in-memory index may hold keys the store rolled back
        raise
    if rebuilt:
        sync_index(store, settings)
    elif index is not None and index.dirty:
        index.save()
    return tuple(sorted({s for ids in found.values() for s in ids}))


_COPY_SIMILARITY = 0.7  # nearest embeddings at least this alike are checked for being copies (MinHash)
_COPY_CHECKS = 3








_IDENTITY_CACHE = 100_000  # stored articles whose where, when and who a process keeps read


@lru_cache(maxsize=1)
def _known_identities() -> dict[tuple[str, str], cluster.Identity]:
    """(article id, parse version) -> identity read this process (article ids are content hashes)."""
    return {}


def _identities(store: Store, ids: Sequence[str], settings: Settings) -> dict[str, cluster.Identity]:
    """The where, when and who of stored articles, read again from their cached parses (the clustering
    rows keep only the vectors), once per process."""
    known = _known_identities()
    todo = [aid for aid in ids if (aid, nlp.PARSE_VERSION) not in known]
    if todo:
        if len(known) + len(todo) > _IDENTITY_CACHE:
            known.clear()
        for p in parse(store.articles(todo), settings, store):
            known[(p.article.id, nlp.PARSE_VERSION)] = cluster.article_identity(p)
    return {aid: found for aid in ids if (found := known.get((aid, nlp.PARSE_VERSION))) is not None}


def _row_item(row: ClusterRow, dense: Sequence[float] | None, identity: cluster.Identity | None) -> cluster.Item:
    published = dt.date.fromisoformat(row.published) if row.published else None
    return cluster.stored_item(row.vector, row.lookup, dense, published, identity)


@dataclass(frozen=True, slots=True)
class Regrouped:
    """A story as the regrouping leaves it: its articles (copies included) and the stored stories
    it took articles from."""

    members: tuple[str, ...]
    olds: frozenset[str]


class Batch:
    """One incremental batch: the new articles' items and candidates, and the copies set aside."""

    def __init__(self, store: Store, model: str | None, all_settings: Settings,
                 index: VectorIndex | None = None) -> None:
        self.store, self.model, self.all_settings = store, model, all_settings
        self.settings, self.dedup = all_settings.cluster, all_settings.dedup
        if index is None and model is not None:
            index = VectorIndex.open(store, model, all_settings.index)
        self.index = index
        self.items: dict[str, cluster.Item] = {}  # new clustered article -> item
        self.candidates: dict[str, set[str]] = {}  # new clustered article -> its candidates
        self.near: dict[str, set[str]] = {}  # ... -> its stored candidates alike enough to link (any date)
        self.copies: dict[str, str] = {}  # new article -> the article it copies
        self.found_copies: dict[str, str] = {}  # the copies found here by MinHash (not marked before)
        self._rows: dict[str, ClusterRow] = {}  # stored clustering rows read so far, and their items
        self._items: dict[str, cluster.Item] = {}
        self._not_clustered: set[str] = set()

    def admit(self, p: ParsedArticle, vector: tuple[float, ...] | None) -> None:
        """Take one new original article in, or set it aside as a copy of a stored one."""
        doc = cluster_doc(p, vector)
        item = self.item(doc)
        dense = self.nearest(vector)
        copied = self._copy_of(p.article, [aid for aid, sim in dense[:_COPY_CHECKS] if sim >= _COPY_SIMILARITY])
        if copied is not None:
            self.copies[p.article.id] = self.found_copies[p.article.id] = copied
        else:
            self.take(doc, item, dense)

    def item(self, doc: cluster.ClusterDoc) -> cluster.Item:
        """A new article's item under the document frequencies of the store (the article counted)."""
        keys = sorted({k for group in cluster.key_lists(doc) for k in group})
        df = {k: n + 1 for k, n in self.store.document_frequencies(keys).items()}
        return cluster.document_item(doc, df, self.store.cluster_count() + 1, self.settings)

    def nearest(self, vector: Sequence[float] | None) -> list[tuple[str, float]]:
        """The stored articles whose embeddings are nearest (the persisted index), with their cosine."""
        if self.index is None or not vector:
            return []
        return self.index.search(vector, self.settings.max_candidates + 1)

    def take(self, doc: cluster.ClusterDoc, item: cluster.Item, dense: Sequence[tuple[str, float]]) -> None:
        """Give a new clustered article its candidates (``dense``: its nearest embeddings; the stored
        articles sharing its lookup keys), its clustering row and its place in the index."""
        store, settings = self.store, self.settings
        hits = store.posting_hits(item.lookup, doc.published.isoformat() if doc.published else None,
                                  settings.max_postings)
        keyed = sorted(hits.items(), key=lambda ah: (-ah[1], ah[0]))[: settings.max_candidates]
        self.candidates[doc.id] = ({aid for aid, _ in dense} | {aid for aid, _ in keyed}) - {doc.id}
        self.items[doc.id] = item
        published = doc.published.isoformat() if doc.published else None
        store.add_cluster_rows([cluster_row(doc.id, published, item, ())])
        if self.index is not None and doc.vector:
            self.index.add({doc.id: doc.vector})

    def _copy_of(self, article: Article, near: Sequence[str]) -> str | None:
        """The stored original this article is a near-copy of (MinHash, as ``dedup``), if any among
        ``near``; only an earlier (canonical order) clustered original counts."""
        if not near:
            return None
        clustered = self.store.cluster_rows(list(near))
        sig = signature(article.text, self.dedup)
        best: tuple[float, str] | None = None
        for other in self.store.articles([a for a in near if a in clustered]):
            if canonical_order(other) >= canonical_order(article):
                continue
            score = sig.jaccard(signature(other.text, self.dedup))
            if score >= self.dedup.threshold and (best is None or (-score, other.id) < (-best[0], best[1])):
                best = (score, other.id)
        return best[1] if best else None

    def stored_items(self, ids: Sequence[str]) -> tuple[dict[str, cluster.Item], dict[str, ClusterRow]]:
        """The items (and rows) of the clustered articles among ``ids`` (read once per batch)."""
        missing = sorted(set(ids) - self._rows.keys() - self._not_clustered)
        if missing:
            rows = self.store.cluster_rows(missing)
            denses = self.store.vectors(sorted(rows), self.model) if self.model is not None else {}
            identities = _identities(self.store, sorted(rows), self.all_settings)
            self._rows.update(rows)
            self._items.update({aid: _row_item(row, denses.get(aid), identities.get(aid)) for aid, row in rows.items()})
            self._not_clustered.update(set(missing) - rows.keys())
        found = [aid for aid in ids if aid in self._rows]
        return {aid: self._items[aid] for aid in found}, {aid: self._rows[aid] for aid in found}

    def regroup(self) -> tuple[list[Regrouped], dict[str, str]]:
        """Regroup the region the new articles touch (``cluster.recluster``) and write everyone's
        new top links. Returns the changed stories, and the stored story of each region article."""
        store, settings = self.store, self.settings
        stored_candidates = sorted({c for cs in self.candidates.values() for c in cs} - self.items.keys())
        candidate_items, _ = self.stored_items(stored_candidates)
        linked: set[str] = set()  # stored articles a new one links to in the story graph
        for aid, cs in self.candidates.items():
            item = self.items[aid]
            self.near[aid] = {c for c in cs if c in candidate_items and cluster.similarity(
                item, candidate_items[c], settings, gate_days=False) >= settings.min_link}
            linked.update(c for c in self.near[aid] if not cluster.too_far_apart(item, candidate_items[c], settings))
        touched = sorted({s for ids in store.story_ids_of_articles(sorted(linked)).values() for s in ids})
        old_members = store.story_members(touched)
        old_story = {a: s for s, ids in old_members.items() for a in ids}
        region_items, rows = self.stored_items(sorted(old_story))
        members = [cluster.Member(aid, item, rows[aid].links) for aid, item in sorted(region_items.items())]
        members += [cluster.Member(aid, item, None) for aid, item in sorted(self.items.items())]
        regrouped = cluster.recluster(members, settings)
        store.set_links({aid: w for aid, w in regrouped.links.items()
                         if aid in self.items or w != rows[aid].links})

        story_at = {a: i for i, ids in enumerate(regrouped.stories) for a in ids}
        placed: dict[int, list[str]] = defaultdict(list)
        for i, ids in enumerate(regrouped.stories):
            placed[i].extend(ids)
        stored_copies = sorted(a for a in old_story if a not in region_items)
        originals = {a.id: a.duplicate_of for a in store.articles(stored_copies)}
        originals |= self.copies
        extra: dict[str, list[str]] = defaultdict(list)  # stories outside the region receiving copies
        for copy in sorted(originals):
            original = originals[copy]
            while original in self.copies:
                original = self.copies[original]
            if original in story_at:
                placed[story_at[original]].append(copy)
            elif copy in old_story:  # its original left the store's clustering: it stays with its story
                kept = [story_at[a] for a in old_members[old_story[copy]] if a in story_at]
                placed[min(kept) if kept else len(placed)].append(copy)
            else:
                stored_in = store.story_ids_of_articles([original])[original] if original else []
                if stored_in:
                    extra[stored_in[0]].append(copy)
        results = []
        for group in placed.values():
            olds = frozenset(old_story[a] for a in group if a in old_story)
            if len(olds) == 1 and sorted(group) == sorted(old_members[next(iter(olds))]):
                continue  # the stored story, unchanged
            results.append(Regrouped(tuple(sorted(group)), olds))
        grown = store.story_members(sorted(extra))
        for story, copies in sorted(extra.items()):
            results.append(Regrouped(tuple(sorted({*grown[story], *copies})), frozenset({story})))
            old_story.update({a: story for a in grown[story]})
        results.sort(key=lambda r: r.members)
        return results, old_story


def _add(articles: Sequence[Article], store: Store, settings: Settings, model: str | None) -> VectorIndex | None:
    """``add`` on a store whose clustering state is valid, inside its transaction; returns the index
    the new articles joined (to be saved once the transaction has committed), if any."""
    placed = store.story_ids_of_articles([a.id for a in articles])
    todo = sorted({aid for aid, found in placed.items() if not found} | set(store.unplaced_articles()))
    if not todo:
        return None
    parsed = sorted(parse(store.articles(todo), settings, store), key=lambda p: canonical_order(p.article))
    vectors = embeddings([p.article for p in parsed if p.article.duplicate_of is None], store, settings.embed)
    # The index is opened under the lock, so it holds every other writer's keys. (If it repairs its file
    # now, the file can only lack keys this transaction dropped; a rollback is then repaired on open.)
    batch = Batch(store, model, settings)
    for p in parsed:
        original = p.article.duplicate_of
        if original is not None and (original in batch.items or original in batch.copies
                                     or store.story_ids_of_articles([original])[original]):
            batch.copies[p.article.id] = original
        else:
            batch.admit(p, vectors.get(p.article.id))
    results, old_story = batch.regroup()
    store.update_stories(_changed_stories(batch, results, old_story))
    return batch.index


def _changed_stories(batch: Batch, results: Sequence[Regrouped], old_story: Mapping[str, str]) -> list[Story]:
    """The regrouping's changed stories, rebuilt, and the threads of the region regrouped: the
    changed stories and every stored story in a thread of the stories near them are clustered into
    threads again (``cluster.thread_groups``, the rule of a full build); stored stories whose
    thread changed get its new id."""
    store = batch.store
    thread_id, stored = thread_ids(batch, results, old_story)
    needed = sorted({a for r in results for a in r.members})
    articles = store.articles(needed)
    copied = {a.id: replace(a, duplicate_of=batch.found_copies[a.id]) for a in articles if a.id in batch.found_copies}
    if copied:
        store.add_articles(list(copied.values()))  # the copy's duplicate_of follows this analysis
    articles = [copied.get(a.id, a) for a in articles]
    originals = sorted({a.duplicate_of for a in articles if a.duplicate_of} - set(needed))
    settings = batch.all_settings
    by_id = {p.article.id: p for p in parse([*articles, *store.articles(originals)], settings, store)}
    rebuilt = build_stories([(r.members, thread_id[r.members]) for r in results], by_id, settings)
    relabelled = [replace(s, thread_id=thread_id[s.article_ids]) for s in store.stories_by_id(stored)
                  if s.thread_id != thread_id[s.article_ids]]
    return rebuilt + relabelled


def thread_ids(batch: Batch, results: Sequence[Regrouped], old_story: Mapping[str, str]
               ) -> tuple[dict[tuple[str, ...], str], list[str]]:
    """The threads of the region, regrouped: the changed stories and every stored story in a thread
    of a story near them (its articles' linked candidates, the stories it took articles from) are
    clustered into threads again (``cluster.thread_groups``, the rule of a full build). Returns the
    thread id of each of those stories (by its sorted article ids) and the stored stories among them."""
    store = batch.store
    replaced = {o for r in results for o in r.olds}
    near = {c for r in results for a in r.members for c in batch.near.get(a, ())}
    near_stories = {old_story[c] for c in near if c in old_story} | replaced
    near_stories |= {s for ids in store.story_ids_of_articles(sorted(near - old_story.keys())).values() for s in ids}
    old_thread = store.story_threads(sorted(near_stories))
    in_thread = store.thread_stories(sorted(set(old_thread.values())))
    stored = store.story_members(sorted({s for ss in in_thread.values() for s in ss} - replaced))
    region = sorted([*(tuple(ids) for ids in stored.values()), *(r.members for r in results)])
    items, _ = batch.stored_items(sorted({a for ids in region for a in ids} - batch.items.keys()))
    items |= batch.items
    centroids = [cluster.centroid([items[a] for a in ids if a in items], batch.settings) for ids in region]
    order = sorted(range(len(region)), key=lambda i: (centroids[i].first or dt.date.max, region[i]))
    thread_id: dict[tuple[str, ...], str] = {}
    for group in cluster.thread_groups([centroids[i] for i in order], batch.settings):
        stories = [region[order[g]] for g in group]
        tid = stable_id("thr", sorted(a for ids in stories for a in ids))
        thread_id.update({ids: tid for ids in stories})
    return thread_id, sorted(stored)
