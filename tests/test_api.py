"""The JSON API and HTML pages over a store built from the bundled demo corpus (FastAPI TestClient)."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from conftest import copy_store
from newsfuse.report import report_schema
from newsfuse.server import create_app
from newsfuse.server.views import Layer, highlight_segments, map_extent, safe_url
from storelock import lock_is_held, write_locked

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
HOSTILE = {
    "id": "hostile-1",
    "source": 'Evil "Outlet" <b>bold</b>',
    "url": "javascript:alert(1)",
    "title": f"Hostile headline {PAYLOAD}",
    "published": "2025-09-20",
    "text": (f"Officials in Port Aldine said at least 12 people were hurt {PAYLOAD} after the storm on Friday.\n\n"
             "The mayor said more than 300 homes lost power, and crews worked through the night to restore it."),
}
MAX_BODY = 200_000


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory, demo_store: Path) -> Path:
    """A copy of the demo store (the module posts to it)."""
    return copy_store(demo_store, tmp_path_factory.mktemp("api") / "demo.sqlite")


@pytest.fixture(scope="module")
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db_path, max_body_bytes=MAX_BODY), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def posted(client: TestClient) -> dict[str, Any]:
    """The hostile article, stored through the API (this is also the valid-POST case)."""
    response = client.post("/api/articles", json=HOSTILE)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return report_schema()


def _validator(schema: dict[str, Any], definition: str | None = None) -> jsonschema.Draft202012Validator:
    if definition is None:
        return jsonschema.Draft202012Validator(schema)
    # Validate against one definition, keeping the $defs it refers to.
    sub = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(sub)


def _conflicted_story(client: TestClient) -> dict[str, Any]:
    """A story with at least one conflicting fact, else the largest story."""
    items = client.get("/api/stories", params={"per_page": 100}).json()["items"]
    with_conflicts = [s for s in items if s["counts"]["conflicts"]]
    return (with_conflicts or items)[0]


# --------------------------------------------------------------------------- contract


def test_report_validates_against_the_schema(client: TestClient, schema: dict[str, Any]) -> None:
    response = client.get("/api/report")
    assert response.status_code == 200
    report = response.json()
    _validator(schema).validate(report)
    assert report["schema_version"] == "1" and report["rejected"] == []
    ids = {a["id"] for a in report["articles"]}
    assert {"demo-001", "demo-016"} <= ids
    sizes = [len(s["article_ids"]) for s in report["stories"]]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] >= 3


def test_story_matches_the_story_definition(client: TestClient, schema: dict[str, Any]) -> None:
    card = client.get("/api/stories").json()["items"][0]
    story = client.get(f"/api/stories/{card['id']}").json()
    _validator(schema, "Story").validate(story)
    assert story["id"] == card["id"] and story["title"] == card["title"]
    assert len(story["article_ids"]) == card["article_count"]
    entities = client.get(f"/api/stories/{card['id']}/entities").json()
    assert [e["id"] for e in entities] == [e["id"] for e in story["entities"]]
    for entity in entities:
        _validator(schema, "Entity").validate(entity)
    events = client.get(f"/api/stories/{card['id']}/events").json()
    assert events == story["events"]


def test_facts_filter_by_status(client: TestClient) -> None:
    card = _conflicted_story(client)
    every = client.get(f"/api/stories/{card['id']}/facts").json()
    conflicts = client.get(f"/api/stories/{card['id']}/facts", params={"status": "conflict"}).json()
    assert len(conflicts) == card["counts"]["conflicts"]
    assert all(f["status"] == "conflict" for f in conflicts)
    assert {f["id"] for f in conflicts} <= {f["id"] for f in every}
    assert client.get(f"/api/stories/{card['id']}/facts", params={"status": "bogus"}).status_code == 422


def test_unknown_ids_are_404(client: TestClient) -> None:
    for path in ("/api/stories/nope", "/api/stories/nope/facts", "/api/articles/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert "nope" in response.json()["detail"]
    page = client.get("/stories/nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


# --------------------------------------------------------------------------- paging and search


def test_story_paging_covers_every_story_once(client: TestClient) -> None:
    first = client.get("/api/stories", params={"per_page": 2}).json()
    assert first["page"] == 1 and first["per_page"] == 2 and len(first["items"]) == 2
    seen = [s["id"] for page in range(1, first["pages"] + 1)
            for s in client.get("/api/stories", params={"per_page": 2, "page": page}).json()["items"]]
    assert len(seen) == len(set(seen)) == first["total"]
    beyond = client.get("/api/stories", params={"per_page": 2, "page": first["pages"] + 1}).json()
    assert beyond["items"] == []
    assert client.get("/api/stories", params={"per_page": 0}).status_code == 422
    assert client.get("/api/stories", params={"per_page": 101}).status_code == 422


def test_story_search_by_text_entity_and_date(client: TestClient) -> None:
    every = client.get("/api/stories", params={"per_page": 100}).json()
    story = client.get(f"/api/stories/{every['items'][0]['id']}").json()
    word = max(story["title"].split(), key=len)
    hits = client.get("/api/stories", params={"q": word.upper()}).json()
    assert story["id"] in {s["id"] for s in hits["items"]} and hits["total"] < every["total"]

    alias = max((a for e in story["entities"] for a in e["aliases"]), key=len)
    by_entity = client.get("/api/stories", params={"entity": alias.lower()}).json()
    assert story["id"] in {s["id"] for s in by_entity["items"]}
    assert client.get("/api/stories", params={"entity": "zzqx no such name"}).json()["total"] == 0

    dates = sorted(e["date"] for e in story["events"] if e["date"] and len(e["date"]) == 10)
    day = dates[-1] if dates else every["items"][0]["first_published"]
    on_day = client.get("/api/stories", params={"date_from": day, "date_to": day}).json()
    assert story["id"] in {s["id"] for s in on_day["items"]}
    assert client.get("/api/stories", params={"date_from": "1900-01-01", "date_to": "1900-12-31"}).json()["total"] == 0
    assert client.get("/api/stories", params={"date_from": "yesterday"}).status_code == 422
    assert client.get("/api/stories", params={"q": "100%_"}).json()["total"] == 0  # wildcards are literal


def test_story_search_takes_any_text(client: TestClient) -> None:
    """Search text never reaches FTS5's query syntax: quotes, operators, NUL are plain separators."""
    for q in ('"', '"unterminated', "*", ":", "NEAR(", "a:b", "(x", "^x", "x OR", "-", "{title}: x"):
        response = client.get("/api/stories", params={"q": q, "entity": q})
        assert response.status_code == 200, (q, response.text)
        assert client.get("/", params={"q": q}).status_code == 200
    for nothing in ("%00", "%22%2A%3A", "%2A", "%E2%80%94"):  # NUL, '"*:', '*', an em dash: no word to look for
        response = client.get(f"/api/stories?q={nothing}")
        assert response.status_code == 200 and response.json()["total"] == 0, nothing


