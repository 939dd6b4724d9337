"""Cross-checking on hand-built claims: grouping, status, independent sources."""

from __future__ import annotations

from dataclasses import replace

from newsfuse.story.crosscheck import cross_check, dates_compatible, ranges_overlap
from newsfuse.types import Claim, ClaimRecord, Quantity


def _rec(article: str, start: int, low: float | None, high: float | None, *, text: str = "n", unit: str = "fighter",
         qualifier: str = "exact", measure: str = "killed", subject: str | None = "militants", dimension: str = "count",
         place: str | None = "ent_city", date: str | None = None, origin: str | None = None,
         by_publication: bool = False) -> ClaimRecord:
    q = Quantity(text=text, value=low if low == high else None, low=low, high=high, unit=unit, qualifier=qualifier)
    claim = Claim(id=f"c-{article}-{start}", article_id=article, start=start, end=start + 50, speaker=None,
                  speaker_text=None, via=(), quantity=q, measure=measure, quantity_start=start, quantity_end=start + 3)
    origin = origin or f"outlet:{article}"
    return ClaimRecord(claim=claim, subject=subject, dimension=dimension, place=place,
                       place_name=place, place_geo=None, date=date, origin=origin,
                       origin_label=origin.split(":")[1], by_publication=by_publication)


def test_conflict_with_relayed_source_counted_once() -> None:
    records = [
        _rec("a1", 10, 200, None, text="at least 200", qualifier="at_least", origin="ent:ministry"),
        _rec("a2", 10, 200, None, text="more than 200", qualifier="more_than", origin="ent:ministry"),
        _rec("a3", 10, 63, 77, text="around 70", qualifier="about", origin="ent:observatory"),
    ]
    [fact] = cross_check("s", records)
    assert fact.status == "conflict"
    assert fact.independent_sources == 2
    assert [v.text for v in fact.values] == ["around 70", "at least 200"]
    assert fact.label == "militants killed in ent_city"


def test_the_figures_of_two_people_named_as_doing_it_are_two_facts() -> None:
    """"Ann Roe made 30 saves" and "Lee Hart made 25 saves": two goalies' figures, not a dispute; "Roe" is Ann
    Roe, and a figure that names no one may be anyone's."""
    from dataclasses import replace

    def saves(article: str, n: float, doer: str | None) -> ClaimRecord:
        return replace(_rec(article, 10, n, n, unit="save", measure="made", subject="save"), doer=doer)

    facts = cross_check("s", [saves("a1", 30, "Ann Roe"), saves("a2", 25, "Lee Hart"), saves("a3", 30, "Roe")])
    assert sorted((f.label, f.status, [v.text for v in f.values]) for f in facts) == [
        ("saves made by Ann Roe in ent_city", "corroborated", ["n"]),
        ("saves made by Lee Hart in ent_city", "single", ["n"])]
    [fact] = cross_check("s", [saves("a1", 30, "Ann Roe"), saves("a2", 25, None)])
    assert fact.status == "conflict"


def test_corroborated_needs_two_sources_and_overlap() -> None:
    records = [_rec("a1", 5, 140, 140, unit="mm", measure="fell", subject="rain", dimension="length",
                    origin="ent:met"),
               _rec("a2", 5, 126, 154, unit="mm", measure="recorded", subject=None, dimension="length",
                    origin="ent:institute")]
    [fact] = cross_check("s", records)
    assert fact.status == "corroborated" and fact.independent_sources == 2
    [single] = cross_check("s", records[:1])
    assert single.status == "single"


def test_different_events_are_not_merged() -> None:
    records = [
        _rec("a1", 10, 200, None, qualifier="at_least"),
        _rec("a2", 10, 720, 880, qualifier="about", place="ent_other_town"),  # another battle elsewhere
        _rec("a3", 10, 190, 210, qualifier="about", date="2016-09"),  # a year before: other event
        _rec("a3", 99, 200, 200, date="2017-09-04"),
        _rec("a4", 10, 200, 200, subject="soldiers"),  # other kind of people
    ]
    facts = cross_check("s", records)
    assert all(f.status != "conflict" for f in facts)
    assert len(facts) == 4


def test_two_numbers_of_one_source_that_disagree_are_two_events() -> None:
    records = [_rec("a1", 10, 4, 4, unit="tank", measure="destroyed", subject="tank", place=None),
               _rec("a1", 90, 13, 13, unit="tank", measure="destroyed", subject="tank", place=None)]
    facts = cross_check("s", records)
    assert len(facts) == 2 and {f.status for f in facts} == {"single"}


def test_durations_compare_across_units() -> None:
    records = [
        _rec("a1", 1, 3, 3, unit="year", measure="duration", subject="siege", dimension="duration"),
        _rec("a2", 1, 30, 30, unit="month", measure="duration", subject="siege", dimension="duration"),
        _rec("a3", 1, 36, 36, unit="month", measure="duration", subject="siege", dimension="duration"),
    ]
    [fact] = cross_check("s", records)
    assert fact.status == "conflict"  # 30 months (2.5 years) vs 3 years
    assert fact.label == "length of the siege in ent_city"


def test_a_number_told_without_its_noun_is_one_value_with_the_same_number_told_with_it() -> None:
    records = [
        _rec("a1", 10, 10.8, 13.2, text="about 12", unit="", qualifier="about", origin="ent:hospital"),
        _rec("a2", 10, 10.8, 13.2, text="around a dozen", unit="people", qualifier="about", origin="ent:agency"),
        _rec("a3", 10, 40, None, text="at least 40", unit="people", qualifier="at_least", origin="ent:mayor"),
    ]
    [fact] = cross_check("s", records)
    assert [(v.text, v.unit, len(v.claim_ids)) for v in fact.values] == [
        ("about 12", "people", 2), ("at least 40", "people", 1)]


