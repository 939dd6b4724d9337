"""The realnews benchmark's scoring functions on a tiny hand-written report and gold (no pipeline run, no data)."""

from __future__ import annotations

import hashlib

import pytest

from benchloader import load_benchmark

rn = load_benchmark("realnews")

LOUISVILLE = (38.2527, -85.7585)
INDIANAPOLIS = (39.7684, -86.1581)

# Three made-up incidents. i1 and i2 are "same-city" ones; a7 is not in the report; a6 is in the report
# under another id and is found by its url.
GOLD = {
    "articles": {"a1": "i1", "a2": "i1", "a3": "i1", "a4": "i2", "a5": "i2", "a8": "i2", "a6": "i3", "a7": "i3"},
    "incidents": {
        "i1": {"killed": 2, "killed_victims": 1, "injured": 3, "injured_victims": 3, "city": "Louisville",
               "state": "Kentucky", "date": "2020-01-01", "confuser_city": True},
        "i2": {"killed": 1, "killed_victims": 1, "injured": 0, "injured_victims": 0, "city": "Town",
               "state": "Pennsylvania", "date": "2020-01-02", "confuser_city": True},
        "i3": {"killed": 1, "killed_victims": 1, "injured": 2, "injured_victims": 2, "city": "Village",
               "state": "Ohio", "date": "2020-01-03", "confuser_city": False},
    },
}
URL_IDS = {"http://example.test/6": "a6"}


def value(low, high, articles, current=None):
    v = {"text": str(low), "low": low, "high": high, "unit": "people", "claim_ids": [], "article_ids": articles,
         "sources": []}
    if current is not None:
        v["current"] = current
    return v


def fact(id_, label, status, values, scope=None):
    return {"id": id_, "label": label, "status": status, "scope": scope, "values": values,
            "independent_sources": 1}


def claim(id_, article, speaker_text):
    return {"id": id_, "article_id": article, "start": 0, "end": 1, "speaker": None, "speaker_text": speaker_text,
            "via": [], "quantity": None}


def gpe(name, geo, mentions):
    return {"id": f"ent_{name}", "name": name, "type": "GPE", "aliases": [name], "geo": geo,
            "mentions": [{"article_id": "a1", "start": 0, "end": 1}] * mentions}


REPORT = {
    "schema_version": "1",
    "articles": [
        {"id": aid, "source": "x", "url": f"http://example.test/{aid}", "title": None, "published": day}
        for aid, day in [("a1", "2020-01-01"), ("a2", "2020-01-02"), ("a3", "2020-01-03"), ("a4", "2020-01-03"),
                         ("a5", "2020-01-03"), ("a8", "2020-01-03")]
    ] + [{"id": "art_other", "source": "x", "url": "http://example.test/6", "title": None, "published": None}],
    "rejected": [],
    "stories": [
        {"id": "s1", "title": "one", "article_ids": ["a1", "a2", "a4"],
         "place": {"entity_id": "e", "name": "Indianapolis",
                   "geo": {"lat": INDIANAPOLIS[0], "lon": INDIANAPOLIS[1], "gazetteer_id": "1"}},
         "entities": [gpe("Louisville", {"lat": LOUISVILLE[0], "lon": LOUISVILLE[1], "gazetteer_id": "2"}, 3),
                      gpe("Indiana", {"lat": 40.0, "lon": -86.0, "gazetteer_id": "3"}, 1),
                      gpe("Nowhere", None, 9)],
         "claims": [claim("c1", "a1", "police"), claim("c2", "a1", "Show Caption Police"), claim("c3", "a2", "six"),
                    claim("c4", "a2", "the Metro Police Department"), claim("c5", "a4", "Posted 10:45 AM"),
                    claim("c6", "a4", "he"), claim("c7", "a4", None)],
         "facts": [
             fact("f1", "people killed in Louisville", "corroborated", [value(1, 1, ["a1", "a2"], current=True)]),
             fact("f2", "officers killed", "single", [value(1, 1, ["a1"])], scope="officers"),
             fact("f3", "people injured", "conflict", [value(2, 2, ["a1"], current=False),
                                                       value(3, 3, ["a2"], current=True)]),
             fact("f4", "people killed", "conflict", [value(2, 2, ["a1"]), value(5, 5, ["a4"])]),
         ]},
        {"id": "s2", "title": "two", "article_ids": ["a3"], "place": None, "entities": [],
         "claims": [claim("c8", "a3", "Jane Doe\nShare")],
         "facts": [fact("f5", "shots fired", "updated", [value(3, 3, ["a3"])])]},
        {"id": "s3", "title": "three", "article_ids": ["a5", "a8", "art_other"],
         "place": {"entity_id": "e", "name": "Town", "geo": {"lat": 40.1, "lon": -75.1, "gazetteer_id": "4"}},
         "entities": [],
         "claims": [],
         "facts": [fact("f6", "people shot and killed", "single", [value(1, 1, ["a5"])]),
                   fact("f7", "people wounded", "single", [value(4, None, ["a8"])])]},
    ],
}


