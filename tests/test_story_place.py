"""The story's place on local reporting: towns the gazetteer knows win over streets and fragments, a town
is a town whatever NER typed it, and a town only one place bears needs no state to be found."""

from __future__ import annotations

from newsfuse.geo import (
    county_centre,
    county_states,
    county_towns,
    distance_km,
    geocode,
    region_of,
    town_states,
    unique_town,
)
from newsfuse.placenames import names_an_event_place
from newsfuse.story.place import (
    TITLE_AGENCY,
    TITLE_PLACE,
    Region,
    _add,
    _best,
    _Candidate,
    _county_place,
    _locates,
    dateline,
    resolve,
    story_region,
)
from newsfuse.types import Entity, Geo, Span


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


def _entity(name: str, kind: str, mentions: int) -> Entity:
    spans = tuple(Span("a1", i * 10, i * 10 + len(name)) for i in range(mentions))
    return Entity(id=f"ent_{name}", name=name, type=kind, aliases=(name,), mentions=spans, geo=geocode(name))


def test_a_named_state_and_a_station_call_sign_keep_a_namesake_abroad_out() -> None:
    # "ST. LOUIS, Mo. (KXYZ) -" once, then the city often: the state named wins over France's namesake
    line = dateline("a1", "ST. LOUIS, Mo. (KXYZ) - Two men were shot on a porch in St. Louis on Friday night.")
    assert line is not None and line.state == "MO" and line.us_station
    region = story_region([line], [_entity("St. Louis", "GPE", 6)])
    assert region is not None and (region.country, region.state) == ("US", "MO")
    # a station's call sign alone tells the US: "CHELSEA (WXYZ) -" is Chelsea, Massachusetts, not London's
    lines = [dateline(a, "CHELSEA (WXYZ) - A teenager was shot in Chelsea on Friday.") for a in ("a2", "a3")]
    assert all(line is not None and line.us_station for line in lines)
    region = story_region([line for line in lines if line is not None], [_entity("Chelsea", "GPE", 1)])
    assert region == Region("US")
    found = resolve("Chelsea", region)
    assert found is not None and region_of(found) == ("US", "MA")


def test_the_counties_a_story_names_tell_its_state() -> None:
    # "deputies of the Starr County Sheriff's Office found two men dead near Rio Grande City"
    office = _entity("Starr County Sheriff's Office", "ORG", 3)
    town = _entity("Rio Grande City", "GPE", 2)
    region = story_region([], [office, town])
    assert region is not None and (region.country, region.state) == ("US", "TX")
    found = resolve("Rio Grande City", region, town)
    assert found is not None and region_of(found) == ("US", "TX")


def test_a_town_name_many_states_bear_tells_little_of_the_state() -> None:
    # "a girl was shot in Germantown ... a block from Hunting Park": Germantown, Pennsylvania
    region = story_region([], [_entity("Germantown", "GPE", 3), _entity("Hunting Park", "GPE", 1)])
    assert region is not None and region.state == "PA"
    assert town_states("Germantown") >= {"MD", "PA", "TN"} and county_states("Whitley County") == {"IN", "KY"}


def test_a_town_the_text_pairs_with_its_state_votes_for_that_state_alone() -> None:
    # "Germantown, Tenn." told once: its three mentions are Tennessee's, not shared among six states
    from newsfuse.story.place import stated_towns

    entities = [_entity("Germantown", "GPE", 3), _entity("Hunting Park", "GPE", 1)]
    stated = stated_towns(["The shooting in Germantown, Tenn. left two hurt."])
    assert stated == {"germantown": "TN"}
    region = story_region([], entities, (), stated)
    assert region is not None and region.state == "TN"


def test_a_body_named_after_its_state_names_the_state() -> None:
    # "the Kentucky State Police said three people died in Williamsburg"
    police = _entity("Kentucky State Police", "ORG", 2)
    region = story_region([], [police, _entity("Williamsburg", "GPE", 4)])
    assert region is not None and region.state == "KY" and region.named


def test_a_call_sign_opening_the_body_is_no_dateline() -> None:
    assert dateline("a1", "KXYZ - A girl was shot during a family party on Saturday.") is None
    line = dateline("a2", "ELMIRA (KXYZ) - A girl was shot during a family party on Saturday.")
    assert line is not None and line.city == "ELMIRA"