def test_a_toll_restated_without_a_date_joins_the_fact_it_restates() -> None:
    records = [
        _rec("a1", 10, 7, None, text="at least seven", qualifier="at_least", date="2025-09-16", origin="ent:sheriff"),
        _rec("a2", 10, 4, 4, text="four", date="2025-09-17", origin="ent:office"),
        _rec("a3", 10, 7, None, text="at least seven", qualifier="at_least", date="2025-09-24",
             origin="ent:sheriff", by_publication=True),
    ]
    [fact] = cross_check("s", records)
    assert fact.status == "conflict" and len(fact.values[1].claim_ids) == 2
    dated = [*records[:2], _rec("a3", 10, 7, None, qualifier="at_least", date="2025-09-24", origin="ent:sheriff")]
    assert len(cross_check("s", dated)) == 2  # named a week later, it is another event


def test_helpers() -> None:
    assert ranges_overlap((200, None), (200, 200))
    assert not ranges_overlap((63, 77), (200, None))
    assert ranges_overlap((None, 3), (2.5, 2.5))
    assert dates_compatible("2017-09", "2017-09-05")
    assert not dates_compatible("2016-09", "2017-09-05")
    assert dates_compatible(None, "2016")
    # told without a date, a week after: the publication date stands for the days before it
    assert not dates_compatible("2025-09-16", "2025-09-24")
    assert dates_compatible("2025-09-16", "2025-09-24", b_by_publication=True)
    assert not dates_compatible("2024-09-16", "2025-09-24", b_by_publication=True)


def test_ids_do_not_depend_on_order() -> None:
    records = [_rec("a1", 10, 200, None, qualifier="at_least"), _rec("a3", 10, 63, 77, qualifier="about")]
    assert cross_check("s", records) == cross_check("s", records[::-1])


def test_sums_in_two_currencies_compare_at_the_rate_of_their_date() -> None:
    euros = _rec("a1", 5, 2e6, 2e6, unit="EUR", measure="grab", subject="jewelry", dimension="money",
                 date="2013-09-09", origin="ent:police")
    dollars = _rec("a2", 5, 2.6e6, None, unit="USD", qualifier="more_than", measure="make", subject="jewellery",
                   dimension="money", date="2013-09-09", origin="ent:paper")
    [fact] = cross_check("s", [euros, dollars])
    assert fact.status == "corroborated"  # 2 million euros were about 2.64 million dollars that day
    cheap = _rec("a2", 5, 1.5e6, 1.5e6, unit="USD", measure="make", subject="jewelry", dimension="money",
                 date="2013-09-09", origin="ent:paper")
    [fact] = cross_check("s", [euros, cheap])
    assert fact.status == "conflict"


def test_sums_in_one_currency_compare_without_rates() -> None:
    a = _rec("a1", 5, 2e6, 2e6, unit="EUR", measure="grab", subject="jewelry", dimension="money",
             origin="ent:police")
    b = _rec("a2", 5, 3e6, 3e6, unit="EUR", measure="grab", subject="jewelry", dimension="money",
             origin="ent:paper")
    [fact] = cross_check("s", [a, b])
    assert fact.status == "conflict"


def test_a_telling_joins_the_number_it_repeats() -> None:
    # one court gave two counts of sentences (seven in all, four without parole): two facts; a second
    # outlet's "four" repeats the second, it does not contradict the first
    records = [_rec("a1", 10, 7, 7, unit="sentence", measure="number", subject="sentence", origin="ent:court"),
               _rec("a1", 90, 4, 4, unit="sentence", measure="number", subject="sentence", origin="ent:court"),
               _rec("a2", 10, 4, 4, unit="sentence", measure="number", subject="sentence")]
    facts = cross_check("s", records)
    assert sorted((f.status, len(f.values)) for f in facts) == [("corroborated", 1), ("single", 1)]


def test_the_value_of_a_robbery_is_the_value_of_its_loot() -> None:
    heist = _rec("a1", 5, 3e6, 3e6, unit="EUR", measure="pull", subject="heist", dimension="money")
    loot = _rec("a2", 5, 3e6, 3e6, unit="EUR", measure="grab", subject="valuables", dimension="money")
    rent = _rec("a3", 5, 9e5, 9e5, unit="EUR", measure="pay", subject="rent", dimension="money")
    facts = cross_check("s", [heist, loot, rent])
    assert sorted(f.independent_sources for f in facts) == [1, 2]  # the heist and its loot are one fact
    [together] = [f for f in facts if f.independent_sources == 2]
    assert together.status == "corroborated"


def test_the_story_place_is_not_a_name_seen_once_that_no_gazetteer_knows() -> None:
    from newsfuse.story.claims import main_place
    from newsfuse.types import Entity, Span

    def place(name: str, mentions: int) -> Entity:
        return Entity(id=f"ent_{name}", name=name, type="GPE", aliases=(name,),
                      mentions=tuple(Span("a", i * 10, i * 10 + 5) for i in range(mentions)))

    assert main_place([place("Skips", 1)]) is None  # "Skips for waste will stay ...": a noun, not a town
    assert main_place([place("Skips", 1), place("Harrowgate", 2)]).name == "Harrowgate"


def test_the_story_place_does_not_count_the_victims_home_town() -> None:
    from newsfuse.story.claims import main_place
    from newsfuse.types import Entity, Span

    text = ("Shots rang out in Harrowgate. Ann Roe, 32, of Kelso, died in Harrowgate. Ben Roe of Kelso and Cal Dunn, "
            "of Kelso, were hurt.")

    def place(name: str) -> Entity:
        starts = [i for i in range(len(text)) if text.startswith(name, i)]
        return Entity(id=f"ent_{name}", name=name, type="GPE", aliases=(name,),
                      mentions=tuple(Span("a", i, i + len(name)) for i in starts))

    entities = [place("Harrowgate"), place("Kelso")]
    assert len(entities[1].mentions) == 3 and main_place(entities).name == "Kelso"  # by mentions alone
    assert main_place(entities, texts={"a": text}).name == "Harrowgate"


