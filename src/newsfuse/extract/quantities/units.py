"""Units after a number (or currencies before it), and rates: "30 km", "$3 million", "five euros", "60 a day".

The news units, currencies and rate words are data (``lexicon/units.toml``); a unit word that table
lacks is looked up in quantulum3's unit lexicon, never its parser: its guesses for counted nouns are
wrong ("20 SUVs" → siemens) and it is slow. That lexicon is loaded once, lazily, the first time an
unknown unit word is met (about 1–5 s per process).
"""

from __future__ import annotations

import logging
import warnings
from functools import lru_cache
from typing import Any, Final, cast

from quantulum3 import load as quantulum_load
from spacy.tokens import Token

from newsfuse import lexicon
from newsfuse.extract.quantities.records import DASHES, Core, UnitSpan, Window, glued, span_text, token_in, word_at
from newsfuse.types import Dimension

log = logging.getLogger(__name__)

UnitEntry = tuple[str, Dimension, float]  # canonical unit, dimension, factor to the canonical unit
# measurement units: lower-cased surface → (canonical unit, dimension, factor to canonical)
UNITS: Final[dict[str, UnitEntry]] = {
    surface: (entry["unit"], entry["dimension"], entry.get("factor", 1.0))
    for entry in lexicon.value("units", "units") for surface in entry["surfaces"]
}
CURRENCY_PREFIX: Final = lexicon.mapping("units", "currency_prefix")
CURRENCY_WORDS: Final = lexicon.mapping("units", "currency_words")
_LOWERCASE_CODES: Final = lexicon.words("units", "lowercase_currency_codes")
_DOLLAR_COUNTRIES: Final = lexicon.mapping("units", "dollar_countries")
_LOWERCASE_ONLY: Final = lexicon.words("units", "lowercase_only")
_ADJECTIVE_UNITS: Final = lexicon.words("units", "adjective_units")
_A_RATE_UNITS: Final = lexicon.words("units", "a_rate_units")
_ADDITIONAL: Final = lexicon.words("quantities", "additional")

_RATE_WORDS: Final = lexicon.words("units", "rate_words")
_RATE_ADVERBS: Final = lexicon.mapping("units", "rate_adverbs")
_RATE_BLOCKERS: Final = lexicon.words("units", "rate_blockers")
_QUANTULUM_DIMENSIONS: Final = cast(dict[str, Dimension], lexicon.mapping("units", "quantulum_dimensions"))


def m_is_million(ctx: Window, i: int, j: int) -> bool:
    """A glued "m" after digits: million before money or a plural noun, else metres."""
    prev = word_at(ctx, i - 1)
    if prev in CURRENCY_PREFIX:
        return True
    nxt = token_in(ctx, j)
    if nxt is None:
        return False
    if nxt.lower_ in CURRENCY_WORDS:
        return True
    return nxt.tag_ in ("NNS", "NNPS") or nxt.lower_ in ("people", "residents", "civilians")


def currency_before(ctx: Window, start_i: int, floor: int) -> tuple[str | None, int]:
    """A currency sign or code right before the number ("$3 million", "US$ 5"), not before ``floor``
    (the end of the previous quantity); with the token where the quantity now starts."""
    prev = token_in(ctx, start_i - 1)
    if prev is None or start_i - 1 < floor:
        return None, start_i
    code = CURRENCY_PREFIX.get(prev.lower_)
    if code is None:
        return None, start_i
    if prev.lower_ in _LOWERCASE_CODES and prev.text.islower():
        return None, start_i
    before = token_in(ctx, start_i - 2)
    if before is not None and before.lower_ in ("us", "u.s.") and prev.text == "$" and start_i - 2 >= floor:
        return code, start_i - 2
    return code, start_i - 1


def currency_after(ctx: Window, k: int, scale: float) -> tuple[str, int] | None:
    """ "3 million dollars", "300 US dollars", "5m euros", "10 million pounds", "two-million-euro"."""
    dash = token_in(ctx, k)
    if dash is not None and dash.text in DASHES and glued(ctx.doc[k - 1]) and glued(dash) \
            and word_at(ctx, k + 1) in CURRENCY_WORDS:
        k += 1
    w, w2 = word_at(ctx, k), word_at(ctx, k + 1)
    if w in _DOLLAR_COUNTRIES and w2 in ("dollar", "dollars"):
        return _DOLLAR_COUNTRIES[w], k + 2
    if w == "hong" and w2 == "kong" and word_at(ctx, k + 2) in ("dollar", "dollars"):
        return "HKD", k + 3
    if w in ("pound", "pounds") and w2 == "sterling":
        return "GBP", k + 2
    if w in ("pound", "pounds") and scale >= 1e6:
        return "GBP", k + 1
    if w in CURRENCY_WORDS:
        return CURRENCY_WORDS[w], k + 1
    return None


