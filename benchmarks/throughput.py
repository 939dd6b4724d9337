"""Throughput and memory of the whole pipeline beside spaCy alone, on the same texts, in one run.

Texts: the articles of ../shared/eval/gvc-dev/articles.jsonl (real news pages, extracted), repeated to
reach the larger sizes (a repeat is an article of its own: its own id and outlet, a "Copy N." line
first). At each corpus size (--sizes, default 200 and 1,000 articles) it runs, each in a fresh process:

- spaCy `en_core_web_sm` alone: one process, every default component, `nlp.pipe` over the texts;
- `newsfuse ingest` of the same texts (a JSONL) into a fresh temporary store, embeddings on, with
  `--workers 1`, `--workers N` (default: the machine's cores) and `--dask local:2`; the time is the
  whole process's wall-clock time: start-up, model loads, worker start-up, storing and clustering;

and prints articles/s, the ratios the issue asks for (the cores >= 1.0x spaCy alone, measured on spaCy's
`nlp.pipe` time without its model load; 2 workers >= 1.5x 1 worker; dask within 15 % of 2 workers),
whether every configuration stored the same stories (a digest of `newsfuse export`), and the peak RSS
of the whole process tree (the process and every descendant: workers, Dask's nannies and workers),
sampled every 0.1 s, and how it changes from the smaller size to the larger.

    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py --sizes 200,1000

It runs every configuration once per size: on a shared machine, say how busy it was beside the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "gvc-dev" / "articles.jsonl"
CLI = "import sys; from newsfuse.cli import main; sys.argv[0] = 'newsfuse'; main()"
SPACY_ALONE = """
import json, sys, time
from newsfuse.config import NlpSettings
from newsfuse.model import load_model
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
settings = NlpSettings()
nlp = load_model(settings.model)
start = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=settings.batch_size):
    pass
print(time.perf_counter() - start)
"""


def write_corpus(data: Path, size: int, path: Path) -> Path:
    """``size`` articles of ``data`` as a JSONL, repeated (as articles of their own) when it has fewer."""
    records = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(size):
            record = dict(records[i % len(records)])
            copy = i // len(records)
            if copy:
                record.update(id=f"{record['id']}-{copy}", source=f"{record['source']}-{copy}",
                              text=f"Copy {copy}.\n\n{record['text']}", url=None)
            handle.write(json.dumps(record) + "\n")
    return path


@dataclass(frozen=True)
class Run:
    seconds: float  # wall-clock time of the whole process
    peak_mb: float  # peak RSS of the process tree
    stdout: str
    largest_mb: float = 0.0  # peak RSS of its largest process


def run_measured(argv: list[str]) -> Run:
    """Run ``argv``; its wall-clock time and the peak of the summed RSS of it and all its descendants."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    peak = largest = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, largest
        root = psutil.Process(proc.pid)
        while not done.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        rss = p.memory_info().rss
                        total += rss
                        largest = max(largest, rss)
            except psutil.Error:
                pass
            peak = max(peak, total)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])}... failed ({proc.returncode}):\n{err[-3000:]}")
    return Run(seconds, peak / 2**20, out, largest / 2**20)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    return env


def newsfuse(*args: str) -> list[str]:
    return [sys.executable, "-c", CLI, *args]


def store_digest(db: Path) -> str:
    out = subprocess.run(newsfuse("export", "--db", str(db), "--format", "json"), capture_output=True, text=True,
                         check=True, env=_env())
    return hashlib.sha1(out.stdout.encode()).hexdigest()[:12]


def measure(size: int, corpus: Path, tmp: Path, workers: int, dask: bool) -> dict[str, tuple[Run, str]]:
    runs: dict[str, tuple[Run, str]] = {}
    spacy = run_measured([sys.executable, "-c", SPACY_ALONE, str(corpus)])
    runs["spaCy-sm alone"] = (spacy, "")
    configs = {"1 worker": ["--workers", "1"], f"{workers} workers": ["--workers", str(workers)]}
    if workers != 2:
        configs["2 workers"] = ["--workers", "2"]
    if dask:
        configs["dask local:2"] = ["--workers", "1", "--dask", "local:2"]
    for name, extra in configs.items():
        db = tmp / f"{size}-{name.replace(' ', '-').replace(':', '')}.sqlite"
        run = run_measured(newsfuse("ingest", str(corpus), "--db", str(db), *extra))
        runs[name] = (run, store_digest(db))
    return runs


def report(size: int, runs: dict[str, tuple[Run, str]], workers: int) -> None:
    spacy, _ = runs["spaCy-sm alone"]
    pipe_s = float(spacy.stdout.strip().splitlines()[-1])
    print(f"\n{size} articles")
    print(f"  {'spaCy-sm alone, nlp.pipe':<26}: {pipe_s:7.1f} s  {size / pipe_s:6.2f} articles/s  "
          f"(whole process {spacy.seconds:.1f} s, {size / spacy.seconds:.2f} articles/s)  "
          f"peak RSS {spacy.peak_mb:6,.0f} MB")
    rate = {}
    for name, (run, digest) in runs.items():
        if name == "spaCy-sm alone":
            continue
        rate[name] = size / run.seconds
        print(f"  {'newsfuse, ' + name:<26}: {run.seconds:7.1f} s  {rate[name]:6.2f} articles/s  "
              f"peak RSS {run.peak_mb:6,.0f} MB (process tree; largest process {run.largest_mb:,.0f})  "
              f"store {digest}")
    print(f"  ratio {workers} workers / spaCy alone (nlp.pipe): {rate[f'{workers} workers'] * pipe_s / size:.2f}"
          "  (target >= 1.0)")
    print(f"  ratio 2 workers / 1 worker: {rate['2 workers'] / rate['1 worker']:.2f}  (target >= 1.5)")
    if "dask local:2" in rate:
        print(f"  ratio dask local:2 / 2 workers: {rate['dask local:2'] / rate['2 workers']:.2f}  (target >= 0.85)")
    digests = {digest for name, (_, digest) in runs.items() if name != "spaCy-sm alone"}
    print(f"  same stories in every configuration: {len(digests) == 1}")


def main() -> None:
    from newsfuse.config import default_workers

    workers = ARGS.workers or default_workers()
    sizes = sorted(int(s) for s in ARGS.sizes.split(","))
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores, {workers} workers for 'N workers'; load average at start "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    measured = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            corpus = write_corpus(ARGS.data, size, Path(tmp) / f"articles-{size}.jsonl")
            chars = sum(len(json.loads(line)["text"]) for line in corpus.open(encoding="utf-8"))
            print(f"corpus of {size} articles: {chars:,} characters", flush=True)
            measured[size] = measure(size, corpus, Path(tmp), workers, not ARGS.no_dask)
            report(size, measured[size], workers)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\npeak RSS (process tree), {small} -> {large} articles:")
        for name in measured[small]:
            a, b = measured[small][name][0].peak_mb, measured[large][name][0].peak_mb
            print(f"  {name:<26}: {a:6,.0f} MB -> {b:6,.0f} MB  ({b - a:+,.0f} MB)")
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="200,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--workers", type=int, default=0, help="N for 'N workers' (default: the cores)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    ARGS = parser.parse_args()
    main()
