"""Which sentences become timeline events (sentences written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.extract.clauses import reports_happening, sentence_tense
from newsfuse.model import load_model
from newsfuse.pipeline import analyze


@pytest.mark.parametrize(("sentence", "happening"), [
    ("The fire destroyed two barns on Tuesday.", True),
    ("Attendance was 4,210 on Saturday.", True),  # a past "be": what the day was
    ("Ortega has been mayor since 2019.", True),  # a perfect "be": when a state began
    ("The council will vote on the plan next week.", True),  # a planned happening
    ("The council did not vote on the plan on Monday.", False),  # negated
    ("Visitors can book a tour between 10 a.m. and 4 p.m. on weekdays.", False),  # modal: a schedule
    ("The deal must now be approved by the board.", False),  # modal: not yet a happening
    ("The library is open from Monday to Friday.", False),  # a present state
    ("It won't be easy in the spring.", False),  # a future judgement
])
def test_which_main_clauses_tell_a_happening(sentence: str, happening: bool) -> None:
    doc = load_model()(sentence)
    [sent] = list(doc.sents)
    assert reports_happening(sent) is happening


@pytest.mark.parametrize(("sentence", "tense"), [
    ("The co-op has won the contract to build the bridge.", "past"),  # the present perfect: what has happened
    ("The co-op won the contract.", "past"),
    ("The co-op builds bridges.", "present"),
    ("The co-op will build the bridge.", "future"),
])
def test_the_present_perfect_tells_the_past(sentence: str, tense: str) -> None:
    doc = load_model()(sentence)
    [sent] = list(doc.sents)
    assert sentence_tense(sent) == tense


def test_a_lead_told_in_the_present_perfect_is_dated_by_publication(tmp_path: Path) -> None:
    text = "May 3, 2024\n\nThe Pelham co-op has won the contract to rebuild the river bridge."
    path = tmp_path / "lead.jsonl"
    path.write_text(json.dumps({"id": "pelham-3", "source": "Pelham Post", "published": "2024-05-03",
                                "title": "Co-op wins bridge contract", "text": text}) + "\n", encoding="utf-8")
    [event] = [e for s in analyze([path]).stories for e in s.events]
    assert (event.date, event.date_source) == ("2024-05-03", "published")


def test_states_schedules_and_negations_are_not_timeline_events(tmp_path: Path) -> None:
    text = (
        "A fire destroyed the old grain store in Pelham on Tuesday. "
        "The town's library is open from Monday to Friday. "
        "Firefighters did not find the cause on Wednesday. "
        "Residents can collect sandbags between 9 a.m. and 5 p.m. on weekdays. "
        "The mayor visited the site on Thursday."
    )
    row = {"id": "pelham-1", "source": "Pelham Post", "published": "2024-03-08", "title": "Grain store burns",
           "text": text}
    path = tmp_path / "pelham.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    report = analyze([path])
    events = [e for s in report.stories for e in s.events]
    assert [(e.date, e.description) for e in events] == [
        ("2024-03-05", "A fire destroyed the old grain store in Pelham on Tuesday."),
        ("2024-03-07", "The mayor visited the site on Thursday."),
    ]


def test_an_undated_article_keeps_its_most_telling_date_text(tmp_path: Path) -> None:
    text = "Forty volunteers spent the weekend of May 10-11 clearing the riverbank in Pelham."
    path = tmp_path / "undated.jsonl"
    path.write_text(json.dumps({"id": "pelham-2", "source": "Pelham Post", "title": "Clean-up", "text": text}) + "\n",
                    encoding="utf-8")
    [event] = [e for s in analyze([path]).stories for e in s.events]
    assert (event.date, event.date_text) == (None, "May 10")


def test_a_persons_home_town_is_no_place_of_the_event(tmp_path: Path) -> None:
    text = ("A boy was shot in the arm in Springfield on Monday, police said.\n\n"
            "Dale Mercer, of Columbus, was arrested on Tuesday.")
    story = _one_story(tmp_path, text, "2024-05-08")
    names = {e.id: e.name for e in story.entities}
    located = {e.description[:4]: names.get(e.location or "") for e in story.events}
    assert located["Dale"] != "Columbus"  # where the arrested man lives, not where anything happened
    assert located["A bo"] == "Springfield"


def test_a_day_the_sentence_names_dates_it_before_a_clock_time(tmp_path: Path) -> None:
    # a live page's update, last published months later: its own "(Sept. 3)", not the clock time on the last day
    text = ("UPDATE 8:14 a.m. (Sept. 3): A boy was hurt by a pellet fired from a passing car in Harlow.\n\n"
            "Police said a man was arrested at 9 p.m. on Friday.")
    dated = {e.description[:6]: e.date for e in _one_story(tmp_path, text, "2017-01-28").events}
    assert dated["UPDATE"] == "2016-09-03"


def test_a_past_state_is_not_dated_by_publication(tmp_path: Path) -> None:
    """"She had red hair" or "he loved the river" is no happening of the day the article came out; what someone
    had to do is ("they had to force the door"), and so is a state that gives a figure."""
    text = ("Fire crews reached the Pelham grain store. They had to force the side door. "
            "The store's owner loved the old building. Its roof was 40 feet high.")
    story = _one_story(tmp_path, text, "2024-05-03")
    told = {d for e in story.events if e.date_source == "published" for d in e.description.split(". ")}
    assert "They had to force the side door." in told and "Its roof was 40 feet high." in told
    assert not any("loved" in d for d in told)


def _one_story(tmp_path: Path, text: str, published: str):  # type: ignore[no-untyped-def]
    """The one story of an article of ``text`` published on ``published``."""
    path = tmp_path / "article.jsonl"
    path.write_text(json.dumps({"id": "t-1", "source": "Pelham Post", "published": published,
                                "title": "Boy hurt by pellet in Harlow", "text": text}) + "\n", encoding="utf-8")
    [story] = analyze([path]).stories
    return story