def unit_after(ctx: Window, core: Core) -> UnitSpan | None:
    """A measurement unit right after the number (optionally after a hyphen: "three-year")."""
    k = core.j
    tok = token_in(ctx, k)
    if tok is None:
        return None
    if tok.text in DASHES and glued(ctx.doc[k - 1]) and glued(tok):
        k += 1
    elif tok.lower_ in _ADDITIONAL and word_at(ctx, k + 1) in UNITS:
        k += 1  # "hundreds more years", "two extra days"
    if word_at(ctx, k) in ("pound", "pounds") and core.scale >= 1e6:
        return None  # "10 million pounds": money, read by currency_after
    for n in (3, 2, 1):
        words = _surface(ctx, k, k + n)
        if words in UNITS:
            unit, dim, f = UNITS[words]
            first = ctx.doc[k]
            if not _unit_plausible(ctx, core, words, first, n):
                continue
            return UnitSpan(unit, dim, f, k, k + n)
    t = token_in(ctx, k)
    if t is None:
        return None
    if t.lower_ == "m" and not m_is_million(ctx, core.i, k + 1):
        return UnitSpan("m", "length", 1.0, k, k + 1)
    q = quantulum_unit(t.text, glued(ctx.doc[k - 1]))
    if q is not None:
        return UnitSpan(q[0], q[1], 1.0, k, k + 1)
    return None


def _surface(ctx: Window, i: int, j: int) -> str:
    """The lower-cased text of tokens [i, j), single-spaced, without a sentence-final period."""
    if i >= j or j > ctx.b or i < ctx.a:
        return ""
    doc = ctx.doc
    if doc[j - 1].is_punct and doc[j - 1].text not in ("%", "°") or any(
            doc[x].is_space or doc[x].is_punct and doc[x].text not in ("/", "%", "°") for x in range(i, j)):
        return ""  # a unit never holds separate punctuation (but "km/h") or line breaks
    text = span_text(doc, i, j).lower()
    text = " ".join(text.split())
    return text[:-1] if text.endswith(".") and len(text) > 2 else text


def _unit_plausible(ctx: Window, core: Core, words: str, first: Token, n: int) -> bool:
    """Reject unit words that are something else here ("second" as an ordinal, "in" …)."""
    if words in _LOWERCASE_ONLY:
        return first.text.islower() or first.text == "%"
    if words in ("pound", "pounds", "lb", "lbs") and word_at(ctx, first.i + 1) == "sterling":
        return False
    if words in ("%",):
        return True
    if words in _ADJECTIVE_UNITS and core.value not in (None, 1.0):
        # a singular unit after a plural number only as an adjective ("three-year", "24-hour")
        return ctx.doc[first.i - 1].text in DASHES
    return True


def glued_unit(core: Core) -> UnitSpan | None:
    """The unit glued to the digits ("30km", "12pc", "5GB") as a unit of the number's own span."""
    suf = (core.glued_unit or "").lower()
    if suf in UNITS:
        unit, dim, f = UNITS[suf]
        return UnitSpan(unit, dim, f, core.j, core.j)
    q = quantulum_unit(core.glued_unit or "", True)
    if q is not None:
        return UnitSpan(q[0], q[1], 1.0, core.j, core.j)
    return None


@lru_cache(maxsize=4096)
def quantulum_unit(word: str, glued: bool) -> tuple[str, Dimension] | None:
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
def _quantulum_units() -> Any:  # quantulum3 has no public type for its unit lexicon
    """quantulum3's English unit lexicon, or None when it cannot be loaded (only the fallback is lost)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return quantulum_load.units("en_US")
    except Exception:  # noqa: BLE001 - a missing lexicon only loses the fallback
        log.warning("quantulum3 unit lexicon unavailable", exc_info=True)
        return None


def rate_after(ctx: Window, k: int, money: bool = False) -> tuple[str | None, int]:
    """ "a day", "per hour", "each week", "/day", "daily" right at token k; for money also a price
    unit: "$55 per barrel", "$1,737 a tonne"."""
    w = word_at(ctx, k)
    if money and w in ("per", "a", "an") and word_at(ctx, k + 1) in UNITS:
        unit, dim, _f = UNITS[word_at(ctx, k + 1)]
        if dim not in ("duration", "percent"):
            return unit, k + 2
    if w in _RATE_ADVERBS:
        return _RATE_ADVERBS[w], k + 1
    if w in _RATE_WORDS:
        u = word_at(ctx, k + 1)
        if u in UNITS and UNITS[u][1] == "duration" and word_at(ctx, k + 2) not in _RATE_BLOCKERS:
            if w in ("a", "an") and u not in _A_RATE_UNITS:
                return None, k
            return UNITS[u][0], k + 2
    return None, k
