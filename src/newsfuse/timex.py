"""TIMEX3 values: building them from dates and units, and reading them back.

A leaf module (it reads only the lexicon), so that the stages after extraction (claims, timelines,
clustering features) can turn a TIMEX3 value into the form they need without importing the
extractor (``newsfuse.extract.timex``) and its rules. Values follow TimeML/TIMEX3 conventions:
``2013-03-22``, ``2013-03``, ``2013-W11``, ``2013-W11-WE``, ``2013-Q1``, ``2013`` and ``201`` (a
decade), ``20`` (a century), durations ``P2Y6M``/``PT2H``/``PXY``, underspecified ``XXXX-XX-XX``.

Building: ``ymd``, ``ym``, ``iso_week``, ``shift`` (a date moved by a number of units, written at
that unit's granularity), ``underspecified`` (the value of that granularity with no anchor) and
``duration`` (an amount of a unit). Reading: ``event_date`` (a timeline date) and ``duration_years``
(a length in years).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final, NamedTuple

from newsfuse import lexicon

__all__ = [
    "UNITS", "Unit", "add_months", "duration", "duration_years", "event_date", "format_amount", "iso_week",
    "shift", "underspecified", "unit_key", "valid_day", "ym", "ymd",
]


class Unit(NamedTuple):
    """How a unit of time is written in a TIMEX3 duration (see ``units`` in lexicon/time.toml)."""

    designator: str  # "Y", "M", "W", "D", "H", "S", "Q", "WE"
    time: bool  # written after the "T" (hours, minutes, seconds)
    size: int  # how many designators one unit is: a decade is 10 Y


UNITS: Final[dict[str, Unit]] = {
    word: Unit(str(u["designator"]), bool(u["time"]), int(u["size"]))
    for word, u in lexicon.value("time", "units").items()
}
_PLURALS: Final = lexicon.mapping("time", "unit_plurals")

# how a fractional amount of a unit is carried into the next smaller one: (designator, time part) ->
# (smaller designator, time part, how many of it make one) — "1.5 years" is P1Y6M, "2.5 hours" PT2H30M
_SMALLER: Final = {("Y", False): ("M", False, 12), ("M", False): ("D", False, 30), ("W", False): ("D", False, 7),
                   ("D", False): ("H", True, 24), ("Q", False): ("M", False, 3),
                   ("H", True): ("M", True, 60), ("M", True): ("S", True, 60)}

# the value of an anchor-relative expression whose anchor is unknown, by the unit it counts in
_UNDERSPECIFIED: Final = {
    "day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
    "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX",
}


def unit_key(word: str) -> str:
    """A unit word as the singular key of ``UNITS`` ("Years" -> "year", "centuries" -> "century").

    Words that are no unit come back lower-cased, without a final full stop.
    """
    w = word.lower().rstrip(".")
    if w in _PLURALS:
        return _PLURALS[w]
    if w.endswith("s") and w[:-1] in UNITS:
        return w[:-1]
    return w


def format_amount(v: float) -> str:
    """An amount as a duration writes it: whole numbers without a point, others with at most two decimals."""
    return str(int(v)) if float(v).is_integer() else f"{v:.2f}".rstrip("0").rstrip(".")


def duration(amount: float | None, unit: str) -> str:
    """TIMEX3 duration for ``amount`` of ``unit`` ("P2Y", "PT30M", "P1Y6M"); an unknown amount is "X" ("PXY")."""
    key = unit_key(unit)
    des, timepart, mult = UNITS.get(key, Unit("X", False, 1))
    if des == "WE":
        des, mult = "D", 2
    if amount is None:
        if key == "decade":
            return "PXDE"
        if key == "century":
            return "PXCE"
        return f"PTX{des}" if timepart else f"PX{des}"
    v = amount * mult
    whole = int(v)
    frac = v - whole
    parts: list[tuple[str, bool, float]] = []
    if whole:
        parts.append((des, timepart, whole))
    if frac > 1e-9:
        if (des, timepart) in _SMALLER:
            sdes, stime, smult = _SMALLER[(des, timepart)]
            parts.append((sdes, stime, round(frac * smult, 2)))
        else:
            parts.append((des, timepart, round(frac, 2)))
    if not parts:
        parts.append((des, timepart, 0))
    date_s = "".join(f"{format_amount(n)}{d}" for d, t, n in parts if not t)
    time_s = "".join(f"{format_amount(n)}{d}" for d, t, n in parts if t)
    return "P" + date_s + (("T" + time_s) if time_s else "")


def ymd(d: dt.date) -> str:
    """A day: "2013-03-22"."""
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def ym(year: int, month: int) -> str:
    """A month: "2013-03"."""
    return f"{year:04d}-{month:02d}"


def iso_week(d: dt.date) -> str:
    """The ISO week of a day: "2013-W12"."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """The (year, month) ``n`` months after (before, if negative) the given one."""
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def valid_day(year: int, month: int, day: int) -> bool:
    """Whether the calendar has this day (no February 30)."""
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def shift(anchor: dt.date, unit: str, n: int) -> str | None:
    """The anchor moved by ``n`` units, at the unit's granularity ("last month" is shift(anchor, "month", -1)).

    Hours, minutes and seconds keep the anchor's day; ``None`` for a word that is no unit.
    """
    key = unit_key(unit)
    if key == "day":
        return ymd(anchor + dt.timedelta(days=n))
    if key in ("week", "fortnight"):
        return iso_week(anchor + dt.timedelta(weeks=n * (2 if key == "fortnight" else 1)))
    if key == "weekend":
        return iso_week(anchor + dt.timedelta(weeks=n)) + "-WE"
    if key == "month":
        return ym(*add_months(anchor.year, anchor.month, n))
    if key == "quarter":
        q = (anchor.month - 1) // 3 + n
        return f"{anchor.year + q // 4:04d}-Q{q % 4 + 1}"
    if key in ("year", "yr"):
        return f"{anchor.year + n:04d}"
    if key == "decade":
        return f"{(anchor.year + 10 * n) // 10:03d}"
    if key == "century":
        return f"{(anchor.year + 100 * n) // 100:02d}"
    if key in ("hour", "minute", "second"):
        return ymd(anchor)
    return None


def underspecified(unit: str) -> str:
    """The value of an anchor-relative expression at this unit's granularity when there is no anchor."""
    return _UNDERSPECIFIED.get(unit_key(unit), "XXXX-XX-XX")


