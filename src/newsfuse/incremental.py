"""Incremental stories: new articles join the stored stories without reclustering the store.

Each new article is compared only with candidates (its nearest embeddings in the persisted index
beside the store, and the stored articles sharing its lookup keys) and joins the story
``cluster.place`` picks, or starts one; a new story joins a thread by complete linkage
(``cluster.join_thread``). Only touched stories are rebuilt. ``pipeline.rebuild`` stays the
canonical, order-independent result and resets the state kept here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from newsfuse import cluster
from newsfuse.config import DedupSettings, Settings
from newsfuse.pipeline import _cluster_doc, build_story, embeddings, parse, rebuild
from newsfuse.store import ClusterRow, Store
from newsfuse.types import Article, ParsedArticle, Story, stable_id

def add(articles: Sequence[Article], store: Store, settings: Settings = Settings()) -> tuple[str, ...]:
    """Place the stored, parsed `articles` that are in no story yet (and any other stored article
    left without one) into stories, incrementally; returns the ids of the stories holding `articles`.

    Each new article, in canonical order (published, id), is compared only with candidates: its
    nearest embeddings in the persisted index and the articles sharing its lookup keys; it joins
    the story ``cluster.place`` picks or starts one, and a new story joins a thread by
    ``cluster.join_thread``. Only the touched stories are rebuilt, and the stories of touched
    threads get their new thread id; everything is written in one transaction, then the index file.
    Falls back to ``rebuild`` when the store's clustering state is not valid.
    """
    model = embed_model()
    if store.meta("cluster_state") != state_version(model) or not store.stories():
        rebuild(store, settings)
    else:
        _add(articles, store, settings, model)
    found = store.story_ids_of_articles([a.id for a in articles])
    return tuple(sorted({s for ids in found.values() for s in ids}))


_STATE_FORMAT = "1"  # bump when the stored clustering state changes meaning
_COPY_SIMILARITY = 0.7  # nearest embeddings at least this alike are checked for being copies (MinHash)
_COPY_CHECKS = 3


def state_version(model: str | None) -> str:
    """What the stored clustering state must have been built with to be carried on incrementally."""
    return f"{_STATE_FORMAT}:{model or 'sparse'}:{cluster.ClusterSettings()!r}"


def embed_model() -> str | None:
    """The embedding model in use (None: sparse features only)."""
    from newsfuse import embed

    return embed.MODEL_PACKAGE if embed.available() else None


def cluster_row(article_id: str, published: str | None, item: cluster.Item,
                 links: tuple[float, ...]) -> ClusterRow:
    return ClusterRow(article_id, published[:10] if published else None, item.vector, item.lookup, links)


def _row_item(row: ClusterRow, dense: Sequence[float] | None) -> cluster.Item:
    published = dt.date.fromisoformat(row.published) if row.published else None
    return cluster.stored_item(row.vector, row.lookup, dense, published)


class _Placing:
    """The bookkeeping of one incremental batch: which story and thread each new article and new
    story goes to (stored stories keep their ids as keys; new ones are "+1", "+2", ...)."""

    def __init__(self, store: Store, model: str | None, settings: cluster.ClusterSettings,
                 dedup: DedupSettings) -> None:
        from newsfuse.index import VectorIndex

        self.store, self.model, self.settings, self.dedup = store, model, settings, dedup
        self.index = VectorIndex.open(store, model) if model is not None else None
        self.story_of: dict[str, str] = {}  # new article -> story key
        self.new_members: dict[str, list[str]] = defaultdict(list)  # story key -> new articles
        self.clustered_new: Counter[str] = Counter()  # story key -> new clustered (non-copy) articles
        self.near: dict[str, set[str]] = defaultdict(set)  # new story key -> story keys of its candidates
        self.items: dict[str, cluster.Item] = {}  # new clustered article -> item
        self.copies: dict[str, str] = {}  # new article found to copy a stored one -> that one
        self._stored_sizes: dict[str, int] = {}
        self._made = 0

    def stored_story(self, article_id: str) -> str | None:
        if article_id in self.story_of:
            return self.story_of[article_id]
        found = self.store.story_ids_of_articles([article_id])[article_id]
        return found[0] if found else None

    def size(self, story: str) -> int:
        if not story.startswith("+") and story not in self._stored_sizes:
            self._stored_sizes.update(self.store.story_sizes([story]) or {story: 0})
        return self._stored_sizes.get(story, 0) + self.clustered_new[story]

    def join(self, article_id: str, story: str | None, clustered: bool) -> str:
        if story is None:
            self._made += 1
            story = f"+{self._made}"
        self.story_of[article_id] = story
        self.new_members[story].append(article_id)
        self.clustered_new[story] += clustered
        return story

    def place(self, p: ParsedArticle, vector: tuple[float, ...] | None) -> None:
        """Put one new original article into a story (or record it as a copy of a stored one)."""
        store, settings = self.store, self.settings
        doc = _cluster_doc(p, vector)
        keys = sorted({k for group in cluster._key_lists(doc) for k in group})
        df = {k: n + 1 for k, n in store.document_frequencies(keys).items()}
        item = cluster.document_item(doc, df, store.cluster_count() + 1, settings)
        dense = self.index.search(vector, settings.max_candidates + 1) if self.index is not None and vector else []
        copied = self._copy_of(p.article, [aid for aid, sim in dense[:_COPY_CHECKS] if sim >= _COPY_SIMILARITY])
        if copied is not None:
            self.copies[p.article.id] = copied
            self.join(p.article.id, self.stored_story(copied), clustered=False)
            return
        hits = store.posting_hits(item.lookup, doc.published.isoformat() if doc.published else None,
                                  settings.max_postings)
        keyed = sorted(hits.items(), key=lambda ah: (-ah[1], ah[0]))[: settings.max_candidates]
        candidates = sorted(({aid for aid, _ in dense} | {aid for aid, _ in keyed}) - {p.article.id})
        rows = store.cluster_rows(candidates)
        denses = store.vectors(sorted(rows), self.model) if self.model is not None else {}
        neighbours = []
        for aid in sorted(rows):
            story = self.stored_story(aid)
            if story is not None:
                neighbours.append(cluster.Neighbour(aid, _row_item(rows[aid], denses.get(aid)), story,
                                                    rows[aid].links))
        sizes = {n.story: self.size(n.story) for n in neighbours}
        placement = cluster.place(item, neighbours, sizes, settings)
        story = self.join(p.article.id, placement.story, clustered=True)
        if placement.story is None:
            self.near[story].update(n.story for n in neighbours)
        self.items[p.article.id] = item
        store.add_cluster_rows([cluster_row(p.article.id, p.article.published, item, placement.links)])
        store.set_links(placement.raised)
        if self.index is not None and vector:
            self.index.add({p.article.id: vector})

    def _copy_of(self, article: Article, near: Sequence[str]) -> str | None:
        """The stored original this article is a near-copy of (MinHash, as ``dedup``), if any among
        ``near``; only an earlier (canonical order) clustered original counts."""
        from newsfuse.dedup import canonical_order, signature

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


def _add(articles: Sequence[Article], store: Store, settings: Settings, model: str | None) -> None:
    """``add`` on a store whose clustering state is valid."""
    from newsfuse.dedup import canonical_order

    placed = store.story_ids_of_articles([a.id for a in articles])
    todo = sorted({aid for aid, found in placed.items() if not found} | set(store.unplaced_articles()))
    if not todo:
        return
    parsed = sorted(parse(store.articles(todo), settings, store), key=lambda p: canonical_order(p.article))
    vectors = embeddings([p.article for p in parsed if p.article.duplicate_of is None], store)
    placing = _Placing(store, model, cluster.ClusterSettings(), settings.dedup)
    try:
        with store.transaction():
            for p in parsed:
                original = p.article.duplicate_of
                story = placing.stored_story(original) if original is not None else None
                if story is not None:
                    placing.join(p.article.id, story, clustered=False)
                else:
                    placing.place(p, vectors.get(p.article.id))
            store.update_stories(_touched_stories(placing, parsed))
    except BaseException:
        if placing.index is not None:
            placing.index.forget()
        raise
    if placing.index is not None and placing.index.dirty:
        placing.index.save()


def _touched_stories(placing: _Placing, parsed: Sequence[ParsedArticle]) -> list[Story]:
    """The stories that received articles, rebuilt, and the other stories of their threads, with
    their threads' new ids."""
    store, settings = placing.store, placing.settings
    stored_keys = sorted(k for k in placing.new_members if not k.startswith("+"))
    thread_of: dict[str, str] = store.story_threads(stored_keys)
    for story in sorted((k for k in placing.new_members if k.startswith("+")), key=lambda k: int(k[1:])):
        thread_of[story] = _new_story_thread(placing, story, thread_of)
    threads = sorted(set(thread_of.values()))
    in_thread = store.thread_stories([t for t in threads if not t.startswith("+")])
    untouched = sorted({s for t in in_thread.values() for s in t} - set(thread_of))
    members = store.story_members(sorted(set(stored_keys) | set(untouched)))
    for key, new in placing.new_members.items():
        members[key] = sorted({*members.get(key, ()), *new})
    thread_members: dict[str, set[str]] = defaultdict(set)
    for story, thread in thread_of.items():
        thread_members[thread].update(members[story])
    for thread, stories in in_thread.items():
        for story in stories:
            thread_members[thread].update(members[story])
    thread_ids = {t: stable_id("thr", sorted(ids)) for t, ids in thread_members.items()}

    needed = sorted({a for key in placing.new_members for a in members[key]})
    articles = store.articles(needed)
    copied = {a.id: replace(a, duplicate_of=placing.copies[a.id]) for a in articles if a.id in placing.copies}
    if copied:
        store.add_articles(list(copied.values()))  # the copy's duplicate_of follows this analysis
    articles = [copied.get(a.id, a) for a in articles]
    originals = sorted({a.duplicate_of for a in articles if a.duplicate_of} - set(needed))
    by_id = {p.article.id: p for p in parse([*articles, *store.articles(originals)], Settings(), store)}
    rebuilt = [build_story([by_id[a] for a in members[key]], thread_ids[thread_of[key]], by_id)
               for key in sorted(placing.new_members)]
    relabelled = [replace(s, thread_id=thread_ids[s.thread_id]) for s in store.stories_by_id(untouched)]
    return rebuilt + relabelled


