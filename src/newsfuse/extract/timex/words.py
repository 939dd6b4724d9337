"""The words time expressions are made of: tables read from the lexicon and the regex pieces built from them.

The word lists live in ``lexicon/time.toml`` and ``lexicon/numbers.toml``; this module reads them once
and turns them into what the rules need: lookups (month and weekday numbers, season and part-of-day
codes), regular-expression fragments shared by several rules, and the readers of amounts said in
words ("two and a half", "nineteen ninety-six").
"""

from __future__ import annotations

import re
from typing import Final

from newsfuse import lexicon

__all__ = [
    "AMBIGUOUS_SEASONS", "AMPM_RE", "CENTURY_ORDINAL_RE", "DAY_RE", "DECADE_WORDS", "DECADE_WORDS_RE", "HOUR_WORDS",
    "LOWERCASE_NOT_MONTHS", "MONTH_FULL_RE", "MONTH_NUMBERS", "MONTH_RE", "MONTH_WORDS", "NUMWORD_RE", "NUM_RE",
    "ORDINALS", "PARTS_OF_DAY", "RELATIVE_SHIFTS", "SEASONS", "SEASON_WORDS_RE", "SMALLW_RE", "SPOKEN_YEAR_RE",
    "TENSW_RE", "TOD_WORD_RE", "TRIGGERS", "TZ_RE", "UNIT_RE", "WEEKDAY_NUMBERS", "WEEKDAY_RE", "YEAR_RE",
    "ambiguous_month", "clock_minutes", "compile_rule", "month_of", "parse_amount", "relative", "spoken_year",
    "weekday_of"
]

# --------------------------------------------------------------------------- numbers

_ONES: Final = lexicon.numbers("numbers", "ones")
_TENS: Final = lexicon.numbers("numbers", "tens")
# number words an amount is summed from ("twenty-one"), with "a", "an", "single" and "dozen"
_SMALL: Final = _ONES | lexicon.numbers("numbers", "counting_words")
# the words that may follow a number word in a time expression: the number regex lets only these two
_MULTIPLIERS: Final = lexicon.numbers("numbers", "hundreds") | {
    "thousand": lexicon.numbers("numbers", "scales")["thousand"],
}
ORDINALS: Final = {w: int(n) for w, n in lexicon.numbers("numbers", "ordinals").items()}
_PHRASES: Final = lexicon.numbers("time", "amount_phrases")
_VAGUE: Final = lexicon.words("time", "vague_amounts")
_CLOCK_FRACTIONS: Final = lexicon.numbers("time", "clock_fractions")
# the hours of a clock in words ("one" ... "twelve")
HOUR_WORDS: Final = {w: int(n) for w, n in _ONES.items() if 1 <= n <= 12}

# --------------------------------------------------------------------------- the calendar

_MONTHS: Final = lexicon.sequence("time", "months")
MONTH_NUMBERS: Final = {name[:3]: i for i, name in enumerate(_MONTHS, 1)}
MONTH_WORDS: Final = lexicon.words("time", "month_words")
LOWERCASE_NOT_MONTHS: Final = lexicon.words("time", "lowercase_not_months")
_WEEKDAYS: Final = lexicon.sequence("time", "weekdays")
WEEKDAY_NUMBERS: Final = {name[:3]: i for i, name in enumerate(_WEEKDAYS, 1)}
SEASONS: Final = lexicon.mapping("time", "seasons")
AMBIGUOUS_SEASONS: Final = lexicon.words("time", "ambiguous_seasons")
PARTS_OF_DAY: Final = lexicon.mapping("time", "parts_of_day")
# "twenties" ... "nineties": the tens as plurals, each with its tens digit
DECADE_WORDS: Final = {w[:-1] + "ies": int(n) // 10 for w, n in _TENS.items()}
_RELATIVE: Final = lexicon.mapping("time", "relative_words")
RELATIVE_SHIFTS: Final = {w: int(n) for w, n in lexicon.numbers("time", "relative_shifts").items()}

# Trigger words of the rules' windows, by class (see ``triggers`` in lexicon/time.toml); the classes
# of the calendar are built from its tables.
_UNIT_WORDS: Final = tuple(lexicon.value("time", "units"))
_UNIT_PLURALS: Final = {unit: plural for plural, unit in lexicon.mapping("time", "unit_plurals").items()}
TRIGGERS: Final[dict[str, tuple[str, ...]]] = {
    "month": tuple(dict.fromkeys((*_MONTHS, *lexicon.sequence("time", "month_abbreviations")))),
    "weekday": (*_WEEKDAYS, *lexicon.sequence("time", "weekday_abbreviations"), *(w + "s" for w in _WEEKDAYS)),
    "unit": tuple(f for w in _UNIT_WORDS for f in (w, _UNIT_PLURALS.get(w, w + "s"))),
    "season": tuple(SEASONS),
    "decade_word": tuple(DECADE_WORDS),
    **{cls: tuple(str(words).split()) for cls, words in lexicon.value("time", "triggers").items()},
}

# --------------------------------------------------------------------------- regex fragments

MONTH_RE: Final = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?\.?|july?\.?|"
    r"aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?![a-z])"
)
MONTH_FULL_RE: Final = (
    rf"(?:{'|'.join(_MONTHS)}|"
    r"jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sept?\.|oct\.|nov\.|dec\.)(?![a-z])"
)
WEEKDAY_RE: Final = (
    rf"(?:{'|'.join(_WEEKDAYS)}|"
    r"mon\.|tues?\.|wed\.|thur?s?\.|fri\.|sat\.|sun\.)(?![a-z])"
)
YEAR_RE: Final = r"(?:1[5-9][0-9][0-9]|20[0-9][0-9])"
DAY_RE: Final = r"(?:[0-3]?[0-9])(?:st|nd|rd|th)?"
SMALLW_RE: Final = "(?:" + "|".join(w for w, n in _ONES.items() if n > 0) + ")"
TENSW_RE: Final = "(?:" + "|".join(_TENS) + ")"
NUMWORD_RE: Final = rf"(?:{TENSW_RE}(?:[- ]{SMALLW_RE})?|{SMALLW_RE})(?:\s+(?:hundred|thousand))?"
NUM_RE: Final = (
    r"(?:[0-9]+(?:\.[0-9]+)?(?:\s+[0-9]/[0-9]{1,2}|[½¼¾])?|[0-9]*[½¼¾]|"
    rf"{NUMWORD_RE}(?:\s+and\s+a\s+half)?|"
    r"a\s+couple\s+of|a\s+couple|couple\s+of|several|a\s+few|few|some|many|a\s+dozen|"
    r"dozens\s+of|a\s+number\s+of|hundreds\s+of|thousands\s+of|a\s+(?:hundred|thousand)|"
    r"a|an|single)"
)
_TEENS: Final = "|".join(w for w, n in _ONES.items() if 10 <= n <= 19)
SPOKEN_YEAR_RE: Final = (
    rf"(?:nineteen(?:[- ]hundred(?:\s+and)?)?[- ](?:{TENSW_RE}(?:[- ]{SMALLW_RE})?|{_TEENS})|"
    rf"two[- ]thousand(?:(?:\s+and)?[- ]{NUMWORD_RE})?)"
)
UNIT_RE: Final = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|weekends?|fortnights?|months?|"
    r"quarters?|years?|yrs?|decades?|century|centuries|millennium|millennia)(?![a-z])"
)
TZ_RE: Final = r"(?:\s*\(?(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|EET|IST|JST|AEST|AEDT)\)?(?![A-Za-z]))?"
AMPM_RE: Final = r"(?:a\.m\.?|p\.m\.?|am(?![a-z])|pm(?![a-z]))"
TOD_WORD_RE: Final = r"(?:morning|afternoon|evening|night|overnight)"
# alternations of the season words and the decade words, for a rule's named group
SEASON_WORDS_RE: Final = "|".join(SEASONS)
DECADE_WORDS_RE: Final = "|".join(DECADE_WORDS)
# the ordinals a century is named with ("the first century" ... "the twenty-first century")
CENTURY_ORDINAL_RE: Final = "|".join(w for w, n in ORDINALS.items() if n <= 21)