@pytest.fixture(scope="module")
def index():
    return rn.build_index(REPORT, GOLD, URL_IDS)


def test_mapping_by_id_then_url(index) -> None:
    assert index.incident_of["art_other"] == "i3"  # by url
    assert index.gold_to_report["a6"] == "art_other"
    assert index.missing == ("a7",)
    assert index.unmapped == ()
    assert index.story_incident == {"s1": "i1", "s2": "i1", "s3": "i2"}


def test_halves_are_stable_and_split() -> None:
    ids = [str(n) for n in range(1000)]
    halves = [rn.half_of(i) for i in ids]
    assert set(halves) == {"A", "B"} and 400 < halves.count("A") < 600
    assert rn.half_of("i1") == ("A" if hashlib.sha1(b"i1").digest()[0] % 2 == 0 else "B")
    assert rn.in_half(None, "ALL") and not rn.in_half(None, "A")


def test_b_cubed_on_a_known_case(index) -> None:
    # stories {a1 a2 a4} {a3} {a5 a8 a6} {a7 alone}; incidents {a1 a2 a3} {a4 a5 a8} {a6 a7}
    s = rn.cluster_scores(GOLD, index, "ALL")
    assert s.n_all == 8 and s.n_same_city == 6
    assert s.all[0] == pytest.approx(16 / 3 / 8)  # precision 2/3
    assert s.all[1] == pytest.approx(13 / 3 / 8)  # recall 13/24
    assert s.same_city[0] == pytest.approx(4 / 6)
    assert s.same_city[1] == pytest.approx(10 / 3 / 6)
    assert rn.b_cubed({"x": 1, "y": 1}, {"x": "g", "y": "g"}) == (1.0, 1.0, 1.0)
    mixed = rn.mixed_stories(REPORT, index, "ALL")
    assert [(m[0], dict(m[2])) for m in mixed] == [("s1", {"i1": 2, "i2": 1}), ("s3", {"i2": 2, "i3": 1})]
    split = rn.split_incidents(GOLD, index, "ALL")
    assert sorted(i for i, _ in split) == ["i1", "i2", "i3"]


def test_b_cubed_half_keeps_whole_clusters(index) -> None:
    a, b, every = (rn.cluster_scores(GOLD, index, h) for h in ("A", "B", "ALL"))
    assert a.n_all + b.n_all == every.n_all
    # per-item scores are averaged, so the halves' weighted mean is the whole
    assert (a.all[0] * a.n_all + b.all[0] * b.n_all) / every.n_all == pytest.approx(every.all[0])


@pytest.mark.parametrize("label, kind", [
    ("people killed in Springfield", "killed"),
    ("people shot and killed", "killed"),
    ("people fatally shot", "killed"),
    ("people slain", "killed"),
    ("number of deaths", "killed"),
    ("people wounded", "injured"),
    ("people shot in Brooklyn", "shot"),  # everyone hit
    ("people non-fatally shot", "injured"),
    ("teenagers hospitalised", "hospitalised"),  # a part of everyone hit
    ("people injured in Dead Creek", "injured"),  # the place is not read
    ("times shot in Brooklyn", None),
    ("shots fired", None),
    ("bullets shot", None),
    ("people killed or injured", None),
    ("officers gearing up", None),
    ("", None),
    (None, None),
])
def test_casualty_kind(label, kind) -> None:
    assert rn.casualty_kind(label) == kind


