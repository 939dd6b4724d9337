"""The web UI's maps, time axis, entity pages and live list, without a browser: the layout functions, the
JSON endpoints behind them, the assets they load and what the pages render (TestClient over the demo).
The browser draws them in tests/test_browser_map.py."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import copy_store
from newsfuse.server import create_app
from newsfuse.server.charts import axis_ticks, charted_facts, date_span, timeline_view
from newsfuse.server.security import SECURITY_HEADERS
from newsfuse.types import Event, Fact, FactValue

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "newsfuse" / "server" / "static"
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def _event(eid: str, date: str | None, text: str = "something happened") -> Event:
    return Event(id=eid, description=text, date=date, date_text=None, location=None, article_ids=("a",),
                 claim_ids=())


def _value(text: str, low: float | None, high: float | None, first: str | None, last: str | None = None,
           current: bool = True) -> FactValue:
    return FactValue(text=text, low=low, high=high, unit="people", claim_ids=("c",), article_ids=("a",),
                     sources=("Outlet",), first_reported=first, last_reported=last or first, current=current)


# --------------------------------------------------------------------------- the time axis


def test_dates_of_every_precision_have_a_span() -> None:
    assert date_span("2016-03-05") == (dt.date(2016, 3, 5), dt.date(2016, 3, 6), "day")
    assert date_span("2016-03-05T10:00:00Z") == (dt.date(2016, 3, 5), dt.date(2016, 3, 6), "day")
    assert date_span("2016-02") == (dt.date(2016, 2, 1), dt.date(2016, 3, 1), "month")
    assert date_span("2016") == (dt.date(2016, 1, 1), dt.date(2017, 1, 1), "year")
    for bad in (None, "", "2016-13", "soon", "2016-02-30"):
        assert date_span(bad) is None


@pytest.mark.parametrize(("start", "end", "first_label"), [
    ("2016-03-01", "2016-03-07", "Mar 1"),  # days
    ("2016-03-01", "2016-04-20", "Mar 7"),  # weeks, on Mondays
    ("2016-01-03", "2016-11-20", "Feb 2016"),  # months
    ("2004-05-01", "2016-11-20", "2006"),  # every other year
])
def test_axis_ticks_fit_the_span(start: str, end: str, first_label: str) -> None:
    ticks = axis_ticks(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert 2 <= len(ticks) <= 12
    assert ticks[0][1] == first_label
    days = [t[0] for t in ticks]
    assert days == sorted(days) and days[0] >= dt.date.fromisoformat(start) and days[-1] <= dt.date.fromisoformat(end)


def test_timeline_places_dated_events_on_the_axis_and_keeps_undated_apart() -> None:
    events = [_event("e1", "2016-03-01"), _event("e2", "2016-03-01"), _event("e3", "2016-03"),
              _event("e4", "2016-03-09"), _event("e5", None)]
    view = timeline_view(events)
    assert view is not None
    assert [e.id for e in view.undated] == ["e5"]
    assert view.numbers == {"e1": 1, "e2": 2, "e3": 3, "e4": 4}
    marks = {m.event_id: m for m in view.marks}
    assert marks["e1"].x == marks["e2"].x and marks["e1"].y != marks["e2"].y  # one day: stacked, not overlapping
    assert marks["e4"].x > marks["e1"].x
    assert marks["e3"].precision == "month" and marks["e3"].x2 > marks["e3"].x  # a month is a bar
    assert len(view.ticks) >= 3 and all(view.x0 <= t.x <= view.x1 for t in view.ticks)
    assert not view.breaks
    assert timeline_view([_event("u", None)]) is None  # nothing dated: no axis


def test_an_event_years_earlier_breaks_the_axis_instead_of_squashing_it() -> None:
    events = [_event("old", "1987"), *(_event(f"e{i}", f"2025-09-0{i}") for i in range(1, 8))]
    view = timeline_view(events)
    assert view is not None and len(view.breaks) == 1 and len(view.lines) == 2
    recent = sorted(m.x for m in view.marks if m.event_id != "old")
    assert recent[-1] - recent[0] > 300  # a week of events still spreads over most of the axis
    ticks = view.ticks
    for a, b in zip(ticks, ticks[1:], strict=False):  # tick labels never collide (6.2 px a character)
        assert b.x - a.x >= (len(a.label) + len(b.label)) * 6.2 / 2
    assert ticks[0].label == "1987" and any(t.label == "Aug 31, 2025" or t.label.endswith(", 2025") for t in ticks)


def test_many_events_on_one_day_end_in_a_more_mark() -> None:
    view = timeline_view([_event(f"e{i:02d}", "2025-09-02") for i in range(20)])
    assert view is not None
    assert len(view.marks) == 7 and len(view.more) == 1 and view.more[0].count == 13
    assert len({m.y for m in view.marks}) == 7


def test_updated_and_conflicting_facts_are_charted_over_time() -> None:
    updated = Fact(id="f1", label="people killed", status="updated", independent_sources=2, values=(
        _value("one", 1, 1, "2016-03-03", current=False), _value("two", 2, 2, "2016-03-05", "2016-03-06")))
    conflict = Fact(id="f2", label="people hurt", status="conflict", independent_sources=2, values=(
        _value("at least 12", 12, None, "2016-03-03"), _value("fewer than 5", None, 5, "2016-03-04")))
    single = Fact(id="f3", label="homes", status="single", independent_sources=1,
                  values=(_value("300", 300, 300, "2016-03-03"),))
    undated = Fact(id="f4", label="tanks", status="conflict", independent_sources=2,
                   values=(_value("3", 3, 3, None), _value("9", 9, 9, None)))
    assert [f.id for f in charted_facts([updated, conflict, single, undated])] == ["f1", "f2"]
    view = timeline_view([_event("e", "2016-03-02")], [updated, conflict, single, undated])
    assert view is not None
    one, two = view.charts[0].marks
    assert one.x < two.x and one.y > two.y and not one.current and two.current  # it rose; the old one is pale
    assert view.charts[0].steps.startswith("M")
    at_least, fewer = view.charts[1].marks
    assert at_least.open_top and fewer.open_bottom and not view.charts[1].steps
    assert view.charts[1].y_ticks[0][1] == "0"


# --------------------------------------------------------------------------- assets and packaging


def test_vendored_libraries_and_basemap_ship_with_their_licences() -> None:
    for folder, files in {"vendor/leaflet": ["leaflet.js", "leaflet.css", "LICENSE", "images/marker-icon.png"],
                          "vendor/leaflet.markercluster": ["leaflet.markercluster.js", "MarkerCluster.css", "LICENSE"],
                          "vendor/topojson-client": ["topojson-client.min.js", "LICENSE"],
                          "basemap": ["countries-50m.json", "us-states-10m.json", "LICENSE-world-atlas",
                                      "LICENSE-us-atlas", "README.md"]}.items():
        for name in files:
            assert (STATIC / folder / name).stat().st_size > 0, f"{folder}/{name}"
    assert "Leaflet 1.9.4" in (STATIC / "vendor/leaflet/leaflet.js").read_text(encoding="utf-8")[:200]
    total = sum(p.stat().st_size for p in STATIC.rglob("*") if p.is_file())
    assert total < 3_000_000  # the UI's assets, basemap included, stay small


def test_every_static_file_is_package_data() -> None:
    """A wheel holds what pyproject's package-data globs name: every asset must match one of them."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["newsfuse"]
    package = ROOT / "src" / "newsfuse"
    missing = [str(p.relative_to(package)) for p in (package / "server").rglob("*")
               if p.is_file() and p.suffix not in (".py", ".pyc")
               and not any(fnmatch.fnmatch(str(p.relative_to(package)), g) and
                           str(p.relative_to(package)).count("/") == g.count("/") for g in globs)]
    assert missing == []


