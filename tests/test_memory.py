"""A run's memory does not grow with its inputs (issue 20: 12).

Inputs are read, cleaned, parsed and stored in batches of bounded size (``IngestSettings.batch_chars``,
``batch_articles``), the next batch read only once the last is stored: spaCy, which needs about 3 KB
per character it holds, never holds more than one batch. Batches change no result: near-copies are
marked over the whole run. The articles are written for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.config import EmbedSettings, IngestSettings, NlpSettings, Settings
from newsfuse.ingest import read_batches
from newsfuse.nlp import parallel
from newsfuse.pipeline import analyze, ingest
from newsfuse.report import to_json
from newsfuse.store import Store
from newsfuse.types import Article, ParsedArticle

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"
SENTENCES = (
    "The Ashford town council voted on Tuesday to rebuild the flood wall along the River Tane.",
    "Council leader Maria Okonjo said the work would cost 4.2 million pounds and take two years.",
    "Residents of Mill Street, where water reached the first floor in March, welcomed the vote.",
    "The Environment Agency said the old wall had been breached in three places during the storm.",
    "Shopkeepers asked for help with repairs, and the council promised a fund of 300,000 pounds.",
)


def _article_file(folder: Path, number: int, sentences: int) -> Path:
    text = " ".join(SENTENCES[(number + i) % len(SENTENCES)] for i in range(sentences))
    path = folder / f"ashford-{number:02d}.txt"
    path.write_text(f"Ashford flood wall report {number}\n\n{text}\n", encoding="utf-8")
    return path


def _batched(budget: int) -> Settings:
    return Settings(ingest=IngestSettings(batch_chars=budget), embed=EmbedSettings(enabled=False))


def test_inputs_are_read_only_when_the_batch_before_is_done(tmp_path: Path) -> None:
    files = [_article_file(tmp_path, n, 3) for n in range(6)]
    size = len(files[0].read_text(encoding="utf-8"))
    batches = read_batches([tmp_path], IngestSettings(batch_chars=2 * size))
    first = next(batches)
    assert len(first.articles) == 2
    files[-1].unlink()  # not read yet: its loss is found when its batch is read
    rest = list(batches)
    assert sum(len(b.articles) for b in rest) == 3
    assert [r.reason for b in rest for r in b.rejected] == ["cannot read file: No such file or directory"]


def test_spacy_never_holds_more_than_one_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(8):
        _article_file(tmp_path, n, 4 + n % 3)
    real = parallel.parse_articles
    calls: list[int] = []

    def counted(articles: Iterable[Article], settings: NlpSettings = NlpSettings()) -> Iterator[ParsedArticle]:
        todo = list(articles)
        calls.append(sum(len(a.text) for a in todo))
        return real(todo, settings)

    monkeypatch.setattr(parallel, "parse_articles", counted)  # what the per-article work calls
    report = analyze([tmp_path], _batched(1200))
    assert len(report.articles) == 8
    assert len(calls) >= 4 and max(calls) <= 1200
    with Store(tmp_path / "news.sqlite") as store:
        calls.clear()
        added, _, _ = ingest([tmp_path], store, _batched(1200))
        assert added == 8 and len(calls) >= 4 and max(calls) <= 1200


@pytest.mark.slow
def test_batches_change_no_result(tmp_path: Path) -> None:
    """The demo corpus (with its syndicated copies) in batches of a few articles, analysed and ingested,
    gives the report and stories of one batch."""
    settings = Settings(embed=EmbedSettings(enabled=False))
    small = replace(settings, ingest=IngestSettings(batch_chars=3000))
    assert len(list(read_batches([DEMO], small.ingest))) >= 8
    assert to_json(analyze([DEMO], small)) == to_json(analyze([DEMO], settings))
    with Store(tmp_path / "one.sqlite") as one, Store(tmp_path / "many.sqlite") as many:
        ingest([DEMO], one, settings)
        ingest([DEMO], many, small)
        assert [a.duplicate_of for a in many.articles()] == [a.duplicate_of for a in one.articles()]
        assert any(a.duplicate_of for a in one.articles())
        assert many.stories() == one.stories()


_PEAK = """
import resource, sys
from newsfuse.cli import main
status = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    status = exc.code
print("peak", status, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _peak_kib(*args: str) -> int:
    """Peak resident memory (KiB, Linux) of a successful `newsfuse ARGS` in a process of its own."""
    done = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, timeout=600,
                          env={"NEWSFUSE_EMBED": "0", "PATH": "", "PYTHONPATH": ":".join(sys.path)})
    lines = [line.split() for line in done.stderr.splitlines() if line.startswith("peak ")]
    assert lines and lines[-1][1] in {"0", "None"}, done.stderr[-2000:]
    return int(lines[-1][2])


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_inputs(tmp_path: Path) -> None:
    """Four long articles take about the memory of one (spaCy holds one at a time), not four times
    the working memory of one (measured before: +262 MB for 4 articles of 31,000 characters, after: +48 MB)."""
    if sys.platform != "linux":
        pytest.skip("ru_maxrss is in KiB on Linux only")
    one, four = tmp_path / "one", tmp_path / "four"
    one.mkdir()
    four.mkdir()
    text = " ".join(SENTENCES[i % len(SENTENCES)] for i in range(340))  # ~30,000 characters
    for n in range(4):
        record = {"id": f"long-{n}", "source": f"Outlet {n}", "title": f"Ashford report {n}", "text": text,
                  "published": "2024-03-0" + str(n + 1)}
        (four / f"{n}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (one / "0.jsonl").write_text((four / "0.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    base = _peak_kib("analyze", str(one), "--no-db", "--batch-chars", "30000")
    many = _peak_kib("analyze", str(four), "--no-db", "--batch-chars", "30000")
    assert many - base < 120_000, (base, many)
