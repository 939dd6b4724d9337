"""Adding one article to a store of 100,000: persisted ANN lookup + candidate scoring vs a brute-force scan.

Builds a real store (SQLite + the usearch index file beside it) of N synthetic articles: 384-d unit
embeddings clustered by story (a story centroid plus noise, like sentence embeddings of one event),
and sparse features drawn from a Zipf vocabulary with story-specific terms and names (no spaCy). Then
times adding a new article the way ``newsfuse.pipeline.incremental.add`` does, up to the stories' reports:

* ANN lookup: the persisted index's nearest neighbours, mapped to article ids through the store;
* placing: document frequencies of its keys, its tf-idf item, inverted-key candidates, its row,
  the candidates' stored items and vectors, the regrouping of the stories it links to
  (``newsfuse.cluster.recluster``) and of their threads (``newsfuse.cluster.thread_groups``);

and, in the same run, the brute-force alternative over the same N articles held in memory: exact
dense cosine to all (numpy) and the blended ``similarity`` to all (Python).

    .venv/bin/python benchmarks/incremental.py [--n 100000] [--adds 50] [--story-size 5] [--dir /tmp/...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsfuse import cluster
from newsfuse.cluster import ClusterDoc, ClusterSettings
from newsfuse.config import Settings
from newsfuse.pipeline import incremental
from newsfuse.store import ClusterRow, Store, index
from newsfuse.types import Story

MODEL = "synthetic-384"
DIM = 384
VOCAB = 30_000
STORY_SIZE = 5  # articles per story (--story-size)


def _zipf(rng: random.Random, n: int) -> int:
    """A rank in [0, n) with probability ~ 1/rank."""
    return min(int(math.exp(rng.random() * math.log(n))) - 1, n - 1)


def _story_vocab(rng: random.Random, story: int) -> tuple[list[str], list[str]]:
    return [f"w{_zipf(rng, VOCAB)}" for _ in range(25)], [f"name {story} {i}" for i in range(4)]


def _doc(rng: random.Random, aid: str, story: int, day: dt.date, vector: np.ndarray) -> ClusterDoc:
    topic, names = _story_vocab(random.Random(story), story)
    terms = [rng.choice(topic) if rng.random() < 0.5 else f"w{_zipf(rng, VOCAB)}" for _ in range(90)]
    entities = [rng.choice(names) for _ in range(6)] + [f"name {_zipf(rng, 5000)} x" for _ in range(2)]
    return ClusterDoc(aid, tuple(terms), tuple(entities), day, (day.isoformat(),),
                      tuple(float(x) for x in vector))


def _vectors(rng: np.random.Generator, stories: int) -> tuple[np.ndarray, np.ndarray]:
    centroids = rng.standard_normal((stories, DIM)).astype(np.float32)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    return centroids, rng


def _member_vector(centroids: np.ndarray, story: int, rng: np.random.Generator) -> np.ndarray:
    noise = rng.standard_normal(DIM).astype(np.float32)
    v = centroids[story] + 0.045 * noise  # cos to the centroid ~0.67, to a story-mate ~0.45
    return v / np.linalg.norm(v)


def build(path: Path, n: int, seed: int = 7) -> tuple[Store, list[ClusterDoc], list[int], np.ndarray]:
    """A store of n synthetic clustered articles in stories of STORY_SIZE, its index file written."""
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    stories = n // STORY_SIZE
    centroids, _ = _vectors(nrng, stories)
    start = dt.date(2023, 1, 1)
    story_of = [i // STORY_SIZE for i in range(n)]
    docs = [
        _doc(rng, f"a{i:06d}", s, start + dt.timedelta(days=s * 700 // stories + rng.randint(0, 2)),
             _member_vector(centroids, s, nrng))
        for i, s in enumerate(story_of)
    ]
    df: Counter[str] = Counter(k for d in docs for k in {k for g in cluster.key_lists(d) for k in g})
    settings = ClusterSettings()
    rows = []
    for doc in docs:
        item = cluster.document_item(doc, df, n, settings)
        rows.append(ClusterRow(doc.id, doc.published.isoformat() if doc.published else None, item.vector,
                               item.lookup, (0.5, 0.45, 0.4, 0.35)))
    store = Store(path)
    with store.transaction():
        store.put_vectors({d.id: (d.id, d.vector or ()) for d in docs}, MODEL)
        store.reset_cluster_state(rows, "synthetic")
        store.update_stories([
            Story(id=f"s{s:06d}", title="t", article_ids=tuple(d.id for d in docs[s * STORY_SIZE:(s + 1) * STORY_SIZE]),
                  thread_id=f"t{s:06d}", entities=(), claims=(), facts=(), events=(), summary=())
            for s in range(stories)
        ])
        store.ann_assign([d.id for d in docs], MODEL)
    return store, docs, story_of, centroids


def place_one(store: Store, ann: index.VectorIndex, doc: ClusterDoc, settings: ClusterSettings
              ) -> tuple[float, float, frozenset[str]]:
    """Add one article as ``newsfuse.pipeline.incremental.add`` does, up to the stories' reports: ANN lookup,
    then its item and candidates, the regrouping of the stories it touches and of their threads.
    Returns (ANN ms, the rest in ms, the stored stories its story took articles from)."""
    batch = incremental.Batch(store, MODEL, replace(Settings(), cluster=settings), ann)
    with store.transaction():
        t0 = time.perf_counter()
        dense = batch.nearest(doc.vector)
        t1 = time.perf_counter()
        batch.take(doc, batch.item(doc), dense)
        results, old_story = batch.regroup()
        incremental.thread_ids(batch, results, old_story)
        t2 = time.perf_counter()
    joined = next((r.olds for r in results if doc.id in r.members), frozenset())
    return (t1 - t0) * 1000, (t2 - t1) * 1000, joined


def brute_force(items: list[cluster.Item], matrix: np.ndarray, doc: ClusterDoc, df: Counter[str], n: int,
                settings: ClusterSettings) -> tuple[float, float]:
    """(exact dense top-k over all, ms; blended similarity to all, ms)."""
    query = np.asarray(doc.vector, dtype=np.float32)
    t0 = time.perf_counter()
    scores = matrix @ query
    np.argpartition(-scores, settings.max_candidates)[: settings.max_candidates]
    t1 = time.perf_counter()
    item = cluster.document_item(doc, df, n, settings)
    sims = [cluster.similarity(item, other, settings) for other in items]
    max(sims)
    t2 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000


def main() -> int:
    global STORY_SIZE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--adds", type=int, default=50)
    parser.add_argument("--brute", type=int, default=5, help="brute-force repetitions (slow: Python over all)")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--story-size", type=int, default=STORY_SIZE, help="articles per stored story")
    args = parser.parse_args()
    STORY_SIZE = args.story_size
    folder = args.dir or Path(tempfile.mkdtemp(prefix="newsfuse-incremental-"))
    settings = ClusterSettings()
    try:
        started = time.perf_counter()
        store, docs, story_of, centroids = build(folder / "bench.sqlite", args.n)
        store_seconds = time.perf_counter() - started
        started = time.perf_counter()
        index.forget(store)
        ann = index.VectorIndex.open(store, MODEL)  # builds the index from the store and writes the file
        build_seconds = time.perf_counter() - started
        started = time.perf_counter()
        index.forget(store)
        ann = index.VectorIndex.open(store, MODEL)  # a fresh process: load the file, check it
        load_seconds = time.perf_counter() - started
        size_mb = (folder / "bench.sqlite.usearch").stat().st_size / 1e6
        print(f"store of {args.n} synthetic articles ({args.n // STORY_SIZE} stories): written in "
              f"{store_seconds:.1f} s; index built in {build_seconds:.1f} s, file {size_mb:.0f} MB, "
              f"reopened (load + key check) in {load_seconds * 1000:.0f} ms (repaired {ann.repaired})")

        rng, nrng = random.Random(99), np.random.default_rng(99)
        ann_ms, score_ms, right = [], [], 0
        new_docs = []
        for i in range(args.adds):
            story = rng.randrange(args.n // STORY_SIZE)
            day = docs[story * STORY_SIZE].published
            doc = _doc(rng, f"new{i}", story, day, _member_vector(centroids, story, nrng))
            new_docs.append((doc, story))
            a, s, joined = place_one(store, ann, doc, settings)
            ann_ms.append(a)
            score_ms.append(s)
            right += joined == {f"s{story:06d}"}
        totals = [a + s for a, s in zip(ann_ms, score_ms, strict=True)]
        print(f"incremental add (median of {args.adds}): ANN lookup {statistics.median(ann_ms):.2f} ms, "
              f"placing and regrouping {statistics.median(score_ms):.2f} ms, total {statistics.median(totals):.2f} ms "
              f"(p90 {sorted(totals)[int(0.9 * len(totals))]:.2f} ms); joined the right story {right}/{args.adds}")

        # recall of the ANN index against exact dense neighbours
        matrix = np.asarray([d.vector for d in docs], dtype=np.float32)
        recall, mates = [], []
        for doc, story in new_docs[:20]:
            q = np.asarray(doc.vector, dtype=np.float32)
            exact = {docs[j].id for j in np.argpartition(-(matrix @ q), 10)[:10]}
            found = [aid for aid, _ in ann.search(doc.vector or (), settings.max_candidates + 1)]
            recall.append(len(exact & set(found[:10])) / 10)
            members = {d.id for d in docs[story * STORY_SIZE:(story + 1) * STORY_SIZE]}
            mates.append(len(members & set(found)) / len(members))
        print(f"ANN recall@10 vs exact dense search: {statistics.mean(recall):.3f} (beyond the story-mates the "
              f"exact neighbours are near-ties of noise); story-mates among the ANN candidates: "
              f"{statistics.mean(mates):.3f}")

        df: Counter[str] = Counter(k for d in docs for k in {k for g in cluster.key_lists(d) for k in g})
        items = [cluster.stored_item(r.vector, r.lookup, docs[i].vector, docs[i].published)
                 for i, r in enumerate(store.cluster_rows([d.id for d in docs]).values())]
        dense_ms, full_ms = [], []
        for doc, _ in new_docs[: args.brute]:
            d, f = brute_force(items, matrix, doc, df, args.n + 1, settings)
            dense_ms.append(d)
            full_ms.append(f)
        print(f"brute force over all {args.n} (in memory, median of {args.brute}): exact dense scan "
              f"{statistics.median(dense_ms):.2f} ms; blended similarity to every article "
              f"{statistics.median(full_ms):.0f} ms")
        store.close()
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
