"""Time in a fact: when each value was reported, and whether a later value updates an earlier one.

A toll that rose when a victim died, or a count its source revised, is news, not a dispute: the values
of a fact that differ only as the story developed make it ``updated``, the latest ones ``current``.
What time can explain, by the report contract:

- a value is told *later* than another when every article saying it was published after every
  article saying the other (a figure a sentence says was given earlier, "police initially said
  six", counts as told just before its article's other figures); two values told on one same day
  are told at once, and disagreeing at once is a conflict;
- a later value *revises* an earlier one when the same named source gave both (any direction), or
  when the measure is a toll (killed, injured …: tolls only rise) and the later value is the higher.
  An outlet's own figures, or an unnamed "police", revise nothing downwards: told lower on a later
  day by the same outlet, a toll is another event's (as two figures of one source at once are). A
  figure the text itself tells as the first one ("in initial reports, police said five were
  wounded") is revised by what is told after it, whoever says it and in either direction; a figure
  it tells as the correction ("the county clarified that 14 were hurt") revises the figures told
  with it, in either direction. A value revised since disputes nothing (``crosscheck``).

A value with no publication date cannot be placed in time, so it never updates nor is updated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from newsfuse import lexicon
from newsfuse.types import ClaimRecord

RISING_MEASURES: Final = lexicon.words("scopes", "rising_measures")
GENERIC_SPEAKERS: Final = lexicon.words("scopes", "generic_speakers")

# (publication date, 0 for a figure told as an earlier one, else 1): the order in which things were told
Told = tuple[str, int]


def told_at(record: ClaimRecord) -> Told | None:
    """When a claim was told, None when its article has no date."""
    if record.published is None:
        return None
    return record.published, 0 if record.scope.earlier else 2 if record.scope.revision else 1


def reported_days(records: Sequence[ClaimRecord]) -> tuple[str | None, str | None]:
    """The first and last publication dates (YYYY-MM-DD) of the articles saying a value."""
    days = sorted(r.published for r in records if r.published)
    return (days[0], days[-1]) if days else (None, None)


def told_later(later: Sequence[ClaimRecord], earlier: Sequence[ClaimRecord]) -> bool:
    """Every telling of ``later`` came after every telling of ``earlier`` (all of them dated)."""
    times_later = [told_at(r) for r in later]
    times_earlier = [told_at(r) for r in earlier]
    if not times_later or not times_earlier or None in times_later or None in times_earlier:
        return False
    return max(t for t in times_earlier if t) < min(t for t in times_later if t)


def revises(later: Sequence[ClaimRecord], earlier: Sequence[ClaimRecord], higher: bool) -> bool:
    """Whether the value told by ``later`` supersedes the one told by ``earlier`` (see the module doc);
    ``higher``: the later value lies above the earlier one."""
    if not told_later(later, earlier):
        return False
    if all(r.scope.earlier for r in earlier) or all(r.scope.revision for r in later):
        # the articles say themselves that it was the first figure ("in initial reports, five"), or that the later
        # one corrects it ("the county clarified that 14 were hurt")
        return True
    named = {r.origin for r in later if named_source(r)} & {r.origin for r in earlier if named_source(r)}
    if named:
        return True  # a source revising its own figure, up or down
    return higher and all(r.measure in RISING_MEASURES for r in (*later, *earlier))


def may_revise(a: ClaimRecord, b: ClaimRecord, b_higher: bool) -> bool:
    """Two disagreeing figures of one source (or one article) may be one figure revised when they were told
    at different times: by a named source, or rising (else two numbers at once, or an outlet's falling
    toll, speak of two events). ``b_higher``: ``b``'s value lies above ``a``'s."""
    ta, tb = told_at(a), told_at(b)
    if ta is None or tb is None or ta == tb:
        return False
    if a.origin == b.origin and named_source(a) or a.scope.earlier != b.scope.earlier \
            or a.scope.revision != b.scope.revision:
        return True  # a source revising itself, or a figure told as the earlier one or as the correction
    later_higher = b_higher if ta < tb else not b_higher
    return later_higher and a.measure in RISING_MEASURES and b.measure in RISING_MEASURES


def named_source(record: ClaimRecord) -> bool:
    """A claim has a source of its own: a speaker that says who ("the seismologic center", "Sheriff Reyes"),
    not the outlet itself nor a generic "police" or "officials"."""
    if record.origin.startswith("outlet:"):
        return False
    words = re.findall(r"[a-z]+", record.origin_label.lower())
    return bool(words) and not all(w in GENERIC_SPEAKERS | {"the", "a", "an"} for w in words)
