"""The maps, the time axis and the live story list in a real browser: headless Debian Chromium over the
real server (``newsfuse serve`` in a subprocess), under the server's CSP.

The store holds the demo corpus and a few articles written here about real cities (so the gazetteer
places them), each with hostile markup in its title and text. Checks:
- the story list's map draws one marker per located story (markers and clusters add up to the stories
  the map's JSON locates) over the offline basemap, and a story's map draws its places;
- popups and labels show hostile text as text (nothing runs, no element is made from it);
- the timeline draws its axis (ticks, one mark per dated event) and hostile event text stays text;
- a story ingested into the store while the list is open appears in it without a reload.

Screenshots go to $NEWSFUSE_SCREENSHOTS (a folder) when set, else to the test's tmp_path.
Skipped when Chromium or chromedriver is missing, unless NEWSFUSE_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browserkit import chrome, get_json, require_browser, serve
from newsfuse.config import Settings
from newsfuse.pipeline import ingest
from newsfuse.store import Store

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


def _article(n: int, day: int, title: str, text: str) -> dict[str, Any]:
    return {"id": f"storm-{n}", "source": "Wire <b>Desk</b>", "url": "javascript:window.__pwned=1",
            "title": f"{title} {PAYLOAD}", "published": f"2025-09-{day:02d}", "text": text}


STORIES = [
    _article(1, 20, "Storm hits Madrid", f"A storm hit Madrid on Friday {PAYLOAD}, injuring at least 11 people, police "
             "in Madrid said.\n\nThe storm caused flooding across Spain, the Spanish weather service said."),
    _article(2, 22, "Warehouse fire in Warsaw", f"A fire destroyed a warehouse in Warsaw on Monday {PAYLOAD}, and "
             "three workers were taken to hospital, firefighters in Warsaw said.\n\nThe owner said the "
             "warehouse stored furniture bound for Poland's northern ports."),
    _article(3, 24, "Bridge blast in Berlin", f"An explosion damaged a bridge over the Spree in Berlin on Wednesday "
             f"{PAYLOAD}, injuring four people, city officials in Berlin said.\n\nExperts from Rome, Italy and "
             "Athens, Greece will inspect it next week, the German transport ministry said."),
]
LATE = _article(4, 26, "Tram strike in Lisbon", "Tram drivers in Lisbon walked out on Thursday, leaving thousands of "
                "commuters stranded, the union in Lisbon said.\n\nThe strike is the third in Portugal this year.")


pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_browser()

from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _story_of(base: str, article_id: str) -> str:
    """The story an article is in (the article list says)."""
    items = get_json(f"{base}/api/articles?per_page=100")["items"]
    (story_id,) = [s for item in items if item["id"] == article_id for s in item["story_ids"]]
    return str(story_id)


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real server over the demo and the storm articles; yields its base URL and the store's path."""
    work = tmp_path_factory.mktemp("browser-map")
    db = work / "store.sqlite"
    with Store(db) as store:
        ingest([str(DEMO), str(_write_jsonl(work / "storms.jsonl", STORIES))], store, Settings())
    with serve(db, work / "server.log", ready="/api/stories/version") as base:
        yield base, db


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    with chrome(tmp_path_factory.mktemp("chrome-profile")) as browser:
        yield browser


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NEWSFUSE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _wait(driver: WebDriver, css: str, seconds: float = 15) -> Any:
    return WebDriverWait(driver, seconds).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def _map_ready(driver: WebDriver, map_id: str) -> WebElement:
    """The map container once its markers and its basemap are drawn (fails if the map never draws)."""
    def ready(d: WebDriver) -> WebElement | None:
        el = d.find_element(By.ID, map_id)
        state, basemap = el.get_attribute("data-state"), el.get_attribute("data-basemap")
        if state == "error" or basemap == "error":
            raise AssertionError(f"the map #{map_id} failed: state={state} basemap={basemap}")
        return el if state == "ready" and basemap else None
    found: WebElement = WebDriverWait(driver, 20).until(ready)
    return found


