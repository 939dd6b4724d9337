"""The NLP stage's own corrections to spaCy's output (sentences written for these tests)."""

from __future__ import annotations

import pytest

from newsfuse.model import load_model
from newsfuse.nlp.places import retype_places


def _labels(text: str) -> dict[str, str]:
    doc = load_model()(text)
    retype_places(doc)
    return {e.text: e.label_ for e in doc.ents}


@pytest.mark.parametrize(("text", "name", "label"), [
    ("KESTREL FORD — Volunteers cleared mud from homes on Sunday.", "KESTREL FORD", "GPE"),  # a dateline
    ("Homes on Mill Lane were flooded overnight.", "Mill Lane", "FAC"),
    ("Harrison Ford said in Los Angeles that he liked the film.", "Harrison Ford", "PERSON"),
])
def test_a_name_standing_where_a_place_stands_is_a_place(text: str, name: str, label: str) -> None:
    assert load_model()(text).ents[0].label_ == "PERSON"  # what spaCy's small model says
    assert _labels(text)[name] == label


def test_an_organisation_is_named_without_the_common_words_before_it() -> None:
    from newsfuse.nlp.mentions import mention_of

    doc = load_model()("Two were hurt, said a spokesman for the state Department of Transportation.")
    orgs = [e for e in doc.ents if e.label_ == "ORG"]
    assert [e.text for e in orgs] == ["the state Department of Transportation"]  # what spaCy's small model says
    mention = mention_of("a", orgs[0])
    assert mention is not None and mention.text == "Department of Transportation"


def test_a_clitic_the_tagger_takes_for_a_name_is_no_mention() -> None:
    from spacy.tokens import Span

    from newsfuse.nlp.mentions import mention_of

    doc = load_model()("The clerk hadn’t seen Dale Ortiz in Riverton since May.")
    assert doc[3].text == "n’t"
    assert mention_of("a", Span(doc, 3, 4, label="GPE")) is None
    riverton = next(t.i for t in doc if t.text == "Riverton")
    kept = mention_of("a", Span(doc, riverton, riverton + 1, label="GPE"))
    assert kept is not None and kept.text == "Riverton"
    doc.ents = [Span(doc, 3, 4, label="GPE"), Span(doc, riverton, riverton + 1, label="GPE")]
    retype_places(doc)  # and the document's entities lose it, for every stage that reads them
    assert [e.text for e in doc.ents] == ["Riverton"]


@pytest.mark.parametrize(("text", "name"), [
    ("Deputies found Marcus Washington wounded in the yard. Washington was flown to a hospital in Tulsa.",
     "Washington"),  # a word of a name the article gives whole
    ("Rosa Diaz waited on the porch with her sons, Austin, 9, and Orlando, 11, while officers searched the house.",
     "Orlando"),  # a name given an age
])
def test_a_person_ner_took_for_a_place_is_a_person(text: str, name: str) -> None:
    assert {e.text: e.label_ for e in load_model()(text).ents}[name] == "GPE"  # what spaCy's small model says
    assert _labels(text)[name] == "PERSON"


@pytest.mark.parametrize(("text", "name"), [
    ("The mayor of Orlando, Jim Bell, spoke in Washington, D.C. on Monday.", "Washington"),
    ("Dale Houston, 40, was shot on Main Street. Houston police said he died.", "Houston"),  # whose police
    ("Players of Mike Dallas won. Ann Lee, 25, of Dallas, was killed.", "Dallas"),  # one mention stands as a place
])
def test_a_place_sharing_a_persons_name_stays_a_place(text: str, name: str) -> None:
    assert _labels(text)[name] == "GPE"


def test_what_keeps_a_name_a_person() -> None:
    from newsfuse.nlp.places import stands_as_person

    doc = load_model()("Mr Ashby Ford said people were angry.")
    [ent] = [e for e in doc.ents if e.label_ == "PERSON"]
    assert stands_as_person(ent)  # so a locative mention elsewhere does not make it a place
    doc = load_model()("Harrison Ford said in Los Angeles that he liked the film.")
    assert stands_as_person(doc.ents[0])


@pytest.mark.parametrize(("text", "sentences"), [
    ('"It spread fast," the chief said. "Our crews kept it away from the tanks on the north side."\n\n'
     "Mayor Ana Ruiz said 300 people had left.",
     ['"It spread fast," the chief said.', '"Our crews kept it away from the tanks on the north side."',
      "Mayor Ana Ruiz said 300 people had left."]),
    ('"We waited. Then the water came."\n\nOfficials said the bridge was closed.',  # a quotation over two sentences
     ['"We waited.', 'Then the water came."', "Officials said the bridge was closed."]),
])
def test_a_closing_quote_stays_with_the_quotation(text: str, sentences: list[str]) -> None:
    from newsfuse.nlp.sentences import sentence_bounds

    doc = load_model()(text)
    assert doc[-1].sent.text.startswith('"')  # what spaCy's small model says: the quote opens the last sentence
    assert [text[a:b].strip() for a, b in sentence_bounds(list(doc.sents))] == sentences


def test_sentences_without_a_stray_quote_keep_their_bounds() -> None:
    from newsfuse.nlp.sentences import sentence_bounds

    doc = load_model()('He said "yes." Then he left. "Why?" she asked.')
    assert sentence_bounds(list(doc.sents)) == [(s.start_char, s.end_char) for s in doc.sents]


@pytest.mark.parametrize(("text", "name", "label"), [
    ("At least seven people have died, Lennox County Sheriff Joanna Reyes said on Tuesday.", "Lennox County", "GPE"),
    ("Carriers began routing ships to Calder Bay, about 90 kilometres to the north.", "Calder Bay", "LOC"),
])
def test_administrative_areas_and_places_moved_to_are_places(text: str, name: str, label: str) -> None:
    assert {e.text: e.label_ for e in load_model()(text).ents}[name] != label  # what spaCy's small model says
    assert _labels(text)[name] == label


def test_a_sentence_whose_numbers_cannot_be_read_loses_only_its_own(nlp, monkeypatch, caplog) -> None:
    import newsfuse.nlp as nlp_stage
    from newsfuse.types import Article

    real = nlp_stage.contextualize

    def slips_on_ferries(doc, sent, mentions, place, harm_place=""):  # type: ignore[no-untyped-def]
        if "ferries" in sent.text:
            raise IndexError("a reading slip")
        return real(doc, sent, mentions, place, harm_place)

    monkeypatch.setattr(nlp_stage, "contextualize", slips_on_ferries)
    text = "Two ferries sank in the bay on Monday. Four people were hurt on Dock Street, police said."
    parsed = nlp_stage.parse_doc(nlp(text), Article(id="a", source="t", url=None, title=None,
                                                    published="2016-05-02", text=text))
    assert [[q.mention.quantity.text for q in s.quantities] for s in parsed.sentences] == [[], ["Four"]]
    assert "could not be read" in caplog.text
