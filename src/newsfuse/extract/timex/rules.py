"""The rules: each a name, a regular expression, the handler that values its matches, and where it runs.

A rule runs only in small windows around its trigger words (``triggers``: classes of words in
``words.TRIGGERS``, or of numbers, see ``scan.find_triggers``), from ``back`` characters before a
trigger to ``fwd`` after it. When two matches overlap the longer wins, and at equal length the rule
that comes first in ``RULES``; so the order of the rows matters. A rule's name is stable: it is what
``explain`` reports and what a benchmark's error list shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from newsfuse.extract.timex import calendar, clock, durations, periods, sets
from newsfuse.extract.timex.context import Handler
from newsfuse.extract.timex.words import (
    AMPM_RE,
    CENTURY_ORDINAL_RE,
    DAY_RE,
    DECADE_WORDS_RE,
    HOUR_WORDS,
    MONTH_FULL_RE,
    MONTH_RE,
    NUM_RE,
    NUMWORD_RE,
    SEASON_WORDS_RE,
    SMALLW_RE,
    SPOKEN_YEAR_RE,
    TENSW_RE,
    TOD_WORD_RE,
    TZ_RE,
    UNIT_RE,
    WEEKDAY_RE,
    YEAR_RE,
    compile_rule,
)

__all__ = ["RULES", "Rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One named pattern and its handler; the pattern runs only in windows around the ``triggers``
    classes' words (``back`` characters before to ``fwd`` after)."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    triggers: tuple[str, ...]
    back: int = 30
    fwd: int = 30


def _rule(name: str, pattern: str, handler: Handler, triggers: str, back: int = 30, fwd: int = 30) -> Rule:
    """A row of ``RULES``: the pattern compiled case-insensitive and whole-word, the triggers split on spaces."""
    return Rule(name, compile_rule(pattern), handler, tuple(triggers.split()), back, fwd)


# a determiner, a direction word and an adjective that may stand before an amount of time
_DUR_DET = r"(?:(?:the|its|their|his|her|our|each\s+of\s+the)\s+)?"
_DUR_DIR = (
    r"(?:(?P<dir>past|last|next|first|coming|previous|following|final|initial|remaining|preceding|ensuing|"
    r"subsequent|latest|same|further|additional|first\s+few|next\s+few|last\s+few|past\s+few|"
    r"first\s+several|next\s+several|last\s+several|past\s+several)\s+)?"
)
_DUR_ADJ = (
    r"(?:(?:more|additional|full|straight|consecutive|long|short|trading|business|calendar|working|"
    r"extra|solid|whole|grueling|further)\s+)?"
)
_QUARTER_ORDINALS = "first|second|third|fourth|1st|2nd|3rd|4th|final|last"
_HOUR_RE: Final = "|".join(sorted(HOUR_WORDS, key=len, reverse=True))
_HOLIDAY_RE = (
    r"christmas(?:\s+(?:day|eve))?|new\s+year(?:'s|’s|s)?\s+(?:day|eve)|thanksgiving(?:\s+day)?|independence\s+day|"
    r"july\s+fourth|the\s+fourth\s+of\s+july|fourth\s+of\s+july|halloween|valentine(?:'s|’s|s)?\s+day|veterans\s+day|"
    r"labor\s+day|memorial\s+day|election\s+day|easter(?:\s+(?:sunday|monday))?|good\s+friday|"
    r"martin\s+luther\s+king(?:\s+jr\.)?\s+day|presidents'?\s+day|boxing\s+day|armistice\s+day|bastille\s+day"
)
# "the past" is a reference to the past, unless an amount or a unit follows ("the past two years")
_THE_PAST = (
    r"the\s+past(?!\s+(?:[0-9]|few|several|couple|many|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|"
    r"forty|fifty|dozen|hundred|decade|century|year|month|week|day|quarter|spring|summer|fall|autumn|winter))"
)

RULES: Final[tuple[Rule, ...]] = (
    # ---- written dates
    _rule("iso_date",
          r"(?P<y>[12][0-9]{3})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])"
          r"(?:[T ](?P<H>[0-2][0-9]):(?P<M>[0-5][0-9])(?::[0-5][0-9])?)?",
          calendar.iso_date, "iso", 0, 20),
    _rule("numeric_date", r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4}|[0-9]{2})(?![/0-9])",
          calendar.numeric_date, "slash", 3, 8),
    _rule("month_day",
          rf"(?:(?P<wd>{WEEKDAY_RE}),?\s+(?:the\s+)?)?(?P<mon>{MONTH_RE})\s*(?P<day>{DAY_RE})(?![0-9:.,]?[0-9])"
          rf"(?:(?:,\s*|\s+)(?P<year>{YEAR_RE})(?![0-9])|\s*,?\s*'(?P<y2>[0-9]{{2}})(?![0-9]))?",
          calendar.month_day, "month", 32, 30),
    _rule("day_month",
          rf"(?:(?P<wd>{WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<day>{DAY_RE})\s+(?:of\s+)?(?P<mon>{MONTH_RE})"
          rf"(?:,?\s+(?P<year>{YEAR_RE})(?![0-9]))?",
          calendar.day_month, "month", 40, 30),
    _rule("month_year",
          rf"(?P<mon>{MONTH_RE}),?\s+(?:of\s+)?"
          rf"(?:(?P<year>{YEAR_RE})(?![0-9])|'(?P<y2>[0-9]{{2}})(?![0-9])|(?P<sy>{SPOKEN_YEAR_RE}))",
          calendar.month_year, "month", 0, 60),
    _rule("month",
          rf"(?:(?P<rel>this|last|next|past|previous|coming)\s+)?(?P<mon>{MONTH_FULL_RE})(?!\s*[0-9])"
          r"(?:\s+(?P<yrel>this|last|next)\s+year)?",
          calendar.month, "month", 15, 30),
    _rule("year", rf"(?:the\s+year\s+)?(?P<year>{YEAR_RE})", calendar.year, "year4", 12, 2),
    _rule("spoken_year",
          rf"(?:the\s+year\s+|(?<=in\s))(?P<sy>{SPOKEN_YEAR_RE})|(?P<sy2>nineteen[- ]{TENSW_RE}(?:[- ]{SMALLW_RE})?)",
          calendar.spoken_year_date, "spoken", 20, 50),
    _rule("fiscal_year",
          r"(?:fiscal|FY|fiscal\s+year|financial\s+year|the\s+fiscal\s+year|model\s+year)\s*"
          rf"(?P<year>{YEAR_RE}|'?[0-9]{{2}})",
          calendar.fiscal_year, "fiscal", 6, 20),
    _rule("decade",
          r"(?:(?:the\s+)?(?:early|mid|late|mid-|early-|late-)?\s*)?(?:the\s+)?"
          rf"(?:(?P<dec4>1[5-9][0-9]0|20[0-9]0)'?s|'(?P<dec2>[0-9]0)'?s|(?P<decw>{DECADE_WORDS_RE}))",
          calendar.decade, "decade decade_word", 30, 2),
    _rule("century", rf"(?:the\s+)?(?P<cent>[0-9]{{1,2}}(?:st|nd|rd|th)|{CENTURY_ORDINAL_RE})[- ]century",
          calendar.century, "century", 30, 1),
    _rule("relative_century", r"(?P<rel>this|last|next|past|previous)\s+century", calendar.relative_century,
          "century", 12, 1),
    _rule("season",
          r"(?:(?P<det>the|this\s+past|this\s+coming|this|last|next|past|coming|the\s+coming|the\s+past|the\s+last)\s+)?"
          rf"(?P<season>{SEASON_WORDS_RE})"
          rf"(?:\s+(?:of\s+)?(?:(?P<year>{YEAR_RE})(?![0-9])|'(?P<y2>[0-9]{{2}})(?![0-9])|(?P<sy>{SPOKEN_YEAR_RE})))?",
          calendar.season, "season", 15, 40),
    _rule("weekday",
          rf"(?:(?P<rel>this\s+coming|this\s+past|this|last|next|past|previous|coming)\s+)?(?P<wd>{WEEKDAY_RE})"
          rf"(?:\s+(?P<tod>{TOD_WORD_RE}))?",
          calendar.weekday, "weekday", 20, 14),
    _rule("deictic_day",
          r"(?P<word>today|yesterday|tomorrow|tonight|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
          rf"(?:\s+(?P<tod>{TOD_WORD_RE}))?",
          calendar.deictic_day, "deictic", 25, 14),
    _rule("part_of_day", r"(?P<rel>this|last|tomorrow|yesterday)\s+(?P<tod>morning|afternoon|evening|night)",
          calendar.part_of_day, "tod", 12, 1),
    # ---- periods from the anchor
    _rule("this_last_next",
          r"(?P<rel>this\s+coming|this\s+past|this|last|next|the\s+current|current|previous)\s+"
          r"(?P<unit>week|weekend|month|year|quarter|decade)(?![a-z-])",
          periods.this_last_next, "unit", 20, 10),
    _rule("the_weekend", r"the\s+weekend", periods.the_weekend, "weekend", 6, 10),
    # "the third-quarter loss": a hyphenated quarter modifies a noun, whose determiner it leaves out
    _rule("numbered_quarter",
          rf"(?:(?:the(?!\s+(?:(?:fiscal|calendar|financial)[- ])?(?:{_QUARTER_ORDINALS})-quarter)|this\s+year's|"
          rf"last\s+year's|next\s+year's)\s+)?(?:(?P<py>{YEAR_RE})\s+)?(?:(?:fiscal|calendar|financial)[- ])?"
          rf"(?P<ord>{_QUARTER_ORDINALS})[- ]quarter(?![a-z])"
          rf"(?:\s+of\s+(?:(?P<year>{YEAR_RE})(?![0-9])|(?P<yrel>this|last|next)\s+year))?",
          periods.numbered_quarter, "quarter", 45, 25),
    _rule("quarter_code",
          rf"(?:(?:the\s+)?(?P<q>[1-4])Q|Q(?P<q2>[1-4]))(?:\s*(?:(?P<year>{YEAR_RE})(?![0-9])|'?(?P<y2>[0-9]{{2}})(?![0-9])))?",
          periods.quarter_code, "q", 6, 8),
    _rule("half_year",
          r"(?:the\s+)?(?P<h>first|second|1st|2nd|latter|last|final)\s+half"
          rf"(?:\s+of\s+(?:(?P<year>{YEAR_RE})(?![0-9])|(?P<yrel>this|last|next)\s+year|the\s+year))",
          periods.half_year, "half", 12, 25),
    _rule("the_quarter",
          r"(?:the|this)\s+(?P<adj>latest|most\s+recent|recent|current|past|previous|year-ago|year-earlier|comparable|"
          r"fiscal|next|coming)?\s*quarter(?![a-z-])",
          periods.the_quarter, "quarter", 25, 1),
    _rule("reported_period",
          r"(?:the|that)\s+(?:(?:latest|comparable|corresponding|same)\s+(?:(?:year-ago|year-earlier)\s+)?|"
          r"(?:year-ago|year-earlier)\s+)period(?:\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?",
          periods.reported_period, "period", 40, 25),
    _rule("year_quarter",
          rf"(?:the\s+(?P<year>{YEAR_RE})|(?P<yrel>last|this|next)\s+year(?:'s|’s))\s+(?:quarter|period)(?![a-z-])|"
          r"the\s+(?:same\s+)?(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)",
          periods.year_quarter, "quarter period", 40, 25),
    _rule("fiscal_year_relative",
          r"the\s+(?:(?P<adj>current|latest|previous|last|next|this|full)\s+(?:fiscal\s+)?|fiscal\s+)year(?![a-z-])",
          periods.fiscal_year_relative, "year", 30, 1),
    _rule("year_ended", r"the\s+(?:fiscal\s+|financial\s+)?year(?=\s+(?:ended|ending)\s)", periods.year_ended,
          "year", 20, 12),
    # ---- lengths of time
    _rule("duration",
          rf"{_DUR_DET}{_DUR_DIR}(?:(?P<num>{NUM_RE})\s+)?{_DUR_ADJ}(?P<unit>{UNIT_RE})(?P<half>\s+and\s+a\s+half)?"
          r"(?:\s+(?:or\s+so\s+)?(?P<ago>ago|earlier|hence|from\s+now|back)(?![a-z]))?",
          durations.length, "unit", 70, 30),
    _rule("years_ago", r"(?P<unit>years|months|weeks|days|decades|centuries)\s+ago", durations.bare_ago,
          "ago", 12, 1),
    # "a three-year period", "one-year term" take in the head noun (HeidelTime duration_r3)
    _rule("hyphen_duration",
          r"(?:(?:an?|the)\s+(?=[\w-]+\s+(?:period|term)(?![a-z])))?"
          rf"(?:(?P<num>[0-9]+(?:\.[0-9]+)?|{NUMWORD_RE}|half|several|multi|many)-)?"
          r"(?P<unit>second|minute|hour|day|week|month|year|decade|century)s?(?P<long>-long)?"
          r"(?:\s+(?:period|term)(?![a-z]))?",
          durations.hyphen_duration, "unit", 24, 14),
    _rule("fraction_duration",
          r"(?P<frac>half\s+an?|a\s+half|a\s+quarter|half\s+a|a\s+quarter[- ]of\s+an?)[- ]"
          r"(?P<unit>hour|day|year|century|decade|month)",
          durations.fraction_duration, "half quarter", 3, 20),
    _rule("vague_plural", r"(?P<unit>years|months|weeks|days|hours|decades|centuries|minutes)", durations.vague_plural,
          "unit", 1, 10),
    _rule("recent_plural",
          r"(?:the\s+)?(?P<adj>recent|coming|upcoming|next\s+few|past\s+few)\s+"
          r"(?P<unit>years|months|weeks|days|decades|quarters)",
          durations.recent_plural, "unit", 22, 10),
    # ---- references, clock times, sets
    _rule("reference",
          r"(?P<word>now|currently|current|at\s+present|nowadays|these\s+days|recently|lately|the\s+recent\s+past|"
          rf"the\s+distant\s+past|{_THE_PAST}|the\s+(?:near|distant|foreseeable|not-too-distant)\s+future|"
          r"the\s+future|as\s+soon\s+as\s+possible)",
          sets.reference, "ref", 30, 30),
    _rule("clock_time",
          r"(?:(?P<word>noon|midnight|midday)|(?P<h>[0-2]?[0-9])(?:[:.](?P<min>[0-5][0-9]))?\s*"
          rf"(?:(?P<ampm>{AMPM_RE})|(?P<oclock>o'clock))?(?P<tz>{TZ_RE}))",
          clock.clock_time, "clock", 12, 16),
    _rule("spoken_time",
          r"(?P<mins>a\s+quarter|quarter|half|twenty[-\s]five|five|ten|twenty|[1-5]?[0-9]\s+minutes)\s+(?P<dir>past|to)\s+"
          rf"(?P<hour>{_HOUR_RE}|1[0-2]|[1-9])(?:\s+o'clock)?"
          rf"(?:\s+(?P<part>in\s+the\s+(?:morning|afternoon|evening)|at\s+night|{AMPM_RE}))?",
          clock.spoken_time, "spoken_clock", 20, 40),
    _rule("set_adverb",
          r"(?P<word>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|biannually|semiannually)",
          sets.set_adverb, "set_adverb", 1, 1),
    _rule("every",
          rf"(?:every|each|per)\s+(?:(?P<other>other)\s+|(?P<num>{NUM_RE})\s+)?(?P<unit>{UNIT_RE}|{WEEKDAY_RE}|"
          rf"morning|afternoon|evening|night|spring|summer|fall|autumn|winter|{MONTH_FULL_RE})",
          sets.every, "every", 1, 40),
    _rule("plural_weekday", r"(?P<wd>mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)",
          sets.plural_weekday, "weekday", 1, 3),
    _rule("weekends", r"weekends", sets.weekends, "weekend", 1, 1),
    # ---- holidays and references to a date mentioned before
    _rule("holiday",
          rf"(?:(?P<rel>last|next|this)\s+)?(?P<hol>{_HOLIDAY_RE})"
          rf"(?P<wk>\s+week(?![a-z-]))?(?:,?\s+(?P<year>{YEAR_RE})(?![0-9]))?",
          calendar.holiday, "holiday", 10, 30),
    _rule("anaphoric",
          r"(?P<rel>the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+prior|that|the\s+same|that\s+same)\s+"
          r"(?P<unit>day|week|month|year|morning|evening|night|afternoon)(?![a-z-])|"
          r"(?P<rel2>(?:earlier|later|early|late)\s+in\s+the)\s+(?P<unit2>week|month|year)(?![a-z-])",
          periods.anaphoric_period, "unit", 25, 2),
    _rule("year_word",
          r"(?P<word>year-end|year\s+end|year's\s+end|year-ago|year-earlier|end-of-year|the\s+end\s+of\s+the\s+year)",
          periods.year_word, "year", 20, 15),
)
