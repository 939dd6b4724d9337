"""The quantity reader: one linear pass over a sentence's tokens, each number read in steps.

At each token that can start a number (a cheap first-token test keeps the pass linear), the number
words are read (``numbers``), then a range, a currency or unit (``units``), a hedge (``hedges``),
what is counted (``counted``) and a rate; ``skips`` drops what is not a reported quantity. No model is
loaded per call.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsfuse.extract.quantities.counted import counted_at, kin_counted, noun_form, np_head, skip_dets, toll_counted
from newsfuse.extract.quantities.hedges import apply_hedge, prefix_hedge, suffix_hedge
from newsfuse.extract.quantities.numbers import core_at, merge_range
from newsfuse.extract.quantities.records import DASHES, MONTHS, Core, Window, rounded, span_text, word_at
from newsfuse.extract.quantities.skips import is_age_or_compound, is_reported, skip_core
from newsfuse.extract.quantities.units import (
    CURRENCY_PREFIX,
    UNITS,
    currency_after,
    currency_before,
    glued_unit,
    rate_after,
    unit_after,
)
from newsfuse.model import load_model
from newsfuse.phones import phone_spans
from newsfuse.types import Dimension, Qualifier, Quantity, QuantityMention

log = logging.getLogger(__name__)


def find_quantities(span: Doc | Span) -> list[QuantityMention]:
    """Every reported number in a parsed sentence (or doc), with offsets into ``span.doc.text``.

    Never raises: a candidate that cannot be read is skipped (and logged at debug level).
    """
    doc = span.doc if isinstance(span, Span) else span
    a, b = (span.start, span.end) if isinstance(span, Span) else (0, len(doc))
    ctx = Window(
        doc, a, b,
        tagged=doc.has_annotation("TAG"),
        parsed=doc.has_annotation("DEP"),
        has_ents=doc.has_annotation("ENT_IOB"),
    )
    phones = phone_spans(doc[a:b].start_char, doc[a:b].text) if b > a else []
    out: list[QuantityMention] = []
    i, floor = a, a
    while i < b:
        try:
            core = core_at(ctx, i)
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


def _mention(ctx: Window, core: Core, floor: int,  # noqa: C901 - one pass over a rule table, read top to bottom
             phones: list[tuple[int, int]]) -> tuple[QuantityMention | None, int] | None:
    """Turn a core into a mention: ranges, hedges, units, counted noun, filters.

    None when the core is not a reported number; ``(None, k)`` when tokens up to k are used up
    without a mention (a score); else the mention and the token after it.
    """
    doc = ctx.doc
    # ranges: "30-40", "10 to 20", "two or three", "between 10 and 20"; a score's tokens are used up whatever
    # its first number is ("beat the Hornets 5-4": no "4" left behind a number taken for a name's)
    merged, between_i = merge_range(ctx, core)
    if merged is None:
        return None, between_i or core.j
    if skip_core(ctx, core, phones):
        return None
    core = merged
    start_i = between_i if between_i is not None else core.i
    # currency before the number: "$3 million", "US$ 5", "more than $200"
    currency, start_i = currency_before(ctx, start_i, floor)
    unit = None if currency else unit_after(ctx, core)
    if unit is None and core.glued_unit:
        unit = glued_unit(core)
    end_i = unit.j if unit and unit.j > core.j else core.j
    if currency is None and unit is None and not core.vague:
        money = currency_after(ctx, core.j, core.scale)
        if money is not None:
            currency, end_i = money
    # ages, adjectival compounds, relative dates
    if is_age_or_compound(ctx, core, unit, end_i):
        return None
    if unit is None and currency is None and word_at(ctx, end_i) in DASHES and word_at(ctx, end_i + 1) == "strong":
        end_i += 2  # "a 5,000-strong force": the force is what is counted
    if unit is not None and unit.dimension == "duration" and word_at(ctx, end_i) == "ago":
        return None
    # the number as written a second time in another unit is skipped by the caller via end_i
    # hedges
    hedge, start_i = prefix_hedge(ctx, start_i, floor)
    suffix, end_i = suffix_hedge(ctx, end_i, hedge)
    if hedge is None:
        hedge = suffix
    # "more than a year": "a" stands for one only after a hedge, before a unit
    counted_i = None
    if currency is None and (unit is None or unit.dimension in ("count",)):
        counted_i = counted_at(ctx, core, end_i)
    elif unit is not None and word_at(ctx, end_i) == "of":
        counted_i = np_head(ctx, skip_dets(ctx, end_i + 1))
    if not is_reported(ctx, core, unit, currency, hedge, counted_i):
        return None
    # rate: "a day", "per day", "daily"
    rate, end_rate = rate_after(ctx, counted_i + 1 if counted_i is not None and counted_i >= end_i else end_i,
                                 money=currency is not None)
    if rate is not None and counted_i is not None and counted_i >= end_i:
        # "60 sorties a day": the rate words come after the counted noun; the span stays on the number
        rate_span_end = end_i
    else:
        rate_span_end = end_rate if rate is not None else end_i
    counted = noun_form(doc[counted_i]) if counted_i is not None else None
    if counted is None and currency is None:
        counted = toll_counted(ctx, core) or kin_counted(ctx, core)
    # quantity
    factor = unit.factor if unit else 1.0
    low = _scaled(core.low, factor)
    high = _scaled(core.high, factor)
    value = _scaled(core.value, factor)
    qualifier: Qualifier = "vague" if core.vague else ("about" if core.is_range else "exact")
    if hedge is not None:
        qualifier, low, high = apply_hedge(hedge, core, value, low, high)
    dimension: Dimension
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
        if currency is None or UNITS.get(rate, ("", "duration"))[1] == "duration":
            dimension = "rate"  # a price per unit ("USD/barrel") stays money
    start_c = doc[start_i].idx
    last = doc[rate_span_end - 1]
    end_c = last.idx + len(last.text)
    if last.text.endswith(".") and len(last.text) > 1 and last.text[-2].isalpha() and last.lower_ not in MONTHS:
        end_c -= 1  # "900 km/h." or "€30m." at the end of a sentence: the full stop is not ours
    text = span_text(doc, start_i, rate_span_end)[: end_c - start_c]
    quantity = Quantity(text=text, value=value if not core.vague and not core.is_range else None,
                        low=low, high=high, unit=unit_s, qualifier=qualifier)
    mention = QuantityMention(start=start_c, end=end_c, quantity=quantity, counted=counted,
                              dimension=dimension)
    next_i = _skip_conversion(ctx, max(rate_span_end, end_i), dimension)
    return mention, next_i


def _scaled(v: float | None, factor: float) -> float | None:
    return None if v is None else rounded(v * factor)


def _skip_conversion(ctx: Window, k: int, dimension: str) -> int:
    """After "30 km", skip "(19 miles)": the same quantity in another unit."""
    if dimension in ("count", "percent") or word_at(ctx, k) != "(":
        return k
    inner = core_at(ctx, k + 1)
    for skip in (2, 3):  # "($2.6 million)", "(US$ 3 million)": the currency sign comes first
        if inner is not None or word_at(ctx, k + skip - 1) not in CURRENCY_PREFIX:
            break
        inner = core_at(ctx, k + skip)
    if inner is None or inner.vague:
        return k
    core = inner
    currency, _ = currency_before(ctx, core.i, k + 1)
    unit = unit_after(ctx, core) or (glued_unit(core) if core.glued_unit else None)
    dim = "money" if currency else (unit.dimension if unit else None)
    if dim is None and core.j < ctx.b:
        money = currency_after(ctx, core.j, core.scale)
        dim = "money" if money else None
    if dim is None or (dim != dimension and not (dimension == "rate" and dim in ("length", "rate"))):
        return k
    end = unit.j if unit else core.j
    for x in range(end, min(end + 4, ctx.b)):
        if ctx.doc[x].text == ")":
            return x + 1
    return k
