"""Time expressions in news text, normalised to TIMEX3 values.

``find_timexes`` scans text with regular expressions compiled once at import, resolves relative
expressions ("on Tuesday", "last month", "two years ago") against an anchor date (the publication
date) and the tense of the clause, and returns :class:`newsfuse.types.Timex` objects whose offsets
point into the text exactly as given. Values follow TimeML/TIMEX3 conventions: ``2013-03-22``,
``2013-03``, ``2013-W11``, ``2013``, ``199`` (a decade), ``2013-Q1``, ``2013-SU``, ``2013-03-22TAF``,
``2013-03-22T14:00``, ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, durations ``P2Y6M``/``PT2H``/``PXY``
and sets ``P1W``/``XXXX-WXX-2``. Without an anchor, relative expressions keep underspecified values
(``XXXX-XX-XX``, ``XXXX-08``).

The helpers ``event_date`` and ``duration_years``, which turn TIMEX3 values into the forms later
stages need (a timeline date, a length in years), live in ``newsfuse.timex``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from newsfuse import lexicon
from newsfuse.timex import duration_years, event_date
from newsfuse.types import Timex, TimexType

__all__ = ["find_timexes", "event_date", "duration_years", "heuristic_tense"]

TenseFn = Callable[[int], str | None]

# --------------------------------------------------------------------------- vocabulary

_MONTH_NUM: Final = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAY_NUM: Final = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
_SEASON_CODE: Final = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_ORDER: Final = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
_PART_OF_DAY: Final = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "mid-day": "MI", "daytime": "DT", "day": "DT",
}
_ORDINAL: Final = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22,
    "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
    "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": 4, "final": 4,
}
_SMALL: Final = lexicon.numbers("numbers", "ones") | lexicon.numbers("numbers", "counting_words")
_TENS: Final = lexicon.numbers("numbers", "tens")
_VAGUE_NUM: Final = frozenset(
    {"several", "few", "some", "many", "dozens", "hundreds", "thousands", "number", "couple-x"}
)
# unit word → (TIMEX3 designator, is-time-part, multiplier into that designator)
_UNIT: Final = {
    "second": ("S", True, 1), "sec": ("S", True, 1), "minute": ("M", True, 1),
    "min": ("M", True, 1), "hour": ("H", True, 1), "hr": ("H", True, 1),
    "day": ("D", False, 1), "week": ("W", False, 1), "fortnight": ("W", False, 2),
    "month": ("M", False, 1), "quarter": ("Q", False, 1), "year": ("Y", False, 1),
    "yr": ("Y", False, 1), "decade": ("Y", False, 10), "century": ("Y", False, 100),
    "millennium": ("Y", False, 1000), "weekend": ("WE", False, 1),
}
# how a fractional amount of a unit is carried into the next smaller unit
_SMALLER: Final = {("Y", False): ("M", False, 12), ("M", False): ("D", False, 30), ("W", False): ("D", False, 7),
                   ("D", False): ("H", True, 24), ("Q", False): ("M", False, 3),
                   ("H", True): ("M", True, 60), ("M", True): ("S", True, 60)}

_MONTH_RE: Final = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?\.?|july?\.?|"
    r"aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?![a-z])"
)
_MONTH_FULL_RE: Final = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sept?\.|oct\.|nov\.|dec\.)(?![a-z])"
)
_WEEKDAY_RE: Final = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon\.|tues?\.|wed\.|thur?s?\.|fri\.|sat\.|sun\.)(?![a-z])"
)
_YEAR_RE: Final = r"(?:1[5-9][0-9][0-9]|20[0-9][0-9])"
_DAY_RE: Final = r"(?:[0-3]?[0-9])(?:st|nd|rd|th)?"
_SMALLW: Final = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_TENSW: Final = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUMWORD: Final = (
    rf"(?:{_TENSW}(?:[- ]{_SMALLW})?|{_SMALLW})(?:\s+(?:hundred|thousand))?"
)
_NUM_RE: Final = (
    r"(?:[0-9]+(?:\.[0-9]+)?(?:\s+[0-9]/[0-9]{1,2}|[½¼¾])?|[0-9]*[½¼¾]|"
    rf"{_NUMWORD}(?:\s+and\s+a\s+half)?|"
    r"a\s+couple\s+of|a\s+couple|couple\s+of|several|a\s+few|few|some|many|a\s+dozen|"
    r"dozens\s+of|a\s+number\s+of|hundreds\s+of|thousands\s+of|a\s+(?:hundred|thousand)|"
    r"a|an|single)"
)
_SPOKEN_YEAR_RE: Final = (
    rf"(?:nineteen(?:[- ]hundred(?:\s+and)?)?[- ](?:{_TENSW}(?:[- ]{_SMALLW})?|ten|eleven|twelve|thirteen|"
    rf"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two[- ]thousand(?:(?:\s+and)?[- ]{_NUMWORD})?)"
)
_UNIT_RE: Final = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|weekends?|fortnights?|months?|"
    r"quarters?|years?|yrs?|decades?|century|centuries|millennium|millennia)(?![a-z])"
)
_TZ_RE: Final = r"(?:\s*\(?(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|EET|IST|JST|AEST|AEDT)\)?(?![A-Za-z]))?"
_AMPM_RE: Final = r"(?:a\.m\.?|p\.m\.?|am(?![a-z])|pm(?![a-z]))"
_TOD_WORD_RE: Final = r"(?:morning|afternoon|evening|night|overnight)"

_F = re.IGNORECASE


def _c(pattern: str) -> re.Pattern[str]:
    """Compile a rule: case-insensitive, whole words only."""
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{pattern})(?![A-Za-z0-9_])", _F)


# --------------------------------------------------------------------------- small helpers


def _num(token: str) -> float | None:
    """A number phrase as a float, or ``None`` for vague amounts ("several", "a few")."""
    t = re.sub(r"\s+", " ", token.strip().lower())
    half = 0.0
    if t.endswith(" and a half"):
        t, half = t[: -len(" and a half")], 0.5
    for frac, val in (("½", 0.5), ("¼", 0.25), ("¾", 0.75)):
        if t.endswith(frac):
            base = t[:-1].strip()
            return (float(base) if base else 0.0) + val
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(?: ([0-9])/([0-9]{1,2}))?", t)
    if m:
        v = float(m.group(1))
        if m.group(2) and int(m.group(3)):
            v += int(m.group(2)) / int(m.group(3))
        return v + half
    if t in ("a couple of", "a couple", "couple of"):
        return 2.0
    if t == "a dozen":
        return 12.0
    if t in ("a hundred",):
        return 100.0
    if t in ("a thousand",):
        return 1000.0
    first = t.split(" ")[0]
    if first in _VAGUE_NUM or t in ("a few", "a number of"):
        return None
    mult = 1
    if t.endswith(" hundred"):
        t, mult = t[: -len(" hundred")], 100
    elif t.endswith(" thousand"):
        t, mult = t[: -len(" thousand")], 1000
    total = 0
    for part in re.split(r"[- ]", t):
        if part in _SMALL:
            total += _SMALL[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return float(total * mult) + half


def _fmt_amount(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.2f}".rstrip("0").rstrip(".")


def _unit_key(word: str) -> str:
    w = word.lower().rstrip(".")
    if w in ("centuries",):
        return "century"
    if w in ("millennia",):
        return "millennium"
    if w.endswith("s") and w[:-1] in _UNIT:
        return w[:-1]
    return w


def _duration(amount: float | None, unit: str) -> str:
    """TIMEX3 duration for ``amount`` of ``unit`` ("P2Y", "PT30M", "P1Y6M", "PXY")."""
    key = _unit_key(unit)
    des, timepart, mult = _UNIT.get(key, ("X", False, 1))
    if des == "WE":
        des, mult = "D", 2
    if amount is None:
        if key == "decade":
            return "PXDE"
        if key == "century":
            return "PXCE"
        return f"PT X{des}".replace(" ", "") if timepart else f"PX{des}"
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
    date_s = "".join(f"{_fmt_amount(n)}{d}" for d, t, n in parts if not t)
    time_s = "".join(f"{_fmt_amount(n)}{d}" for d, t, n in parts if t)
    return "P" + date_s + (("T" + time_s) if time_s else "")


def _ymd(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def _shift(anchor: dt.date, unit: str, n: int) -> str | None:
    """The anchor moved by ``n`` units, at the unit's granularity."""
    key = _unit_key(unit)
    if key == "day":
        return _ymd(anchor + dt.timedelta(days=n))
    if key in ("week", "fortnight"):
        return _week(anchor + dt.timedelta(weeks=n * (2 if key == "fortnight" else 1)))
    if key == "weekend":
        return _week(anchor + dt.timedelta(weeks=n)) + "-WE"
    if key == "month":
        return _ym(*_add_months(anchor.year, anchor.month, n))
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
        return _ymd(anchor)
    return None


def _undef(unit: str) -> str:
    """The underspecified value for an anchor-relative expression of this granularity."""
    key = _unit_key(unit)
    return {
        "day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
        "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX",
    }.get(key, "XXXX-XX-XX")


def _month_of(word: str) -> int | None:
    return _MONTH_NUM.get(word.lower()[:3])


def _weekday_of(word: str) -> int | None:
    return _WEEKDAY_NUM.get(word.lower()[:3])


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _ambiguous_month(word: str) -> bool:
    """'may', 'march' (and the bare abbreviations) read as words unless capitalised."""
    w = word.strip()
    return w.lower() in ("may", "march", "mar", "jan", "jun", "jul", "aug", "sep", "sept", "oct",
                         "nov", "dec", "feb", "apr") and not w[:1].isupper()


