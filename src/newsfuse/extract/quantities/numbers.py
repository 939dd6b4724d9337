"""Number words and digits: where a number starts, and the range its words state before any hedge or unit.

"200", "125,000", "1.5 million", "2.5m", "two and a half", "a dozen", "30-40", "between 10 and 20",
"two or three", "dozens", "tens of thousands", "several hundred": each becomes a ``Core`` (its tokens
and its range). The words are data (``lexicon/numbers.toml``, ``lexicon/quantities.toml``); the
readings (a state machine over the tokens, the range rules) are here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, get_args

from newsfuse import lexicon
from newsfuse.extract.quantities.records import (
    DASHES,
    NUM,
    Core,
    Soft,
    Window,
    glued,
    number_value,
    token_in,
    word_at,
)
from newsfuse.extract.quantities.units import UNITS, m_is_million, quantulum_unit

ONES: Final = lexicon.numbers("numbers", "ones")
TENS: Final = lexicon.numbers("numbers", "tens")
SCALES: Final = lexicon.numbers("numbers", "scales")
# magnitudes glued to digits ("3bn", "10k") or written after them ("3 bn")
GLUED_SCALES: Final = lexicon.numbers("quantities", "glued_scales")
SPACED_SCALES: Final = lexicon.numbers("quantities", "spaced_scales")

# plural magnitude → (low, high exclusive, base)
PLURAL_MAGNITUDES: Final[dict[str, tuple[float, float, float]]] = {
    word: (low, high, base) for word, (low, high, base) in lexicon.value("quantities", "plural_magnitudes").items()
}
NEEDS_OF: Final = lexicon.words("quantities", "needs_of")



def _quantifiers() -> dict[tuple[str, ...], tuple[tuple[float, float | None], Soft]]:
    """Quantifier words → ((low, high), what must follow for it to be a reported number), in file order;
    a "needs" the reader does not know is a data error, raised at import."""
    table: dict[tuple[str, ...], tuple[tuple[float, float | None], Soft]] = {}
    for phrase, entry in lexicon.value("quantities", "quantifiers").items():
        needs = entry["needs"]
        if needs not in get_args(Soft) or needs == "one":
            raise ValueError(f"quantities.toml [quantifiers] {phrase!r}: unknown needs {needs!r}")
        table[tuple(phrase.split())] = ((entry["low"], entry.get("high")), needs)
    return table


QUANTIFIERS: Final = _quantifiers()


def _vague_table() -> dict[str, tuple[float, float | None]]:
    table: dict[str, tuple[float, float | None]] = {}
    for word, (low, high_excl, _base) in PLURAL_MAGNITUDES.items():
        table[word] = (low, high_excl - 1)
    for small in ("tens", "hundreds"):
        for big in ("thousands", "millions", "billions"):
            lo, hi, _ = PLURAL_MAGNITUDES[small]
            base = PLURAL_MAGNITUDES[big][2]
            table[f"{small} of {big}"] = (lo * base, hi * base - 1)
    for words, (rng, _needs) in QUANTIFIERS.items():
        table[" ".join(words)] = rng
    return table


VAGUE_RANGES: Final[Mapping[str, tuple[float, float | None]]] = MappingProxyType(_vague_table())
"""The documented ranges for vague number words: phrase → (low, high); high None = unbounded."""

VAGUE_ACLED_POINTS: Final[Mapping[str, float]] = MappingProxyType(lexicon.numbers("quantities", "vague_acled_points"))
"""ACLED's conservative single figures for the same words, for comparison (not used here)."""

_GLUED_RE: Final = re.compile(rf"^(?P<num>{NUM})(?P<suf>[A-Za-z%°]+[A-Za-z0-9]*(?:/[A-Za-z]+)?)$")
_DASH_RANGE_RE: Final = re.compile(rf"^(?P<a>{NUM})[-–—](?P<b>{NUM})(?P<suf>[A-Za-z%]+)?$")
# a scale written before the number in one token: "magnitude-5.9"
_SCALE_FIRST_RE: Final = re.compile(rf"^(?P<suf>magnitude)[-–](?P<num>{NUM})$", re.IGNORECASE)
_ORDINAL_RE: Final = re.compile(r"^\d+(st|nd|rd|th|s|'s)$", re.I)

