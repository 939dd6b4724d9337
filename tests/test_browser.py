"""The web UI in a real browser: headless Debian Chromium over the real server (uvicorn subprocess).

Skipped when Chromium or chromedriver is missing, unless NEWSFUSE_REQUIRE_BROWSER=1 (CI), then it fails.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from newsfuse.config import Settings
from newsfuse.pipeline import ingest
from newsfuse.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
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


def _browser_available() -> bool:
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        try:
            import selenium  # noqa: F401
        except ImportError:
            return False
        return True
    return False


pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not _browser_available():
    if os.environ.get("NEWSFUSE_REQUIRE_BROWSER") == "1":
        raise RuntimeError("NEWSFUSE_REQUIRE_BROWSER=1 but /usr/bin/chromium, /usr/bin/chromedriver or selenium "
                           "is missing")
    pytest.skip("Chromium and chromedriver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local test server)
        return json.load(response)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server (`newsfuse serve`) over the demo corpus plus one hostile article; yields its base URL."""
    work = tmp_path_factory.mktemp("browser")
    hostile = work / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = work / "store.sqlite"
    with Store(db) as store:
        ingest([str(DEMO), str(hostile)], store, Settings())
    port = _free_port()
    log = (work / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsfuse.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get_json(f"{base}/api/stories")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {(work / 'server.log').read_text()}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900",
                f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(20)
    try:
        yield browser
    finally:
        browser.quit()


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
    cards = _get_json(f"{server}/api/stories?per_page=100")["items"]
    chosen = max(cards, key=lambda c: (c["counts"]["conflicts"], c["counts"]["facts"], c["counts"]["events"]))
    story = _get_json(f"{server}/api/stories/{chosen['id']}")

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
    article = _get_json(f"{server}/api/articles/{citation['article_id']}")
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

    (item,) = _get_json(f"{server}/api/articles?source=Hostile%20Outlet")["items"]
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
    cards = _get_json(f"{server}/api/stories?per_page=100")["items"]
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
