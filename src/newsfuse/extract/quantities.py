"""Reported numbers as ranges that keep their hedges.

``find_quantities(span)`` walks the tokens of a parsed spaCy sentence (or doc) and returns every
reported number as a :class:`~newsfuse.types.QuantityMention`: character offsets into
``span.doc.text`` that cover the number words *with* their hedge and measurement unit (but not the
counted noun), and a :class:`~newsfuse.types.Quantity` whose ``low``/``high`` say what the text
commits to. ``parse_quantity(text)`` runs the same code on one phrase.

How a phrase becomes a range
============================
The number words ("core") are read first, then a hedge before or after them, then a unit.

* **exact** — "200", "four", "125,000", "1.5 million", "2.5m", "a dozen" (12), "two and a half"
  (2.5), "half a million": ``value = low = high``.
* **ranges** — "30-40", "30–40", "between 10 and 20", "10 to 20", "two or three", "2-3 million"
  (the second number's magnitude is carried to the first): ``low``/``high`` are the two ends,
  ``value`` is None (a midpoint is not a value), qualifier ``about``. "from 10 to 20" is a change,
  not a range: two quantities. "2-1" or "3-3" (scores) are dropped.
* **at_least** — "at least", "no fewer than", "no less than", "not less than", "a minimum of",
  suffix "or more": ``low = n``, ``high = None``.
* **more_than** — "more than", "over", "upwards of", "in excess of", "above", "exceeding",
  "greater than", "just/well over", suffix "-plus", "+", "-odd": ``low = n`` (exclusive in the
  text; kept as the bound), ``high = None``.
* **at_most** — ceilings "up to", "no more than", "at most", "fewer than", "less than", "under",
  "below", "as many as", "a maximum of", suffix "or fewer"/"or less": ``low = None``,
  ``high = n``. Near-misses "nearly", "almost", "close to", "just under", "just short of",
  "approaching": ``high = n`` and ``low = NEAR_FRACTION × n`` (0.8: "nearly three years" is 2.4–3).
* **about** — "around", "about", "some", "roughly", "approximately", "an estimated", "estimated",
  "circa", "in the region of", "on the order of", suffix "or so": a band of ±``ABOUT_BAND`` (10%)
  around n, at least ±1 for whole numbers ("around 70" → 63–77, "about 3" → 2–4). ``value`` keeps
  the stated n.
* **vague** — the words in :data:`VAGUE_RANGES`; ``value`` is None.

A hedge on a range or a vague word keeps the matching end: "at least 30-40" → low 30, high None;
"up to hundreds" → high 999, low None.

Vague words (:data:`VAGUE_RANGES`)
=================================
Plural magnitudes read as "at least two of them, fewer than the next magnitude": "dozens" 24–99,
"scores" 40–99, "tens" 20–99, "hundreds" 200–999, "thousands" 2,000–9,999, "millions"
2,000,000–9,999,999, "billions" 2e9–9,999,999,999. Chains multiply: "tens of thousands"
20,000–99,999, "hundreds of thousands" 200,000–999,999 (also written without "of" before the noun:
"hundreds of thousands civilians"). Quantifiers: "a couple" 2–3, "a few" 2–4, "a handful" 2–5,
"several" 3–9; "a number of", "an unspecified/unknown/undisclosed/undetermined number of",
"a large/significant/growing number of", "many", "numerous", "multiple", "countless" → low 2,
high None. A quantifier before a magnitude multiplies it: "several hundred" 300–900, "a few
thousand" 2,000–4,000, "many thousands" 2,000–None.

ACLED's codebook takes the most conservative reading of such words as a *point* ("tens" → 10,
"dozens" → 12, "hundreds" → 100). We keep ranges instead, because two reports corroborate when
their ranges overlap; our lower bounds follow the plural ("hundreds" means at least two hundred),
which is stricter than ACLED's single conservative figure — a consumer wanting ACLED's figure
can take ``VAGUE_ACLED_POINTS``.

Units, counted nouns, dimensions
================================
``dimension`` is one of count | duration | length | mass | rate | money | percent | other.

* Measurement units come from a small table of news units (km, m, mile, foot, ton, kg, lb,
  year, month, week, day, hour, minute, second, percent, percentage point, km2, hectare, acre,
  km/h, mph, barrel, litre, currencies …), then from quantulum3's unit lexicon (full unit words
  such as "megawatts", "gallons", and case-sensitive symbols such as "MW", "GB"), never from
  quantulum3's parser: its guesses for counted nouns are wrong ("20 SUVs" → siemens) and it is
  slow. Dimensionless quantulum3 units ("pieces", "pairs") stay counted nouns.
* Durations are expressed in one unit, singular: "two and a half years" → 2.5 year,
  "three-year siege" → 3 year; "decade" → 10 year, "century" → 100 year, "fortnight" → 2 week.
* Money: currency symbols or codes before the number ("$", "US$", "€", "£", "¥", "₹", "USD" …)
  or currency words after it ("dollars", "euros", "rubles" …) give ISO codes ("USD", "EUR").
  "m"/"bn"/"k" glued to a number are magnitudes; a glued "m" is metres unless money or a plural
  noun follows ("2.5m people").
* Rates: "a day", "per day", "each day", "every week", "daily" … after a unit or counted noun:
  "30-40km a day" → "km/day"; "60-70 sorties per day" → "sortie/day"; "60-70 per day" with no
  counted noun → "per day"; "km/h", "mph", "knots" are rates too. The rate words are part of the
  span when they follow the number or unit ("30-40km a day"), not when they follow the counted noun
  ("60 sorties a day" → span "60", unit "sortie/day"). Prices stay money: "$55 per barrel" →
  "USD/barrel".
* A parenthetical conversion after a measured quantity — "30 km (19 miles)" — is skipped.
* ``counted`` is the lemma of the head noun of the counted thing, found with the dependency parse
  and the noun phrase right of the number ("200 ISIS fighters" → "fighter", "16 all-terrain
  vehicles" → "vehicle"), after a partitive "of" ("dozens of people", "293 tons of food"), or
  through "the number/toll of X ... to N" ("upping the number of sorties to 60-70" → "sortie",
  "the death toll rose to 12" → "death"). Acronyms keep their case ("SUVs" → "SUV"). For counts,
  ``unit`` is the counted noun ("" when nothing is counted).

Not quantities
==============
Calendar years (a bare four-digit 1000–2199 unless a plural noun or unit follows, or a hedge
precedes), numbers next to a month name ("May 2015", "5 May"), decades ("1990s"), times of day
("10:30", "5 p.m.", "0600"), ordinals ("first", "3rd", NER ORDINAL), numbers inside a named entity
after a word ("Route 66", "Flight 370") or right after a capitalised noun ("Regiment 137") or an
identifier noun ("page 5", "article 3", "No. 10"), hyphenated identifiers ("F-16", "COVID-19"),
phone numbers, ages ("20-year-old", "aged 25", "25 years old"), relative dates ("two years
ago"), adjectival compounds that are not units ("two-state", "five-member"), numbers in a
NER DATE/TIME entity with neither unit nor counted noun, fractions ("1/2"), scores ("2-1"), and
"one" used as a pronoun ("one of the largest cities", "no one") — "one" is kept only with a
counted noun, a unit, a hedge or in a range. "many"/"numerous"/"multiple"/"countless" need a
counted noun or a partitive "of". Dash chains ("6-2-1" records) are dropped whole.
"A 5,000-strong force" is a count of "force" with span "5,000-strong".

Speed: one linear pass over the tokens with a cheap first-token test; no model is loaded per
call. quantulum3's unit lexicon is loaded once, lazily, the first time an unknown unit word is
met (about 1–5 s per process).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsfuse import lexicon
from newsfuse.model import load_model
from newsfuse.types import Qualifier, Quantity, QuantityMention

__all__ = [
    "ABOUT_BAND",
    "NEAR_FRACTION",
    "VAGUE_ACLED_POINTS",
    "VAGUE_RANGES",
    "find_quantities",
    "parse_quantity",
]

log = logging.getLogger(__name__)

ABOUT_BAND: Final = 0.10  # "around n" → n ± 10% (at least ± 1 for whole n)
NEAR_FRACTION: Final = 0.8  # "nearly n" → 0.8·n … n

# --------------------------------------------------------------------------- lexicons

_ONES: Final = lexicon.numbers("numbers", "ones")
_TENS: Final = lexicon.numbers("numbers", "tens")
_BIG: Final = lexicon.numbers("numbers", "scales")
# magnitudes glued to digits ("3bn", "10k") or written after them ("3 bn")
_GLUED_SCALES: Final = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_SPACED_SCALES: Final = {"mn": 1e6, "mln": 1e6, "bn": 1e9, "tn": 1e12}

# plural magnitude → (low, high exclusive, base)
_PLURAL_MAGNITUDES: Final = {
    "tens": (20.0, 100.0, 10.0),
    "dozens": (24.0, 100.0, 12.0),
    "scores": (40.0, 100.0, 20.0),
    "hundreds": (200.0, 1000.0, 100.0),
    "thousands": (2e3, 1e4, 1e3),
    "millions": (2e6, 1e7, 1e6),
    "billions": (2e9, 1e10, 1e9),
}
_NEEDS_OF: Final = frozenset({"tens", "scores"})

# quantifier words → (low, high); "needs" = what must follow for it to be a reported number
_OPEN: Final = (2.0, None)
_QUANTIFIERS: Final[dict[tuple[str, ...], tuple[tuple[float, float | None], str]]] = {
    ("a", "couple"): ((2.0, 3.0), "of_or_noun"),
    ("a", "few"): ((2.0, 4.0), ""),
    ("a", "handful"): ((2.0, 5.0), "of"),
    ("several",): ((3.0, 9.0), ""),
    ("a", "number"): (_OPEN, "of"),
    ("an", "unspecified", "number"): (_OPEN, "of"),
    ("an", "unknown", "number"): (_OPEN, "of"),
    ("an", "undisclosed", "number"): (_OPEN, "of"),
    ("an", "undetermined", "number"): (_OPEN, "of"),
    ("an", "indeterminate", "number"): (_OPEN, "of"),
    ("an", "unconfirmed", "number"): (_OPEN, "of"),
    ("a", "large", "number"): (_OPEN, "of"),
    ("a", "significant", "number"): (_OPEN, "of"),
    ("a", "growing", "number"): (_OPEN, "of"),
    ("a", "great", "number"): (_OPEN, "of"),
    ("many",): (_OPEN, "counted"),
    ("numerous",): (_OPEN, "counted"),
    ("multiple",): (_OPEN, "counted"),
    ("countless",): (_OPEN, "counted"),
}


def _vague_table() -> dict[str, tuple[float, float | None]]:
    table: dict[str, tuple[float, float | None]] = {}
    for word, (low, high_excl, _base) in _PLURAL_MAGNITUDES.items():
        table[word] = (low, high_excl - 1)
    for small in ("tens", "hundreds"):
        for big in ("thousands", "millions", "billions"):
            lo, hi, _ = _PLURAL_MAGNITUDES[small]
            base = _PLURAL_MAGNITUDES[big][2]
            table[f"{small} of {big}"] = (lo * base, hi * base - 1)
    for words, (rng, _needs) in _QUANTIFIERS.items():
        table[" ".join(words)] = rng
    return table


VAGUE_RANGES: Final[Mapping[str, tuple[float, float | None]]] = MappingProxyType(_vague_table())
"""The documented ranges for vague number words: phrase → (low, high); high None = unbounded."""

VAGUE_ACLED_POINTS: Final[Mapping[str, float]] = MappingProxyType(
    {"tens": 10.0, "dozens": 12.0, "hundreds": 100.0, "thousands": 1000.0}
)
"""ACLED's conservative single figures for the same words, for comparison (not used here)."""

