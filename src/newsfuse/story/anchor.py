"""Casualty counts of another event: what a story's articles recall from before its event, or from far away.

Local reporting sets an event among others: "In December, a woman drove onto the sidewalk, killing
one", "her husband was murdered at a nightclub in 2005", "the 2009 Fort Hood shooting that killed 13",
"two men were shot dead in Dallas last week". The parse scopes a count as another event when its own
clause says so ("in a separate shooting"); this stage does it for what only the story knows: where and
when its own event happened (``story.place``). A casualty count is another event's when

- its sentence names a date that ends more than ``RECALL_DAYS`` before the story's event date (a date
  the sentence names, not the article's publication day: a toll told without a date is news of the day);
- or its own clause names a town more than ``FAR_KM`` from the story's place, or a US state other than
  the one the story's place lies in (a state or a country holds any of its towns: "in Texas" is no other
  event in a story placed in Houston).

Such a claim stays among the story's claims with its scope ("another event: ...") and joins no fact:
a fact counts one scope of one event (the report contract). Counts told after the event are left alone:
a toll given weeks later at a trial is still this event's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from newsfuse.geo import distance_km, is_region, region_of, us_state
from newsfuse.story.place import CASUALTY_MEASURES
from newsfuse.types import ClaimRecord, Entity, Place, Scope

RECALL_DAYS = 14
FAR_KM = 150.0


def another_events(records: Sequence[ClaimRecord], place: Place | None, date: str | None,
                   entities: Sequence[Entity]) -> list[ClaimRecord]:
    """``records`` with the casualty counts of another event (see the module doc) scoped as such."""
    # the event's day; with none told, the first publication (a toll from years before still says so)
    day = _day(date) or _day(min((r.published for r in records if r.published), default=None))
    areas = {e.id for e in entities if e.geo is not None and is_region(e.geo)}
    out = []
    state = _state_of(place)
    for record in records:
        cue = _recalled(record, day) or (_other_state(record, state) if record.place in areas
                                         else _far(record, place))
        if cue is None:
            out.append(record)
            continue
        scope = Scope(kind="other", cue=cue, earlier=record.scope.earlier)
        out.append(replace(record, scope=scope, claim=replace(record.claim, scope=f"another event: {cue}")))
    return out


def _own_event(record: ClaimRecord) -> bool:
    return record.measure in CASUALTY_MEASURES and record.scope.kind in {"event", "part"}


def _recalled(record: ClaimRecord, day: dt.date | None) -> str | None:
    if day is None or record.date is None or record.by_publication or not _own_event(record):
        return None
    last = _last_day(record.date)
    if last is None or (day - last).days <= RECALL_DAYS:
        return None
    return f"as of {record.date}"


def _far(record: ClaimRecord, place: Place | None) -> str | None:
    if place is None or place.geo is None or is_region(place.geo) or not _own_event(record):
        return None
    if record.place_from != "clause" or record.place_geo is None or record.place == place.entity_id:
        return None
    if record.place_name and place.name and (record.place_name.lower() in place.name.lower()
                                             or place.name.lower() in record.place_name.lower()):
        return None
    here = (place.geo.lat, place.geo.lon)
    if distance_km(record.place_geo, here) <= FAR_KM:
        return None
    return f"in {record.place_name}" if record.place_name else "elsewhere"


def _state_of(place: Place | None) -> str | None:
    """The US state (postal code) a story's place lies in."""
    if place is None or place.geo is None or is_region(place.geo):
        return None
    where = region_of(place.geo)
    return where[1] if where is not None and where[0] == "US" else None


def _other_state(record: ClaimRecord, state: str | None) -> str | None:
    """A count placed in a US state other than the one the story's place lies in ("killing three people at
    a Colorado clinic" in a Florida story)."""
    if state is None or not _own_event(record) or record.place_from != "clause" or not record.place_name:
        return None
    code = us_state(record.place_name)
    return f"in {record.place_name}" if code is not None and code != state else None


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