def test_a_town_of_the_story_state_that_ner_took_for_a_body_is_the_town() -> None:
    # "Police seek a man after a bar shooting in Elmira" ... "Elmira police said": NER types "Elmira" ORG
    body = Entity(id="ent_e", name="Elmira", type="ORG", aliases=("Elmira",), mentions=())
    person = Entity(id="ent_t", name="Tyler", type="PERSON", aliases=("Tyler",), mentions=())
    candidates: dict[str, _Candidate] = {}
    _add(candidates, [body, person], Region("US", "NY", named=True), "Elmira", 2.0, None, None)
    assert [c.name for c in candidates.values() if c.geo is not None] == ["Elmira"]
    candidates = {}
    _add(candidates, [body, person], Region("US", "TX", named=True), "Tyler", 2.0, None, None)
    assert not candidates  # a person who shares a town's name is no place


def test_a_word_without_a_capital_is_no_place() -> None:
    # "the boy didn't know it was loaded": NER's GPE "n't" locates nothing
    assert not _locates("n't") and not _locates("downtown")
    assert _locates("Elmira")


def test_a_namesake_in_another_state_gives_way_to_a_town_of_the_story_state() -> None:
    # a Reno story: "shot near Mount Washington Park ... Reno police said": the only "Mount Washington" the
    # gazetteer knows lies in Kentucky, a namesake of the neighbourhood
    region = Region("US", "NV", named=True)
    candidates: dict[str, _Candidate] = {}
    _add(candidates, [], region, "Mount Washington", 4.0, None, None)
    _add(candidates, [], region, "Reno", 2.0, None, None)
    far = [c for c in candidates.values() if c.name == "Mount Washington"]
    assert far and far[0].elsewhere
    assert _best(list(candidates.values())).name == "Reno"


def test_a_county_locates_a_story_that_names_no_town() -> None:
    # "OKMULGEE COUNTY, Okla. - Deputies found a man shot on a rural road": the county's namesake town
    found = _county_place({"Okmulgee County": 3.0}, [], Region("US", "OK", named=True))
    assert found is not None and found.geo is not None
    town = geocode("Okmulgee") or resolve("Okmulgee", Region("US", "OK", named=True))
    assert town is not None and abs(found.geo.lat - town.lat) < 0.1
    assert _county_place({"Okmulgee County": 3.0}, [], Region("US", "TX", named=True)) is None  # not that state
    assert _county_place({"Okmulgee County": 3.0}, [], None) is None


def test_a_county_without_a_namesake_town_is_located_at_the_centre_of_its_towns() -> None:
    # "PINELLAS COUNTY, Fla. - Deputies found a man shot behind a store": no town of Florida is called Pinellas
    region = Region("US", "FL", named=True)
    found = _county_place({"Pinellas County": 2.0}, [], region)
    assert found is not None and found.geo is not None and found.geo.gazetteer_id == "fips:12103"
    clearwater = resolve("Clearwater", region)
    assert clearwater is not None and distance_km((found.geo.lat, found.geo.lon), (clearwater.lat, clearwater.lon)) < 30
    assert county_centre("Nowhere Such County", "FL") is None and county_towns("Nowhere Such County", "FL") == 0


def test_a_county_two_states_hold_tells_the_state_of_the_bigger_one() -> None:
    # "the Hidalgo County Sheriff's Office said": Texas's (the Rio Grande valley) more likely than New Mexico's
    assert county_states("Hidalgo County") == {"NM", "TX"}
    assert county_towns("Hidalgo County", "TX") > county_towns("Hidalgo County", "NM")
    region = story_region([], [_entity("Hidalgo County Sheriff's Office", "ORG", 2)])
    assert region is not None and region.state == "TX"


def test_a_town_its_police_is_named_after_is_a_town_whatever_ner_typed_it() -> None:
    # "Elmira police are looking for a man ... Elmira Police Department said": NER types "Elmira" PERSON
    person = Entity(id="ent_e", name="Elmira", type="PERSON", aliases=("Elmira",), mentions=())
    police = Entity(id="ent_p", name="Elmira Police Department", type="ORG", aliases=(), mentions=())
    region = Region("US", "NY", named=True)
    candidates: dict[str, _Candidate] = {}
    _add(candidates, [person], region, "Elmira", 2.0, None, None)
    assert not candidates  # a person's name
    _add(candidates, [person, police], region, "Elmira", 2.0, None, None)
    assert [c.name for c in candidates.values() if c.geo is not None] == ["Elmira"]