# hedges: words → (qualifier, mode). mode: floor (low=n), ceil (high=n), near (0.8n..n), band (±10%)
_PREFIX_HEDGES: Final[dict[tuple[str, ...], tuple[Qualifier, str]]] = {
    ("at", "least"): ("at_least", "floor"),
    ("no", "fewer", "than"): ("at_least", "floor"),
    ("no", "less", "than"): ("at_least", "floor"),
    ("not", "less", "than"): ("at_least", "floor"),
    ("not", "fewer", "than"): ("at_least", "floor"),
    ("a", "minimum", "of"): ("at_least", "floor"),
    ("minimum", "of"): ("at_least", "floor"),
    ("more", "than"): ("more_than", "floor"),
    ("over",): ("more_than", "floor"),
    ("just", "over"): ("more_than", "floor"),
    ("well", "over"): ("more_than", "floor"),
    ("upwards", "of"): ("more_than", "floor"),
    ("upward", "of"): ("more_than", "floor"),
    ("in", "excess", "of"): ("more_than", "floor"),
    ("above",): ("more_than", "floor"),
    ("well", "above"): ("more_than", "floor"),
    ("exceeding",): ("more_than", "floor"),
    ("greater", "than"): ("more_than", "floor"),
    ("up", "to"): ("at_most", "ceil"),
    ("no", "more", "than"): ("at_most", "ceil"),
    ("not", "more", "than"): ("at_most", "ceil"),
    ("at", "most"): ("at_most", "ceil"),
    ("fewer", "than"): ("at_most", "ceil"),
    ("less", "than"): ("at_most", "ceil"),
    ("under",): ("at_most", "ceil"),
    ("below",): ("at_most", "ceil"),
    ("as", "many", "as"): ("at_most", "ceil"),
    ("as", "much", "as"): ("at_most", "ceil"),
    ("a", "maximum", "of"): ("at_most", "ceil"),
    ("maximum", "of"): ("at_most", "ceil"),
    ("nearly",): ("at_most", "near"),
    ("almost",): ("at_most", "near"),
    ("close", "to"): ("at_most", "near"),
    ("just", "under"): ("at_most", "near"),
    ("just", "below"): ("at_most", "near"),
    ("just", "short", "of"): ("at_most", "near"),
    ("approaching",): ("at_most", "near"),
    ("not", "quite"): ("at_most", "near"),
    ("around",): ("about", "band"),
    ("about",): ("about", "band"),
    ("some",): ("about", "band"),
    ("roughly",): ("about", "band"),
    ("approximately",): ("about", "band"),
    ("approx",): ("about", "band"),
    ("approx.",): ("about", "band"),
    ("an", "estimated"): ("about", "band"),
    ("estimated",): ("about", "band"),
    ("estimated", "at"): ("about", "band"),
    ("estimated", "to", "be"): ("about", "band"),
    ("estimated", "to", "be", "worth"): ("about", "band"),
    ("estimated", "to", "total"): ("about", "band"),
    ("an", "approximate"): ("about", "band"),
    ("circa",): ("about", "band"),
    ("ca.",): ("about", "band"),
    ("in", "the", "region", "of"): ("about", "band"),
    ("on", "the", "order", "of"): ("about", "band"),
    ("in", "the", "order", "of"): ("about", "band"),
    ("somewhere", "around"): ("about", "band"),
}
_SUFFIX_HEDGES: Final[dict[tuple[str, ...], tuple[Qualifier, str]]] = {
    ("or", "more"): ("at_least", "floor"),
    ("or", "over"): ("at_least", "floor"),
    ("or", "fewer"): ("at_most", "ceil"),
    ("or", "less"): ("at_most", "ceil"),
    ("or", "so"): ("about", "band"),
    ("-", "plus"): ("more_than", "floor"),
    ("plus",): ("more_than", "floor"),
    ("+",): ("more_than", "floor"),
    ("-", "odd"): ("more_than", "floor"),
    ("odd",): ("more_than", "floor"),
}
_MAX_HEDGE = max(len(k) for k in _PREFIX_HEDGES)

# measurement units: lower-cased surface → (canonical unit, dimension, factor to canonical)
_U = tuple[str, str, float]
_UNITS: Final[dict[str, _U]] = {}


def _add_units(surfaces: str, unit: str, dimension: str, factor: float = 1.0) -> None:
    for surface in surfaces.split("|"):
        _UNITS[surface] = (unit, dimension, factor)


