"""Story identity: where, when and who keep two alike events apart and bring a follow-up to its event.

The articles are written for these tests in the style of local news: two shootings told in the same
words in two cities, a follow-up months later that names the victim and the street, another shooting
in the same town a week later. Each rule is checked twice: the stories come out right with it, and
wrong with it turned off (``ClusterSettings``), so no test passes by accident of the words.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from newsfuse import nlp
from newsfuse.cluster import ClusterSettings, article_identity, cluster
from newsfuse.cluster.identity import far_apart, placed, shared_people
from newsfuse.cluster.places import county_states, state_code, towns
from newsfuse.config import Settings
from newsfuse.pipeline import ingest
from newsfuse.pipeline.steps import cluster_doc
from newsfuse.store import Store
from newsfuse.types import Article, ParsedArticle

_SHOOTING = (
    "{dateline} Seven people were shot early {day} outside a nightclub on {street}, police said.\n\n"
    "Officers were called to the club around 1:30 a.m. and found the victims in the parking lot. Six went "
    "to a hospital with wounds their doctors did not think grave, and one was in critical condition, "
    "police said.\n\n"
    "Witnesses told officers that an argument inside the club spilled outside before someone opened fire. "
    "No arrests have been made. Police asked anyone with information to call Crime Stoppers."
)

_NIGHT = (
    "FORT WAYNE, Ind. — A {age}-year-old man was shot {day} night on {street}, police said.\n\n"
    "Officers found the man on the sidewalk with a gunshot wound and took him to a hospital in critical "
    "condition. Detectives are asking anyone who saw the shooting to call Crime Stoppers.\n\n"
    "Nobody has been arrested yet, the police said."
)



def _night(published: str, title: str, day: str, age: str, street: str) -> tuple[str, str, str]:
    return published, title, _NIGHT.format(day=day, age=age, street=street)


ARTICLES = {
    # two shootings told in the same words, two days apart, in two cities far apart
    "tulsa-1": ("2023-06-04", "Seven shot outside Tulsa nightclub",
                _SHOOTING.format(dateline="TULSA, Okla. (KTUL) —", day="Sunday", street="Admiral Place")),
    "tulsa-2": ("2023-06-04", "Police: 7 wounded in shooting at nightclub",
                _SHOOTING.format(dateline="TULSA, Okla. —", day="Sunday", street="Admiral Place")),
    "dayton-1": ("2023-06-06", "Seven shot outside Dayton nightclub",
                 _SHOOTING.format(dateline="DAYTON, Ohio (WDTN) —", day="Tuesday", street="Wayne Avenue")),
    "dayton-2": ("2023-06-06", "Police: 7 wounded in shooting at nightclub",
                 _SHOOTING.format(dateline="DAYTON, Ohio —", day="Tuesday", street="Wayne Avenue")),
    # a killing, the arrest four months later naming the victim and the street, and another killing in
    # the same town eight days after the first
    "killing-1": ("2023-03-12", "Man shot and killed on Lacey Street",
                  "HOT SPRINGS, Ark. (KTHV) — A man, 23, was shot and killed Saturday night in the 400 "
                  "block of Lacey Street, police said.\n\nPolice identified the victim as Marcus Dillard of Hot "
                  "Springs. Officers found him in the road, shot in the chest, and he "
                  "died at the scene.\n\nDetectives are searching for a man seen running from the area. Tips go "
                  "to the Hot Springs Police Department."),
    "killing-2": ("2023-03-13", "Police identify man killed in Saturday shooting",
                  "HOT SPRINGS, Ark. — Police on Sunday identified the man fatally shot Saturday in the 400 "
                  "block of Lacey Street as Marcus Dillard, 23.\n\nDillard was found in the street shortly "
                  "after 10 p.m. and died at the scene, police said. Neighbors said they heard three shots.\n\n"
                  "No arrests have been made, and police have not said what led to the shooting."),
    "arrest": ("2023-07-20", "Arrest made in March killing on Lacey Street",
               "HOT SPRINGS, Ark. — Police on Wednesday arrested a 19-year-old man in the killing of Marcus "
               "Dillard, who was shot March 11 in the 400 block of Lacey Street.\n\nDeshawn Pryor was booked "
               "into the Garland County jail on a charge of first-degree murder, police said. Detectives "
               "said a tip led them to Pryor.\n\nDillard, 23, died at the scene. His mother said the family "
               "had waited four months for an arrest."),
    "killing-3": ("2023-03-20", "Woman shot and killed on Grand Avenue",
                  "HOT SPRINGS, Ark. — A 31-year-old woman was shot and killed Sunday afternoon in the 1200 "
                  "block of Grand Avenue, police said.\n\nPolice identified her as Tanya Ruiz. Officers found "
                  "her inside a car with a gunshot wound, and she died at a hospital.\n\nDetectives are "
                  "searching for a man seen leaving the area. Tips go to the Hot "
                  "Springs Police Department."),
    # two shootings told in the same words in one city on two nights, on two streets; the first told again
    "night-1": _night("2023-09-09", "Man critically hurt in shooting on Holton Avenue", "Friday", "19",
                      "the 1500 block of Holton Avenue"),
    "night-1b": _night("2023-09-09", "Police look for shooter after man hurt on Holton Avenue", "Friday", "19",
                       "Holton Avenue near Pontiac Street"),
    "night-2": _night("2023-09-10", "Man critically hurt in shooting on Calhoun Street", "Saturday", "24",
                      "the 900 block of Calhoun Street"),
    # two shootings told in the same words in one city on one night, in two blocks; the first told again, naming
    # where the second's street is (a victim's home is no scene)
    "block-1": _night("2023-10-14", "Man critically hurt in shooting on Dale Avenue", "Friday", "22",
                      "the 700 block of Dale Avenue"),
    "block-1b": _night("2023-10-14", "Police look for shooter after man hurt on Dale Avenue", "Friday", "22",
                       "the 700 block of Dale Avenue, a man of the 300 block of Birch Street,"),
    "block-2": _night("2023-10-14", "Man critically hurt in shooting on Birch Street", "Friday", "27",
                      "the 300 block of Birch Street"),
}


@cache
def _parsed() -> dict[str, ParsedArticle]:
    articles = [Article(id=ident, source=f"{ident}.example", url=None, title=title, published=published, text=text)
                for ident, (published, title, text) in ARTICLES.items()]
    return {p.article.id: p for p in nlp.parse_articles(articles)}


DEFAULTS = ClusterSettings()


def _stories(ids: Sequence[str], settings: ClusterSettings = DEFAULTS) -> list[set[str]]:
    parsed = _parsed()
    return sorted((set(g.article_ids) for g in cluster([cluster_doc(parsed[i]) for i in ids], settings)),
                  key=lambda s: min(s))


# --------------------------------------------------------------------------- the place index


def test_towns_are_read_by_name_and_state() -> None:
    assert {t.state for t in towns("Hot Springs")} >= {"AR", "SD"}
    assert [t.state for t in towns("St. Louis") if t.country == "US"][0] == "MO"
    assert towns("Saint Paul")[0].state == "MN" and towns("The Bronx")[0].state == "NY"
    assert state_code("Ark.") == "AR" and state_code("N.C.") == "NC" and state_code("Kentucky") == "KY"
    assert state_code("IN") is None and state_code("IN", postal=True) == "IN"
    assert towns("Indiana") == () and towns("New York")[0].name == "New York City"
    assert county_states("Weld County") == ("CO",) and county_states("Troup Co.") == ("GA",)


# --------------------------------------------------------------------------- what an article says


def test_the_dateline_places_the_event_and_the_state_reads_the_name() -> None:
    identity = article_identity(_parsed()["killing-1"])
    main = identity.places[0]
    assert main.name == "hot springs" and [t.state for t in main.towns] == ["AR"]
    assert placed(identity)
    assert "marcus dillard" in identity.people
    assert "lacey" in identity.streets
    assert dt.date(2023, 3, 11) in identity.days


def test_a_capture_date_anchors_no_day() -> None:
    # an archive's record of the page, dated only by the crawl: "on Saturday" is no day of the event
    parsed = _parsed()["killing-1"]
    captured = replace(parsed, article=replace(parsed.article, metadata={"published_from": "warc-date"}))
    assert not article_identity(captured).days
    assert article_identity(captured).people == article_identity(parsed).people


def test_officials_and_speakers_are_not_the_people_of_an_event() -> None:
    text = ("MEMPHIS, Tenn. — Police Chief Dana Whitfield said officers arrested Kevin Marsh, 34, in the "
            "shooting of Lamar Jones on Tuesday.\n\n\"We will not stop,\" said Sgt. Ellen Hardy.")
    [parsed] = nlp.parse_articles([Article("m", "x", None, None, "2023-05-03", text)])
    people = article_identity(parsed).people
    assert "lamar jones" in people and "kevin marsh" in people
    assert not {"dana whitfield", "ellen hardy"} & people


def test_credits_bylines_and_venues_are_not_the_people_of_an_event() -> None:
    """A photographer's credit, a reporter's contact line and a hospital named like a person recur across
    unrelated events: they must not make two events one (a follow-up is joined by a shared person)."""
    text = ("DENVER — A man was shot Friday night outside a bar, and the victim (Carlos Mendez) was taken "
            "to Saint Alder Hospital, police said. Friends said Saint Alder staff saved him.\n\n"
            "Officers stand at the corner of the scene. (Nora Whitcomb for The Daily Ledger)\n\n"
            "Police arrested Travis Boone, 22, later that night. Quinn Harlow/for The Daily Ledger\n\n"
            "Contact Elena Park at epark@example.com.")
    [parsed] = nlp.parse_articles([Article("d", "x", None, None, "2023-05-06", text)])
    people = article_identity(parsed).people
    assert {"carlos mendez", "travis boone"} <= people
    assert not {"nora whitcomb", "quinn harlow", "elena park", "saint alder"} & people


def test_a_home_town_and_a_place_of_arrest_weigh_little() -> None:
    text = ("Two men were shot Friday night in Galt, police said.\n\nThe suspect, Dale Ortiz, 27, of "
            "Stockton, was arrested in Sacramento on Saturday.")
    [parsed] = nlp.parse_articles([Article("g", "x", None, "Two shot in Galt", "2023-05-06", text)])
    places = article_identity(parsed).places
    assert places[0].name == "galt" and places[0].weight > 0.6


# --------------------------------------------------------------------------- where


def test_two_shootings_told_in_the_same_words_in_two_cities_stay_apart() -> None:
    ids = ["tulsa-1", "tulsa-2", "dayton-1", "dayton-2"]
    parsed = _parsed()
    assert far_apart(article_identity(parsed["tulsa-1"]), article_identity(parsed["dayton-2"]))
    assert _stories(ids) == [{"dayton-1", "dayton-2"}, {"tulsa-1", "tulsa-2"}]
    # the rule removed (and that of days and streets, which tells them apart too), the words alone make
    # them one story
    assert _stories(ids, replace(DEFAULTS, far_km=0, street_days=0)) == [set(ids)]


# --------------------------------------------------------------------------- who and when


def test_a_follow_up_naming_the_victim_and_street_months_later_joins_its_event() -> None:
    ids = ["killing-1", "killing-2", "arrest"]
    parsed = _parsed()
    assert shared_people(article_identity(parsed["killing-1"]), article_identity(parsed["arrest"]))
    assert _stories(ids) == [set(ids)]
    # the rule removed, the arrest four months later opens a story of its own
    assert _stories(ids, replace(DEFAULTS, follow_days=0)) == [{"arrest"}, {"killing-1", "killing-2"}]


def test_another_killing_in_the_same_town_a_week_later_stays_apart() -> None:
    ids = ["killing-1", "killing-2", "killing-3"]
    assert _stories(ids) == [{"killing-1", "killing-2"}, {"killing-3"}]
    # the rule removed (days named a week apart), one town and one kind of event make one story
    assert _stories(ids, replace(DEFAULTS, when_days=0)) == [set(ids)]


def test_two_shootings_of_one_city_on_two_nights_and_two_streets_stay_apart() -> None:
    ids = ["night-1", "night-1b", "night-2"]
    assert _stories(ids) == [{"night-1", "night-1b"}, {"night-2"}]
    # the rule removed (named days only a day apart), one city and the same words make one story
    assert _stories(ids, replace(DEFAULTS, street_days=0, block_days=False)) == [set(ids)]


def test_two_shootings_of_one_city_on_one_night_in_two_blocks_stay_apart() -> None:
    ids = ["block-1", "block-1b", "block-2"]
    assert _stories(ids) == [{"block-1", "block-1b"}, {"block-2"}]
    # the rule removed (one night), one city and the same words make one story
    assert _stories(ids, replace(DEFAULTS, block_days=False)) == [set(ids)]


# --------------------------------------------------------------------------- the incremental path


@pytest.mark.slow
def test_the_incremental_path_keeps_the_same_rules(tmp_path: Path) -> None:
    """The events first, the follow-up and the other shootings later (``newsfuse ingest`` twice): the
    stored stories are those of one rebuild."""
    def write(name: str, ids: Sequence[str]) -> Path:
        rows = [{"id": i, "source": f"{i}.example", "title": ARTICLES[i][1], "published": ARTICLES[i][0],
                 "text": ARTICLES[i][2]} for i in ids]
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return path

    first = write("first.jsonl", ["killing-1", "killing-2", "tulsa-1", "tulsa-2"])
    second = write("second.jsonl", ["arrest", "killing-3", "dayton-1", "dayton-2"])
    with Store(tmp_path / "inc.sqlite") as store:
        ingest([str(first)], store, Settings())
        ingest([str(second)], store, Settings())
        incremental = sorted(tuple(s.article_ids) for s in store.stories())
    with Store(tmp_path / "full.sqlite") as store:
        ingest([str(first), str(second)], store, Settings(), full=True)
        rebuilt = sorted(tuple(s.article_ids) for s in store.stories())
    assert incremental == rebuilt
    assert ("arrest", "killing-1", "killing-2") in rebuilt
    assert ("dayton-1", "dayton-2") in rebuilt and ("tulsa-1", "tulsa-2") in rebuilt
    assert ("killing-3",) in rebuilt


@pytest.mark.parametrize(("title", "places"), [
    ("Teen accidentally shot by a friend in east Las Vegas - Channel 9", [("Las Vegas", 1.0)]),
    ("Boy, 3, shoots himself in north Harris County", [("Harris County", 1.0)]),
    ("Two men shot in Chicago", [("Chicago", 1.0)]),
    ("Police in the east say nothing", []),
])
def test_a_headline_places_its_event_past_a_compass_word(title: str, places: list[tuple[str, float]]) -> None:
    from newsfuse.cluster.where import _headline_places

    assert _headline_places(title) == places
