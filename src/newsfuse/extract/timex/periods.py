"""Handlers of periods counted from the anchor or from a date mentioned before: this/last/next week, the
weekend, quarters and halves, fiscal years, "the next day", "year-end".

Financial news names quarters by reference ("the quarter", "the year-ago period"); those handlers leave
a mark (see ``context``) that the ordered pass fills from the quarter last named.
"""

from __future__ import annotations

import datetime as dt
import re

from newsfuse import lexicon
from newsfuse.extract.timex.anchoring import year_from_two
from newsfuse.extract.timex.context import (
    QUARTER_CONTEXT_MARK,
    QUARTER_YEAR_MARK,
    REF_MARK,
    YEAR_AGO_MARK,
    Context,
    Result,
)
from newsfuse.extract.timex.words import ORDINALS, RELATIVE_SHIFTS, relative
from newsfuse.timex import iso_week, shift, underspecified, unit_key

__all__ = [
    "anaphoric_period", "fiscal_year_relative", "half_year", "numbered_quarter", "quarter_code", "reported_period",
    "the_quarter", "the_weekend", "this_last_next", "year_ended", "year_quarter", "year_word",
]

_QUARTER_SHIFTS = {w: int(n) for w, n in lexicon.numbers("time", "quarter_shifts").items()}
_ANAPHORIC_SHIFTS = {w: int(n) for w, n in lexicon.numbers("time", "anaphoric_shifts").items()}
# the words of "the year-ago quarter": the quarter a year before the one under discussion
_YEAR_AGO_WORDS = frozenset({"year-ago", "year-earlier", "comparable"})
# adjectives of "the ... year" that before "of" name a year of something else ("the last year of his term")
_BEFORE_OF = frozenset({"last", "next", "previous", "full"})


def _weekend_of(a: dt.date, past: bool) -> str:
    """The weekend of the anchor's week, or the one before when the clause is past and the anchor a weekday."""
    if past and a.isoweekday() < 6:
        return iso_week(a - dt.timedelta(days=7)) + "-WE"
    return iso_week(a) + "-WE"


def this_last_next(m: re.Match[str], c: Context) -> Result:
    """this/last/next week, month, year, quarter, weekend."""
    rel = relative(re.sub(r"\s+", " ", m["rel"].lower()))
    unit = unit_key(m["unit"])
    n = RELATIVE_SHIFTS.get(rel or "")
    if n is None:
        return None
    if c.anchor is None:
        return "DATE", underspecified(unit)
    if unit == "weekend":
        a = c.anchor
        if n == 0:
            return "DATE", _weekend_of(a, c.tense() == "past")
        if n == -1:
            return "DATE", iso_week(a - dt.timedelta(days=7)) + "-WE"
        return "DATE", iso_week(a + dt.timedelta(days=7 if a.isoweekday() >= 6 else 0)) + "-WE"
    value = shift(c.anchor, unit, n)
    return ("DATE", value) if value else None


def the_weekend(m: re.Match[str], c: Context) -> Result:
    """'the weekend': the coming or current one, the one before in a past clause."""
    if c.anchor is None:
        return "DATE", "XXXX-WXX-WE"
    return "DATE", _weekend_of(c.anchor, c.tense() == "past")


def numbered_quarter(m: re.Match[str], c: Context) -> Result:
    """'the third quarter', 'the fourth quarter of 2012', "last year's first quarter", 'third-quarter'."""
    word = m["ord"].lower().replace(" ", "-")
    q = 4 if word in ("last", "final") else ORDINALS.get(word, int(word[0]) if word[0].isdigit() else 0)
    if not 1 <= q <= 4:
        return None
    if m["year"] or m["py"]:
        return "DATE", f"{int(m['year'] or m['py']):04d}-Q{q}"
    head = m.group(0).lower()
    yrel = m["yrel"] or next((w for w in ("this", "last", "next") if head.startswith(w + " year's")), None)
    if yrel:
        if c.anchor is None:
            return "DATE", f"XXXX-Q{q}"
        return "DATE", f"{c.anchor.year + RELATIVE_SHIFTS[yrel.lower()]:04d}-Q{q}"
    if c.anchor is None:
        return "DATE", f"XXXX-Q{q}"
    aq = (c.anchor.month - 1) // 3 + 1
    year_n = c.anchor.year
    tense = c.tense()
    if q > aq and tense == "past":
        year_n -= 1
    return "DATE", f"{year_n:04d}-Q{q}"


def quarter_code(m: re.Match[str], c: Context) -> Result:
    """'Q3', '3Q 2012', "Q1 '13"."""
    q = int(m["q"] or m["q2"])
    if not 1 <= q <= 4:
        return None
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-Q{q}"
    if m["y2"]:
        return "DATE", f"{year_from_two(m['y2'], c.anchor):04d}-Q{q}"
    if c.anchor is None:
        return "DATE", f"XXXX-Q{q}"
    aq = (c.anchor.month - 1) // 3 + 1
    year_n = c.anchor.year - (1 if q > aq and c.tense() == "past" else 0)
    return "DATE", f"{year_n:04d}-Q{q}"


