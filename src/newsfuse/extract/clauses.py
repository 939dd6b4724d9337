"""The main clause of a sentence: its tense, and whether it tells a happening.

The timeline dates a sentence's happening by its tense when it names no date, and leaves out
sentences that tell none (negated, under a modal, a present state); the time-expression rules read
the tense around an offset (``tense_lookup``) to resolve "Friday" forwards or backwards.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Final, Literal

from spacy.tokens import Doc, Span

from newsfuse import lexicon

Tense = Literal["past", "present", "future"]
_MODALS: Final = lexicon.words("measures", "modals")


def sentence_tense(sent: Span) -> Tense | None:
    """past / present / future of a sentence's main clause, from morphology."""
    root = sent.root
    aux = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in {"will", "shall", "'ll"} or a.lemma_ == "will" for a in aux):
        return "future"
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