_add_units("km|kms|kilometre|kilometres|kilometer|kilometers", "km", "length")
_add_units("metre|metres|meter|meters", "m", "length")
_add_units("cm|centimetre|centimetres|centimeter|centimeters", "cm", "length")
_add_units("mm|millimetre|millimetres|millimeter|millimeters", "mm", "length")
_add_units("mile|miles|mi", "mile", "length")
_add_units("ft|foot|feet", "foot", "length")
_add_units("yard|yards|yd|yds", "yard", "length")
_add_units("inch|inches", "inch", "length")
_add_units("ton|tons|tonne|tonnes", "ton", "mass")
_add_units("kg|kgs|kilogram|kilograms|kilogramme|kilogrammes|kilo|kilos", "kg", "mass")
_add_units("gram|grams|gramme|grammes", "g", "mass")
_add_units("lb|lbs|pound|pounds", "lb", "mass")
_add_units("ounce|ounces|oz", "ounce", "mass")
_add_units("year|years|yr|yrs", "year", "duration")
_add_units("decade|decades", "year", "duration", 10.0)
_add_units("century|centuries", "year", "duration", 100.0)
_add_units("month|months", "month", "duration")
_add_units("fortnight|fortnights", "week", "duration", 2.0)
_add_units("week|weeks", "week", "duration")
_add_units("day|days", "day", "duration")
_add_units("hour|hours|hr|hrs", "hour", "duration")
_add_units("minute|minutes|min|mins", "minute", "duration")
_add_units("second|seconds|sec|secs", "second", "duration")
_add_units("%|percent|pct|pc", "percent", "percent")
_add_units("km2|sq km|square km|square kilometres|square kilometers|square kilometre|square kilometer",
           "km2", "other")
_add_units("square miles|square mile|sq mi|sq miles", "mi2", "other")
_add_units("square metres|square meters|square metre|square meter|sq m|m2", "m2", "other")
_add_units("hectare|hectares|ha", "hectare", "other")
_add_units("acre|acres", "acre", "other")
_add_units("magnitude|richter", "magnitude", "magnitude")
_add_units("km/h|kmh|kph|kmph|kilometres per hour|kilometers per hour", "km/h", "rate")
_add_units("mph|miles per hour", "mph", "rate")
_add_units("knot|knots", "knot", "rate")
_add_units("barrel|barrels|bbl", "barrel", "other")
_add_units("litre|litres|liter|liters", "litre", "other")
_add_units("gallon|gallons", "gallon", "other")
_add_units("degree|degrees", "degree", "other")
_add_units("°c|degrees celsius|degrees centigrade", "°C", "other")
_add_units("°f|degrees fahrenheit", "°F", "other")
_add_units("per cent", "percent", "percent")
_add_units("percentage point|percentage points", "percentage point", "percent")
_add_units("nautical mile|nautical miles", "nautical mile", "length")

_CURRENCY_PREFIX: Final = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "¥": "JPY", "jpy": "JPY", "₹": "INR", "inr": "INR", "₽": "RUB", "rub": "RUB", "a$": "AUD",
    "aud": "AUD", "c$": "CAD", "cad": "CAD", "hk$": "HKD", "chf": "CHF", "cny": "CNY", "rmb": "CNY",
    "₺": "TRY", "₪": "ILS", "sr": "SAR",
}
_CURRENCY_WORDS: Final = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "sterling": "GBP",
    "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "yuan": "CNY",
    "renminbi": "CNY", "yen": "JPY", "rupee": "INR", "rupees": "INR", "shekel": "ILS",
    "shekels": "ILS", "lira": "TRY", "liras": "TRY", "riyal": "SAR", "riyals": "SAR",
    "dinar": "dinar", "dinars": "dinar", "peso": "peso", "pesos": "peso", "franc": "CHF",
    "francs": "CHF", "usd": "USD", "eur": "EUR", "gbp": "GBP",
}
_DOLLAR_COUNTRIES: Final = {
    "us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
    "hong": "HKD", "singapore": "SGD", "new": "NZD",
}

_RATE_WORDS: Final = {"a", "an", "per", "each", "every", "/"}
_RATE_ADVERBS: Final = {
    "daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year",
    "hourly": "hour",
}
_RATE_BLOCKERS: Final = {"after", "before", "later", "earlier", "ago", "of", "since", "from"}

_MONTHS: Final = frozenset(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. "
    "nov nov. dec dec.".split()
)
_TIME_WORDS: Final = frozenset(
    {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc", "bst", "est", "edt",
     "cet", "hrs"}
)
_ID_NOUNS: Final = frozenset(
    "page pages p. pp. p pp article articles section sections chapter paragraph clause "
    "resolution room gate platform exit flight route highway bus channel version phase item "
    "figure table row seat ward category class type model episode season no no. nos nos. number "
    "# unit regiment brigade battalion division squadron lot apartment apt apt. suite building "
    "floor level step stage camp station terminal pier track line tel tel. phone fax hotline call "
    "aged age ages size grade district zone sector block precinct".split()
)
_AGE_WORDS: Final = frozenset({"old", "older", "aged"})
_NAME_LABELS: Final = frozenset(
    {"FAC", "PRODUCT", "ORG", "LAW", "WORK_OF_ART", "EVENT", "PERSON", "GPE", "LOC", "NORP"}
)
_PARTITIVE_DETS: Final = frozenset(
    "the these those its their his her our your my all whose this that which".split()
)
_PRONOUNS: Final = frozenset("them us those these you it which whom others other more".split())
_TOLL_NOUNS: Final = frozenset({"number", "toll", "total", "tally", "count", "figure"})
_DASHES: Final = frozenset({"-", "–", "—"})
_NON_HEAD_NOUNS: Final = frozenset({"way", "respect", "case", "instance", "sense", "reason"})

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_DIGITS_RE: Final = re.compile(rf"^{_NUM}$")
_GLUED_RE: Final = re.compile(rf"^(?P<num>{_NUM})(?P<suf>[A-Za-z%°]+[A-Za-z0-9]*(?:/[A-Za-z]+)?)$")
_DASH_RANGE_RE: Final = re.compile(rf"^(?P<a>{_NUM})[-–—](?P<b>{_NUM})(?P<suf>[A-Za-z%]+)?$")
# a scale written before the number in one token: "magnitude-5.9"
_SCALE_FIRST_RE: Final = re.compile(rf"^(?P<suf>magnitude)[-–](?P<num>{_NUM})$", re.IGNORECASE)
_ORDINAL_RE: Final = re.compile(r"^\d+(st|nd|rd|th|s|'s)$", re.I)
_CLOCK_RE: Final = re.compile(r"^\d{1,2}[:h]\d{2}$")
_PHONE_RE: Final = re.compile(
    r"(?:\+\d[\d\s().-]{6,}\d)|(?:\(\d{2,5}\)\s?\d{3,4}[\s.-]?\d{3,4})|(?:\b\d{2,5}(?:[.-]\d{2,5}){2,4}\b)"
)
_PHONE_CUES: Final = frozenset({"call", "phone", "tel", "tel.", "telephone", "fax", "hotline", "dial"})


# --------------------------------------------------------------------------- internal records


@dataclass(frozen=True, slots=True)
class _Core:
    """The number words of one quantity: tokens ``[i, j)`` and the range they state."""

    i: int
    j: int
    value: float | None  # point value, None for ranges and vague words
    low: float | None
    high: float | None
    scale: float = 1.0  # trailing magnitude ("3 million" → 1e6), for "2-3 million"
    vague: bool = False
    soft: str = ""  # "", "counted", "of", "of_or_noun": what must follow (quantifiers), "one"
    year_like: bool = False
    glued_unit: str | None = None  # unit glued to the digits: "30km", "12pc"
    digits: bool = False  # written with digits
    is_range: bool = False


@dataclass(frozen=True, slots=True)
class _Unit:
    """A measurement unit found after (or, for currencies, before) the number."""

    unit: str
    dimension: str
    factor: float
    i: int  # token span of the unit words
    j: int


@dataclass(frozen=True, slots=True)
class _Ctx:
    """The doc and the token window being read, with what annotation it carries."""

    doc: Doc
    a: int
    b: int
    tagged: bool
    parsed: bool
    has_ents: bool


# --------------------------------------------------------------------------- public API


def find_quantities(span: Doc | Span) -> list[QuantityMention]:
    """Every reported number in a parsed sentence (or doc), with offsets into ``span.doc.text``.

    Never raises: a candidate that cannot be read is skipped (and logged at debug level).
    """
    doc = span.doc if isinstance(span, Span) else span
    a, b = (span.start, span.end) if isinstance(span, Span) else (0, len(doc))
    ctx = _Ctx(
        doc, a, b,
        tagged=doc.has_annotation("TAG"),
        parsed=doc.has_annotation("DEP"),
        has_ents=doc.has_annotation("ENT_IOB"),
    )
    phones = _phone_spans(doc[a:b].start_char, doc[a:b].text) if b > a else []
    out: list[QuantityMention] = []
    i, floor = a, a
    while i < b:
        try:
            core = _core_at(ctx, i)
        except Exception:  # noqa: BLE001 - robustness: a parsing slip must not lose the article
            log.debug("quantity core failed at token %d", i, exc_info=True)
            core = None
        if core is None:
            i += 1
            continue
        try:
            built = _mention(ctx, core, floor, phones)
        except Exception:  # noqa: BLE001
            log.debug("quantity mention failed at token %d", i, exc_info=True)
            built = None
        if built is None:
            i = i + 1 if core.soft else max(core.j, i + 1)
            continue
        mention, end_tok = built
        if mention is not None:
            out.append(mention)
            floor = end_tok
        i = max(end_tok, i + 1)
    return out


