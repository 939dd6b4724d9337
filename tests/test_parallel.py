"""The per-article work on worker processes gives what one process gives, in the same order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import DEMO
from newsfuse.config import NlpSettings
from newsfuse.ingest import load_inputs
from newsfuse.nlp import parse_articles
from newsfuse.nlp.parallel import CHUNK, MIN_PER_WORKER, parse_in_workers, worker_count


def test_small_inputs_stay_in_this_process() -> None:
    settings = NlpSettings(workers=4)
    assert worker_count(0, settings) == 1
    assert worker_count(MIN_PER_WORKER * 2 - 1, settings) == 1
    assert worker_count(MIN_PER_WORKER * 2, settings) == 2
    assert worker_count(10_000, settings) == 4
    assert worker_count(10_000, NlpSettings()) == 1  # the library's default is one process


@pytest.mark.slow
def test_two_workers_parse_as_one_process_does() -> None:
    articles = list(load_inputs([DEMO / "articles.jsonl"]).articles)
    # more than one chunk, and a last chunk that is not full
    articles = [*articles, *(replace(a, id=f"{a.id}-again") for a in articles)][: CHUNK * 2 + 3]
    one = list(parse_articles(articles, NlpSettings()))
    two = list(parse_in_workers(articles, NlpSettings(workers=2), workers=2))
    assert [p.article.id for p in two] == [a.id for a in articles]
    assert two == one