def test_a_name_given_an_age_is_a_persons_whatever_ner_typed_it() -> None:
    from newsfuse.story.claims import people_names

    texts = ["Police said 20-year-old Tavin Okoro was aiming at cars. A 20-year-old Harrowgate man was hit.",
             "Okoro was held on bail. Mira Salo, 31, was grazed."]
    names = people_names([], texts)
    assert {"tavin okoro", "okoro", "mira salo", "salo"} <= names
    assert "harrowgate" not in names  # an age before a home town and a person's noun
    from newsfuse.story.claims import aged_names

    assert aged_names(["a 22-year-old St. Agnes's University grad student and a 30-year-old Quill Hospital nurse, "
                       "and 19-year-old Dana Roe"]) == {"dana roe"}  # a body's or a site's name is none


def test_an_entity_ner_typed_otherwise_is_a_person_when_the_text_gives_it_an_age() -> None:
    from newsfuse.story.entities import retype
    from newsfuse.types import Entity, Geo, Span

    def entity(name: str, kind: str, geo: Geo | None = None) -> Entity:
        return Entity(id=f"ent_{name}", name=name, type=kind, aliases=(name,), mentions=(Span("a", 0, 5),), geo=geo)

    found = retype([entity("Tavin Okoro", "ORG"), entity("Harrow Bank", "ORG"),
                           entity("Quillbury", "GPE", Geo(1.0, 2.0, "geonames:1"))], {"tavin okoro", "quillbury"})
    assert [(e.id, e.type) for e in found] == [("ent_Tavin Okoro", "PERSON"), ("ent_Harrow Bank", "ORG"),
                                               ("ent_Quillbury", "GPE")]  # a town the gazetteer locates stays one
    # a name NER typed a person's whose last word is a site's, a body's or a day's
    named = retype([entity(n, "PERSON") for n in ("Quill Memorial Hospital", "Harrow County Sheriff's Office",
                                                  "Harrow Founders Day", "Hafer Road", "Grace Park", "Ann Day")], set())
    assert [e.type for e in named] == ["FAC", "ORG", "EVENT", "FAC", "PERSON", "PERSON"]  # (surnames stay names)
    streets = retype([entity("Kestrel Road", "ORG"), entity("Kestrel Bank", "ORG"),
                      entity("Kestrel County Superior Court", "ORG")], set())
    assert [e.type for e in streets] == ["FAC", "ORG", "ORG"]  # a street NER took for an organisation; a court


def test_a_persons_name_no_gazetteer_places_is_no_place_unless_a_place_noun_names_it() -> None:
    from newsfuse.story.claims import PlaceReading, _place, main_place, people_names
    from newsfuse.types import Entity, Span

    def entity(name: str, kind: str) -> Entity:
        return Entity(id=f"ent_{name}", name=name, type=kind, aliases=(name,),
                      mentions=(Span("a", 0, 5), Span("a", 10, 15)))

    # NER typed "Quillane" a town in one sentence; the story knows "Dara Quillane" for a person
    entities = [entity("Dara Quillane", "PERSON"), entity("Quillane", "GPE"), entity("Harrowgate", "GPE")]
    persons = people_names(entities, ["Dara Quillane, 24, was killed. Quillane was shot in Harrowgate."])
    assert {"dara quillane", "quillane"} <= persons
    assert _place("Quillane", entities, PlaceReading(persons)) == (None, None, None)
    assert main_place(entities, PlaceReading(persons)).name == "Harrowgate"
    # ... but "the village of Tel Sarab" is a village, whatever NER typed it
    village = [entity("Tel Sarab", "PERSON")]
    assert people_names(village, ["Shelling hit the village of Tel Sarab."]) == frozenset()
    reading = PlaceReading(people_names(village, ["Shelling hit the village of Tel Sarab."]))
    assert _place("Tel Sarab", village, reading)[1] == "Tel Sarab"
    # a name that says something is a person's, whatever NER typed it ("Mirela Quillbury" a building, "Quillbury" a town)
    said = [entity("Mirela Quillbury", "FAC"), entity("Quillbury", "GPE")]
    persons = people_names(said, ["Mirela Quillbury said the party was hers. 'It was loud,' Quillbury said."])
    assert {"mirela quillbury", "quillbury"} <= persons
    assert _place("Quillbury", said, PlaceReading(persons)) == (None, None, None)
    # a name no gazetteer locates, ending in the surname of someone in the story, is a person, given name and all
    kin = [entity("Tobin Quillbury", "GPE"), entity("Tobin", "GPE"), entity("Harrowgate", "GPE")]
    persons = people_names(kin, ["Tobin Quillbury, 13, died. Mirela Quillbury said he loved to laugh."])
    assert {"tobin quillbury", "tobin"} <= persons
    assert _place("Tobin", kin, PlaceReading(persons)) == (None, None, None)
    # ... not a name that ends so but is a place the text names ("the village of Tobin Quillbury")
    assert "tobin" not in people_names(kin, ["Shells hit the village of Tobin Quillbury. Mirela Quillbury said so."])
    # ... but not an agency's name ("Harrowgate Police said"), nor a place a phrase ends with ("a home in X said")
    assert "harrowgate" not in people_names([], ["Harrowgate Police said two were hurt."])
    assert people_names([], ["The mother of the boy shot at their home in Harrowgate said he is home."]) == frozenset()


def test_a_persons_name_is_no_city_far_outside_the_storys_region() -> None:
    """A story in New York names "Kaydence Houston": "Houston" is her name there, not the city in Texas; in a
    Texas story the city stays."""
    from newsfuse.geo import geocode
    from newsfuse.story.claims import PlaceReading, _place, people_names
    from newsfuse.story.place import Region
    from newsfuse.types import Entity, Span

    houston = Entity(id="ent_h", name="Houston", type="GPE", aliases=("Houston",), mentions=(Span("a", 0, 7),),
                     geo=geocode("Houston"))
    person = Entity(id="ent_k", name="Kaydence Houston", type="PERSON", aliases=("Kaydence Houston",),
                    mentions=(Span("a", 20, 36),))
    persons = people_names([houston, person], [""])
    new_york, texas = Region("US", "NY", named=True), Region("US", "TX", named=True)
    assert _place("Houston", [houston, person], PlaceReading(persons, new_york)) == (None, None, None)
    assert _place("Houston", [houston, person], PlaceReading(persons, texas))[1] == "Houston"
    assert _place("Houston", [houston], PlaceReading(frozenset(), new_york))[1] == "Houston"
    # a state only guessed from the story's places decides nothing ("Memphis" in a story guessed Floridian)
    assert _place("Houston", [houston, person], PlaceReading(persons, Region("US", "NY")))[1] == "Houston"
    # nor is a city the text never writes as a place, outside the state the story names ("Special-Kay Houston")
    assert _place("Houston", [houston], PlaceReading(frozenset(), new_york, told=frozenset())) == (None, None, None)
    assert _place("Houston", [houston], PlaceReading(frozenset(), new_york, told=frozenset({"houston"})))[1] \
        == "Houston"


