"""When a story's event happened: its ``date``.

The date is the day the timeline's text dates point to most (a day the articles name, weighted by the
articles telling it and the casualty numbers told of it; a month named, "the November killing", backs
the days named in it), the earliest on a tie; with no dated text, the first day an article reports the
happening as past. A date after the publication of every article telling it is a date to come (a hearing
set for a later day), never the event's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from newsfuse.story.place import CASUALTY_MEASURES
from newsfuse.types import ClaimRecord, Event


def story_date(events: Sequence[Event], records: Sequence[ClaimRecord],
               published_on: Mapping[str, str | None] | None = None) -> str | None:
    """When the story's event happened (see the module doc); ``published_on``: each article's publication date."""
    counted = {r.claim.id for r in records if r.measure in CASUALTY_MEASURES}
    weights: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for event in events:
        if event.date is not None and event.date_source == "text" and len(event.date) in (7, 10) \
                and not _told_ahead(event, published_on or {}):
            told = weights if len(event.date) == 10 else months
            told[event.date] += len(event.article_ids) + sum(1 for c in event.claim_ids if c in counted)
    for day in weights:  # "the November killing", "in August": for a day told in that month
        weights[day] += months[day[:7]]
    if weights:
        return min(weights, key=lambda d: (-weights[d], d))
    published = sorted(e.date for e in events if e.date is not None and e.date_source == "published")
    return published[0] if published else None


def _told_ahead(event: Event, published: Mapping[str, str | None]) -> bool:
    """An event dated after every article telling it was published: a hearing set, a court date to come ("is due
    in court on April 9"), never when the story's event happened."""
    date = event.date
    days = [published.get(a) for a in event.article_ids]
    return date is not None and bool(days) and all(day and date > day[:len(date)] for day in days)
