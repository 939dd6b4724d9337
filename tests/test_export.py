"""`newsfuse export` in its formats (json, csv, geojson, events-csv), the same from the API, and the event
table (ACLED-style) read as it is by pandas and DuckDB."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsfuse.cli import main
from newsfuse.report.exports import EVENT_COLUMNS, figures_of, report_events_csv
from newsfuse.server import create_app
from newsfuse.types import Article, Entity, Event, Fact, FactValue, Geo, Place, Report, Story

FORMATS = ("json", "csv", "geojson", "events-csv")


@pytest.fixture(scope="module")
def exported(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each format exported from the demo store by the command line, to a file."""
    folder = tmp_path_factory.mktemp("exports")
    files = {}
    for fmt in FORMATS:
        out = folder / f"demo.{fmt}"
        result = CliRunner().invoke(main, ["export", "--db", str(demo_store), "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        files[fmt] = out
    return files


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_json_export_is_the_report(exported: dict[str, Path]) -> None:
    report = json.loads(exported["json"].read_text(encoding="utf-8"))
    assert report["schema_version"] == "1" and report["stories"] and report["articles"]


def test_geojson_export_is_a_feature_collection_with_features(exported: dict[str, Path]) -> None:
    collection = json.loads(exported["geojson"].read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float) and -180 <= lon <= 180 and -90 <= lat <= 90


def test_events_csv_has_one_row_per_story_event(exported: dict[str, Path]) -> None:
    report = json.loads(exported["json"].read_text(encoding="utf-8"))
    rows = _rows(exported["events-csv"])
    assert tuple(rows[0]) == EVENT_COLUMNS
    events = [(s["id"], e["id"]) for s in report["stories"] for e in s["events"]]
    eventless = [(s["id"], "") for s in report["stories"] if not s["events"]]
    assert sorted((r["story_id"], r["event_id"]) for r in rows) == sorted(events + eventless)
    for row in rows:
        precision = {10: "day", 7: "month", 4: "year", 0: "unknown"}[len(row["date"])]
        assert row["date_precision"] == precision
        assert row["figures_status"] in {"", "conflict", "updated", "corroborated", "single"}
        assert (row["lat"] == "") == (row["lon"] == "")
        assert int(row["independent_sources"]) <= len(row["sources"].split(";"))


def test_a_storys_figures_are_on_one_row_and_cite_the_disagreement(exported: dict[str, Path]) -> None:
    report = json.loads(exported["json"].read_text(encoding="utf-8"))
    rows = _rows(exported["events-csv"])
    carrying = [r for r in rows if r["killed_best"] or r["injured_best"]]
    assert len({r["story_id"] for r in carrying}) == len(carrying)  # never twice for one story: columns add up
    # the flood: four deaths confirmed by two officials, "at least seven" by the sheriff
    flood = next(s for s in report["stories"] if "Kestrel Ford" in s["title"])
    [row] = [r for r in carrying if r["story_id"] == flood["id"]]
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == ("4", "4", "7")
    assert row["figures_status"] == "conflict"
    assert " vs " in row["notes"] and "Joanna Reyes" in row["notes"] and "Derek Holm" in row["notes"]
    fact = next(f for f in flood["facts"] if f["measure"] == "killed")
    assert row["figures_sources"] == str(fact["independent_sources"])


def test_the_csv_exports_load_as_they_are_in_pandas(exported: dict[str, Path]) -> None:
    pandas = pytest.importorskip("pandas")
    events = pandas.read_csv(exported["events-csv"])
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert len(events) == len(_rows(exported["events-csv"]))
    assert events["lat"].dtype.kind == "f" and events["killed_best"].dtype.kind == "f"
    assert events["independent_sources"].dtype.kind == "i"
    facts = pandas.read_csv(exported["csv"])
    assert len(facts) == len(_rows(exported["csv"])) > 0


def test_the_csv_exports_load_as_they_are_in_duckdb(exported: dict[str, Path]) -> None:
    duckdb = pytest.importorskip("duckdb")
    with duckdb.connect() as con:
        count, killed = con.execute("SELECT count(*), sum(killed_best) FROM read_csv_auto(?)",
                                    [str(exported["events-csv"])]).fetchone()
        assert count == len(_rows(exported["events-csv"]))
        assert killed is not None and killed > 0
        kinds = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv_auto(?))",
                                 [str(exported["events-csv"])]).fetchall())
        assert kinds["lat"] == "DOUBLE" and kinds["independent_sources"] in {"BIGINT", "INTEGER"}
        [(facts,)] = con.execute("SELECT count(*) FROM read_csv_auto(?)", [str(exported["csv"])]).fetchall()
        assert facts == len(_rows(exported["csv"]))


