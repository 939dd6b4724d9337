"""Throughput of the whole pipeline beside spaCy alone, on the same texts, in one run.

Texts: the article bodies of ../shared/eval/article-extraction (extracted and cleaned by newsfuse),
repeated to reach --articles. Prints articles/s and characters/s of

- spaCy `en_core_web_sm` alone (`nlp.pipe`, same batch size, every component), and
- `newsfuse.pipeline.analyze` on a JSONL of the same texts (no store),

and their ratio (the target is at least 0.6), plus peak memory for half and all of the corpus.

    .venv/bin/python benchmarks/throughput.py --articles 300
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
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


def time_spacy(texts: list[str]) -> float:
    from newsfuse.config import NlpSettings
    from newsfuse.model import load_model

    settings = NlpSettings()
    nlp = load_model(settings.model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    return time.perf_counter() - start


def time_pipeline(texts: list[str], workdir: Path) -> float:
    from newsfuse.config import Settings
    from newsfuse.pipeline import analyze

    path = workdir / "articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            # a distinct id and outlet per copy, so repeated texts are analysed as articles of their own
            handle.write(json.dumps({"id": f"a{i}", "source": f"outlet-{i}", "text": f"Copy {i}.\n\n{text}"}) + "\n")
    start = time.perf_counter()
    analyze([path], Settings())
    return time.perf_counter() - start


def peak_rss_mb(n: int) -> float:
    """Peak memory of a fresh process analysing n articles."""
    code = (
        f"import sys, resource, tempfile, pathlib; sys.path.insert(0, {str(Path(__file__).parent)!r});"
        f"import throughput as t; texts = t.load_texts(pathlib.Path({str(ARGS.data)!r}), {n:d});"
        "t.time_pipeline(texts, pathlib.Path(tempfile.mkdtemp()));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    texts = load_texts(ARGS.data, ARGS.articles)
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars:,} characters")
    from newsfuse.config import NlpSettings
    from newsfuse.model import load_model
    from newsfuse.nlp import pipeline

    load_model()  # the models are loaded once outside the timings: spaCy's own, and newsfuse's copy of it
    pipeline(NlpSettings().model)  # with newsfuse's component added (its own instance)
    spacy_s = time_spacy(texts)
    with tempfile.TemporaryDirectory() as tmp:
        pipe_s = time_pipeline(texts, Path(tmp))
    print(f"spaCy alone       : {spacy_s:7.1f} s  {len(texts) / spacy_s:6.1f} articles/s  "
          f"{chars / spacy_s:9,.0f} chars/s")
    print(f"newsfuse pipeline : {pipe_s:7.1f} s  {len(texts) / pipe_s:6.1f} articles/s  {chars / pipe_s:9,.0f} chars/s")
    print(f"ratio (pipeline / spaCy throughput): {spacy_s / pipe_s:.2f}  (target >= 0.60)")
    if ARGS.memory:
        half, full = peak_rss_mb(len(texts) // 2), peak_rss_mb(len(texts))
        print(f"peak RSS: {half:.0f} MB for {len(texts) // 2} articles, {full:.0f} MB for {len(texts)} articles")
    print(f"(this process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--memory", action="store_true", help="also measure peak memory at two corpus sizes")
    ARGS = parser.parse_args()
    main()
