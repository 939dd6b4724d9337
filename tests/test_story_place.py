"""The story's place on local reporting: towns the gazetteer knows win over streets and fragments, a town
is a town whatever NER typed it, and a town only one place bears needs no state to be found."""

from __future__ import annotations

from newsfuse.geo import unique_town
from newsfuse.placenames import names_an_event_place
from newsfuse.story.place import Region, _add, _best, _Candidate
from newsfuse.types import Entity, Geo


def test_a_name_only_one_town_bears_is_that_town() -> None:
    pandora = unique_town("Pandora", "US")
    assert pandora is not None and abs(pandora.lat - 40.95) < 0.1  # Pandora, Ohio
    assert unique_town("Springfield") is None  # borne by many


def test_saint_opening_a_name_is_no_street() -> None:
    assert names_an_event_place("St. Louis") and names_an_event_place("Ste. Genevieve")
    assert not names_an_event_place("Main St.")


def test_a_town_named_like_a_site_is_the_town_of_the_story_state() -> None:
    fort = Entity(id="ent_fw", name="Fort Wayne", type="FAC", aliases=("Fort Wayne",), mentions=())
    school = Entity(id="ent_s", name="Vine Grove Elementary", type="FAC", aliases=(), mentions=())
    candidates: dict[str, _Candidate] = {}
    region = Region("US", "IN", named=True)
    _add(candidates, [fort, school], region, "Fort Wayne", 3.0, fort, None)
    _add(candidates, [fort, school], region, "Vine Grove Elementary", 1.0, school, None)
    located = [c for c in candidates.values() if c.geo is not None]
    assert [c.name for c in located] == ["Fort Wayne"]
    assert abs(located[0].geo.lat - 41.13) < 0.1  # type: ignore[union-attr]


def test_a_place_the_gazetteer_cannot_locate_gives_way_to_a_town() -> None:
    trail = _Candidate("Woodstream Trail", None, None, weight=9.0)
    town = _Candidate("LaGrange", Geo(lat=33.04, lon=-85.03, gazetteer_id="geonames:4205196"), None, weight=2.0)
    assert _best([trail, town]) is town
    assert _best([trail]) is trail  # nothing located: the name is still where it happened