def _new_story_thread(placing: _Placing, story: str, assigned: Mapping[str, str]) -> str:
    """The thread a story made in this batch joins (complete linkage over the threads of its
    articles' candidates), or a new thread key; ``assigned``: threads of the touched stories so far."""
    store, settings = placing.store, placing.settings
    near = placing.near.get(story, set()) - {story}
    thread_of = dict(store.story_threads(sorted(k for k in near if not k.startswith("+")))) | dict(assigned)
    candidate_threads = sorted({thread_of[k] for k in near if k in thread_of})
    by_thread: dict[str, list[str]] = defaultdict(list)
    stored_threads = store.thread_stories([t for t in candidate_threads if not t.startswith("+")])
    for thread, stories in stored_threads.items():
        by_thread[thread].extend(stories)
    for key, thread in assigned.items():
        if key.startswith("+") and thread in candidate_threads and key != story:
            by_thread[thread].append(key)
    stored_stories = sorted({s for t in stored_threads.values() for s in t})
    stored_members = store.story_members(stored_stories)
    ids = sorted({a for m in stored_members.values() for a in m})
    rows = store.cluster_rows(ids)
    denses = store.vectors(sorted(rows), placing.model) if placing.model is not None else {}
    items = {aid: _row_item(row, denses.get(aid)) for aid, row in rows.items()} | placing.items

    def centroid(key: str) -> cluster.Item:
        member_ids = [*stored_members.get(key, ()), *placing.new_members.get(key, ())]
        return cluster.centroid([items[a] for a in member_ids if a in items])

    candidates = {t: [centroid(k) for k in by_thread[t]] for t in candidate_threads}
    joined = cluster.join_thread(centroid(story), candidates, settings)
    return joined if joined is not None else f"+t{story[1:]}"
