"""The bundled demo corpus is well formed and holds the stories its README promises.

These tests check the data, not the pipeline: each JSONL line parses and has the required
fields, ids are unique, dates are real September 2025 dates (but for the archived earlier story of
a thread), the designed stories have several articles each, and the plain-text and HTML extras are there. The end-to-end tests that run the
pipeline on the corpus live elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"
ARTICLES = DEMO / "articles.jsonl"
EXTRA = DEMO / "extra"
REQUIRED = ("id", "source", "url", "title", "published", "text")
BOILERPLATE = re.compile(
    r"^(share this article|subscribe to our newsletter.*|photo: staff|leave a comment|advertisement"
    r"|this article is distributed through.*)$",
    re.IGNORECASE,
)
# Stories by article id; the answer key in demo/README.md.
STORIES: dict[str, tuple[str, ...]] = {
    "plant fire": ("demo-001", "demo-002", "demo-003"),
    "flood": ("demo-004", "demo-005", "demo-006"),
    "port strike": ("demo-007", "demo-008", "demo-009", "demo-010"),
    "alliance talks": ("demo-011", "demo-012", "demo-013", "demo-014"),
}
SINGLES = ("demo-015", "demo-016")
# An earlier story of the port strike's thread: a 2011 strike at the same port, from the archives.
EARLIER_STRIKE = ("demo-017", "demo-018")


def _load() -> list[dict[str, Any]]:
    """Every line of articles.jsonl, parsed."""
    lines = ARTICLES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def articles() -> list[dict[str, Any]]:
    return _load()


@pytest.fixture(scope="module")
def by_id(articles: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in articles}


def _body_words(text: str) -> int:
    """Word count of the text without boilerplate lines."""
    kept = [line for line in text.splitlines() if not BOILERPLATE.match(line.strip())]
    return len(" ".join(kept).split())


def test_every_line_is_a_json_object() -> None:
    for number, line in enumerate(ARTICLES.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"blank line {number}"
        assert isinstance(json.loads(line), dict), f"line {number} is not an object"


def test_required_fields_are_non_empty_strings(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        for name in REQUIRED:
            value = article.get(name)
            assert isinstance(value, str) and value.strip(), f"{article.get('id')}: bad {name!r}"


def test_ids_unique_and_patterned(articles: list[dict[str, Any]]) -> None:
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"demo-\d{3}", i) for i in ids)


def test_urls_use_reserved_test_domain(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        assert re.fullmatch(r"https://[a-z0-9-]+\.test/[\w/.-]+", article["url"]), article["url"]
    assert len({a["url"] for a in articles}) == len(articles)


def test_published_dates_are_valid_and_in_one_month(articles: list[dict[str, Any]]) -> None:
    dates = [dt.date.fromisoformat(a["published"]) for a in articles]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["published"]) for a in articles)
    months = {a["id"]: (d.year, d.month) for a, d in zip(articles, dates, strict=True)}
    assert {m for i, m in months.items() if i not in EARLIER_STRIKE} == {(2025, 9)}
    assert {months[i] for i in EARLIER_STRIKE} == {(2011, 6)}
    assert len(set(dates)) == len(dates), "each article has its own publication date"


def test_outlets_are_varied(articles: list[dict[str, Any]]) -> None:
    outlets = Counter(a["source"] for a in articles)
    assert 8 <= len(outlets) <= 10


def test_paragraphs_and_length(articles: list[dict[str, Any]]) -> None:
    for article in articles:
        assert "\n\n" in article["text"], article["id"]
        words = _body_words(article["text"])
        assert 150 <= words <= 400, f"{article['id']}: {words} words"


def test_designed_stories_are_present(by_id: dict[str, dict[str, Any]]) -> None:
    assert len(STORIES) >= 4
    for name, ids in STORIES.items():
        assert 3 <= len(ids) <= 5, name
        assert all(i in by_id for i in ids), name
        assert len({by_id[i]["source"] for i in ids}) == len(ids), f"{name}: one article per outlet"
    for single in SINGLES:
        assert single in by_id
    assert all(i in by_id for i in EARLIER_STRIKE)
    grouped = {i for ids in STORIES.values() for i in ids} | set(SINGLES) | set(EARLIER_STRIKE)
    assert grouped == set(by_id), "every article belongs to the answer key"


def test_designed_conflicts_are_in_the_text(by_id: dict[str, dict[str, Any]]) -> None:
    def text(*ids: str) -> str:
        return " ".join(by_id[i]["text"] for i in ids)

    fire = text(*STORIES["plant fire"])
    assert "At least 40 people" in fire and "About 12 people" in fire
    assert "more than 3,000" in fire and "Hundreds of residents" in fire
    assert "the Valley Wire reported" in fire and "told the Harbor Ledger" in fire
    flood = text(*STORIES["flood"])
    assert "142 millimetres" in flood and "about 140 millimetres" in flood
    assert "At least seven people have died" in flood and "Four deaths" in flood
    strike = text(*STORIES["port strike"])
    assert "4-6 percent" in strike and "three-week strike" in strike and "nearly two months" in strike
    earlier = text(*EARLIER_STRIKE)
    assert "more than 3,800" in earlier and "about 2,500" in earlier
    assert "48-hour strike" in earlier and "two-day strike" in earlier
    talks = text(*STORIES["alliance talks"])
    for variant in ("Coastal Nations Alliance (CNA)", "Yuri Markov", "Yuriy Markoff", "Valetsk", "Valetzk"):
        assert variant in talks, variant


def test_headline_repeated_once_as_first_body_line(articles: list[dict[str, Any]]) -> None:
    repeated = [a["id"] for a in articles if a["text"].split("\n\n", 1)[0].strip() == a["title"]]
    assert repeated == ["demo-003"]


def test_syndicated_copy_differs_only_at_the_edges(by_id: dict[str, dict[str, Any]]) -> None:
    original, copy = by_id["demo-008"]["text"], by_id["demo-009"]["text"]
    assert original.split("\n\n")[0] != copy.split("\n\n")[0]
    shared = original.split("\n\n", 1)[1].replace("Capital Dispatch", "Eastgate Herald")
    assert shared in copy
    assert by_id["demo-008"]["source"] != by_id["demo-009"]["source"]


def test_boilerplate_lines_present(articles: list[dict[str, Any]]) -> None:
    lines = {line.strip() for a in articles for line in a["text"].splitlines()}
    for boiler in ("Share this article", "Photo: Staff", "Leave a comment"):
        assert boiler in lines
    assert any(line.startswith("Subscribe to our newsletter") for line in lines)


def test_plain_text_extra_has_headline_blank_line_body() -> None:
    files = sorted(EXTRA.glob("*.txt"))
    assert files
    for path in files:
        head, blank, *body = path.read_text(encoding="utf-8").splitlines()
        assert head.strip() and not head.rstrip().endswith(".")
        assert blank == ""
        assert 150 <= len(" ".join(body).split()) <= 400


def test_html_extra_is_a_full_page_with_article_body() -> None:
    files = sorted(EXTRA.glob("*.html"))
    assert files
    for path in files:
        html = path.read_text(encoding="utf-8")
        for tag in ("<html", "<nav", "<article", "<footer", "</html>"):
            assert tag in html, f"{path.name}: {tag}"
        article = html[html.index("<article") : html.index("</article>")]
        assert article.count("<p>") >= 5
        assert "comment" in html.lower()
        assert re.search(r'article:published_time" content="2025-09-\d{2}', html)


def test_readme_answer_key_names_every_article(articles: list[dict[str, Any]]) -> None:
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "fiction" in readme.lower()
    for article in articles:
        assert article["id"] in readme
    for path in EXTRA.iterdir():
        assert path.name in readme
