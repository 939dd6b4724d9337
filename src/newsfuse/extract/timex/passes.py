"""The passes over the chosen expressions, in text order, that no single match can do.

``merge`` joins a clock time with a day next to it ("9 p.m. Friday"); ``day_ranges`` adds the other end of
a range of days ("September 20-21"); ``extend_left`` takes in modifiers ("early", "more than");
``resolve_refs`` replaces the marks handlers left (see ``context``) using the dates mentioned before.
"""

from __future__ import annotations

import datetime as dt
import re

from newsfuse.extract.timex.context import (
    CLOCK_MARK,
    DROP,
    QUARTER_CONTEXT_MARK,
    QUARTER_YEAR_MARK,
    REF_MARK,
    YEAR_AGO_MARK,
)
from newsfuse.extract.timex.scan import Candidate
from newsfuse.extract.timex.words import PARTS_OF_DAY
from newsfuse.timex import add_months, shift, underspecified, ym, ymd

__all__ = ["day_ranges", "extend_left", "merge", "resolve_refs"]

# modifiers that join a time expression on its left without changing its value
_LEFT_DATE_MOD = re.compile(
    r"(?<![A-Za-z])(?:(?:the\s+)?(?:very\s+)?(?:(?:beginning|start|end|middle|close|turn|rest|remainder)\s+of(?:\s+the)?|"
    r"(?:first|second|last|final)\s+(?:few\s+)?(?:days?|weeks?|months?|half)\s+of)\s+|"
    r"(?:early|late|mid)(?:\s*-\s*|\s+)|mid-|sometime\s+|some\s+time\s+)$",
    re.IGNORECASE,
)
_LEFT_REL_MOD = re.compile(r"(?<![A-Za-z])(?:earlier|later)\s+$", re.IGNORECASE)
_LEFT_DUR_MOD = re.compile(
    r"(?<![A-Za-z])(?:nearly|almost|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|"
    r"no\s+more\s+than|no\s+less\s+than|in\s+excess\s+of)\s+$",
    re.IGNORECASE,
)
# an expression that starts with an amount, which "over" and "under" may modify
_AMOUNT_HEAD = re.compile(r"[0-9]|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s")
_LEFT_OVER = re.compile(r"(?<![A-Za-z])(?:over|under|just\s+over|just\s+under|well\s+over)\s+$", re.IGNORECASE)
_JOIN_TIME_DATE = re.compile(r"\s*(?:,\s*|\s+on\s+|\s+)$")
_JOIN_DATE_TIME = re.compile(r"^\s*(?:,\s*|\s+at\s+|\s+)$")

_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)$|^XXXX-WXX-\d$")
_CLOCK_VALUE = re.compile(rf"^(?:{re.escape(CLOCK_MARK)})?(?:\d{{4}}|XXXX)-..-..T\d")