def test_a_body_named_after_a_city_of_another_state_is_the_city() -> None:
    # a story whose state was read as another: "Waco police said" still names the city Waco
    body = Entity(id="ent_w", name="Waco", type="ORG", aliases=("Waco",), mentions=())
    candidates: dict[str, _Candidate] = {}
    _add(candidates, [body], Region("US", "OK", named=True), "Waco", 2.0, None, None)
    assert [c.name for c in candidates.values() if c.geo is not None] == ["Waco"]


def test_a_town_named_like_an_area_is_a_town() -> None:
    # "IRON RIVER - A hunter was found shot near his camp": a town whose name ends like a river's
    assert _locates("Iron River")
    assert not _locates("Mississippi River") and not _locates("Lake County")


def test_a_headline_police_names_a_town_and_a_headline_place_keeps_its_saint() -> None:
    assert [m.group("name") for m in TITLE_AGENCY.finditer("Elmira police seek gunman after bar shooting")] == [
        "Elmira"]
    assert [m.group("name") for m in TITLE_PLACE.finditer("Teen hurt in Port St. Lucie crash")] == ["Port St. Lucie"]
    person = Entity(id="ent_e", name="Elmira", type="PERSON", aliases=("Elmira",), mentions=())
    candidates: dict[str, _Candidate] = {}
    _add(candidates, [person], Region("US", "NY", named=True), "Elmira", 1.0, None, None, {"elmira"})
    assert [c.name for c in candidates.values() if c.geo is not None] == ["Elmira"]


def test_a_small_town_far_from_the_big_city_the_story_names_gives_way_to_the_city() -> None:
    # "two men were shot at a gas station in Elm Park ... Chicago police said": a Chicago neighbourhood, not the
    # village of that name at the other end of the state
    chicago = geocode("Chicago")
    assert chicago is not None
    village = _Candidate("Elm Park", Geo(lat=38.64, lon=-90.09, gazetteer_id="geonames:1"), None, weight=9.0)
    city = _Candidate("Chicago", chicago, None, weight=5.0)
    assert _best([village, city]) is city
    near = _Candidate("Elm Park", Geo(lat=41.9, lon=-87.7, gazetteer_id="geonames:1"), None, weight=9.0)
    assert _best([near, city]) is near  # a town beside the city is the town: the city backs it
    assert _best([village, _Candidate("Chicago", chicago, None, weight=2.0)]) is village  # told mostly of the town


def test_a_saint_inside_a_name_is_no_street() -> None:
    # "a boy was hurt in Port St. Joe": a town; "on Main St. North" is a street
    assert names_an_event_place("Port St. Lucie") and names_an_event_place("Lake Ste. Marie")
    assert not names_an_event_place("Main St. North") and not names_an_event_place("Elm St.")


def test_a_headline_place_tells_the_story_country() -> None:
    # a Florida story whose page also names Brussels three times (a news ticker): its headline's town tells
    region = story_region([], [_entity("Brussels", "GPE", 3), _entity("Florida", "GPE", 2)],
                          ["Girl shot by her brother in Port St. Lucie"])
    assert region is not None and region.country == "US"


def test_a_name_the_story_gives_a_street_is_no_town() -> None:
    # "the 4100 block of Ashland Street ... where Ashland meets Tamsin Avenue": the street, not a town named
    # Ashland hundreds of kilometres away, and it does not pull the story's city to a namesake
    from newsfuse.placenames import street_names
    from newsfuse.story.entities import _settle_places

    assert street_names(["Ashland Street", "N. Ashland St.", "Tamsin Avenue", "Main", "Broadway"]) == {
        "ashland", "tamsin"}
    settled = {e.name: e.geo for e in _settle_places(
        [_entity("Ashland Street", "FAC", 1), _entity("Ashland", "GPE", 2), _entity("Philadelphia", "GPE", 1)])}
    assert settled["Ashland"] is None
    philadelphia = settled["Philadelphia"]
    assert philadelphia is not None and abs(philadelphia.lon + 75.16) < 0.5