def test_a_speaker_phrase_finds_its_body_by_the_proper_name_in_it() -> None:
    from newsfuse.story.claims import _speaker_entity
    from newsfuse.types import Entity

    office = Entity(id="ent_oem", name="Office of Emergency Management", type="ORG",
                    aliases=("Office of Emergency Management",), mentions=())
    sheriff = Entity(id="ent_reyes", name="Joanna Reyes", type="PERSON", aliases=("Joanna Reyes",), mentions=())
    assert _speaker_entity("the county Office of Emergency Management", [office, sheriff]) == office
    assert _speaker_entity("the county sheriff", [office, sheriff]) is None


def test_a_fact_label_names_its_things_in_the_plural() -> None:
    [fact] = cross_check("s", [_rec("a1", 10, 31, 31, measure="waiting", subject="ship", unit="ship")])
    assert fact.label == "ships waiting in ent_city"
    [counted] = cross_check("s", [_rec("a1", 10, 4, 4, measure="number", subject="aftershock", unit="aftershock")])
    assert counted.label == "number of aftershocks in ent_city"
    [people] = cross_check("s", [_rec("a1", 10, 7, 7, measure="killed", subject="people", unit="people")])
    assert people.label == "people killed in ent_city"


def test_an_amount_label_says_a_rate_of_its_own_things_once() -> None:
    from newsfuse.story.crosscheck import amount_label

    assert amount_label("sortie", "sortie/day") == amount_label(None, "sortie/day") == "sorties per day"
    assert amount_label("time", "time/week") == "times per week"  # "four times a week"
    assert amount_label(None, "km/day") == "km per day"  # a unit is not made plural
    assert amount_label("speed", "km/day") == "speed (km per day)"
    assert amount_label("%", "percent/hour") == "percent per hour"
    assert amount_label("rain", "length") == "rain (length)"
    assert amount_label("length", "length") == "length"
    assert amount_label(None, "money") == "amount (money)"


def _victim(article: str, published: str, measure: str, *, implicit: bool = True, low: float = 1) -> ClaimRecord:
    from dataclasses import replace

    record = _rec(article, 10, low, low, text="the boy" if implicit else "two", unit="", measure=measure,
                  subject="people", place=None)
    return replace(record, implicit=implicit, published=published)


def test_a_lone_victim_told_wounded_who_died_later_is_no_count_of_the_wounded() -> None:
    # "the boy remains in critical condition" (Monday), "the boy died" (Wednesday): one boy, who died
    records = [_victim("a1", "2016-05-02", "injured"), _victim("a2", "2016-05-04", "killed")]
    assert [f.label for f in cross_check("s", records)] == ["people killed"]


def test_a_lone_victim_told_wounded_is_kept_where_the_story_tells_of_more() -> None:
    # the later article tells of someone wounded too; or tells of two dead; or of the death the same day
    kept = [
        [_victim("a1", "2016-05-02", "injured"), _victim("a2", "2016-05-04", "killed"),
         _victim("a2", "2016-05-04", "injured", implicit=False)],
        [_victim("a1", "2016-05-02", "injured"), _victim("a2", "2016-05-04", "killed", implicit=False, low=2)],
        [_victim("a1", "2016-05-02", "injured"), _victim("a2", "2016-05-02", "killed")],
    ]
    for records in kept:
        assert "people injured" in [f.label for f in cross_check("s", records)]


def test_a_lone_victim_told_wounded_is_one_of_the_wounded_a_story_counts() -> None:
    # a1: "the woman was shot in the leg"; a2: "two people were taken to hospitals" (another measure)
    from dataclasses import replace

    two = _victim("a2", "2016-05-02", "hospitalised", implicit=False, low=2)
    labels = [f.label for f in cross_check("s", [_victim("a1", "2016-05-02", "injured"), two])]
    assert labels == ["people hospitalised"]
    # nobody died: two shot are the wounded; where someone died, the two shot may be the dead and the wounded
    shot = _victim("a2", "2016-05-02", "shot", implicit=False, low=2)
    assert [f.label for f in cross_check("s", [_victim("a1", "2016-05-02", "injured"), shot])] == ["people shot"]
    dead = _victim("a3", "2016-05-02", "killed")
    assert "people injured" in [f.label for f in cross_check("s", [_victim("a1", "2016-05-02", "injured"), shot,
                                                                   dead])]
    # "he suffered three gunshot wounds" counts no people
    wounds = replace(_victim("a2", "2016-05-02", "injured", implicit=False, low=3), subject="wounds")
    assert "people injured" in [f.label for f in cross_check("s", [_victim("a1", "2016-05-02", "injured"),
                                                                   wounds])]


def test_a_kind_of_people_counted_below_the_storys_toll_is_a_part_of_it() -> None:
    # a1: "three children were wounded"; a2: "four people were wounded": the children are among the four
    wounded = {"unit": "", "measure": "injured", "place": None}
    children = _rec("a1", 10, 3, 3, text="three", subject="children", **wounded)
    people = _rec("a2", 10, 4, 4, text="four", subject="people", **wounded)
    scopes = {f.label: f.scope for f in cross_check("s", [children, people])}
    assert scopes == {"children injured": "children", "people injured": "people"}
    # six teenagers beside five people is no part: a count that disputes the toll, told apart
    teens = _rec("a1", 10, 6, 6, text="six", subject="teenager", **wounded)
    five = _rec("a2", 10, 5, 5, text="five", subject="people", **wounded)
    assert {f.label: f.scope for f in cross_check("s", [teens, five])}["teenagers injured"] is None