def test_reads_do_not_wait_for_a_writer(client: TestClient, db_path: Path) -> None:
    """GET requests open the store read-only: while another connection holds the write lock (an ingest),
    they answer at once from the last committed state."""
    with write_locked(db_path, seconds=3.0) as until:
        started = time.monotonic()
        response = client.get("/api/stories")
        api_seconds = time.monotonic() - started
        page = client.get("/", params={"q": "river"})
        assert time.monotonic() < until and lock_is_held(db_path)  # both answered while the lock was held
    assert response.status_code == 200 and response.json()["total"] > 0
    assert page.status_code == 200
    assert api_seconds < 1.0, api_seconds


def test_article_paging_and_twin(client: TestClient) -> None:
    page = client.get("/api/articles", params={"per_page": 5}).json()
    assert page["total"] >= 16 and len(page["items"]) == 5
    item = page["items"][0]
    article = client.get(item["url_api"]).json()
    assert article["id"] == item["id"] and article["text"]
    html = client.get(item["html_url"])
    assert html.status_code == 200 and f'href="/api/articles/{item["id"]}"' in html.text
    only = client.get("/api/articles", params={"source": article["source"]}).json()
    assert only["total"] >= 1 and all(a["source"] == article["source"] for a in only["items"])


# --------------------------------------------------------------------------- exports