def _drawn_markers(driver: WebDriver, map_id: str) -> tuple[int, int]:
    """(places drawn as single markers, places inside cluster markers) on a map."""
    singles = driver.find_elements(By.CSS_SELECTOR, f"#{map_id} .leaflet-marker-pane .nf-marker")
    clusters = driver.find_elements(By.CSS_SELECTOR, f"#{map_id} .leaflet-marker-pane .marker-cluster")
    return len(singles), sum(int(c.text) for c in clusters)


def _markers_add_up(driver: WebDriver, map_id: str, expected: int) -> tuple[int, int]:
    """Wait until the single and clustered markers drawn add up to `expected` places; fail if they never do."""
    try:
        WebDriverWait(driver, 10).until(lambda d: sum(_drawn_markers(d, map_id)) == expected)
    except TimeoutException:
        raise AssertionError(f"#{map_id}: drawn (single, clustered) = {_drawn_markers(driver, map_id)}, "
                             f"expected {expected} places") from None
    return _drawn_markers(driver, map_id)


def _zoom_out_fully(driver: WebDriver, map_id: str) -> None:
    """Zoom the map out to the whole world (markers off the view are not drawn), and wait for it to settle."""
    button = driver.find_element(By.CSS_SELECTOR, f"#{map_id} .leaflet-control-zoom-out")
    for _ in range(12):
        if "leaflet-disabled" in (button.get_attribute("class") or ""):
            break
        driver.execute_script("arguments[0].click()", button)
        time.sleep(0.3)
    assert "leaflet-disabled" in (button.get_attribute("class") or "")
    time.sleep(0.6)


def _labels_clear(driver: WebDriver, map_id: str) -> None:
    """The labels shown cover neither one another nor another marker's dot or group (hidden ones show on
    hover)."""
    found = driver.execute_script("""
        function box(e) { var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
        var root = document.getElementById(arguments[0]);
        var labels = Array.from(root.querySelectorAll('.nf-marker:not(.label-hidden) .nf-label')).map(function (e) {
            return {box: box(e), own: box(e.parentNode.querySelector('.nf-dot'))}; });
        var dots = Array.from(root.querySelectorAll('.nf-dot, .marker-cluster')).map(box);
        return [labels, dots];""", map_id)
    labels, dots = found

    def apart(a: list[float], b: list[float]) -> bool:
        return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]

    assert labels, "no label is shown"
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert apart(a["box"], b["box"]), (a, b)
        for dot in dots:
            assert dot == a["own"] or apart(a["box"], dot), (a, dot)


def _basemap_drawn(driver: WebDriver, map_id: str) -> bool:
    """Whether the basemap's canvas has land painted on it (a pixel that is not transparent)."""
    script = """
        var c = document.querySelector('#' + arguments[0] + ' .leaflet-overlay-pane canvas');
        if (!c) { return false; }
        var data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (var i = 3; i < data.length; i += 4 * 97) { if (data[i] > 0) { return true; } }
        return false;"""
    return bool(driver.execute_script(script, map_id))


def _inert(driver: WebDriver) -> None:
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.find_elements(By.CSS_SELECTOR, "main img, main script, .leaflet-container img") == []
    assert [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]] == []


def _screenshot(driver: WebDriver, path: Path, element: WebElement | None = None) -> None:
    if element is not None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.screenshot(str(path))
    else:
        driver.save_screenshot(str(path))
    assert path.stat().st_size > 2_000


