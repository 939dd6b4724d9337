"""Time expressions in news text, normalised to TIMEX3 values.

``find_timexes`` scans text with named rules (``rules.RULES``) compiled once at import, resolves
relative expressions ("on Tuesday", "last month", "two years ago") against an anchor date (the
publication date) and the tense of the clause, and returns :class:`newsfuse.types.Timex` objects
whose offsets point into the text exactly as given. Values follow TimeML/TIMEX3 conventions:
``2013-03-22``, ``2013-03``, ``2013-W11``, ``2013``, ``199`` (a decade), ``2013-Q1``, ``2013-SU``,
``2013-03-22TAF``, ``2013-03-22T14:00``, ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, durations
``P2Y6M``/``PT2H``/``PXY`` and sets ``P1W``/``XXXX-WXX-2``. Without an anchor, relative expressions
keep underspecified values (``XXXX-XX-XX``, ``XXXX-08``). ``explain`` gives the same expressions
with the name of the rule behind each, to trace a wrong value to its rule.

The data flow, one module a step: ``words`` (the lexicon's time words and the regex pieces built from
them) → ``rules`` (name, pattern, handler, triggers; handlers in ``calendar``, ``periods``,
``durations``, ``clock``, ``sets``, placed in time by ``anchoring`` and oriented by ``tense``) →
``scan`` (rules run in windows around trigger words; the longest matches win) → ``passes`` (joins,
ranges, modifiers, and references to dates mentioned before). Reading values back (a timeline date, a
length in years) is ``newsfuse.timex``, which needs none of this.
"""

from __future__ import annotations

import datetime as dt

from newsfuse.extract.timex.context import DROP
from newsfuse.extract.timex.passes import day_ranges, extend_left, merge, resolve_refs
from newsfuse.extract.timex.rules import RULES, Rule
from newsfuse.extract.timex.scan import Candidate, collect, select
from newsfuse.extract.timex.tense import TenseFn, heuristic_tense
from newsfuse.types import Timex

__all__ = ["RULES", "Rule", "TenseFn", "explain", "find_timexes", "heuristic_tense"]


def _candidates(text: str, anchor: dt.date | None, tense: TenseFn | None) -> list[Candidate]:
    """The expressions of ``text`` after every pass, marks resolved (``DROP`` ones included)."""
    if not isinstance(text, str) or not text:
        return []
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    if anchor is not None and not isinstance(anchor, dt.date):
        anchor = None
    if anchor is not None and not 2 <= anchor.year <= 9990:
        anchor = None
    cands = merge(text, select(collect(text, anchor, tense)))
    extend_left(text, cands)
    cands = day_ranges(text, cands)
    resolve_refs(cands, anchor)
    return cands


def find_timexes(text: str, anchor: dt.date | None, tense: TenseFn | None = None) -> list[Timex]:
    """Time expressions in ``text`` with TIMEX3 types and values, in text order.

    ``anchor`` is the publication date that relative expressions resolve against (``None`` keeps
    them underspecified). ``tense(offset)`` may give the tense of the clause at a character offset
    ("past"/"present"/"future"/None), e.g. of the sentence's main clause; it decides when the
    word-based heuristic finds no tense marker near the expression. Offsets index
    ``text`` as given: ``text[t.start:t.end] == t.text``. Never raises on any string.
    """
    return [t for t, _ in explain(text, anchor, tense)]


def explain(text: str, anchor: dt.date | None, tense: TenseFn | None = None) -> list[tuple[Timex, str]]:
    """The expressions of :func:`find_timexes`, each with the name of the rule that produced it.

    A clock time joined with its day names both rules ("clock_time+weekday"); the far end of a range
    of days names the rule of the written date ("day_range(month_day)").
    """
    return [
        (Timex(c.start, c.end, text[c.start: c.end], c.type, c.value), c.rule)
        for c in _candidates(text, anchor, tense) if c.value != DROP
    ]