_STARTERS: Final = frozenset(
    {w[0] for w in QUANTIFIERS} | PLURAL_MAGNITUDES.keys() | ONES.keys() | TENS.keys()
    | {"a", "an", "half", "hundred", *SCALES}
)


def core_at(ctx: Window, i: int) -> Core | None:
    """The number words starting at token i, if any."""
    if i >= len(ctx.doc):
        return None
    tok = ctx.doc[i]
    if tok.lower_ not in _STARTERS and not tok.text[:1].isdigit() and tok.text[:1] != "." \
            and not _SCALE_FIRST_RE.match(tok.text):
        return None  # the cheap test that keeps the scan linear and fast
    return vague_at(ctx, i) or number_at(ctx, i)


def vague_at(ctx: Window, i: int) -> Core | None:
    """A vague amount starting at token i: a plural magnitude ("hundreds", "tens of thousands") or a
    quantifier ("several", "a number of"), multiplied by a magnitude after it ("several hundred")."""
    w = word_at(ctx, i)
    if w in PLURAL_MAGNITUDES:
        lo, hi, _base = PLURAL_MAGNITUDES[w]
        j = i + 1
        nxt, nxt2 = word_at(ctx, j), word_at(ctx, j + 1)
        if nxt == "of" and nxt2 in PLURAL_MAGNITUDES and PLURAL_MAGNITUDES[nxt2][2] > _base:
            base2 = PLURAL_MAGNITUDES[nxt2][2]
            return Core(i, j + 2, None, lo * base2, hi * base2 - 1, vague=True)
        if w in NEEDS_OF and nxt != "of":
            return None
        return Core(i, j, None, lo, hi - 1, vague=True)
    for words, (rng, needs) in QUANTIFIERS.items():
        n = len(words)
        if tuple(word_at(ctx, i + k) for k in range(n)) != words:
            continue
        j = i + n
        low, high = rng
        scaled = False
        while True:  # "several hundred", "a few thousand", "several hundred thousand"
            nw = word_at(ctx, j)
            if nw in SCALES or nw in ("hundred", "dozen"):
                f = SCALES.get(nw) or (100.0 if nw == "hundred" else 12.0)
                low, high = low * f, (high * f if high is not None else None)
                j, scaled = j + 1, True
                continue
            if nw in PLURAL_MAGNITUDES and nw not in NEEDS_OF and not scaled:
                plo, phi, pbase = PLURAL_MAGNITUDES[nw]
                if high is None:  # "many thousands"
                    low = plo
                else:  # "several thousands" = "several thousand"
                    low, high = low * pbase, high * pbase
                j, scaled = j + 1, True
                continue
            break
        if words[0] in ("many", "numerous", "multiple", "countless") and word_at(ctx, i - 1) in ("how", "as", "so"):
            if word_at(ctx, i - 1) != "so":
                return None
        return Core(i, j, None, low, high, vague=True, soft="" if scaled else needs)
    return None


def number_at(ctx: Window, i: int) -> Core | None:
    """Digits or number words starting at token i ("125,000", "1.5 million", "two and a half")."""
    tok = token_in(ctx, i)
    if tok is None:
        return None
    text = tok.text
    m = _DASH_RANGE_RE.match(text)
    if m:  # "30–40" kept as one token
        lo, hi = number_value(m["a"]), number_value(m["b"])
        if lo is None or hi is None:
            return None
        return Core(i, i + 1, None, lo, hi, digits=True, is_range=True,
                     glued_unit=m["suf"].lower() if m["suf"] else None,
                     year_like=is_year(m["a"]) or is_year(m["b"]))
    suspended = _suspended_range(ctx, i, text)
    if suspended is not None:
        return suspended
    m = _SCALE_FIRST_RE.match(text)
    if m:
        v = number_value(m["num"])
        return Core(i, i + 1, v, v, v, digits=True, glued_unit=m["suf"].lower()) if v is not None else None
    m = _GLUED_RE.match(text)
    if m and not _ORDINAL_RE.match(text):
        v = number_value(m["num"])
        suf = m["suf"].lower()
        if v is None:
            return None
        if suf in GLUED_SCALES and not (suf == "m" and not m_is_million(ctx, i, i + 1)):
            f = GLUED_SCALES[suf]
            return Core(i, i + 1, v * f, v * f, v * f, scale=f, digits=True)
        if suf in UNITS or quantulum_unit(m["suf"], True) is not None:
            return Core(i, i + 1, v, v, v, digits=True, glued_unit=m["suf"])
        return None
    return words_at(ctx, i)


