"""What an amount is of and what lasted (read by ``extract.context``): "a fund of 400 million euros" is a fund,
"142 millimetres of rain" rain, "a three-year siege" and "besieged for three years" a siege; and who did what a
number counts ("Ann Roe made 30 saves": ``doer``).

The words are data: ``lexicon/measures.toml`` (unit_words, time_units, window_words, window_prepositions,
copulas, vague_number_nouns, event_nouns).
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Token

from newsfuse import lexicon
from newsfuse.extract.measure_words import COPULAS, EXPERIENCER_VERBS, LINKING_VERBS, UNDERGOING_VERBS
from newsfuse.extract.memo import entity_at

WINDOW_WORDS: Final = lexicon.words("measures", "window_words")
_UNIT_WORDS: Final = lexicon.words("measures", "unit_words")
_TIME_UNITS: Final = lexicon.words("measures", "time_units")
_WINDOW_PREPOSITIONS: Final = lexicon.words("measures", "window_prepositions")
_EVENT_NOUNS: Final = lexicon.mapping("measures", "event_nouns")
_COPULAS: Final = lexicon.words("measures", "copulas")
_VAGUE_NUMBER_NOUNS: Final = lexicon.words("measures", "vague_number_nouns")
# verbs whose subject undergoes what they tell, or is in a state: no doer ("he died", "she suffered wounds"); one
# who has, gets or needs something is its doer ("Lee Hart had 31 points")
_HAVING: Final = frozenset({"have", "get", "need", "require", "see"})
_UNDERGONE: Final = UNDERGOING_VERBS | COPULAS | LINKING_VERBS | (EXPERIENCER_VERBS - _HAVING)


def measured_subject(number: Token, mention_start: int, mention_end: int) -> str | None:
    """What a measured amount is of ("a fund of 400 million euros" → fund, "142 millimetres of rain" →
    rain): the first noun outside the number's own words, up the tree, then in "of" phrases."""
    tok = number
    for _ in range(5):
        if tok.lower_ == "worth" and tok.head.pos_ in {"VERB", "AUX"}:
            # "grabbed jewelry and watches worth two million euros": the object just before is worth it
            objs = [t for t in tok.sent if t.i < tok.i and t.dep_ == "dobj" and t.pos_ == "NOUN"]
            if objs:
                return objs[-1].lemma_.lower()
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ == "NOUN" and pobj.lemma_.lower() not in _UNIT_WORDS:
                    return pobj.lemma_.lower()
        if tok.pos_ == "NOUN" and not mention_start <= tok.idx < mention_end and tok.lemma_.lower() not in _UNIT_WORDS:
            while tok.dep_ == "conj" and tok.head.pos_ == "NOUN":  # "jewelry and watches worth …": the first
                tok = tok.head
            return tok.lemma_.lower()
        if tok.dep_ in {"attr", "dobj", "pobj"} and tok.head.lemma_.lower() in _COPULAS:
            # "the bill is 600 million euros", "the fund will total …": the subject of the copula
            subj = next((c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() not in _UNIT_WORDS:
                return subj.lemma_.lower()
        if tok.head is tok:
            break
        tok = tok.head
    return None


def duration_subject(number: Token) -> str | None:
    """What lasted: the noun a duration modifies ("three-year siege", "under siege for …") or a state
    verb ("besieged for …", "trapped for …"). None for reporting windows ("over the last 24 hours",
    "over two days of operations", "in the 24 hours to Monday") and for anything else: those are
    not cross-checked."""
    sent = number.sent
    window = sent.doc[max(sent.start, number.i - 3): number.i]
    if any(t.lower_ in WINDOW_WORDS for t in window):
        return None
    tok = number
    for _ in range(6):
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma not in _TIME_UNITS and lemma not in _VAGUE_NUMBER_NOUNS:
            if tok.dep_ == "pobj" and tok.head.lower_ == "of":  # "two days of operations": a window
                return None
            return _event_noun(lemma)
        if tok.pos_ == "ADP" and tok.lower_ in _WINDOW_PREPOSITIONS:
            return None
        if tok.pos_ in {"VERB", "AUX"}:
            if lemma in _EVENT_NOUNS:
                return _EVENT_NOUNS[lemma]
            for child in tok.children:  # "has been under siege for …"
                if child.dep_ == "prep" and child.lower_ in {"under", "in"}:  # not "at the table"
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None and pobj.pos_ == "NOUN" and pobj.lemma_.lower() not in _TIME_UNITS:
                        return _event_noun(pobj.lemma_.lower())
            return None
        if tok.head is tok:
            break
        tok = tok.head
    return None


def _event_noun(lemma: str) -> str:
    return _EVENT_NOUNS.get(lemma, lemma)


def doer(predicate: Token | None, start: int, end: int) -> str | None:
    """The person a verb names as doing what a number (at ``start:end``) counts: its active subject, when NER takes
    it for a person's name ("Ann Roe made 30 saves": Ann Roe; not "30 saves were made", "the goalie made 30
    saves"), and not the one it befell ("Dana Lee died", "Dana Lee suffered two wounds")."""
    if predicate is None or predicate.pos_ not in {"VERB", "AUX"} or predicate.lemma_.lower() in _UNDERGONE or any(
            c.dep_ in {"auxpass", "nsubjpass"} for c in predicate.children):
        return None
    subject = next((c for c in predicate.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.ent_type_ != "PERSON":
        return None
    name = entity_at(subject)
    if name is None or (name.start_char < end and start < name.end_char):
        return None  # the number is the person: a victim counted without a number
    return name.text