# --------------------------------------------------------------------------- tense


_TENSE_MARK = re.compile(
    r"(?<![A-Za-z])(?:(?P<pastfut>had\s+been\s+(?:due|scheduled|set|expected|planned)\s+to)|"
    r"(?P<fut>will|shall|would|won't|wo|'ll|going\s+to|gonna|plans?\s+to|planning\s+to|planned\s+to|"
    r"scheduled|expected\s+to|set\s+to|due\s+to|intends?\s+to|aims?\s+to|upcoming|tomorrow|"
    r"next|soon|would\s+be\s+held|as\s+(?:soon|early)\s+as|(?:is|are)\s+to)|"
    r"(?P<past>said|was|were|had|did|told|went|came|took|made|gave|began|met|left|held|found|"
    r"saw|got|fell|rose|won|lost|sent|spoke|wrote|brought|thought|knew|became|struck|shot|withdrew|drew|ran|"
    r"fled|flew|led|sold|bought|paid|kept|stood|fought|caught|sought|built|spent|heard|felt|broke|chose|"
    r"drove|threw|grew|stole|swore|woke|arose|forgot|began|sank|swam|hid|bit|ate|"
    r"ago|yesterday|last|earlier|[a-z]{2,}ed)|"
    r"(?P<pres>is|are|am|says|say|has|have|does|do|tells|now|today))(?![A-Za-z])",
    _F,
)
_NOT_PAST_ED: Final = frozenset({"need", "red", "bed", "speed", "feed", "seed", "hundred", "indeed",
                                 "proceed", "succeed", "exceed", "united", "breed", "weed", "shed"})
# a sentence ends at . ! ? ; : and a line break, but not at the full stop of "a.m." / "p.m." before
# a day name ("until 9 a.m. Tuesday") nor of a title or "vs." that always precedes a name
_SENT_END = re.compile(
    r"(?:[!?;:]|(?<![aApP]\.[mM])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs|Lt))(?<!\b(?:Mrs|Gen|Gov|Sen|Rep|Col|Sgt|Maj))\.)\s|\n"
)
# a form of "be" right before an -ed word: "will be named", "has been extended", "is expected"
_PARTICIPLE_AUX = re.compile(r"(?<![A-Za-z])(?:be|been|being|is|are|am)\s+$", _F)
# a determiner (and maybe an adverb) right before an -ed word makes it an adjective: "a still unspecified date"
_ADJ_DET = re.compile(
    r"(?<![A-Za-z])(?:a|an|the|its|their|his|her|our|my|your|every|each)\s+"
    r"(?:(?:[a-z]+ly|still|very|more|most|less|much)\s+)?$",
    _F,
)


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
        prio = {"fut": 0, "past": 1, "pres": 2}[kind]
        cand = (dist, prio, kind)
        if best is None or cand < best:
            best = cand
    if best is None:
        return None
    return {"fut": "future", "past": "past", "pres": "present"}[best[2]]


# --------------------------------------------------------------------------- rule context


@dataclass(slots=True)
class _Ctx:
    """What a rule handler may consult: the text, the anchor and the tense of the clause."""

    text: str
    anchor: dt.date | None
    tense_fn: TenseFn | None
    start: int = 0
    end: int = 0

    def tense(self) -> str | None:
        """The tense that orients a relative expression.

        A tense marker next to the expression (found by :func:`heuristic_tense` in the same
        sentence) decides first: the caller's hook gives the tense of the sentence's main clause,
        which misleads in reported speech ("officials said the talks will resume Monday") and in
        relative clauses. The hook decides when no marker is found nearby.
        """
        local = heuristic_tense(self.text, self.start, self.end)
        if local is not None or self.tense_fn is None:
            return local
        try:
            t = self.tense_fn(self.start)
        except Exception:  # a caller's hook must not break extraction
            t = None
        return t if t in ("past", "present", "future") else None

    def before(self, n: int = 30) -> str:
        return self.text[max(0, self.start - n): self.start]

    def after(self, n: int = 30) -> str:
        return self.text[self.end: self.end + n]


Result = tuple[TimexType, str] | None
Handler = Callable[[re.Match[str], _Ctx], Result]


# --------------------------------------------------------------------------- resolution


def _resolve_weekday(anchor: dt.date, wd: int, tense: str | None, rel: str | None = None) -> dt.date:
    """A weekday relative to the anchor: past → on/before it, future → after it."""
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
        return anchor + dt.timedelta(days=diff_fwd or 7)
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


def _resolve_month_year(anchor: dt.date, month: int, tense: str | None, rel: str | None = None) -> int:
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


def _resolve_day_year(anchor: dt.date, month: int, day: int, tense: str | None) -> int:
    """The year of a month and day named without one."""
    y = anchor.year
    deltas = {
        cand: (dt.date(cand, month, day) - anchor).days
        for cand in (y - 1, y, y + 1) if _valid_day(cand, month, day)
    }
    if not deltas:
        return y
    return _pick_year(deltas, tense, 62)


def _anchor_season(anchor: dt.date) -> tuple[int, str]:
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


def _resolve_season(anchor: dt.date, code: str, tense: str | None, rel: str | None) -> str:
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


def _year_from_two(two: str, anchor: dt.date | None) -> int:
    yy = int(two)
    base = anchor.year if anchor else 2000
    cent = base // 100 * 100
    year = cent + yy
    if year > base + 20:
        year -= 100
    return year


# --------------------------------------------------------------------------- handlers


def _h_iso(m: re.Match[str], c: _Ctx) -> Result:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid_day(y, mo, d):
        return None
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["H"]:
        value += f"T{int(m['H']):02d}:{m['M']}"
        return "TIME", value
    return "DATE", value


def _h_numeric(m: re.Match[str], c: _Ctx) -> Result:
    a, b, ys = int(m["a"]), int(m["b"]), m["y"]
    y = int(ys) if len(ys) == 4 else _year_from_two(ys, c.anchor)
    if a > 12 and b <= 12:
        a, b = b, a
    if not _valid_day(y, a, b) or not 1800 <= y <= 2100:
        return None
    return "DATE", f"{y:04d}-{a:02d}-{b:02d}"


def _h_month_day(m: re.Match[str], c: _Ctx) -> Result:
    mon_word = m["mon"]
    if _ambiguous_month(mon_word):
        return None
    month = _month_of(mon_word)
    day = int(re.sub(r"[a-z]", "", m["day"].lower()))
    if month is None or not 1 <= day <= 31:
        return None
    if m["year"]:
        year = int(m["year"])
        if not _valid_day(year, month, day):
            return None
        return "DATE", f"{year:04d}-{month:02d}-{day:02d}"
    if m.groupdict().get("y2"):
        year = _year_from_two(m["y2"], c.anchor)
        return ("DATE", f"{year:04d}-{month:02d}-{day:02d}") if _valid_day(year, month, day) else None
    if not _valid_day(2000, month, day):
        return None
    if c.anchor is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    wd = m.groupdict().get("wd")
    year = _resolve_day_year(c.anchor, month, day, c.tense())
    if wd and _weekday_of(wd):
        # a weekday given with the date decides the year when the anchor leaves it open
        for cand in (year, year - 1, year + 1):
            if _valid_day(cand, month, day) and dt.date(cand, month, day).isoweekday() == _weekday_of(wd):
                year = cand
                break
    return "DATE", f"{year:04d}-{month:02d}-{day:02d}"


def _h_day_month(m: re.Match[str], c: _Ctx) -> Result:
    return _h_month_day(m, c)


def _h_month_year(m: re.Match[str], c: _Ctx) -> Result:
    if _ambiguous_month(m["mon"]):
        return None
    month = _month_of(m["mon"])
    if month is None:
        return None
    if m["sy"]:
        year = _spoken_year(m["sy"])
        if year is None:
            return None
    else:
        year = int(m["year"]) if m["year"] else _year_from_two(m["y2"], c.anchor)
    return "DATE", _ym(year, month)


