"""Placing a relative expression in time: which Tuesday, which March, which Christmas.

An expression that names part of a date ("Tuesday", "March 5", "last spring", "Easter") is placed
relative to the anchor (the publication date), oriented by a relation word ("last", "next", "this")
when there is one and by the tense of the clause otherwise: a past clause looks back, a future one
forward, and with no tense the nearest occurrence wins.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from newsfuse import lexicon
from newsfuse.timex import shift, underspecified, unit_key, valid_day, ymd

__all__ = [
    "ago_value", "holiday_date", "resolve_day_year", "resolve_month_year", "resolve_season", "resolve_weekday",
    "year_from_two",
]

_SEASON_ORDER: Final = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
_FIXED_HOLIDAYS: Final = {name: (int(m), int(d)) for name, (m, d) in lexicon.value("time", "holidays_fixed").items()}
_WEEKDAY_HOLIDAYS: Final = {
    name: (int(m), int(wd), int(n), int(after))
    for name, (m, wd, n, after) in lexicon.value("time", "holidays_weekday").items()
}
_EASTER_HOLIDAYS: Final = {name: int(days) for name, days in lexicon.numbers("time", "holidays_easter").items()}


def resolve_weekday(anchor: dt.date, wd: int, tense: str | None, rel: str | None = None) -> dt.date:
    """A weekday relative to the anchor: past → on/before it, future → on/after it. The anchor's own weekday
    is the anchor's day in either tense: news names today by its weekday ("will be arraigned Thursday" in
    Thursday's paper); a week ahead is "next Thursday" or a date."""
    diff_back = (anchor.isoweekday() - wd) % 7
    diff_fwd = (wd - anchor.isoweekday()) % 7
    if rel == "last":
        return anchor - dt.timedelta(days=diff_back or 7)
    if rel == "next":
        return anchor + dt.timedelta(days=diff_fwd or 7)
    if rel == "this":
        monday = anchor - dt.timedelta(days=anchor.isoweekday() - 1)
        return monday + dt.timedelta(days=wd - 1)
    if tense == "future":
        return anchor + dt.timedelta(days=diff_fwd)
    if tense == "present":
        return anchor + dt.timedelta(days=diff_fwd) if diff_fwd <= 1 else anchor - dt.timedelta(days=diff_back)
    return anchor - dt.timedelta(days=diff_back)


def _pick_year(deltas: dict[int, int], tense: str | None, slack: int) -> int:
    """Choose among candidate years by their distance to the anchor (in days or months).

    The nearest occurrence wins, except that a past-tense clause rules out occurrences more than
    ``slack`` after the anchor and a future-tense clause those more than ``slack`` before it.
    """
    allowed = {
        y: d for y, d in deltas.items()
        if not (tense == "past" and d > slack) and not (tense == "future" and d < -slack)
    }
    pool = allowed or deltas
    return min(pool, key=lambda y: (abs(pool[y]), -y))


def resolve_month_year(anchor: dt.date, month: int, tense: str | None, rel: str | None = None) -> int:
    """The year of a month named without one."""
    y = anchor.year
    if rel == "last":
        return y if month < anchor.month else y - 1
    if rel == "next":
        return y if month > anchor.month else y + 1
    if rel == "this":
        return y
    base = month - anchor.month
    return _pick_year({y - 1: base - 12, y: base, y + 1: base + 12}, tense, 2)


def resolve_day_year(anchor: dt.date, month: int, day: int, tense: str | None) -> int:
    """The year of a month and day named without one."""
    y = anchor.year
    deltas = {
        cand: (dt.date(cand, month, day) - anchor).days
        for cand in (y - 1, y, y + 1) if valid_day(cand, month, day)
    }
    if not deltas:
        return y
    return _pick_year(deltas, tense, 62)


def _anchor_season(anchor: dt.date) -> tuple[int, str]:
    """The season of the anchor, with the year it is written with (a winter takes the year it starts in)."""
    m = anchor.month
    if m in (12,):
        return anchor.year, "WI"
    if m in (1, 2):
        return anchor.year - 1, "WI"
    if m <= 5:
        return anchor.year, "SP"
    if m <= 8:
        return anchor.year, "SU"
    return anchor.year, "FA"


def resolve_season(anchor: dt.date, code: str, tense: str | None, rel: str | None) -> str:
    """The TIMEX3 value of a season named without a year ("last spring" → "2012-SP")."""
    ay, acode = _anchor_season(anchor)
    cur, tgt = _SEASON_ORDER[acode], _SEASON_ORDER[code]
    if rel == "this":
        year = ay if code == "WI" and acode == "WI" else anchor.year
        return f"{year:04d}-{code}"
    if rel == "last" or (rel is None and tense == "past"):
        year = ay if tgt < cur or (rel is None and tgt == cur) else ay - 1
        return f"{year:04d}-{code}"
    if rel == "next" or (rel is None and tense == "future"):
        year = ay if tgt > cur or (rel is None and tgt == cur) else ay + 1
        return f"{year:04d}-{code}"
    return f"{(ay if acode == 'WI' and code == 'WI' else anchor.year):04d}-{code}"


def year_from_two(two: str, anchor: dt.date | None) -> int:
    """A two-digit year ("'98") in the century that puts it at most 20 years after the anchor."""
    yy = int(two)
    base = anchor.year if anchor else 2000
    cent = base // 100 * 100
    year = cent + yy
    if year > base + 20:
        year -= 100
    return year


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, cc = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = cc // 4, cc % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * mm + 114) // 31
    day = (h + l_ - 7 * mm + 114) % 31 + 1
    return dt.date(year, month, day)


def _nth_weekday(year: int, month: int, wd: int, n: int) -> dt.date:
    """The n-th (n=-1: last) ISO weekday ``wd`` of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.isoweekday() - wd) % 7)


def holiday_date(name: str, year: int) -> dt.date | None:
    """The day of a named holiday in a year (see the holiday tables of lexicon/time.toml)."""
    n = re.sub(r"[\s'’]+", " ", name.lower()).strip()
    n = n.replace(" s ", "s ").replace(" day", "").replace(" eve", "-eve").strip()
    if n in _FIXED_HOLIDAYS:
        mo, d = _FIXED_HOLIDAYS[n]
        return dt.date(year, mo, d)
    if n in _WEEKDAY_HOLIDAYS:
        mo, wd, nth, after = _WEEKDAY_HOLIDAYS[n]
        return _nth_weekday(year, mo, wd, nth) + dt.timedelta(days=after)
    if n in _EASTER_HOLIDAYS:
        return _easter(year) + dt.timedelta(days=_EASTER_HOLIDAYS[n])
    return None


def ago_value(amount: float | None, unit: str, sign: int, anchor: dt.date | None) -> str:
    """'two years ago' → the anchor moved back two years, at year granularity."""
    if amount is None:
        return "PAST_REF" if sign < 0 else "FUTURE_REF"
    if anchor is None:
        return underspecified(unit)
    key = unit_key(unit)
    if not float(amount).is_integer():
        if key == "year":
            amount, unit, key = amount * 12, "month", "month"
        elif key == "month":
            amount, unit, key = amount * 30, "day", "day"
        else:
            amount = float(round(amount))
    if key in ("hour", "minute", "second"):
        return ymd(anchor)
    return shift(anchor, unit, sign * int(amount)) or underspecified(unit)