def merge(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Join a clock time with an adjacent day ("9 p.m. Friday", "Friday at 10 a.m.").

    The joined expression keeps the first one's rule order and names both rules ("clock_time+weekday").
    """
    out: list[Candidate] = []
    for c in cands:
        if out:
            p = out[-1]
            gap = text[p.end: c.start]
            rule = f"{p.rule}+{c.rule}"
            if (p.type == "TIME" and _CLOCK_VALUE.match(p.value) and _DAY_VALUE.match(c.value)
                    and len(gap) <= 5 and _JOIN_TIME_DATE.match(gap)):
                out[-1] = Candidate(p.start, c.end, "TIME", c.value + p.value[p.value.index("T"):], p.order, rule)
                continue
            if (c.type == "TIME" and _CLOCK_VALUE.match(c.value) and _DAY_VALUE.match(p.value)
                    and len(gap) <= 5 and _JOIN_DATE_TIME.match(gap)):
                out[-1] = Candidate(p.start, c.end, "TIME", p.value + c.value[c.value.index("T"):], p.order, rule)
                continue
        out.append(c)
    return out


_DAY_AFTER = re.compile(r"\s*[-\u2013]\s*(\d{1,2})(?![\d:.,]\d|\s*(?:%|per|[ap]\.?m\b))")
_DAY_BEFORE = re.compile(r"(?<![\d.,:])(\d{1,2})\s*[-\u2013]\s*$")


def day_ranges(text: str, cands: list[Candidate]) -> list[Candidate]:
    """The other end of a range of days is a date too: "September 20-21" gives "21" (2025-09-21),
    "20-21 September" gives "20"; the day must lie after (before) the written date in that month.

    The added date is named after the written one's rule: "day_range(month_day)".
    """
    out: list[Candidate] = []
    for i, c in enumerate(cands):
        out.append(c)
        m = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)-(\d\d)", c.value) if c.type == "DATE" else None
        if m is None:
            continue
        day = int(m.group(3))
        rule = f"day_range({c.rule})"
        after = _DAY_AFTER.match(text, c.end)
        nxt = cands[i + 1].start if i + 1 < len(cands) else len(text)
        if after and day < int(after.group(1)) <= 31 and after.end() <= nxt:
            value = f"{m.group(1)}-{m.group(2)}-{int(after.group(1)):02d}"
            out.append(Candidate(after.start(1), after.end(1), "DATE", value, c.order, rule))
            continue
        before = _DAY_BEFORE.search(text, max(0, c.start - 8), c.start)
        prev = out[-2].end if len(out) > 1 else 0
        if before and 1 <= int(before.group(1)) < day and before.start() >= prev:
            value = f"{m.group(1)}-{m.group(2)}-{int(before.group(1)):02d}"
            out.insert(len(out) - 1, Candidate(before.start(1), before.end(1), "DATE", value, c.order, rule))
    return out


def extend_left(text: str, cands: list[Candidate]) -> None:
    """Take in modifiers ("early", "the end of", "nearly", "more than") that belong to the expression."""
    prev_end = 0
    for c in cands:
        window_start = max(prev_end, c.start - 40)
        window = text[window_start: c.start]
        head = text[c.start: c.start + 5].lower()
        if c.type in ("DATE", "TIME") and not c.value.startswith("P"):
            m = _LEFT_DATE_MOD.search(window)
            if m and m.start() < m.end():
                c.start = window_start + m.start()
            elif head.startswith(("this ", "that ", "in th")):
                m = _LEFT_REL_MOD.search(window)
                if m:
                    c.start = window_start + m.start()
        if c.type == "DURATION" or (c.type == "DATE" and text[c.end - 3: c.end].lower() == "ago"):
            m = _LEFT_DUR_MOD.search(window)
            if (not m and _AMOUNT_HEAD.match(head)
                    and not re.search(r"(?:period|term)$", text[c.start: c.end], re.IGNORECASE)):
                m = _LEFT_OVER.search(window)  # "over two years", but not "over a two-year period"
            if m:
                c.start = window_start + m.start()
        prev_end = c.end


_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_FULL_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_ANY_YEAR = re.compile(r"^(\d{4})(?![0-9])")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
# how far (in characters) a quarter named before still sets the context
_QUARTER_REACH = 1500


def resolve_refs(cands: list[Candidate], anchor: dt.date | None) -> None:  # noqa: C901 - one pass over a rule table, read top to bottom
    """Fill 'the next day' / 'that year' from the last date mentioned (else the anchor)."""
    ref = anchor
    day_named: dt.date | None = None  # the last day named in the text (for a clock time on its own)
    # the month last named ("in March ... the following month"): month references count from it
    month_ref: tuple[int, int] | None = (anchor.year, anchor.month) if anchor else None
    quarter: tuple[int, int, int] | None = None  # (year, quarter, end offset) of the last quarter named
    for c in cands:
        if c.value.startswith(YEAR_AGO_MARK):
            # "a year ago" after "the third quarter" compares quarters: the same quarter a year before
            c.value = c.value[len(YEAR_AGO_MARK):]
            if quarter is not None and c.start - quarter[2] < _QUARTER_REACH:
                c.value = f"{quarter[0] - 1:04d}-Q{quarter[1]}"
            continue
        if c.value.startswith(QUARTER_YEAR_MARK):
            year_s = c.value[len(QUARTER_YEAR_MARK):]
            recent = quarter is not None and c.start - quarter[2] < _QUARTER_REACH
            c.value = f"{year_s}-Q{quarter[1]}" if recent and quarter else year_s
            continue
        if c.value.startswith(QUARTER_CONTEXT_MARK):
            _, back, fallback = c.value.split(":", 2)
            if quarter is not None and c.start - quarter[2] < _QUARTER_REACH:
                c.value = f"{quarter[0] - int(back):04d}-Q{quarter[1]}"
            else:
                c.value = fallback
            if not c.value:
                c.value = DROP
            continue
        if c.value.startswith(CLOCK_MARK):
            c.value = c.value[len(CLOCK_MARK):]
            if day_named is not None:
                c.value = ymd(day_named) + c.value[c.value.index("T"):]
            continue
        qm = _QUARTER_VALUE.match(c.value)
        if qm and anchor is not None and (
            anchor.year * 4 - 1 <= int(qm[1]) * 4 + int(qm[2]) <= anchor.year * 4 + (anchor.month - 1) // 3 + 1
        ):
            # only a quarter of the current reporting season sets the context, not an outlook for a
            # later one ("the third quarter of next year"); the current quarter may be a fiscal one
            quarter = (int(qm[1]), int(qm[2]), c.end)
        if c.value.startswith(REF_MARK):
            _, unit, n = c.value.split(":")
            steps = int(n)
            if unit in ("morning", "evening", "night", "afternoon"):
                c.type = "TIME"
                suffix = "T" + PARTS_OF_DAY[unit]
                c.value = "XXXX-XX-XX" + suffix if ref is None else ymd(ref + dt.timedelta(days=steps)) + suffix
            elif unit == "month" and month_ref is not None:
                c.value = ym(*add_months(month_ref[0], month_ref[1], steps))
            else:
                c.value = underspecified(unit) if ref is None else (shift(ref, unit, steps) or underspecified(unit))
            continue
        full = _FULL_DATE.match(c.value)
        if full:
            try:
                ref = dt.date(int(full[1]), int(full[2]), int(full[3]))
                month_ref = (ref.year, ref.month)
                day_named = ref
            except ValueError:
                pass
            continue
        ym_match = _YEAR_MONTH.match(c.value)
        if ym_match and c.type == "DATE" and 1 <= int(ym_match[2]) <= 12:
            month_ref = (int(ym_match[1]), int(ym_match[2]))
        year = _ANY_YEAR.match(c.value)
        if year and c.type == "DATE" and ref is not None and int(year[1]) != ref.year:
            # a bare year or month moves the reference to that year, keeping the day in it
            try:
                ref = ref.replace(year=int(year[1]))
            except ValueError:
                ref = ref.replace(year=int(year[1]), day=28)
            if month_ref is not None and not ym_match:
                month_ref = (int(year[1]), month_ref[1])
