"""What a rule's handler sees (``Context``), what it returns (``Result``), and the marks it may leave.

A handler turns one regex match into a TIMEX3 type and value. Some values cannot be known from the
match alone: "the next day" needs the date last mentioned, "the quarter" the quarter last named. The
handler then returns a *mark* (a value with one of the prefixes below) and the ordered pass over all
expressions (``passes.resolve_refs``) replaces it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from newsfuse.extract.timex.tense import TenseFn, heuristic_tense
from newsfuse.types import TimexType

__all__ = [
    "CLOCK_MARK", "DROP", "QUARTER_CONTEXT_MARK", "QUARTER_YEAR_MARK", "REF_MARK", "YEAR_AGO_MARK",
    "Context", "Handler", "Result",
]

# a clock time with no day of its own ("CLK:2013-03-22T14:00"): the day last named, else the anchor's
CLOCK_MARK: Final = "CLK:"
# a day, week, month or year counted from the one last mentioned ("REF:day:1" is "the next day")
REF_MARK: Final = "REF:"
# the quarter under discussion, ``back`` years earlier ("QCTX:1:2012-Q3"); after the last colon the value
# to use when no quarter was named
QUARTER_CONTEXT_MARK: Final = "QCTX:"
# a year whose quarter under discussion is meant ("QYR:1988" is "the 1988 quarter")
QUARTER_YEAR_MARK: Final = "QYR:"
# "a year ago": the year before, or the quarter under discussion a year before
YEAR_AGO_MARK: Final = "YAGO:"
# the value of an expression that turned out to name nothing
DROP: Final = "DROP"


@dataclass(slots=True)
class Context:
    """What a rule handler may consult: the text, the anchor and the tense of the clause."""

    text: str
    anchor: dt.date | None
    tense_fn: TenseFn | None
    start: int = 0
    end: int = 0

    def tense(self) -> str | None:
        """The tense that orients a relative expression.

        A tense marker next to the expression (found by :func:`heuristic_tense` in the same
        sentence) decides first: the caller's hook gives the tense of the sentence's main clause,
        which misleads in reported speech ("officials said the talks will resume Monday") and in
        relative clauses. The hook decides when no marker is found nearby.
        """
        local = heuristic_tense(self.text, self.start, self.end)
        if local is not None or self.tense_fn is None:
            return local
        try:
            t = self.tense_fn(self.start)
        except Exception:  # a caller's hook must not break extraction
            t = None
        return t if t in ("past", "present", "future") else None

    def before(self, n: int = 30) -> str:
        """The ``n`` characters before the match."""
        return self.text[max(0, self.start - n): self.start]

    def after(self, n: int = 30) -> str:
        """The ``n`` characters after the match."""
        return self.text[self.end: self.end + n]


# a TIMEX3 type and value, or None when the match is not a time expression after all
Result = tuple[TimexType, str] | None
Handler = Callable[[re.Match[str], Context], Result]