def parse_quantity(text: str) -> Quantity | None:
    """Parse one phrase ("at least 200", "30-40 km", "hundreds of thousands") with the same rules.

    Uses the project's cached spaCy pipeline; the longest quantity found in the phrase wins.
    """
    doc = _nlp()(text)
    mentions = find_quantities(doc)
    if not mentions:
        return None
    best = max(mentions, key=lambda m: (m.end - m.start, -m.start))
    return best.quantity


@lru_cache(maxsize=1)
def _nlp() -> Language:
    """The pipeline parse_quantity uses: the project's model, loaded once per process."""
    return load_model()


# --------------------------------------------------------------------------- reading numbers


def _tok(ctx: _Ctx, k: int) -> Token | None:
    return ctx.doc[k] if ctx.a <= k < ctx.b else None


def _lw(ctx: _Ctx, k: int) -> str:
    t = _tok(ctx, k)
    return t.lower_ if t is not None else ""


def _glued(tok: Token) -> bool:
    """True when the token is written with no space after it."""
    return not tok.whitespace_


def _num(text: str) -> float | None:
    if not _DIGITS_RE.match(text):
        return None
    try:
        v = float(text.replace(",", ""))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


_STARTERS: Final = frozenset(
    {w[0] for w in _QUANTIFIERS} | _PLURAL_MAGNITUDES.keys() | _ONES.keys() | _TENS.keys()
    | {"a", "an", "half", "hundred", *_BIG}
)


def _core_at(ctx: _Ctx, i: int) -> _Core | None:
    """The number words starting at token i, if any."""
    if i >= len(ctx.doc):
        return None
    tok = ctx.doc[i]
    if tok.lower_ not in _STARTERS and not tok.text[:1].isdigit() and not tok.text[:1] == "." \
            and not _SCALE_FIRST_RE.match(tok.text):
        return None  # the cheap test that keeps the scan linear and fast
    return _vague_at(ctx, i) or _number_at(ctx, i)


def _vague_at(ctx: _Ctx, i: int) -> _Core | None:
    w = _lw(ctx, i)
    if w in _PLURAL_MAGNITUDES:
        lo, hi, _base = _PLURAL_MAGNITUDES[w]
        j = i + 1
        nxt, nxt2 = _lw(ctx, j), _lw(ctx, j + 1)
        if nxt == "of" and nxt2 in _PLURAL_MAGNITUDES and _PLURAL_MAGNITUDES[nxt2][2] > _base:
            base2 = _PLURAL_MAGNITUDES[nxt2][2]
            return _Core(i, j + 2, None, lo * base2, hi * base2 - 1, vague=True)
        if w in _NEEDS_OF and nxt != "of":
            return None
        return _Core(i, j, None, lo, hi - 1, vague=True)
    for words, (rng, needs) in _QUANTIFIERS.items():
        n = len(words)
        if tuple(_lw(ctx, i + k) for k in range(n)) != words:
            continue
        j = i + n
        low, high = rng
        scaled = False
        while True:  # "several hundred", "a few thousand", "several hundred thousand"
            nw = _lw(ctx, j)
            if nw in _BIG or nw in ("hundred", "dozen"):
                f = _BIG.get(nw) or (100.0 if nw == "hundred" else 12.0)
                low, high = low * f, (high * f if high is not None else None)
                j, scaled = j + 1, True
                continue
            if nw in _PLURAL_MAGNITUDES and nw not in _NEEDS_OF and not scaled:
                plo, phi, pbase = _PLURAL_MAGNITUDES[nw]
                if high is None:  # "many thousands"
                    low = plo
                else:  # "several thousands" = "several thousand"
                    low, high = low * pbase, high * pbase
                j, scaled = j + 1, True
                continue
            break
        if words[0] in ("many", "numerous", "multiple", "countless") and _lw(ctx, i - 1) in ("how", "as", "so"):
            if _lw(ctx, i - 1) != "so":
                return None
        return _Core(i, j, None, low, high, vague=True, soft="" if scaled else needs)
    return None


def _number_at(ctx: _Ctx, i: int) -> _Core | None:
    """Digits or number words starting at token i ("125,000", "1.5 million", "two and a half")."""
    tok = _tok(ctx, i)
    if tok is None:
        return None
    text = tok.text
    m = _DASH_RANGE_RE.match(text)
    if m:  # "30–40" kept as one token
        lo, hi = _num(m["a"]), _num(m["b"])
        if lo is None or hi is None:
            return None
        return _Core(i, i + 1, None, lo, hi, digits=True, is_range=True,
                     glued_unit=m["suf"].lower() if m["suf"] else None,
                     year_like=_is_year(m["a"]) or _is_year(m["b"]))
    m = _SCALE_FIRST_RE.match(text)
    if m:
        v = _num(m["num"])
        return _Core(i, i + 1, v, v, v, digits=True, glued_unit=m["suf"].lower()) if v is not None else None
    m = _GLUED_RE.match(text)
    if m and not _ORDINAL_RE.match(text):
        v = _num(m["num"])
        suf = m["suf"].lower()
        if v is None:
            return None
        if suf in _GLUED_SCALES and not (suf == "m" and not _m_is_million(ctx, i, i + 1)):
            f = _GLUED_SCALES[suf]
            return _Core(i, i + 1, v * f, v * f, v * f, scale=f, digits=True)
        if suf in _UNITS or _quantulum_unit(m["suf"], True) is not None:
            return _Core(i, i + 1, v, v, v, digits=True, glued_unit=m["suf"])
        return None
    return _words_at(ctx, i)


def _words_at(ctx: _Ctx, i: int) -> _Core | None:
    """A cardinal written with digits and/or words, read with a small state machine."""
    total, current, scale = 0.0, 0.0, 1.0
    k, last, seen, digits = i, "start", False, False
    only_one = True
    while k < ctx.b:
        tok = ctx.doc[k]
        w = tok.lower_
        nxt = _lw(ctx, k + 1)
        if last == "start" and w in ("a", "an") and nxt in ("hundred", "dozen", *_BIG):
            current, last, k = 1.0, "a", k + 1
            only_one = False
            continue
        if last == "start" and w == "half" and nxt in ("a", "an") and _lw(ctx, k + 2) in _BIG:
            current, last, k = 0.5, "half", k + 2
            only_one = False
            continue
        v = _num(tok.text) if last == "start" else None
        if v is not None:
            if ctx.doc[k].text.startswith("0") and len(tok.text) > 1 and tok.text[1].isdigit():
                return None  # "0600", "007": times and codes
            current, last, seen, digits = v, "digit", True, True
            only_one = False
            k += 1
            continue
        if w in _ONES and last in ("start", "tens", "hyphen", "hundred", "scale", "and"):
            if last in ("tens", "hyphen") and not 1 <= _ONES[w] <= 9:
                break
            if last == "scale" and current:
                break
            current += _ONES[w]
            if w != "one" or last != "start":
                only_one = False
            last, seen, k = "ones", True, k + 1
            continue
        if w in _TENS and last in ("start", "hundred", "scale", "and"):
            if last == "scale" and current:
                break
            current += _TENS[w]
            last, seen, k, only_one = "tens", True, k + 1, False
            continue
        if w == "-" and last == "tens" and _glued(ctx.doc[k - 1]) and _glued(tok) and nxt in _ONES:
            last, k = "hyphen", k + 1
            continue
        if (w in _DASHES and nxt in _BIG and last in ("ones", "tens", "digit", "hundred")
                and _glued(ctx.doc[k - 1]) and _glued(tok)):
            k += 1  # "two-million-euro", "$2-million": the hyphen of an adjectival sum
            continue
        if w == "hundred" and last in ("a", "ones", "tens", "digit", "start"):
            current = (current or 1.0) * 100
            last, seen, k, only_one, scale = "hundred", True, k + 1, False, 100.0
            continue
        big = _BIG.get(w) or (_SPACED_SCALES.get(w) if last == "digit" else None)
        ws = w[:-1] if w.endswith(".") and len(w) > 1 else w
        if big is None and last == "digit" and ws in _GLUED_SCALES and _glued(ctx.doc[k - 1]):
            if ws != "m" or _m_is_million(ctx, i, k + 1):
                big = _GLUED_SCALES[ws]
        if big is not None and last in ("a", "ones", "tens", "digit", "hundred", "half", "half_and"):
            total += (current or 1.0) * big
            current, scale = 0.0, big
            last, seen, k, only_one = "scale", True, k + 1, False
            continue
        if w == "dozen" and last in ("a", "ones", "tens", "digit"):
            current = (current or 1.0) * 12
            last, seen, k, only_one = "dozen", True, k + 1, False
            continue
        if w == "and" and last in ("hundred", "scale") and nxt in _ONES | _TENS.keys():
            last, k = "and", k + 1
            continue
        if (w == "and" and last in ("ones", "tens", "digit") and nxt in ("a", "one")
                and _lw(ctx, k + 2) == "half"):
            current += 0.5
            last, k, only_one = "half_and", k + 3, False
            continue
        break
    if not seen or k == i:
        return None
    value = total + current
    if last in ("and", "hyphen"):
        return None
    text = ctx.doc[i].text
    return _Core(i, k, value, value, value, scale=scale, digits=digits,
                 soft="one" if only_one else "", year_like=(k == i + 1 and _is_year(text)))


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text)) and 1000 <= int(text) <= 2199