def _h_month(m: re.Match[str], c: _Ctx) -> Result:
    word = m["mon"]
    rel = (m["rel"] or "").lower() or None
    prev = c.before(12).lower()
    if word.lower() in ("may", "march") or word.endswith("."):
        # modal "may" / verb "march": need a capital and a cue that a month is meant
        if not word[:1].isupper():
            return None
        if word.lower() in ("may", "march") and not (
            rel or m["yrel"] or re.search(
                r"(?:\b(?:in|since|until|till|by|of|during|through|from|to|early|late|mid|before|"
                r"after|last|next|this|each|every|between|and)\s*-?|-)\s*$", prev)
        ):
            return None
    month = _month_of(word)
    if month is None:
        return None
    if m["yrel"]:
        if c.anchor is None:
            return "DATE", f"XXXX-{month:02d}"
        shift = {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
        return "DATE", _ym(c.anchor.year + shift, month)
    if c.anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    if rel in ("past", "previous"):
        rel = "last"
    if rel == "coming":
        rel = "next"
    year = _resolve_month_year(c.anchor, month, None if rel else c.tense(), rel)
    return "DATE", _ym(year, month)


def _h_year(m: re.Match[str], c: _Ctx) -> Result:
    ys = m["year"]
    year = int(ys)
    prev = c.before(3)
    nxt = c.after(8)
    if re.search(r"[$€£#]\s*$|[0-9][,.]?\s*$", prev) or re.match(r"\s*(?:%|percent|[,.][0-9]|-[0-9]|:[0-9])", nxt):
        return None
    if year < 1900 or year > 2099:
        if not re.search(r"\b(?:in|since|by|of|from|until|to|before|after|during|year|around|about)\s+$",
                         c.before(14), _F):
            return None
    # "2000 people": a following plural noun makes it a count
    if re.match(r"\s+(?:[a-z]+s|people|men|women|children|feet|troops|police)\b", c.after(20)) and not re.match(
        r"\s+(?:was|is|has|as|its|levels?|games|elections|olympics|results|figures|earnings|sales)\b",
        c.after(20)):
        return None
    return "DATE", f"{year:04d}"


def _spoken_year(words: str) -> int | None:
    """'nineteen ninety-six' → 1996, 'two thousand and one' → 2001."""
    w = re.sub(r"[\s-]+", " ", words.lower()).replace(" and ", " ").strip()
    if w.startswith("nineteen "):
        rest = w[len("nineteen "):].replace("hundred ", "").strip()
        n = _num(rest)
        return 1900 + int(n) if n is not None and 10 <= n < 100 else None
    if w.startswith("two thousand"):
        rest = w[len("two thousand"):].strip()
        if not rest:
            return 2000
        n = _num(rest)
        return 2000 + int(n) if n is not None and 0 < n < 100 else None
    return None


def _h_spoken_year(m: re.Match[str], c: _Ctx) -> Result:
    year = _spoken_year(m["sy"] or m["sy2"] or "")
    return ("DATE", f"{year:04d}") if year else None


def _h_fiscal(m: re.Match[str], c: _Ctx) -> Result:
    ys = m["year"]
    year = int(ys) if len(ys) == 4 else _year_from_two(ys, c.anchor)
    return "DATE", f"{year:04d}"


def _h_decade(m: re.Match[str], c: _Ctx) -> Result:
    """'the 1990s', "the '80s", 'the nineties' → the decade as its first three digits ("199").

    TIMEX3 (TimeML 1.2.1) writes a decade by truncating the year to three digits; HeidelTime's
    English rules (date_r13/r14) do the same.
    """
    if m["dec4"]:
        return "DATE", m["dec4"][:3]
    if m["dec2"]:
        two = int(m["dec2"])
        century = 20 if two <= ((c.anchor.year % 100) if c.anchor else 20) and two < 30 else 19
        return "DATE", f"{century}{two // 10}"
    word = (m["decw"] or "").lower()
    tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
            "seventies": 7, "eighties": 8, "nineties": 9}.get(word)
    if tens is None:
        return None
    return "DATE", f"19{tens}"


def _h_century(m: re.Match[str], c: _Ctx) -> Result:
    raw = m["cent"].lower()
    n = _ORDINAL.get(raw)
    if n is None:
        digits = re.sub(r"[^0-9]", "", raw)
        if not digits:
            return None
        n = int(digits)
    if not 1 <= n <= 30:
        return None
    return "DATE", f"{n - 1:02d}"


def _h_rel_century(m: re.Match[str], c: _Ctx) -> Result:
    if c.anchor is None:
        return "DATE", "XX"
    shift = {"this": 0, "last": -1, "next": 1, "past": -1, "previous": -1}[m["rel"].lower()]
    return "DATE", f"{c.anchor.year // 100 + shift:02d}"


def _h_season(m: re.Match[str], c: _Ctx) -> Result:
    code = _SEASON_CODE[m["season"].lower()]
    det = (m["det"] or "").lower().strip()
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-{code}"
    if m["y2"]:
        return "DATE", f"{_year_from_two(m['y2'], c.anchor):04d}-{code}"
    if m["sy"] and _spoken_year(m["sy"]):
        return "DATE", f"{_spoken_year(m['sy']):04d}-{code}"
    if m["season"].lower() in ("fall", "spring") and not det and not m["season"][:1].isupper():
        return None
    if not det:
        prev = c.before(14).lower()
        if not re.search(r"\b(?:in|during|by|until|since|this|last|next|through|early|late|mid|each|every)\s*-?\s*$", prev):
            return None
    det = re.sub(r"\s+", " ", det)
    rel = {"this": "this", "last": "last", "next": "next", "past": "last", "coming": "next",
           "this past": "last", "this coming": "next"}.get(det)
    if c.anchor is None:
        return "DATE", f"XXXX-{code}"
    return "DATE", _resolve_season(c.anchor, code, None if rel else c.tense(), rel)


def _h_weekday(m: re.Match[str], c: _Ctx) -> Result:
    word = m["wd"]
    if word.endswith(".") and not word[:1].isupper():
        return None
    if word.lower().startswith("sun.") or word.lower().startswith("sat."):
        if not word[:1].isupper():
            return None
    wd = _weekday_of(word)
    if wd is None:
        return None
    rel = (m["rel"] or "").lower() or None
    rel = {"past": "last", "previous": "last", "coming": "next", "this coming": "next",
           "this past": "last"}.get(rel or "", rel)
    tod = (m["tod"] or "").lower()
    suffix = ""
    typ: TimexType = "DATE"
    if tod:
        suffix = "T" + _PART_OF_DAY.get(tod, "DT")
        typ = "TIME"
    if c.anchor is None:
        return typ, f"XXXX-WXX-{wd}{suffix}"
    day = _resolve_weekday(c.anchor, wd, None if rel else c.tense(), rel)
    return typ, _ymd(day) + suffix


def _h_deictic_day(m: re.Match[str], c: _Ctx) -> Result:
    word = m["word"].lower()
    word = re.sub(r"\s+", " ", word)
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0,
              "the day before yesterday": -2, "the day after tomorrow": 2}.get(word)
    if offset is None:
        return None
    tod = (m["tod"] or "").lower()
    suffix = ""
    typ: TimexType = "DATE"
    if word == "tonight":
        suffix, typ = "TNI", "TIME"
    elif tod:
        suffix, typ = "T" + _PART_OF_DAY.get(tod, "DT"), "TIME"
    if c.anchor is None:
        return typ, "XXXX-XX-XX" + suffix
    return typ, _ymd(c.anchor + dt.timedelta(days=offset)) + suffix


def _h_part_of_day(m: re.Match[str], c: _Ctx) -> Result:
    rel = m["rel"].lower()
    tod = m["tod"].lower()
    offset = -1 if rel == "last" and tod in ("night", "evening") else 0
    if rel == "last" and tod in ("morning", "afternoon"):
        return None  # "last morning" of a trip — not anchor-relative
    suffix = "T" + _PART_OF_DAY.get(tod, "DT")
    if c.anchor is None:
        return "TIME", "XXXX-XX-XX" + suffix
    return "TIME", _ymd(c.anchor + dt.timedelta(days=offset)) + suffix


def _h_rel_unit(m: re.Match[str], c: _Ctx) -> Result:
    """this/last/next week, month, year, quarter, weekend."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = _unit_key(m["unit"])
    if rel in ("the current", "current", "the present"):
        rel = "this"
    if rel in ("the past", "the previous", "the last", "previous"):
        rel = "last"
    if rel in ("the coming", "coming", "the next"):
        rel = "next"
    if rel == "this past":
        rel = "last"
    if rel == "this coming":
        rel = "next"
    shift = {"this": 0, "last": -1, "next": 1}.get(rel)
    if shift is None:
        return None
    if c.anchor is None:
        return "DATE", _undef(unit)
    if unit == "weekend":
        a = c.anchor
        wd = a.isoweekday()
        if shift == 0:
            tense = c.tense()
            if tense == "past" and wd < 6:
                return "DATE", _week(a - dt.timedelta(days=7)) + "-WE"
            return "DATE", _week(a) + "-WE"
        if shift == -1:
            return "DATE", _week(a - dt.timedelta(days=7)) + "-WE"
        return "DATE", _week(a + dt.timedelta(days=7 if wd >= 6 else 0)) + "-WE"
    value = _shift(c.anchor, unit, shift)
    return ("DATE", value) if value else None


def _h_the_weekend(m: re.Match[str], c: _Ctx) -> Result:
    if c.anchor is None:
        return "DATE", "XXXX-WXX-WE"
    a = c.anchor
    tense = c.tense()
    if tense == "past" and a.isoweekday() < 6:
        return "DATE", _week(a - dt.timedelta(days=7)) + "-WE"
    return "DATE", _week(a) + "-WE"


def _h_quarter(m: re.Match[str], c: _Ctx) -> Result:
    q = _ORDINAL.get(m["ord"].lower().replace(" ", "-"))
    if q is None or not 1 <= q <= 4:
        return None
    if m["year"] or m["py"]:
        return "DATE", f"{int(m['year'] or m['py']):04d}-Q{q}"
    head = m.group(0).lower()
    yrel = m["yrel"] or next((w for w in ("this", "last", "next") if head.startswith(w + " year's")), None)
    if yrel:
        if c.anchor is None:
            return "DATE", f"XXXX-Q{q}"
        shift = {"this": 0, "last": -1, "next": 1}[yrel.lower()]
        return "DATE", f"{c.anchor.year + shift:04d}-Q{q}"
    if c.anchor is None:
        return "DATE", f"XXXX-Q{q}"
    aq = (c.anchor.month - 1) // 3 + 1
    year = c.anchor.year
    tense = c.tense()
    if q > aq and tense == "past":
        year -= 1
    return "DATE", f"{year:04d}-Q{q}"


def _h_qcode(m: re.Match[str], c: _Ctx) -> Result:
    q = int(m["q"] or m["q2"])
    if not 1 <= q <= 4:
        return None
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-Q{q}"
    if m["y2"]:
        return "DATE", f"{_year_from_two(m['y2'], c.anchor):04d}-Q{q}"
    if c.anchor is None:
        return "DATE", f"XXXX-Q{q}"
    aq = (c.anchor.month - 1) // 3 + 1
    year = c.anchor.year - (1 if q > aq and c.tense() == "past" else 0)
    return "DATE", f"{year:04d}-Q{q}"


def _h_half(m: re.Match[str], c: _Ctx) -> Result:
    h = 1 if m["h"].lower() in ("first", "1st") else 2
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-H{h}"
    if c.anchor is None:
        return "DATE", f"XXXX-H{h}"
    year = c.anchor.year
    if m["yrel"]:
        year += {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
    elif h == 2 and c.anchor.month <= 6 and c.tense() == "past":
        year -= 1
    return "DATE", f"{year:04d}-H{h}"


def _h_the_quarter(m: re.Match[str], c: _Ctx) -> Result:
    word = (m["adj"] or "").lower()
    if c.anchor is None:
        return "DATE", "XXXX-QX"
    if word in ("latest", "most recent", "recent", "last", "past", "previous", "year-ago",
                "year-earlier", "comparable", "fiscal") or (not word and c.tense() == "past"):
        shift = -1
    elif word in ("next", "coming"):
        shift = 1
    else:
        shift = 0
    value = _shift(c.anchor, "quarter", shift)
    if word in ("year-ago", "year-earlier", "comparable") and value:
        return "DATE", f"QCTX:1:{int(value[:4]) - 1:04d}{value[4:]}"
    if not word and m.group(0)[:3].lower() == "the" and value:
        return "DATE", f"QCTX:0:{value}"  # anaphoric: the quarter named just before, if any
    return ("DATE", value) if value else None


def _h_period(m: re.Match[str], c: _Ctx) -> Result:
    """'the latest period', 'the year-ago period': the quarter under discussion (or a year before)."""
    words = m.group(0).lower()
    back = 1 if re.search(r"year-ago|year-earlier|comparable|corresponding|year\s+ago|year\s+earlier", words) else 0
    if c.anchor is None:
        return "DATE", f"QCTX:{back}:"
    # with no quarter named before, the latest reported period is the last quarter that has ended
    last = _shift(c.anchor, "quarter", -1) or ""
    fallback = f"{int(last[:4]) - back:04d}{last[4:]}" if last else ""
    return "DATE", f"QCTX:{back}:{fallback}"


def _h_year_quarter(m: re.Match[str], c: _Ctx) -> Result:
    """'the 1988 quarter', "last year's period", 'the quarter a year ago': the quarter under discussion
    in another year (the year alone when no quarter was named before)."""
    if m["year"]:
        year = int(m["year"])
    elif m["yrel"]:
        if c.anchor is None:
            return "DATE", "XXXX-QX"
        year = c.anchor.year + {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
    else:
        if c.anchor is None:
            return "DATE", "XXXX-QX"
        prev = _shift(c.anchor, "quarter", -1) or "XXXX-QX"
        return "DATE", f"QCTX:1:{int(prev[:4]) - 1:04d}{prev[4:]}"
    return "DATE", f"QYR:{year:04d}"


def _h_year_ended(m: re.Match[str], c: _Ctx) -> Result:
    """'the year ended March 31': a reporting period of one year fixed by its end date (a DURATION,
    like 'the six months ended Oct. 1'); the end date is a time expression of its own."""
    return "DURATION", "P1Y"


def _h_fiscal_year_rel(m: re.Match[str], c: _Ctx) -> Result:
    """'the current fiscal year', 'the fiscal year' → the anchor's year (shifted by the adjective).

    'the fiscal year ended Jan. 31' is left to :func:`_h_year_ended` (a one-year period).
    """
    if re.match(r"\s+(?:ended|ending)\s", c.after(10), _F):
        return None
    if re.match(r"\s+of\s", c.after(5), _F) and (m["adj"] or "").lower() in ("last", "next", "previous", "full"):
        return None  # "the last year of his term" is not counted from the anchor
    if c.anchor is None:
        return "DATE", "XXXX"
    word = (m["adj"] or "").lower()
    shift = {"current": 0, "this": 0, "last": -1, "next": 1, "previous": -1, "latest": 0, "full": 0}.get(word, 0)
    return "DATE", f"{c.anchor.year + shift:04d}"


def _ago_value(amount: float | None, unit: str, sign: int, anchor: dt.date | None) -> str:
    """'two years ago' → the anchor moved back two years, at year granularity."""
    if amount is None:
        return "PAST_REF" if sign < 0 else "FUTURE_REF"
    if anchor is None:
        return _undef(unit)
    key = _unit_key(unit)
    if not float(amount).is_integer():
        if key == "year":
            amount, unit, key = amount * 12, "month", "month"
        elif key == "month":
            amount, unit, key = amount * 30, "day", "day"
        else:
            amount = float(round(amount))
    if key in ("hour", "minute", "second"):
        return _ymd(anchor)
    return _shift(anchor, unit, sign * int(amount)) or _undef(unit)


_SET_CUE = re.compile(
    r"(?:[0-9%]|million|billion|trillion|percent|times|once|twice|cents?|dollars?|pounds?|euros?|"
    r"yuan|yen|rupees?|hours|shifts?|visits?|meals?|calls?)\s*$",
    _F,
)


# words that may follow "a second" meaning a length of time ("a second or two", "a second later")
_AFTER_A_SECOND = re.compile(
    r"\s+(?:or|and|to|of|in|on|for|later|earlier|ago|before|after|longer|more|less|too|per|at|when|while|"
    r"as|than|each|until|till|from|into|with|without|so|then|but)\b",
    _F,
)


def _h_duration(m: re.Match[str], c: _Ctx) -> Result:
    """'two years', 'the past six months', 'a minute and a half', '10 days ago', 'a year later'."""
    num = m["num"]
    unit = m["unit"]
    key = _unit_key(unit)
    plural = unit.lower().endswith("s") and key not in ("centuries", "millennia")
    if num is None:
        if m["ago"] or not m["dir"]:
            return None
        d = m["dir"].lower()
        if d not in ("past", "last", "next", "coming") or re.match(r"(?:his|her|its|their|our)\s", m.group(0), _F):
            return None  # "the following day", "the previous week" are dates: see _h_ref_day
        if d == "next" and key == "day":
            return None
    amount = (None if plural else 1.0) if num is None else _num(num)
    if m["half"] and amount is not None:
        amount += 0.5
    after = c.after(12).lower()
    if key == "quarter" and (re.match(r"\s*(?:of|-?century)\b", after) or (num or "").lower() in ("a", "an", "one")
                             or re.fullmatch(r"(?:1[89]|20)[0-9]{2}", num or "")):
        return None
    if re.match(r"\s*(?:-\s*)?old\b", after):
        return None  # ages are not time expressions
    if (key == "second" and not plural and (num or "").lower() in ("a", "an", "one") and not m["dir"]
            and re.match(r"\s+[a-z]", after) and not _AFTER_A_SECOND.match(after)):
        return None  # "a second term", "a second betrayal": the ordinal, not a length of time
    if (num is None and not plural and key in ("year", "month") and m["dir"].lower() in ("past", "last")
            and m.group(0).lower().startswith("the ") and not re.match(r"\s*(?:of|in|before|that|when)\b", after)):
        # "the past year", "the last month": the previous calendar unit, as TimeBank and HeidelTime
        # value them (not a length, unlike "the past two years")
        return "DATE", _undef(unit) if c.anchor is None else (_shift(c.anchor, unit, -1) or _undef(unit))
    if m["ago"]:
        word = re.sub(r"\s+", " ", m["ago"].lower())
        sign = -1 if word in ("ago", "earlier", "back") else 1
        value = _ago_value(amount, unit, sign, c.anchor)
        if sign < 0 and amount == 1.0 and key == "year" and c.anchor is not None:
            value = "YAGO:" + value  # may follow a quarter under discussion: see _resolve_refs
        return "DATE", value
    if (num or "").lower() in ("a", "an", "one", "single") and not m["dir"] and _SET_CUE.search(c.before(24)):
        return "SET", _duration(1.0, unit)
    if (num or "").lower() == "some" and key == "day":
        return None  # "some day" is vague, not a length
    return "DURATION", _duration(amount, unit)


def _h_bare_ago(m: re.Match[str], c: _Ctx) -> Result:
    """'years ago' → PAST_REF."""
    return "DATE", "PAST_REF"


def _h_hyphen_duration(m: re.Match[str], c: _Ctx) -> Result:
    """'two-year', '24-hour', 'several-year', 'decades-long' (not ages: '10-year-old')."""
    after = c.after(6).lower()
    if after.startswith("-old") or after.startswith(" old"):
        return None
    if m["num"] is None:
        if not m["long"]:
            return None
        plural = m.group(0).lower().rstrip("-long").endswith("s")
        return "DURATION", _duration(None if plural else 1.0, m["unit"])
    amount = _num(m["num"])
    return "DURATION", _duration(amount, m["unit"])


def _h_fraction_duration(m: re.Match[str], c: _Ctx) -> Result:
    """'half an hour', 'a half-hour', 'a quarter century', 'half a century'."""
    word = m["frac"].lower()
    unit = m["unit"].lower()
    if "quarter" in word:
        if unit == "century":
            return "DURATION", "P25Y"
        if unit == "hour":
            return "DURATION", "PT15M"
        return None
    return "DURATION", _duration(0.5, unit)


def _h_vague_plural(m: re.Match[str], c: _Ctx) -> Result:
    unit = m["unit"]
    prev = c.before(10).lower()
    if not re.search(r"\b(?:for|in|over|within|lasting|took|takes|spent|spend)\s+$", prev):
        return None
    return "DURATION", _duration(None, unit)


def _h_recent(m: re.Match[str], c: _Ctx) -> Result:
    unit = _unit_key(m["unit"])
    word = m["adj"].lower()
    if word in ("coming", "next few", "upcoming"):
        return "DURATION", _duration(None, unit)
    if unit in ("year", "decade", "century"):
        return "DATE", "PAST_REF"
    return "DURATION", _duration(None, unit)


_REF_WORDS: Final = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "at present": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "the recent past": "PAST_REF", "the distant past": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF", "the not-too-distant future": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
}


def _h_ref(m: re.Match[str], c: _Ctx) -> Result:
    """now / currently / current / recently / the past / the future → PRESENT_REF etc."""
    word = re.sub(r"\s+", " ", m["word"].lower())
    value = _REF_WORDS.get(word)
    if value is None:
        return None
    nxt = c.after(14).lower()
    if word == "now" and re.match(r"-(?:defunct|retired|former|closed|famous|ousted|disbanded)", nxt):
        return None
    if word == "current":
        # the adjective, and not "current account", "the current of a river", "electric current"
        if not re.match(r"\s+[a-z]", nxt) or re.match(r"\s+(?:account|of|flows?|through|and)\b", nxt):
            return None
    return "DATE", value


def _h_time(m: re.Match[str], c: _Ctx) -> Result:
    if m["word"]:
        w = m["word"].lower()
        hh, mm = (24, 0) if w == "midnight" else (12, 0)
    else:
        hh = int(m["h"])
        mm = int(m["min"] or 0)
        ampm = (m["ampm"] or "").lower()
        if m["oclock"] is None and not ampm and not m["tz"] and not m["min"]:
            return None
        if not ampm and m["min"] and "." in m.group(0)[: m.start("min") - m.start()]:
            return None  # "2.46" is a number, not a clock time
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
        if not (0 <= hh <= 24 and 0 <= mm < 60):
            return None
        if not ampm and m["min"] and not m["tz"]:
            prev = c.before(4).lower()
            if not re.search(r"\b(?:at|by|until|from|to|before|after)\s+$", c.before(8).lower()) and not prev.endswith("at "):
                return None
    tail = f"T{hh:02d}:{mm:02d}"
    if c.anchor is None:
        return "TIME", "XXXX-XX-XX" + tail
    # a clock time with no day of its own: the day under discussion (see _resolve_refs), else the anchor
    return "TIME", _CLOCK_MARK + _ymd(c.anchor) + tail


_HOUR_WORDS: Final = {w: n for w, n in _SMALL.items() if 1 <= n <= 12 and w not in ("a", "an", "single", "dozen")}
_HOUR_RE: Final = "|".join(sorted(_HOUR_WORDS, key=len, reverse=True))
_CLOCK_MINUTES: Final = {"five": 5, "ten": 10, "a quarter": 15, "quarter": 15, "twenty": 20,
                         "twenty-five": 25, "twenty five": 25, "half": 30}


def _h_spoken_time(m: re.Match[str], c: _Ctx) -> Result:
    """A clock time told in words: "ten past four in the morning", "a quarter to nine", "half past 6 p.m."."""
    part = (m["part"] or "").lower()
    if not part and not re.search(r"\b(?:at|around|about|by|until|till|before|after|since|shortly|just|it\s+was)\s+$",
                                  c.before(16).lower()):
        return None  # "from five to one" is a score, not a time
    mins = m["mins"].lower()
    minutes = int(mins.split()[0]) if mins[0].isdigit() else _CLOCK_MINUTES[re.sub(r"\s+", " ", mins)]
    hour_text = m["hour"].lower()
    hh = int(hour_text) if hour_text.isdigit() else _HOUR_WORDS[hour_text]
    if not (1 <= hh <= 12 and 0 < minutes < 60) or (m["dir"].lower() == "to" and minutes > 30):
        return None
    mm = minutes
    if m["dir"].lower() == "to":
        hh, mm = (hh - 1) or 12, 60 - minutes
    if re.match(r"p|in the (?:afternoon|evening)|at night", part) and hh < 12:
        hh += 12
    elif re.match(r"a|in the morning", part) and hh == 12:
        hh = 0
    tail = f"T{hh:02d}:{mm:02d}"
    if c.anchor is None:
        return "TIME", "XXXX-XX-XX" + tail
    return "TIME", _CLOCK_MARK + _ymd(c.anchor) + tail


def _h_set_adverb(m: re.Match[str], c: _Ctx) -> Result:
    word = m["word"].lower()
    value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
             "hourly": "PT1H", "quarterly": "P3M", "nightly": "P1D", "biweekly": "P2W",
             "biannually": "P6M", "semiannually": "P6M", "year-round": "P1Y"}.get(word)
    if value is None:
        return None
    return "SET", value


def _h_every(m: re.Match[str], c: _Ctx) -> Result:
    unit = m["unit"]
    other = m["other"]
    amount = _num(m["num"]) if m["num"] else (2.0 if other else 1.0)
    low = unit.lower()
    wd = _weekday_of(low) if re.fullmatch(_WEEKDAY_RE, low + ("" if low.endswith(".") else ""), _F) else None
    if wd and low.rstrip("s").endswith("day") and low[:3] in _WEEKDAY_NUM:
        return "SET", f"XXXX-WXX-{wd}"
    if low.rstrip("s") in _PART_OF_DAY and low.rstrip("s") != "day":
        return "SET", "XXXX-XX-XXT" + _PART_OF_DAY[low.rstrip("s")]
    if low.rstrip("s") in _SEASON_CODE:
        return "SET", "XXXX-" + _SEASON_CODE[low.rstrip("s")]
    mon = _month_of(low) if re.fullmatch(_MONTH_FULL_RE, low, _F) else None
    if mon:
        return "SET", f"XXXX-{mon:02d}"
    return "SET", _duration(amount if amount is not None else 1.0, unit)


def _h_plural_weekday(m: re.Match[str], c: _Ctx) -> Result:
    wd = _weekday_of(m["wd"])
    if wd is None or not m["wd"][:1].isupper():
        return None
    if m["wd"].lower() in ("weekends",):
        return "SET", "XXXX-WXX-WE"
    return "SET", f"XXXX-WXX-{wd}"


def _h_weekends(m: re.Match[str], c: _Ctx) -> Result:
    prev = c.before(8).lower()
    if not re.search(r"\b(?:on|at|during|over)\s+$", prev):
        return None
    return "SET", "XXXX-WXX-WE"


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


def _holiday_date(name: str, year: int) -> dt.date | None:
    n = re.sub(r"[\s'’]+", " ", name.lower()).strip()
    n = n.replace(" s ", "s ").replace(" day", "").replace(" eve", "-eve").strip()
    fixed = {
        "christmas": (12, 25), "christmas-eve": (12, 24), "new years": (1, 1), "new year": (1, 1),
        "new years-eve": (12, 31), "new year-eve": (12, 31), "independence": (7, 4),
        "july fourth": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
        "valentines": (2, 14), "veterans": (11, 11), "boxing": (12, 26), "st. patricks": (3, 17),
        "st patricks": (3, 17), "armistice": (11, 11), "bastille": (7, 14),
    }
    if n in fixed:
        mo, d = fixed[n]
        return dt.date(year, mo, d)
    if n == "thanksgiving":
        return _nth_weekday(year, 11, 4, 4)
    if n == "labor":
        return _nth_weekday(year, 9, 1, 1)
    if n == "memorial":
        return _nth_weekday(year, 5, 1, -1)
    if n in ("martin luther king", "martin luther king jr.", "mlk"):
        return _nth_weekday(year, 1, 1, 3)
    if n in ("presidents",):
        return _nth_weekday(year, 2, 1, 3)
    if n == "election":
        return _nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
    if n in ("easter", "easter sunday"):
        return _easter(year)
    if n == "good friday":
        return _easter(year) - dt.timedelta(days=2)
    if n == "easter monday":
        return _easter(year) + dt.timedelta(days=1)
    return None


def _h_holiday(m: re.Match[str], c: _Ctx) -> Result:
    """A named holiday ("Christmas", "Labor Day", "Easter 1998"); "Easter week" → the ISO week of the day."""
    name = m["hol"]
    fmt = _week if m["wk"] else _ymd
    if m["year"]:
        d = _holiday_date(name, int(m["year"]))
        return ("DATE", fmt(d)) if d else None
    if c.anchor is None:
        d = _holiday_date(name, 2001)
        if d is None:
            return None
        return "DATE", "XXXX-WXX" if m["wk"] else f"XXXX-{d.month:02d}-{d.day:02d}"
    rel = (m["rel"] or "").lower()
    tense = c.tense()
    year = c.anchor.year
    this = _holiday_date(name, year)
    if this is None:
        return None
    if m["wk"] and not rel and abs((this - c.anchor).days) <= 7:
        pass  # the holiday's week is under way or about to begin, whatever the tense
    elif rel == "last" or (not rel and tense == "past"):
        if this > c.anchor:
            year -= 1
    elif rel == "next" or (not rel and tense == "future"):
        if this < c.anchor:
            year += 1
    else:
        delta = (this - c.anchor).days
        year += -1 if delta > 183 else (1 if delta < -183 else 0)
    d = _holiday_date(name, year)
    return ("DATE", fmt(d)) if d else None


def _h_ref_day(m: re.Match[str], c: _Ctx) -> Result:
    """'the next day', 'the following week', 'the previous day', 'that day': marks for the ordered pass."""
    word = re.sub(r"\s+", " ", (m["rel"] or m["rel2"]).lower())
    unit = _unit_key(m["unit"] or m["unit2"])
    shift = {"the next": 1, "the following": 1, "the previous": -1, "the preceding": -1,
             "the prior": -1, "a day earlier": -1, "that": 0, "the same": 0, "that same": 0,
             "later that": 0, "earlier that": 0}.get(word)
    if shift is None and m["rel2"]:
        shift = 0  # "earlier in the year": the year under discussion ("late in the day" is an idiom)
    if shift is None:
        return None
    return "DATE", f"REF:{unit}:{shift}"


def _h_year_rel_word(m: re.Match[str], c: _Ctx) -> Result:
    """year-end, year-ago, year-earlier, mid-year as stand-alone dates."""
    word = m["word"].lower().replace(" ", "-")
    if c.anchor is None:
        return "DATE", "XXXX"
    if word in ("year-ago", "year-earlier"):
        nxt = c.after(20).lower()
        if re.match(r"\s+(?:quarter|period)", nxt):
            return None
        return "DATE", f"YAGO:{c.anchor.year - 1:04d}"
    if word in ("year-end", "year's-end", "the-end-of-the-year", "end-of-year"):
        return "DATE", f"{c.anchor.year:04d}"
    return None


# --------------------------------------------------------------------------- the rules

# Every rule runs only in small windows around its "anchor" words. One cheap tokenising pass finds
# them (a case-insensitive rule pattern scanned over the whole text is far slower).
_ANCHOR_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "month": ("jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
              "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
              "november", "dec", "december"),
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
                "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "mondays", "tuesdays",
                "wednesdays", "thursdays", "fridays", "saturdays", "sundays"),
    "unit": ("second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr",
             "hrs", "day", "days", "week", "weeks", "weekend", "weekends", "fortnight", "fortnights", "month",
             "months", "quarter", "quarters", "year", "years", "yr", "yrs", "decade", "decades", "century",
             "centuries", "millennium", "millennia"),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "tod": ("morning", "afternoon", "evening", "night"),
    "deictic": ("today", "yesterday", "tomorrow", "tonight"),
    "spoken": ("nineteen", "thousand"),
    "fiscal": ("fiscal", "fy", "financial", "model"),
    "decade_word": ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"),
    "century": ("century",),
    "quarter": ("quarter",),
    "half": ("half",),
    "year": ("year",),
    "ago": ("ago",),
    "ref": ("now", "current", "currently", "present", "nowadays", "days", "recently", "lately", "past",
            "future", "possible"),
    "clock": ("noon", "midnight", "midday", "clock"),
    "spoken_clock": ("past", "to"),
    "set_adverb": ("daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "biweekly",
                   "biannually", "semiannually"),
    "every": ("every", "each", "per"),
    "weekend": ("weekend", "weekends"),
    "holiday": ("christmas", "year", "thanksgiving", "independence", "fourth", "halloween", "valentine",
                "valentines", "veterans", "labor", "memorial", "election", "easter", "good", "king",
                "presidents", "boxing", "armistice", "bastille"),
    "q": ("q",),
    "period": ("period",),
}
_WORD_CLASSES: Final[dict[str, tuple[str, ...]]] = {}
for _cls, _words in _ANCHOR_WORDS.items():
    for _w in _words:
        _WORD_CLASSES[_w] = (*_WORD_CLASSES.get(_w, ()), _cls)
_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+")
_AFTER_NUMBER = re.compile(r"'?s\b|[:.][0-9]|\s*[aApP]\.?[mM]\b|/[0-9]|-[01][0-9]-|[qQ]\b")


def _anchors(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each anchor class occurs in ``text``: class → [(start, end), ...] in text order."""
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


@dataclass(frozen=True, slots=True)
class _Rule:
    """One pattern and its handler; the pattern runs only in windows around the ``anchors`` classes'
    words (``back`` characters before to ``fwd`` after)."""

    pattern: re.Pattern[str]
    handler: Handler
    anchors: tuple[str, ...]
    back: int = 30
    fwd: int = 30


def _R(pattern: re.Pattern[str], handler: Handler, anchors: str, back: int = 30, fwd: int = 30) -> _Rule:
    return _Rule(pattern, handler, tuple(anchors.split()), back, fwd)


_DUR_DET = r"(?:(?:the|its|their|his|her|our|each\s+of\s+the)\s+)?"
_DUR_DIR = (
    r"(?:(?P<dir>past|last|next|first|coming|previous|following|final|initial|remaining|preceding|ensuing|"
    r"subsequent|latest|same|further|additional|first\s+few|next\s+few|last\s+few|past\s+few|"
    r"first\s+several|next\s+several|last\s+several|past\s+several)\s+)?"
)
_DUR_ADJ = (
    r"(?:(?:more|additional|full|straight|consecutive|long|short|trading|business|calendar|working|"
    r"extra|solid|whole|grueling|further)\s+)?"
)

_RULES: Final[tuple[_Rule, ...]] = (
    _R(_c(r"(?P<y>[12][0-9]{3})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])(?:[T ](?P<H>[0-2][0-9]):(?P<M>[0-5][0-9])(?::[0-5][0-9])?)?"),
       _h_iso, "iso", 0, 20),
    _R(_c(r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4}|[0-9]{2})(?![/0-9])"), _h_numeric, "slash", 3, 8),
    _R(_c(rf"(?:(?P<wd>{_WEEKDAY_RE}),?\s+(?:the\s+)?)?(?P<mon>{_MONTH_RE})\s*(?P<day>{_DAY_RE})(?![0-9:.,]?[0-9])"
          rf"(?:(?:,\s*|\s+)(?P<year>{_YEAR_RE})(?![0-9])|\s*,?\s*'(?P<y2>[0-9]{{2}})(?![0-9]))?"), _h_month_day, "month", 32, 30),
    _R(_c(rf"(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<day>{_DAY_RE})\s+(?:of\s+)?(?P<mon>{_MONTH_RE})"
          rf"(?:,?\s+(?P<year>{_YEAR_RE})(?![0-9]))?"), _h_day_month, "month", 40, 30),
    _R(_c(rf"(?P<mon>{_MONTH_RE}),?\s+(?:of\s+)?(?:(?P<year>{_YEAR_RE})(?![0-9])|'(?P<y2>[0-9]{{2}})(?![0-9])|(?P<sy>{_SPOKEN_YEAR_RE}))"),
       _h_month_year, "month", 0, 60),
    _R(_c(rf"(?:(?P<rel>this|last|next|past|previous|coming)\s+)?(?P<mon>{_MONTH_FULL_RE})(?!\s*[0-9])(?:\s+(?P<yrel>this|last|next)\s+year)?"),
       _h_month, "month", 15, 30),
    _R(_c(rf"(?:the\s+year\s+)?(?P<year>{_YEAR_RE})"), _h_year, "year4", 12, 2),
    _R(_c(rf"(?:the\s+year\s+|(?<=in\s))(?P<sy>{_SPOKEN_YEAR_RE})|(?P<sy2>nineteen[- ]{_TENSW}(?:[- ]{_SMALLW})?)"),
       _h_spoken_year, "spoken", 20, 50),
    _R(_c(rf"(?:fiscal|FY|fiscal\s+year|financial\s+year|the\s+fiscal\s+year|model\s+year)\s*(?P<year>{_YEAR_RE}|'?[0-9]{{2}})"),
       _h_fiscal, "fiscal", 6, 20),
    _R(_c(r"(?:(?:the\s+)?(?:early|mid|late|mid-|early-|late-)?\s*)?(?:the\s+)?(?:(?P<dec4>1[5-9][0-9]0|20[0-9]0)'?s|'(?P<dec2>[0-9]0)'?s|(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"),
       _h_decade, "decade decade_word", 30, 2),
    _R(_c(r"(?:the\s+)?(?P<cent>[0-9]{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[- ]century"),
       _h_century, "century", 30, 1),
    _R(_c(r"(?P<rel>this|last|next|past|previous)\s+century"), _h_rel_century, "century", 12, 1),
    _R(_c(rf"(?:(?P<det>the|this\s+past|this\s+coming|this|last|next|past|coming|the\s+coming|the\s+past|the\s+last)\s+)?(?P<season>spring|summer|fall|autumn|winter)"
          rf"(?:\s+(?:of\s+)?(?:(?P<year>{_YEAR_RE})(?![0-9])|'(?P<y2>[0-9]{{2}})(?![0-9])|(?P<sy>{_SPOKEN_YEAR_RE})))?"),
       _h_season, "season", 15, 40),
    _R(_c(rf"(?:(?P<rel>this\s+coming|this\s+past|this|last|next|past|previous|coming)\s+)?(?P<wd>{_WEEKDAY_RE})"
          rf"(?:\s+(?P<tod>{_TOD_WORD_RE}))?"), _h_weekday, "weekday", 20, 14),
    _R(_c(rf"(?P<word>today|yesterday|tomorrow|tonight|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
          rf"(?:\s+(?P<tod>{_TOD_WORD_RE}))?"), _h_deictic_day, "deictic", 25, 14),
    _R(_c(r"(?P<rel>this|last|tomorrow|yesterday)\s+(?P<tod>morning|afternoon|evening|night)"), _h_part_of_day, "tod", 12, 1),
    _R(_c(r"(?P<rel>this\s+coming|this\s+past|this|last|next|the\s+current|current|previous)\s+(?P<unit>week|weekend|month|year|quarter|decade)(?![a-z-])"),
       _h_rel_unit, "unit", 20, 10),
    _R(_c(r"the\s+weekend"), _h_the_weekend, "weekend", 6, 10),
    # "the third-quarter loss": a hyphenated quarter modifies a noun, whose determiner it leaves out
    _R(_c(rf"(?:(?:the(?!\s+(?:(?:fiscal|calendar|financial)[- ])?(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)-quarter)|this\s+year's|last\s+year's|next\s+year's)\s+)?(?:(?P<py>{_YEAR_RE})\s+)?(?:(?:fiscal|calendar|financial)[- ])?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[- ]quarter(?![a-z])"
          rf"(?:\s+of\s+(?:(?P<year>{_YEAR_RE})(?![0-9])|(?P<yrel>this|last|next)\s+year))?"), _h_quarter, "quarter", 45, 25),
    _R(_c(rf"(?:(?:the\s+)?(?P<q>[1-4])Q|Q(?P<q2>[1-4]))(?:\s*(?:(?P<year>{_YEAR_RE})(?![0-9])|'?(?P<y2>[0-9]{{2}})(?![0-9])))?"),
       _h_qcode, "q", 6, 8),
    _R(_c(rf"(?:the\s+)?(?P<h>first|second|1st|2nd|latter|last|final)\s+half(?:\s+of\s+(?:(?P<year>{_YEAR_RE})(?![0-9])|(?P<yrel>this|last|next)\s+year|the\s+year))"),
       _h_half, "half", 12, 25),
    _R(_c(r"(?:the|this)\s+(?P<adj>latest|most\s+recent|recent|current|past|previous|year-ago|year-earlier|comparable|fiscal|next|coming)?\s*quarter(?![a-z-])"),
       _h_the_quarter, "quarter", 25, 1),
    _R(_c(r"(?:the|that)\s+(?:(?:latest|comparable|corresponding|same)\s+(?:(?:year-ago|year-earlier)\s+)?|(?:year-ago|year-earlier)\s+)period(?:\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?"),
       _h_period, "period", 40, 25),
    _R(_c(rf"(?:the\s+(?P<year>{_YEAR_RE})|(?P<yrel>last|this|next)\s+year(?:'s|’s))\s+(?:quarter|period)(?![a-z-])|"
          r"the\s+(?:same\s+)?(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)"),
       _h_year_quarter, "quarter period", 40, 25),
    _R(_c(r"the\s+(?:(?P<adj>current|latest|previous|last|next|this|full)\s+(?:fiscal\s+)?|fiscal\s+)year(?![a-z-])"),
       _h_fiscal_year_rel, "year", 30, 1),
    _R(_c(r"the\s+(?:fiscal\s+|financial\s+)?year(?=\s+(?:ended|ending)\s)"), _h_year_ended, "year", 20, 12),
    _R(_c(rf"{_DUR_DET}{_DUR_DIR}(?:(?P<num>{_NUM_RE})\s+)?{_DUR_ADJ}(?P<unit>{_UNIT_RE})(?P<half>\s+and\s+a\s+half)?"
          rf"(?:\s+(?:or\s+so\s+)?(?P<ago>ago|earlier|hence|from\s+now|back)(?![a-z]))?"), _h_duration, "unit", 70, 30),
    _R(_c(r"(?P<unit>years|months|weeks|days|decades|centuries)\s+ago"), _h_bare_ago, "ago", 12, 1),
    # "a three-year period", "one-year term" take in the head noun (HeidelTime duration_r3)
    _R(_c(rf"(?:(?:an?|the)\s+(?=[\w-]+\s+(?:period|term)(?![a-z])))?(?:(?P<num>[0-9]+(?:\.[0-9]+)?|{_NUMWORD}|half|several|multi|many)-)?"
          rf"(?P<unit>second|minute|hour|day|week|month|year|decade|century)s?(?P<long>-long)?(?:\s+(?:period|term)(?![a-z]))?"),
       _h_hyphen_duration, "unit", 24, 14),
    _R(_c(r"(?P<frac>half\s+an?|a\s+half|a\s+quarter|half\s+a|a\s+quarter[- ]of\s+an?)[- ](?P<unit>hour|day|year|century|decade|month)"),
       _h_fraction_duration, "half quarter", 3, 20),
    _R(_c(r"(?P<unit>years|months|weeks|days|hours|decades|centuries|minutes)"), _h_vague_plural, "unit", 1, 10),
    _R(_c(r"(?:the\s+)?(?P<adj>recent|coming|upcoming|next\s+few|past\s+few)\s+(?P<unit>years|months|weeks|days|decades|quarters)"),
       _h_recent, "unit", 22, 10),
    _R(_c(r"(?P<word>now|currently|current|at\s+present|nowadays|these\s+days|recently|lately|the\s+recent\s+past|the\s+distant\s+past|the\s+past(?!\s+(?:[0-9]|few|several|couple|many|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|dozen|hundred|decade|century|year|month|week|day|quarter|spring|summer|fall|autumn|winter))|the\s+(?:near|distant|foreseeable|not-too-distant)\s+future|the\s+future|as\s+soon\s+as\s+possible)"),
       _h_ref, "ref", 30, 30),
    _R(_c(rf"(?:(?P<word>noon|midnight|midday)|(?P<h>[0-2]?[0-9])(?:[:.](?P<min>[0-5][0-9]))?\s*(?:(?P<ampm>{_AMPM_RE})|(?P<oclock>o'clock))?(?P<tz>{_TZ_RE}))"),
       _h_time, "clock", 12, 16),
    _R(_c(rf"(?P<mins>a\s+quarter|quarter|half|twenty[-\s]five|five|ten|twenty|[1-5]?[0-9]\s+minutes)\s+(?P<dir>past|to)\s+(?P<hour>{_HOUR_RE}|1[0-2]|[1-9])(?:\s+o'clock)?(?:\s+(?P<part>in\s+the\s+(?:morning|afternoon|evening)|at\s+night|{_AMPM_RE}))?"),
       _h_spoken_time, "spoken_clock", 20, 40),
    _R(_c(r"(?P<word>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|biannually|semiannually)"),
       _h_set_adverb, "set_adverb", 1, 1),
    _R(_c(rf"(?:every|each|per)\s+(?:(?P<other>other)\s+|(?P<num>{_NUM_RE})\s+)?(?P<unit>{_UNIT_RE}|{_WEEKDAY_RE}|morning|afternoon|evening|night|spring|summer|fall|autumn|winter|{_MONTH_FULL_RE})"),
       _h_every, "every", 1, 40),
    _R(_c(r"(?P<wd>mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)"), _h_plural_weekday, "weekday", 1, 3),
    _R(_c(r"weekends"), _h_weekends, "weekend", 1, 1),
    _R(_c(rf"(?:(?P<rel>last|next|this)\s+)?(?P<hol>christmas(?:\s+(?:day|eve))?|new\s+year(?:'s|’s|s)?\s+(?:day|eve)|thanksgiving(?:\s+day)?|independence\s+day|july\s+fourth|the\s+fourth\s+of\s+july|fourth\s+of\s+july|halloween|valentine(?:'s|’s|s)?\s+day|veterans\s+day|labor\s+day|memorial\s+day|election\s+day|easter(?:\s+(?:sunday|monday))?|good\s+friday|martin\s+luther\s+king(?:\s+jr\.)?\s+day|presidents'?\s+day|boxing\s+day|armistice\s+day|bastille\s+day)"
          rf"(?P<wk>\s+week(?![a-z-]))?(?:,?\s+(?P<year>{_YEAR_RE})(?![0-9]))?"), _h_holiday,
       "holiday", 10, 30),
    _R(_c(r"(?P<rel>the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+prior|that|the\s+same|that\s+same)\s+(?P<unit>day|week|month|year|morning|evening|night|afternoon)(?![a-z-])|"
          r"(?P<rel2>(?:earlier|later|early|late)\s+in\s+the)\s+(?P<unit2>week|month|year)(?![a-z-])"),
       _h_ref_day, "unit", 25, 2),
    _R(_c(r"(?P<word>year-end|year\s+end|year's\s+end|year-ago|year-earlier|end-of-year|the\s+end\s+of\s+the\s+year)"),
       _h_year_rel_word, "year", 20, 15),
)

# modifiers that join a time expression on its left without changing its value
_LEFT_DATE_MOD = re.compile(
    r"(?<![A-Za-z])(?:(?:the\s+)?(?:very\s+)?(?:(?:beginning|start|end|middle|close|turn|rest|remainder)\s+of(?:\s+the)?|"
    r"(?:first|second|last|final)\s+(?:few\s+)?(?:days?|weeks?|months?|half)\s+of)\s+|"
    r"(?:early|late|mid)(?:\s*-\s*|\s+)|mid-|sometime\s+|some\s+time\s+)$",
    _F,
)
_LEFT_REL_MOD = re.compile(r"(?<![A-Za-z])(?:earlier|later)\s+$", _F)
_LEFT_DUR_MOD = re.compile(
    r"(?<![A-Za-z])(?:nearly|almost|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|"
    r"no\s+more\s+than|no\s+less\s+than|in\s+excess\s+of)\s+$",
    _F,
)
_LEFT_OVER = re.compile(r"(?<![A-Za-z])(?:over|under|just\s+over|just\s+under|well\s+over)\s+$", _F)
_JOIN_TIME_DATE = re.compile(r"\s*(?:,\s*|\s+on\s+|\s+)$")
_JOIN_DATE_TIME = re.compile(r"^\s*(?:,\s*|\s+at\s+|\s+)$")


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    type: TimexType
    value: str
    order: int


def _windows(spans: list[tuple[int, int]], n: int, back: int, fwd: int) -> list[tuple[int, int]]:
    """Merged character windows around anchor spans (``n``: the text length)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        lo = max(0, start - back)
        hi = min(n, end + fwd)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _collect(text: str, anchor: dt.date | None, tense: TenseFn | None) -> list[_Cand]:
    ctx = _Ctx(text, anchor, tense)
    out: list[_Cand] = []
    found = _anchors(text)
    n = len(text)
    for order, rule in enumerate(_RULES):
        spans = [sp for cls in rule.anchors for sp in found.get(cls, ())]
        if not spans:
            continue
        if len(rule.anchors) > 1:
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
                    res = None
                if res is not None:
                    out.append(_Cand(m.start(), m.end(), res[0], res[1], order))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest non-overlapping candidates; earlier rules win ties."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    taken: list[_Cand] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)$|^XXXX-WXX-\d$")
_CLOCK_MARK: Final = "CLK:"
_CLOCK_VALUE = re.compile(r"^(?:CLK:)?(?:\d{4}|XXXX)-..-..T\d")


def _merge(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Join a clock time with an adjacent day ("9 p.m. Friday", "Friday at 10 a.m.")."""
    out: list[_Cand] = []
    for c in cands:
        if out:
            p = out[-1]
            gap = text[p.end: c.start]
            if (p.type == "TIME" and _CLOCK_VALUE.match(p.value) and _DAY_VALUE.match(c.value)
                    and len(gap) <= 5 and _JOIN_TIME_DATE.match(gap)):
                out[-1] = _Cand(p.start, c.end, "TIME", c.value + p.value[p.value.index("T"):], p.order)
                continue
            if (c.type == "TIME" and _CLOCK_VALUE.match(c.value) and _DAY_VALUE.match(p.value)
                    and len(gap) <= 5 and _JOIN_DATE_TIME.match(gap)):
                out[-1] = _Cand(p.start, c.end, "TIME", p.value + c.value[c.value.index("T"):], p.order)
                continue
        out.append(c)
    return out


_DAY_AFTER = re.compile(r"\s*[-\u2013]\s*(\d{1,2})(?![\d:.,]\d|\s*(?:%|per|[ap]\.?m\b))")
_DAY_BEFORE = re.compile(r"(?<![\d.,:])(\d{1,2})\s*[-\u2013]\s*$")


def _day_ranges(text: str, cands: list[_Cand]) -> list[_Cand]:
    """The other end of a range of days is a date too: "September 20-21" gives "21" (2025-09-21),
    "20-21 September" gives "20"; the day must lie after (before) the written date in that month."""
    out: list[_Cand] = []
    for i, c in enumerate(cands):
        out.append(c)
        m = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)-(\d\d)", c.value) if c.type == "DATE" else None
        if m is None:
            continue
        day = int(m.group(3))
        after = _DAY_AFTER.match(text, c.end)
        nxt = cands[i + 1].start if i + 1 < len(cands) else len(text)
        if after and day < int(after.group(1)) <= 31 and after.end() <= nxt:
            value = f"{m.group(1)}-{m.group(2)}-{int(after.group(1)):02d}"
            out.append(_Cand(after.start(1), after.end(1), "DATE", value, c.order))
            continue
        before = _DAY_BEFORE.search(text, max(0, c.start - 8), c.start)
        prev = out[-2].end if len(out) > 1 else 0
        if before and 1 <= int(before.group(1)) < day and before.start() >= prev:
            value = f"{m.group(1)}-{m.group(2)}-{int(before.group(1)):02d}"
            out.insert(len(out) - 1, _Cand(before.start(1), before.end(1), "DATE", value, c.order))
    return out


def _extend_left(text: str, cands: list[_Cand]) -> None:
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
            if (not m and re.match(r"[0-9]|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s", head)
                    and not re.search(r"(?:period|term)$", text[c.start: c.end], _F)):  # "over a two-year period"
                m = _LEFT_OVER.search(window)
            if m:
                c.start = window_start + m.start()
        prev_end = c.end


_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_FULL_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_ANY_YEAR = re.compile(r"^(\d{4})(?![0-9])")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d\d)$")


def _resolve_refs(cands: list[_Cand], anchor: dt.date | None) -> None:
    """Fill 'the next day' / 'that year' from the last date mentioned (else the anchor)."""
    ref = anchor
    day_named: dt.date | None = None  # the last day named in the text (for a clock time on its own)
    # the month last named ("in March ... the following month"): month references count from it
    month_ref: tuple[int, int] | None = (anchor.year, anchor.month) if anchor else None
    quarter: tuple[int, int, int] | None = None  # (year, quarter, end offset) of the last quarter named
    for c in cands:
        if c.value.startswith("YAGO:"):
            # "a year ago" after "the third quarter" compares quarters: the same quarter a year before
            c.value = c.value[5:]
            if quarter is not None and c.start - quarter[2] < 1500:
                c.value = f"{quarter[0] - 1:04d}-Q{quarter[1]}"
            continue
        if c.value.startswith("QYR:"):
            year_s = c.value[4:]
            recent = quarter is not None and c.start - quarter[2] < 1500
            c.value = f"{year_s}-Q{quarter[1]}" if recent and quarter else year_s
            continue
        if c.value.startswith("QCTX:"):
            _, back, fallback = c.value.split(":", 2)
            if quarter is not None and c.start - quarter[2] < 1500:
                c.value = f"{quarter[0] - int(back):04d}-Q{quarter[1]}"
            else:
                c.value = fallback
            if not c.value:
                c.value = "DROP"
            continue
        if c.value.startswith(_CLOCK_MARK):
            c.value = c.value[len(_CLOCK_MARK):]
            if day_named is not None:
                c.value = _ymd(day_named) + c.value[c.value.index("T"):]
            continue
        qm = _QUARTER_VALUE.match(c.value)
        if qm and anchor is not None and (
            anchor.year * 4 - 1 <= int(qm[1]) * 4 + int(qm[2]) <= anchor.year * 4 + (anchor.month - 1) // 3 + 1
        ):
            # only a quarter of the current reporting season sets the context, not an outlook for a
            # later one ("the third quarter of next year"); the current quarter may be a fiscal one
            quarter = (int(qm[1]), int(qm[2]), c.end)
        if c.value.startswith("REF:"):
            _, unit, n = c.value.split(":")
            shift = int(n)
            if unit in ("morning", "evening", "night", "afternoon"):
                c.type = "TIME"
                suffix = "T" + _PART_OF_DAY[unit]
                c.value = "XXXX-XX-XX" + suffix if ref is None else _ymd(ref + dt.timedelta(days=shift)) + suffix
            elif unit == "month" and month_ref is not None:
                c.value = _ym(*_add_months(month_ref[0], month_ref[1], shift))
            else:
                c.value = _undef(unit) if ref is None else (_shift(ref, unit, shift) or _undef(unit))
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
        ym = _YEAR_MONTH.match(c.value)
        if ym and c.type == "DATE" and 1 <= int(ym[2]) <= 12:
            month_ref = (int(ym[1]), int(ym[2]))
        year = _ANY_YEAR.match(c.value)
        if year and c.type == "DATE" and ref is not None and int(year[1]) != ref.year:
            # a bare year or month moves the reference to that year, keeping the day in it
            try:
                ref = ref.replace(year=int(year[1]))
            except ValueError:
                ref = ref.replace(year=int(year[1]), day=28)
            if month_ref is not None and not ym:
                month_ref = (int(year[1]), month_ref[1])


def find_timexes(
    text: str, anchor: dt.date | None, tense: TenseFn | None = None
) -> list[Timex]:
    """Time expressions in ``text`` with TIMEX3 types and values, in text order.

    ``anchor`` is the publication date that relative expressions resolve against (``None`` keeps
    them underspecified). ``tense(offset)`` may give the tense of the clause at a character offset
    ("past"/"present"/"future"/None), e.g. of the sentence's main clause; it decides when the
    word-based heuristic finds no tense marker near the expression. Offsets index
    ``text`` as given: ``text[t.start:t.end] == t.text``. Never raises on any string.
    """
    if not isinstance(text, str) or not text:
        return []
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    if anchor is not None and not isinstance(anchor, dt.date):
        anchor = None
    if anchor is not None and not 2 <= anchor.year <= 9990:
        anchor = None
    cands = _merge(text, _select(_collect(text, anchor, tense)))
    _extend_left(text, cands)
    cands = _day_ranges(text, cands)
    _resolve_refs(cands, anchor)
    return [Timex(c.start, c.end, text[c.start: c.end], c.type, c.value) for c in cands if c.value != "DROP"]