def test_the_story_list_map_draws_a_marker_per_located_story(served: tuple[str, Path], driver: WebDriver,
                                                             shots: Path) -> None:
    base, _ = served
    data = get_json(f"{base}/api/stories/map")
    assert data["located"] >= len(STORIES)  # the storm stories, and the demo's one real town
    driver.get(base + "/")
    canvas = _map_ready(driver, "stories-map")
    assert canvas.get_attribute("data-markers") == str(data["located"])
    singles, _ = _markers_add_up(driver, "stories-map", data["located"])
    assert singles > 0
    assert int(canvas.get_attribute("data-basemap") or 0) > 200  # countries and states
    assert _basemap_drawn(driver, "stories-map")
    _labels_clear(driver, "stories-map")
    _screenshot(driver, shots / "story-list-map.png", driver.find_element(By.CSS_SELECTOR, "figure.stories-map"))

    # Hostile titles are text in the labels and in the popup a marker opens.
    labels = [e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, "#stories-map .nf-label")]
    assert any(PAYLOAD in (text or "")[:200] or "<img src=x" in (text or "") for text in labels)
    marker = next(e for e in driver.find_elements(By.CSS_SELECTOR, "#stories-map .nf-marker")
                  if "Madrid" in (e.get_attribute("textContent") or ""))
    driver.execute_script("arguments[0].click()", marker)
    popup = _wait(driver, "#stories-map .leaflet-popup-content")
    assert PAYLOAD in popup.text
    link = popup.find_element(By.CSS_SELECTOR, "a.nf-popup-title")
    assert link.get_attribute("href").startswith(base + "/stories/")
    _inert(driver)
    link.click()
    assert PAYLOAD in _wait(driver, "h1").text


def test_a_story_map_and_its_timeline(served: tuple[str, Path], driver: WebDriver, shots: Path) -> None:
    base, _ = served
    story = get_json(f"{base}/api/stories/{_story_of(base, 'storm-3')}")
    located = [e for e in story["entities"] if e["geo"]]
    assert len(located) >= 3
    driver.get(f"{base}/stories/{story['id']}")
    canvas = _map_ready(driver, "story-map")
    assert canvas.get_attribute("data-markers") == str(len(located))
    assert driver.find_elements(By.CSS_SELECTOR, "#story-map .nf-marker.role-place")  # the story's place
    assert _basemap_drawn(driver, "story-map")
    _screenshot(driver, shots / "story-map.png", driver.find_element(By.CSS_SELECTOR, "#map"))
    _zoom_out_fully(driver, "story-map")
    _markers_add_up(driver, "story-map", len(located))

    # The time axis: ticks, one mark per dated event, hostile event text kept as text.
    axis = _wait(driver, "svg.time-axis")
    ticks = axis.find_elements(By.CSS_SELECTOR, "g.tick")
    assert len(ticks) >= 3 and all(t.find_element(By.TAG_NAME, "text").text for t in ticks)
    dated = [e for e in story["events"] if e["date"]]
    assert len(axis.find_elements(By.CSS_SELECTOR, "a.event-mark")) == len(dated) > 0
    titles = [t.get_attribute("textContent") for t in axis.find_elements(By.CSS_SELECTOR, "a.event-mark title")]
    assert any("<img src=x" in (t or "") for t in titles)
    for box in axis.find_elements(By.CSS_SELECTOR, "a.event-mark circle")[:3]:
        assert box.size["width"] > 0
    _screenshot(driver, shots / "story-timeline.png", driver.find_element(By.ID, "timeline"))
    _inert(driver)

    # An entity's name leads to its page, with its own small map.
    place = story["place"]
    driver.find_element(By.CSS_SELECTOR, f'#entities a.entity-link[href^="/entities/{place["entity_id"]}"]').click()
    assert _wait(driver, "h1").text == place["name"]
    _map_ready(driver, "entity-map")
    assert driver.find_elements(By.CSS_SELECTOR, "#entity-map .nf-marker, #entity-map .marker-cluster")
    _inert(driver)