def _m_is_million(ctx: _Ctx, i: int, j: int) -> bool:
    """A glued "m" after digits: million before money or a plural noun, else metres."""
    prev = _lw(ctx, i - 1)
    if prev in _CURRENCY_PREFIX:
        return True
    nxt = _tok(ctx, j)
    if nxt is None:
        return False
    if nxt.lower_ in _CURRENCY_WORDS:
        return True
    return nxt.tag_ in ("NNS", "NNPS") or nxt.lower_ in ("people", "residents", "civilians")


# --------------------------------------------------------------------------- building a mention


def _mention(ctx: _Ctx, core: _Core, floor: int,
             phones: list[tuple[int, int]]) -> tuple[QuantityMention | None, int] | None:
    """Turn a core into a mention: ranges, hedges, units, counted noun, filters.

    None when the core is not a reported number; ``(None, k)`` when tokens up to k are used up
    without a mention (a score); else the mention and the token after it.
    """
    doc = ctx.doc
    if _skip_core(ctx, core, phones):
        return None
    # ranges: "30-40", "10 to 20", "two or three", "between 10 and 20"
    merged, between_i = _merge_range(ctx, core)
    if merged is None:
        return None, between_i or core.j
    core = merged
    start_i = between_i if between_i is not None else core.i
    # currency before the number: "$3 million", "US$ 5", "more than $200"
    currency, start_i = _currency_before(ctx, start_i, floor)
    unit = None if currency else _unit_after(ctx, core)
    if unit is None and core.glued_unit:
        unit = _glued_unit(core)
    end_i = unit.j if unit and unit.j > core.j else core.j
    if currency is None and unit is None and not core.vague:
        money = _currency_after(ctx, core.j, core.scale)
        if money is not None:
            currency, end_i = money
    # ages, adjectival compounds, relative dates
    if _is_age_or_compound(ctx, core, unit, end_i):
        return None
    if unit is None and currency is None and _lw(ctx, end_i) in _DASHES and _lw(ctx, end_i + 1) == "strong":
        end_i += 2  # "a 5,000-strong force": the force is what is counted
    if unit is not None and unit.dimension == "duration" and _lw(ctx, end_i) == "ago":
        return None
    # the number as written a second time in another unit is skipped by the caller via end_i
    # hedges
    hedge, start_i = _prefix_hedge(ctx, start_i, floor)
    suffix, end_i = _suffix_hedge(ctx, end_i, hedge)
    if hedge is None:
        hedge = suffix
    # "more than a year": "a" stands for one only after a hedge, before a unit
    counted_i = None
    if currency is None and (unit is None or unit.dimension in ("count",)):
        counted_i = _counted(ctx, core, end_i)
    elif unit is not None and _lw(ctx, end_i) == "of":
        counted_i = _np_head(ctx, _skip_dets(ctx, end_i + 1))
    if not _reported(ctx, core, unit, currency, hedge, counted_i):
        return None
    # rate: "a day", "per day", "daily"
    rate, end_rate = _rate_after(ctx, counted_i + 1 if counted_i is not None and counted_i >= end_i else end_i,
                                 money=currency is not None)
    if rate is not None and counted_i is not None and counted_i >= end_i:
        # "60 sorties a day": the rate words come after the counted noun; the span stays on the number
        rate_span_end = end_i
    else:
        rate_span_end = end_rate if rate is not None else end_i
    counted = _noun_form(doc[counted_i]) if counted_i is not None else None
    if counted is None and currency is None:
        counted = _toll_counted(ctx, core) or _kin_counted(ctx, core)
    # quantity
    factor = unit.factor if unit else 1.0
    low = _scaled(core.low, factor)
    high = _scaled(core.high, factor)
    value = _scaled(core.value, factor)
    qualifier: Qualifier = "vague" if core.vague else ("about" if core.is_range else "exact")
    if hedge is not None:
        qualifier, low, high = _apply_hedge(hedge, core, value, low, high)
    if currency is not None:
        unit_s, dimension = currency, "money"
    elif unit is not None:
        unit_s, dimension = unit.unit, unit.dimension
    else:
        unit_s, dimension = counted or "", "count"
    if rate is not None:
        if unit is not None or currency is not None:
            unit_s = f"{unit_s}/{rate}"
        else:
            unit_s = f"{counted}/{rate}" if counted else f"per {rate}"
        if currency is None or _UNITS.get(rate, ("", "duration"))[1] == "duration":
            dimension = "rate"  # a price per unit ("USD/barrel") stays money
    start_c = doc[start_i].idx
    last = doc[rate_span_end - 1]
    end_c = last.idx + len(last.text)
    if last.text.endswith(".") and len(last.text) > 1 and last.text[-2].isalpha() and last.lower_ not in _MONTHS:
        end_c -= 1  # "900 km/h." or "€30m." at the end of a sentence: the full stop is not ours
    text = _span_text(doc, start_i, rate_span_end)[: end_c - start_c]
    quantity = Quantity(text=text, value=value if not core.vague and not core.is_range else None,
                        low=low, high=high, unit=unit_s, qualifier=qualifier)
    mention = QuantityMention(start=start_c, end=end_c, quantity=quantity, counted=counted,
                              dimension=dimension)
    next_i = _skip_conversion(ctx, max(rate_span_end, end_i), dimension)
    return mention, next_i


def _scaled(v: float | None, factor: float) -> float | None:
    return None if v is None else _round(v * factor)


def _round(v: float) -> float:
    return float(round(v, 6))


def _apply_hedge(hedge: tuple[Qualifier, str], core: _Core, value: float | None,
                 low: float | None, high: float | None) -> tuple[Qualifier, float | None, float | None]:
    """Turn the stated range into the hedged one (see the module docstring)."""
    qualifier, mode = hedge
    if mode == "floor":
        return qualifier, low, None
    if mode == "ceil":
        return qualifier, None, high
    if mode == "near":
        return qualifier, (_round(high * NEAR_FRACTION) if high is not None else None), high
    # band
    if core.vague:
        return "vague", low, high
    if value is None:  # "around 30-40": keep the stated ends
        return qualifier, low, high
    band = abs(value) * ABOUT_BAND
    if float(value).is_integer() and abs(value) >= 1:
        band = max(band, 1.0)
    return qualifier, _round(value - band), _round(value + band)


