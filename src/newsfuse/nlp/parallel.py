"""The per-article work (the spaCy pass and the extraction over it) on several worker processes.

Each worker loads the pipeline once and parses chunks of articles; results come back in input order,
so the report and every id are the same as with one process. Processes are started with "spawn"
(never "fork": a parent that already loaded torch or holds an open store must not be copied), and
a worker's start costs a model load, so small inputs stay in the calling process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from newsfuse.config import NlpSettings
from newsfuse.nlp import parse_articles
from newsfuse.types import Article, ParsedArticle

CHUNK = 16  # articles a worker parses per task: large enough to batch, small enough to share the load
MIN_PER_WORKER = 2 * CHUNK  # below this many articles per worker, starting workers costs more than it saves


def worker_count(n_articles: int, settings: NlpSettings) -> int:
    """How many processes to parse ``n_articles`` with: at most ``settings.workers``, and 1 when there is
    too little work for more."""
    return max(1, min(settings.workers, n_articles // MIN_PER_WORKER))


def parse_in_workers(articles: Sequence[Article], settings: NlpSettings, workers: int) -> Iterator[ParsedArticle]:
    """ParsedArticle of every article, in input order, parsed by ``workers`` processes."""
    if workers <= 1:
        yield from parse_articles(articles, settings)
        return
    chunks = [list(articles[i:i + CHUNK]) for i in range(0, len(articles), CHUNK)]
    single = replace(settings, workers=1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for parsed in pool.map(parse_chunk, chunks, [single] * len(chunks)):
            yield from parsed


def parse_chunk(articles: list[Article], settings: NlpSettings) -> list[ParsedArticle]:
    """One task of a worker: a chunk parsed by the worker's own pipeline (loaded on its first task)."""
    return list(parse_articles(articles, settings))
