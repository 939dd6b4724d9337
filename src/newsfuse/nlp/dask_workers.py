"""The per-article work on a Dask cluster: ``--dask local:N`` starts a LocalCluster of N worker
processes on this machine; ``--dask tcp://HOST:PORT`` uses a running scheduler (``dask scheduler`` and
``dask worker`` on the machines, or a Kubernetes/SLURM deployment of dask).

One run connects once (``DaskWorkers``, held by the run's ``RunWorkers``: the LocalCluster is started on
the run's first batch and stopped when the run ends) and every batch is parsed on it. A batch is cut into
chunks of articles; each chunk is one task, keyed by the ids of its articles, all submitted when the
batch's parse starts (a run starts its next batch before it takes the results of the one in hand), and
results are gathered in input order, so the report and every id are those of a local run. Each worker
loads the spaCy pipeline once (on connecting, and on its first task for a worker that joins later) and
keeps it.
Clustering runs afterwards in the calling process; the stories are then built on the cluster (``map``).
"""

from __future__ import annotations

import hashlib
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from distributed import Client, Future, LocalCluster

from newsfuse import spawned
from newsfuse.config import NlpSettings
from newsfuse.errors import NewsfuseError
from newsfuse.model import needs_torch
from newsfuse.nlp.parallel import (
    IN_FLIGHT,
    Vector,
    Vectorize,
    chunks_of,
    in_order,
    load_pipeline,
    parsed_chunks,
    work_chunk,
    worker_settings,
)
from newsfuse.types import Article, ParsedArticle

T = TypeVar("T")
R = TypeVar("R")


def parse_on_dask(articles: Sequence[Article], settings: NlpSettings, address: str) -> Iterator[ParsedArticle]:
    """ParsedArticle of every article, in input order, parsed by the Dask cluster ``address``
    (``local:N`` or a scheduler address), connected to for this call alone (a run connects once:
    ``newsfuse.nlp.parallel.run_workers``)."""
    n_workers(address)  # a bad address is an error before anything starts
    if not articles:
        return
    workers = DaskWorkers(address)
    try:
        yield from workers.parse(articles, settings)
    finally:
        workers.close()


class DaskWorkers:
    """A connection to a Dask cluster (and the LocalCluster started for ``local:N``), kept for a run."""

    def __init__(self, address: str, model: str | None = None) -> None:
        # A local cluster's workers parse only, torch turned away unless the spaCy ``model`` needs it (as
        # local workers: ``ParseWorkers``), and this process embeds; a remote cluster's workers embed too.
        unwanted = () if model is None or needs_torch(model) else ("torch",)
        self.cluster, self.client = _connect(address, unwanted)
        self.embeds = self.cluster is None  # whether its workers embed what they parse
        self._tasks = itertools.count()  # keys stay unique over the run's batches
        self._warm: NlpSettings | None = None

    def parse(self, articles: Sequence[Article], settings: NlpSettings, vectorize: Vectorize | None = None,
              vectors: dict[str, Vector] | None = None) -> Iterator[ParsedArticle]:
        """ParsedArticle of every article, in input order; with ``vectorize``, what it computes of them is
        put in ``vectors``."""
        yield from parsed_chunks(self.start(articles, settings, vectorize), vectors)

    def start(self, articles: Sequence[Article], settings: NlpSettings,
              vectorize: Vectorize | None = None) -> Iterator[tuple[list[ParsedArticle], dict[str, Vector]]]:
        """Every chunk of the articles submitted now; their results, in order, as the returned iterator is
        read (leaving it early cancels the others)."""
        single = worker_settings(settings)
        if self._warm != single:  # every worker loads the pipeline now, all at once
            self.client.run(load_pipeline, single)
            self._warm = single
        futures = [self.client.submit(work_chunk, chunk, single, vectorize, pure=False,
                                      key=f"newsfuse-parse-{next(self._tasks)}-{_chunk_key(chunk)}")
                   for chunk in chunks_of(articles)]
        return in_order(futures)

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """``fn`` of every item, in order."""
        yield from self._in_order((fn, (item,), f"newsfuse-task-{next(self._tasks)}") for item in items)

    def _in_order(self, tasks: Iterable[tuple[Callable[..., R], tuple[Any, ...], str]]) -> Iterator[R]:
        """The results of (function, arguments, key) tasks in order, a few tasks per worker in flight."""
        window = max(2, IN_FLIGHT * len(self.client.scheduler_info().get("workers", {})))
        pending: deque[Future[R]] = deque()
        try:
            for fn, args, key in tasks:
                pending.append(self.client.submit(fn, *args, key=key, pure=False))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def _chunk_key(chunk: Sequence[Article]) -> str:
    return hashlib.sha1("\n".join(a.id for a in chunk).encode()).hexdigest()[:16]


def n_workers(address: str) -> int | None:
    """The N of ``local:N`` (None for a scheduler address); a clear error for a bad one."""
    if not address.startswith("local:"):
        return None
    try:
        n = int(address.removeprefix("local:"))
    except ValueError:
        raise NewsfuseError(f"--dask local:N needs a number of workers, got {address!r}") from None
    if n < 1:
        raise NewsfuseError(f"--dask local:N needs at least one worker, got {n}")
    return n


def _connect(address: str, unwanted: tuple[str, ...] = ()) -> tuple[LocalCluster | None, Client]:
    """A client of the cluster ``address``; for ``local:N`` the LocalCluster started for it too, its workers
    turning the ``unwanted`` modules away."""
    n = n_workers(address)
    if n is not None:
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               preload=[spawned.__name__], env={spawned.UNWANTED: ",".join(unwanted)})
        try:
            return cluster, Client(cluster)
        except BaseException:
            cluster.close()
            raise
    try:
        return None, Client(address, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise NewsfuseError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
