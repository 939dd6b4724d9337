"""End to end: the CLI on the seed articles, the demo corpus and JSONL; the report contract holds."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from newsfuse.cli import DEMO_INPUTS, main
from newsfuse.pipeline import analyze
from newsfuse.report import report_schema

BOILERPLATE = re.compile(r"leave a reply|add new comment|comment policy|exit mobile version|^image:|required fields",
                         re.I | re.M)


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def analyze_json(*paths: str | Path, db: Path | None = None) -> dict:
    store = ["--db", str(db)] if db else ["--no-db"]
    code, out, err = run_cli("analyze", *map(str, paths), "--format", "json", *store)
    assert code == 0, err
    return json.loads(out)


def check_offsets(report: dict) -> None:
    """Every span in the report points inside its article's text; quoted spans match exactly."""
    texts = {a["id"]: a["text"] for a in report["articles"]}

    def ok(article_id: str, start: int, end: int) -> str:
        assert article_id in texts
        assert 0 <= start < end <= len(texts[article_id])
        return texts[article_id][start:end]

    for story in report["stories"]:
        for entity in story["entities"]:
            for m in entity["mentions"]:
                assert ok(m["article_id"], m["start"], m["end"]) in entity["aliases"]
        for claim in story["claims"]:
            ok(claim["article_id"], claim["start"], claim["end"])
            q = claim["quantity"]
            assert ok(claim["article_id"], claim["quantity_start"], claim["quantity_end"]) == q["text"]
        for event in story["events"]:
            for m in event["mentions"]:
                sentence = ok(m["article_id"], m["start"], m["end"])
                if event["date_text"]:
                    assert event["date_text"] in sentence or any(
                        event["date_text"] in ok(x["article_id"], x["start"], x["end"]) for x in event["mentions"])
        for sentence in story["summary"]:
            for c in sentence["citations"]:
                ok(c["article_id"], c["start"], c["end"])


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path) -> dict:
    return analyze_json(seeds_dir)


def test_seeds_report_validates_and_holds_one_story(seeds_report: dict) -> None:
    jsonschema.validate(seeds_report, report_schema())
    assert len(seeds_report["articles"]) == 5
    assert seeds_report["rejected"] == []
    [story] = seeds_report["stories"]
    assert sorted(story["article_ids"]) == sorted(a["id"] for a in seeds_report["articles"])
    check_offsets(seeds_report)


def test_seeds_text_is_clean_and_complete(seeds_report: dict, seeds_dir: Path) -> None:
    texts = [a["text"] for a in seeds_report["articles"]]
    for text in texts:
        assert not BOILERPLATE.search(text)
    for article in seeds_report["articles"]:
        if article["title"]:
            assert article["title"] not in article["text"]
    # No real sentence lost: every long line of the inputs that ends like a sentence is in some text.
    joined = "\n".join(texts)
    for path in seeds_dir.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line.split()) >= 12 and line[-1] in ".”\"":
                assert line in joined


def test_input_order_does_not_change_the_report(seeds_dir: Path, seeds_report: dict) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    random.Random(7).shuffle(files)
    assert analyze_json(*files) == seeds_report


def test_jsonl_with_dates_gives_dated_events(seeds_dir: Path, tmp_path: Path) -> None:
    published = ["2017-09-04", "2017-09-05", "2017-09-06", "2017-09-06", "2017-09-07"]
    lines = []
    for path, day in zip(sorted(seeds_dir.glob("*.txt")), published, strict=True):
        raw = path.read_text(encoding="utf-8")
        lines.append(json.dumps({"id": path.stem, "source": f"outlet-{path.stem[:3]}", "published": day, "text": raw}))
    (tmp_path / "seeds.jsonl").write_text("\n".join(lines), encoding="utf-8")
    report = analyze_json(tmp_path / "seeds.jsonl")
    jsonschema.validate(report, report_schema())
    events = [e for s in report["stories"] for e in s["events"]]
    dated = [e for e in events if e["date"]]
    assert dated, "relative dates resolve against the publication dates"
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", e["date"]) for e in dated)
    for story in report["stories"]:  # sorted by date, undated last
        keys = [(e["date"] is None, e["date"] or "") for e in story["events"]]
        assert keys == sorted(keys)
    check_offsets(report)


