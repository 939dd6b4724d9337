"""A story's own event: counts its articles recall of other events, and victims counted without a number.

Hand-built claim records (no spaCy): what ``story.anchor`` leaves to the story's facts given the story's
place and date, and how ``story.crosscheck`` weighs a victim counted without a number ("he was pronounced
dead") against a toll told with one.
"""

from __future__ import annotations

from newsfuse.story.anchor import another_events
from newsfuse.story.crosscheck import cross_check
from newsfuse.types import Claim, ClaimRecord, Entity, Geo, Place, Quantity

TOWN = Place(entity_id="ent_town", name="Harmon", geo=Geo(lat=38.6, lon=-90.2, gazetteer_id="geonames:1"))


def _rec(article: str, start: int, low: float, *, text: str = "two", measure: str = "killed",
         date: str | None = "2016-05-01", by_publication: bool = False, implicit: bool = False,
         place: str | None = None, place_name: str | None = None, geo: tuple[float, float] | None = None,
         origin: str | None = None) -> ClaimRecord:
    q = Quantity(text=text, value=low, low=low, high=low, unit="people", qualifier="exact")
    claim = Claim(id=f"c-{article}-{start}", article_id=article, start=start, end=start + 40, speaker=None,
                  speaker_text=None, via=(), quantity=q, measure=measure, quantity_start=start,
                  quantity_end=start + 3)
    origin = origin or f"outlet:{article}"
    return ClaimRecord(claim=claim, subject="people", dimension="count", place=place, place_name=place_name,
                       place_geo=geo, date=date, origin=origin, origin_label=origin.split(":")[1],
                       by_publication=by_publication, published="2016-05-02", implicit=implicit,
                       place_from="clause" if place else None)


def _kinds(records: list[ClaimRecord]) -> list[str]:
    return [r.scope.kind for r in records]


def test_a_toll_dated_long_before_the_event_is_another_events() -> None:
    old = _rec("a1", 10, 13, date="2009-11-05")  # "the 2009 shooting that killed 13"
    fresh = _rec("a1", 90, 4, date="2016-05-01")
    undated = _rec("a2", 10, 3, date="2016-05-02", by_publication=True)
    later = _rec("a3", 10, 4, date="2016-09-20")  # told at a trial months later: still this event's
    out = another_events([old, fresh, undated, later], TOWN, "2016-05-01", [])
    assert _kinds(out) == ["other", "event", "event", "event"]
    assert out[0].claim.scope == "another event: as of 2009-11-05"
    values = {v.low for f in cross_check("s", out) for v in f.values}
    assert 13.0 not in values and 4.0 in values


def test_a_count_placed_in_a_far_town_is_another_events() -> None:
    far = _rec("a1", 10, 2, place="ent_far", place_name="Dallas", geo=(32.8, -96.8))
    near = _rec("a1", 60, 2, place="ent_near", place_name="Kirkwood", geo=(38.58, -90.41))  # 20 km
    state = _rec("a1", 90, 2, place="ent_state", place_name="Texas", geo=(31.0, -99.0))
    texas = Entity(id="ent_state", name="Texas", type="GPE", aliases=(), mentions=(),
                   geo=Geo(lat=31.0, lon=-99.0, gazetteer_id="geonames:4736286"))
    out = another_events([far, near, state], TOWN, "2016-05-01", [texas])
    assert _kinds(out) == ["other", "event", "event"]
    assert out[0].claim.scope == "another event: in Dallas"


def test_without_a_story_date_the_first_publication_anchors() -> None:
    old = _rec("a1", 10, 6, date="1988")  # "the explosion that killed six firefighters in 1988"
    assert _kinds(another_events([old], None, None, [])) == ["other"]


def test_a_victim_counted_without_a_number_is_one_of_a_larger_toll() -> None:
    records = [
        _rec("a1", 10, 2, text="two", origin="outlet:a1"),
        _rec("a1", 80, 1, text="He", implicit=True, origin="outlet:a1"),  # one article: no second event
        _rec("a2", 10, 1, text="The woman", implicit=True, origin="outlet:a2"),
    ]
    [fact] = cross_check("s", records)
    assert [v.text for v in fact.values] == ["two"]
    assert fact.status == "single"


def test_victims_counted_without_a_number_alone_make_the_fact() -> None:
    records = [_rec("a1", 10, 1, text="A man", implicit=True), _rec("a2", 10, 1, text="the victim", implicit=True)]
    [fact] = cross_check("s", records)
    assert [(v.text, v.low) for v in fact.values] == [("A man", 1.0)]
    assert fact.status == "corroborated"


def test_more_victims_named_than_a_toll_still_disputes_it() -> None:
    records = [_rec("a1", 10, 1, text="one"), _rec("a2", 10, 2, text="a man and a woman", implicit=True)]
    [fact] = cross_check("s", records)
    assert fact.status == "conflict"



def test_a_count_placed_in_another_state_is_another_events() -> None:
    colorado = _rec("a1", 10, 3, place="ent_co", place_name="Colorado", geo=(39.0, -105.5))
    missouri = _rec("a1", 60, 2, place="ent_mo", place_name="Missouri", geo=(38.5, -92.5))
    states = [Entity(id=f"ent_{c}", name=n, type="GPE", aliases=(), mentions=(),
                     geo=Geo(lat=0.0, lon=0.0, gazetteer_id=g))
              for c, n, g in (("co", "Colorado", "geonames:5417618"), ("mo", "Missouri", "geonames:4398678"))]
    town = Place(entity_id="ent_town", name="St. Louis",
                 geo=Geo(lat=38.62727, lon=-90.19789, gazetteer_id="geonames:4407066"))
    out = another_events([colorado, missouri], town, "2016-05-01", states)
    assert _kinds(out) == ["other", "event"]