def _skip_core(ctx: _Ctx, core: _Core, phones: list[tuple[int, int]]) -> bool:
    """Numbers that are not reported quantities: dates, times, ordinals, identifiers, phones."""
    doc = ctx.doc
    first, last = doc[core.i], doc[core.j - 1]
    prev, nxt = _tok(ctx, core.i - 1), _tok(ctx, core.j)
    pw, nw = (prev.lower_ if prev is not None else ""), (nxt.lower_ if nxt is not None else "")
    if ctx.has_ents and any(doc[k].ent_type_ == "ORDINAL" for k in range(core.i, core.j)):
        return True
    if _CLOCK_RE.match(first.text) or nw in _TIME_WORDS:
        return True
    if nw == "/" and _num(_lw(ctx, core.j + 1)) is not None:
        return True  # fractions and dates written 5/12
    if core.digits:
        if pw in _MONTHS or nw in _MONTHS:
            return True
        if pw in (",",) and _lw(ctx, core.i - 2) and (_lw(ctx, core.i - 2) in _MONTHS or
                                                      _lw(ctx, core.i - 3) in _MONTHS):
            return True  # "May 5, 2017"
        if pw == "of" and _lw(ctx, core.i - 2) in _MONTHS:
            return True
        s, e = first.idx, last.idx + len(last.text)
        if any(ps < e and s < pe for ps, pe in phones):
            return True
        # "F-16", "Su-24" when split, "COVID-19": a number glued after letters and a hyphen
        if prev is not None and prev.text in _DASHES and _glued(prev):
            before = _tok(ctx, core.i - 2)
            if before is not None and _glued(before) and any(c.isalpha() for c in before.text) \
                    and before.lower_ not in _ONES and before.lower_ not in _TENS and before.lower_ != "mid":
                return True
        if prev is not None and prev.text in ("#", "№"):
            return True
        if nxt is not None and nxt.text in _DASHES and _glued(last) and _glued(nxt):
            after = _tok(ctx, core.j + 1)
            if after is not None and after.text[:1].isalpha() and after.lower_ not in _UNITS \
                    and after.lower_ not in ("plus", "odd", "strong", "strength") and after.lower_ not in _ONES \
                    and after.lower_ not in _TENS:
                return _quantulum_unit(after.text, False) is None  # "7-Eleven", "24-hour" ok
    if prev is not None and pw in _ID_NOUNS and core.soft != "one":
        return True
    if prev is not None and prev.lower_ in _PHONE_CUES:
        return True
    # "Regiment 137", "Flight 370": a capitalised noun right before, nothing counted after
    if prev is not None and _looks_like_name_word(ctx, prev) and core.digits and not _plural_after(ctx, core.j):
        return True
    if ctx.has_ents:
        ent = first.ent_type_
        if ent in _NAME_LABELS and first.ent_iob_ == "I" and core.digits:
            return True
    return False


def _looks_like_name_word(ctx: _Ctx, tok: Token) -> bool:
    text = tok.text
    if not any(c.isupper() for c in text) or not text.isalpha():
        return False  # "Regiment", "iPadOS"
    w = tok.lower_
    if w in _MONTHS or w in _CURRENCY_PREFIX or (w,) in _PREFIX_HEDGES or w in _ONES or w in _TENS:
        return False
    if any(w == k[-1] for k in _PREFIX_HEDGES):
        return False
    if ctx.tagged:
        if tok.pos_ not in ("PROPN", "NOUN"):
            return False
        return not (tok.is_sent_start and tok.pos_ == "NOUN" and w not in _ID_NOUNS) or text.isupper()
    return not tok.is_sent_start


def _plural_after(ctx: _Ctx, k: int) -> bool:
    """A plural noun (or unit) within the next few tokens of the same noun phrase."""
    for off in range(0, 4):
        t = _tok(ctx, k + off)
        if t is None or t.is_punct and t.text not in _DASHES:
            return False
        if t.lower_ in _UNITS or t.tag_ in ("NNS", "NNPS"):
            return True
        if ctx.tagged and t.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT", "ADV", "VERB"):
            return False
        if ctx.tagged and t.pos_ == "PROPN" and not t.text.isupper():
            return False  # "LC 500 Convertible": a model name goes on
        if not ctx.tagged and off > 0:
            return False
    return False


def _merge_range(ctx: _Ctx, core: _Core) -> tuple[_Core | None, int | None]:
    """Join "a-b", "a to b", "a or b", "between a and b"; drop scores like "2-1"."""
    if core.vague or core.is_range:
        return core, None
    between = _lw(ctx, core.i - 1) == "between"
    sep = _tok(ctx, core.j)
    if sep is None:
        return core, None
    sw = sep.lower_
    ok = (sw in _DASHES or sw in ("to", "or") or (between and sw == "and"))
    if not ok or (sw == "to" and _lw(ctx, core.i - 1) == "from"):
        return core, None
    if sw == "or" and _lw(ctx, core.j + 1) in ("more", "so", "fewer", "less", "over"):
        return core, None
    second = _number_at(ctx, core.j + 1)
    if second is None or second.value is None or core.value is None:
        return core, None
    if sw in _DASHES and _lw(ctx, second.j) in _DASHES and _number_at(ctx, second.j + 1) is not None:
        k = second.j  # "6-2-1": a record or a code, not a range
        while _lw(ctx, k) in _DASHES and (nxt := _number_at(ctx, k + 1)) is not None:
            k = nxt.j
        return None, k
    lo, hi = core.value, second.value
    if core.scale == 1.0 and second.scale > 1.0 and lo * second.scale <= hi:
        lo = lo * second.scale  # "2-3 million"
    if sw in _DASHES and core.digits and second.digits and _glued(ctx.doc[core.j - 1]) and lo >= hi:
        return None, second.j  # "2-1": a score; its tokens are consumed
    if lo >= hi:
        return core, None
    merged = _Core(core.i, second.j, None, lo, hi, scale=second.scale, digits=core.digits or second.digits,
                   is_range=True, year_like=core.year_like or second.year_like,
                   glued_unit=second.glued_unit)
    return merged, (core.i - 1 if between else None)


def _prefix_hedge(ctx: _Ctx, start_i: int, floor: int) -> tuple[tuple[Qualifier, str] | None, int]:
    for n in range(_MAX_HEDGE, 0, -1):
        s = start_i - n
        if s < max(floor, ctx.a):
            continue
        words = tuple(ctx.doc[k].lower_ for k in range(s, start_i))
        if words in _PREFIX_HEDGES:
            return _PREFIX_HEDGES[words], s
    return None, start_i


def _suffix_hedge(ctx: _Ctx, end_i: int, prefix: tuple[Qualifier, str] | None) -> tuple[tuple[Qualifier, str] | None, int]:
    for words, hedge in _SUFFIX_HEDGES.items():
        n = len(words)
        got = tuple(_lw(ctx, end_i + k) for k in range(n))
        if got != words:
            continue
        if words[0] in ("plus", "odd") and not _glued(ctx.doc[end_i - 1]):
            if words[0] == "plus":
                continue
        if words == ("or", "so") or words[0] != "or" or prefix is None:
            return hedge, end_i + n
    return None, end_i


def _currency_before(ctx: _Ctx, start_i: int, floor: int) -> tuple[str | None, int]:
    prev = _tok(ctx, start_i - 1)
    if prev is None or start_i - 1 < floor:
        return None, start_i
    code = _CURRENCY_PREFIX.get(prev.lower_)
    if code is None:
        return None, start_i
    if prev.lower_ in ("sr", "rub", "cad", "aud", "inr") and prev.text.islower():
        return None, start_i
    before = _tok(ctx, start_i - 2)
    if before is not None and before.lower_ in ("us", "u.s.") and prev.text == "$" and start_i - 2 >= floor:
        return code, start_i - 2
    return code, start_i - 1


def _currency_after(ctx: _Ctx, k: int, scale: float) -> tuple[str, int] | None:
    """ "3 million dollars", "300 US dollars", "5m euros", "10 million pounds", "two-million-euro"."""
    dash = _tok(ctx, k)
    if dash is not None and dash.text in _DASHES and _glued(ctx.doc[k - 1]) and _glued(dash) \
            and _lw(ctx, k + 1) in _CURRENCY_WORDS:
        k += 1
    w, w2 = _lw(ctx, k), _lw(ctx, k + 1)
    if w in _DOLLAR_COUNTRIES and w2 in ("dollar", "dollars"):
        return _DOLLAR_COUNTRIES[w], k + 2
    if w == "hong" and w2 == "kong" and _lw(ctx, k + 2) in ("dollar", "dollars"):
        return "HKD", k + 3
    if w in ("pound", "pounds") and w2 == "sterling":
        return "GBP", k + 2
    if w in ("pound", "pounds") and scale >= 1e6:
        return "GBP", k + 1
    if w in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[w], k + 1
    return None


_ADDITIONAL = frozenset({"more", "additional", "extra", "further"})


