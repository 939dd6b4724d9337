"""Stories vs incidents on real local news (gvc-dev), the clustering alone: a rebuild, or the incremental path.

The quick loop for story grouping, beside ``benchmarks/realnews.py`` (which runs the whole report):
the articles go through the product's own stages (``pipeline.prepare``, ``parse``, ``embeddings``)
with a store that caches parses and embeddings (``--db``), then only the clustering of a full build
runs (near-copies join the story of the article they copy), and the stories are scored against the
gold incidents with realnews.py's own scorer (B-cubed for ALL / A / B and the same-city incidents,
mixed stories and split incidents; ``--errors N`` lists them), and the threads scored against the
incidents the same way (each thread as one cluster).

    .venv/bin/python benchmarks/realstories.py --db /tmp/me-gvc.sqlite [--half A|B] [--errors N]
        [--set max_days=7 ...] [--batches N [--seed S]]

``--batches N`` measures the incremental path instead: the articles, shuffled (``--seed``), go through
a fresh store in N batches as ``newsfuse ingest`` adds them (the first batch a full build, every later
one ``pipeline.incremental.add``); the stored stories are scored, then ``rebuild`` of that store beside
them. Data: ``../shared/eval/gvc-dev`` (evaluation only, read by path, never copied).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import realnews  # noqa: E402  (the scorer lives beside this script)
from newsfuse.cluster import ClusterSettings, cluster  # noqa: E402
from newsfuse.config import Settings  # noqa: E402
from newsfuse.ingest import load_inputs  # noqa: E402
from newsfuse.nlp import PARSE_VERSION  # noqa: E402
from newsfuse.pipeline import add, embeddings, parse, prepare, rebuild  # noqa: E402
from newsfuse.pipeline.steps import cluster_doc, embed_model  # noqa: E402
from newsfuse.store import Store  # noqa: E402
from newsfuse.types import Article, ParsedArticle, Story  # noqa: E402


def settings_with(pairs: Sequence[str]) -> Settings:
    """The product's settings, as the environment changes them for the CLI (``NEWSFUSE_EMBED=0``: no dense
    embeddings), with ClusterSettings overrides 'name=value' (for exploring)."""
    cluster_settings = ClusterSettings()
    for pair in pairs:
        name, value = pair.split("=", 1)
        kind = type(getattr(cluster_settings, name))
        cluster_settings = replace(cluster_settings, **{name: kind(value)})
    return replace(Settings.from_env(), cluster=cluster_settings)


def corpus(data: Path, db: Path, settings: Settings) -> tuple[list[Article], dict[str, ParsedArticle],
                                                             dict[str, tuple[float, ...]]]:
    """The articles as ``newsfuse analyze`` takes them, their parses and embeddings (cached in ``db``)."""
    ingested = load_inputs([data / "articles.jsonl"], settings.ingest)
    articles, _ = prepare(ingested.articles, settings, ingested.origins)
    with Store(db) as store:
        parsed = {p.article.id: p for p in parse(articles, settings, store)}
        vectors = embeddings([a for a in articles if a.duplicate_of is None], store, settings.embed)
    return articles, parsed, vectors


def built_stories(articles: Sequence[Article], parsed: Mapping[str, ParsedArticle],
                  vectors: Mapping[str, tuple[float, ...]], settings: Settings) -> list[tuple[tuple[str, ...], int]]:
    """The stories of a full build (article ids, thread number), near-copies in the story of the
    article they copy."""
    originals = [a for a in articles if a.duplicate_of is None]
    groups = cluster([cluster_doc(parsed[a.id], vectors.get(a.id)) for a in originals], settings.cluster)
    story_of = {aid: i for i, g in enumerate(groups) for aid in g.article_ids}
    members: dict[int, list[str]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[i].extend(g.article_ids)
    for a in articles:
        if a.duplicate_of is not None and a.duplicate_of in story_of:
            members[story_of[a.duplicate_of]].append(a.id)
    return [(tuple(sorted(ids)), groups[i].thread) for i, ids in members.items()]


def incremental_stories(articles: Sequence[Article], parsed: Mapping[str, ParsedArticle],
                        vectors: Mapping[str, tuple[float, ...]], settings: Settings, batches: int,
                        seed: int) -> tuple[list[Story], list[Story], float, float]:
    """The stored stories after adding the articles in ``batches`` shuffled batches, then after a
    rebuild of that store; and the seconds each took."""
    model = embed_model(settings.embed)
    order = list(articles)
    random.Random(seed).shuffle(order)
    size = -(-len(order) // batches)
    work = Path(tempfile.mkdtemp(prefix="newsfuse-realstories-"))
    try:
        with Store(work / "store.sqlite") as store:
            started = time.perf_counter()
            for b in range(0, len(order), size):
                batch = order[b : b + size]
                store.save_parsed(batch, [parsed[a.id] for a in batch], PARSE_VERSION)
                if model is not None:
                    store.put_vectors({a.id: ("\n".join(x for x in (a.title, a.text) if x), vectors[a.id])
                                       for a in batch if a.id in vectors}, model)
                add(batch, store, settings)
            added = time.perf_counter() - started
            incremental = store.stories()
            started = time.perf_counter()
            rebuilt = list(rebuild(store, settings).stories)
            rebuilt_seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return incremental, rebuilt, added, rebuilt_seconds


def as_report(articles: Sequence[Article], stories: Sequence[tuple[Sequence[str], Hashable]],
              titles: Mapping[str, str]) -> dict[str, Any]:
    """The fields of a report that realnews.py's story scorer reads (and each story's thread)."""
    return {
        "articles": [{"id": a.id, "url": a.url, "published": a.published} for a in articles],
        "stories": [{"id": f"s{i}:{ids[0]}", "article_ids": list(ids), "title": titles.get(ids[0], ""),
                     "thread": thread} for i, (ids, thread) in enumerate(sorted(stories, key=lambda st: st[0]))],
    }


def as_threads(report: Mapping[str, Any]) -> dict[str, Any]:
    """The report with each thread as one story: threads are scored against the incidents the same way."""
    threads: dict[Hashable, list[str]] = defaultdict(list)
    for story in report["stories"]:
        threads[story["thread"]].extend(story["article_ids"])
    return {"articles": report["articles"],
            "stories": [{"id": f"t{i}", "article_ids": sorted(ids), "title": ""}
                        for i, ids in enumerate(sorted(threads.values()))]}


def score(name: str, report: Mapping[str, Any], gold: Any, data: Path, halves: Sequence[str]) -> realnews.Index:
    """Print the B-cubed rows of one clustering."""
    index = realnews.build_index(report, gold, realnews.jsonl_url_ids(data / "articles.jsonl"))
    cs = {h: realnews.cluster_scores(gold, index, h) for h in halves}
    print(f"== {name}: {len(report['stories'])} stories")
    realnews._row("", list(halves))
    realnews._row("all incidents", [realnews.prf(cs[h].all) for h in halves])
    realnews._row("same-city incidents", [realnews.prf(cs[h].same_city) for h in halves])
    realnews._row("mixed stories / split incidents",
                  [f"{len(realnews.mixed_stories(report, index, h))} / "
                   f"{len(realnews.split_incidents(gold, index, h))}" for h in halves])
    threads = as_threads(report)
    thread_index = realnews.build_index(threads, gold, realnews.jsonl_url_ids(data / "articles.jsonl"))
    ts = {h: realnews.cluster_scores(gold, thread_index, h) for h in halves}
    realnews._row(f"threads vs incidents ({len(threads['stories'])})", [realnews.prf(ts[h].all) for h in halves])
    return index


def print_errors(report: Mapping[str, Any], gold: Any, index: realnews.Index, half: str, n: int) -> None:
    """The worst mixed stories and split incidents."""
    print(f"--- mixed stories ({half}):")
    for sid, title, counts in realnews.mixed_stories(report, index, half)[:n]:
        print(f"  {sid} {title[:70]!r}")
        for inc, k in counts.most_common():
            print(f"      {k} x {realnews._incident_line(gold, inc)}")
    print(f"--- split incidents ({half}):")
    for inc, counts in realnews.split_incidents(gold, index, half)[:n]:
        parts = ", ".join(f"{k} in {s if isinstance(s, str) else 'no story'}" for s, k in counts.most_common())
        print(f"  {realnews._incident_line(gold, inc)}: {len(counts)} stories ({parts})")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=realnews.DEFAULT_DATA)
    ap.add_argument("--db", type=Path, required=True, help="store caching parses and embeddings")
    ap.add_argument("--half", choices=("A", "B"), help="print only this half")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list the N worst mixed and split")
    ap.add_argument("--set", nargs="*", default=[], help="ClusterSettings overrides name=value")
    ap.add_argument("--batches", type=int, default=0, help="through the store in this many incremental batches")
    ap.add_argument("--seed", type=int, default=0, help="shuffle seed of the articles for --batches")
    args = ap.parse_args(argv)
    gold = realnews.json.loads((args.data / "gold.json").read_text(encoding="utf-8"))
    settings = settings_with(args.set)
    articles, parsed, vectors = corpus(args.data, args.db, settings)
    titles = {a.id: a.title or "" for a in articles}
    halves = (args.half,) if args.half else realnews.HALVES
    if args.batches > 0:
        incremental, rebuilt, added, rebuilt_seconds = incremental_stories(
            articles, parsed, vectors, settings, args.batches, args.seed)
        print(f"{len(articles)} articles in {args.batches} batches (seed {args.seed}): "
              f"adds {added:.1f} s, rebuild {rebuilt_seconds:.1f} s")
        for name, stories in (("incremental", incremental), ("rebuild", rebuilt)):
            report = as_report(articles, [(s.article_ids, s.thread_id) for s in stories], titles)
            index = score(name, report, gold, args.data, halves)
            if args.errors:
                print_errors(report, gold, index, halves[0], args.errors)
        return 0
    started = time.perf_counter()
    report = as_report(articles, built_stories(articles, parsed, vectors, settings), titles)
    print(f"clustering {len(articles)} articles: {time.perf_counter() - started:.1f} s")
    index = score("rebuild", report, gold, args.data, halves)
    if args.errors:
        print_errors(report, gold, index, halves[0], args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
