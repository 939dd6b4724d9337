"""Article-body extraction quality on the article-extraction-benchmark pages.

The data (Scrapinghub's article-extraction-benchmark: gzipped HTML pages in ``html/``, gold bodies
in ``ground-truth.json`` keyed by file hash, field ``articleBody``) is scored the usual way for
that benchmark: bag-of-tokens overlap between the extracted and the gold body (multisets of
lower-cased word tokens; ``--ngram 4`` scores 4-token shingles instead, as the original
benchmark's stricter variant does). Per-page precision/recall/F1 are averaged over all pages; a
page where the extractor raises or returns nothing scores 0 and counts as a failure.

Three runs are printed side by side:
  * ``trafilatura.extract`` with its defaults (the baseline),
  * ``extract_html`` (our settings and fallback),
  * ``extract_html`` then ``clean_text`` (what the pipeline keeps),
and, for the last, how many cut lines were actually part of the gold body (wrong cuts).

    .venv/bin/python benchmarks/extraction.py [--data DIR] [--ngram 1] [--limit N] [--settings]

``--settings`` also scores a few trafilatura setting variants (how the defaults were chosen).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT / "src") not in sys.path:  # runnable without an installed package
    sys.path.insert(0, str(_ROOT / "src"))

DEFAULT_DATA = _ROOT / ".." / "shared" / "eval" / "article-extraction"
_TOKEN = re.compile(r"\w+", re.UNICODE)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class Score:
    """Token-overlap precision, recall and F1 of one prediction against one gold text."""

    precision: float
    recall: float
    f1: float


def tokens(text: str, ngram: int = 1) -> Counter[tuple[str, ...]]:
    """The multiset of lower-cased word tokens (or of ``ngram``-token shingles) of a text."""
    words = _TOKEN.findall(text.lower())
    if ngram <= 1:
        return Counter((w,) for w in words)
    if len(words) < ngram:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + ngram]) for i in range(len(words) - ngram + 1))


def score(gold: str, predicted: str, ngram: int = 1) -> Score:
    """Bag-of-tokens precision/recall/F1: overlap is the multiset intersection.

    Both empty is a perfect 1.0; an empty prediction for a non-empty gold (or the reverse) is 0.0.
    """
    gold_bag, pred_bag = tokens(gold, ngram), tokens(predicted, ngram)
    gold_n, pred_n = sum(gold_bag.values()), sum(pred_bag.values())
    if gold_n == 0 and pred_n == 0:
        return Score(1.0, 1.0, 1.0)
    if gold_n == 0 or pred_n == 0:
        return Score(0.0, 0.0, 0.0)
    overlap = sum((gold_bag & pred_bag).values())
    precision, recall = overlap / pred_n, overlap / gold_n
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return Score(precision, recall, f1)


@dataclass(frozen=True, slots=True)
class RunSummary:
    """Mean scores of one extractor over all pages."""

    name: str
    pages: int
    precision: float
    recall: float
    f1: float
    failures: int
    seconds: float


def summarize(name: str, scores: Sequence[Score], failures: int, seconds: float) -> RunSummary:
    """Per-page means (failures included as zeros)."""
    n = len(scores) or 1
    return RunSummary(
        name=name, pages=len(scores),
        precision=sum(s.precision for s in scores) / n,
        recall=sum(s.recall for s in scores) / n,
        f1=sum(s.f1 for s in scores) / n,
        failures=failures, seconds=seconds,
    )


# --------------------------------------------------------------------------- data and runs


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    html: bytes
    gold: str
    url: str | None


def load_pages(data: Path, limit: int | None = None) -> list[Page]:
    """The benchmark pages that have a gold body, in key order."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = data / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        pages.append(Page(key, gzip.decompress(path.read_bytes()), truth[key].get("articleBody") or "",
                          truth[key].get("url")))
        if limit and len(pages) >= limit:
            break
    return pages


Extractor = Callable[[Page], str]