def compile_rule(pattern: str) -> re.Pattern[str]:
    """Compile a rule: case-insensitive, whole words only."""
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{pattern})(?![A-Za-z0-9_])", re.IGNORECASE)


# --------------------------------------------------------------------------- reading words


def parse_amount(token: str) -> float | None:
    """A number phrase as a float ("two and a half", "3 1/2", "a couple of"), ``None`` for vague amounts."""
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
    if t in _PHRASES:
        return float(_PHRASES[t])
    if t.split(" ")[0] in _VAGUE or t in _VAGUE:
        return None
    mult = 1.0
    for word, factor in _MULTIPLIERS.items():
        if t.endswith(" " + word):
            t, mult = t[: -len(word) - 1], factor
            break
    total = 0.0
    for part in re.split(r"[- ]", t):
        if part in _SMALL:
            total += _SMALL[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return float(total * mult) + half


def spoken_year(words: str) -> int | None:
    """'nineteen ninety-six' → 1996, 'two thousand and one' → 2001."""
    w = re.sub(r"[\s-]+", " ", words.lower()).replace(" and ", " ").strip()
    if w.startswith("nineteen "):
        rest = w[len("nineteen "):].replace("hundred ", "").strip()
        n = parse_amount(rest)
        return 1900 + int(n) if n is not None and 10 <= n < 100 else None
    if w.startswith("two thousand"):
        rest = w[len("two thousand"):].strip()
        if not rest:
            return 2000
        n = parse_amount(rest)
        return 2000 + int(n) if n is not None and 0 < n < 100 else None
    return None


def clock_minutes(words: str) -> int | None:
    """The minutes of a clock time told in words: "a quarter" 15, "half" 30, "twenty-five" 25."""
    w = re.sub(r"\s+", " ", words.lower())
    if w in _CLOCK_FRACTIONS:
        return int(_CLOCK_FRACTIONS[w])
    n = parse_amount(w)
    return None if n is None else int(n)


def month_of(word: str) -> int | None:
    """The number of a month name or short form ("Sept." → 9)."""
    return MONTH_NUMBERS.get(word.lower()[:3])


def weekday_of(word: str) -> int | None:
    """The ISO number of a weekday name or short form ("Thurs." → 4)."""
    return WEEKDAY_NUMBERS.get(word.lower()[:3])


def ambiguous_month(word: str) -> bool:
    """'may', 'march' (and the bare abbreviations) read as words unless capitalised."""
    w = word.strip()
    return w.lower() in LOWERCASE_NOT_MONTHS and not w[:1].isupper()


def relative(words: str) -> str | None:
    """A relation word before a month, weekday, season or unit as "this", "last" or "next" ("this past" → "last").

    ``None`` for anything else; words are matched as written (lower case, single spaces).
    """
    return _RELATIVE.get(words)