def half_year(m: re.Match[str], c: Context) -> Result:
    """'the first half of 2012', 'the second half of the year' → "2012-H1"."""
    h = 1 if m["h"].lower() in ("first", "1st") else 2
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-H{h}"
    if c.anchor is None:
        return "DATE", f"XXXX-H{h}"
    year_n = c.anchor.year
    if m["yrel"]:
        year_n += RELATIVE_SHIFTS[m["yrel"].lower()]
    elif h == 2 and c.anchor.month <= 6 and c.tense() == "past":
        year_n -= 1
    return "DATE", f"{year_n:04d}-H{h}"


def the_quarter(m: re.Match[str], c: Context) -> Result:
    """'the quarter', 'the latest quarter', 'the year-ago quarter': reported quarters lie behind the anchor."""
    word = (m["adj"] or "").lower()
    if c.anchor is None:
        return "DATE", "XXXX-QX"
    n = _QUARTER_SHIFTS.get(word, 0) if word else -1 if c.tense() == "past" else 0
    value = shift(c.anchor, "quarter", n)
    if word in _YEAR_AGO_WORDS and value:
        return "DATE", f"{QUARTER_CONTEXT_MARK}1:{int(value[:4]) - 1:04d}{value[4:]}"
    if not word and m.group(0)[:3].lower() == "the" and value:
        return "DATE", f"{QUARTER_CONTEXT_MARK}0:{value}"  # anaphoric: the quarter named just before, if any
    return ("DATE", value) if value else None


def reported_period(m: re.Match[str], c: Context) -> Result:
    """'the latest period', 'the year-ago period': the quarter under discussion (or a year before)."""
    words = m.group(0).lower()
    back = 1 if re.search(r"year-ago|year-earlier|comparable|corresponding|year\s+ago|year\s+earlier", words) else 0
    if c.anchor is None:
        return "DATE", f"{QUARTER_CONTEXT_MARK}{back}:"
    # with no quarter named before, the latest reported period is the last quarter that has ended
    last = shift(c.anchor, "quarter", -1) or ""
    fallback = f"{int(last[:4]) - back:04d}{last[4:]}" if last else ""
    return "DATE", f"{QUARTER_CONTEXT_MARK}{back}:{fallback}"


def year_quarter(m: re.Match[str], c: Context) -> Result:
    """'the 1988 quarter', "last year's period", 'the quarter a year ago': the quarter under discussion
    in another year (the year alone when no quarter was named before)."""
    if m["year"]:
        year_n = int(m["year"])
    elif m["yrel"]:
        if c.anchor is None:
            return "DATE", "XXXX-QX"
        year_n = c.anchor.year + RELATIVE_SHIFTS[m["yrel"].lower()]
    else:
        if c.anchor is None:
            return "DATE", "XXXX-QX"
        prev = shift(c.anchor, "quarter", -1) or "XXXX-QX"
        return "DATE", f"{QUARTER_CONTEXT_MARK}1:{int(prev[:4]) - 1:04d}{prev[4:]}"
    return "DATE", f"{QUARTER_YEAR_MARK}{year_n:04d}"


def year_ended(m: re.Match[str], c: Context) -> Result:
    """'the year ended March 31': a reporting period of one year fixed by its end date (a DURATION,
    like 'the six months ended Oct. 1'); the end date is a time expression of its own."""
    return "DURATION", "P1Y"


def fiscal_year_relative(m: re.Match[str], c: Context) -> Result:
    """'the current fiscal year', 'the fiscal year' → the anchor's year (shifted by the adjective).

    'the fiscal year ended Jan. 31' is left to :func:`year_ended` (a one-year period).
    """
    if re.match(r"\s+(?:ended|ending)\s", c.after(10), re.IGNORECASE):
        return None
    if re.match(r"\s+of\s", c.after(5), re.IGNORECASE) and (m["adj"] or "").lower() in _BEFORE_OF:
        return None  # "the last year of his term" is not counted from the anchor
    if c.anchor is None:
        return "DATE", "XXXX"
    n = RELATIVE_SHIFTS.get(relative((m["adj"] or "").lower()) or "", 0)
    return "DATE", f"{c.anchor.year + n:04d}"


def anaphoric_period(m: re.Match[str], c: Context) -> Result:
    """'the next day', 'the following week', 'the previous day', 'that day': marks for the ordered pass."""
    word = re.sub(r"\s+", " ", (m["rel"] or m["rel2"]).lower())
    unit = unit_key(m["unit"] or m["unit2"])
    n = _ANAPHORIC_SHIFTS.get(word)
    if n is None and m["rel2"]:
        n = 0  # "earlier in the year": the year under discussion ("late in the day" is an idiom)
    if n is None:
        return None
    return "DATE", f"{REF_MARK}{unit}:{n}"


def year_word(m: re.Match[str], c: Context) -> Result:
    """year-end, year-ago, year-earlier, mid-year as stand-alone dates."""
    word = m["word"].lower().replace(" ", "-")
    if c.anchor is None:
        return "DATE", "XXXX"
    if word in ("year-ago", "year-earlier"):
        nxt = c.after(20).lower()
        if re.match(r"\s+(?:quarter|period)", nxt):
            return None
        return "DATE", f"{YEAR_AGO_MARK}{c.anchor.year - 1:04d}"
    if word in ("year-end", "year's-end", "the-end-of-the-year", "end-of-year"):
        return "DATE", f"{c.anchor.year:04d}"
    return None