def run(name: str, pages: Iterable[Page], extractor: Extractor, ngram: int) -> tuple[RunSummary, list[str]]:
    """Score one extractor on every page; returns the summary and the texts (empty on failure)."""
    scores, texts, failures = [], [], 0
    start = time.perf_counter()
    for page in pages:
        try:
            text = extractor(page) or ""
        except Exception:  # noqa: BLE001 - a failing page is a scored failure, not a crash
            text = ""
        if not text.strip():
            failures += 1
        texts.append(text)
        scores.append(score(page.gold, text, ngram))
    return summarize(name, scores, failures, time.perf_counter() - start), texts


def trafilatura_defaults(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url) or ""


def ours(settings: object | None = None) -> Extractor:
    from newsfuse.ingest.html import DEFAULT_SETTINGS, extract_html

    chosen = settings or DEFAULT_SETTINGS

    def extract(page: Page) -> str:
        return extract_html(page.html, url=page.url, settings=chosen).text  # type: ignore[arg-type]

    return extract


def ours_cleaned(page: Page) -> str:
    from newsfuse.clean import clean_text
    from newsfuse.ingest.html import extract_html

    extracted = extract_html(page.html, url=page.url)
    return clean_text(extracted.text, extracted.title).text


def wrong_cuts(pages: Sequence[Page]) -> tuple[int, int, list[str]]:
    """Lines that cleaning cut, and how many of them are in the gold body (examples of those)."""
    from newsfuse.clean import clean_text
    from newsfuse.ingest.html import extract_html

    total, wrong, examples = 0, 0, []
    for page in pages:
        try:
            extracted = extract_html(page.html, url=page.url)
        except ValueError:
            continue
        gold = re.sub(r"\s+", " ", page.gold)
        for cut in clean_text(extracted.text, extracted.title).removed:
            total += 1
            if len(cut.split()) >= 3 and re.sub(r"\s+", " ", cut) in gold:
                wrong += 1
                examples.append(cut)
    return total, wrong, examples


def _print_table(rows: Sequence[RunSummary], ngram: int) -> None:
    unit = "tokens" if ngram <= 1 else f"{ngram}-token shingles"
    print(f"bag-of-{unit} overlap, per-page means over {rows[0].pages if rows else 0} pages")
    print(f"{'run':<44} {'precision':>9} {'recall':>7} {'F1':>7} {'failures':>8} {'seconds':>8}")
    for r in rows:
        print(f"{r.name:<44} {r.precision:>9.4f} {r.recall:>7.4f} {r.f1:>7.4f} {r.failures:>8d} {r.seconds:>8.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="article-extraction benchmark directory")
    parser.add_argument("--ngram", type=int, default=1, help="score n-token shingles instead of single tokens")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--settings", action="store_true", help="also score trafilatura setting variants")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
        return 2
    pages = load_pages(args.data, args.limit)
    rows = [run("trafilatura.extract (defaults)", pages, trafilatura_defaults, args.ngram)[0],
            run("extract_html", pages, ours(), args.ngram)[0],
            run("extract_html + clean_text", pages, ours_cleaned, args.ngram)[0]]
    if args.settings:
        from newsfuse.ingest.html import HtmlSettings

        variants = {
            "  balanced (no favor_precision)": HtmlSettings(favor_precision=False),
            "  favor_recall": HtmlSettings(favor_precision=False, favor_recall=True),
            "  no tables": HtmlSettings(include_tables=False),
            "  no balanced rescue": HtmlSettings(rescue_below_chars=0),
            "  no baseline fallback": HtmlSettings(use_fallback=False),
        }
        rows += [run(f"extract_html{name}", pages, ours(s), args.ngram)[0] for name, s in variants.items()]
    _print_table(rows, args.ngram)
    total, wrong, examples = wrong_cuts(pages)
    print(f"clean_text cut {total} lines/fragments; {wrong} of them (3+ words) are in the gold body")
    for example in examples[:10]:
        print(f"  wrong cut: {example[:100]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
