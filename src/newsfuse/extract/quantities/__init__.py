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
  (the second number's magnitude is carried to the first), "30 percent to 45 percent", "18- to 25-foot"
  (the unit after both ends, or after the second only): ``low``/``high`` are the two ends,
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
``dimension`` is one of count | duration | length | mass | rate | money | percent | magnitude | other
(:data:`newsfuse.types.Dimension`).

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
  through "the number/toll of X ... to N" ("lifting the number of patrols to 40-50" → "patrol",
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

Layout
======
One module a step of the reading, in the order a number is read: ``numbers`` (number words, ranges,
vague words), ``units`` (units, currencies, rates), ``hedges``, ``counted`` (what is counted),
``skips`` (what is not a quantity), ``reader`` (the pass that ties them together); ``records`` holds
what they hand each other. The words are data: ``lexicon/quantities.toml``, ``lexicon/units.toml``
and the number words of ``lexicon/numbers.toml``.
"""

from __future__ import annotations

from newsfuse.extract.quantities.counted import PARENT_NOUNS
from newsfuse.extract.quantities.hedges import ABOUT_BAND, NEAR_FRACTION
from newsfuse.extract.quantities.numbers import VAGUE_ACLED_POINTS, VAGUE_RANGES
from newsfuse.extract.quantities.reader import find_quantities, parse_quantity

__all__ = [
    "ABOUT_BAND",
    "NEAR_FRACTION",
    "PARENT_NOUNS",
    "VAGUE_ACLED_POINTS",
    "VAGUE_RANGES",
    "find_quantities",
    "parse_quantity",
]
