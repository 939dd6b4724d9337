"""When a story's event happened: its ``date``.

The date is the day the timeline's text dates point to most (a day the articles name, weighted by the articles
telling it and the casualty numbers told of it; a month named, "the November killing", backs the days named in it);
on a tie the earliest, unless it is long before the first article. In a story that counts casualties, days told
only by the justice that followed the crime (a sentence whose main verb is "arrested", "charged", "appeared" in
court: it repeats the toll, told weeks later) date the story only when nothing else is dated; elsewhere those verbs
say other things ("charged a fee", "booked a flight"). With no dated text, the date is the first day an article
reports the happening as past. A date after the publication of every article telling it is a date to come (a
hearing set for a later day), never the event's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

from newsfuse import lexicon
from newsfuse.story.place import CASUALTY_MEASURES
from newsfuse.types import ClaimRecord, Event

FOLLOW_UP_VERBS = lexicon.words("time", "follow_up_verbs")
NEWS_DAYS = 14  # of days named as often, one more than this before the first article is the less likely the event's


def story_date(events: Sequence[Event], records: Sequence[ClaimRecord],
               published_on: Mapping[str, str | None] | None = None,
               predicates: Mapping[tuple[str, int], str | None] | None = None) -> str | None:
    """When the story's event happened (see the module doc); ``published_on``: each article's publication date;
    ``predicates``: the main verb (lemma) of each sentence, by (article id, start)."""
    counted = {r.claim.id for r in records if r.measure in CASUALTY_MEASURES}
    dated = [e for e in events if e.date is not None and e.date_source == "text" and len(e.date) in (7, 10)
             and not _told_ahead(e, published_on or {})]
    # the justice that followed a crime (a story that counts casualties) dates it only when nothing else does
    happened = [e for e in dated if not (counted and _follow_up(e, predicates or {}))]
    first = min((day[:10] for day in (published_on or {}).values() if day), default=None)
    for told in (happened, dated) if happened != dated else (dated,):
        weights = _weights(told, counted)
        if weights:
            return min(weights, key=lambda d: (-weights[d], _long_before(d, first), d))
    published = sorted(e.date for e in events if e.date is not None and e.date_source == "published")
    return published[0] if published else None


def _weights(events: Sequence[Event], counted: set[str]) -> Counter[str]:
    """Each day the events name: the articles telling it and the casualty numbers told of it, and the articles that
    name its month."""
    weights: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for event in events:
        assert event.date is not None
        told = weights if len(event.date) == 10 else months
        told[event.date] += len(event.article_ids) + sum(1 for c in event.claim_ids if c in counted)
    for day in weights:  # "the November killing", "in August": for a day told in that month
        weights[day] += months[day[:7]]
    return weights


def _long_before(day: str, first: str | None) -> bool:
    """Whether a day is more than NEWS_DAYS before the first article came out."""
    try:
        return first is not None and (dt.date.fromisoformat(first) - dt.date.fromisoformat(day)).days > NEWS_DAYS
    except ValueError:
        return False


def _told_ahead(event: Event, published: Mapping[str, str | None]) -> bool:
    """An event dated after every article telling it was published: a hearing set, a court date to come ("is due
    in court on April 9"), never when the story's event happened."""
    date = event.date
    days = [published.get(a) for a in event.article_ids]
    return date is not None and bool(days) and all(day and date > day[:len(date)] for day in days)


def _follow_up(event: Event, predicates: Mapping[tuple[str, int], str | None]) -> bool:
    """Whether every telling of an event has a verb of the justice that follows a crime ("was arrested", "appeared in
    court") for its main verb."""
    return bool(event.mentions) and all(predicates.get((m.article_id, m.start)) in FOLLOW_UP_VERBS
                                        for m in event.mentions)
