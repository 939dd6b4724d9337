"""Where a number happened: the places a sentence names, and which of them is the number's.

A place is read from NER and from the names a place noun introduces ("the town of Ghanem Ali"). Of
a sentence's places, the speakers' ("…, RT reported", "Tehran's seismologic center said"), those that
only describe another place and the reference points ("58 km from Bandar Abbas") do not say where a
number happened; a distance's reference point says what it measures (``reference_place``). The
words are data: ``lexicon/places.toml``.
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Span, Token

from newsfuse import lexicon
from newsfuse.extract.attribution import REPORTING_VERBS, puts_a_figure
from newsfuse.extract.memo import doc_text, ents_within
from newsfuse.geo import geocode
from newsfuse.placenames import generic_place, is_broad_place, street_after
from newsfuse.types import Dimension

PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})  # NER labels of places
COMPASS: Final = lexicon.words("places", "compass")
NON_LOCATIVE: Final = lexicon.words("places", "non_locative")
_PLACE_NOUNS: Final = lexicon.words("places", "place_nouns")
_SETTLEMENT_NOUNS: Final = lexicon.words("places", "settlement_nouns")
_CUSTODY_VERBS: Final = lexicon.words("places", "custody_verbs")
# people a place after "of" tells the home of ("a nurse of Harlow"), not residents or neighbours (who are often
# where it happened: "residents of Harlow heard the shots")
_HOMED_NOUNS: Final = lexicon.words("measures", "person_nouns") - {"resident", "neighbor", "neighbour", "tenant"}


def _name_at(head: Token) -> Span:
    """A proper name with the compound words before its head ("Bandar" + "Abbas")."""
    names = [t for c in head.lefts if c.dep_ == "compound" for t in c.subtree]
    return head.doc[min([t.i for t in names], default=head.i): head.i + 1]


def settlement_named(sent: Span, number: Token) -> str | None:
    """The place "a city of 500,000 people" stands beside ("Quellmoor, a city of 300,000 people")."""
    for tok in [number, *list(number.ancestors)[:4]]:
        if tok.lemma_.lower() in _SETTLEMENT_NOUNS and tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
            return _name_at(tok.head).text  # the name a place noun stands beside is a place, whatever NER says
    return None


def _tree_distance(a: Token, b: Token) -> int:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    pos_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in pos_b:
            return k + pos_b[t.i]
    return 100


def _in_description(ent: Span, number: Token) -> bool:
    """A place inside a modifier clause or apposition that does not hold the number ("Deir ez-Zor,
    located … northeast of Damascus, …") describes another place; it does not locate the event."""
    for tok in ent.root.ancestors:
        if tok.dep_ in {"acl", "relcl", "appos"} and tok.lower_ not in COMPASS:
            return number not in tok.subtree
    return False


def _is_speaker_slot(tok: Token) -> bool:
    """The subject of a reporting verb, or the object of "according to" / "reported by"."""
    if tok.dep_ in {"nsubj", "csubj"}:
        return tok.head.lemma_.lower() in REPORTING_VERBS or puts_a_figure(tok.head)
    if tok.dep_ == "pobj" and tok.head.lower_ in {"to", "by"}:
        gov = tok.head.head
        return gov.lower_ == "according" or gov.lemma_.lower() in REPORTING_VERBS
    return False


def _speaker_token(ent: Span) -> Token | None:
    """The speaker noun a place is part of ("Tehran's seismologic center said", "the U.S. Geological
    Survey in Golden said", "the governor of Qeshm island said"), if any."""
    for tok in (ent.root, *ent.root.ancestors):
        if _is_speaker_slot(tok):
            return tok
        if tok.pos_ in {"VERB", "AUX"}:
            return None
    return None


def _in_reporting_clause(ent: Span) -> bool:
    """Part of the speaker or the addressee of a reporting verb ("RT reported", "Tehran's seismologic
    center said", "told the Valley Wire"): it says who speaks, not where anything happened."""
    head = ent.root
    if head.dep_ in {"dobj", "dative"} and head.head.lemma_.lower() in REPORTING_VERBS:
        return True
    return _speaker_token(ent) is not None


# a per-span memo: the places of a sentence (read by every sentence's rules)
if not Span.has_extension("newsfuse_places"):
    Span.set_extension("newsfuse_places", default=None)


def place_spans(sent: Span) -> list[Span]:
    """Places named in a sentence: NER places but the names it cut from streets' ("Tamsin" of "Tamsin Road" or of
    "Tamsin and Fort Harrow roads"), plus proper names that a place noun introduces ("the town of Ghanem Ali",
    "the Ghanem Ali area") even when NER took them for something else.
    Computed once per sentence (a Span extension: several rules ask)."""
    cached: list[Span] | None = sent._.newsfuse_places
    if cached is None:
        cached = _place_spans(sent)
        sent._.newsfuse_places = cached
    return list(cached)


def _add_new(found: list[Span], span: Span) -> None:
    """Add a place span unless it overlaps one already found."""
    if len(span) and not any(e.start <= span.start < e.end or span.start <= e.start < span.end for e in found):
        found.append(span)


def _place_spans(sent: Span) -> list[Span]:
    doc = sent.doc
    # (not a street's name: "near Tamsin and Fort Harrow roads" names no town Tamsin)
    found = [e for e in ents_within(sent) if e.end <= sent.end and e.label_ in PLACE_LABELS
             and not generic_place(e.text) and not street_after(doc_text(doc), e.end_char)]
    for tok in sent:
        compass = tok.lower_ in COMPASS  # "southwest of Bandar Abbas", whatever NER took the name for
        if not compass and tok.lemma_.lower() not in _PLACE_NOUNS:
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and pobj.pos_ == "PROPN":  # "the town of Ghanem Ali"
            _add_new(found, _name_at(pobj))
        elif not compass:  # "the Ghanem Ali area"
            names = [t for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" for t in c.subtree]
            name = sent.doc[min(t.i for t in names): max(t.i for t in names) + 1] if names else None
            # a place noun written as part of a name is a place's where the gazetteer knows it ("the Harlow County
            # coroner"), else a venue's ("the Kazoo City Central bus station")
            if name is not None and (tok.text[:1].islower() or geocode(name.text) is not None):
                _add_new(found, name)
    return sorted(found, key=lambda e: e.start)


def _is_reference(span: Span) -> bool:
    """A reference point ("58 km from Bandar Abbas", "940 miles south of Tehran", "off the coast
    from the port city of Bandar Abbas")."""
    tok = span.root
    # climb out of "the port city of X", "the town of X"
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in _PLACE_NOUNS:
        tok = tok.head.head
    head = tok.head
    if tok.dep_ != "pobj":
        return False
    return head.lower_ in NON_LOCATIVE or (head.lower_ == "of" and head.head.lower_ in COMPASS)


def home_town(span: Span) -> bool:
    """A person's home ("Dana Roe, 32, of Harlow", "a teacher of Harlow"): the place after "of" that follows a
    person NER names, a noun of a person, or a person's age. It says where they live, not where anything
    happened."""
    tok = span.root
    while tok.dep_ == "appos" and tok.head.pos_ == "PROPN":  # the state after the town ("of Harlow, Ohio")
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    owner = tok.head.head
    if owner.like_num and owner.dep_ in {"appos", "amod", "npadvmod", "nummod"}:  # "Roe, 32, of Harlow"
        owner = owner.head
    return owner.ent_type_ == "PERSON" or (owner.lemma_.lower() in _HOMED_NOUNS and owner.pos_ == "NOUN")


def _locates(span: Span) -> bool:
    """A place that says where something is, not a reference point nor a person's home."""
    return not _is_reference(span) and not home_town(span)


def _place_rank(span: Span) -> int:
    """Towns, sites and introduced names locate an event better than broad names (rivers, regions,
    countries)."""
    if is_broad_place(span.text):
        return 1
    return 1 if span.label_ == "LOC" and geocode(span.text) is None else 0


def place_in_clause(sent: Span, number: Token, dimension: Dimension = "count") -> str | None:
    """The place of the number's clause: the place named closest to it in the parse tree, leaving out
    the speakers ("…, RT reported" is not where anything happened), places that only describe
    another place, and reference points, except for a distance, whose reference point says what
    it measures ("35 miles southwest of Bandar Abbas")."""
    places = [e for e in place_spans(sent) if not _in_reporting_clause(e) and not _in_description(e, number)
              and (_locates(e) or dimension == "length")]
    if not places:
        return None
    return min(places, key=lambda e: (_place_rank(e), _tree_distance(e.root, number), abs(e.start - number.i))).text


def reference_place(sent: Span, number: Token) -> str | None:
    """The reference point a distance is measured from ("40 km (25 miles) north-east of Quellmoor")."""
    refs = [e for e in place_spans(sent) if _is_reference(e) and not _in_reporting_clause(e)]
    refs = [e for e in refs if _tree_distance(e.root, number) <= 6]
    return min(refs, key=lambda e: _tree_distance(e.root, number)).text if refs else None


def speaker_place(sent: Span) -> str | None:
    """A precise place in the title of the sentence's speaker ("the governor of Qeshm island said"):
    where an official speaks for, the best guess for an otherwise unplaced number."""
    for ent in place_spans(sent):
        # "of X" only: "Tehran's seismologic center" is based in Tehran, it does not speak for it
        noun = ent.root.head if ent.root.dep_ == "compound" else ent.root  # "of Kelso island"
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and _speaker_token(ent) is not None \
                and not is_broad_place(ent.text):
            return ent.text
    return None


def _where_taken(span: Span) -> bool:
    """A place someone was taken into custody at ("was arrested in Harrowgate", "booked into the Quill County
    Jail"): the verb it hangs from first is one of custody."""
    verb = next((t for t in span.root.ancestors if t.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and verb.lemma_.lower() in _CUSTODY_VERBS


def main_places(sent: Span) -> tuple[str | None, str | None]:
    """The place a sentence is about, for the sentences that follow it (not a speaker's, nor a reference point),
    and the place of the harm it may tell of: the same, but not where someone was arrested."""
    places = sorted((e for e in place_spans(sent) if not _in_reporting_clause(e) and _locates(e)),
                    key=lambda e: (_place_rank(e), e.start))
    return (places[0].text if places else None,
            next((e.text for e in places if not _where_taken(e)), None))
