"""Tests for newsfuse.extract.quantities: numbers as ranges that keep their hedges.

Sentences here are written for the tests; seed articles are read by path, never copied.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.config import NlpSettings
from newsfuse.extract.quantities import VAGUE_RANGES, find_quantities, parse_quantity
from newsfuse.types import QuantityMention

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "seeds"


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load(NlpSettings().model)


def mentions(nlp: spacy.language.Language, text: str) -> list[QuantityMention]:
    doc = nlp(text)
    found = [m for sent in doc.sents for m in find_quantities(sent)]
    for m in found:
        assert doc.text[m.start:m.end] == m.quantity.text
    return found


def the(nlp: spacy.language.Language, text: str, phrase: str) -> QuantityMention:
    found = mentions(nlp, text)
    hits = [m for m in found if m.quantity.text == phrase]
    assert hits, f"{phrase!r} not found in {[m.quantity.text for m in found]}"
    return hits[0]


def check(m: QuantityMention, low, high, qualifier, unit=None, counted="-", dimension=None, value="-"):
    q = m.quantity
    assert (q.low, q.high, q.qualifier) == (pytest.approx(low) if low is not None else None,
                                            pytest.approx(high) if high is not None else None,
                                            qualifier), q
    if unit is not None:
        assert q.unit == unit, q
    if counted != "-":
        assert m.counted == counted, m
    if dimension is not None:
        assert m.dimension == dimension, m
    if value != "-":
        assert q.value == (pytest.approx(value) if value is not None else None), q


# --------------------------------------------------------------------------- hedges

@pytest.mark.parametrize(
    ("text", "phrase", "low", "high", "qualifier", "counted"),
    [
        ("Officials said at least 200 rebel fighters were killed overnight.", "at least 200", 200, None, "at_least", "fighter"),
        ("The ministry said more than 200 militants died in the raids.", "more than 200", 200, None, "more_than", "militant"),
        ("Over 300 families were evacuated from the valley.", "Over 300", 300, None, "more_than", "family"),
        ("Up to 50 migrants are feared missing after the boat sank.", "Up to 50", None, 50, "at_most", "migrant"),
        ("No more than 40 journalists were allowed into the court.", "No more than 40", None, 40, "at_most", "journalist"),
        ("Nearly 3,000 homes lost power during the storm.", "Nearly 3,000", 2400, 3000, "at_most", "home"),
        ("Almost 90 prisoners escaped from the jail.", "Almost 90", 72, 90, "at_most", "prisoner"),
        ("Around 70 protesters gathered outside parliament.", "Around 70", 63, 77, "about", "protester"),
        ("About 300,000 children are out of school.", "About 300,000", 270000, 330000, "about", "child"),
        ("Some 13 armoured vehicles were seen near the border.", "Some 13", 11.7, 14.3, "about", "vehicle"),
        ("An estimated 125,000 refugees crossed the river this year.", "An estimated 125,000", 112500, 137500, "about", "refugee"),
        ("Roughly 40 ships were stuck in the canal.", "Roughly 40", 36, 44, "about", "ship"),
        ("Approximately 3 hostages remain in captivity.", "Approximately 3", 2, 4, "about", "hostage"),
        ("Rescuers found 300 or more survivors in the rubble.", "300 or more", 300, None, "at_least", "survivor"),
        ("He said 200-plus soldiers had defected.", "200-plus", 200, None, "more_than", "soldier"),
        ("Fewer than 20 doctors remain in the city.", "Fewer than 20", None, 20, "at_most", "doctor"),
        ("As many as 5,000 people may have died, aid groups said.", "As many as 5,000", None, 5000, "at_most", "people"),
    ],
)
def test_hedges(nlp, text, phrase, low, high, qualifier, counted):
    check(the(nlp, text, phrase), low, high, qualifier, counted=counted, dimension="count")


def test_hedged_value_keeps_the_stated_number(nlp):
    m = the(nlp, "Around 70 protesters gathered outside parliament.", "Around 70")
    assert m.quantity.value == 70
    assert m.quantity.unit == "protester"


# --------------------------------------------------------------------------- vague words

@pytest.mark.parametrize(
    ("text", "phrase", "low", "high", "counted"),
    [
        ("Dozens of people were arrested at the rally.", "Dozens", 24, 99, "people"),
        ("Hundreds of villagers fled the shelling.", "Hundreds", 200, 999, "villager"),
        ("Thousands of workers went on strike on Monday.", "Thousands", 2000, 9999, "worker"),
        ("Tens of thousands of residents are without water.", "Tens of thousands", 20000, 99999, "resident"),
        ("Hundreds of thousands of refugees live in camps.", "Hundreds of thousands", 200000, 999999, "refugee"),
        ("The war left hundreds of thousands civilians trapped in the city.", "hundreds of thousands", 200000, 999999, "civilian"),
        ("Millions of people watched the speech.", "Millions", 2_000_000, 9_999_999, "people"),
        ("Several soldiers were wounded in the ambush.", "Several", 3, 9, "soldier"),
        ("A few journalists were detained briefly.", "A few", 2, 4, "journalist"),
        ("A couple of drones were shot down.", "A couple", 2, 3, "drone"),
        ("A number of tanks were destroyed, the army said.", "A number", 2, None, "tank"),
        ("An unspecified number of fighters were killed.", "An unspecified number", 2, None, "fighter"),
        ("Many families have returned to the town.", "Many", 2, None, "family"),
        ("Several hundred people marched to the embassy.", "Several hundred", 300, 900, "people"),
        ("A few thousand troops will stay in the country.", "A few thousand", 2000, 4000, "troop"),
    ],
)
def test_vague_words(nlp, text, phrase, low, high, counted):
    m = the(nlp, text, phrase)
    check(m, low, high, "vague", counted=counted, value=None, dimension="count")
    assert m.quantity.unit == counted


def test_a_dozen_is_exact(nlp):
    check(the(nlp, "A dozen soldiers were captured.", "A dozen"), 12, 12, "exact", counted="soldier", value=12)


def test_hedge_on_vague_word_keeps_the_matching_end(nlp):
    check(the(nlp, "At least dozens of people died.", "At least dozens"), 24, None, "at_least")


def test_vague_ranges_are_documented():
    assert VAGUE_RANGES["dozens"] == (24, 99)
    assert VAGUE_RANGES["hundreds"] == (200, 999)
    assert VAGUE_RANGES["thousands"] == (2000, 9999)
    assert VAGUE_RANGES["tens of thousands"] == (20000, 99999)
    assert VAGUE_RANGES["hundreds of thousands"] == (200000, 999999)
    assert VAGUE_RANGES["a few"] == (2, 4)
    assert VAGUE_RANGES["several"] == (3, 9)
    assert VAGUE_RANGES["a number"] == (2, None)
    assert VAGUE_RANGES["an unspecified number"] == (2, None)
    assert VAGUE_RANGES["many"] == (2, None)
    for low, high in VAGUE_RANGES.values():
        assert high is None or low <= high


def test_many_needs_something_counted(nlp):
    assert not mentions(nlp, "In many ways the war has changed the country.")
    assert not mentions(nlp, "Nobody knows how many died.")


# --------------------------------------------------------------------------- number forms

@pytest.mark.parametrize(
    ("text", "phrase", "value", "counted"),
    [
        ("The agency said 125,000 civilians still live there.", "125,000", 125000, "civilian"),
        ("The UN said 1.5 million people need food aid.", "1.5 million", 1_500_000, "people"),
        ("Officials counted 2.5m voters in the region.", "2.5m", 2_500_000, "voter"),
        ("The jets destroyed four tanks near the bridge.", "four", 4, "tank"),
        ("Troops seized nine artillery pieces in the raid.", "nine", 9, "piece"),
        ("Police stopped twelve trucks at the checkpoint.", "twelve", 12, "truck"),
        ("Twenty-five people were injured in the blast.", "Twenty-five", 25, "people"),
        ("Nearly half a million people have fled.", "Nearly half a million", 500_000, "people"),
        ("They destroyed 16 all-terrain vehicles overnight.", "16", 16, "vehicle"),
        ("The strike hit 20 SUVs armed with machine guns.", "20", 20, "SUV"),
        ("The army said 200 ISIS fighters were killed.", "200", 200, "fighter"),
        ("At least 12 of the victims were children.", "At least 12", 12, "victim"),
        ("A 5,000-strong force entered the city.", "5,000-strong", 5000, "force"),
        ("Six Mi-8 helicopters landed at the base.", "Six", 6, "helicopter"),
    ],
)
def test_number_forms(nlp, text, phrase, value, counted):
    m = the(nlp, text, phrase)
    assert m.quantity.value == pytest.approx(value)
    assert m.counted == counted
    assert m.dimension == "count"


@pytest.mark.parametrize(
    ("text", "phrase", "low", "high", "unit", "dimension"),
    [
        ("Between 10 and 20 people died in the clashes.", "Between 10 and 20", 10, 20, "people", "count"),
        ("Officials said 10 to 20 houses collapsed.", "10 to 20", 10, 20, "house", "count"),
        ("Witnesses saw two or three gunmen on the roof.", "two or three", 2, 3, "gunman", "count"),
        ("The economy grew 4-6 percent a year.", "4-6 percent a year", 4, 6, "percent/year", "rate"),
        ("The missiles have a range of 300-500km.", "300-500km", 300, 500, "km", "length"),
        ("Donors pledged 2-3 million dollars.", "2-3 million dollars", 2e6, 3e6, "USD", "money"),
        # the unit written after both ends, or waiting on a hyphen for the second
        ("The flood covered 30 percent to 45 percent of the valley.", "30 percent to 45 percent", 30, 45, "percent",
         "percent"),
        ("Raiders came in 18- to 25-foot skiffs.", "18- to 25-foot", 18, 25, "foot", "length"),
    ],
)
def test_ranges(nlp, text, phrase, low, high, unit, dimension):
    check(the(nlp, text, phrase), low, high, "about", unit=unit, dimension=dimension, value=None)


def test_from_to_is_a_change_not_a_range(nlp):
    found = [m.quantity.text for m in mentions(nlp, "Prices rose from 10 to 20 percent last year.")]
    assert "20 percent" in found
    assert not any("10 to 20" in t for t in found)
    found = [m.quantity.text for m in mentions(nlp, "Rents rose from a low of 10 percent to 20 percent.")]
    assert found == ["10 percent", "20 percent"]


def test_scores_are_dropped(nlp):
    assert not mentions(nlp, "The home side won the final 2-1 after extra time.")
    assert not mentions(nlp, "The Hornets beat the Wolves 5-4 on Tuesday night.")  # "Wolves 5" no name's number
    assert not mentions(nlp, "Dana Ruiz edged Mia Cole 7-6 (5), 7-6 (4) in the semifinal.")  # tie-break points


# --------------------------------------------------------------------------- durations

@pytest.mark.parametrize(
    ("text", "phrase", "low", "high", "qualifier", "value"),
    [
        ("Rebels broke a three-year siege of the town.", "three-year", 3, 3, "exact", 3),
        ("The city has been besieged for two and a half years.", "two and a half years", 2.5, 2.5, "exact", 2.5),
        ("Soldiers have been trapped for nearly three years.", "nearly three years", 2.4, 3, "at_most", 3),
        ("The airport has been closed for over three years.", "over three years", 3, None, "more_than", 3),
        ("Fighting has gone on for more than one year.", "more than one year", 1, None, "more_than", 1),
        ("Over the last 24 hours, jets struck 40 targets.", "24 hours", 24, 24, "exact", 24),
        ("He spent two decades in exile.", "two decades", 20, 20, "exact", 20),
        ("The talks lasted about three hours.", "about three hours", 2, 4, "about", 3),
        ("A 40-day curfew was imposed.", "40-day", 40, 40, "exact", 40),
    ],
)
def test_durations(nlp, text, phrase, low, high, qualifier, value):
    m = the(nlp, text, phrase)
    check(m, low, high, qualifier, dimension="duration", value=value)
    assert m.quantity.unit in {"year", "month", "week", "day", "hour"}


def test_duration_units_are_singular(nlp):
    assert the(nlp, "He was held for 18 months.", "18 months").quantity.unit == "month"
    assert the(nlp, "The march took three weeks.", "three weeks").quantity.unit == "week"


def test_relative_dates_and_ages_are_not_durations(nlp):
    assert not mentions(nlp, "The town fell two years ago.")
    assert not mentions(nlp, "A 20-year-old man was arrested.")


# --------------------------------------------------------------------------- measures

def test_length_skips_parenthetical_conversion(nlp):
    found = mentions(nlp, "The convoy stopped 45 km (28 miles) short of the town.")
    assert [m.quantity.text for m in found] == ["45 km"]
    check(found[0], 45, 45, "exact", unit="km", dimension="length", counted=None)


def test_conversion_skip_works_the_other_way(nlp):
    found = mentions(nlp, "The town is 150 miles (240 km) north of the capital.")
    assert [m.quantity.text for m in found] == ["150 miles"]
    assert found[0].quantity.unit == "mile"


def test_mass_keeps_unit_and_counted(nlp):
    m = the(nlp, "Planes delivered 293 tons of food to the enclave.", "293 tons")
    check(m, 293, 293, "exact", unit="ton", counted="food", dimension="mass")
    m = the(nlp, "Police seized 400kg of heroin at the port.", "400kg")
    check(m, 400, 400, "exact", unit="kg", counted="heroin", dimension="mass")


def test_rates(nlp):
    m = the(nlp, "The column is moving at a speed of 20-25km a day.", "20-25km a day")
    check(m, 20, 25, "about", unit="km/day", dimension="rate", value=None)
    m = the(nlp, "The navy lifted the number of patrols to 40-50 per day.", "40-50 per day")
    check(m, 40, 50, "about", unit="patrol/day", counted="patrol", dimension="rate")
    m = the(nlp, "Trucks arrive at a pace of 60-70 per day.", "60-70 per day")
    check(m, 60, 70, "about", unit="per day", dimension="rate")
    m = the(nlp, "The plane flew at 900 km/h.", "900 km/h")
    check(m, 900, 900, "exact", unit="km/h", dimension="rate")
    # a speed "an hour" is the speed "per hour": one unit, so that two outlets' speeds compare
    m = the(nlp, "Troopers chased the van at up to 95 miles an hour.", "up to 95 miles an hour")
    check(m, None, 95, "at_most", unit="mph", dimension="rate")
    m = the(nlp, "Gusts reached 130 kilometres an hour.", "130 kilometres an hour")
    check(m, 130, 130, "exact", unit="km/h", dimension="rate")


def test_percent(nlp):
    check(the(nlp, "Turnout was 67% this year.", "67%"), 67, 67, "exact", unit="percent", dimension="percent")
    check(the(nlp, "Prices rose 3.5 per cent in May.", "3.5 per cent"), 3.5, 3.5, "exact", unit="percent")
    m = the(nlp, "Almost 40 percent of homes were destroyed.", "Almost 40 percent")
    check(m, 32, 40, "at_most", unit="percent", counted="home", dimension="percent")


@pytest.mark.parametrize(
    ("text", "phrase", "value", "unit"),
    [
        ("The grant is worth $3 million.", "$3 million", 3e6, "USD"),
        ("The company lost 3bn dollars last year.", "3bn dollars", 3e9, "USD"),
        ("The club paid £5m for the striker.", "£5m", 5e6, "GBP"),
        ("Investors put in €4.5bn over the decade.", "€4.5bn", 4.5e9, "EUR"),
        ("The state pledged 10 billion rupees for repairs.", "10 billion rupees", 1e10, "INR"),
        ("Donors gave 5 million pounds to the appeal.", "5 million pounds", 5e6, "GBP"),
        ("Burglars left with a three-million-euro haul.", "three-million-euro", 3e6, "EUR"),
        ("It is a 4-billion-dollar bridge.", "4-billion-dollar", 4e9, "USD"),
        ("The port won a $7.5-million grant.", "$7.5-million", 7.5e6, "USD"),
    ],
)
def test_money(nlp, text, phrase, value, unit):
    m = the(nlp, text, phrase)
    check(m, value, value, "exact", unit=unit, dimension="money", value=value)


def test_prices_per_unit_stay_money(nlp):
    m = the(nlp, "Brent crude fell to $55.12 per barrel on Friday.", "$55.12 per barrel")
    check(m, 55.12, 55.12, "exact", unit="USD/barrel", dimension="money")
    m = the(nlp, "The contractor earns $500 a day.", "$500 a day")
    check(m, 500, 500, "exact", unit="USD/day", dimension="rate")


def test_money_skips_parenthetical_conversion_after_a_currency_sign(nlp):
    found = mentions(nlp, "The paintings, valued at 5 million euros ($6.1 million), were never found.")
    assert [m.quantity.text for m in found] == ["5 million euros"]
    found = mentions(nlp, "Thieves took a nine-million-euro (US$ 11 million) collection.")
    assert [m.quantity.text for m in found] == ["nine-million-euro"]


def test_estimated_to_be_worth_is_a_hedge(nlp):
    m = the(nlp, "Paintings estimated to be worth 5 million euros were taken.",
            "estimated to be worth 5 million euros")
    check(m, 4.5e6, 5.5e6, "about", unit="EUR", dimension="money")
    m = the(nlp, "The crowd was estimated at 8,000.", "estimated at 8,000")
    check(m, 7200, 8800, "about")


def test_more_between_number_and_unit(nlp):
    m = the(nlp, "The court added hundreds more years to his term.", "hundreds more years")
    check(m, 200, 999, "vague", unit="year", dimension="duration")
    m = the(nlp, "The convoy drove 40 more km before dark.", "40 more km")
    check(m, 40, 40, "exact", unit="km", dimension="length")


def test_parent_of_n_counts_children(nlp):
    m = the(nlp, "The victim, a father of five, worked at the depot.", "five")
    check(m, 5, 5, "exact", counted="child", dimension="count")
    m = the(nlp, "She is a mother of two boys.", "two")
    assert m.counted == "boy"


def test_hedged_money(nlp):
    check(the(nlp, "The damage cost more than $200 million.", "more than $200 million"),
          2e8, None, "more_than", unit="USD", dimension="money")


def test_quantulum_units_only_for_real_units(nlp):
    m = the(nlp, "The new plant will produce 500 megawatts of power.", "500 megawatts")
    assert m.quantity.unit == "megawatt" and m.dimension == "other"
    m = the(nlp, "The raid destroyed around 20 SUVs.", "around 20")
    assert m.quantity.unit == "SUV" and m.dimension == "count"


# --------------------------------------------------------------------------- not quantities

@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2011 and spread quickly.",
        "The offensive started in May 2015.",
        "In September 2016, the coalition struck the wrong target.",
        "The meeting was held on 18 December 2015 in Geneva.",
        "It happened on the 5th of the month.",
        "The convoy left at 10:30 and arrived at 5 p.m.",
        "Guards of Regiment 137 were relieved.",
        "Flight 370 vanished over the ocean.",
        "Route 66 was closed by snow.",
        "The F-16 jets returned to base.",
        "COVID-19 spread quickly.",
        "See page 12 and article 5 of the treaty.",
        "For details call 555-123-4567 today.",
        "It was the first attack this year.",
        "One of the largest cities was hit.",
        "No one was hurt in the attack.",
        "The 1990s were a hard decade.",
        "A two-state solution was discussed by a five-member panel.",
        "The airline ordered Airbus A350-900 jets last week.",
        "The team is 6-2-1 in its last games.",
        "The LC 500 Convertible looks similar to the concept.",
        "Wi-Fi 6, known as 802.11ax, followed 802.11ac.",
    ],
)
def test_not_quantities(nlp, text):
    assert [m.quantity.text for m in mentions(nlp, text)] == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("An 8 yo girl was hurt when the gun went off.", []),  # an age
        ("His 22 y/o son was shot in the arm.", []),
        ("Lena Ortiz, 31, and Sam Hale, 27, were wounded.", []),  # ages set off after a name
        ("Jamal R. Ortiz, 31 and Lena M. Ruiz, 27 both of Easton are being treated for wounds.", []),
        ("A boy, 15, was shot in the foot.", []),
        ("Officers said Dorian Vance, 24 of Millbrook, was shot in the leg.", []),  # an age and a home town
        ("Twelve of the marchers, 40 of Eastfield's residents among them, were arrested.", ["Twelve", "40"]),
        ("Deputies saw three men - aged 18, 25 and 30 - near the car.", ["three"]),
        ("The wounded, who are aged from 17 to 41, were treated.", []),
        ("He fired a 9mm handgun at the crowd.", []),  # a bore, not a length
        ("Officers found a .40-caliber pistol and 9 mm rounds.", []),
        ("He kept a 12-gauge shotgun in the truck.", []),
        ("Two men backed a four-by-four pickup through the shop front.", ["Two"]),  # a kind of vehicle
        ("The shooting happened at 1180 N. Carver Ave. on Saturday.", []),  # a house number
        ("She was shot at 4006 County Road 12 near the river.", []),
        ("Deputies closed the 4500 block of Birch Street.", []),
        ("Image 3 of 12 Mourners gathered at the church.", []),  # a picture's place in a gallery
        ("Photo 1 of / 11 Mourners gathered at the church.", []),
        ("The county rate was 14.2 deaths per 100,000 residents.", []),  # a rate, not counts
        ("Watch 21 Pro Video for the latest updates.", []),  # a number that begins a name
        ("Four men were shot on Saturday, two of them fatally.", ["Four", "two"]),  # not an age
        ("Police said 2 Chicago police officers were shot.", ["2"]),
        ("Officers questioned two 15-year-olds about the fight.", ["two"]),  # ages in the plural
        ("A 12-year veteran of the force fired the shot.", []),  # a career, not how long anything lasted
        ("He drew his 9-mm and fired twice.", []),  # a bore that names the gun
        ("Deputies said the teen kept a 9 mm, semi-automatic pistol under the seat.", []),  # words between bore and gun
        ("Investigators recovered 14 casings and a 9 mm semi-automatic pistol.", ["14"]),
        ("She checked the yard with the light on her 9 millimeter Smith & Wesson pistol.", []),
        ("He ran about 100 yards, the rifle still in his hands.", ["about 100 yards"]),  # another phrase's gun
        ("The gauge on the roof recorded 9mm of rain.", ["9mm"]),  # a length still
        ("The man is 6 feet 1 inch tall and weighs 190 pounds.", ["190 pounds"]),  # a description's height
        ("The fence is 8 feet tall.", ["8 feet"]),
        # where something is, in blocks, doors or houses from it: no count of them
        ("The baker, whose shop is a few doors down, heard the bang.", []),
        ("The bakery sits about two blocks north of the precinct house.", []),
        ("Officers chased the man for four blocks before he fell.", []),
        ("Deputies found the car a few houses from the corner.", []),
        ("Crews closed six blocks of Linden Road overnight.", ["six"]),  # blocks closed: a count
        # when something happened, not how many: "at one point"
        ("The clerk said that at one point the robber pointed the gun at her.", []),
        ("At one point, three men ran from the store.", ["three"]),
        ("Gunmen fired on the march and, in one case, on a passing bus.", []),
        # a ratio, not a count of times
        ("The rate of flu deaths among the children was nine times higher than expected.", []),
        ("Rents there are three times the national average.", []),
        ("He was stopped three times by the patrol.", ["three"]),
        # a pregnancy's months describe someone, like an age
        ("Among those hit was a woman seven months pregnant.", []),
        ("The five-months-pregnant cashier hid behind the counter.", []),
    ],
)
def test_ages_bores_addresses_and_page_furniture_are_not_counts(nlp, text, kept):
    assert [m.quantity.text for m in mentions(nlp, text)] == kept


def test_one_read_as_a_count_before_fatally(nlp):
    assert [m.quantity.text for m in mentions(nlp, "Three people were shot, one fatally.")] == ["Three", "one"]


def test_year_like_number_with_plural_noun_is_a_count(nlp):
    check(the(nlp, "The army deployed 1500 troops to the border.", "1500"), 1500, 1500, "exact", counted="troop")


# --------------------------------------------------------------------------- offsets and API

def test_offsets_are_doc_offsets_for_a_sentence(nlp):
    doc = nlp("The first sentence is short. Then at least 200 fighters were killed near the river.")
    sent = list(doc.sents)[1]
    (m,) = find_quantities(sent)
    assert doc.text[m.start:m.end] == "at least 200"
    assert m.start > sent.start_char


def test_parse_quantity():
    q = parse_quantity("at least 200")
    assert q is not None and (q.low, q.high, q.qualifier, q.value) == (200, None, "at_least", 200)
    q = parse_quantity("hundreds of thousands")
    assert q is not None and (q.low, q.high, q.qualifier) == (200000, 999999, "vague")
    q = parse_quantity("30-40 km")
    assert q is not None and (q.low, q.high, q.unit) == (30, 40, "km")
    q = parse_quantity("two and a half years")
    assert q is not None and (q.value, q.unit) == (2.5, "year")
    assert parse_quantity("the ministry said") is None
    assert parse_quantity("") is None


def test_blank_pipeline_still_reads_numbers():
    doc = spacy.blank("en")("They said at least 200 fighters and 30 km.")
    found = {m.quantity.text: m for m in find_quantities(doc)}
    assert found["at least 200"].quantity.low == 200
    assert found["30 km"].quantity.unit == "km"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(
        "at least more than over up to nearly around an estimated a few several dozens hundreds of "
        "thousands tens one two and half a million m bn km tons years - per day % $ ( ) , . or to "
        "between 2017 May 30 40 1.5 125,000 10:30 F-16 Regiment 137 fighters many number plus".split()
    ), max_size=20).map(" ".join),
))
def test_never_raises(nlp, caplog, text):
    caplog.set_level(logging.DEBUG, logger="newsfuse.extract.quantities")
    doc = nlp(text)
    for span in [doc, *doc.sents]:
        for m in find_quantities(span):
            assert doc.text[m.start:m.end] == m.quantity.text
            q = m.quantity
            assert q.low is None or q.high is None or q.low <= q.high
    assert not [r for r in caplog.records if "failed" in r.getMessage()]


# --------------------------------------------------------------------------- seed articles

@pytest.fixture(scope="module")
def seed_mentions(nlp) -> dict[str, list[QuantityMention]]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpora/seeds is not beside the repository")
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        found = [m for sent in doc.sents for m in find_quantities(sent)]
        for m in found:
            assert doc.text[m.start:m.end] == m.quantity.text
        out[path.name[:3]] = found
    return out


def _pick(found: list[QuantityMention], phrase: str) -> QuantityMention:
    hits = [m for m in found if m.quantity.text.lower() == phrase.lower()]
    assert hits, f"{phrase!r} not in {[m.quantity.text for m in found]}"
    return hits[0]


def test_seed_militant_counts(seed_mentions):
    check(_pick(seed_mentions["000"], "at least 200"), 200, None, "at_least", counted="fighter")
    check(_pick(seed_mentions["000"], "around 70"), 63, 77, "about", counted="fighter")
    check(_pick(seed_mentions["001"], "more than 200"), 200, None, "more_than", counted="militant")
    check(_pick(seed_mentions["004"], "around 800"), 720, 880, "about", counted="terrorist")


def test_seed_civilians(seed_mentions):
    check(_pick(seed_mentions["000"], "hundreds of thousands"), 200000, 999999, "vague", counted="civilian")
    check(_pick(seed_mentions["001"], "an estimated 125,000"), 112500, 137500, "about", counted="civilian")
    check(_pick(seed_mentions["003"], "an unspecified number"), 2, None, "vague", counted="fighter")
    check(_pick(seed_mentions["003"], "at least 10"), 10, None, "at_least", counted="vehicle")


def test_seed_durations(seed_mentions):
    check(_pick(seed_mentions["003"], "three-year"), 3, 3, "exact", unit="year", dimension="duration")
    check(_pick(seed_mentions["003"], "nearly three years"), 2.4, 3, "at_most", unit="year")
    check(_pick(seed_mentions["002"], "over three years"), 3, None, "more_than", unit="year")
    check(_pick(seed_mentions["004"], "two and a half years"), 2.5, 2.5, "exact", unit="year")
    check(_pick(seed_mentions["004"], "24 hours"), 24, 24, "exact", unit="hour", dimension="duration")


def test_seed_measures(seed_mentions):
    check(_pick(seed_mentions["000"], "30-40km a day"), 30, 40, "about", unit="km/day", dimension="rate")
    check(_pick(seed_mentions["004"], "60-70 per day"), 60, 70, "about", unit="sortie/day", counted="sortie")
    check(_pick(seed_mentions["004"], "293 tons"), 293, 293, "exact", unit="ton", counted="food", dimension="mass")
    check(_pick(seed_mentions["002"], "30 km"), 30, 30, "exact", unit="km", dimension="length")
    assert not any("19" in m.quantity.text for m in seed_mentions["002"])  # the (19 miles) conversion


def test_seed_equipment(seed_mentions):
    check(_pick(seed_mentions["004"], "four"), 4, 4, "exact", unit="tank", counted="tank")
    check(_pick(seed_mentions["004"], "16"), 16, 16, "exact", counted="vehicle")
    check(_pick(seed_mentions["004"], "nine"), 9, 9, "exact", counted="piece")
    check(_pick(seed_mentions["002"], "twelve"), 12, 12, "exact", counted="truck")
    check(_pick(seed_mentions["001"], "around 20"), 18, 22, "about", unit="SUV", counted="SUV")


def test_seed_non_quantities(seed_mentions):
    texts = {k: [m.quantity.text for m in v] for k, v in seed_mentions.items()}
    assert not any("137" in t for t in texts["003"])  # Regiment 137
    assert not any("2011" in t for t in texts["002"])
    assert not any("2015" in t or "2016" in t for t in texts["004"])
    assert not any(t.lower() == "one" for ts in texts.values() for t in ts)  # "one of the largest"
