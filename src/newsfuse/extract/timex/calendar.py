"""Handlers of the calendar's names: written dates, months, years, decades, centuries, seasons, weekdays,
days relative to today, and holidays.

Each handler takes a rule's match and the ``Context`` and returns a TIMEX3 (type, value), or ``None``
when the words turn out not to be a time expression ("may" the modal, "2000 people"). Which rule
calls which handler is in ``rules``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from newsfuse import lexicon
from newsfuse.extract.timex.anchoring import (
    holiday_date,
    resolve_day_year,
    resolve_month_year,
    resolve_season,
    resolve_weekday,
    year_from_two,
)
from newsfuse.extract.timex.context import Context, Result
from newsfuse.extract.timex.words import (
    AMBIGUOUS_SEASONS,
    DECADE_WORDS,
    MONTH_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    RELATIVE_SHIFTS,
    SEASONS,
    ambiguous_month,
    month_of,
    relative,
    spoken_year,
    weekday_of,
)
from newsfuse.timex import iso_week, valid_day, ym, ymd
from newsfuse.types import TimexType

__all__ = [
    "century", "day_month", "decade", "deictic_day", "fiscal_year", "holiday", "iso_date", "month", "month_day",
    "month_year", "numeric_date", "part_of_day", "relative_century", "season", "spoken_year_date", "weekday",
    "year",
]

_DEICTIC_DAYS = {w: int(n) for w, n in lexicon.numbers("time", "deictic_days").items()}


def iso_date(m: re.Match[str], c: Context) -> Result:
    """'2013-03-22', '2013-03-22 14:00'."""
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not valid_day(y, mo, d):
        return None
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["H"]:
        value += f"T{int(m['H']):02d}:{m['M']}"
        return "TIME", value
    return "DATE", value


def numeric_date(m: re.Match[str], c: Context) -> Result:
    """'3/22/2013', '22/3/13': month first unless the first number cannot be a month."""
    a, b, ys = int(m["a"]), int(m["b"]), m["y"]
    y = int(ys) if len(ys) == 4 else year_from_two(ys, c.anchor)
    if a > 12 and b <= 12:
        a, b = b, a
    if not valid_day(y, a, b) or not 1800 <= y <= 2100:
        return None
    return "DATE", f"{y:04d}-{a:02d}-{b:02d}"


def month_day(m: re.Match[str], c: Context) -> Result:
    """'March 22', 'Friday, March 22, 2013', "March 22 '13": the year from the anchor when not written."""
    mon_word = m["mon"]
    if ambiguous_month(mon_word):
        return None
    month_n = month_of(mon_word)
    day = int(re.sub(r"[a-z]", "", m["day"].lower()))
    if month_n is None or not 1 <= day <= 31:
        return None
    if m["year"]:
        year_n = int(m["year"])
        if not valid_day(year_n, month_n, day):
            return None
        return "DATE", f"{year_n:04d}-{month_n:02d}-{day:02d}"
    if m.groupdict().get("y2"):
        year_n = year_from_two(m["y2"], c.anchor)
        return ("DATE", f"{year_n:04d}-{month_n:02d}-{day:02d}") if valid_day(year_n, month_n, day) else None
    if not valid_day(2000, month_n, day):
        return None
    if c.anchor is None:
        return "DATE", f"XXXX-{month_n:02d}-{day:02d}"
    wd = m.groupdict().get("wd")
    year_n = resolve_day_year(c.anchor, month_n, day, c.tense())
    if wd and weekday_of(wd):
        # a weekday given with the date decides the year when the anchor leaves it open
        for cand in (year_n, year_n - 1, year_n + 1):
            if valid_day(cand, month_n, day) and dt.date(cand, month_n, day).isoweekday() == weekday_of(wd):
                year_n = cand
                break
    return "DATE", f"{year_n:04d}-{month_n:02d}-{day:02d}"


def day_month(m: re.Match[str], c: Context) -> Result:
    """'22 March 2013', 'the 22nd of March': as :func:`month_day`."""
    return month_day(m, c)


def month_year(m: re.Match[str], c: Context) -> Result:
    """'March 2013', "March '13", 'March of nineteen ninety-six'."""
    if ambiguous_month(m["mon"]):
        return None
    month_n = month_of(m["mon"])
    if month_n is None:
        return None
    if m["sy"]:
        year_n = spoken_year(m["sy"])
        if year_n is None:
            return None
    else:
        year_n = int(m["year"]) if m["year"] else year_from_two(m["y2"], c.anchor)
    return "DATE", ym(year_n, month_n)


def month(m: re.Match[str], c: Context) -> Result:
    """'March', 'last March', 'March next year': the year from the relation word, else from the tense."""
    word = m["mon"]
    rel = (m["rel"] or "").lower() or None
    prev = c.before(12).lower()
    if word.lower() in MONTH_WORDS or word.endswith("."):
        # modal "may" / verb "march": need a capital and a cue that a month is meant
        if not word[:1].isupper():
            return None
        if word.lower() in MONTH_WORDS and not (
            rel or m["yrel"] or re.search(
                r"(?:\b(?:in|since|until|till|by|of|during|through|from|to|early|late|mid|before|"
                r"after|last|next|this|each|every|between|and)\s*-?|-)\s*$", prev)
        ):
            return None
    month_n = month_of(word)
    if month_n is None:
        return None
    if m["yrel"]:
        if c.anchor is None:
            return "DATE", f"XXXX-{month_n:02d}"
        return "DATE", ym(c.anchor.year + RELATIVE_SHIFTS[m["yrel"].lower()], month_n)
    if c.anchor is None:
        return "DATE", f"XXXX-{month_n:02d}"
    if rel is not None:
        rel = relative(rel) or rel
    year_n = resolve_month_year(c.anchor, month_n, None if rel else c.tense(), rel)
    return "DATE", ym(year_n, month_n)


def year(m: re.Match[str], c: Context) -> Result:
    """'2013', 'the year 2013', unless the number is an amount ("$1990", "2000 people", "2013.5")."""
    year_n = int(m["year"])
    prev = c.before(3)
    nxt = c.after(8)
    if re.search(r"[$€£#]\s*$|[0-9][,.]?\s*$", prev) or re.match(r"\s*(?:%|percent|[,.][0-9]|-[0-9]|:[0-9])", nxt):
        return None
    if year_n < 1900 or year_n > 2099:
        if not re.search(r"\b(?:in|since|by|of|from|until|to|before|after|during|year|around|about)\s+$",
                         c.before(14), re.IGNORECASE):
            return None
    # "2000 people": a following plural noun makes it a count
    if re.match(r"\s+(?:[a-z]+s|people|men|women|children|feet|troops|police)\b", c.after(20)) and not re.match(
        r"\s+(?:was|is|has|as|its|levels?|games|elections|olympics|results|figures|earnings|sales)\b",
        c.after(20)):
        return None
    return "DATE", f"{year_n:04d}"


def spoken_year_date(m: re.Match[str], c: Context) -> Result:
    """'nineteen ninety-six', 'the year two thousand'."""
    year_n = spoken_year(m["sy"] or m["sy2"] or "")
    return ("DATE", f"{year_n:04d}") if year_n else None


def fiscal_year(m: re.Match[str], c: Context) -> Result:
    """'fiscal 2013', 'FY13', 'model year 2014': the year itself."""
    ys = m["year"]
    year_n = int(ys) if len(ys) == 4 else year_from_two(ys, c.anchor)
    return "DATE", f"{year_n:04d}"


def decade(m: re.Match[str], c: Context) -> Result:
    """'the 1990s', "the '80s", 'the nineties' → the decade as its first three digits ("199").

    TIMEX3 (TimeML 1.2.1) writes a decade by truncating the year to three digits; HeidelTime's
    English rules (date_r13/r14) do the same.
    """
    if m["dec4"]:
        return "DATE", m["dec4"][:3]
    if m["dec2"]:
        two = int(m["dec2"])
        cent = 20 if two <= ((c.anchor.year % 100) if c.anchor else 20) and two < 30 else 19
        return "DATE", f"{cent}{two // 10}"
    tens = DECADE_WORDS.get((m["decw"] or "").lower())
    if tens is None:
        return None
    return "DATE", f"19{tens}"


def century(m: re.Match[str], c: Context) -> Result:
    """'the 19th century', 'the twenty-first century' → "18", "20" (the first two digits of its years)."""
    raw = m["cent"].lower()
    n = ORDINALS.get(raw)
    if n is None:
        digits = re.sub(r"[^0-9]", "", raw)
        if not digits:
            return None
        n = int(digits)
    if not 1 <= n <= 30:
        return None
    return "DATE", f"{n - 1:02d}"


def relative_century(m: re.Match[str], c: Context) -> Result:
    """'this century', 'the last century'."""
    if c.anchor is None:
        return "DATE", "XX"
    return "DATE", f"{c.anchor.year // 100 + RELATIVE_SHIFTS[relative(m['rel'].lower()) or '']:02d}"


# after a capitalised season word, what makes it part of a name: a capitalised word or a place noun
_NAME_GOES_ON: Final = re.compile(
    r"\s+(?:[A-Z]|(?:area|neighbou?rhood|community|district|section|township|town|city)\b)")


def season(m: re.Match[str], c: Context) -> Result:
    """'spring 2013', 'last summer', 'in the fall': "2013-SP"; a bare 'fall' or 'spring' needs a cue."""
    code = SEASONS[m["season"].lower()]
    det = (m["det"] or "").lower().strip()
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-{code}"
    if m["y2"]:
        return "DATE", f"{year_from_two(m['y2'], c.anchor):04d}-{code}"
    if m["sy"] and spoken_year(m["sy"]):
        return "DATE", f"{spoken_year(m['sy']):04d}-{code}"
    if m["season"].lower() in AMBIGUOUS_SEASONS and not det and not m["season"][:1].isupper():
        return None
    if m["season"][:1].isupper() and _NAME_GOES_ON.match(c.after(20)):
        return None  # a name: "the Spring area", "Fall River", "Summer Street"
    if not det:
        prev = c.before(14).lower()
        if not re.search(r"\b(?:in|during|by|until|since|this|last|next|through|early|late|mid|each|every)\s*-?\s*$",
                         prev):
            return None
    det = re.sub(r"\s+", " ", det)
    # after "the" ("the past summer") the tense of the clause decides, as with no determiner
    rel = None if det.split(" ")[0] == "the" else relative(det)
    if c.anchor is None:
        return "DATE", f"XXXX-{code}"
    return "DATE", resolve_season(c.anchor, code, None if rel else c.tense(), rel)


def weekday(m: re.Match[str], c: Context) -> Result:
    """'Friday', 'last Tuesday', 'Friday night': the day from the relation word, else from the tense."""
    word = m["wd"]
    if word.endswith(".") and not word[:1].isupper():
        return None
    if (word.lower().startswith("sun.") or word.lower().startswith("sat.")) and not word[:1].isupper():
        return None
    wd = weekday_of(word)
    if wd is None:
        return None
    rel = (m["rel"] or "").lower() or None
    if rel is not None:
        rel = relative(rel) or rel
    tod = (m["tod"] or "").lower()
    suffix = ""
    typ: TimexType = "DATE"
    if tod:
        suffix = "T" + PARTS_OF_DAY.get(tod, "DT")
        typ = "TIME"
    if c.anchor is None:
        return typ, f"XXXX-WXX-{wd}{suffix}"
    day = resolve_weekday(c.anchor, wd, None if rel else c.tense(), rel)
    return typ, ymd(day) + suffix


def deictic_day(m: re.Match[str], c: Context) -> Result:
    """'today', 'yesterday morning', 'tonight', 'the day after tomorrow'."""
    word = re.sub(r"\s+", " ", m["word"].lower())
    offset = _DEICTIC_DAYS.get(word)
    if offset is None:
        return None
    tod = (m["tod"] or "").lower()
    suffix = ""
    typ: TimexType = "DATE"
    if word == "tonight":
        suffix, typ = "TNI", "TIME"
    elif tod:
        suffix, typ = "T" + PARTS_OF_DAY.get(tod, "DT"), "TIME"
    if c.anchor is None:
        return typ, "XXXX-XX-XX" + suffix
    return typ, ymd(c.anchor + dt.timedelta(days=offset)) + suffix


def part_of_day(m: re.Match[str], c: Context) -> Result:
    """'this morning', 'last night' (the evening before the anchor)."""
    rel = m["rel"].lower()
    tod = m["tod"].lower()
    offset = -1 if rel == "last" and tod in ("night", "evening") else 0
    if rel == "last" and tod in ("morning", "afternoon"):
        return None  # "last morning" of a trip — not anchor-relative
    suffix = "T" + PARTS_OF_DAY.get(tod, "DT")
    if c.anchor is None:
        return "TIME", "XXXX-XX-XX" + suffix
    return "TIME", ymd(c.anchor + dt.timedelta(days=offset)) + suffix


HOLIDAY_NEAR_DAYS: Final = 7


def holiday(m: re.Match[str], c: Context) -> Result:
    """A named holiday ("Christmas", "Labor Day", "Easter 1998"); "Easter week" → the ISO week of the day."""
    name = m["hol"]
    fmt = iso_week if m["wk"] else ymd
    if m["year"]:
        d = holiday_date(name, int(m["year"]))
        return ("DATE", fmt(d)) if d else None
    if c.anchor is None:
        d = holiday_date(name, 2001)
        if d is None:
            return None
        return "DATE", "XXXX-WXX" if m["wk"] else f"XXXX-{d.month:02d}-{d.day:02d}"
    rel = (m["rel"] or "").lower()
    tense = c.tense()
    year_n = c.anchor.year
    this = holiday_date(name, year_n)
    if this is None:
        return None
    if not rel and abs((this - c.anchor).days) <= HOLIDAY_NEAR_DAYS:
        pass  # the holiday (or its week) is days away or just past, whatever the tense: "a Halloween party
        # overnight" in the paper of October 30 is this year's, not last year's
    elif rel == "last" or (not rel and tense == "past"):
        if this > c.anchor:
            year_n -= 1
    elif rel == "next" or (not rel and tense == "future"):
        if this < c.anchor:
            year_n += 1
    else:
        delta = (this - c.anchor).days
        year_n += -1 if delta > 183 else (1 if delta < -183 else 0)
    d = holiday_date(name, year_n)
    return ("DATE", fmt(d)) if d else None
