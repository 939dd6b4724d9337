"""Place names NER took for people, given back to places, and people it took for places, given back to people: a
registered spaCy component (``newsfuse_place_types``, after ``ner``) and the rules behind it."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsfuse.extract.attribution import REPORTING_VERBS
from newsfuse.extract.memo import forget_ents
from newsfuse.nlp.mentions import only_clitics

COMPONENT = "newsfuse_place_types"

# Prepositions that put a name where something happens ("in Kestrel Ford", "near Calder Bay").
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "across", "throughout", "around", "inside", "into",
                             "through", "within", "beyond"})
# Nouns whose "of X" is a place ("residents of X", "the streets of X").
_OF_PLACE_NOUNS = frozenset("""resident residents people town city village outskirt outskirts centre center street
    streets mayor suburb suburbs county district heart edge east west north south""".split())
# Last words that make a name a place; which kind of place they make.
_FACILITY_WORDS = frozenset("lane street road avenue boulevard square bridge quay wharf".split())
_LAND_WORDS = frozenset("bay river valley lake mount creek island isle forest ridge cove point moor hills".split())
_TOWN_WORDS = frozenset("ford mills falls springs harbour harbor heights wells beach port haven".split())
_PERSON_CUES = frozenset({"mr", "mrs", "ms", "dr", "miss", "sir", "dame", "lord", "lady", "prof"})
# Last words of the names of administrative areas ("Lennox County"): a GPE whatever NER said.
_ADMIN_WORDS = frozenset("county province prefecture oblast governorate parish township".split())
# Prepositions of motion: they put a name that says it is a place ("to Calder Bay") where places stand.
_DIRECTIONAL_PREPS = frozenset({"to", "from", "toward", "towards"})
# a person's age set off after their name ("Kenji, 8, was hit"), where a place has its state ("Salem, Oregon")
_AGE_AFTER = re.compile(r",\s*\d{1,3}\s*(?:,|;|\)|and\b|$)")


def retype_places(doc: Doc) -> None:
    """Give back to places the names NER took for people: a PERSON name that stands where a place
    stands ("homes in Kestrel Ford", "residents of Kestrel Ford", the dateline "KESTREL FORD —")
    and never as a person does (after "Mr", as the one who "said") becomes a place: GPE, or LOC/FAC
    when its last word says so ("Calder Bay", "Mill Lane"). A name needs two such mentions in the
    article, or one and a place word of its own ("Ford", "Bay", "Lane"). The name of an
    administrative area ("Lennox County") is a GPE whatever NER took it for. A clitic NER took for a name ("n’t")
    is dropped."""
    persons: dict[str, list[Span]] = {}
    relabel: dict[int, str] = dict.fromkeys(_people_taken_for_places(doc), "PERSON")
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG", "FAC", "LOC"} and len(ent) > 1 and ent[-1].lower_ in _ADMIN_WORDS:
            relabel[ent.start] = "GPE"  # "Lennox County"
        elif ent.label_ == "PERSON":
            persons.setdefault(ent.text.lower(), []).append(ent)
    for name, ents in persons.items():
        last = name.split()[-1]
        generic = _place_word(last)
        placed = sum(_stands_as_place(e) for e in ents)
        personal = any(stands_as_person(e) for e in ents)
        if personal or not placed or (placed < 2 and not generic) or 3 * placed < len(ents):
            continue
        label = "FAC" if last in _FACILITY_WORDS else "LOC" if last in _LAND_WORDS else "GPE"
        relabel.update({e.start: label for e in ents})
    if relabel or any(only_clitics(e) for e in doc.ents):  # (and no name is a clitic alone: "n’t")
        doc.ents = [Span(doc, e.start, e.end, label=relabel[e.start]) if e.start in relabel else e
                    for e in doc.ents if not only_clitics(e)]
        forget_ents(doc)


def _people_taken_for_places(doc: Doc) -> list[int]:
    """The starts of the names NER took for places that are people's: a name given an age ("her son Kenji, 8,
    was hit") or one word of a person's name the article gives whole ("Dana Washington was found shot ...
    Washington was flown to the hospital"), where no mention of it stands as a place does ("in Washington", "of
    Corbin", the dateline "WASHINGTON -", "Washington, D.C.", "Corbin police")."""
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    places: dict[str, list[Span]] = {}
    for ent in doc.ents:
        if ent.label_ in {"GPE", "LOC"} and len(ent) == 1:
            places.setdefault(ent.text, []).append(ent)
    out = []
    text = doc.text
    for name, ents in places.items():
        aged = any(_AGE_AFTER.match(text, e.end_char, min(len(text), e.end_char + 12)) for e in ents)
        if (aged or name in surnames) and not any(_as_place(e) for e in ents):
            out += [e.start for e in ents]
    return out


def _as_place(ent: Span) -> bool:
    """A mention that may be a place's: after a preposition, paired with a state ("Salem, Oregon"), or naming
    whose something is ("Corbin police", "Corbin's mayor"), or where places stand (``_stands_as_place``)."""
    after = ent.doc[ent.end: ent.end + 2]
    paired = len(after) == 2 and after[0].text == "," and after[1].text[:1].isupper()
    return ent.root.dep_ in {"pobj", "compound", "poss"} or paired or _stands_as_place(ent)


def _place_word(word: str) -> bool:
    """A last word that makes a name a place ("Bay", "Lane", "Ford")."""
    return word in _FACILITY_WORDS or word in _LAND_WORDS or word in _TOWN_WORDS


def _stands_as_place(ent: Span) -> bool:
    root = ent.root
    last = ent[-1].lower_
    if root.dep_ == "pobj" and (root.head.lower_ in _LOCATIVE_PREPS
                                or root.head.lower_ == "on" and last in _FACILITY_WORDS
                                or root.head.lower_ in _DIRECTIONAL_PREPS and _place_word(last)):
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _OF_PLACE_NOUNS:
        return True
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    # a dateline: the name in capitals opening a sentence, then a dash
    return (ent.start == ent.sent.start and ent.text.isupper() and after is not None
            and after.text in {"—", "–", "-", "--"})


def stands_as_person(ent: Span) -> bool:
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_.rstrip(".") in _PERSON_CUES:
        return True
    root = ent.root
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_.lower() in REPORTING_VERBS


@Language.component(COMPONENT, requires=["doc.ents", "token.dep", "token.lemma"], assigns=["doc.ents"])
def place_types(doc: Doc) -> Doc:
    """The pipeline component: ``retype_places`` on every parsed document."""
    retype_places(doc)
    doc.user_data[COMPONENT] = True
    return doc