# --------------------------------------------------------------------------- reading values

_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


def event_date(value: str) -> str | None:
    """A TIMEX3 value as a timeline date: "YYYY-MM-DD", "YYYY-MM", "YYYY", or ``None``.

    Times keep their day ("2013-03-22T14:00" → "2013-03-22"); a week keeps its month when all its
    days are in one ("2011-W25" → "2011-06"), else its year, as quarters, halves and seasons do;
    underspecified values ("XXXX-08"), references (PAST_REF) and durations give ``None``.
    """
    if not isinstance(value, str):
        return None
    v = value.strip()
    m = _DATE_VALUE.match(v)
    if not m:
        return None
    year, month, day = m.groups()
    rest = v[m.end():]
    if rest and not rest.startswith(("T", "-W", "-Q", "-H", "-SP", "-SU", "-FA", "-WI")):
        if day is None and month is not None and rest.startswith("-XX"):
            pass
        elif not (month and rest.startswith("-XX")):
            return None
    if month and not 1 <= int(month) <= 12:
        return None
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
        return f"{year}-{month}-{day}"
    if month:
        return f"{year}-{month}"
    week = re.match(r"-W(\d{2})(?:$|-)", rest)
    if week is not None:
        try:
            first = dt.date.fromisocalendar(int(year), int(week.group(1)), 1)
        except ValueError:
            return year
        last = first + dt.timedelta(days=6)
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.year:04d}-{first.month:02d}"
    return year


_DUR = re.compile(
    r"^P(?:(?P<Y>[0-9.]+)Y)?(?:(?P<Q>[0-9.]+)Q)?(?:(?P<Mo>[0-9.]+)M)?(?:(?P<W>[0-9.]+)W)?(?:(?P<D>[0-9.]+)D)?"
    r"(?:(?P<DE>[0-9.]+)DE)?(?:(?P<CE>[0-9.]+)CE)?(?:(?P<ML>[0-9.]+)ML)?"
    r"(?:T(?:(?P<H>[0-9.]+)H)?(?:(?P<Mi>[0-9.]+)M)?(?:(?P<S>[0-9.]+)S)?)?$"
)
_IN_YEARS: Final = {
    "Y": 1.0, "Q": 0.25, "Mo": 1 / 12, "W": 1 / 52, "D": 1 / 365.25, "DE": 10.0, "CE": 100.0,
    "ML": 1000.0, "H": 1 / (365.25 * 24), "Mi": 1 / (365.25 * 24 * 60), "S": 1 / (365.25 * 86400),
}


def duration_years(value: str) -> float | None:
    """A TIMEX3 duration in years ("P2Y6M" → 2.5, "P3W" → 3/52); ``None`` if not a known length."""
    if not isinstance(value, str) or len(value) < 3:
        return None
    m = _DUR.match(value.strip())
    if not m or not any(m.groupdict().values()):
        return None
    total = 0.0
    for key, factor in _IN_YEARS.items():
        raw = m[key]
        if raw:
            try:
                total += float(raw) * factor
            except ValueError:
                return None
    return total