def test_men_counted_as_the_storys_toll_of_people_are_that_toll() -> None:
    # a1: "two men died at the scene"; a2: "two people were killed": one toll told with two nouns, one fact
    killed = {"measure": "killed", "place": None}
    men = _rec("a1", 10, 2, 2, text="Two", unit="man", subject="man", **killed)
    people = _rec("a2", 10, 2, 2, text="two", unit="", subject="people", **killed)
    [fact] = cross_check("s", [men, people])
    assert fact.label == "people killed" and fact.status == "corroborated"
    assert [v.text for v in fact.values] == ["Two"] and len(fact.values[0].claim_ids) == 2
    # officers are no kind a toll of people is told by: a count of its own, whatever the number
    officers = _rec("a1", 10, 2, 2, text="Two", unit="officer", subject="officer", **killed)
    assert sorted(f.label for f in cross_check("s", [officers, people])) == ["officers killed", "people killed"]
    # a count of men that disputes the toll stays apart
    three = _rec("a1", 10, 3, 3, text="three", unit="man", subject="man", **killed)
    assert len(cross_check("s", [three, people])) == 2
    # "one man is dead" beside "the victim died": one toll of one
    one = _rec("a1", 10, 1, 1, text="One", unit="man", subject="man", **killed)
    victim = replace(_rec("a2", 10, 1, 1, text="the victim", unit="", subject="people", **killed), implicit=True)
    [toll] = cross_check("s", [one, victim])
    assert toll.label == "people killed" and [v.text for v in toll.values] == ["One"]
    # "the 17-year-old died" beside "two teenagers were killed": the one victim is one of the two, one toll of two
    two = _rec("a1", 10, 2, 2, text="Two", unit="teenager", subject="teenagers", **killed)
    teen = replace(_rec("a2", 10, 1, 1, text="the 17-year-old", unit="", subject="people", **killed), implicit=True)
    [pair] = cross_check("s", [two, teen])
    assert pair.label == "people killed" and [v.text for v in pair.values] == ["Two"]


def test_men_counted_as_the_doers_of_one_role_are_that_role() -> None:
    # a1: "four men rammed their van into the shop"; a2: "four robbers made off with the watches"
    doing = {"measure": "involved", "place": None}
    men = _rec("a1", 10, 4, 4, text="Four", unit="man", subject="man", **doing)
    robbers = _rec("a2", 10, 4, 4, text="four", unit="robber", subject="robber", **doing)
    [fact] = cross_check("s", [men, robbers])
    assert fact.label == "robbers involved" and fact.status == "corroborated"
    # a count of men that disputes the role's stays apart
    three = _rec("a1", 10, 3, 3, text="three", unit="man", subject="man", **doing)
    assert len(cross_check("s", [three, robbers])) == 2
    # two roles the men could be (robbers, guards): which one, nothing says
    guards = _rec("a3", 10, 4, 4, text="four", unit="guard", subject="guard", **doing)
    assert len(cross_check("s", [men, robbers, guards])) == 3
    # a harm keeps its own rule: men killed beside officers killed are no one toll
    killed = {"measure": "killed", "place": None}
    dead = [_rec("a1", 10, 2, 2, text="Two", unit="man", subject="man", **killed),
            _rec("a2", 10, 2, 2, text="two", unit="officer", subject="officer", **killed)]
    assert sorted(f.label for f in cross_check("s", dead)) == ["men killed", "officers killed"]
    # a kind of people the measures name is such a role: "about 4,500 were on strike" (no noun) beside "4,500
    # workers were on strike"
    striking = {"measure": "striking", "place": None}
    bare = _rec("a1", 10, 4500, 4500, text="4,500", unit="", subject="people", **striking)
    workers = _rec("a2", 10, 4500, 4500, text="4,500", unit="worker", subject="workers", **striking)
    [strikers] = cross_check("s", [bare, workers])
    assert strikers.label == "workers striking" and len(strikers.values) == 1


def test_a_vague_word_beside_the_articles_own_figure_disputes_nothing() -> None:
    # a1: "14 people were shot"; a2: "several people were shot ..." and, further down, "14 were shot"
    shot = {"unit": "people", "measure": "shot", "subject": "people"}
    records = [_rec("a1", 10, 14, 14, text="14", **shot),
               _rec("a2", 10, 3, 9, text="several", qualifier="vague", **shot),
               _rec("a2", 90, 14, 14, text="14", **shot)]
    facts = cross_check("s", records)
    assert all(f.status != "conflict" for f in facts)
    [loose] = [f for f in facts if len(f.values) == 2]
    assert [(v.text, v.current) for v in loose.values] == [("several", False), ("14", True)]
    # a vague word of an article that gives no figure of its own still disputes one
    [fact] = cross_check("s", records[:2])
    assert fact.status == "conflict"


def test_a_claim_takes_the_date_its_sentence_names_nearest_the_number() -> None:
    from newsfuse.nlp import parse_articles
    from newsfuse.story.claims import build_claims
    from newsfuse.types import Article

    text = ("The rifle was bought on March 3 at the same shop that sold the guns of the June 5, 2009 rampage "
            "that left 13 dead.")
    article = Article(id="a", source="test", url=None, title=None, published="2014-04-03", text=text)
    records = build_claims(parse_articles([article]), [], {})
    assert [r.date for r in records if r.claim.quantity and r.claim.quantity.text == "13"] == ["2009-06-05"]


def test_a_toll_that_includes_the_gunman_is_its_own_fact_beside_the_victims() -> None:
    from newsfuse.nlp import parse_articles
    from newsfuse.story.claims import build_claims
    from newsfuse.types import Article

    texts = {"a": "A gunman killed two people at a cinema in Lakeport on Friday before he shot himself.",
             "b": "Three people died at the cinema in Lakeport on Friday, including the gunman, police said."}
    articles = [Article(id=k, source=f"outlet-{k}", url=None, title=None, published="2016-05-02", text=t)
                for k, t in texts.items()]
    records = build_claims(parse_articles(articles), [], {})
    killed = {(f.scope, f.status, tuple(v.low for v in f.values)) for f in cross_check("s", records)
              if "killed" in f.label or "died" in f.label}
    assert killed == {("people", "single", (2.0,)), ("including the suspect", "single", (3.0,))}