def test_a_street_of_the_story_is_no_evidence_of_a_town() -> None:
    # one article: "Police were called to the 4100 block of Ashland Street ... the gunman ran up Ashland toward
    # Tamsin Avenue in Philadelphia": "Ashland" (a GPE to NER) names the street, Philadelphia the town
    from newsfuse.story.place import evidence
    from newsfuse.types import Article, ParsedArticle

    text = "Police were called to the 4100 block of Ashland Street. The gunman ran up Ashland toward Philadelphia."
    article = Article(id="a1", source="test", url=None, title=None, published="2016-08-09", text=text)
    parsed = [ParsedArticle(article, (), (), ())]

    def place(name: str, kind: str) -> Entity:
        starts = [i for i in range(len(text)) if text.startswith(name, i) and not text.startswith(name + " Street", i)]
        spans = tuple(Span("a1", i, i + len(name)) for i in (starts if kind == "GPE" else [text.index(name)]))
        return Entity(id=f"ent_{name}", name=name, type=kind, aliases=(name,), mentions=spans, geo=geocode(name))

    entities = [place("Ashland Street", "FAC"), place("Ashland", "GPE"), place("Philadelphia", "GPE")]
    names = {name for _, name, *_ in evidence(parsed, entities, [], [], {})}
    assert "Ashland" not in names and "Philadelphia" in names


def test_a_street_by_its_last_word_is_no_place_of_an_event() -> None:
    assert not names_an_event_place("Woodstream Trail") and not names_an_event_place("Harrow Court")
    assert not names_an_event_place("Quill Parkway")
    assert names_an_event_place("Circle Pines") and names_an_event_place("Harrow")  # a street's word first


def test_a_persons_name_is_no_story_place_unless_the_region_holds_a_town_of_it() -> None:
    """"Cardona", a suspect's surname, is a town only far away to the gazetteer: no candidate for the place of a
    Texas story; a person's name that is a town of the story's state stays one (the text may name both)."""
    texas = Region("US", "TX", named=True)
    found: dict[str, _Candidate] = {}
    _add(found, [], texas, "Cardona", 3.0, None, None, persons={"cardona"})
    assert not found
    _add(found, [], texas, "Cardona", 3.0, None, None)
    assert found  # (no person of the name: the namesake counts, for less)
    found = {}
    _add(found, [], texas, "Austin", 3.0, None, None, persons={"austin"})
    assert [c.name for c in found.values()] == ["Austin"]


def test_ner_running_past_a_datelines_dash_is_cut() -> None:
    from newsfuse.names import display_form

    assert display_form("SAN ANTONIO - A") == "SAN ANTONIO" and display_form("Harrow — Quill") == "Harrow"
    assert display_form("Wilkes-Barre") == "Wilkes-Barre"


def test_a_part_of_a_town_is_read_by_the_word_before_its_name() -> None:
    from newsfuse.placenames import town_in_name

    assert town_in_name("North Killeen") == town_in_name("Downtown Killeen") == "Killeen"
    assert town_in_name("Port Quill") is None and town_in_name("City Island") is None  # a town's own name
    assert town_in_name("Killeen") is None


def test_a_month_named_backs_the_days_told_in_it() -> None:
    """A follow-up's days (the arrest on Thursday, the court date) outnumber the event's own, but "the August
    shooting", "last August" back the day in August the event happened."""
    from newsfuse.story.date import story_date
    from newsfuse.types import Event

    def event(n: int, date: str, article: str) -> Event:
        return Event(id=f"e{n}", description="", date=date, date_text=date, location=None, article_ids=(article,),
                     claim_ids=(), date_source="text")

    told = [event(1, "2016-09-08", "a1"), event(2, "2016-09-08", "a2"), event(3, "2016-08-05", "a1")]
    assert story_date(told, []) == "2016-09-08"
    months = [event(4, "2016-08", "a1"), event(5, "2016-08", "a2")]
    assert story_date([*told, *months], []) == "2016-08-05"
    assert story_date([told[0], *months], []) == "2016-09-08"  # a month backs only a day told in it