# --------------------------------------------------------------------------- endpoints and pages


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, demo_store: Path) -> Iterator[TestClient]:
    db = copy_store(demo_store, tmp_path_factory.mktemp("maps") / "demo.sqlite")
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        yield c


def _stories(client: TestClient) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/api/stories", params={"per_page": 100}).json()["items"]
    return items


def test_the_story_list_map_has_a_point_per_located_story(client: TestClient) -> None:
    cards = _stories(client)
    located = [c for c in cards if c["place_geo"]]
    assert located, "the demo has a story placed in a town the gazetteer knows"
    data = client.get("/api/stories/map").json()
    assert data["type"] == "FeatureCollection" and data["total"] == len(cards) and data["located"] == len(located)
    by_id = {f["properties"]["story_id"]: f for f in data["features"]}
    assert set(by_id) == {c["id"] for c in located}
    for card in located:
        feature = by_id[card["id"]]
        assert feature["geometry"]["coordinates"] == [round(card["place_geo"]["lon"], 5),
                                                      round(card["place_geo"]["lat"], 5)]
        assert feature["properties"]["html_url"] == f"/stories/{card['id']}"
    assert client.get("/api/stories/map", params={"q": "no such words anywhere"}).json()["features"] == []
    assert client.get("/api/stories/map", params={"date_from": "bad"}).status_code == 422


