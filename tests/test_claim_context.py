"""What a number measures, what it counts and where: the rules that decide which claims are one fact."""

from __future__ import annotations

import pytest

from newsfuse.extract.attribution import attribute_sentence
from newsfuse.extract.context import contextualize
from newsfuse.extract.measure_words import DAMAGED
from newsfuse.extract.places import place_spans
from newsfuse.extract.quantities import find_quantities
from newsfuse.types import COUNTED_AS_SUCH, QuantityInContext


def _context(nlp, text: str, fallback: str | None = None) -> list[QuantityInContext]:
    doc = nlp(text)
    sent = next(doc.sents)
    return list(contextualize(doc, sent, find_quantities(sent), fallback))


def _one(nlp, text: str, surface: str, fallback: str | None = None) -> QuantityInContext:
    found = [q for q in _context(nlp, text, fallback) if surface in q.mention.quantity.text]
    assert len(found) == 1, [q.mention.quantity.text for q in _context(nlp, text, fallback)]
    return found[0]


@pytest.mark.parametrize("text, surface, value", [
    ("A tremor of magnitude-5.2 rattled the coast on Friday.", "5.2", 5.2),
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
    a = _one(nlp, "It was followed by at least four sharp aftershocks, the agency said.", "four")
    b = _one(nlp, "So far there were at least four aftershocks in the valley.", "four")
    assert a.measure == b.measure == COUNTED_AS_SUCH
    assert a.subject == b.subject == "aftershock"


def test_city_of_n_people_is_a_population(nlp) -> None:
    q = _one(nlp, "Two helicopters flew the injured to Corvale, a city of 300,000 people.", "300,000")
    assert q.measure == "population"


def test_whole_of_a_partitive_is_reported(nlp) -> None:
    q = _one(nlp, "She said 12 of the 45 injured were still in hospital.", "45")
    assert q.mention.quantity.low == 45


def test_general_statement_is_not_a_claim(nlp) -> None:
    general, report = "A magnitude-5.5 quake can break windows.", "A magnitude-5.5 quake hit the town."
    for text in (general, report):  # the number is read in both; only the report is a claim
        sent = next(nlp(text).sents)
        assert [m.quantity.low for m in find_quantities(sent)] == [5.5]
    assert not _context(nlp, general)
    assert [q.mention.dimension for q in _context(nlp, report)] == ["magnitude"]


def test_distance_is_keyed_by_its_reference_point(nlp) -> None:
    a = _one(nlp, "The agency said the tremor was 22 miles northeast of Port Selwyn.", "22 miles")
    b = _one(nlp, "Seismologists put the epicentre at about 35km (22 miles) north-east of Port Selwyn.", "35km")
    assert a.distance_from == b.distance_from == "port selwyn"
    assert a.subject is None and b.subject is None  # a distance is from a point, not an amount of anything


def test_reference_point_does_not_place_other_numbers(nlp) -> None:
    q = _one(nlp, "The valley town, which has about 40,000 residents, is about 300 miles north of Madrid.", "40,000")
    assert q.place != "Madrid"


def test_speakers_place_is_where_they_speak_for_not_where_they_sit(nlp) -> None:
    governor = _one(nlp, "Jan Morrow, governor of Kelso island, said five villages were badly hit.", "five",
                    fallback="Elsewhere")
    assert governor.place is None and governor.context_place in {"Kelso", "Kelso island"}
    centre = _one(nlp, "Ankara's seismology institute said the quake measured magnitude 5.4.", "5.4")
    assert centre.place is None


def test_streets_named_together_are_no_towns(nlp) -> None:
    """"Near Dallas and Fort Worth roads" names two roads in the town the sentence is about; "near Dallas and Fort
    Worth" names two cities."""
    roads = nlp("Two men were shot near Dallas and Fort Worth roads in Quellmoor on Sunday.")
    assert [e.text for e in place_spans(next(roads.sents))] == ["Quellmoor"]
    cities = nlp("Two men were shot near Dallas and Fort Worth in Texas on Sunday.")
    assert {"Dallas", "Fort Worth"} <= {e.text for e in place_spans(next(cities.sents))}
    assert _one(nlp, "Two men were shot near Dallas and Fort Worth roads in Quellmoor.", "Two").place == "Quellmoor"


def test_generic_place_word_is_not_a_place(nlp) -> None:
    doc = nlp("The resort Island of Kelso and four of its hamlets were hit hardest by the storm.")
    names = [e.text for e in place_spans(next(doc.sents))]
    assert "Island" not in names and "Kelso" in names


def test_side_by_side_reporting_clauses_each_own_their_number(nlp) -> None:
    text = ("The national seismic centre said the tremor measured magnitude 5.1, but the geological survey in "
            "Boulder said it was a magnitude-5.6 quake.")
    by_text = {q.mention.quantity.text: q.attribution for q in _context(nlp, text)}
    [centre] = [a for t, a in by_text.items() if "5.1" in t]
    [survey] = [a for t, a in by_text.items() if "5.6" in t]
    assert centre is not None and "seismic centre" in centre.speaker_text
    assert survey is not None and "geological survey" in survey.speaker_text


def test_nested_reporting_keeps_the_sentence_attribution(nlp) -> None:
    [q] = _context(nlp, "The agency quoted the governor as saying 12 people died.")
    assert q.attribution is None


def test_population_belongs_to_the_place_it_describes(nlp) -> None:
    q = _one(nlp, "Helicopters flew the injured from Kelso to Marlow Bay, a city of 300,000 people.", "300,000")
    assert q.measure == "population" and q.place == "Marlow Bay"


def test_worth_reads_what_was_taken(nlp) -> None:
    q = _one(nlp, "Robbers reversed a van into the boutique and grabbed rings and watches worth an estimated "
                  "three million euros.", "three million euros")
    assert q.subject in {"ring", "valuables"}  # what was grabbed, not the van


def test_clauses_joined_by_a_semicolon_each_own_their_number(nlp) -> None:
    qs = _context(nlp, "Okafor has said at least 40 people were taken to hospitals; St. Brendan's Hospital says it "
                       "admitted about 12.")
    speakers = {q.mention.quantity.text: q.attribution.speaker_text for q in qs if q.attribution}
    assert speakers.get("at least 40") == "Okafor" and "Hospital" in speakers.get("about 12", "")


def test_jewels_and_watches_are_one_kind_of_valuables(nlp) -> None:
    a = _one(nlp, "Masked men stole diamonds worth 4 million euros from the vault.", "4 million euros")
    b = _one(nlp, "Masked men stole jewellery worth 4 million euros from the vault.", "4 million euros")
    assert a.subject == b.subject == "valuables"


def test_a_participle_hedge_keeps_what_is_worth(nlp) -> None:
    q = _one(nlp, "After grabbing jewels and watches estimated to be worth 3 million euros the robbers drove "
                  "their car out of the shop, Le Figaro reported.", "3 million euros")
    assert q.subject == "valuables"


def test_a_passive_participle_has_no_speaker_of_its_own() -> None:
    # the parse the model gives some sentences, built by hand: "estimated" hangs off the main verb as an
    # adverbial clause with no subject; the main verb's subject did not say anything
    import spacy
    from spacy.tokens import Doc

    words = ["After", "grabbing", "jewels", "estimated", "to", "be", "worth", "3", "million", "euros",
             "the", "robbers", "fled", ",", "Le", "Figaro", "reported", "."]
    heads = [12, 0, 1, 12, 5, 3, 5, 8, 9, 6, 11, 12, 16, 16, 15, 16, 16, 16]
    deps = ["prep", "pcomp", "dobj", "advcl", "aux", "xcomp", "acomp", "compound", "nummod", "npadvmod",
            "det", "nsubj", "ccomp", "punct", "compound", "nsubj", "ROOT", "punct"]
    pos = ["ADP", "VERB", "NOUN", "VERB", "PART", "AUX", "ADJ", "NUM", "NUM", "NOUN", "DET", "NOUN", "VERB",
           "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT"]
    tags = ["IN", "VBG", "NNS", "VBN", "TO", "VB", "JJ", "CD", "CD", "NNS", "DT", "NNS", "VBD", ",", "NNP",
            "NNP", "VBD", "."]
    lemmas = ["after", "grab", "jewel", "estimate", "to", "be", "worth", "3", "million", "euro", "the",
              "robber", "flee", ",", "Le", "Figaro", "report", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    attribution = attribute_sentence(next(doc.sents))
    assert attribution is not None and attribution.speaker_text == "Le Figaro"


def test_a_parent_of_n_counts_children_whatever_the_verb(nlp) -> None:
    a = _one(nlp, "Two men went on trial for killing a father of nine in Leeds.", "nine")
    b = _one(nlp, "The footage shows Okoro, a father of nine, outside a shop.", "nine")
    assert (a.measure, a.subject) == (b.measure, b.subject) == (COUNTED_AS_SUCH, "children")


def test_prison_terms_are_sentences(nlp) -> None:
    a = _one(nlp, "A judge sentenced the man to hundreds more years on 20 charges.", "hundreds")
    b = _one(nlp, "She also received a sentence of 120 years.", "120 years")
    assert (a.measure, a.subject) == (b.measure, b.subject) == ("duration", "sentence")


def test_those_who_did_it_are_not_those_it_was_done_to(nlp) -> None:
    doers = _one(nlp, "Three gunmen killed eight people at the depot.", "Three")
    victims = _one(nlp, "Three gunmen killed eight people at the depot.", "eight")
    assert (doers.measure, victims.measure) == ("involved", "killed")


def test_one_fleet_told_with_two_verbs_is_one_measure(nlp) -> None:
    a = _one(nlp, "Two helicopters were evacuating injured to the mainland.", "Two")
    b = _one(nlp, "Two helicopters began moving the wounded to the port.", "Two")
    assert (a.measure, a.subject) == (b.measure, b.subject)


def test_a_bare_one_taken_by_a_casualty_verb_counts_people(nlp) -> None:
    q = _one(nlp, "The attacker stabbed four people, killing one, before he was arrested.", "one")
    assert (q.measure, q.subject) == ("killed", "people")


def test_surgery_means_injured(nlp) -> None:
    q = _one(nlp, "Three workers underwent surgery for burns at the county hospital.", "Three")
    assert q.measure == "injured"


def _in_article(nlp, text: str, surface: str) -> QuantityInContext:
    """The one quantity written ``surface`` of a whole parsed article (the places of earlier sentences read)."""
    from newsfuse.nlp import parse_doc
    from newsfuse.types import Article

    parsed = parse_doc(nlp(text), Article(id="a", source="t", url=None, title=None, published=None, text=text))
    [found] = [q for s in parsed.sentences for q in s.quantities if q.mention.quantity.text == surface]
    return found


def test_an_official_speaking_for_a_place_sets_the_place_of_what_follows(nlp) -> None:
    text = ("A storm struck the coast on Monday. A tornado killed 900 people in Harlow in 1987. "
            "The mayor of Leeds said the storm had damaged the harbour. "
            "Rescuers found at least six fishermen alive.")
    assert _in_article(nlp, text, "at least six").context_place == "Leeds"


@pytest.mark.parametrize("text, surface, subject", [
    ("The siege of the old town has lasted for three years.", "three years", "duration"),
    ("The village has been under siege for eight months.", "eight months", "siege"),
    ("The union rejected a pay offer of 3 percent over two years.", "two years", "offer"),
    # what the duration is not of: a second, a weather station, a negotiating table
    ("Hale scored with nine seconds left in the game.", "nine seconds", None),
    ("Rain fell at the Orton station in the 12 hours to dawn.", "12 hours", None),
    ("The talks dragged on for nearly two months, first at the table and then in the street.", "two months", None),
])
def test_what_a_duration_is_the_length_of(nlp, text: str, surface: str, subject: str | None) -> None:
    assert _one(nlp, text, surface).subject == subject


def test_those_who_join_a_strike_are_the_strikers(nlp) -> None:
    a = _one(nlp, "The port said about 2,500 workers had joined the strike.", "2,500")
    b = _one(nlp, "The union said 3,800 of its members were on strike.", "3,800")
    assert (a.measure, a.subject) == (b.measure, b.subject) == ("striking", "workers")
    # the strikers drawn from a group that the union has are all the strikers, no part of them
    joined = _one(nlp, "The union said 3,800 of its members had joined the stoppage.", "3,800")
    assert (joined.measure, joined.subject, joined.scope.kind) == ("striking", "workers", "event")
    # ... while members of a group harmed are people, whichever group
    harmed = _one(nlp, "The fire killed four members of the Varga family.", "four")
    assert (harmed.measure, harmed.subject) == ("killed", "people")


def test_moving_house_is_not_being_moved(nlp) -> None:
    assert _one(nlp, "Two families moved to the coast last year.", "Two").measure != "displaced"


def test_ships_and_vessels_are_one_kind_of_thing() -> None:
    """"23 vessels were waiting" on Monday and "31 ships were waiting" on Tuesday count the same queue."""
    from newsfuse.extract.measures import normalize_subject

    assert normalize_subject("vessel") == normalize_subject("ship") == "ships"


@pytest.mark.parametrize("text, surface, measure", [
    ("The port said 31 ships were waiting offshore on Tuesday.", "31", "waiting"),  # they do it
    ("The union has turned down three invitations to talks.", "three", "turned down"),  # done to them
    ("The plant employs about 240 people.", "240", "employed"),
    # living or staying somewhere is being trapped only for civilians, a besieged place's people
    ("Two brothers and their aunt live in the flat above the bakery.", "Two", "living"),
    ("Three hikers stayed at the mountain inn until the road reopened.", "Three", "staying"),
    ("The town's three libraries will stay closed until Friday.", "three", "closed"),  # the state they stay in
    # people moved, or put out of their homes, are displaced; moving house is not being moved
    ("More than 3,000 residents had been moved to school gyms overnight.", "3,000", "displaced"),
    ("The flood forced hundreds of people from their homes.", "hundreds", "displaced"),
    ("Crews blamed the storm, which forced hundreds of people from their homes along the river.", "hundreds",
     "displaced"),
    ("Some 90,000 civilians stay on inside the besieged town.", "90,000", "trapped"),
    # those sought, not those who looked; "I've got" is having, as "has"
    ("Deputies are looking for two men who ran from the house.", "two", "sought"),
    ("I've got three kids upstairs, the neighbour said.", "three", "had"),
    ("The station has gotten two tips since Monday.", "two", "gotten"),
    ("The outage affected about 40,000 customers in the valley.", "40,000", "affected"),  # not damaged
    ("The flood affected about 300 homes along the river.", "300", "destroyed or damaged"),  # things: the damage
    # a country or a school admits people into itself, a hospital as patients
    ("The country has admitted more than 90,000 refugees since May.", "90,000", "admitted"),
    ("Three cadets were admitted to the academy on Monday.", "Three", "admitted"),
    ("Two men were admitted to the county hospital.", "Two", "hospitalised"),
])
def test_a_verb_without_a_measure_of_its_own_is_named_as_a_participle(nlp, text: str, surface: str,
                                                                        measure: str) -> None:
    assert _one(nlp, text, surface).measure == measure


@pytest.mark.parametrize("text, kept", [
    ("According to two diplomats involved, negotiators were close to a deal.", []),
    ("Two officials said 40 people died.", ["40"]),
    ("Three people died, two officials said.", ["Three"]),
])
def test_a_number_of_speakers_is_not_a_claim(nlp, text: str, kept: list[str]) -> None:
    assert [q.mention.quantity.text for q in _context(nlp, text)] == kept


def _built(words: list[str], heads: list[int], deps: list[str], pos: list[str], tags: list[str],
           lemmas: list[str]):
    """A sentence as the model parses some, built by hand."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)


def test_verbs_the_parse_joins_without_and_share_no_harm() -> None:
    # "Two men were charged, wounded.": the parse hangs a participle of another clause on the verb as a
    # conjunct with no "and"; the men were charged, not wounded
    from newsfuse.extract.measures import measure_of

    words = ["Two", "men", "were", "charged", ",", "wounded", "."]
    heads = [1, 3, 3, 3, 3, 3, 3]
    deps = ["nummod", "nsubjpass", "auxpass", "ROOT", "punct", "conj", "punct"]
    pos = ["NUM", "NOUN", "AUX", "VERB", "PUNCT", "VERB", "PUNCT"]
    tags = ["CD", "NNS", "VBD", "VBN", ",", "VBD", "."]
    lemmas = ["two", "man", "be", "charge", ",", "wound", "."]
    assert measure_of(_built(words, heads, deps, pos, tags, lemmas)[0], "count", "man") == "charged"
    words[4], deps[4], pos[4], tags[4], lemmas[4] = "and", "cc", "CCONJ", "CC", "and"
    assert measure_of(_built(words, heads, deps, pos, tags, lemmas)[0], "count", "man") == "injured"


def test_a_victim_set_beside_a_dateline_shares_its_verb() -> None:
    # "Easton - a teen wounded Friday died.": the parse takes the dateline for the subject and sets the teen
    # beside it; the teen died
    from newsfuse.extract.victims import victim_mentions

    words = ["Easton", "-", "a", "teen", "wounded", "Friday", "died", "."]
    heads = [6, 0, 3, 0, 3, 4, 6, 6]
    deps = ["nsubj", "punct", "det", "appos", "acl", "npadvmod", "ROOT", "punct"]
    pos = ["PROPN", "PUNCT", "DET", "NOUN", "VERB", "PROPN", "VERB", "PUNCT"]
    tags = ["NNP", ":", "DT", "NN", "VBN", "NNP", "VBD", "."]
    lemmas = ["Easton", "-", "a", "teen", "wound", "Friday", "die", "."]
    doc = _built(words, heads, deps, pos, tags, lemmas)
    [victim] = victim_mentions(doc[:], [])
    assert victim.quantity.text == "a teen"
    from newsfuse.extract.measures import measure_of
    assert measure_of(doc[3], "count", "teen") == "killed"


def test_what_people_present_arrested_and_fired_on_are_named() -> None:
    from newsfuse.extract.context import contextualize
    from newsfuse.extract.quantities import find_quantities
    from newsfuse.model import load_model

    def measures(text: str) -> list[object]:
        doc = load_model()(text)
        return [q.measure for q in contextualize(doc, next(doc.sents), find_quantities(doc), None)]

    assert measures("There were about 200 people in the hall at the time.") == ["present"]
    assert measures("Officers took three men into custody on Sunday.") == ["captured"]
    assert measures("The gunman opened fire on five people in a van.") == ["fired on"]


def test_where_someone_was_arrested_places_nothing_after_it(nlp) -> None:
    """"He was arrested in Atlanta" tells where the police found him, not where the shooting the next sentence
    counts happened; a sentence saying where something happened still places what follows."""
    from newsfuse.nlp import parse_doc
    from newsfuse.types import Article

    def context(text: str) -> str | None:
        parsed = parse_doc(nlp(text), Article(id="a", source="t", url=None, title=None, published=None, text=text))
        [found] = [q for s in parsed.sentences for q in s.quantities if q.mention.quantity.text == "Four"]
        return found.context_place

    assert context("A gunman fired into a crowd in Denver. He was arrested in Atlanta a week later. "
                   "Four bystanders were hurt by the gunfire.") == "Denver"
    assert context("A gunman fired into a crowd in Denver. A second gunman opened fire in Atlanta a week later. "
                   "Four bystanders were hurt by the gunfire.") == "Atlanta"


def test_a_capitalised_place_noun_belongs_to_a_venues_name(nlp) -> None:
    """"The Kazoo City Central bus station" names a station, not a town Kazoo; "the Champaign County Coroner"
    names a county the gazetteer knows, and "the Ghanem Ali area" a place whatever NER took it for."""
    coroner = nlp("The Champaign County Coroner named the woman on Tuesday.")
    assert "Champaign" in [e.text for e in place_spans(next(coroner.sents))]
    station = nlp("Witnesses said a fight at the Kazoo City Central bus station ended with three riders shot on "
                  "Monday afternoon.")
    assert "Kazoo" not in [e.text for e in place_spans(next(station.sents))]
    area = nlp("Four people were hurt in the Ghanem Ali area on Sunday.")
    assert "Ghanem Ali" in [e.text for e in place_spans(next(area.sents))]


@pytest.mark.parametrize(("text", "surface", "doer"), [
    ("Ann Roe made 30 saves as the home side won.", "30", "Ann Roe"),
    ("Police said Dale Voss shot two men outside the bar.", "two", "Dale Voss"),
    ("Two men were shot by Dale Voss outside the bar.", "Two", None),  # the passive's agent: told, not read
    ("Dana Lee suffered two gunshot wounds.", "two", None),  # what befell her
    ("Dana Lee bled to death on the porch.", "Dana Lee", None),  # the victim counted is no doer of it
    ("The goalie made 30 saves.", "30", None),  # no one named
])
def test_the_person_named_as_doing_what_is_counted(nlp, text: str, surface: str, doer: str | None) -> None:
    assert _one(nlp, text, surface).doer == doer



def test_a_persons_home_town_places_nothing(nlp) -> None:
    # where a victim lives is not where they were shot, nor where the article goes on to talk about
    text = ("Two men were shot outside a bar in Canton early Sunday. "
            "Dana Voss, 32, of Akron, was pronounced dead at the scene. "
            "Three other people were wounded, police said.")
    three = _in_article(nlp, text, "Three")
    assert three.place is None and three.context_place == "Canton"
    lone = _one(nlp, "Dana Voss, 32, of Akron, Ohio, was pronounced dead at the scene.", "Dana Voss")
    assert lone.place is None
    there = _one(nlp, "A woman of Akron was shot twice in Canton on Sunday.", "A woman")
    assert there.place == "Canton"
    heard = _one(nlp, "Two people were killed, and residents of Chicago heard the shots.", "Two")
    assert heard.place == "Chicago"  # residents are where it happened, not from it
