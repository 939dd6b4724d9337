"""Casualty counts of another event: what a story's articles recall from before its event.

Local reporting sets an event among others: "In December, a woman drove onto the sidewalk, killing
one", "her husband was murdered at a nightclub in 2005", "the 2011 depot shooting that killed nine",
"two men were shot dead in Dallas last week". The parse scopes a count as another event when its own
clause says so ("in a separate shooting"); this stage does it for what only the story knows: when its
own event happened (``story.date.story_date``). A casualty count is another event's when its sentence
names a date that ends more than ``RECALL_DAYS`` before the story's event date (a date the sentence
names, not the article's publication day: a toll told without a date is news of the day).

(A count whose clause names a town far from the story's place, or another US state, was tried as another
event's too: on gvc-dev it placed no more facts right in either half — killed precision 0.913 / 0.871
without it, 0.911 / 0.867 with it — and it split facts of the cross-check benchmark whose claims name
their town only sometimes, so it is not kept.)

Such a claim stays among the story's claims with its scope ("another event: in 2009") and joins no fact
of the story's event: a fact counts one scope of one event (the report contract). The counts of one
recalled event form a fact of their own, whose ``scope`` says which ("another event in Bam"): outlets
disagree about past tolls too. Counts told after the event are this event's: a toll given weeks later at a
trial, told without a date, is dated as the event (``undated_follow_up``), so it joins the event's fact (an update,
where it differs) instead of a fact of its own that the day it was published would set apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from newsfuse.story.crosscheck import UNDATED_DAYS
from newsfuse.story.place import CASUALTY_MEASURES
from newsfuse.types import THIS_EVENT, ClaimRecord

RECALL_DAYS = 14


def another_events(records: Sequence[ClaimRecord], date: str | None) -> list[ClaimRecord]:
    """``records`` with the casualty counts of another event (see the module doc) scoped as such."""
    # the event's day; with none told, the first publication (a toll from years before still says so)
    event_day = _day(date)
    day = event_day or _day(min((r.published for r in records if r.published), default=None))
    out = []
    for record in records:
        cue = _recalled(record, day)
        if cue is None:
            follow_up = undated_follow_up(record, event_day)
            out.append(replace(record, date=date, by_publication=False) if follow_up else record)
            continue
        scope = record.scope.reread("other", f"another event {cue}", cue)
        out.append(replace(record, scope=scope, claim=replace(record.claim, scope=f"another event: {cue}")))
    return out


def undated_follow_up(record: ClaimRecord, day: dt.date | None) -> bool:
    """A casualty count of the event told without a date in an article published more than ``UNDATED_DAYS``
    after the event's ``day``: the publication day, which stands for the days just before it, does not date it.
    (On gvc-dev, dating such counts as the event joined follow-ups to the event's facts: injured precision
    0.836 -> 0.848, up on both halves; killed precision held.)"""
    published = _day(record.published)
    return (day is not None and published is not None and record.by_publication and _own_event(record)
            and (published - day).days > UNDATED_DAYS)


def _own_event(record: ClaimRecord) -> bool:
    return record.measure in CASUALTY_MEASURES and record.scope.kind in THIS_EVENT


def _recalled(record: ClaimRecord, day: dt.date | None) -> str | None:
    if day is None or record.date is None or record.by_publication or not _own_event(record):
        return None
    last = _last_day(record.date)
    if last is None or (day - last).days <= RECALL_DAYS:
        return None
    return f"in {record.date[:4]}" if record.date[:4] != f"{day.year}" else f"as of {record.date}"


def _day(date: str | None) -> dt.date | None:
    if date is None or len(date) != 10:
        return None
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        return None


def _last_day(date: str) -> dt.date | None:
    """The last day a YYYY[-MM[-DD]] date covers."""
    try:
        parts = [int(p) for p in date.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            year, month = parts
            return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31)
    except (ValueError, TypeError):
        return None