def test_demo_corpus(tmp_path: Path) -> None:
    report = analyze_json(*DEMO_INPUTS)
    assert report["rejected"] == []
    jsonschema.validate(report, report_schema())
    multi = [s for s in report["stories"] if len(s["article_ids"]) > 1]
    assert len(multi) >= 4
    assert any(e["date"] for s in report["stories"] for e in s["events"])
    copies = {a["id"]: a["duplicate_of"] for a in report["articles"] if a["duplicate_of"]}
    assert copies == {"demo-009": "demo-008"}  # the syndicated copy (see the demo README's answer key)
    check_offsets(report)
    # The designed disagreements of the answer key come out as conflicts.
    conflicts = {f["label"].split(" in ")[0] for s in report["stories"] for f in s["facts"] if f["status"] == "conflict"}
    assert {"people hospitalised", "civilians displaced", "workers striking", "people killed"} <= conflicts
    assert any(label.startswith("cost") for label in conflicts)
    # The queue at the strike-bound port grows: 23 vessels, then 31 ships, then 48, one updated fact.
    story_of = {a: s for s in report["stories"] for a in s["article_ids"]}
    [ships] = [f for f in story_of["demo-007"]["facts"] if f["label"].startswith("ships waiting")]
    assert ships["status"] == "updated"
    assert [(v["low"], v["current"]) for v in ships["values"]] == [(23, False), (31, False), (48, True)]
    # The 2011 strike at the same port is its own story, in the 2025 strike's thread; every other
    # story is a thread of its own.
    strike, earlier = story_of["demo-007"], story_of["demo-017"]
    assert sorted(earlier["article_ids"]) == ["demo-017", "demo-018"]
    assert strike["id"] != earlier["id"] and strike["thread_id"] == earlier["thread_id"]
    others = [s["thread_id"] for s in report["stories"] if s["id"] not in (strike["id"], earlier["id"])]
    assert strike["thread_id"] not in others and len(set(others)) == len(others)


