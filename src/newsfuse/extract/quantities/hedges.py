"""Hedges: the words around a number that say how far the text commits to it.

"at least 200" → low 200, no high; "up to 30" → high 30, no low; "nearly three years" → 2.4–3;
"around 70" → 63–77; "30-odd" → more than 30. The phrases and what each does are data
(``lexicon/quantities.toml``); how a stated range becomes the hedged one is here (``apply_hedge``).
"""

from __future__ import annotations

from typing import Final, Literal, get_args

from newsfuse import lexicon
from newsfuse.extract.quantities.records import Core, Window, glued, rounded, word_at
from newsfuse.types import Qualifier

ABOUT_BAND: Final = 0.10  # "around n" → n ± 10% (at least ± 1 for whole n)
NEAR_FRACTION: Final = 0.8  # "nearly n" → 0.8·n … n

# How a hedge bounds the stated range: floor (low = n), ceil (high = n), near (0.8n..n), band (±10%).
HedgeMode = Literal["floor", "ceil", "near", "band"]
Hedge = tuple[Qualifier, HedgeMode]


def _hedges(table: str) -> dict[tuple[str, ...], Hedge]:
    """A hedge table of ``lexicon/quantities.toml``: phrase (tokens split on spaces) → (qualifier, mode),
    in file order; a qualifier or mode the types do not know is a data error, raised at import."""
    out: dict[tuple[str, ...], Hedge] = {}
    for phrase, (qualifier, mode) in lexicon.value("quantities", table).items():
        if qualifier not in get_args(Qualifier) or mode not in get_args(HedgeMode):
            raise ValueError(f"quantities.toml [{table}] {phrase!r}: unknown hedge {qualifier!r} {mode!r}")
        out[tuple(phrase.split())] = (qualifier, mode)
    return out


PREFIX_HEDGES: Final = _hedges("prefix_hedges")
SUFFIX_HEDGES: Final = _hedges("suffix_hedges")
_MAX_HEDGE: Final = max(len(k) for k in PREFIX_HEDGES)


def apply_hedge(hedge: Hedge, core: Core, value: float | None,
                 low: float | None, high: float | None) -> tuple[Qualifier, float | None, float | None]:
    """Turn the stated range into the hedged one (see the module docstring)."""
    qualifier, mode = hedge
    if mode == "floor":
        return qualifier, low, None
    if mode == "ceil":
        return qualifier, None, high
    if mode == "near":
        return qualifier, (rounded(high * NEAR_FRACTION) if high is not None else None), high
    # band
    if core.vague:
        return "vague", low, high
    if value is None:  # "around 30-40": keep the stated ends
        return qualifier, low, high
    band = abs(value) * ABOUT_BAND
    if float(value).is_integer() and abs(value) >= 1:
        band = max(band, 1.0)
    return qualifier, rounded(value - band), rounded(value + band)


def prefix_hedge(ctx: Window, start_i: int, floor: int) -> tuple[Hedge | None, int]:
    """The longest hedge phrase right before token ``start_i`` (not before ``floor``, the end of the previous
    quantity), with the token where the quantity now starts."""
    for n in range(_MAX_HEDGE, 0, -1):
        s = start_i - n
        if s < max(floor, ctx.a):
            continue
        words = tuple(ctx.doc[k].lower_ for k in range(s, start_i))
        if words in PREFIX_HEDGES:
            return PREFIX_HEDGES[words], s
    return None, start_i


def suffix_hedge(ctx: Window, end_i: int, prefix: Hedge | None) -> tuple[Hedge | None, int]:
    """A hedge right after the number ("or more", "-plus", "or so"); an "or ..." one only when no hedge came
    before ("at least 30 or more" says it once), with the token after it."""
    for words, hedge in SUFFIX_HEDGES.items():
        n = len(words)
        got = tuple(word_at(ctx, end_i + k) for k in range(n))
        if got != words:
            continue
        if words[0] in ("plus", "odd") and not glued(ctx.doc[end_i - 1]) and words[0] == "plus":
            continue
        if words == ("or", "so") or words[0] != "or" or prefix is None:
            return hedge, end_i + n
    return None, end_i
