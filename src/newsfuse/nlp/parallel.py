"""The per-article work (the spaCy pass, the extraction over it and, when asked, the article's embedding) on
several worker processes; and, once clustered, the per-story work on the same processes (``RunWorkers.map``).

One run (an ``analyze`` or an ``ingest``: see ``run_workers``) owns one set of workers: started on the
first batch of a run large enough to be worth them, reused by every later batch, stopped when the run
ends, normally or not (an error, a KeyboardInterrupt): no worker outlives its run. Each worker loads
the pipeline once, when it starts (``load_pipeline``), and parses chunks of articles; results come
back in input order, and the report and every id are the same as with one process. A batch's chunks are
all submitted when its parse starts (``RunWorkers.start``), so that a run can start its next batch
before it takes the results of the one in hand: the workers go on parsing while the parent stores, and
neither holds more than two batches. Processes
are started with "spawn" (never "fork": a parent that already loaded torch or holds an open store must
not be copied), and starting one costs a model load, so small runs stay in the calling process.

Whether a run is worth workers is decided on the run, not on one batch: the articles it has parsed so
far, the batch in hand and the one read after it (a run reads its inputs in batches of about 50
articles, ``IngestSettings.batch_chars``; one batch alone is rarely worth two workers, a run of several
is).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from newsfuse import spawned
from newsfuse.config import NlpSettings
from newsfuse.errors import NewsfuseError
from newsfuse.model import needs_torch
from newsfuse.nlp import parse_articles
from newsfuse.types import Article, ParsedArticle

if TYPE_CHECKING:
    from newsfuse.nlp.dask_workers import DaskWorkers

CHUNK = 16  # articles a worker parses per task: large enough to batch, small enough to share the load
MIN_PER_WORKER = 2 * CHUNK  # below this many articles per worker, starting workers costs more than it saves
IN_FLIGHT = 2  # chunks per worker submitted ahead of the one the parent waits for (bounds memory)

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


def worker_count(n_articles: int, settings: NlpSettings) -> int:
    """How many processes to parse ``n_articles`` with: at most ``settings.workers``, and 1 when there is
    too little work for more."""
    return max(1, min(settings.workers, n_articles // MIN_PER_WORKER))


PIPE_BATCH = 8  # documents a worker's spaCy holds at once: a chunk's 16 long articles cost ~70 MB more a worker


def worker_settings(settings: NlpSettings) -> NlpSettings:
    """The settings a worker parses a chunk with: its own process, spaCy's batches at most ``PIPE_BATCH``."""
    return replace(settings, workers=1, dask=None, batch_size=min(settings.batch_size, PIPE_BATCH))


def chunks_of(articles: Sequence[Article]) -> Iterator[list[Article]]:
    """The articles in tasks of ``CHUNK``, in order."""
    for i in range(0, len(articles), CHUNK):
        yield list(articles[i:i + CHUNK])


def parse_chunk(articles: list[Article], settings: NlpSettings) -> list[ParsedArticle]:
    """A chunk parsed by the worker's own pipeline (loaded when it started)."""
    return list(parse_articles(articles, settings))


Vector = tuple[float, ...]
# What a worker computes of a chunk beside its parse: the embeddings (``newsfuse.embed.vectors_by_text``), keyed
# so that the parent can tell which article each is of
Vectorize = Callable[[Sequence[Article]], dict[str, Vector]]


def work_chunk(articles: list[Article], settings: NlpSettings,
               vectorize: Vectorize | None = None) -> tuple[list[ParsedArticle], dict[str, Vector]]:
    """One task of a worker: a chunk parsed, and embedded when ``vectorize`` is given."""
    return parse_chunk(articles, settings), (vectorize(articles) if vectorize is not None else {})


# --------------------------------------------------------------------------- the processes


