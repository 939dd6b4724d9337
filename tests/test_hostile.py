"""Hostile input never crashes a run: each bad input is rejected with a specific reason, good ones go on.

Includes property-based tests (hypothesis) of the JSONL parser and of the cleaning, and a generated
fuzz corpus (tests/fuzzgen.py) run through `newsfuse analyze DIR --no-db`.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.clean import clean_text
from newsfuse.cli import main
from newsfuse.config import IngestSettings, Settings
from newsfuse.errors import InputError
from newsfuse.ingest import load_inputs
from newsfuse.ingest.records import JSONL_FIELDS, article_from_record, normalize_published, parse_json_line
from newsfuse.ingest.text import decode, guess_language, normalize_text, text_problem
from newsfuse.pipeline import analyze

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzzgen  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"
# Invented text for these tests; nothing is copied from a corpus.
BODY = ("The regional water board said on Wednesday that the reservoir above the valley had reached its "
        "lowest level in twelve years, and asked households to cut their use by a fifth until the autumn rains.")
FRENCH = ("Le conseil municipal a voté mardi la fermeture du vieux pont, après que des ingénieurs ont trouvé des "
          "fissures dans les piliers. Les habitants devront faire un détour de dix kilomètres pendant les travaux, "
          "qui dureront au moins deux ans selon la mairie.")
ARABIC = ("صوت مجلس المدينة يوم الثلاثاء على إغلاق الجسر القديم بعد أن وجد المهندسون شقوقا في الأعمدة وسيضطر "
          "السكان إلى سلوك طريق بديل طوله عشرة كيلومترات خلال الأشغال التي ستستمر عامين على الأقل")


def _reasons(result, root: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {str(Path(r.input).relative_to(root)) if r.input.startswith(str(root)) else r.input: r.reason
            for r in result.rejected}


# --------------------------------------------------------------------------- encodings and text checks


def test_decode_cp1252_latin1_and_utf16() -> None:
    assert decode("“Quoted” – café €5".encode("cp1252")) == "“Quoted” – café €5"
    assert decode("naïve résumé, Zürich".encode("latin-1")) == "naïve résumé, Zürich"
    assert decode("Crème brûlée".encode("utf-16")) == "Crème brûlée"  # BOM
    assert decode("A report from the valley".encode("utf-16-le")) == "A report from the valley"  # no BOM
    assert decode("A report from the valley".encode("utf-16-be")) == "A report from the valley"
    with pytest.raises(InputError, match="binary data"):
        decode(b"\x00\x01\x02\x03" * 50)


def test_text_problem_tells_noise_from_text() -> None:
    assert text_problem(BODY) is None and text_problem(ARABIC) is None
    assert "control characters" in (text_problem(BODY + "\x01\x02\x03" * 30) or "")
    assert "letters" in (text_problem("12.5 | 44 | 19.0 | -- | ## | " * 20) or "")


def test_normalize_text_strips_controls_zero_width_and_bidi_marks() -> None:
    dirty = "Wa\u200bter\u00a0board\u202e said\x07 it\u200f would\ufeff inve\u00adstigate\r\n"
    assert normalize_text(dirty) == "Water\u00a0board said it would investigate\n"


def test_guess_language() -> None:
    assert guess_language(BODY + " " + BODY) == "en"
    assert guess_language(FRENCH) == "fr"
    assert guess_language(ARABIC) == "ar"
    assert guess_language("Too short to tell") == "und"


def test_an_article_in_another_language_is_kept_and_not_read() -> None:
    """English rules read over French words would give wrong entities and figures ("dix kilomètres"): the article
    joins a story by its words, and nothing else is read of it; an English one is read."""
    from newsfuse.nlp import parse_articles
    from newsfuse.types import Article

    def article(text: str, language: str | None) -> Article:
        return Article(id=f"a-{language}", source="x", url=None, title=None, published="2025-03-04", text=text,
                       metadata={"language": language} if language else {})

    french, english, unmarked = parse_articles([article(FRENCH, "fr"), article(BODY, "en"), article(BODY, None)])
    assert len(french.sentences) == 2 and french.terms
    assert not french.mentions and not any(s.quantities or s.timexes for s in french.sentences)
    assert english.mentions or any(s.quantities or s.timexes for s in english.sentences)
    assert unmarked.sentences == english.sentences  # none told: read as English


def test_a_story_is_summarised_from_its_english_articles() -> None:
    from newsfuse.nlp import parse_articles
    from newsfuse.story.summarize import summarize
    from newsfuse.types import Article

    def article(text: str, language: str) -> Article:
        return Article(id=f"a-{language}", source=language, url=None, title=None, published="2025-03-04",
                       text=text, metadata={"language": language})

    french, english = parse_articles([article(FRENCH, "fr"), article(BODY, "en")])
    cited = {c.article_id for s in summarize([french, english], [], {}) for c in s.citations}
    assert cited == {"a-en"}
    assert {c.article_id for s in summarize([french], [], {}) for c in s.citations} == {"a-fr"}  # nothing else


def test_the_command_line_says_which_articles_it_did_not_read(tmp_path: Path) -> None:
    (tmp_path / "pont.txt").write_text(f"Le vieux pont ferme\n\n{FRENCH}", encoding="utf-8")
    (tmp_path / "board.txt").write_text(f"Board asks for cuts\n\n{BODY}", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--no-db"])
    assert result.exit_code == 0, result.stderr[-2000:]
    assert "note: 1 article not in English (fr 1): kept and grouped into stories by their words" in result.stderr
    report = json.loads(result.stdout)
    assert sorted(a["metadata"]["language"] for a in report["articles"]) == ["en", "fr"]


def test_the_language_is_told_by_the_words_not_the_page() -> None:
    """A page's declared language stands only where its words cannot tell ("en-US" on a French page is
    French; a short English text declared "en-GB" is "en")."""
    from newsfuse.ingest.text import with_language
    from newsfuse.types import Article

    def language(text: str, declared: str) -> str:
        return str(with_language(Article(id="a", source="x", url=None, title=None, published=None, text=text,
                                         metadata={"language": declared})).metadata["language"])

    assert language(FRENCH, "en-US") == "fr"
    assert language("Too short to tell", "en-GB") == "en"
    assert language("Too short to tell", "unknown tongue") == "und"


@pytest.mark.parametrize("value", ["0000-01-01", "0001-01-01T00:00:00+01:00", "9999-12-31",
                                   "9999-12-31T23:00:00-05:00", "yesterday-ish", "2025-13-45", "", "   ",
                                   "x" * 500, "\x00\x01"])
def test_absurd_dates_become_unknown(value: str) -> None:
    assert normalize_published(value) is None


# --------------------------------------------------------------------------- one run with every kind of bad file


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.html").write_text("  \n\t ", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(1, 256)) * 20)
    (root / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 10)
    with (root / "huge.txt").open("wb") as handle:  # 50 MB of text
        chunk = (BODY + "\n").encode() * 5000
        while handle.tell() < 50_000_000:
            handle.write(chunk)
    (root / "deep.html").write_text("<div>" * 20_000 + f"<p>{BODY}</p>" + "</div>" * 20_000, encoding="utf-8")
    (root / "tagsoup.html").write_text("<html><body>" + "<span><b></b></span>" * 40_000 + f"<p>{BODY}</p>",
                                       encoding="utf-8")
    (root / "controls.txt").write_text("Heading\n\n" + "\x01\x02 \x03\x04 \x05" * 200, encoding="utf-8")
    (root / "symbols.txt").write_text("|| 12 -- 44 ## 9.5 ** \n" * 40, encoding="utf-8")
    lines = [
        json.dumps({"id": "ok-1", "source": "Wire", "title": "Reservoir at a twelve-year low", "text": BODY,
                    "published": "9999-01-01"}),
        "{broken",
        json.dumps({"id": "no-body", "source": "Wire"}),
        json.dumps({"id": "typed", "source": "Wire", "text": ["not", "a", "string"]}),
        json.dumps({"id": "when", "source": "Wire", "text": BODY, "published": 20250101}),
        "[" * 50_000,
        '{"id": ' + "7" * 6000 + "}",
        json.dumps("just a string"),
        json.dumps({"id": "fr-1", "source": "Journal", "title": "Le vieux pont ferme", "text": FRENCH,
                    "published": "yesterday-ish"}),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # good ones, in odd encodings and with invisible characters
    (root / "cp1252.txt").write_bytes(f"Water board’s “warning”\n\n{BODY} Café owners agreed.".encode("cp1252"))
    (root / "latin1.txt").write_bytes(f"Zürich résumé\n\n{BODY} Naïve plans were dropped.".encode("latin-1"))
    (root / "utf16.txt").write_bytes(f"Board asks for cuts\n\n{BODY}".encode("utf-16"))
    (root / "invisible.txt").write_text(f"Low\u200b reservoir\n\n\u202b{BODY}\u202c\u200f Officials\x07 agreed.",
                                        encoding="utf-8")
    (root / "arabic.txt").write_text(ARABIC, encoding="utf-8")
    return root


def test_every_bad_input_rejected_with_a_reason(hostile_dir: Path) -> None:
    result = load_inputs([hostile_dir])
    reasons = _reasons(result, hostile_dir)
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.html"] == "empty file"
    assert "control characters" in reasons["binary.txt"]
    assert "binary" in reasons["binary.html"]
    assert "over the limit of 5000000 bytes per article" in reasons["huge.txt"]
    assert "no article body" in reasons["deep.html"]
    assert "80003 tags, over the limit of 50000" in reasons["tagsoup.html"]
    assert "control characters" in reasons["controls.txt"]
    assert "letters" in reasons["symbols.txt"]
    line = {k.rsplit(":", 1)[1]: v for k, v in reasons.items() if k.startswith("feed.jsonl:")}
    assert "malformed JSON" in line["2"]
    assert "neither 'text' nor 'html'" in line["3"]
    assert "'text' must be a string, got list" in line["4"]
    assert "'published' must be a string, got int" in line["5"]
    assert line["6"] == "malformed JSON: nested too deeply"
    assert "malformed JSON" in line["7"]
    assert "expected a JSON object, got str" in line["8"]
    assert len(reasons) == 16


def test_good_inputs_of_the_same_run_are_read(hostile_dir: Path) -> None:
    articles = {a.source: a for a in load_inputs([hostile_dir]).articles}
    assert sorted(articles) == ["Journal", "Wire", "arabic", "cp1252", "invisible", "latin1", "utf16"]
    assert articles["cp1252"].title == "Water board’s “warning”" and "Café" in articles["cp1252"].text
    assert articles["latin1"].title == "Zürich résumé" and "Naïve" in articles["latin1"].text
    assert articles["utf16"].title == "Board asks for cuts"
    assert articles["invisible"].title == "Low reservoir"
    assert articles["invisible"].text == f"{BODY} Officials agreed."
    assert articles["Wire"].published is None  # year 9999 is not a publication date
    assert articles["Journal"].metadata == {"published_unparsed": "yesterday-ish"}
    from newsfuse.ingest.text import with_language  # (told when the run prepares its articles)

    assert {a.source: with_language(a).metadata["language"] for a in articles.values()} == {
        "Journal": "fr", "Wire": "en", "arabic": "ar", "cp1252": "en", "invisible": "en", "latin1": "en",
        "utf16": "en"}


def test_limits_are_settings(hostile_dir: Path) -> None:
    small = IngestSettings(max_bytes=300, max_articles=2)
    result = load_inputs([hostile_dir / "feed.jsonl", hostile_dir / "latin1.txt", hostile_dir / "utf16.txt"], small)
    reasons = _reasons(result, hostile_dir)
    assert "over the limit of 300 bytes per article" in reasons["utf16.txt"]
    assert "line is" in reasons["feed.jsonl:1"] and "limit of 300 bytes" in reasons["feed.jsonl:1"]
    assert len(result.articles) == 1  # only the short latin-1 file fits
    capped = load_inputs([hostile_dir], IngestSettings(max_articles=2))
    assert len(capped.articles) == 2
    assert sum("over the limit of 2 articles per run" in r.reason for r in capped.rejected) == 5


def test_analysis_runs_on_the_good_ones(hostile_dir: Path) -> None:
    skip = {"huge.txt", "deep.html", "tagsoup.html"}  # proven above; slow to re-read
    report = analyze([p for p in sorted(hostile_dir.iterdir()) if p.name not in skip], Settings())
    assert {a.source for a in report.articles} >= {"Journal", "Wire", "cp1252", "latin1", "utf16", "invisible"}
    assert sum(len(s.article_ids) for s in report.stories) == len(report.articles)
    assert len(report.rejected) == 13


# --------------------------------------------------------------------------- properties

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=60),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                     max_leaves=8)
_RECORDS = st.dictionaries(st.sampled_from([*JSONL_FIELDS, "author", "language"]) | st.text(max_size=10),
                           _JSON | st.text(min_size=30, max_size=400), max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_RECORDS)
def test_article_from_record_never_raises_anything_but_input_error(record: dict) -> None:
    record.pop("html", None)  # the HTML branch goes through trafilatura; it has its own tests
    try:
        article = article_from_record(record, default_source="fuzz")
    except InputError as exc:
        assert str(exc)
        return
    assert isinstance(record.get("text"), str)
    assert article.source.strip() and article.id
    assert article.published is None or normalize_published(article.published) == article.published


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300) | _JSON.map(lambda v: json.dumps(v).encode()) | _RECORDS.map(
    lambda r: json.dumps(r, default=str).encode()))
def test_parse_json_line_gives_an_object_or_input_error(raw: bytes) -> None:
    try:
        record = parse_json_line(raw)
    except InputError as exc:
        assert str(exc)
        return
    assert isinstance(record, dict)


_LINES = st.lists(st.text(max_size=80) | st.sampled_from(["Share this article", "Follow us on Twitter",
                                                          "Advertisement", "© 2024 All rights reserved", "",
                                                          BODY, "Reservoir at a twelve-year low"])
                  # long runs of a few characters: a pattern that backtracks over them never returns
                  | st.text(alphabet="aZ1./-'&@: (", min_size=300, max_size=2000), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_LINES, st.none() | st.text(max_size=40) | st.just("Reservoir at a twelve-year low"))
def test_clean_text_never_raises_and_keeps_only_input_text(lines: list[str], title: str | None) -> None:
    text = "\n".join(lines)
    result = clean_text(text, title)
    for paragraph in result.text.split("\n\n"):
        if paragraph:
            assert paragraph in text  # every kept paragraph is verbatim input


# --------------------------------------------------------------------------- fuzz corpus through the CLI


@pytest.mark.slow
def test_fuzz_corpus_through_analyze(tmp_path: Path) -> None:
    manifest = fuzzgen.generate(tmp_path / "fuzz", seed=7, scale=2)
    good = tmp_path / "fuzz" / "good"
    good.mkdir()
    shutil.copy(DEMO / "extra" / "marrow-river-volunteers.txt", good)
    shutil.copy(DEMO / "extra" / "eastmoor-residents-return.html", good)
    demo_lines = (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    (good / "two.jsonl").write_text("\n".join(demo_lines) + "\n", encoding="utf-8")
    good_ids = {json.loads(line)["id"] for line in demo_lines}

    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "fuzz"), "--no-db"])
    assert result.exit_code == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    rejected: dict[str, list[str]] = {}
    for item in report["rejected"]:
        key = item["input"].split("#", 1)[0]
        key = key.rsplit(":", 1)[0] if ".jsonl:" in key else key
        rejected.setdefault(key, []).append(item["reason"])
    assert len(report["rejected"]) > 2000
    for path, expect in manifest.expect.items():
        if expect == "reject":
            assert path in rejected, (manifest.kind[path], path)
            assert all(reason.strip() for reason in rejected[path])
    sources = {a["source"] for a in report["articles"]}
    ids = {a["id"] for a in report["articles"]}
    assert good_ids <= ids
    assert "marrow-river-volunteers" in sources
    assert any(a["url"] and "eastmoor" in a["text"].lower() or "eastmoor" in (a["title"] or "").lower()
               for a in report["articles"])
    # every input is accounted for: read as an article or rejected
    for path, expect in manifest.expect.items():
        if expect == "any" and not path.endswith(".jsonl"):
            assert path in rejected or Path(path).stem in sources, path
    # nothing from the hostile corpus slipped into the analysed stories except the 'any' files
    assert all(s == "Fuzz" or not s.startswith(("rand-", "ctrl-", "soup-", "trunc-")) for s in sources)
