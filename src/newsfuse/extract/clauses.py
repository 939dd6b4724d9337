"""The main clause of a sentence: its tense, and whether it tells a happening.

The timeline dates a sentence's happening by its tense when it names no date, and leaves out
sentences that tell none (negated, under a modal, a present state); the time-expression rules read
the tense around an offset (``tense_lookup``) to resolve "Friday" forwards or backwards.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Final, Literal

from spacy.tokens import Doc, Span, Token

from newsfuse import lexicon

Tense = Literal["past", "present", "future"]
_MODALS: Final = lexicon.words("measures", "modals")
_FUTURE: Final = lexicon.words("measures", "future_auxiliaries")
_INTENTIONS: Final = lexicon.words("measures", "intention_words")
_IRREALIS_MARKS: Final = lexicon.words("measures", "irrealis_marks")
_NOBODY: Final = frozenset({"nobody", "none", "noone", "neither"})
_HEARSAY: Final = lexicon.words("measures", "hearsay_nouns")
_DEGREE_WORDS: Final = frozenset({"enough", "too"})


def sentence_tense(sent: Span) -> Tense | None:
    """past / present / future of a sentence's main clause, from morphology."""
    root = sent.root
    aux = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in {"will", "shall", "'ll"} or a.lemma_ == "will" for a in aux):
        return "future"
    if root.tag_ == "VBN" and any(a.lemma_.lower() == "have" for a in aux):
        return "past"  # the present perfect tells what has happened: "EADS has won the contract"
    for tok in [*aux, root]:
        tense = tok.morph.get("Tense", None)
        if tense:
            return "past" if tense[0] == "Past" else "present"
    return None


def reports_happening(sent: Span) -> bool:
    """Whether a sentence's main clause tells something that happened or will happen.

    Not when its main verb is negated ("did not give"), under a modal ("can register", "could
    rise"), or is a present or future "be" (a state, a judgement or a schedule: "the museum is
    open", "it won't be enough"). A past or perfect "be" stays a happening: "attendance was 9,412"
    reports what the day was, "has been minister since 2021" when a state began.
    """
    root = sent.root
    children = list(root.children)
    if any(c.dep_ == "neg" for c in children):
        return False
    aux = [c for c in children if c.dep_ in {"aux", "auxpass"}]
    if any(c.lower_ in _MODALS for c in aux):
        return False
    if root.lemma_.lower() != "be" or sentence_tense(sent) == "past":
        return True
    return root.tag_ == "VBN" and any(c.lemma_.lower() == "have" for c in aux)


def tense_lookup(doc: Doc) -> Callable[[int], Tense | None]:
    """A function from a character offset to the tense of the sentence around it."""
    sents = list(doc.sents)
    tenses = [sentence_tense(s) for s in sents]
    starts = [s.start_char for s in sents]

    def lookup(offset: int) -> Tense | None:
        i = bisect.bisect_right(starts, offset) - 1
        return tenses[i] if 0 <= i < len(tenses) else None

    return lookup


_INVERTING_AUXILIARIES: Final = frozenset({"had", "were", "should"})


def _inverted_condition(verb: Token) -> bool:
    """A condition told by its auxiliary before the subject: "had he been shot", "were it to kill"."""
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subject is not None and any(c.dep_ in {"aux", "auxpass"} and c.lower_ in _INVERTING_AUXILIARIES
                                       and c.i < subject.i for c in verb.children)


def told_as_happened(word: Token) -> bool:
    """Whether the clause of a word of harm tells a harm that happened.

    Not when it is negated ("one person was not injured", "no one was hurt"), under a modal ("could
    have killed dozens") or a future ("two will need surgery"), under a word of intention, threat or
    fear ("aiming to kill four", "threatened to kill", "a plot to kill", "feared dead"), a condition
    ("if he had shot", "without injuring anyone"), hearsay ("reports that a man had died") or a degree
    ("enough rounds to hurt several people"). A verb joined to another without a
    subject of its own ("was shot and killed") shares that one's clause; an infinitive or gerund is
    read through the word that governs it.
    """
    tok = word
    for _ in range(8):
        if tok.lemma_.lower() in _INTENTIONS:
            return False
        for child in tok.children:
            dep, lower = child.dep_, child.lower_
            if dep == "neg" or (dep in {"aux", "auxpass"} and lower in _MODALS | _FUTURE):
                return False
            if dep == "mark" and lower in _IRREALIS_MARKS:
                return False
            if dep in {"nsubj", "nsubjpass"} and (lower in _NOBODY or any(
                    d.dep_ == "det" and d.lower_ == "no" for d in child.children)):
                return False
        if _inverted_condition(tok):
            return False  # "had he been hit an inch higher, he would not have lived"
        if tok.dep_ == "pcomp" and tok.head.lower_ in _IRREALIS_MARKS:
            return False  # "without injuring anyone"
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _INTENTIONS:
            return False  # "police feared two hikers were dead"
        if tok.dep_ == "acl" and tok.head.lemma_.lower() in _HEARSAY and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
            return False  # "reports that a second victim had died": what is said, not yet known
        if tok.dep_ in {"acl", "advcl", "xcomp"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
                and _of_degree(tok.head):
            return False  # "fired enough rounds to hurt several people": what could have happened
        joined = tok.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
        # what reports say is read through them: "if reports that a man has died are wrong"
        heard = tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _HEARSAY
        if not joined and not heard and tok.dep_ not in {"xcomp", "pcomp", "acl", "oprd", "acomp"}:
            return True
        if tok.head is tok:
            return True
        tok = tok.head
    return True


def _of_degree(word: Token) -> bool:
    """A word that "enough" or "too" measures, itself or through its object ("enough rounds", "fired enough
    rounds", "too close"): an infinitive after it tells what could follow, not what did."""
    if word.lower_ in _DEGREE_WORDS:
        return True
    near = [word, *(c for c in word.children if c.dep_ in {"dobj", "acomp"})]
    return any(c.dep_ in {"amod", "advmod"} and c.lower_ in _DEGREE_WORDS for w in near for c in w.children)