class ProcessPool:
    """``workers`` spawned processes, each started by the function ``target`` ("module:function") with
    ``args``, the ``unwanted`` modules turned away first (``newsfuse.spawned``); ``imap`` streams results
    in order with a bounded number of tasks in flight. ``close(abort=True)`` stops the workers at once
    (the tasks they run are lost); ``close()`` lets them finish and exit."""

    started = 0  # pools started by this process (tests check a run starts one)

    def __init__(self, workers: int, target: str | None = None, args: tuple[Any, ...] = (),
                 unwanted: tuple[str, ...] = ()) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=spawned.start, initargs=(unwanted, target, args))
        ProcessPool.started += 1

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` of every item, in order, computed by the workers; at most ``IN_FLIGHT`` tasks per worker
        are submitted ahead of the one waited for. Leaving the iterator early cancels the tasks not started."""
        pending: deque[Future[R]] = deque()
        todo = iter(items)
        try:
            for item in todo:
                pending.append(self._pool.submit(fn, item))
                if len(pending) >= self.workers * IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        """``fn(item)`` on a worker, queued behind the tasks submitted before."""
        return self._pool.submit(fn, item)

    def pids(self) -> list[int]:
        """The worker processes' ids (those started so far)."""
        return [p.pid for p in self._processes() if p.pid is not None]

    def _processes(self) -> list[multiprocessing.process.BaseProcess]:
        return list((getattr(self._pool, "_processes", None) or {}).values())

    def close(self, abort: bool = False) -> None:
        """Stop the workers and wait for them to exit: at once with ``abort`` (they are terminated), else
        once the submitted tasks are done."""
        if abort:
            for process in self._processes():
                if process.is_alive():
                    process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)
        for process in self._processes():  # terminated ones are reaped by shutdown; make sure
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join(timeout=10)


_WARM_UP = Article(id="warm-up", source="newsfuse", url=None, title=None, published="2020-01-06",
                   text="Two people were killed and three injured in a shooting in Chicago on Monday, police said.")


def load_pipeline(settings: NlpSettings) -> None:
    """A worker's start: the spaCy pipeline, and what extraction loads on first use (the gazetteer, the
    lexicons), loaded once by parsing one sentence."""
    parse_chunk([_WARM_UP], settings)


class ParseWorkers:
    """Worker processes that parse articles, the pipeline loaded once in each.

    They parse and build stories, nothing that needs torch: unless the spaCy model itself needs it, a
    worker turns torch away, which thinc would otherwise import (~180 MB a worker), and the run embeds
    its articles in the parent, one batch while the workers parse the next (see ``RunWorkers.start``)."""

    def __init__(self, settings: NlpSettings, workers: int) -> None:
        self.settings = worker_settings(settings)
        unwanted = () if needs_torch(settings.model) else ("torch",)
        self.pool = ProcessPool(workers, f"{__name__}:load_pipeline", (self.settings,), unwanted)

    def parse(self, articles: Sequence[Article]) -> Iterator[ParsedArticle]:
        """ParsedArticle of every article, in input order."""
        yield from self.start(articles)

    def start(self, articles: Sequence[Article]) -> Iterator[ParsedArticle]:
        """Every chunk of the articles submitted now (queued behind the chunks submitted before); their
        parses, in order, as the returned iterator is read. Leaving it early cancels what has not started."""
        futures = [self.pool.submit(_parse_task, (chunk, self.settings)) for chunk in chunks_of(articles)]
        return (parsed for chunk in self._results(futures) for parsed in chunk)

    def _results(self, futures: Sequence[Future[R]]) -> Iterator[R]:
        try:
            yield from in_order(futures)
        except BrokenProcessPool as exc:
            raise _dead_worker() from exc

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` of every item on the workers, in order; a worker that dies is a clear error."""
        try:
            yield from self.pool.imap(fn, items)
        except BrokenProcessPool as exc:
            raise _dead_worker() from exc

    def close(self, abort: bool = False) -> None:
        self.pool.close(abort)


def _parse_task(task: tuple[list[Article], NlpSettings]) -> list[ParsedArticle]:
    return parse_chunk(*task)


def _dead_worker() -> NewsfuseError:
    return NewsfuseError("a worker process died (out of memory? a smaller --batch-chars or fewer --workers needs "
                         "less); nothing of the batch in hand was stored")


class _Future(Protocol[R_co]):  # what a concurrent.futures and a distributed Future both have
    def result(self) -> R_co: ...

    def cancel(self) -> object: ...


def in_order(futures: Sequence[_Future[R]]) -> Iterator[R]:
    """The futures' results in order; leaving early (an error, a caller that stops) cancels the others."""
    try:
        for future in futures:
            yield future.result()
    finally:
        for future in futures:
            future.cancel()  # a no-op for those done


def parsed_chunks(chunks: Iterable[tuple[list[ParsedArticle], dict[str, Vector]]],
                  vectors: dict[str, Vector] | None) -> Iterator[ParsedArticle]:
    """The parses of worked chunks, in order, their embeddings put in ``vectors``."""
    for parsed, computed in chunks:
        if vectors is not None:
            vectors.update(computed)
        yield from parsed


# --------------------------------------------------------------------------- one run


