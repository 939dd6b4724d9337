"""Throughput of the whole pipeline beside spaCy alone, on the same texts, in one run.

Texts: the article bodies of ../shared/eval/article-extraction (extracted and cleaned by newsfuse),
repeated to reach --articles (each copy an article of its own). Prints articles/s of

- spaCy `en_core_web_sm` alone: one process, `nlp.pipe`, every component, the model loaded beforehand;
- `newsfuse.pipeline.analyze` on a JSONL of the same texts (no store, embeddings on) with 1 worker,
  with --workers N (default: the machine's cores) and on a Dask LocalCluster of 2 processes
  (``--dask local:2``): wall-clock time of the whole run, worker start-up and model loads included;

the ratios (targets: the cores >= 1.0x spaCy alone; 2 workers >= 1.5x 1 worker; dask within 15 % of
2 workers), whether every configuration gave the same report, and the peak memory of a fresh
process (and of its largest worker) analysing half and all of the corpus with the default workers.

    .venv/bin/python benchmarks/throughput.py --articles 300
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "article-extraction"


def load_texts(data: Path, limit: int) -> list[str]:
    from newsfuse.clean import clean_text
    from newsfuse.ingest.html import extract_html

    texts = []
    for path in sorted((data / "html").glob("*.html.gz")):
        try:
            page = extract_html(gzip.decompress(path.read_bytes()))
        except ValueError:
            continue
        text = clean_text(page.text, page.title).text
        if len(text) > 500:
            texts.append(text)
    out = []
    while len(out) < limit:
        out.extend(texts[: limit - len(out)])
    return out


def write_jsonl(texts: list[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            # a distinct id and outlet per copy, so repeated texts are analysed as articles of their own
            handle.write(json.dumps({"id": f"a{i}", "source": f"outlet-{i}", "text": f"Copy {i}.\n\n{text}"}) + "\n")
    return path


def time_spacy(texts: list[str]) -> float:
    from newsfuse.config import NlpSettings
    from newsfuse.model import load_model

    settings = NlpSettings()
    nlp = load_model(settings.model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    return time.perf_counter() - start


def time_pipeline(path: Path, workers: int, dask: str | None = None) -> tuple[float, str]:
    """Seconds of one whole analysis, and a digest of its report (to check every run gives the same)."""
    from newsfuse import embed
    from newsfuse.config import Settings
    from newsfuse.pipeline import analyze
    from newsfuse.report import to_json

    embed.forget_memo()  # every run embeds its articles itself
    settings = Settings()
    settings = replace(settings, nlp=replace(settings.nlp, workers=workers, dask=dask))
    start = time.perf_counter()
    report = analyze([path], settings)
    seconds = time.perf_counter() - start
    return seconds, hashlib.sha1(to_json(report).encode()).hexdigest()[:12]


def peak_rss_mb(path: Path, workers: int) -> tuple[float, float]:
    """Peak memory (MB) of a fresh process analysing the JSONL at ``path``, and of its largest child."""
    code = (
        "import resource, sys; from pathlib import Path; from dataclasses import replace;"
        "from newsfuse.config import Settings; from newsfuse.pipeline import analyze;"
        f"s = Settings(); s = replace(s, nlp=replace(s.nlp, workers={workers}));"
        f"analyze([Path({str(path)!r})], s);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    own, child = out.stdout.strip().splitlines()[-1].split()
    return float(own), float(child)


def main() -> None:
    from newsfuse.config import NlpSettings, default_workers
    from newsfuse.model import load_model
    from newsfuse.nlp import pipeline

    workers = ARGS.workers or default_workers()
    texts = load_texts(ARGS.data, ARGS.articles)
    print(f"{len(texts)} articles, {sum(map(len, texts)):,} characters; {workers} workers")
    load_model()  # spaCy alone is timed without its model load
    pipeline(NlpSettings().model)  # ... and so is the one-process pipeline (its own model instance)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_jsonl(texts, Path(tmp) / "articles.jsonl")
        runs: dict[str, tuple[float, str]] = {}
        time_pipeline(write_jsonl(texts[:3], Path(tmp) / "warm.jsonl"), 1)  # gazetteer, lexicons, sentence model
        spacy_s = time_spacy(texts)
        runs["1 worker"] = time_pipeline(path, 1)
        runs[f"{workers} workers"] = time_pipeline(path, workers)
        if workers != 2:
            runs["2 workers"] = time_pipeline(path, 2)
        if not ARGS.no_dask:
            runs["dask local:2"] = time_pipeline(path, 1, "local:2")
        n = len(texts)
        print(f"spaCy alone (one process)   : {spacy_s:7.1f} s  {n / spacy_s:6.2f} articles/s")
        for name, (seconds, digest) in runs.items():
            print(f"newsfuse, {name:<18}: {seconds:7.1f} s  {n / seconds:6.2f} articles/s  report {digest}")
        rate = {name: n / s for name, (s, _) in runs.items()}
        print(f"ratio newsfuse with {workers} workers / spaCy alone: {rate[f'{workers} workers'] * spacy_s / n:.2f}"
              "  (target >= 1.0)")
        print(f"ratio 2 workers / 1 worker: {rate['2 workers'] / rate['1 worker']:.2f}  (target >= 1.5)")
        if "dask local:2" in rate:
            print(f"ratio dask local:2 / 2 workers: {rate['dask local:2'] / rate['2 workers']:.2f}  (target >= 0.85)")
        print(f"same report in every configuration: {len({d for _, d in runs.values()}) == 1}")
        for size in (n // 2, n):
            part = write_jsonl(texts[:size], Path(tmp) / f"part{size}.jsonl")
            own, child = peak_rss_mb(part, workers)
            print(f"peak RSS analysing {size} articles with {workers} workers: {own:,.0f} MB "
                  f"(largest worker {child:,.0f} MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=0, help="N for 'N workers' (default: the cores)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    ARGS = parser.parse_args()
    main()
