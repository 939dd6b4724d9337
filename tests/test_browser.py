"""The web UI in a real browser: headless Debian Chromium over the real server (uvicorn subprocess).

Skipped when Chromium or chromedriver is missing, unless NEWSFUSE_REQUIRE_BROWSER=1 (CI), then it fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from browserkit import chrome, get_json, require_browser, serve
from newsfuse.config import Settings
from newsfuse.pipeline import ingest
from newsfuse.store import Store

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
HOSTILE = {
    "id": "hostile-browser",
    "source": "Hostile Outlet",
    "url": "javascript:window.__pwned=1",
    "title": f"Storm hits Port Aldine {PAYLOAD}",
    "published": "2025-09-20",
    "text": (f"Officials in Port Aldine said at least 12 people were hurt {PAYLOAD} when the storm struck on "
             "Friday.\n\nThe mayor said more than 300 homes lost power, and crews worked through the night."),
}


pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_browser()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server (`newsfuse serve`) over the demo corpus plus one hostile article; yields its base URL."""
    work = tmp_path_factory.mktemp("browser")
    hostile = work / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = work / "store.sqlite"
    with Store(db) as store:
        ingest([str(DEMO), str(hostile)], store, Settings())
    with serve(db, work / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    with chrome(tmp_path_factory.mktemp("chrome-profile")) as browser:
        yield browser


def _wait(driver: WebDriver, css: str) -> Any:
    return WebDriverWait(driver, 10).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def _full_screenshot(driver: WebDriver, path: Path) -> None:
    """A screenshot of the whole page: the window is stretched to the document's height first."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height), 900), 6000))
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 900)


def _csp_violations(driver: WebDriver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_story_list_to_story_page(server: str, driver: WebDriver, tmp_path: Path) -> None:
    cards = get_json(f"{server}/api/stories?per_page=100")["items"]
    chosen = max(cards, key=lambda c: (c["counts"]["conflicts"], c["counts"]["facts"], c["counts"]["events"]))
    story = get_json(f"{server}/api/stories/{chosen['id']}")

    driver.get(server + "/")
    _wait(driver, "ol.story-list")
    assert len(driver.find_elements(By.CSS_SELECTOR, "li.story-card")) == len(cards)
    _full_screenshot(driver, tmp_path / "story-list.png")
    driver.find_element(By.LINK_TEXT, chosen["title"]).click()

    heading = _wait(driver, "h1")
    assert heading.text == story["title"]
    assert driver.current_url.endswith(f"/stories/{story['id']}")
    facts = _wait(driver, "table.facts")
    assert len(facts.find_elements(By.CSS_SELECTOR, "tbody tr.fact")) == len(story["facts"])
    conflicts = facts.find_elements(By.CSS_SELECTOR, "tr.status-conflict")
    assert len(conflicts) == chosen["counts"]["conflicts"]
    for row in conflicts:  # conflicts are tinted, not just labelled
        assert row.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
        assert "CONFLICT" in row.text.upper()
    _wait(driver, "#timeline")
    events = driver.find_elements(By.CSS_SELECTOR, "#timeline .timeline li.event")  # dated, then undated apart
    assert len(events) == len(story["events"]) > 0
    assert driver.find_element(By.CSS_SELECTOR, "a.json-twin").get_attribute("href").endswith(
        f"/api/stories/{story['id']}")
    _full_screenshot(driver, tmp_path / "story.png")
    assert (tmp_path / "story.png").stat().st_size > 10_000

    # A summary citation opens the article with the cited span highlighted (by app.js, under the CSP).
    citation = story["summary"][0]["citations"][0]
    driver.find_element(By.CSS_SELECTOR, "#summary a.cite").click()
    _wait(driver, "#article-text")
    assert driver.current_url.endswith(f"/articles/{citation['article_id']}#span-{citation['start']}-{citation['end']}")
    marked = WebDriverWait(driver, 10).until(
        lambda d: "".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "#article-text .target")))
    article = get_json(f"{server}/api/articles/{citation['article_id']}")
    cited = article["text"][citation["start"]:citation["end"]]
    assert " ".join(marked.split()) == " ".join(cited.split())
    _full_screenshot(driver, tmp_path / "article.png")
    assert _csp_violations(driver) == []


def test_hostile_article_is_inert(server: str, driver: WebDriver, tmp_path: Path) -> None:
    driver.get(f"{server}/articles/{HOSTILE['id']}")
    heading = _wait(driver, "h1")
    assert PAYLOAD in heading.text
    body = driver.find_element(By.ID, "article-text").text
    assert PAYLOAD in body
    assert driver.find_elements(By.CSS_SELECTOR, "main img, main script") == []
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript:']") == []
    _full_screenshot(driver, tmp_path / "hostile-article.png")

    (item,) = get_json(f"{server}/api/articles?source=Hostile%20Outlet")["items"]
    story_id = item["story_ids"][0]
    driver.get(f"{server}/stories/{story_id}")
    assert PAYLOAD in _wait(driver, "h1").text or PAYLOAD in driver.find_element(By.ID, "sources").text
    assert driver.find_elements(By.CSS_SELECTOR, "main img, main script") == []
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    _full_screenshot(driver, tmp_path / "hostile-story.png")

    driver.get(f"{server}/?q={quote(PAYLOAD)}")
    _wait(driver, "ol.story-list")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert _csp_violations(driver) == []


def test_a_thread_from_the_story_list_to_its_stories(server: str, driver: WebDriver) -> None:
    cards = get_json(f"{server}/api/stories?per_page=100")["items"]
    threaded = [c for c in cards if c["thread_stories"] > 1]
    assert threaded, "the demo has a thread of two stories"
    first = threaded[0]

    driver.get(server + "/")
    _wait(driver, "ol.story-list")
    driver.find_element(By.CSS_SELECTOR, f'a.badge.thread[href="/?thread={first["thread_id"]}"]').click()
    _wait(driver, "p.thread-note")
    listed = driver.find_elements(By.CSS_SELECTOR, "li.story-card h2 a")
    assert sorted(a.text for a in listed) == sorted(c["title"] for c in threaded if c["thread_id"] == first["thread_id"])

    driver.find_element(By.LINK_TEXT, first["title"]).click()
    section = _wait(driver, "section#thread")
    other = section.find_element(By.CSS_SELECTOR, "ul.thread-list a")
    title = other.text
    assert title != first["title"]
    other.click()
    assert _wait(driver, "h1").text == title
    assert _csp_violations(driver) == []
