"""The per-article work on worker processes gives what one process gives, in the same order; a run
starts its workers once, and stops them however it ends."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from conftest import DEMO
from newsfuse.cli import DEMO_INPUTS, main
from newsfuse.config import NlpSettings, Settings
from newsfuse.errors import NewsfuseError
from newsfuse.ingest import IngestResult, load_inputs
from newsfuse.nlp import parallel, parse_articles
from newsfuse.nlp.parallel import (
    CHUNK,
    MIN_PER_WORKER,
    ParseWorkers,
    ProcessPool,
    current_run,
    parse_in_workers,
    run_workers,
    worker_count,
)
from newsfuse.pipeline import analyze
from newsfuse.pipeline.steps import read_ahead
from newsfuse.types import Article, ParsedArticle


def test_small_inputs_stay_in_this_process() -> None:
    settings = NlpSettings(workers=4)
    assert worker_count(0, settings) == 1
    assert worker_count(MIN_PER_WORKER * 2 - 1, settings) == 1
    assert worker_count(MIN_PER_WORKER * 2, settings) == 2
    assert worker_count(10_000, settings) == 4
    assert worker_count(10_000, NlpSettings()) == 1  # the library's default is one process


def _article(i: int) -> Article:
    return Article(id=f"a{i:03}", source="s", url=None, title=None, published=None, text=f"Article {i}.")


def test_a_run_sizes_its_workers_on_the_run_not_one_batch() -> None:
    # batches of 40 articles: one alone is not worth two workers; the batch in hand and the next one are
    size = MIN_PER_WORKER + 8
    batches = [IngestResult(articles=tuple(_article(i * size + j) for j in range(size)), rejected=(), origins={})
               for i in range(3)]
    settings = NlpSettings(workers=2)
    assert worker_count(size, settings) == 1
    seen = []
    with run_workers() as run:
        for batch in read_ahead(batches):
            seen.append((batch, run.coming, run.workers_for(len(batch.articles), settings)))
            run.parsed += len(batch.articles)  # as parsing it would
    assert [b for b, _, _ in seen] == batches  # the batches themselves, in order
    assert [c for _, c, _ in seen] == [size, size, 0]
    assert [w for _, _, w in seen] == [2, 2, 2]
    with run_workers() as run:  # a run of one such batch stays in this process
        assert [run.workers_for(len(b.articles), settings) for b in read_ahead(batches[:1])] == [1]
    assert list(read_ahead(batches)) == batches  # outside a run: passed through
    assert current_run() is None


def test_runs_nest_into_the_outer_one() -> None:
    with run_workers() as outer:
        with run_workers() as inner:
            assert inner is outer
        assert current_run() is outer
    assert current_run() is None


def _gone(pids: Iterable[int]) -> bool:
    def dead(pid: int) -> bool:
        try:
            return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True
    return all(dead(pid) for pid in pids)


def test_a_pool_streams_in_order_and_an_interrupt_leaves_no_process_behind() -> None:
    pool = ProcessPool(2)
    taken = 0

    def items() -> Iterator[int]:
        nonlocal taken
        for i in range(-40, 0):
            taken += 1
            yield i

    pids: list[int] = []
    results = []
    with pytest.raises(KeyboardInterrupt):
        try:
            for value in pool.imap(abs, items()):
                results.append(value)
                pids = pool.pids()
                assert taken <= len(results) + 2 * parallel.IN_FLIGHT  # streamed, not all submitted at once
                if len(results) == 25:
                    raise KeyboardInterrupt
        except BaseException:
            pool.close(abort=True)
            raise
    assert results == list(range(40, 15, -1))  # in order
    assert len(pids) == 2
    assert _gone(pids)


@pytest.mark.slow
def test_two_workers_parse_as_one_process_does() -> None:
    articles = list(load_inputs([DEMO / "articles.jsonl"]).articles)
    # more than one chunk, and a last chunk that is not full
    articles = [*articles, *(replace(a, id=f"{a.id}-again") for a in articles)][: CHUNK * 2 + 3]
    one = list(parse_articles(articles, NlpSettings()))
    two = list(parse_in_workers(articles, NlpSettings(workers=2), workers=2))
    assert [p.article.id for p in two] == [a.id for a in articles]
    assert two == one


def _cli_report(inputs: list[str], out: Path, workers: int) -> bytes:
    result = CliRunner().invoke(main, ["analyze", *inputs, "--no-db", "--format", "json", "--out", str(out),
                                       "--workers", str(workers), "--batch-chars", "6000"])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["demo", "seeds"])
def test_a_run_on_two_workers_gives_the_report_of_one(corpus: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      request: pytest.FixtureRequest) -> None:
    seeds = corpus == "seeds"
    inputs = [str(request.getfixturevalue("seeds_dir"))] if seeds else [str(p) for p in DEMO_INPUTS]
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)  # a small corpus is worth workers here
    one = _cli_report(inputs, tmp_path / "one.json", 1)
    assert ProcessPool.started == (started := ProcessPool.started)
    two = _cli_report(inputs, tmp_path / "two.json", 2)
    assert ProcessPool.started == started + 1  # one pool for the run's many batches
    assert b'"stories"' in one
    assert two == one


@pytest.mark.slow
def test_an_interrupted_run_stops_its_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    settings = Settings()
    settings = replace(settings, nlp=replace(settings.nlp, workers=2))
    pids: list[int] = []

    def interrupt(stream: Iterable[ParsedArticle], total: int) -> Iterator[ParsedArticle]:
        for _ in stream:
            run = current_run()
            assert run is not None and run.local is not None
            pids.extend(run.local.pool.pids())
            raise KeyboardInterrupt
        yield from ()

    with pytest.raises(KeyboardInterrupt):
        analyze([str(p) for p in DEMO_INPUTS], settings, progress=interrupt)
    assert len(pids) == 2
    assert _gone(pids)
    assert current_run() is None


@pytest.mark.slow
def test_a_worker_that_dies_is_a_clear_error_not_a_hang() -> None:
    articles = list(load_inputs([DEMO / "articles.jsonl"]).articles)
    articles = [replace(a, id=f"{a.id}-{i}") for i in range(4) for a in articles]  # many chunks
    workers = ParseWorkers(NlpSettings(), 2)
    pids = []
    try:
        with pytest.raises(NewsfuseError, match="worker process died"):
            for parsed in workers.parse(articles):
                if not pids:
                    pids = workers.pool.pids()
                    os.kill(pids[0], signal.SIGKILL)
                assert parsed.article.id
    finally:
        workers.close(abort=True)
    assert len(pids) == 2
    assert _gone(pids)


def test_local_workers_leave_torch_out_and_the_run_embeds_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse import embed
    from newsfuse.pipeline.steps import embeddings

    if not embed.available():
        pytest.skip("the sentence model is not installed")
    articles = list(load_inputs([DEMO / "articles.jsonl"]).articles)[:5]
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    here = embed.vectors_by_text(articles)
    with run_workers() as run:
        parsed = list(run.parse(articles, NlpSettings(workers=2), embed.vectors_by_text))
        assert run.local is not None  # parsed by workers
        assert [p.article.id for p in parsed] == [a.id for a in articles]
        assert run.vectors == {}  # not embedded there
        pids = run.local.pool.pids()
        # spaCy's thinc would have loaded torch's libraries; a worker turned it away
        assert pids
        assert not any("libtorch" in m.path for pid in pids for m in psutil.Process(pid).memory_maps())
        vectors = embeddings([p.article for p in parsed], None)
    assert vectors == {a.id: here[embed.text_key(embed.article_text(a))] for a in articles}


def test_a_model_that_needs_torch_keeps_it(tmp_path: Path) -> None:
    from newsfuse.model import needs_torch

    assert not needs_torch()  # the small English model
    (tmp_path / "meta.json").write_text('{"requirements": ["spacy-curated-transformers>=0.2,<1"]}')
    assert needs_torch(str(tmp_path))
    assert needs_torch("no_such_model_package")  # when it cannot be told, torch stays


def test_a_run_with_workers_builds_its_stories_on_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse.pipeline import steps
    from newsfuse.story.build import build_story

    articles = list(load_inputs([DEMO / "articles.jsonl"]).articles)[:6]
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    sent: list[object] = []
    imap = ProcessPool.imap
    monkeypatch.setattr(ProcessPool, "imap", lambda pool, fn, items: sent.append(fn) or imap(pool, fn, items))
    with run_workers() as run:
        parsed = list(run.parse(articles, NlpSettings(workers=2)))
        assert run.local is not None
        by_id = {p.article.id: p for p in parsed}
        groups = [([a.id for a in articles[:3]], "thr_a"), ([a.id for a in articles[3:]], "thr_b")]
        sent.clear()
        stories = steps.build_stories(groups, by_id, Settings())
    assert sent == [steps.build_one]  # one map over the pool
    assert stories == [build_story([by_id[a] for a in ids], thread, by_id) for ids, thread in groups]


def test_a_run_starts_each_batch_before_it_stores_the_one_before(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    from newsfuse.pipeline import update
    from newsfuse.pipeline.steps import Parsing
    from newsfuse.store import Store

    events: list[str] = []
    start, finish = parallel.RunWorkers.start, Parsing.finish

    def started(self: parallel.RunWorkers, articles: list[Article], *args: object) -> Iterator[ParsedArticle]:
        events.append(f"start {len(articles)}")
        return start(self, articles, *args)  # type: ignore[arg-type]

    def finished(self: Parsing, *args: object) -> list[ParsedArticle]:
        events.append(f"store {self.todo}")
        return finish(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel.RunWorkers, "start", started)
    monkeypatch.setattr(Parsing, "finish", finished)
    settings = Settings()
    settings = replace(settings, ingest=replace(settings.ingest, batch_chars=6000))
    with Store(tmp_path / "s.sqlite") as store:
        done = update([DEMO / "articles.jsonl"], store, settings)
        assert done.added == store.article_count() > 0
    sizes: list[int] = []  # the batches' starts (the stories' own reading of stored parses comes after)
    for event in events:
        if event.startswith("start") and sum(sizes) < done.added:
            sizes.append(int(event.split()[1]))
    assert len(sizes) > 2 and sum(sizes) == done.added
    # batch k+1 is under way before batch k is stored; each batch is stored once, in order
    expected = [f"start {sizes[0]}"]
    for k in range(1, len(sizes)):
        expected += [f"start {sizes[k]}", f"store {sizes[k - 1]}"]
    assert events[:len(expected)] == expected
    assert events[len(expected)] == f"store {sizes[-1]}"


def test_the_embedding_model_loads_once_even_from_two_threads() -> None:
    import threading

    from newsfuse import embed

    if not embed.available():
        pytest.skip("the sentence model is not installed")
    embed.load_in_background()
    model = embed._model()  # waits for the background load, if it is under way
    for thread in threading.enumerate():
        if thread.name == "newsfuse-embed-load":
            thread.join(timeout=60)
    embed.load_in_background()  # loaded: no second thread
    assert not [t for t in threading.enumerate() if t.name == "newsfuse-embed-load"]
    assert embed._model() is model