def test_csv_export_has_one_row_per_fact_value(client: TestClient) -> None:
    response = client.get("/api/report", params={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    report = client.get("/api/report").json()
    values = [(s["id"], f["id"], v["text"]) for s in report["stories"] for f in s["facts"] for v in f["values"]]
    assert len(rows) == len(values) > 0
    assert {(r["story_id"], r["fact_id"]) for r in rows} == {(s, f) for s, f, _ in values}
    assert {"fact_label", "status", "value_text", "low", "high", "unit", "sources", "article_ids"} <= set(rows[0])
    assert {r["status"] for r in rows} <= {"conflict", "corroborated", "single", "updated"}
    assert {"scope", "first_reported", "last_reported", "current"} <= set(rows[0])


def test_geojson_export_lists_geocoded_places(client: TestClient) -> None:
    response = client.get("/api/report", params={"format": "geojson"})
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    report = client.get("/api/report").json()
    geocoded = {e["geo"]["gazetteer_id"] for s in report["stories"] for e in s["entities"] if e["geo"]}
    assert {f["properties"]["gazetteer_id"] for f in collection["features"]} == geocoded
    story_ids = {s["id"] for s in report["stories"]}
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert set(feature["properties"]["story_ids"]) <= story_ids


# --------------------------------------------------------------------------- upload


def test_post_stores_the_article_and_names_its_story(client: TestClient, posted: dict[str, Any]) -> None:
    assert posted["article_ids"] == ["hostile-1"] and posted["added"] == 1
    assert posted["story_ids"]
    story = client.get(f"/api/stories/{posted['story_ids'][0]}").json()
    assert "hostile-1" in story["article_ids"]
    again = client.post("/api/articles", json=[HOSTILE])  # same record again: nothing new
    assert again.status_code == 201 and again.json()["added"] == 0


@pytest.mark.parametrize("body, needle", [
    (b"{not json", "not valid JSON"),
    (json.dumps({"source": "x"}).encode(), "neither 'text' nor 'html'"),
    (json.dumps({"text": 42}).encode(), "'text' must be a string"),
    (json.dumps([{"text": "A fine article body that is long enough to keep around."}, "oops"]).encode(),
     "record 2"),
    (json.dumps([]).encode(), "empty list"),
    (json.dumps({"text": "tiny"}).encode(), "nothing left"),
])
def test_invalid_post_is_422_with_a_reason(client: TestClient, body: bytes, needle: str) -> None:
    response = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert needle in response.json()["detail"]


def test_oversized_post_is_413(client: TestClient) -> None:
    big = json.dumps({"text": "word " * (MAX_BODY // 4)}).encode()
    response = client.post("/api/articles", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    # Without a Content-Length header (a streamed body) the limit still holds.
    streamed = client.post("/api/articles", content=iter([big[:MAX_BODY // 2], big[MAX_BODY // 2:]]),
                           headers={"content-type": "application/json"})
    assert streamed.status_code == 413


# --------------------------------------------------------------------------- security


@pytest.mark.parametrize("path", ["/", "/api/stories", "/static/style.css", "/nope", "/docs", "/api/report?format=csv"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"]


def test_pages_have_no_inline_script_or_style(client: TestClient, posted: dict[str, Any]) -> None:
    story_id = _conflicted_story(client)["id"]
    for path in ("/", f"/stories/{story_id}", "/articles/demo-001", "/articles", "/docs", "/stories/nope"):
        html = client.get(path).text
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert '<script src="/static/app.js" defer></script>' in html


def test_hostile_content_is_escaped(client: TestClient, posted: dict[str, Any]) -> None:
    pages = [client.get("/articles/hostile-1").text, client.get(f"/stories/{posted['story_ids'][0]}").text,
             client.get("/articles").text]
    for html in pages:
        assert "<script>window" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
        assert 'href="javascript:' not in html
    article = pages[0]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article
    assert "onerror=&#34;window.__pwned=1&#34;" in article or "onerror=&quot;window.__pwned=1&quot;" in article
    assert "Evil &#34;Outlet&#34; &lt;b&gt;bold&lt;/b&gt;" in article
    # The JSON twin returns the text as data, unchanged.
    assert PAYLOAD in client.get("/api/articles/hostile-1").json()["text"]


def test_an_article_not_in_english_is_shown_as_not_read(client: TestClient) -> None:
    text = ("Le conseil municipal a voté mardi la fermeture du vieux pont, après que des ingénieurs ont trouvé des "
            "fissures dans les piliers. Les habitants devront faire un détour de dix kilomètres pendant les travaux.")
    response = client.post("/api/articles", json={"id": "pont-1", "source": "Journal", "title": "Le pont ferme",
                                                  "published": "2025-03-04", "text": text})
    assert response.status_code == 201, response.text
    assert client.get("/api/articles/pont-1").json()["metadata"]["language"] == "fr"
    assert "Not in English (fr)" in client.get("/articles/pont-1").text
    assert "Not in English" not in client.get("/articles/demo-001").text


def test_story_page_shows_summary_facts_timeline_and_entities(client: TestClient) -> None:
    card = _conflicted_story(client)
    story = client.get(f"/api/stories/{card['id']}").json()
    html = client.get(f"/stories/{card['id']}").text
    assert f'href="/api/stories/{card["id"]}"' in html  # the JSON twin
    for sentence in story["summary"]:
        for c in sentence["citations"]:
            assert f'/articles/{c["article_id"]}#span-{c["start"]}-{c["end"]}' in html
    assert html.count('class="fact status-') == len(story["facts"])
    assert html.count('class="fact status-conflict"') == card["counts"]["conflicts"]
    assert html.count('<li class="event') == len(story["events"])


def test_article_page_marks_spans_and_citation_anchors(client: TestClient) -> None:
    story = client.get(f"/api/stories/{_conflicted_story(client)['id']}").json()
    citation = story["summary"][0]["citations"][0]
    html = client.get(f"/articles/{citation['article_id']}").text
    assert f'id="span-{citation["start"]}-{citation["end"]}"' in html
    assert '<mark class="' in html and "ent-" in html


# --------------------------------------------------------------------------- pure helpers


def test_highlight_segments_rebuild_the_text_and_nest_overlaps() -> None:
    text = "Mayor Ruth Calloway said 3,000 people left."
    layers = [Layer(6, 19, "ent"), Layer(0, 43, "claim"), Layer(25, 30, "qty"), Layer(40, 99, "x")]
    segments = highlight_segments(text, layers, anchors=[(0, 43), (50, 60)])
    assert "".join(s.text for s in segments) == text
    assert [s.kinds for s in segments if s.text == "Ruth Calloway"] == [("claim", "ent")]
    assert [s.anchors for s in segments if s.start == 0] == [("span-0-43",)]
    assert segments[-1].end == len(text)


def test_only_http_links_are_links() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.test/x", "ftp://x.test/", "http://", None, ""):
        assert safe_url(bad) is None


def test_map_extent_fits_points_in_the_world() -> None:
    lon0, lat0, lon1, lat1 = map_extent([(170.0, 60.0), (179.0, 85.0)])
    assert -180 <= lon0 < 170 and 179 < lon1 <= 180 and lat0 >= -90 and lat1 <= 90
    assert abs((lon1 - lon0) / (lat1 - lat0) - 2) < 1e-9
    assert map_extent([]) == (-180.0, -90.0, 180.0, 90.0)


def test_seeds_story_serves_its_conflicts(tmp_path: Path, seeds_dir: Path) -> None:
    """`newsfuse ingest ../shared/corpora/seeds --db X && newsfuse serve --db X`: one story, its conflicts shown."""
    from click.testing import CliRunner

    from newsfuse.cli import main

    db = tmp_path / "seeds.sqlite"
    result = CliRunner().invoke(main, ["ingest", str(seeds_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        [story] = c.get("/api/stories").json()["items"]
        conflicts = c.get(f"/api/stories/{story['id']}/facts", params={"status": "conflict"}).json()
        assert len(conflicts) >= 3
        page = c.get(f"/stories/{story['id']}").text
        assert all(f["label"] in page for f in conflicts)


def test_the_stories_of_a_thread_are_listed_and_linked(client: TestClient) -> None:
    from collections import Counter

    every = client.get("/api/stories", params={"per_page": 100}).json()["items"]
    sizes = Counter(s["thread_id"] for s in every)
    thread, size = sizes.most_common(1)[0]
    assert size >= 2  # the demo's two strikes at the Port of Wexmoor
    listed = client.get("/api/stories", params={"thread": thread}).json()
    assert listed["total"] == size
    assert all(s["thread_id"] == thread and s["thread_stories"] == size for s in listed["items"])
    single = next(s for s in every if sizes[s["thread_id"]] == 1)
    assert single["thread_stories"] == 1
    assert client.get(single["thread_url"]).json()["total"] == 1

    assert f'href="/?thread={thread}"' in client.get("/").text  # the card's thread badge
    assert client.get("/", params={"thread": thread}).text.count('class="story-card"') == size
    first, second = (s["id"] for s in listed["items"][:2])
    page = client.get(f"/stories/{first}").text
    assert 'id="thread"' in page and f'href="/stories/{second}"' in page
    assert 'id="thread"' not in client.get(f"/stories/{single['id']}").text