def test_store_rerun_adds_nothing(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "store.sqlite"
    first = analyze_json(seeds_dir, db=db)
    second = analyze_json(seeds_dir, db=db)  # served from the parse cache
    assert first == second
    code, out, _ = run_cli("stats", "--db", str(db), "--format", "json")
    counts = json.loads(out)
    assert counts["articles"] == 5 and counts["stories"] == 1 and counts["threads"] == 1


def test_markdown_brief(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    code, _, err = run_cli("analyze", str(seeds_dir), "--format", "markdown", "--no-db", "--out", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# newsfuse report — 1 story from 5 articles")
    assert "*5 articles from " in text
    assert "### Facts" in text and "**CONFLICT**" in text
    assert "### Summary" in text


def test_counted_nouns() -> None:
    from newsfuse.report import counted

    assert counted(1, "article") == "1 article"
    assert counted(0, "article") == "0 articles"
    assert counted(2, "story", "stories") == "2 stories"


def test_all_bad_inputs_exit_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    code, out, err = run_cli("analyze", str(tmp_path), "--no-db")
    assert code == 1
    assert "none of the 2 inputs" in err
    assert json.loads(out)["rejected"]


def test_schema_command() -> None:
    code, out, _ = run_cli("schema")
    schema = json.loads(out)
    assert code == 0
    assert {"articles", "rejected", "stories", "schema_version"} <= set(schema["properties"])


def _one_fact(tmp_path: Path, rows: list[dict], label: str):  # type: ignore[no-untyped-def]
    (tmp_path / "story.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    [story] = analyze([str(tmp_path / "story.jsonl")]).stories
    [fact] = [f for f in story.facts if f.label.startswith(label)]
    return fact


def test_an_outlet_of_the_story_is_an_organisation_whatever_ner_says(tmp_path: Path) -> None:
    rows = [
        {"id": "w1", "source": "Granite Coast", "published": "2025-04-02", "title": "Storm sinks boats at Orlen pier",
         "text": "A storm sank two fishing boats at the Orlen pier on Tuesday. Crews towed the wrecks ashore."},
        {"id": "w2", "source": "Orlen Post", "published": "2025-04-02", "title": "Boats sink in Orlen storm",
         "text": "A storm sank two fishing boats at the Orlen pier on Tuesday, the Granite Coast reported. "
                 "Crews towed the wrecks ashore."},
    ]
    (tmp_path / "storm.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    [story] = analyze([str(tmp_path / "storm.jsonl")]).stories
    [outlet] = [e for e in story.entities if e.name == "Granite Coast"]
    assert outlet.type == "ORG"


def test_markdown_names_the_other_stories_of_a_thread(tmp_path: Path) -> None:
    from dataclasses import replace

    from newsfuse.report import to_markdown

    rows = [
        {"id": "f1", "source": "Pelham Post", "published": "2019-05-02", "title": "Fire destroys Pelham grain store",
         "text": "A fire destroyed the grain store in Pelham on Wednesday. Firefighters fought it for six hours."},
        {"id": "f2", "source": "Orton Gazette", "published": "2024-03-08", "title": "Orton library reopens",
         "text": "The Orton library reopened on Thursday after a two-year renovation paid for by the council."},
    ]
    (tmp_path / "pelham.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    report = analyze([str(tmp_path / "pelham.jsonl")])
    assert len(report.stories) == 2
    alone = to_markdown(report)
    assert "Same thread" not in alone
    one_thread = replace(report, stories=tuple(replace(s, thread_id="thr_test") for s in report.stories))
    text = to_markdown(one_thread)
    assert "*Same thread: “Fire destroys Pelham grain store” (2019-05-02)*" in text
    assert "*Same thread: “Orton library reopens” (2024-03-08)*" in text


FERRY = [
    {"id": "a1", "source": "Coast Daily", "published": "2025-03-02", "title": "Ferry capsizes off Port Ellis",
     "text": "A ferry capsized off Port Ellis on Saturday. Four people died, said Sam Ode, a spokesman for the "
             "Port Ellis Harbour Authority. Rescue boats searched the bay through the night."},
    {"id": "a2", "source": "Bay Herald", "published": "2025-03-02", "title": "Four dead as ferry capsizes",
     "text": "A ferry capsized off Port Ellis on Saturday. The Port Ellis Harbour Authority said four people "
             "died. Rescue boats searched the bay through the night."},
]
DOCK_STRIKE = [
    {"id": "u1", "source": "Coast Daily", "published": "2025-05-06", "title": "Dock strike shuts Orlen port",
     "text": "Dockworkers at Orlen port went on strike on Monday. The Orlen Dock Workers Federation said about "
             "900 members were on strike. Ships waited offshore."},
    {"id": "u2", "source": "Bay Herald", "published": "2025-05-06", "title": "Orlen dockers strike over pay",
     "text": "Dockworkers at Orlen port went on strike on Monday over pay. The union said about 900 members "
             "were on strike. Ships waited offshore."},
]


@pytest.mark.parametrize(("rows", "label", "sources"), [
    # a spokesperson and the body they speak for
    (FERRY, "people killed", ("Port Ellis Harbour Authority", "Sam Ode")),
    # "the union" and the one union the story names
    (DOCK_STRIKE, "workers striking", ("Orlen Dock Workers Federation",)),
], ids=["spokesperson", "the-union"])
def test_one_source_told_two_ways_counts_once(tmp_path: Path, rows: list[dict], label: str,
                                              sources: tuple[str, ...]) -> None:
    fact = _one_fact(tmp_path, rows, label)
    assert fact.values[0].sources == sources
    assert fact.independent_sources == 1 and fact.status == "single"  # not corroborated by itself

def test_serve_keeps_idle_connections_open_long_enough(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """uvicorn closes an idle keep-alive connection after 5 s by default; a client reusing it just
    then gets a reset (seen as transport errors under load). `serve` keeps them longer."""
    import uvicorn

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    code, _, err = run_cli("serve", "--db", str(tmp_path / "s.sqlite"), "--port", "8123")
    assert code == 0, err
    assert seen["port"] == 8123 and seen["timeout_keep_alive"] >= 30