def test_a_fact_chart_draws_values_over_time(served: tuple[str, Path], driver: WebDriver, shots: Path) -> None:
    base, _ = served
    cards = get_json(f"{base}/api/stories?per_page=100")["items"]
    charted = []
    for card in cards:
        story = get_json(f"{base}/api/stories/{card['id']}")
        charted += [(story, f) for f in story["facts"] if f["status"] in ("updated", "conflict")
                    and any(v["first_reported"] for v in f["values"])]
    assert charted, "the demo has conflicting figures reported on known days"
    story, fact = charted[0]
    driver.get(f"{base}/stories/{story['id']}")
    chart = _wait(driver, "figure.fact-chart")
    assert chart.find_elements(By.CSS_SELECTOR, "svg.fact-axis g.tick")
    assert len(chart.find_elements(By.CSS_SELECTOR, "g.value-mark rect")) == sum(
        1 for v in fact["values"] if v["first_reported"] and (v["low"] is not None or v["high"] is not None))
    _screenshot(driver, shots / "fact-chart.png", chart)


def test_a_new_story_appears_in_the_list_without_a_reload(served: tuple[str, Path], driver: WebDriver,
                                                          tmp_path: Path, shots: Path) -> None:
    base, db = served
    driver.get(base + "/")
    _map_ready(driver, "stories-map")
    before = len(driver.find_elements(By.CSS_SELECTOR, "li.story-card"))
    located = int(driver.find_element(By.ID, "stories-map").get_attribute("data-markers") or 0)
    driver.execute_script("window.__same_page = 'yes'")

    with Store(db) as store:  # what `newsfuse ingest` does, into the store the server reads
        ingest([str(_write_jsonl(tmp_path / "late.jsonl", [LATE]))], store, Settings())
        new_ids = store.story_ids_of_articles([LATE["id"]])[LATE["id"]]
    assert len(new_ids) == 1

    card = WebDriverWait(driver, 30).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, f'li.story-card.new[data-id="{new_ids[0]}"]')))
    assert "Lisbon" in card.text and PAYLOAD in card.text  # the title, as text
    assert driver.execute_script("return window.__same_page") == "yes"  # the page was not reloaded
    assert len(driver.find_elements(By.CSS_SELECTOR, "li.story-card")) == before + 1
    assert "new stor" in _wait(driver, "#live-status").text
    WebDriverWait(driver, 20).until(
        lambda d: int(d.find_element(By.ID, "stories-map").get_attribute("data-markers") or 0) == located + 1)
    _inert(driver)
    _screenshot(driver, shots / "story-list-live-status.png", driver.find_element(By.ID, "live-status"))
    _screenshot(driver, shots / "story-list-live-card.png", card)


def test_the_issue_story_map_from_the_seeds(seeds_dir: Path, tmp_path: Path, driver: WebDriver, shots: Path) -> None:
    """The seeds' story (Syria, Iraq, Damascus, Raqqa, Mosul...): its places no longer sit on one spot."""
    db = tmp_path / "seeds.sqlite"
    with Store(db) as store:
        ingest([str(seeds_dir)], store, Settings())
    with serve(db, tmp_path / "server.log") as base:
        cards = get_json(f"{base}/api/stories")["items"]
        story = get_json(f"{base}/api/stories/{cards[0]['id']}")
        located = [e for e in story["entities"] if e["geo"]]
        driver.get(base + "/")
        _map_ready(driver, "stories-map")
        _screenshot(driver, shots / "seeds-story-list-map.png", driver.find_element(By.CSS_SELECTOR, "figure.stories-map"))
        driver.get(f"{base}/stories/{story['id']}")
        canvas = _map_ready(driver, "story-map")
        assert canvas.get_attribute("data-markers") == str(len(located))
        _labels_clear(driver, "story-map")
        _screenshot(driver, shots / "seeds-story-map.png", driver.find_element(By.ID, "map"))
        _zoom_out_fully(driver, "story-map")
        _markers_add_up(driver, "story-map", len(located))
        _screenshot(driver, shots / "seeds-story-timeline.png", driver.find_element(By.ID, "timeline"))
        _inert(driver)