def test_a_date_to_come_is_not_when_the_event_happened() -> None:
    """"Rowe is due in court on April 9" in the paper of April 2 names a day to come: the shooting told
    on February 12 dates the story, though both days are named once."""
    from newsfuse.story.date import story_date
    from newsfuse.types import Event

    def event(n: int, date: str, article: str) -> Event:
        return Event(id=f"e{n}", description="", date=date, date_text=date, location=None, article_ids=(article,),
                     claim_ids=(), date_source="text")

    told = [event(1, "2016-02-12", "a1"), event(2, "2016-04-09", "a2"), event(3, "2016-04-09", "a2")]
    published = {"a1": "2016-02-12", "a2": "2016-04-02"}
    assert story_date(told, []) == "2016-04-09"  # without the publication dates, the day named most
    assert story_date(told, [], published) == "2016-02-12"
    # a month to come ("a hearing in June") backs nothing either; a day told after it was published stays
    assert story_date([event(4, "2016-06", "a2"), *told], [], published) == "2016-02-12"
    assert story_date(told, [], {"a1": "2016-02-12", "a2": "2016-04-12"}) == "2016-04-09"


def test_the_storys_places_are_located_around_its_own_place() -> None:
    from newsfuse.geo import geocode_candidates
    from newsfuse.story.entities import settle_near_place
    from newsfuse.types import Place

    west_virginia = next(g for g in geocode_candidates("Charleston") if abs(g.lon + 81.6) < 0.2)
    carolina = geocode("Charleston")
    assert carolina is not None and distance_km((carolina.lat, carolina.lon), (west_virginia.lat, west_virginia.lon)) > 400

    def entity(name: str, geo: Geo | None, kind: str = "GPE") -> Entity:
        return Entity(id=f"ent_{name}", name=name, type=kind, aliases=(name,), mentions=(Span("a", 0, 5),), geo=geo)

    story = [entity("Charleston", carolina), entity("Kentucky", geocode("Kentucky")), entity("Detroit", geocode("Detroit")),
             entity("Quillbury", None, "PERSON")]
    place = Place(entity_id="ent_Quillbury", name="Quillbury", geo=west_virginia)  # NER's person, the story's place
    settled = {e.name: e.geo for e in settle_near_place(story, place)}
    assert settled["Charleston"] == west_virginia  # the one of the story's region, not the best known
    assert settled["Kentucky"] == geocode("Kentucky")  # a state stays the state
    assert settled["Detroit"] == geocode("Detroit")  # one town of the name: far or not, it stays
    assert settled["Quillbury"] == west_virginia  # the place's entity is where the story place says
    # a name whose best-known place is far bigger stays that place, a namesake near the story's place or not
    ontario = next(g for g in geocode_candidates("London") if g.lon < -80)  # London, Ontario: near Detroit
    detroit = Place(entity_id="ent_Detroit", name="Detroit", geo=geocode("Detroit"))
    [london] = settle_near_place([entity("London", geocode("London"))], detroit)
    assert london.geo == geocode("London") and london.geo != ontario
    assert settle_near_place(story, None) == story


def test_a_town_between_the_places_told_is_not_the_place_for_their_support_alone() -> None:
    # a story told of Detroit (datelines, the scene), whose suspects were charged in a court at Romulus and whose
    # victim was buried at Eastpointe and treated at Ann Arbor: Romulus lies within reach of them all and gathers
    # the most support, but the place told most in that area is Detroit
    def town(name: str, weight: float) -> _Candidate:
        geo = geocode(name)
        assert geo is not None
        return _Candidate(name, geo, None, weight=weight)

    detroit, romulus = town("Detroit", 28.0), town("Romulus", 5.0)
    assert _best([detroit, romulus, town("Eastpointe", 3.0), town("Ann Arbor", 1.0)]) is detroit
    assert _best([town("Detroit", 2.0), town("Romulus", 5.0)]).name == "Romulus"  # told most itself


def test_a_world_city_is_not_a_namesake_elsewhere_in_the_storys_country() -> None:
    new_york = Region("US", "NY", named=True)
    london = resolve("London", new_york)
    assert london is not None and london == geocode("London")  # not London, Ohio: New York holds no London
    texas = Region("US", "TX", named=True)
    paris = resolve("Paris", texas)
    assert paris is not None and region_of(paris) == ("US", "TX")  # the story's state has its own Paris
