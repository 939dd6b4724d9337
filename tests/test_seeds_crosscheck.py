"""The cross-checked account of the five seed articles: what a fact-checker needs to see."""

from __future__ import annotations

import pytest

from newsfuse.config import Settings
from newsfuse.pipeline import analyze
from newsfuse.report import report_dict


@pytest.fixture(scope="module")
def story(seeds_dir) -> dict:
    report = report_dict(analyze([seeds_dir], Settings()))
    [story] = report["stories"]
    return story


def _fact(story: dict, *words: str) -> dict:
    found = [f for f in story["facts"] if all(w in f["label"] for w in words)]
    assert found, f"no fact labelled with {words}: {[f['label'] for f in story['facts']]}"
    return max(found, key=lambda f: len(f["values"]))


def test_the_three_disagreements_are_conflicts_and_nothing_else(story: dict) -> None:
    killed = _fact(story, "militants", "killed")
    civilians = _fact(story, "civilians")
    siege = _fact(story, "siege")
    for fact in (killed, civilians, siege):
        assert fact["status"] == "conflict"
        assert all(v["sources"] and v["claim_ids"] and v["article_ids"] for v in fact["values"])
    conflicts = {f["id"] for f in story["facts"] if f["status"] == "conflict"}
    assert conflicts == {killed["id"], civilians["id"], siege["id"]}  # no false conflict


def test_relayed_ministry_figure_counts_once(story: dict) -> None:
    killed = _fact(story, "militants", "killed")
    claims = {c["id"]: c for c in story["claims"]}
    ministry = [v for v in killed["values"] if v["low"] == 200]
    assert ministry and len({a for v in ministry for a in v["article_ids"]}) >= 2  # told by two outlets
    speakers = {claims[c]["speaker"] for v in ministry for c in v["claim_ids"]}
    assert len(speakers) == 1 and None not in speakers  # ... from one ministry
    assert killed["independent_sources"] == 2  # the ministry and the observatory
    assert any("RT reported" in claims[c]["via"] for v in ministry for c in v["claim_ids"])


def test_numbers_of_other_events_stay_out(story: dict) -> None:
    killed = _fact(story, "militants", "killed")
    assert all(v["low"] is None or v["low"] < 700 for v in killed["values"])  # the earlier battle's toll
    soldiers = [f for f in story["facts"] if "soldier" in f["label"]]
    assert all(f["status"] != "conflict" for f in soldiers)


def test_spellings_merge_into_one_entity(story: dict) -> None:
    def entity_with(alias: str) -> dict:
        return next(e for e in story["entities"] if alias in e["aliases"])

    group = entity_with("ISIS")
    assert {"ISIL", "IS", "Daesh", "Islamic State"} <= set(group["aliases"])
    city = entity_with("Deir ez-Zor")
    assert {"Deir Ezzor", "Deir Ez-Zor"} <= set(city["aliases"]) and city["geo"] is not None
    assert entity_with("Sergey Rudskov") is entity_with("General Sergey Rudskoy")
    assert entity_with("Russian Defense Ministry") is entity_with("Russian defense ministry")
    assert entity_with("Russia") is not entity_with("Russian Defense Ministry")
