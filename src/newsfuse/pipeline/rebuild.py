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
    and reset the incremental clustering state and the nearest-neighbour index to match."""
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
    if model is not None:
        VectorIndex.open(store, model, settings.index)  # brings the file in line with the keys just assigned
    return report