def test_a_toll_at_a_street_or_venue_is_the_town_toll_and_the_label_names_the_town() -> None:
    from dataclasses import replace

    def at(article: str, place: str, geo: tuple[float, float] | None, measure: str = "killed") -> ClaimRecord:
        record = _rec(article, 10, 2, 2, measure=measure, subject="people", place=place.lower())
        return replace(record, place_name=place, place_geo=geo, place_from="clause")

    town = at("a1", "Harrowgate", (40.0, -80.0))
    street = at("a2", "Linden Creek Drive", None)
    venue = at("a3", "Harrowgate Memorial Hospital", None)
    ran_on = at("a7", "Quinton Regional Airport as", None)  # a word NER ran on with: still an airport
    institution = at("a8", "Quinton Health Tarrow", None)  # a hospital by a word of its name
    playground = at("a10", "Dorran Lake Playground", None)
    far = at("a4", "Port Aldine", (43.0, -75.0))  # a town 400 km away: another event
    shouted = at("a5", "HARROWGATE", (40.0, -80.0))  # a dateline's capitals
    facts = cross_check("s", [shouted, street, venue, ran_on, institution, playground, shouted, town, far])
    assert sorted(f.label for f in facts) == ["people killed in Harrowgate", "people killed in Port Aldine"]
    # a place only a dateline writes is named as people write it; a word NER ran on with is no part of a name
    [only_shouted] = cross_check("s", [at("a5", "PORT ALDINE", (43.0, -75.0))])
    assert only_shouted.label == "people killed in Port Aldine"
    [ran_on_alone] = cross_check("s", [at("a9", "Port Aldine at", (43.0, -75.0))])
    assert ran_on_alone.label == "people killed in Port Aldine"
    # an agency is where the toll was told, not where anyone died
    [office] = cross_check("s", [at("a6", "Harrow County Sheriff's Office", None)])
    assert office.label == "people killed"
    # people in hospital: a hospital's name says which of them a count counts ("two were at ... Hospital")
    [left, right] = [at(a, p, None, "hospitalised") for a, p in (("a1", "North Hospital"), ("a2", "South Hospital"))]
    assert len(cross_check("s", [left, replace(right, claim=replace(right.claim, quantity=Quantity(
        text="3", value=3, low=3, high=3, unit="", qualifier="exact")))])) == 2


def test_a_town_too_small_for_the_first_tier_is_read_in_the_storys_state() -> None:
    from newsfuse.geo import distance_km
    from newsfuse.story.claims import PlaceReading, _place
    from newsfuse.story.place import Region

    assert _place("Dunbar", [], PlaceReading())[2] is None  # no city of 15,000 bears the name
    _, _, geo = _place("Dunbar", [], PlaceReading(region=Region("US", "WV")))
    assert geo is not None and distance_km(geo, (38.35, -81.63)) < 20  # beside Charleston, West Virginia


def test_a_county_named_without_county_is_no_town_unless_the_storys_state_holds_a_town_of_its_name() -> None:
    from newsfuse.story.claims import PlaceReading, _place, county_names
    from newsfuse.story.place import Region

    assert county_names(["The Harrow County Sheriff's Office said", "MARLOW COUNTY, Okla. -"]) == {"harrow", "marlow"}
    texas = Region("US", "TX")
    # "Hays County": the best-known Hays is in Kansas, so in a Texas story "Hays" is the county
    assert _place("Hays", [], PlaceReading(region=texas, counties=frozenset({"hays"}))) == (None, None, None)
    # "Dallas County": Dallas is a city of Texas
    assert _place("Dallas", [], PlaceReading(region=texas, counties=frozenset({"dallas"})))[1] == "Dallas"
    assert _place("Hays", [], PlaceReading(region=texas))[1] == "Hays"  # no county named: a town


def test_a_date_that_tells_when_it_was_said_dates_nothing_that_happened() -> None:
    from newsfuse.nlp import parse_articles
    from newsfuse.story.claims import build_claims
    from newsfuse.types import Article

    texts = {"said": "Two men were killed in the crash on Route 9, police said Wednesday.",
             "before": "On Wednesday, police said two men were killed in the crash on Route 9.",
             "happened": "Two men were killed in the crash on Route 9 on Wednesday.",
             # a court's day, too, is after what happened
             "tried": "The driver who killed two men on Route 9 was sentenced Wednesday.",
             "court": "The driver accused of killing two men on Route 9 appeared in court on Wednesday.",
             # the speaker's day: "Officials on Wednesday identified ..."
             "after": "Officials on Wednesday identified the driver in the crash on Route 9 that killed two men."}
    articles = [Article(id=k, source="test", url=None, title=None, published="2016-05-06", text=t)
                for k, t in texts.items()]
    dated = {r.claim.article_id: (r.date, r.by_publication) for r in build_claims(parse_articles(articles), [], {})
             if r.claim.quantity is not None and r.claim.quantity.text.lower() == "two"}
    # the saying day stands, as a publication day does, for the days before it
    assert dated == {"said": ("2016-05-04", True), "before": ("2016-05-04", True), "happened": ("2016-05-04", False),
                     "tried": ("2016-05-04", True), "court": ("2016-05-04", True), "after": ("2016-05-04", True)}