def _unit_after(ctx: _Ctx, core: _Core) -> _Unit | None:
    """A measurement unit right after the number (optionally after a hyphen: "three-year")."""
    k = core.j
    tok = _tok(ctx, k)
    if tok is None:
        return None
    if tok.text in _DASHES and _glued(ctx.doc[k - 1]) and _glued(tok):
        k += 1
    elif tok.lower_ in _ADDITIONAL and _lw(ctx, k + 1) in _UNITS:
        k += 1  # "hundreds more years", "two extra days"
    if _lw(ctx, k) in ("pound", "pounds") and core.scale >= 1e6:
        return None  # "10 million pounds": money, read by _currency_after
    for n in (3, 2, 1):
        words = _surface(ctx, k, k + n)
        if words in _UNITS:
            unit, dim, f = _UNITS[words]
            first = ctx.doc[k]
            if not _unit_plausible(ctx, core, words, first, n):
                continue
            return _Unit(unit, dim, f, k, k + n)
    t = _tok(ctx, k)
    if t is None:
        return None
    if t.lower_ == "m" and not _m_is_million(ctx, core.i, k + 1):
        return _Unit("m", "length", 1.0, k, k + 1)
    q = _quantulum_unit(t.text, _glued(ctx.doc[k - 1]))
    if q is not None:
        return _Unit(q[0], q[1], 1.0, k, k + 1)
    return None


def _surface(ctx: _Ctx, i: int, j: int) -> str:
    """The lower-cased text of tokens [i, j), single-spaced, without a sentence-final period."""
    if i >= j or j > ctx.b or i < ctx.a:
        return ""
    doc = ctx.doc
    if doc[j - 1].is_punct and doc[j - 1].text not in ("%", "°") or any(
            doc[x].is_space or doc[x].is_punct and doc[x].text not in ("/", "%", "°") for x in range(i, j)):
        return ""  # a unit never holds separate punctuation (but "km/h") or line breaks
    text = _span_text(doc, i, j).lower()
    text = " ".join(text.split())
    return text[:-1] if text.endswith(".") and len(text) > 2 else text


def _span_text(doc: Doc, i: int, j: int) -> str:
    """The text of tokens [i, j) as in the doc (without the trailing space); O(j - i), unlike
    ``doc.text`` which joins the whole doc on every access."""
    return "".join(doc[x].text_with_ws for x in range(i, j - 1)) + doc[j - 1].text


def _unit_plausible(ctx: _Ctx, core: _Core, words: str, first: Token, n: int) -> bool:
    """Reject unit words that are something else here ("second" as an ordinal, "in" …)."""
    if words in ("min", "mins", "sec", "secs", "mi", "ha", "pc", "yd", "oz", "ft", "hr", "hrs"):
        return first.text.islower() or first.text == "%"
    if words in ("pound", "pounds", "lb", "lbs") and _lw(ctx, first.i + 1) == "sterling":
        return False
    if words in ("%",):
        return True
    if words in ("second", "minute", "hour", "day", "week", "month", "year", "decade") and core.value not in (None, 1.0):
        # a singular unit after a plural number only as an adjective ("three-year", "24-hour")
        return ctx.doc[first.i - 1].text in _DASHES
    return True


def _glued_unit(core: _Core) -> _Unit | None:
    suf = (core.glued_unit or "").lower()
    if suf in _UNITS:
        unit, dim, f = _UNITS[suf]
        return _Unit(unit, dim, f, core.j, core.j)
    q = _quantulum_unit(core.glued_unit or "", True)
    if q is not None:
        return _Unit(q[0], q[1], 1.0, core.j, core.j)
    return None


_QUANTULUM_DIMENSIONS: Final = {
    "length": "length", "mass": "mass", "time": "duration", "currency": "money", "speed": "rate",
}


@lru_cache(maxsize=4096)
def _quantulum_unit(word: str, glued: bool) -> tuple[str, str] | None:
    """A real measurement unit from quantulum3's lexicon (never its parser), or None.

    Full unit words match case-insensitively ("megawatts"); symbols match case-sensitively and only
    when they carry a capital ("MW", "kWh", "5GB"): lower-case symbols are too often words.
    """
    if not word or len(word) < 2 and not glued:
        return None
    units = _quantulum_units()
    if units is None:
        return None
    found = units.surfaces_lower.get(word.lower()) or set()
    if not found and any(c.isupper() for c in word) and (glued or len(word) >= 2):
        found = units.symbols.get(word) or set()  # "MW", "GB", "kWh"; lower-case symbols are words
    for unit in sorted(found, key=lambda u: u.name):
        entity = unit.entity.name
        if entity in ("dimensionless", "unknown"):
            continue
        if entity == "currency":
            return (getattr(unit, "currency_code", None) or unit.name, "money")
        return unit.name, _QUANTULUM_DIMENSIONS.get(entity, "other")
    return None


@lru_cache(maxsize=1)
def _quantulum_units():  # noqa: ANN202 - quantulum3 has no public type for this
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import load
            return load.units("en_US")
    except Exception:  # noqa: BLE001 - a missing lexicon only loses the fallback
        log.warning("quantulum3 unit lexicon unavailable", exc_info=True)
        return None


def _is_age_or_compound(ctx: _Ctx, core: _Core, unit: _Unit | None, end_i: int) -> bool:
    """"20-year-old", "25 years old", "two-state", "five-member": not reported quantities."""
    nxt = _tok(ctx, core.j)
    if unit is not None and unit.dimension == "duration":
        after = _lw(ctx, end_i)
        if after in _DASHES and _lw(ctx, end_i + 1) in _AGE_WORDS:
            return True
        if after in _AGE_WORDS:
            return True
        return False
    if unit is None and nxt is not None and nxt.text in _DASHES and _glued(ctx.doc[core.j - 1]) and _glued(nxt):
        after = _lw(ctx, core.j + 1)
        if after in ("plus", "odd", "strong", "strength"):  # "6.7-strength quake": a magnitude
            return False
        if after and after[:1].isalpha() and _num(after) is None and after not in _ONES and after not in _TENS:
            return True
    return False


def _reported(ctx: _Ctx, core: _Core, unit: _Unit | None, currency: str | None,
              hedge: tuple[Qualifier, str] | None, counted_i: int | None) -> bool:
    """Last checks that need the whole picture: years, dates, "one", soft quantifiers."""
    measured = unit is not None or currency is not None
    if core.year_like and not measured and hedge is None:
        if counted_i is None or ctx.doc[counted_i].tag_ not in ("NNS", "NNPS"):
            return False
    if core.soft == "one" and not measured and counted_i is None and hedge is None and not _casualty_object(ctx, core):
        return False
    if core.soft == "one" and _lw(ctx, core.j) == "of":
        return False
    if core.soft == "counted" and counted_i is None and _lw(ctx, core.j) != "of":
        return False
    if core.soft == "counted" and counted_i is not None and ctx.doc[counted_i].lemma_.lower() in _NON_HEAD_NOUNS:
        return False
    if core.soft == "of" and _lw(ctx, core.j) != "of":
        return False
    if core.soft == "of_or_noun" and _lw(ctx, core.j) != "of" and counted_i is None:
        return False
    if ctx.has_ents and not measured and counted_i is None and hedge is None:
        if any(ctx.doc[k].ent_type_ in ("DATE", "TIME") for k in range(core.i, core.j)):
            return False
    return True


_CASUALTY_VERBS: Final = frozenset({"kill", "injure", "wound", "hurt", "maim"})


def _casualty_object(ctx: _Ctx, core: _Core) -> bool:
    """ "shot three people, killing one": a bare "one" that a casualty verb takes is a count of people."""
    tok = ctx.doc[core.i]
    if core.i > 0 and ctx.doc[core.i - 1].pos_ == "DET":
        return False  # "no one was hurt", "every one of them"
    return ctx.parsed and tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in _CASUALTY_VERBS


# --------------------------------------------------------------------------- counted noun


def _counted(ctx: _Ctx, core: _Core, k: int) -> int | None:
    """Token index of the head noun of the counted thing, or None."""
    if _lw(ctx, k) == "of":
        head = _np_head(ctx, _skip_dets(ctx, k + 1), partitive=True)
        if head is None and ctx.parsed:
            for obj in ctx.doc[k].children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") and obj.i < ctx.b \
                        and obj.lower_ not in _PRONOUNS and obj.i - k <= 8:
                    return obj.i
        return head
    head = _np_head(ctx, k)
    if head is not None:
        return head
    if ctx.parsed:
        # the parse may attach the number to a noun further right ("16 all-terrain vehicles")
        for t in range(core.i, core.j):
            h = ctx.doc[t].head
            if (h.i >= core.j and h.i < ctx.b and h.pos_ == "NOUN" and h.i - core.j <= 4
                    and h.lower_ not in _PRONOUNS
                    and ctx.doc[t].dep_ in ("nummod", "quantmod", "amod", "compound")
                    and not any(ctx.doc[x].pos_ in ("VERB", "AUX", "ADP", "CCONJ", "PUNCT") and ctx.doc[x].text not in _DASHES
                                for x in range(core.j, h.i))):
                return h.i
    return None


