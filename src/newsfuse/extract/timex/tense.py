"""The tense of the clause around a time expression, guessed from nearby words.

A relative expression points backwards or forwards depending on tense: "on Tuesday" after "said" is
the Tuesday before the publication date, after "will" the one after it. The parse's tense of the main
clause misleads in reported speech ("officials said the talks will resume Monday"), so the nearest
tense marker in the same sentence decides first (see ``Context.tense`` in ``context``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from newsfuse import lexicon

__all__ = ["TenseFn", "heuristic_tense"]

# the caller's tense hook: the tense of the clause at a character offset ("past", "present", "future", None)
TenseFn = Callable[[int], str | None]

_PAST_VERBS: Final = "|".join(lexicon.sequence("time", "past_verbs"))
_TENSE_MARK = re.compile(
    r"(?<![A-Za-z])(?:(?P<pastfut>had\s+been\s+(?:due|scheduled|set|expected|planned)\s+to)|"
    r"(?P<fut>will|shall|would|won't|wo|'ll|going\s+to|gonna|plans?\s+to|planning\s+to|planned\s+to|"
    r"scheduled|expected\s+to|set\s+to|due\s+to|intends?\s+to|aims?\s+to|upcoming|tomorrow|"
    r"next|soon|would\s+be\s+held|as\s+(?:soon|early)\s+as|(?:is|are)\s+to)|"
    rf"(?P<past>{_PAST_VERBS}|"
    r"ago|yesterday|last|earlier|[a-z]{2,}ed)|"
    r"(?P<pres>is|are|am|says|say|has|have|does|do|tells|now|today))(?![A-Za-z])",
    re.IGNORECASE,
)
_NOT_PAST_ED: Final = lexicon.words("time", "not_past_verbs")
# a sentence ends at . ! ? ; : and a line break, but not at the full stop of "a.m." / "p.m." before
# a day name ("until 9 a.m. Tuesday") nor of a title or "vs." that always precedes a name
_SENT_END = re.compile(
    r"(?:[!?;:]|(?<![aApP]\.[mM])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs|Lt))(?<!\b(?:Mrs|Gen|Gov|Sen|Rep|Col|Sgt|Maj))\.)\s|\n"
)
# a form of "be" right before an -ed word: "will be named", "has been extended", "is expected"
_PARTICIPLE_AUX = re.compile(r"(?<![A-Za-z])(?:be|been|being|is|are|am)\s+$", re.IGNORECASE)
# a determiner (and maybe an adverb) right before an -ed word makes it an adjective: "a still unspecified date"
_ADJ_DET = re.compile(
    r"(?<![A-Za-z])(?:a|an|the|its|their|his|her|our|my|your|every|each)\s+"
    r"(?:(?:[a-z]+ly|still|very|more|most|less|much)\s+)?$",
    re.IGNORECASE,
)
_PRIORITY: Final = {"fut": 0, "past": 1, "pres": 2}
_TENSE_OF: Final = {"fut": "future", "past": "past", "pres": "present"}


def heuristic_tense(text: str, start: int, end: int | None = None) -> str | None:
    """A cheap guess at the tense of the clause around ``text[start:end]`` from nearby words.

    Looks at markers in the same sentence (at most 120 characters either side, skipping the span
    itself; up to 250 when there is none that close, as in a long fronted adverbial: "In January,
    a week after ..., a bombing killed"): will/'ll/next/scheduled → "future", said/was/-ed verbs →
    "past", is/are/says → "present". The nearest marker wins; ``None`` when there is none.
    """
    end = start if end is None else end
    return _tense_within(text, start, end, 120) or _tense_within(text, start, end, 250)


def _tense_within(text: str, start: int, end: int, reach: int) -> str | None:
    """The tense of the nearest marker at most ``reach`` characters from the span, in its sentence."""
    lo = max(0, start - reach)
    hi = min(len(text), end + reach)
    left = text[lo:start]
    cut = None
    for m in _SENT_END.finditer(left):
        cut = m.end()
    if cut is not None:
        lo += cut
    m2 = _SENT_END.search(text, end, hi)
    if m2:
        hi = m2.start()
    best: tuple[int, int, str] | None = None
    for m in _TENSE_MARK.finditer(text, lo, hi):
        if m.start() < end and m.end() > start:
            continue
        kind = m.lastgroup or ""
        word = m.group(0).lower()
        if kind == "pastfut":
            kind = "past"
        if kind == "past" and m.group("past") and (
            (word.endswith("ed") and (word in _NOT_PAST_ED or _ADJ_DET.search(text, lo, m.start())))
            or _PARTICIPLE_AUX.search(text, lo, m.start())
        ):
            continue  # not a verb, or a passive participle whose auxiliary (will be, has been, is) marks the tense
        dist = start - m.end() if m.end() <= start else m.start() - end
        cand = (dist, _PRIORITY[kind], kind)
        if best is None or cand < best:
            best = cand
    if best is None:
        return None
    return _TENSE_OF[best[2]]