def test_a_name_no_gazetteer_knows_is_a_place_only_where_the_text_puts_something_there() -> None:
    """NER takes a caption's "Accused" or a quote's surname for a place: with no gazetteer to locate it, a name is
    a place only where the story writes it as one ("in the Quellmoor area", "at Fort Quellmoor"); a site keeps
    its own rule (``_site``)."""
    from newsfuse.story.claims import PlaceReading, _place, told_places
    from newsfuse.types import Entity, Span

    def entity(name: str) -> Entity:
        return Entity(id=f"ent_{name}", name=name, type="GPE", aliases=(name,), mentions=(Span("a", 0, 5),))

    texts = ["Accused gunman Rolo Brandt appears in court. Two died in the Quellmoor area, near Fort Quellmoor."]
    told = told_places(texts)
    assert {"quellmoor", "fort quellmoor"} <= told and "accused" not in told
    reading = PlaceReading(told=told)
    names = ["Accused", "Quellmoor", "Fort Quellmoor"]
    entities = [entity(n) for n in names]
    assert [_place(n, entities, reading)[1] for n in names] == [None, "Quellmoor", "Fort Quellmoor"]
    # not known what the text writes (no reading of it): any name may be a place, as before
    assert _place("Accused", entities, PlaceReading())[1] == "Accused"


def test_a_town_the_text_pairs_with_its_state_is_that_states_town() -> None:
    """"Dunbar, W.Va." is the West Virginia town whatever region the story's other places suggest, and
    "Charleston, W.Va." is not the larger Charleston a gazetteer or the story's other towns would pick."""
    from newsfuse.geo import distance_km, geocode
    from newsfuse.story.claims import PlaceReading, _place
    from newsfuse.story.place import Region, stated_towns
    from newsfuse.types import Entity, Span

    texts = ["DUNBAR, W.Va. -- Two were hurt. In Charleston, W.Va., police said more. Then Gastonia, N.C. too."]
    stated = stated_towns(texts)
    assert stated == {"dunbar": "WV", "charleston": "WV", "gastonia": "NC"}
    charleston = Entity(id="ent_c", name="Charleston", type="GPE", aliases=("Charleston",),
                        mentions=(Span("a", 0, 10),), geo=geocode("Charleston"))
    reading = PlaceReading(region=Region("US", "NC"), stated=stated)
    for name, near in (("Dunbar", (38.36, -81.74)), ("Charleston", (38.35, -81.63))):
        _, _, geo = _place(name, [charleston], reading)
        assert geo is not None and distance_km(geo, near) < 15
    # without the pairing, the gazetteer's best-known Charleston stays
    _, _, geo = _place("Charleston", [charleston], PlaceReading(region=Region("US", "NC")))
    assert geo is not None and distance_km(geo, (38.35, -81.63)) > 300


def test_a_part_of_a_town_lies_where_the_text_or_its_name_puts_it() -> None:
    """A part of a town the gazetteer does not know is where the text places it ("the Harrow Vale area of
    Memphis", "in Harrow Vale, Memphis") or where its name says ("South Memphis", "Downtown Memphis"); "Chicago's
    Austin neighborhood" is in Chicago, not in Texas; a list's comma moves no town the gazetteer knows."""
    from newsfuse.geo import distance_km
    from newsfuse.story.claims import PlaceReading, _place, stated_quarters

    memphis, chicago, dallas = (35.15, -90.05), (41.85, -87.65), (32.78, -96.81)
    quarters = stated_quarters(["Two were shot in the Harrow Vale area of Memphis on Friday.",
                                "A man was hurt in Quellmoor Flats, Memphis, late Sunday.",
                                "It happened in Chicago's Austin neighborhood.", "Stops in Dallas, Fort Worth and Tulsa.",
                                "He was shot in Englewood, Rolo Brandt said."])
    assert quarters["harrow vale"] == ("Memphis", True) and quarters["austin"] == ("Chicago", True)
    assert quarters["quellmoor flats"] == ("Memphis", False) and quarters["dallas"] == ("Fort Worth", False)
    assert "englewood" not in quarters  # a speaker after the comma is no town
    reading = PlaceReading(within=quarters)
    for name, town in (("Harrow Vale", memphis), ("Quellmoor Flats", memphis), ("South Memphis", memphis),
                       ("Downtown Memphis", memphis), ("Austin", chicago), ("Dallas", dallas)):
        key, shown, geo = _place(name, [], reading)
        assert shown == name and geo is not None and distance_km(geo, town) < 30, name
    assert _place("Downtown", [], reading) == (None, None, None)  # no town of its own
    assert _place("Austin", [], PlaceReading())[2] is not None  # (without the text's word: the gazetteer's)
    assert distance_km(_place("Austin", [], PlaceReading())[2], chicago) > 1000
    # a part whose town the story does not locate stays unlocated
    assert _place("Harrow Vale", [], PlaceReading(within={"harrow vale": ("Rolo Brandt", False)}))[2] is None


def test_a_name_the_text_gives_streets_alone_is_no_town() -> None:
    """"Near Dallas and Fort Apache roads" names two roads: in a story that never writes Dallas otherwise, Dallas
    is no town; one "in Dallas" elsewhere keeps it the city."""
    from newsfuse.placenames import street_after
    from newsfuse.story.claims import PlaceReading, _place, street_entities
    from newsfuse.types import Entity, Span

    for text, name, street in (("shot near Dallas and Fort Apache roads", "Dallas", True),
                               ("shot near Dallas and Fort Apache roads", "Fort Apache", True),
                               ("at Fifth and West 79th streets", "Fifth", True), ("on Harrow Street", "Harrow", True),
                               ("in Dallas and Tulsa on Monday", "Dallas", False),
                               ("on Chicago streets", "Chicago", False)):
        assert street_after(text, text.index(name) + len(name)) is street, (text, name)
    text = "Two were shot near Dallas and Fort Apache roads. Police closed Dallas Road."
    spans = tuple(Span("a", i, i + 6) for i in (text.index("Dallas"), text.rindex("Dallas")))
    dallas = Entity(id="ent_d", name="Dallas", type="GPE", aliases=("Dallas",), mentions=spans)
    streets = street_entities([dallas], {"a": text})
    assert streets == {"dallas"}
    assert _place("Dallas", [dallas], PlaceReading(streets=streets)) == (None, None, None)
    told = text + " The suspect was later arrested in Dallas."
    also = Entity(id="ent_d", name="Dallas", type="GPE", aliases=("Dallas",),
                  mentions=(*spans, Span("a", told.rindex("Dallas"), told.rindex("Dallas") + 6)))
    assert street_entities([also], {"a": told}) == frozenset()


