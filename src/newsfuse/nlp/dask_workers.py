"""The per-article work on a Dask cluster: ``--dask local:N`` starts a LocalCluster of N worker
processes on this machine; ``--dask tcp://HOST:PORT`` uses a running scheduler (``dask scheduler`` and
``dask worker`` on the machines, or a Kubernetes/SLURM deployment of dask).

The input is cut into chunks of articles; each chunk is one task, keyed by the ids of its articles,
and results are gathered in input order, so the report and every id are those of a local run. A
worker loads the spaCy pipeline on its first task and keeps it (workers are long-lived processes).
Clustering and the per-story stages run afterwards in the calling process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import replace

from distributed import Client, LocalCluster

from newsfuse.config import NlpSettings
from newsfuse.errors import NewsfuseError
from newsfuse.nlp.parallel import CHUNK, parse_chunk
from newsfuse.types import Article, ParsedArticle


def parse_on_dask(articles: Sequence[Article], settings: NlpSettings, address: str) -> Iterator[ParsedArticle]:
    """ParsedArticle of every article, in input order, parsed by the Dask cluster ``address``
    (``local:N`` or a scheduler address)."""
    if not articles:
        return
    chunks = [list(articles[i:i + CHUNK]) for i in range(0, len(articles), CHUNK)]
    single = replace(settings, workers=1, dask=None)
    keys = [f"newsfuse-parse-{i}-{_chunk_key(chunk)}" for i, chunk in enumerate(chunks)]
    cluster, client = _connect(address)
    try:
        futures = client.map(parse_chunk, chunks, [single] * len(chunks), key=keys, pure=False)
        for future in futures:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _chunk_key(chunk: Sequence[Article]) -> str:
    return hashlib.sha1("\n".join(a.id for a in chunk).encode()).hexdigest()[:16]


def _connect(address: str) -> tuple[LocalCluster | None, Client]:
    """A client of the cluster ``address``; for ``local:N`` the LocalCluster started for it too."""
    if address.startswith("local:"):
        try:
            n = int(address.removeprefix("local:"))
        except ValueError:
            raise NewsfuseError(f"--dask local:N needs a number of workers, got {address!r}") from None
        if n < 1:
            raise NewsfuseError(f"--dask local:N needs at least one worker, got {n}")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        return cluster, Client(cluster)
    try:
        return None, Client(address, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise NewsfuseError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