def test_the_api_gives_the_same_exports(demo_store: Path, exported: dict[str, Path]) -> None:
    with TestClient(create_app(demo_store), base_url="http://127.0.0.1") as client:
        for route in ("/api/export", "/api/report"):
            response = client.get(route, params={"format": "events-csv"})
            assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
            assert response.text == exported["events-csv"].read_bytes().decode("utf-8")
        geo = client.get("/api/export", params={"format": "geojson"}).json()
        assert geo == json.loads(exported["geojson"].read_text(encoding="utf-8"))
        assert client.get("/api/export", params={"format": "xml"}).status_code == 422


# --------------------------------------------------------------------------- the figures, on a story made here


def _value(text: str, low: float | None, high: float | None, sources: tuple[str, ...], current: bool = True,
           day: str = "2025-09-14") -> FactValue:
    return FactValue(text=text, low=low, high=high, unit="people", claim_ids=(f"clm_{text}",),
                     article_ids=tuple(f"art_{s}" for s in sources), sources=sources, first_reported=day,
                     last_reported=day, current=current)


def _story(fact: Fact, title: str = "Bridge collapse") -> Story:
    town = Entity(id="ent_town", name="Kestrel Ford", type="GPE", aliases=("Kestrel Ford",), mentions=(),
                  geo=Geo(lat=51.5, lon=-1.25, gazetteer_id="geonames:1"))
    events = (Event(id="evt_1", description="A bridge gave way.", date="2025-09-14", date_text="Sunday",
                    location="ent_town", article_ids=("art_AP",), claim_ids=()),
              Event(id="evt_2", description="Three people were killed.", date="2025-09", date_text="September",
                    location=None, article_ids=("art_AP", "art_CNN"),
                    claim_ids=tuple(c for v in fact.values for c in v.claim_ids)))
    return Story(id="sty_1", title=title, article_ids=("art_AP", "art_CNN"), thread_id="thr_1", entities=(town,),
                 claims=(), facts=(fact,), events=events, summary=(),
                 place=Place(entity_id="ent_town", name="Kestrel Ford", geo=town.geo), date="2025-09-14")


ARTICLES = tuple(Article(id=f"art_{s}", source=s, url=None, title=None, published="2025-09-14", text="x")
                 for s in ("AP", "CNN"))


def _table(fact: Fact) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(report_events_csv(Report(ARTICLES, (), (_story(fact),))))))


def test_an_updated_toll_is_best_at_its_current_value() -> None:
    fact = Fact(id="fct_1", label="people killed", status="updated", independent_sources=2, scope="people",
                measure="killed", values=(_value("3", 3, 3, ("AP", "Reuters"), current=False),
                                          _value("4", 4, 4, ("CNN",), day="2025-09-15")))
    assert figures_of(fact) == (4, 4, 4)
    [first, second] = _table(fact)
    assert first["killed_best"] == "" and first["place"] == "Kestrel Ford" and first["place_from"] == "event"
    assert (second["killed_low"], second["killed_best"], second["killed_high"]) == ("4", "4", "4")
    assert second["figures_status"] == "updated"
    assert second["notes"] == ("killed (people killed): 3 (AP, Reuters, 2025-09-14) updated to 4 (CNN, 2025-09-15)")
    assert (second["place"], second["place_from"], second["lat"]) == ("Kestrel Ford", "story", "51.5")
    assert (second["date"], second["date_precision"]) == ("2025-09", "month")
    assert (second["sources"], second["independent_sources"]) == ("AP;CNN", "2")


def test_a_conflict_spans_its_values_and_best_is_the_most_sourced() -> None:
    fact = Fact(id="fct_1", label="people killed", status="conflict", independent_sources=3, scope="people",
                measure="killed", values=(_value("3", 3, 3, ("AP", "Reuters")), _value("at least 5", 5, None, ("CNN",)),
                                          _value("around 70", 63, 77, ("SOHR",))))
    assert figures_of(fact) == (3, 3, 77)
    row = _table(fact)[1]
    assert row["notes"] == "killed (people killed): 3 (AP, Reuters) vs at least 5 (CNN) vs around 70 (SOHR)"


def test_text_a_spreadsheet_would_run_is_quoted() -> None:
    fact = Fact(id="fct_1", label="people killed", status="single", independent_sources=1, scope="people",
                measure="killed", values=(_value("3", 3, 3, ("AP",)),))
    text = report_events_csv(Report(ARTICLES, (), (_story(fact, title="=HYPERLINK(\"http://x\")"),)))
    assert {r["story_title"] for r in csv.DictReader(io.StringIO(text))} == {"'=HYPERLINK(\"http://x\")"}


def test_a_scope_the_label_already_names_is_not_noted_again() -> None:
    from newsfuse.report.text import scope_note

    def fact(label: str, scope: str) -> Fact:
        return Fact(id="fct_1", label=label, status="single", independent_sources=1, scope=scope, measure="killed",
                    values=(_value("2", 2, 2, ("AP",)),))

    assert scope_note(fact("officers killed in Kestrel Ford", "officers")) == "part: officers"
    assert scope_note(fact("people killed (another event in 2015) in Kestrel Ford", "another event in 2015")) is None
    assert scope_note(fact("people killed in Kestrel Ford", "people")) is None