def _suspended_range(ctx: Window, i: int, text: str) -> Core | None:
    """ "18- to 25-foot", "two- or three-bedroom": the first end's hyphen waits for the unit after the second."""
    if not text.endswith("-") or word_at(ctx, i + 1) not in ("to", "or"):
        return None
    lo = number_value(text[:-1])
    second = number_at(ctx, i + 2)
    if lo is None or second is None or second.value is None or second.is_range or lo >= second.value:
        return None
    return Core(i, second.j, None, lo, second.value, scale=second.scale, digits=second.digits, is_range=True,
                glued_unit=second.glued_unit, year_like=second.year_like)


def words_at(ctx: Window, i: int) -> Core | None:  # noqa: C901 - one pass over a rule table, read top to bottom
    """A cardinal written with digits and/or words, read with a small state machine."""
    total, current, scale = 0.0, 0.0, 1.0
    k, last, seen, digits = i, "start", False, False
    only_one = True
    while k < ctx.b:
        tok = ctx.doc[k]
        w = tok.lower_
        nxt = word_at(ctx, k + 1)
        if last == "start" and w in ("a", "an") and nxt in ("hundred", "dozen", *SCALES):
            current, last, k = 1.0, "a", k + 1
            only_one = False
            continue
        if last == "start" and w == "half" and nxt in ("a", "an") and word_at(ctx, k + 2) in SCALES:
            current, last, k = 0.5, "half", k + 2
            only_one = False
            continue
        v = number_value(tok.text) if last == "start" else None
        if v is not None:
            if ctx.doc[k].text.startswith("0") and len(tok.text) > 1 and tok.text[1].isdigit():
                return None  # "0600", "007": times and codes
            current, last, seen, digits = v, "digit", True, True
            only_one = False
            k += 1
            continue
        if w in ONES and last in ("start", "tens", "hyphen", "hundred", "scale", "and"):
            if last in ("tens", "hyphen") and not 1 <= ONES[w] <= 9:
                break
            if last == "scale" and current:
                break
            current += ONES[w]
            if w != "one" or last != "start":
                only_one = False
            last, seen, k = "ones", True, k + 1
            continue
        if w in TENS and last in ("start", "hundred", "scale", "and"):
            if last == "scale" and current:
                break
            current += TENS[w]
            last, seen, k, only_one = "tens", True, k + 1, False
            continue
        if w == "-" and last == "tens" and glued(ctx.doc[k - 1]) and glued(tok) and nxt in ONES:
            last, k = "hyphen", k + 1
            continue
        if (w in DASHES and nxt in SCALES and last in ("ones", "tens", "digit", "hundred")
                and glued(ctx.doc[k - 1]) and glued(tok)):
            k += 1  # "two-million-euro", "$2-million": the hyphen of an adjectival sum
            continue
        if w == "hundred" and last in ("a", "ones", "tens", "digit", "start"):
            current = (current or 1.0) * 100
            last, seen, k, only_one, scale = "hundred", True, k + 1, False, 100.0
            continue
        big = SCALES.get(w) or (SPACED_SCALES.get(w) if last == "digit" else None)
        ws = w[:-1] if w.endswith(".") and len(w) > 1 else w
        if big is None and last == "digit" and ws in GLUED_SCALES and glued(ctx.doc[k - 1]):
            if ws != "m" or m_is_million(ctx, i, k + 1):
                big = GLUED_SCALES[ws]
        if big is not None and last in ("a", "ones", "tens", "digit", "hundred", "half", "half_and"):
            total += (current or 1.0) * big
            current, scale = 0.0, big
            last, seen, k, only_one = "scale", True, k + 1, False
            continue
        if w == "dozen" and last in ("a", "ones", "tens", "digit"):
            current = (current or 1.0) * 12
            last, seen, k, only_one = "dozen", True, k + 1, False
            continue
        if w == "and" and last in ("hundred", "scale") and nxt in ONES | TENS.keys():
            last, k = "and", k + 1
            continue
        if (w == "and" and last in ("ones", "tens", "digit") and nxt in ("a", "one")
                and word_at(ctx, k + 2) == "half"):
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
    return Core(i, k, value, value, value, scale=scale, digits=digits,
                 soft="one" if only_one else "", year_like=(k == i + 1 and is_year(text)))


