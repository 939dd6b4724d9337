"""The spine: inputs → articles → stories → a cross-checked report.

ingest → clean → dedup → nlp → cluster → story (entities → claims → crosscheck → timeline → summarize) → report

``analyze`` builds a report from inputs (and keeps it in a store when given one); ``ingest`` adds
inputs to a store, incrementally (``incremental.add``) or by a full ``rebuild``. The steps they share
live in ``steps``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.errors import StoreError
from newsfuse.ingest import load_inputs
from newsfuse.pipeline.incremental import add
from newsfuse.pipeline.rebuild import rebuild, sync_index
from newsfuse.pipeline.steps import Progress, build_report, embeddings, parse, prepare
from newsfuse.store import Store, index_in_the_way
from newsfuse.types import Rejected, Report

__all__ = ["Progress", "add", "analyze", "build_report", "embeddings", "ingest", "parse", "prepare", "rebuild",
           "stored_report"]


def analyze(inputs: Iterable[str | Path], settings: Settings = Settings(), store: Store | None = None,
            progress: Progress | None = None) -> Report:
    """Read the inputs and return the report of the articles among them."""
    ingested = load_inputs(inputs, settings.ingest)
    articles, rejected = prepare(ingested.articles, settings, ingested.origins)
    parsed = parse(articles, settings, store, progress)
    vectors = embeddings([a for a in articles if a.duplicate_of is None], store, settings.embed)
    report = build_report(parsed, (*ingested.rejected, *rejected), vectors, settings)
    if store is not None:
        store.save_stories(report.stories)
    return report


def ingest(inputs: Iterable[str | Path], store: Store, settings: Settings = Settings(),
           progress: Progress | None = None, full: bool = False) -> tuple[int, tuple[Rejected, ...], Report]:
    """Add the inputs' articles to the store and update the stored stories; no report is printed.

    New articles join stories incrementally (``add``) when the store's clustering state is valid;
    with ``full``, or when it is not, every story is rebuilt (``rebuild``, the canonical result).
    Every run, even one adding nothing, leaves the nearest-neighbour index file in line with the store.
    Returns (articles added, rejections, the report of the whole store).
    """
    if problem := index_in_the_way(store.path):  # refused before anything is stored
        raise StoreError(problem)
    before = store.article_count()
    ingested = load_inputs(inputs, settings.ingest)
    articles, rejected = prepare(ingested.articles, settings, ingested.origins)
    parse(articles, settings, store, progress)
    if full:
        report = rebuild(store, settings)
    else:
        add(articles, store, settings)
        sync_index(store, settings)
        report = stored_report(store)
    return store.article_count() - before, (*ingested.rejected, *rejected), report


def stored_report(store: Store) -> Report:
    """The report of the whole store as stored (no recomputation)."""
    stories = sorted(store.stories(), key=lambda s: (-len(s.article_ids), s.id))
    return Report(articles=tuple(store.articles()), rejected=(), stories=tuple(stories))
