"""Running the rules over a text: trigger words, windows around them, candidates, and the choice among them.

A case-insensitive rule pattern scanned over a whole article is slow; one cheap tokenising pass instead
finds the trigger words of every class (``find_triggers``), and each rule runs only in the windows
around its classes' words. Every match a handler accepts is a ``Candidate``; ``select`` keeps the
longest non-overlapping ones.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from newsfuse.extract.timex.context import Context
from newsfuse.extract.timex.rules import RULES
from newsfuse.extract.timex.tense import TenseFn
from newsfuse.extract.timex.words import TRIGGERS
from newsfuse.types import TimexType

__all__ = ["Candidate", "collect", "find_triggers", "select"]

# word -> the trigger classes it belongs to
_WORD_CLASSES: Final[dict[str, tuple[str, ...]]] = {}
for _cls, _words in TRIGGERS.items():
    for _w in _words:
        _WORD_CLASSES[_w] = (*_WORD_CLASSES.get(_w, ()), _cls)
_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")
# what may follow a number that makes it a trigger: "1990s", "10:30", "9 p.m.", "3/22", "2013-03-", "3Q"
_AFTER_NUMBER = re.compile(r"'?s\b|[:.][0-9]|\s*[aApP]\.?[mM]\b|/[0-9]|-[01][0-9]-|[qQ]\b")


@dataclass(slots=True)
class Candidate:
    """A match a handler accepted: its span, TIMEX3 type and value (maybe a mark, see ``context``), the
    position of its rule in ``RULES`` (earlier rules win ties) and the rule's name (for ``explain``)."""

    start: int
    end: int
    type: TimexType
    value: str
    order: int
    rule: str


def find_triggers(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each trigger class occurs in ``text``: class → [(start, end), ...] in text order.

    Words are looked up in ``words.TRIGGERS``; numbers are classed by their shape and what follows
    them: year4 (four digits from 1000), decade ("1990s"), clock ("10:30", "9 p.m."), slash ("3/22"),
    iso ("2013-03-") and q ("3Q").
    """
    found: dict[str, list[tuple[int, int]]] = {}
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            start, end = m.span()
            classes: list[str] = []
            if len(tok) == 4 and tok[0] in "12":
                classes.append("year4")
            nxt = _AFTER_NUMBER.match(text, end)
            if nxt:
                g = nxt.group()
                if g.endswith(("s", "S")) and tok.endswith("0"):
                    classes.append("decade")
                elif g[0] in ":." and len(tok) <= 2:
                    classes.append("clock")
                elif g[0] == "/":
                    classes.append("slash")
                elif g[0] == "-":
                    classes.append("iso")
                elif g in ("q", "Q"):
                    classes.append("q")
                elif len(tok) <= 2:
                    classes.append("clock")
            for cls in classes:
                found.setdefault(cls, []).append((start, end))
            continue
        classes_t = _WORD_CLASSES.get(tok.lower())
        if classes_t:
            span = m.span()
            for cls in classes_t:
                found.setdefault(cls, []).append(span)
    return found


def _windows(spans: list[tuple[int, int]], n: int, back: int, fwd: int) -> list[tuple[int, int]]:
    """Merged character windows around trigger spans (``n``: the text length)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        lo = max(0, start - back)
        hi = min(n, end + fwd)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def collect(text: str, anchor: dt.date | None, tense: TenseFn | None) -> list[Candidate]:
    """Every match of every rule, in its windows, that the rule's handler accepts."""
    ctx = Context(text, anchor, tense)
    out: list[Candidate] = []
    found = find_triggers(text)
    n = len(text)
    for order, rule in enumerate(RULES):
        spans = [sp for cls in rule.triggers for sp in found.get(cls, ())]
        if not spans:
            continue
        if len(rule.triggers) > 1:
            spans.sort()
        for lo, hi in _windows(spans, n, rule.back, rule.fwd):
            # widen to whole words so look-arounds at the window's edge see real text
            while hi < n and (text[hi].isalnum() or text[hi] in "_.'"):
                hi += 1
            hi = min(n, hi + 2)
            for m in rule.pattern.finditer(text, lo, hi):
                if m.end() <= m.start():
                    continue
                ctx.start, ctx.end = m.start(), m.end()
                try:
                    res = rule.handler(m, ctx)
                except (ValueError, OverflowError, KeyError, IndexError, TypeError, ZeroDivisionError):
                    res = None  # a date the calendar does not have, a year out of range: not a time expression
                if res is not None:
                    out.append(Candidate(m.start(), m.end(), res[0], res[1], order, rule.name))
    return out


def select(cands: list[Candidate]) -> list[Candidate]:
    """Longest non-overlapping candidates; earlier rules win ties."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    taken: list[Candidate] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken
