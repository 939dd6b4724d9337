"""Handlers of expressions with no single date: references to the present, past or future ("now",
"recently", "the near future"), and sets, which recur ("daily", "every other week", "on Mondays").
"""

from __future__ import annotations

import re
from typing import Final

from newsfuse import lexicon
from newsfuse.extract.timex.context import Context, Result
from newsfuse.extract.timex.words import (
    MONTH_FULL_RE,
    PARTS_OF_DAY,
    SEASONS,
    WEEKDAY_NUMBERS,
    WEEKDAY_RE,
    month_of,
    parse_amount,
    weekday_of,
)
from newsfuse.timex import duration

__all__ = ["every", "plural_weekday", "reference", "set_adverb", "weekends"]

_REFERENCE_WORDS: Final = lexicon.mapping("time", "reference_words")
_SET_ADVERBS: Final = lexicon.mapping("time", "set_adverbs")


def reference(m: re.Match[str], c: Context) -> Result:
    """now / currently / current / recently / the past / the future → PRESENT_REF etc."""
    word = re.sub(r"\s+", " ", m["word"].lower())
    value = _REFERENCE_WORDS.get(word)
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


def set_adverb(m: re.Match[str], c: Context) -> Result:
    """'daily', 'weekly', 'annually' → a SET with the period ("P1D")."""
    value = _SET_ADVERBS.get(m["word"].lower())
    if value is None:
        return None
    return "SET", value


def every(m: re.Match[str], c: Context) -> Result:
    """'every week', 'each Monday', 'every other year', 'per hour', 'every spring', 'every March'."""
    unit = m["unit"]
    other = m["other"]
    amount = parse_amount(m["num"]) if m["num"] else (2.0 if other else 1.0)
    low = unit.lower()
    wd = weekday_of(low) if re.fullmatch(WEEKDAY_RE, low, re.IGNORECASE) else None
    if wd and low.rstrip("s").endswith("day") and low[:3] in WEEKDAY_NUMBERS:
        return "SET", f"XXXX-WXX-{wd}"
    if low.rstrip("s") in PARTS_OF_DAY and low.rstrip("s") != "day":
        return "SET", "XXXX-XX-XXT" + PARTS_OF_DAY[low.rstrip("s")]
    if low.rstrip("s") in SEASONS:
        return "SET", "XXXX-" + SEASONS[low.rstrip("s")]
    mon = month_of(low) if re.fullmatch(MONTH_FULL_RE, low, re.IGNORECASE) else None
    if mon:
        return "SET", f"XXXX-{mon:02d}"
    return "SET", duration(amount if amount is not None else 1.0, unit)


def plural_weekday(m: re.Match[str], c: Context) -> Result:
    """'Mondays' (capitalised) → every Monday."""
    wd = weekday_of(m["wd"])
    if wd is None or not m["wd"][:1].isupper():
        return None
    if m["wd"].lower() in ("weekends",):
        return "SET", "XXXX-WXX-WE"
    return "SET", f"XXXX-WXX-{wd}"


def weekends(m: re.Match[str], c: Context) -> Result:
    """'on weekends', 'during weekends' → every weekend."""
    prev = c.before(8).lower()
    if not re.search(r"\b(?:on|at|during|over)\s+$", prev):
        return None
    return "SET", "XXXX-WXX-WE"
