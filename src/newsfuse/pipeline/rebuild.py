"""A full rebuild of a store's stories: the canonical, order-independent result."""

from __future__ import annotations

from newsfuse.config import Settings
from newsfuse.dedup import mark_duplicates
from newsfuse.pipeline.steps import build_with_state, cluster_row, embed_model, embeddings, parse, state_version
from newsfuse.store import Store
from newsfuse.store.index import VectorIndex
from newsfuse.types import Report


def rebuild(store: Store, settings: Settings = Settings()) -> Report:
    """Recompute every story from the stored articles and their cached parses (order-independent),
    and reset the incremental clustering state and the nearest-neighbour index to match.

    The store's write lock is held from reading the articles to writing the stories: an article
    another writer stores meanwhile waits for the next add instead of being dropped by this one.
    """
    with store.transaction():
        report = rebuild_stories(store, settings)
    sync_index(store, settings)
    return report


def rebuild_stories(store: Store, settings: Settings) -> Report:
    """``rebuild`` up to the index file: call it inside a transaction of the store, and ``sync_index``
    once that has committed (the file must only ever hold committed keys)."""
    articles = mark_duplicates(store.articles(), settings.dedup)
    parsed = parse(articles, settings, store)
    vectors = embeddings([a for a in articles if a.duplicate_of is None], store, settings.embed)
    report, state = build_with_state(parsed, (), vectors, settings)
    model = embed_model(settings.embed)
    with store.transaction():
        store.add_articles(articles)  # duplicate_of follows this analysis
        store.replace_stories(report.stories)
        published = {a.id: a.published for a in articles}
        store.reset_cluster_state(
            [cluster_row(aid, published[aid], item, state.links[aid]) for aid, item in state.items.items()],
            state_version(model, settings))
        if model is not None:
            store.ann_assign(sorted(state.items.keys() & vectors.keys()), model)
    return report


def sync_index(store: Store, settings: Settings) -> None:
    """Bring the index file beside the store in line with the committed index keys."""
    model = embed_model(settings.embed)
    if model is not None:
        VectorIndex.open(store, model, settings.index)
