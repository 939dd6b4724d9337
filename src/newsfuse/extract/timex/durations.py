"""Handlers of lengths of time: "two years", "the past six months", "a three-year term", "half an hour",
and the dates they point to with "ago", "earlier" or "from now".

An amount of a unit is a DURATION ("P2Y"); with "ago" it becomes the DATE it points to, at the unit's
granularity ("two years ago" → "2011"). Ages ("a 10-year-old") and ordinals ("a second term") are not
time expressions.
"""

from __future__ import annotations

import re
from typing import Final

from newsfuse import lexicon
from newsfuse.extract.timex.anchoring import ago_value
from newsfuse.extract.timex.context import YEAR_AGO_MARK, Context, Result
from newsfuse.extract.timex.words import parse_amount
from newsfuse.timex import duration, shift, underspecified, unit_key

__all__ = ["bare_ago", "fraction_duration", "hyphen_duration", "length", "recent_plural", "vague_plural"]

# words before "a week", "one day" ... that make it a frequency: "$5 a day", "three times a week"
_SET_CUE = re.compile(
    r"(?:[0-9%]|million|billion|trillion|percent|times|once|twice|cents?|dollars?|pounds?|euros?|"
    r"yuan|yen|rupees?|hours|shifts?|visits?|meals?|calls?)\s*$",
    re.IGNORECASE,
)
# words that may follow "a second" meaning a length of time ("a second or two", "a second later")
_AFTER_A_SECOND = re.compile(
    r"\s+(?:" + "|".join(lexicon.sequence("time", "words_after_a_second")) + r")\b",
    re.IGNORECASE,
)
_ONE: Final = ("a", "an", "one")


def length(m: re.Match[str], c: Context) -> Result:
    """'two years', 'the past six months', 'a minute and a half', '10 days ago', 'a year later'."""
    num = m["num"]
    unit = m["unit"]
    key = unit_key(unit)
    plural = unit.lower().endswith("s") and key not in ("centuries", "millennia")
    if num is None:
        if m["ago"] or not m["dir"]:
            return None
        d = m["dir"].lower()
        if d not in ("past", "last", "next", "coming") or re.match(r"(?:his|her|its|their|our)\s", m.group(0), re.I):
            return None  # "the following day", "the previous week" are dates: see periods.anaphoric_period
        if d == "next" and key == "day":
            return None
    amount = (None if plural else 1.0) if num is None else parse_amount(num)
    if m["half"] and amount is not None:
        amount += 0.5
    after = c.after(12).lower()
    if key == "quarter" and (re.match(r"\s*(?:of|-?century)\b", after) or (num or "").lower() in _ONE
                             or re.fullmatch(r"(?:1[89]|20)[0-9]{2}", num or "")):
        return None
    if re.match(r"\s*(?:-\s*)?old\b", after):
        return None  # ages are not time expressions
    if (key == "second" and not plural and (num or "").lower() in _ONE and not m["dir"]
            and re.match(r"\s+[a-z]", after) and not _AFTER_A_SECOND.match(after)):
        return None  # "a second term", "a second betrayal": the ordinal, not a length of time
    if (num is None and not plural and key in ("year", "month") and m["dir"].lower() in ("past", "last")
            and m.group(0).lower().startswith("the ") and not re.match(r"\s*(?:of|in|before|that|when)\b", after)):
        # "the past year", "the last month": the previous calendar unit, as TimeBank and HeidelTime
        # value them (not a length, unlike "the past two years")
        return "DATE", underspecified(unit) if c.anchor is None else (shift(c.anchor, unit, -1) or underspecified(unit))
    if m["ago"]:
        word = re.sub(r"\s+", " ", m["ago"].lower())
        sign = -1 if word in ("ago", "earlier", "back") else 1
        value = ago_value(amount, unit, sign, c.anchor)
        if sign < 0 and amount == 1.0 and key == "year" and c.anchor is not None:
            value = YEAR_AGO_MARK + value  # may follow a quarter under discussion: see passes.resolve_refs
        return "DATE", value
    if (num or "").lower() in (*_ONE, "single") and not m["dir"] and _SET_CUE.search(c.before(24)):
        return "SET", duration(1.0, unit)
    if (num or "").lower() == "some" and key == "day":
        return None  # "some day" is vague, not a length
    return "DURATION", duration(amount, unit)


def bare_ago(m: re.Match[str], c: Context) -> Result:
    """'years ago' → PAST_REF."""
    return "DATE", "PAST_REF"


def hyphen_duration(m: re.Match[str], c: Context) -> Result:
    """'two-year', '24-hour', 'several-year', 'decades-long' (not ages: '10-year-old')."""
    after = c.after(6).lower()
    if after.startswith("-old") or after.startswith(" old"):
        return None
    if m["num"] is None:
        if not m["long"]:
            return None
        plural = m.group(0).lower().rstrip("-long").endswith("s")
        return "DURATION", duration(None if plural else 1.0, m["unit"])
    return "DURATION", duration(parse_amount(m["num"]), m["unit"])


def fraction_duration(m: re.Match[str], c: Context) -> Result:
    """'half an hour', 'a half-hour', 'a quarter century', 'half a century'."""
    word = m["frac"].lower()
    unit = m["unit"].lower()
    if "quarter" in word:
        if unit == "century":
            return "DURATION", "P25Y"
        if unit == "hour":
            return "DURATION", "PT15M"
        return None
    return "DURATION", duration(0.5, unit)


def vague_plural(m: re.Match[str], c: Context) -> Result:
    """'for years', 'within days', 'took months': a length of unknown amount ("PXY")."""
    prev = c.before(10).lower()
    if not re.search(r"\b(?:for|in|over|within|lasting|took|takes|spent|spend)\s+$", prev):
        return None
    return "DURATION", duration(None, m["unit"])


def recent_plural(m: re.Match[str], c: Context) -> Result:
    """'recent years' (PAST_REF), 'the coming weeks', 'the past few days' (a length of unknown amount)."""
    unit = unit_key(m["unit"])
    word = m["adj"].lower()
    if word in ("coming", "next few", "upcoming"):
        return "DURATION", duration(None, unit)
    if unit in ("year", "decade", "century"):
        return "DATE", "PAST_REF"
    return "DURATION", duration(None, unit)