def _skip_dets(ctx: _Ctx, k: int) -> int:
    while _lw(ctx, k) in _PARTITIVE_DETS:
        k += 1
    return k


def _np_head(ctx: _Ctx, k: int, partitive: bool = False) -> int | None:
    """The head noun of the noun phrase starting at token k (modifiers, then nouns)."""
    doc = ctx.doc
    if not ctx.tagged:
        t = _tok(ctx, k)
        if t is not None and t.is_alpha and not t.is_stop and t.lower_ not in _UNITS:
            return k
        return None
    last_noun: int | None = None
    x = k
    while x < ctx.b and x - k < 8:
        t = doc[x]
        if t.text in _DASHES and _glued(t) and x > k and _glued(doc[x - 1]):
            x += 1
            continue  # "all-terrain", "high-caliber"
        if x > k and doc[x - 1].text in _DASHES and _glued(doc[x - 1]) and not (
                t.pos_ in ("NOUN", "PROPN") and not t.like_num):
            x += 1
            continue  # "Mi-8", "T-72" split by the tokenizer
        if x > k - 1 and any(c.isalpha() for c in t.text) and any(c.isdigit() for c in t.text) \
                and t.pos_ in ("NUM", "PROPN", "NOUN", "X") and last_noun is None:
            x += 1
            continue  # "Mi-8 helicopters", "F-16 jets": a model name before the noun
        glued_next = x + 1 < ctx.b and doc[x + 1].text in _DASHES and _glued(t) and _glued(doc[x + 1])
        if t.pos_ in ("NOUN", "PROPN") and not t.like_num:
            if t.lower_ in _PRONOUNS:
                break
            if glued_next:
                x += 1
                continue
            last_noun = x
            if t.tag_ in ("NNS", "NNPS"):
                break
            nxt = _tok(ctx, x + 1)
            if nxt is not None and nxt.tag_ == "POS":  # "the organization's members"
                x += 2
                continue
            if nxt is None or nxt.pos_ not in ("NOUN", "PROPN"):
                break
            x += 1
            continue
        if last_noun is not None:
            break
        if glued_next or t.pos_ in ("ADJ",) or (t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG")) \
                or (t.pos_ == "ADV" and x + 1 < ctx.b and doc[x + 1].pos_ in ("ADJ", "VERB")) \
                or (t.lower_ == "all" and glued_next):
            x += 1
            continue
        break
    if last_noun is None:
        return None
    # the parse may know the real head: "ISIS terrorist organization's members"
    hops = 0
    while ctx.parsed and hops < 4:
        t = doc[last_noun]
        h = t.head
        if t.dep_ in ("compound", "nmod", "poss", "amod") and h.pos_ in ("NOUN", "PROPN") \
                and last_noun < h.i < min(ctx.b, k + 8) and h.lower_ not in _PRONOUNS \
                and not any(doc[x].pos_ in ("CCONJ", "PUNCT", "ADP", "VERB") and doc[x].text not in _DASHES
                            for x in range(last_noun + 1, h.i)):
            last_noun, hops = h.i, hops + 1
            continue
        break
    t = doc[last_noun]
    if t.pos_ == "PROPN" and t.tag_ != "NNPS" and not _looks_plural(t.text):
        return None  # a bare singular name after a number is not what is counted ("200 Monday")
    if t.lower_ in _MONTHS or t.lower_ in _UNITS and not partitive:
        return None
    return last_noun


def _looks_plural(text: str) -> bool:
    return len(text) > 3 and text.endswith("s") and not text.endswith("ss")


def _toll_counted(ctx: _Ctx, core: _Core) -> str | None:
    """ "raised the number of sorties to 60" → sortie; "the death toll rose to 12" → death."""
    if not ctx.parsed:
        return None
    tok = ctx.doc[core.i]
    prep = tok.head
    hops = 0
    while prep.pos_ != "ADP" and prep.head.i != prep.i and hops < 2 and prep.i >= ctx.a:
        prep, hops = prep.head, hops + 1
    if prep.pos_ != "ADP" or prep.lower_ not in ("to", "at", "of", "from", "by"):
        return None
    gov = prep.head
    candidates = [gov] if gov.lemma_.lower() in _TOLL_NOUNS else [
        c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in _TOLL_NOUNS
    ]
    for noun in candidates:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i != prep.i:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                        return _noun_form(obj)
        for child in noun.children:
            if child.dep_ == "compound" and child.pos_ == "NOUN":
                return _noun_form(child)
    return None


PARENT_NOUNS: Final = frozenset({
    "mother", "father", "parent", "mom", "mum", "dad", "grandmother", "grandfather", "grandparent",
})


def _kin_counted(ctx: _Ctx, core: _Core) -> str | None:
    """ "a mother of 12", "father of three": what is counted is the children."""
    if _lw(ctx, core.i - 1) == "of" and _lw(ctx, core.i - 2) in PARENT_NOUNS and _np_head(ctx, core.j) is None:
        return "grandchild" if _lw(ctx, core.i - 2).startswith("grand") else "child"
    return None


def _noun_form(tok: Token) -> str:
    """Plural-neutral lemma: "fighters" → "fighter", "SUVs" → "SUV", "Militants" → "militant"."""
    text = tok.text
    if len(text) > 2 and text.endswith("s") and text[:-1].isupper():
        return text[:-1]
    if text.isupper() and len(text) > 1 and any(c.isalpha() for c in text):
        return text
    lemma = (tok.lemma_ or "").lower()
    if not lemma or (lemma == text.lower() and (tok.tag_ in ("NNS", "NNPS") or not tok.tag_) and _looks_plural(text)):
        return _singular(text.lower())
    return lemma


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# --------------------------------------------------------------------------- rates, conversions


def _rate_after(ctx: _Ctx, k: int, money: bool = False) -> tuple[str | None, int]:
    """ "a day", "per hour", "each week", "/day", "daily" right at token k; for money also a price
    unit: "$55 per barrel", "$1,737 a tonne"."""
    w = _lw(ctx, k)
    if money and w in ("per", "a", "an") and _lw(ctx, k + 1) in _UNITS:
        unit, dim, _f = _UNITS[_lw(ctx, k + 1)]
        if dim not in ("duration", "percent"):
            return unit, k + 2
    if w in _RATE_ADVERBS:
        return _RATE_ADVERBS[w], k + 1
    if w in _RATE_WORDS:
        u = _lw(ctx, k + 1)
        if u in _UNITS and _UNITS[u][1] == "duration" and _lw(ctx, k + 2) not in _RATE_BLOCKERS:
            if w in ("a", "an") and u not in ("day", "week", "month", "year", "hour", "minute", "second"):
                return None, k
            return _UNITS[u][0], k + 2
    return None, k


def _skip_conversion(ctx: _Ctx, k: int, dimension: str) -> int:
    """After "30 km", skip "(19 miles)": the same quantity in another unit."""
    if dimension in ("count", "percent") or _lw(ctx, k) != "(":
        return k
    inner = _core_at(ctx, k + 1)
    for skip in (2, 3):  # "($2.6 million)", "(US$ 3 million)": the currency sign comes first
        if inner is not None or _lw(ctx, k + skip - 1) not in _CURRENCY_PREFIX:
            break
        inner = _core_at(ctx, k + skip)
    if inner is None or inner.vague:
        return k
    core = inner
    currency, _ = _currency_before(ctx, core.i, k + 1)
    unit = _unit_after(ctx, core) or (_glued_unit(core) if core.glued_unit else None)
    dim = "money" if currency else (unit.dimension if unit else None)
    if dim is None and core.j < ctx.b:
        money = _currency_after(ctx, core.j, core.scale)
        dim = "money" if money else None
    if dim is None or (dim != dimension and not (dimension == "rate" and dim in ("length", "rate"))):
        return k
    end = unit.j if unit else core.j
    for x in range(end, min(end + 4, ctx.b)):
        if ctx.doc[x].text == ")":
            return x + 1
    return k


def _phone_spans(offset: int, text: str) -> list[tuple[int, int]]:
    """Character spans (doc offsets) of phone-number-like digit runs in the window."""
    spans = []
    for m in _PHONE_RE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 7:
            spans.append((offset + m.start(), offset + m.end()))
    return spans
