"""How a harm is told beside the counted people, where the verb alone does not say it.

"Fatally shot", "was pronounced dead", "left one man fatally wounded": a harm an adverb or a complement
states (``stated_harm``). "Left one dead and three injured": a harm word right after the counted
people that the parse hung elsewhere (``harm_word_after``); "found one man and two children dead": an
adjective after a list (``harm_after_the_list``); "Two dead, two critical": a number's own adjective in a
headline (``own_adjective``). "Shot to death" (``to_death``); "were shot, but survived" and "two did not
survive" (``lived_or_died``). Which harm is graver (``graver``). ``extract.measures`` asks these when it
reads what a count measures.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsfuse.extract.measure_words import (
    CONDITION_ADJECTIVES,
    FATAL_ADVERBS,
    HARM_MEASURES,
    HARM_RANKS,
    LIGHT_VERBS,
    MEASURES,
    SURVIVAL_VERBS,
)
from newsfuse.inflection import participle


def to_death(verb: Token) -> bool:
    """"shot to death", "beaten to death": a harm whose "to death" tells the victim died."""
    return any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() == "death" for g in c.children)
               for c in verb.children)


def lived_or_died(measure: str | None, predicate: Token | None) -> tuple[str | None, Token | None]:
    """A harm read again where the sentence tells the victims lived or did not: "were shot, but survived" (wounded),
    "and two did not survive" (dead: the negation is the death, no harm that did not happen)."""
    if predicate is None:
        return measure, predicate
    if measure == "shot" and any(c.dep_ == "conj" and c.lemma_.lower() in SURVIVAL_VERBS
                                 and not any(g.dep_ == "neg" for g in c.children) for c in predicate.children):
        return "injured", predicate
    if predicate.lemma_.lower() in SURVIVAL_VERBS and any(c.dep_ == "neg" for c in predicate.children):
        return "killed", None
    return measure, predicate


def harm_word_after(number: Token, counted: Token) -> tuple[str, Token] | None:
    """The harm a word right after the counted people tells where the parse hung that word elsewhere: a bare
    count ("left one dead and three injured", the three joined to "shooting") or the object of "left" without
    its complement ("left three others wounded", "left eight people, including themselves, wounded"). The word
    is a harm's adjective or a participle with no object ("three injured", not "three killed a man"); a word the
    parse did hang on the counted thing is read the usual way."""
    light = counted.dep_ == "dobj" and counted.head.lemma_.lower() in LIGHT_VERBS and not any(
        c.dep_ in {"oprd", "acomp", "xcomp", "ccomp"} for c in counted.head.children)
    if not light and (counted.i != number.i or not number.like_num):
        return None
    k = counted.right_edge.i + 1 if light else number.i + 1
    doc = number.doc
    while light and k < len(doc) and doc[k].is_punct and doc[k].text != ".":
        k += 1
    if k >= number.sent.end:
        return None
    word = doc[k]
    if word.head.i == counted.i or word.pos_ not in {"ADJ", "VERB"} or word.tag_ not in {"JJ", "VBN", "VBD"} or any(
            c.dep_ == "dobj" or (c.dep_ in {"nsubj", "nsubjpass"} and not (light and c.i < counted.head.i))
            for c in word.children):
        return None  # (a subject before "left": the parse made the sentence's subject that of the harm word)
    lemma = word.lemma_.lower()
    measure = MEASURES.get(lemma) or (participle(lemma, False) if word.tag_ != "JJ" else None)
    return (stated_harm(word) or measure, word) if measure in HARM_MEASURES else None


def harm_after_the_list(counted: Token) -> tuple[str, Token] | None:
    """The harm an adjective after a list of counted people tells of all of them, whichever of them the parse hung
    it on: "police found one man and two children dead" (the man and the children are dead)."""
    if counted.pos_ != "NOUN":
        return None
    first = counted
    while first.dep_ == "conj" and first.head.pos_ == "NOUN":
        first = first.head
    members = [first, *(c for c in first.conjuncts if c.pos_ == "NOUN")]
    if len(members) < 2:
        return None
    last = max(m.i for m in members)
    for member in members:
        for word in member.children:
            if word.dep_ in {"amod", "acomp", "oprd"} and word.pos_ == "ADJ" and word.i > last \
                    and MEASURES.get(word.lemma_.lower()) in HARM_MEASURES:
                return MEASURES[word.lemma_.lower()], word
    return None


def own_adjective(number: Token) -> Token | None:
    """A harm or a condition a number's own adjective tells, in a headline's list whose parse hangs every
    number on the last noun ("Two dead, two critical and nine others injured"): "dead", "critical"."""
    if not number.like_num:
        return None
    for child in number.children:
        word = child.lemma_.lower()
        if child.dep_ == "amod" and child.pos_ == "ADJ" and (
                word in CONDITION_ADJECTIVES or MEASURES.get(word) in HARM_MEASURES):
            return child
    return None


def graver(measure: str | None, than: str) -> bool:
    """Whether a measure is a graver harm than another ("killed" than "injured")."""
    if measure not in HARM_RANKS:
        return False
    return than not in HARM_RANKS or HARM_RANKS.index(measure) < HARM_RANKS.index(than)


def has_subject(word: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in word.children)


def stated_harm(word: Token, of_object: bool = True) -> str | None:
    """The harm a word's own modifiers state, whatever the word: "fatally shot", "mortally wounded"
    (killed), "was pronounced dead", "were found dead", "two are dead" (a complement that names it, with
    its own adverb when ``of_object``: "left one man fatally wounded"; a noun the parse joined to the verb
    is not its object: "... and two others with minor injuries")."""
    if any(c.dep_ == "advmod" and c.lower_ in FATAL_ADVERBS and c.i < word.i and not _negated_before(c)
           for c in word.children):
        return "killed"  # before the verb: "three were shot, one fatally" does not make all three dead
    for child in word.children:
        measure = MEASURES.get(child.lemma_.lower())
        if child.dep_ in {"oprd", "acomp"} and measure in HARM_RANKS:
            return (stated_harm(child) if of_object else None) or measure
    return None


def _negated_before(adverb: Token) -> bool:
    """"not fatally wounded": a negation right before the adverb (the parse hangs it on either word)."""
    return adverb.i > 0 and adverb.doc[adverb.i - 1].dep_ == "neg"