def test_value_fits_total_victims_and_subgroup() -> None:
    inc = GOLD["incidents"]["i1"]  # killed 2, victims 1
    assert rn.value_fits(value(2, 2, []), inc, "killed")
    assert rn.value_fits(value(1, 1, []), inc, "killed")  # victims-only count
    assert not rn.value_fits(value(3, 3, []), inc, "killed")
    assert rn.value_fits(value(1, None, []), inc, "killed")  # "at least one"
    assert not rn.value_fits(value(None, None, []), inc, "killed")
    assert rn.value_fits(value(2, 2, []), inc, "killed", subgroup=True)
    assert not rn.value_fits(value(3, 3, []), inc, "killed", subgroup=True)
    # "people shot" counts everyone hit: killed + injured (i1: killed 2/1, injured as in GOLD)
    killed, injured = rn.tolls(inc, "killed"), rn.tolls(inc, "injured")
    assert rn.tolls(inc, "shot") == (killed[0] + injured[0], killed[1] + injured[1])
    assert rn.value_fits(value(killed[0] + injured[0], killed[0] + injured[0], []), inc, "shot")
    hospital = {"label": "people hospitalised", "values": [value(killed[0] + injured[0], None, [])]}
    assert rn.fact_fits(hospital, inc, "hospitalised")  # no more than everyone hit
    hospital["values"] = [value(killed[0] + injured[0] + 1, None, [])]
    assert not rn.fact_fits(hospital, inc, "hospitalised")
    assert rn.not_this_event({"scope": "another event in 2009"}) and rn.not_this_event({"scope": "wider total"})
    assert not rn.not_this_event({"scope": "people"}) and not rn.not_this_event({})
    assert rn.is_subgroup({"scope": "officers"}) and not rn.is_subgroup({"scope": "people"})
    assert not rn.is_subgroup({"scope": None}) and not rn.is_subgroup({})
    assert not rn.is_subgroup({"scope": "including the suspect"})  # everyone, the suspect too: the total
    f3 = REPORT["stories"][0]["facts"][2]
    assert [v["low"] for v in rn.current_values(f3)] == [3]
    f4 = REPORT["stories"][0]["facts"][3]
    assert len(rn.current_values(f4)) == 2  # none marked: all values


def test_casualty_recall_and_precision(index) -> None:
    k = rn.casualty_scores(REPORT, GOLD, index, "killed", "ALL")
    # facts f1 (victims-only fit), f2 (sub-group within the total), f4 (5 > 2: no), f6 (fit)
    assert (k.fitting, k.facts) == (3, 4)
    assert (k.found, k.tolled) == (2, 3)  # i1, i2 found; i3 has no story of its own
    assert (k.found_one, k.tolled_one) == (1, 2)
    assert k.missed == ("i3",)
    i = rn.casualty_scores(REPORT, GOLD, index, "injured", "ALL")
    assert (i.fitting, i.facts) == (1, 2)  # f3's current value 3 fits; f7's 4 does not fit i2 (0)
    assert (i.found, i.tolled) == (1, 2)
    halves = [rn.casualty_scores(REPORT, GOLD, index, "killed", h) for h in ("A", "B")]
    assert sum(h.facts for h in halves) == k.facts and sum(h.tolled for h in halves) == k.tolled


def test_conflict_counts(index) -> None:
    c = rn.conflict_counts(REPORT, GOLD, index, "ALL")
    assert (c.conflicts, c.casualty) == (2, 2)
    assert c.cross_incident == 1  # f4: a1 (i1) and a4 (i2)
    assert c.over_toll == 1  # f4: 5 > max(2, 1)
    assert c.rising == 1  # f3: 2 then 3, both <= 3, on different days
    assert (c.updated, c.casualty_updated) == (1, 0)
    why = {f["id"]: w for _, f, _, w in c.listed}
    assert why == {"f3": ("rising toll",), "f4": ("different incidents", "above the toll")}
    a, b = (rn.conflict_counts(REPORT, GOLD, index, h) for h in ("A", "B"))
    assert a.conflicts + b.conflicts == 2


def test_speaker_clutter() -> None:
    assert rn.speaker_clutter("police") is None
    assert rn.speaker_clutter("the Metro Police Department") is None
    assert rn.speaker_clutter("his mother") is None
    assert rn.speaker_clutter("court documents") is None
    assert rn.speaker_clutter("Jane Doe") is None
    assert rn.speaker_clutter("Jane Doe\nShare") == "newline"
    assert rn.speaker_clutter("Posted 10:45 AM") == "clock time"
    assert rn.speaker_clutter("Show Caption Police").startswith("widget")
    assert rn.speaker_clutter("six") == "lowercase, no name or body word"
    assert rn.speaker_clutter("42") == "no letters"
    assert rn.speaker_clutter("a b c d e f g h i") == "more than 8 words"


def test_speaker_scores(index) -> None:
    s = rn.speaker_scores(REPORT, index, "ALL")
    assert (s.cluttered, s.speakers) == (4, 7)
    assert {t for t, _, _ in s.examples} == {"Show Caption Police", "six", "Posted 10:45 AM", "Jane Doe\nShare"}