class RunWorkers:
    """Where one run's per-article work goes: this process, a set of worker processes started on the
    first batch of a run worth them (``worker_count`` of the run's known size), or a Dask cluster
    (``settings.dask``) connected to on the first batch with work. Kept until ``close``."""

    def __init__(self) -> None:
        self.parsed = 0  # articles this run has parsed so far
        self.coming = 0  # articles in the batch read after the one in hand (0: none, or not known)
        self.local: ParseWorkers | None = None
        self.dask: DaskWorkers | None = None
        self.vectors: dict[str, Vector] = {}  # computed by the workers beside the parses, not yet taken

    def parse(self, articles: Sequence[Article], settings: NlpSettings,
              vectorize: Vectorize | None = None) -> Iterator[ParsedArticle]:
        """ParsedArticle of every article, in input order. A Dask cluster also runs ``vectorize`` on what it
        parses, for ``take_vectors``; this process and local workers leave that to the caller."""
        yield from self.start(articles, settings, vectorize)

    def start(self, articles: Sequence[Article], settings: NlpSettings,
              vectorize: Vectorize | None = None) -> Iterator[ParsedArticle]:
        """``parse``, the work submitted to the workers or the cluster now (behind what was submitted
        before), its results taken as the returned iterator is read: a run starts its next batch before
        it takes the results of the one in hand. In this process, the parse runs as the iterator is read.

        The workers of a remote Dask cluster also run ``vectorize`` (its client could not embed for many
        machines); workers on this machine (local ones, a ``local:N`` cluster) leave it to this process,
        which embeds a batch while they parse the next: torch and the model in every worker would cost
        ~400 MB each (``embeds_here``)."""
        if not articles:
            return iter(())
        wanted = self.workers_for(len(articles), settings)
        self.parsed += len(articles)
        if settings.dask:
            if self.dask is None:
                from newsfuse.nlp.dask_workers import DaskWorkers

                self.dask = DaskWorkers(settings.dask, settings.model)
            chunks = self.dask.start(articles, settings, vectorize if self.dask.embeds else None)
            return parsed_chunks(chunks, self.vectors)
        if self.local is None and wanted > 1:
            self.local = ParseWorkers(settings, wanted)
        if self.local is not None:
            return self.local.start(articles)
        return parse_articles(articles, replace(settings, workers=1))

    @property
    def embeds_here(self) -> bool:
        """Whether this process embeds what the run's workers parse (they run on this machine)."""
        return self.local is not None or (self.dask is not None and not self.dask.embeds)

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """``fn`` of every item, in order: on the run's worker processes or Dask cluster when it has them
        running (a run that parsed on them builds its stories there too), else in this process. ``fn``
        must be a module-level function (it is sent by name)."""
        if self.local is not None and len(items) > 1:
            yield from self.local.imap(fn, items)
        elif self.dask is not None and len(items) > 1:
            yield from self.dask.map(fn, items)
        else:
            yield from map(fn, items)

    def take_vectors(self, keys: Iterable[str]) -> dict[str, Vector]:
        """The vectors the workers computed under these keys (those they did), forgotten by the run."""
        return {key: vector for key in keys if (vector := self.vectors.pop(key, None)) is not None}

    def workers_for(self, n_articles: int, settings: NlpSettings) -> int:
        """How many processes the run would parse a batch of ``n_articles`` with, were none started yet:
        ``worker_count`` of what the run has parsed, this batch and the batch read after it."""
        return worker_count(self.parsed + n_articles + self.coming, settings)

    def close(self, abort: bool = False) -> None:
        local, dask, self.local, self.dask = self.local, self.dask, None, None
        try:
            if local is not None:
                local.close(abort)
        finally:
            if dask is not None:
                dask.close()


_RUN: ContextVar[RunWorkers | None] = ContextVar("newsfuse_run_workers", default=None)


def current_run() -> RunWorkers | None:
    """The workers of the run in progress (None outside ``run_workers``)."""
    return _RUN.get()


@contextmanager
def run_workers() -> Iterator[RunWorkers]:
    """The scope of one run's workers: within it every parse shares them; leaving it stops them (at once
    on an exception, KeyboardInterrupt included). Nested scopes are the outer one."""
    outer = _RUN.get()
    if outer is not None:
        yield outer
        return
    run = RunWorkers()
    token = _RUN.set(run)
    try:
        yield run
    except BaseException:
        run.close(abort=True)
        raise
    else:
        run.close()
    finally:
        _RUN.reset(token)


def parse_in_workers(articles: Sequence[Article], settings: NlpSettings, workers: int) -> Iterator[ParsedArticle]:
    """ParsedArticle of every article, in input order, parsed by ``workers`` processes started for this
    call alone (a run shares its own: ``run_workers``)."""
    if workers <= 1:
        yield from parse_articles(articles, settings)
        return
    pool = ParseWorkers(settings, workers)
    try:
        yield from pool.parse(articles)
    except BaseException:
        pool.close(abort=True)
        raise
    pool.close()
