"""The records the quantity reader hands between its steps, and the token helpers every step uses.

A number is read in steps (its words, a range, a hedge, a unit, what it counts, whether it is a
quantity at all), one module a step; they share one view of the sentence (``Window``) and these
records, so no step reaches into another's private state.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final, Literal

from spacy.tokens import Doc, Token

from newsfuse import lexicon
from newsfuse.types import Dimension

NUM: Final = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"  # a number written with digits
DIGITS_RE: Final = re.compile(rf"^{NUM}$")
# What must follow a number for it to be a reported quantity: "of" ("a handful of"), "counted" (a counted
# noun or a partitive "of": "many people"), "of_or_noun" ("a couple of", "a couple days"), "one" (a bare
# "one" needs a counted noun, a unit, a hedge or a range: "one of the largest" is no count), or nothing.
Soft = Literal["", "counted", "of", "of_or_noun", "one"]
DASHES: Final = frozenset({"-", "–", "—"})
MONTHS: Final = lexicon.words("quantities", "months")


@dataclass(frozen=True, slots=True)
class Core:
    """The number words of one quantity: tokens ``[i, j)`` and the range they state."""

    i: int
    j: int
    value: float | None  # point value, None for ranges and vague words
    low: float | None
    high: float | None
    scale: float = 1.0  # trailing magnitude ("3 million" → 1e6), for "2-3 million"
    vague: bool = False
    soft: Soft = ""  # what must follow (a quantifier's "needs"), or "one": a bare "one" needs a noun
    year_like: bool = False
    glued_unit: str | None = None  # unit glued to the digits: "30km", "12pc"
    digits: bool = False  # written with digits
    is_range: bool = False


@dataclass(frozen=True, slots=True)
class UnitSpan:
    """A measurement unit found after (or, for currencies, before) the number."""

    unit: str
    dimension: Dimension
    factor: float
    i: int  # token span of the unit words
    j: int


@dataclass(frozen=True, slots=True)
class Window:
    """The doc and the token window being read, with what annotation it carries."""

    doc: Doc
    a: int
    b: int
    tagged: bool
    parsed: bool
    has_ents: bool


def token_in(ctx: Window, k: int) -> Token | None:
    """Token k, or None outside the window: a rule looking left or right never reads the next sentence."""
    return ctx.doc[k] if ctx.a <= k < ctx.b else None


def word_at(ctx: Window, k: int) -> str:
    """Token k lower-cased, "" outside the window: rules compare words without checking bounds."""
    t = token_in(ctx, k)
    return t.lower_ if t is not None else ""


def glued(tok: Token) -> bool:
    """True when the token is written with no space after it."""
    return not tok.whitespace_


def number_value(text: str) -> float | None:
    """The value of a number written with digits ("125,000", "1.5"), None for anything else."""
    if not DIGITS_RE.match(text):
        return None
    try:
        v = float(text.replace(",", ""))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def span_text(doc: Doc, i: int, j: int) -> str:
    """The text of tokens [i, j) as in the doc (without the trailing space); O(j - i), unlike
    ``doc.text`` which joins the whole doc on every access."""
    return "".join(doc[x].text_with_ws for x in range(i, j - 1)) + doc[j - 1].text


def rounded(v: float) -> float:
    """A computed bound without float noise (0.8 × 3 is 2.4, not 2.4000000000000004)."""
    return float(round(v, 6))
