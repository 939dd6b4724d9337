"""What a number measures, what it counts and where: the rules that decide which claims are one fact."""

from __future__ import annotations

import pytest

from newsfuse.extract.claims import COUNTED_AS_SUCH, DAMAGED, DISTANCE_FROM, contextualize
from newsfuse.extract.quantities import find_quantities
from newsfuse.types import QuantityInContext


def _context(nlp, text: str, fallback: str | None = None) -> list[QuantityInContext]:
    doc = nlp(text)
    sent = next(doc.sents)
    return list(contextualize(doc, sent, find_quantities(sent), fallback))


def _one(nlp, text: str, surface: str, fallback: str | None = None) -> QuantityInContext:
    found = [q for q in _context(nlp, text, fallback) if surface in q.mention.quantity.text]
    assert len(found) == 1, [q.mention.quantity.text for q in _context(nlp, text, fallback)]
    return found[0]


@pytest.mark.parametrize("text, surface, value", [
    ("An earthquake measuring at least magnitude-5.9 shook the province on Sunday.", "5.9", 5.9),
    ("A 6.7-strength quake flattened the old town in 1998.", "6.7", 6.7),
    ("The town was razed by a 7.1 degree quake that year.", "7.1", 7.1),
])
def test_magnitudes_in_their_written_forms(nlp, text: str, surface: str, value: float) -> None:
    q = _one(nlp, text, surface)
    assert q.mention.dimension == "magnitude"
    assert q.mention.quantity.unit == "magnitude"
    assert q.mention.quantity.low == value


def test_temperature_in_degrees_stays_a_temperature(nlp) -> None:
    q = _one(nlp, "Rescuers worked through the night in about 28 degrees of heat.", "28")
    assert q.mention.dimension != "magnitude"


@pytest.mark.parametrize("text, surface, measure", [
    ("The storm flattened seven villages, officials said.", "seven", DAMAGED),
    ("The storm damaged about 15 villages, officials said.", "15", DAMAGED),
    ("The flood caused major destruction in nine villages.", "nine", DAMAGED),
    ("The quake left more than 3,000 people dead.", "3,000", "killed"),
    ("The floods left 300 people homeless.", "300", "displaced"),
    ("A gunman shot to death one person at the office on Monday.", "one", "killed"),
])
def test_measure_read_through_light_verbs_and_synonyms(nlp, text: str, surface: str, measure: str) -> None:
    assert _one(nlp, text, surface).measure == measure


def test_counted_happenings_occur_whatever_the_verb(nlp) -> None:
    a = _one(nlp, "It was followed by at least four strong aftershocks, the agency said.", "four")
    b = _one(nlp, "There have been at least four aftershocks since then.", "four")
    assert a.measure == b.measure == COUNTED_AS_SUCH
    assert a.subject == b.subject == "aftershock"


def test_city_of_n_people_is_a_population(nlp) -> None:
    q = _one(nlp, "Two helicopters flew the injured to Corvale, a city of 500,000 people.", "500,000")
    assert q.measure == "population"


def test_whole_of_a_partitive_is_reported(nlp) -> None:
    q = _one(nlp, "He said 30 of the 80 wounded remained in hospital.", "80")
    assert q.mention.quantity.low == 80


def test_general_statement_is_not_a_claim(nlp) -> None:
    assert not [q for q in _context(nlp, "A magnitude-6.0 quake can cause severe damage.")
                if q.mention.dimension == "magnitude"]


def test_distance_is_keyed_by_its_reference_point(nlp) -> None:
    a = _one(nlp, "The agency said the quake was 35 miles southwest of Bandar Abbas.", "35 miles")
    b = _one(nlp, "The survey put the epicentre at about 58km (36 miles) south-west of Bandar Abbas.", "58km")
    assert a.subject == b.subject == f"{DISTANCE_FROM}bandar abbas"


def test_reference_point_does_not_place_other_numbers(nlp) -> None:
    q = _one(nlp, "The island, which has about 200,000 residents, is about 940 miles south of Tehran.", "200,000")
    assert q.place != "Tehran"


def test_speakers_place_is_where_they_speak_for_not_where_they_sit(nlp) -> None:
    governor = _one(nlp, "Jan Morrow, governor of Kelso island, said five villages had been badly hit.", "five",
                    fallback="Elsewhere")
    assert governor.place is None and governor.context_place in {"Kelso", "Kelso island"}
    centre = _one(nlp, "Tehran's seismologic center said the quake measured magnitude 5.9.", "5.9")
    assert centre.place is None


def test_generic_place_word_is_not_a_place(nlp) -> None:
    qs = _context(nlp, "The tourist Island of Kelso and seven of its villages were badly affected by the quake.")
    assert all(q.place != "Island" for q in qs)


def test_side_by_side_reporting_clauses_each_own_their_number(nlp) -> None:
    text = ("The national seismic centre said the quake measured magnitude 5.9, but the geological survey in "
            "Boulder said it was a magnitude-6.1 temblor.")
    by_text = {q.mention.quantity.text: q.attribution for q in _context(nlp, text)}
    [centre] = [a for t, a in by_text.items() if "5.9" in t]
    [survey] = [a for t, a in by_text.items() if "6.1" in t]
    assert centre is not None and "seismic centre" in centre.speaker_text
    assert survey is not None and "geological survey" in survey.speaker_text


def test_nested_reporting_keeps_the_sentence_attribution(nlp) -> None:
    [q] = _context(nlp, "The agency quoted the governor as saying 12 people died.")
    assert q.attribution is None


def test_population_belongs_to_the_place_it_describes(nlp) -> None:
    q = _one(nlp, "Helicopters flew the injured from Kelso to Bandar Abbas, a city of 500,000 people.", "500,000")
    assert q.measure == "population" and q.place == "Bandar Abbas"


def test_worth_reads_what_was_taken(nlp) -> None:
    q = _one(nlp, "The men drove a car into the store and grabbed jewelry and watches worth an estimated "
                  "two million euros.", "two million euros")
    assert q.subject in {"jewelry", "watch"}  # what was grabbed, not the car


def test_clauses_joined_by_a_semicolon_each_own_their_number(nlp) -> None:
    qs = _context(nlp, "Okafor has said at least 40 people were taken to hospitals; St. Brendan's Hospital says it "
                       "admitted about 12.")
    speakers = {q.mention.quantity.text: q.attribution.speaker_text for q in qs if q.attribution}
    assert speakers.get("at least 40") == "Okafor" and "Hospital" in speakers.get("about 12", "")