def test_a_story_map_has_its_place_and_located_entities(client: TestClient) -> None:
    card = next(c for c in _stories(client) if c["place_geo"])
    story = client.get(f"/api/stories/{card['id']}").json()
    data = client.get(f"/api/stories/{card['id']}/map").json()
    located = {e["id"] for e in story["entities"] if e["geo"]}
    assert {f["properties"]["entity_id"] for f in data["features"]} == located
    roles = [f["properties"]["role"] for f in data["features"]]
    assert roles.count("place") == 1 and roles[0] == "place"
    assert client.get("/api/stories/nope/map").status_code == 404


def test_entity_pages_and_their_twins(client: TestClient) -> None:
    card = next(c for c in _stories(client) if c["place_geo"])
    story = client.get(f"/api/stories/{card['id']}").json()
    place = next(e for e in story["entities"] if e["id"] == story["place"]["entity_id"])
    data = client.get(f"/api/entities/{place['id']}", params={"story": story["id"]}).json()
    assert data["name"] == place["name"] and data["geo"] == place["geo"] and data["is_story_place"]
    assert data["stories"][0]["id"] == story["id"] and data["stories"][0]["entity_id"] == place["id"]
    assert client.get(f"/api/entities/{place['id']}").json()["id"] == place["id"]  # without the hint: found too
    assert client.get(f"/api/entities/{place['id']}/map", params={"story": story["id"]}).json()["features"]
    html = client.get(f"/entities/{place['id']}", params={"story": story["id"]}).text
    assert f"<h1>{place['name']}</h1>" in html and 'id="entity-map"' in html
    assert f'href="/api/entities/{place["id"]}?story={story["id"]}"' in html  # its JSON twin
    assert client.get("/api/entities/ent_nope").status_code == 404
    assert client.get("/entities/ent_nope").status_code == 404

    # The story page links every entity name to its page.
    page = client.get(f"/stories/{story['id']}").text
    for entity in story["entities"]:
        assert f'href="/entities/{entity["id"]}?story={story["id"]}"' in page


def test_the_story_page_draws_its_time_axis_and_map_container(client: TestClient) -> None:
    card = max(_stories(client), key=lambda c: c["counts"]["events"])
    story = client.get(f"/api/stories/{card['id']}").json()
    html = client.get(f"/stories/{card['id']}").text
    assert '<svg class="time-axis"' in html
    assert len(re.findall(r'<g class="tick', html)) >= 3
    dated = [e for e in story["events"] if e["date"]]
    shown = len(re.findall(r'<a href="#event-\d+" class="event-mark', html))
    more = sum(int(n) for n in re.findall(r'<text x="[\d.]+" y="[\d.]+">\+(\d+)</text>', html))
    assert shown + more == len(dated)
    assert html.count('<li class="event') == len(story["events"])
    if any(f["status"] in ("updated", "conflict") for f in story["facts"]):
        assert '<svg class="fact-axis"' in html
    placed = next(c for c in _stories(client) if c["place_geo"])
    assert f'data-geojson="/api/stories/{placed["id"]}/map"' in client.get(f"/stories/{placed['id']}").text


def test_the_story_list_carries_its_map_and_version(client: TestClient) -> None:
    html = client.get("/").text
    version = client.get("/api/stories/version").json()
    assert f'data-version="{version["version"]}"' in html
    assert 'data-geojson="/api/stories/map"' in html and 'data-api="/api/stories"' in html
    assert '<script src="/static/vendor/leaflet/leaflet.js" defer></script>' in html
    filtered = client.get("/", params={"q": "strike"}).text
    assert 'data-geojson="/api/stories/map?q=strike"' in filtered


def test_the_version_changes_when_stories_arrive(client: TestClient) -> None:
    before = client.get("/api/stories/version").json()
    map_before = client.get("/api/stories/map").json()
    posted = client.post("/api/articles", json={
        "id": "maps-new-1", "source": "Map Test", "title": f"Flood in Lyon {PAYLOAD}", "published": "2025-10-01",
        "text": "Heavy rain flooded streets in Lyon, France on Tuesday, officials said. At least 40 homes were "
                "damaged, the mayor of Lyon said."})
    assert posted.status_code == 201, posted.text
    after = client.get("/api/stories/version").json()
    assert after["version"] != before["version"] and after["articles"] == before["articles"] + 1
    map_after = client.get("/api/stories/map").json()
    assert map_after["version"] == after["version"] != map_before["version"]  # the cached map is not reused
    story_id = posted.json()["story_ids"][0]
    # Hostile text stays data in JSON and text in the page's SVG and lists.
    page = client.get(f"/stories/{story_id}").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page


def test_the_csp_stays_strict() -> None:
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