def is_year(text: str) -> bool:
    """A four-digit number that can be a calendar year (1000–2199): kept only with a plural noun, a unit
    or a hedge."""
    return bool(re.fullmatch(r"\d{4}", text)) and 1000 <= int(text) <= 2199


def _unit_written_twice(ctx: Window, core: Core, word: str) -> bool:
    """ "30 percent to 45 percent": the same unit after both numbers joined by "to", and no "from" just before
    (a change: "from a low of 5 percent to 7 percent")."""
    if not (word.isalpha() or word == "%") or word_at(ctx, core.j + 1) != "to":
        return False
    second = number_at(ctx, core.j + 2)
    return (second is not None and word_at(ctx, second.j) == word
            and "from" not in {word_at(ctx, k) for k in range(core.i - 4, core.i)})


def merge_range(ctx: Window, core: Core) -> tuple[Core | None, int | None]:
    """Join "a-b", "a to b", "a or b", "between a and b"; drop scores like "2-1"."""
    if core.vague or core.is_range:
        return core, None
    between = word_at(ctx, core.i - 1) == "between"
    sep = token_in(ctx, core.j)
    if sep is None:
        return core, None
    sw = sep.lower_
    gap = 1  # from the first number's end to the second number
    if _unit_written_twice(ctx, core, sw):
        sw, gap = "to", 2  # "30 percent to 45 percent"
    ok = (sw in DASHES or sw in ("to", "or") or (between and sw == "and"))
    if not ok or (sw == "to" and word_at(ctx, core.i - 1) == "from"):
        return core, None
    if sw == "or" and word_at(ctx, core.j + gap) in ("more", "so", "fewer", "less", "over"):
        return core, None
    second = number_at(ctx, core.j + gap)
    if second is None or second.value is None or core.value is None:
        return core, None
    if sw in DASHES and word_at(ctx, second.j) in DASHES and number_at(ctx, second.j + 1) is not None:
        k = second.j  # "6-2-1": a record or a code, not a range
        while word_at(ctx, k) in DASHES and (nxt := number_at(ctx, k + 1)) is not None:
            k = nxt.j
        return None, k
    lo, hi = core.value, second.value
    if core.scale == 1.0 and second.scale > 1.0 and lo * second.scale <= hi:
        lo = lo * second.scale  # "2-3 million"
    if sw in DASHES and core.digits and second.digits and glued(ctx.doc[core.j - 1]) and lo >= hi:
        # "2-1": a score; its tokens are consumed, and a tie-break's points after it ("7-6 (5)")
        points = number_at(ctx, second.j + 1) if word_at(ctx, second.j) == "(" else None
        if points is not None and word_at(ctx, points.j) == ")":
            return None, points.j + 1
        return None, second.j
    if lo >= hi:
        return core, None
    merged = Core(core.i, second.j, None, lo, hi, scale=second.scale, digits=core.digits or second.digits,
                   is_range=True, year_like=core.year_like or second.year_like,
                   glued_unit=second.glued_unit)
    return merged, (core.i - 1 if between else None)