def test_a_town_no_gazetteer_locates_may_lie_beside_a_town_of_its_state() -> None:
    """"Toone, Tennessee" is in Tennessee, where Bolivar may be: the toll told in each is one fact. A name with no
    state of its own, or a town of another state, still tells two tolls apart."""
    from dataclasses import replace

    from newsfuse.story.crosscheck import places_compatible

    toone = replace(_rec("a1", 5, 2, 2, place="toone"), place_state="TN")
    bolivar = replace(_rec("a2", 5, 2, 2, place="bolivar"), place_geo=(35.26, -88.99))
    elsewhere = replace(bolivar, place="boise", place_name="Boise", place_geo=(43.61, -116.20))
    assert places_compatible(toone, bolivar) and places_compatible(bolivar, toone)
    assert not places_compatible(toone, elsewhere)
    assert not places_compatible(replace(toone, place_state=None), bolivar)
    [fact] = cross_check("s", [toone, bolivar])
    assert len(fact.values) == 1


def test_one_place_spelled_two_ways_holds_one_toll() -> None:
    """"Toone" and "Toole", one letter apart, where the gazetteer locates neither: one town misspelt. Two located
    towns a letter apart are told apart by where they are; short names by nothing so thin."""
    from dataclasses import replace

    from newsfuse.story.crosscheck import places_compatible

    toone, toole = _rec("a1", 5, 2, 2, place="Toone"), _rec("a2", 5, 2, 2, place="Toole")
    assert places_compatible(toone, toole)
    assert not places_compatible(toone, _rec("a2", 5, 2, 2, place="Tooele Flats"))
    far = (replace(toone, place_geo=(35.35, -88.95)), replace(toole, place_geo=(40.53, -112.30)))
    assert not places_compatible(*far)
    assert not places_compatible(_rec("a1", 5, 2, 2, place="Ada"), _rec("a2", 5, 2, 2, place="Ida"))


def test_a_person_titled_with_the_body_that_speaks_is_that_body() -> None:
    """"police said" and "according to Harlow police Lt. Dana Mercer": one source (the police), so a figure both
    give is one source's; a person the article does not title with the body stays a source of their own."""
    from newsfuse.names import default_lexicon
    from newsfuse.nlp import parse_articles
    from newsfuse.story.claims import build_claims
    from newsfuse.story.entities import resolve_entities
    from newsfuse.types import Article

    text = ("A gunman killed one person and wounded two others at a warehouse on Monday, police said.\n\n"
            "Two wounded workers were taken to Mercy Hospital in serious condition, according to Harlow police "
            "Lt. Dana Mercer.\n\nTwo other workers hid in an office, said Chris Tolland, who owns the warehouse.")
    article = Article(id="a", source="test", url=None, title=None, published="2016-05-06", text=text)
    parsed = list(parse_articles([article]))
    entities = resolve_entities("s", [m for p in parsed for m in p.mentions], {"a": text}, default_lexicon())
    records = build_claims(parsed, entities, {"a": article})
    two = [r for r in records if r.claim.quantity is not None and r.claim.quantity.text.lower() == "two"]
    origins = {r.claim.speaker_text: r.origin for r in two}
    assert origins["police"] == origins["Dana Mercer"]  # Lt. Mercer speaks for the police
    assert origins["Chris Tolland"] != origins["police"]  # the owner, no officer, is a source of his own


def test_one_page_giving_a_toll_of_dozens_variously_is_one_fact_it_disputes() -> None:
    # a live page that gives 19, 20 and "at least 22" hurt as it was updated: one toll told variously, a conflict
    records = [_rec("a1", 10, 19, 19, text="19", measure="injured", subject="people"),
               _rec("a1", 90, 20, 20, text="20", measure="injured", subject="people"),
               _rec("a1", 170, 22, None, text="at least 22", qualifier="at_least", measure="injured", subject="people")]
    [fact] = cross_check("s", records)
    assert fact.status == "conflict" and [v.text for v in fact.values] == ["19", "20", "at least 22"]
    # a round-up's two shootings, two and three hurt, are two events; so are 12 and 30 hurt
    small = [_rec("a1", 10, 2, 2, text="two", measure="injured", subject="people"),
             _rec("a1", 90, 3, 3, text="three", measure="injured", subject="people")]
    assert len(cross_check("s", small)) == 2
    apart = [_rec("a1", 10, 12, 12, text="12", measure="injured", subject="people"),
             _rec("a1", 90, 30, 30, text="30", measure="injured", subject="people")]
    assert len(cross_check("s", apart)) == 2


def test_close_counts_of_anything_but_harm_in_one_article_count_two_things() -> None:
    # "four of the 14 nurses" on one shift, "three of the 16 nurses" on the next; a trial of 17 patients and
    # another of 19: one article giving two close figures of a thing that is no toll counts two things
    for measure, subject in (("working", "nurses"), ("enrolled", "patients"), ("made", "saves")):
        records = [_rec("a1", 10, 18, 18, text="18", measure=measure, subject=subject),
                   _rec("a1", 90, 20, 20, text="20", measure=measure, subject=subject)]
        facts = cross_check("s", records)
        assert len(facts) == 2 and {f.status for f in facts} == {"single"}, measure


def test_a_figure_told_as_a_correction_updates_the_page_it_corrects() -> None:
    # "the county gave varying counts of the hurt, then clarified that 20 were": 19 and "at least 22" superseded
    from newsfuse.types import Scope

    records = [_rec("a1", 10, 19, 19, text="19", measure="injured", subject="people", date="2024-05-04"),
               _rec("a1", 170, 22, None, text="at least 22", qualifier="at_least", measure="injured",
                    subject="people", date="2024-05-04"),
               replace(_rec("a1", 90, 20, 20, text="20", measure="injured", subject="people", date="2024-05-04"),
                       scope=Scope(revision=True))]
    records = [replace(r, published="2024-05-05") for r in records]
    [fact] = cross_check("s", records)
    assert fact.status == "updated"
    assert [v.text for v in fact.values if v.current] == ["20"]