def test_place_distance_and_scores(index) -> None:
    assert 160 < rn.haversine_km(LOUISVILLE, INDIANAPOLIS) < 185
    assert rn.haversine_km(LOUISVILLE, LOUISVILLE) == 0
    geo = {"i1": LOUISVILLE, "i2": (40.0, -75.0), "i3": None}
    assert rn.incident_story(GOLD, index) == {"i1": "s1", "i2": "s3", "i3": "s3"}
    p = rn.place_scores(REPORT, GOLD, index, geo, "ALL")
    assert (p.right, p.scored, p.ungeocoded) == (1, 2, ("i3",))  # s1's place is Indianapolis, 172 km off
    g = rn.place_scores(REPORT, GOLD, index, geo, "ALL", use_gpe=True)
    assert (g.right, g.scored) == (1, 2)  # s1's top GPE with a geo is Louisville; s3 has none
    assert rn.has_story_place(REPORT)
    assert not rn.has_story_place({"stories": [{"id": "s"}]})
    assert rn.place_scores({"stories": [{"id": "s1", "article_ids": ["a1"]}]}, GOLD, index, geo, "ALL").right == 0


def test_date_scores(index) -> None:
    def dated(s1, s3):
        stories = [dict(s, date=d) for s, d in zip(REPORT["stories"], (s1, None, s3), strict=True)]
        return rn.date_scores({**REPORT, "stories": stories}, GOLD, index, "ALL")

    # i1 on 2020-01-01 (story s1), i2 on 2020-01-02 and i3 on 2020-01-03 (both story s3)
    d = dated("2020-01-02", "2020-01-02")
    assert (d.right, d.scored, d.undated) == (3, 3, 0)  # one day off is right
    d = dated("2019-12-30", "2020-01")
    assert (d.right, d.undated) == (0, 2)  # two days off is wrong; a month is no day
    assert [(inc, told) for inc, _, told in d.wrong] == [("i1", "2019-12-30"), ("i2", "2020-01"), ("i3", "2020-01")]
    assert rn.date_scores(REPORT, GOLD, index, "ALL").undated == 3  # no date field at all


def test_geocode_city_variants() -> None:
    cities = {("st louis", "MO"): (38.6, -90.2), ("chicago", "IL"): (41.9, -87.6), ("homestead", "FL"): (25.5, -80.5)}
    states = {"missouri": "MO", "illinois": "IL", "florida": "FL", "mo": "MO"}
    assert rn.geocode_city("Saint Louis", "Missouri", cities, states) == (38.6, -90.2)
    assert rn.geocode_city("St. Louis", "MO", cities, states) == (38.6, -90.2)
    assert rn.geocode_city("Chicago (Englewood)", "Illinois", cities, states) == (41.9, -87.6)
    assert rn.geocode_city("Homestead (Florida City)", "Florida", cities, states) == (25.5, -80.5)
    assert rn.geocode_city("Weld (county)", "Missouri", cities, states) is None
    assert rn.geocode_city("Chicago", "Atlantis", cities, states) is None


def test_fragments_count_a_toll_filed_in_several_facts() -> None:
    gold = {"articles": {"a1": "i1", "a2": "i1"},
            "incidents": {"i1": {"killed": 1, "killed_victims": 1, "injured": 2, "injured_victims": 2}}}
    report = {"articles": [{"id": "a1", "url": None}, {"id": "a2", "url": None}], "stories": [
        {"id": "s1", "article_ids": ["a1", "a2"], "claims": [], "facts": [
            fact("f1", "people killed in Town", "corroborated", [value(1, 1, ["a1", "a2"])]),
            fact("f2", "people killed in Main Street", "single", [value(1, 1, ["a2"])]),  # the same toll again
            fact("f3", "people killed", "conflict", [value(1, 1, ["a1"]), value(3, 3, ["a2"])]),  # 3 is new
            fact("f4", "officers killed", "single", [value(1, 1, ["a1"])], scope="officers"),  # a part: its own
            fact("f5", "people injured", "single", [value(2, None, ["a1"])]),
        ]}]}
    index = rn.build_index(report, gold)
    killed = rn.fragment_scores(report, gold, index, "killed", "ALL")
    # f2 repeats f1; f3 gives 3 besides (no repeat, no fit); f4 is a sub-group's first fact (fits: 1 <= 1)
    assert (killed.stories, killed.split, killed.facts, killed.repeats, killed.fitting) == (1, 1, 4, 1, 2)
    injured = rn.fragment_scores(report, gold, index, "injured", "ALL")
    assert (injured.stories, injured.split, injured.facts, injured.repeats, injured.fitting) == (1, 0, 1, 0, 1)
    assert rn._overlap({"low": 2, "high": None}, {"low": 5, "high": 5})
    assert not rn._overlap({"low": 2, "high": 3}, {"low": 5, "high": None})
