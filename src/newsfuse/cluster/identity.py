"""Where and who of an article's event, read from its parse: what tells two alike events apart.

Local news tells one kind of event in the same words ("shot", "police said", "taken to a hospital");
two such events differ by where they happened and whom they happened to. From a parsed article this
module reads

* **places**: the towns the article locates its event in, each with a weight. The dateline
  ("HOT SPRINGS, Ark. (KTHV) -") and a headline's "in Galt" weigh most, then the towns named early
  in the text and the towns whose police or courts speak ("Fort Wayne Police"). A town named as
  someone's home ("Smith, 23, of Camden") weighs little: it is not where the event happened. Each
  name is read among the US states the article names (``places.towns``), so "Hot Springs" beside
  "Ark." is the Arkansas town;
* **people**: the full names of the people the event happened to or was done by, keyed "first last".
  Officials, spokespeople and reporters are left out (a title before the name, or the name is the
  speaker of a sentence): they speak about many events;
* **streets** and **venues**: "Holton Avenue", "the 300 block of Lacey Street"; where in a town an
  event happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from newsfuse import lexicon
from newsfuse.cluster.places import (
    Town,
    county_states,
    distance_km,
    fold,
    is_country,
    state_areas,
    state_code,
    towns,
)
from newsfuse.timex import event_date
from newsfuse.types import Mention, ParsedArticle

AGENCY_WORDS: Final = lexicon.words("stories", "agency_words")
AGENCY_HEADS: Final = lexicon.words("stories", "agency_heads")
GENERIC_PLACE_WORDS: Final = lexicon.words("places", "generic_place_words")
COMPASS: Final = lexicon.words("places", "compass")
LOCATIVE_CUES: Final = lexicon.words("stories", "locative_cues")
BROAD_AREAS: Final = lexicon.words("stories", "broad_areas")
ELSEWHERE_CUES: Final = lexicon.words("stories", "elsewhere_cues")
HEADLINE_CUES: Final = lexicon.words("stories", "headline_cues")
STREET_WORDS: Final = lexicon.words("stories", "street_words")
VENUE_WORDS: Final = lexicon.words("stories", "venue_words")
OFFICIAL_TITLES: Final = lexicon.words("stories", "official_titles")

# where a town is named, and how much that says about where the event happened
DATELINE, HEADLINE, AGENCY = 3.0, 2.0, 1.0
_EARLY_SENTENCES = 3  # a town named in the first sentences weighs 1, later ones less
_HOME_WEIGHT = 0.25
NONLOCATIVE = 0.3  # a place named without "in", "at", "near" before it weighs this much of one with
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NEAR_KM = 60.0  # an ambiguous name is read as the town of that name this near another town named
CITY_POPULATION = 100_000  # a city this large is known by its name alone, anywhere
MAX_READINGS = 8  # a name that may mean more towns than this (and nothing says which) places nothing
PAST_DAYS = 800  # how far back an article's named days may tell of its event
_FOREIGN_CITY_FACTOR = 10  # a foreign city this many times larger than any US town of its name wins
_NOT_TOWNS = GENERIC_PLACE_WORDS | AGENCY_WORDS | COMPASS | STREET_WORDS | {"side", "end"}
_HOME = re.compile(r"(?:,\s+of|\bfrom)\s+$", re.I)  # "Smith, 23, of Camden"; "a man from Camden"
_NAME_OF = re.compile(r"^([A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z'’-]+) of [A-Z]")
_TWO_NAMES = re.compile(r"^([A-Z][a-z]+ ([A-Z][a-z'’-]+))$")
_AGED = re.compile(r"\b([A-Z][a-z'’-]+), (?:age )?\d{1,2},")
_BYLINE = re.compile(r"(?:^|\n)\s*By\s+$")
_COUNTY = re.compile(r"^\s*(?:County|Co\b|Parish)")
_COUNTY_NAME = re.compile(r" (?:County|Co\.?|Parish)$")
STATE_SHARE = 0.5  # a state's name weighs this much of a town's: it says less about where
MAX_COUNTY_STATES = 3  # a county name in more states than this (and none named) places nothing

_DATELINE = re.compile(
    r"^[ \t]*(?P<town>[A-Z][A-Z.'’ -]{1,40}?[A-Z.])(?:,[ \t]*(?P<state>[A-Z][A-Za-z. ]{0,20}?))?[ \t]*"
    r"(?:\([^)\n]{0,40}\))?[ \t]*(?:—|–|--|-)", re.M)
_TOWN_STATE = re.compile(r"\b(?P<town>[A-Z][a-z.'’]+(?:[ -][A-Z][a-z.'’]+){0,3}),[ \t]+(?P<state>[A-Z][A-Za-z.]+"
                         r"(?: [A-Z][a-z]+)?)")
_STREET = re.compile(
    r"\b(?P<name>(?:(?:[NSEW]\.?|North|South|East|West) )?(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+)(?: [A-Z][a-z]+){0,2} "
    r"(?P<kind>[A-Z][a-z]+)\.?)(?=\W)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True, slots=True)
class Place:
    """A place an article names for its event: the folded name, the towns it may be (one when the
    article says which; a few when it does not), its share of the article's place weight and that
    weight itself (how strongly the article says it)."""

    name: str
    towns: tuple[Town, ...]
    weight: float
    evidence: float = 1.0  # the weight before sharing: 1 for a town named once, early, after "in"


@dataclass(frozen=True, slots=True)
class Identity:
    """Where and who of an article's event (see the module's description).

    places: heaviest first, the weights summing to 1 (empty: no town known);
    people: "first last" keys of the people named who are not officials or speakers;
    streets: folded street names without their kind ("holton" for "Holton Ave.");
    days: the days the article names (its time expressions anchored on its publication), from up to
    ``PAST_DAYS`` before it to the day after: when its event and what followed happened;
    speakers: "first last" keys of the people quoted who are not officials (a union's leader, a
    victim's mother).
    """

    places: tuple[Place, ...] = ()
    people: frozenset[str] = frozenset()
    streets: frozenset[str] = frozenset()
    days: frozenset[dt.date] = frozenset()
    speakers: frozenset[str] = frozenset()


def article_identity(p: ParsedArticle) -> Identity:
    """The where and who of one parsed article."""
    text = p.article.text
    names = _town_names(p, text)
    region = _region(text, p.mentions)
    town_names = [name for name in names if name.kind == "town"]
    anchors = [found[0] for name in town_names if len(found := towns(name.text)) == 1]
    anchors += [t for name in town_names for t in towns(name.text) if t.state and region.get(t.state)]
    american = bool(region) or any(t.country == "US" for t in anchors)
    weights: dict[str, float] = defaultdict(float)
    resolved: dict[str, tuple[Town, ...]] = {}
    for name in town_names:
        key = fold(name.text)
        found = resolved.get(key) or _resolve(name.text, region, anchors, american, name.dateline)
        if found:
            weights[key] += name.weight
            resolved[key] = found
    # a county or a state places an event only as far as no town named in it does
    covered = {found[0].state for found in resolved.values() if len({t.state for t in found}) == 1}
    for name in names:
        if name.kind != "town" and (areas := _areas(name, region, covered)) and not {a.state for a in areas} <= covered:
            key = fold(name.text)
            weights[key] += name.weight
            resolved[key] = areas
    total = sum(weights.values())
    places = tuple(sorted((Place(k, resolved[k], w / total, w) for k, w in weights.items()),
                          key=lambda pl: (-pl.weight, pl.name)))
    people, speakers = _people(p)
    return Identity(places, people, _streets(text), _days(p), speakers)


# --------------------------------------------------------------------------- places


def _region(text: str, mentions: Iterable[Mention]) -> Counter[str]:
    """The US states an article names, with how often: its datelines and "Town, St." pairs, and the
    state names NER found (not a street's: "Indiana Avenue")."""
    states: Counter[str] = Counter()
    for match in _DATELINE.finditer(text[:600]):
        if match.group("state") and (code := state_code(match.group("state"), postal=True)):
            states[code] += 2
    for match in _TOWN_STATE.finditer(text):
        if code := state_code(match.group("state"), postal=True):
            states[code] += 1
    for m in mentions:
        if m.label == "GPE" and (code := state_code(m.text)) is not None and not _street_after(text, m.end):
            states[code] += 1
    return states


def _resolve(name: str, region: Counter[str], anchors: Sequence[Town], american: bool,
             dateline: bool = False) -> tuple[Town, ...]:
    """The towns a name may mean in an article about ``region``'s states that names the ``anchors``
    (towns whose name is unambiguous or in those states):

    those of that name in a state the article names; else those near an anchor (within ``NEAR_KM``:
    "Germantown" beside Philadelphia); else, when the article names states, only cities
    (``CITY_POPULATION``: "Chicago" named in a Kansas story; a small town's name outside the states
    an article is about is more likely a neighbourhood's: "Old Town" in Wichita) unless the name is
    unambiguous or the ``dateline``'s (where the story was filed: "MURRAY —"); else every one of
    that name (in an article about the US, only the US ones: ``american``), unless there are more than
    ``MAX_READINGS`` (too common a name to place anything). A country's name places nothing."""
    found = towns(name)
    code = state_code(name)
    if code is not None and region.get(code) or is_country(name):
        return ()  # "Washington" in an article about Washington state; "Iraq"
    if american:
        us = tuple(t for t in found if t.country == "US")
        if us and found[0].population > _FOREIGN_CITY_FACTOR * us[0].population:
            return ()  # "Trinidad": the foreign place, named in an American story
        found = us
    in_region = tuple(t for t in found if t.state and region.get(t.state))
    if in_region:
        return in_region
    if len(found) > 1 and anchors:
        close = tuple(t for t in found if min(distance_km(t, a) for a in anchors) <= NEAR_KM)
        if close:
            return close
    if region and len(found) > 1 and not dateline:
        found = tuple(t for t in found if t.population >= CITY_POPULATION)
    return found if len(found) <= MAX_READINGS else ()


@dataclass(frozen=True, slots=True)
class _Name:
    """A place name as an article gives it for its event, with its weight; ``dateline``: where the
    story was filed; ``kind``: a town's name, a county's or a state's."""

    text: str
    weight: float
    dateline: bool = False
    kind: Literal["town", "county", "state"] = "town"


def _named(text: str, weight: float, dateline: bool = False) -> _Name:
    """A place name, of the kind its words say."""
    if _COUNTY_NAME.search(text):
        return _Name(text, weight, dateline, "county")
    if state_code(text) is not None and not towns(text):
        return _Name(text, weight * STATE_SHARE, dateline, "state")
    return _Name(text, weight, dateline)


def _areas(name: _Name, region: Counter[str], covered: set[str]) -> tuple[Town, ...]:
    """The states a county's or a state's name places an event in, as areas: a county's states are
    those with a county of its name (those the article names, or names a town in (``covered``),
    when there are such; none when more than ``MAX_COUNTY_STATES`` have one and the article names
    none of them)."""
    areas = state_areas()
    if name.kind == "state":
        code = state_code(name.text)
        return (areas[code],) if code in areas else ()
    states = county_states(name.text)
    named = [code for code in states if region.get(code) or code in covered]
    if named:
        states = tuple(named)
    elif len(states) > MAX_COUNTY_STATES:
        return ()
    return tuple(areas[code] for code in states if code in areas)


def _town_names(p: ParsedArticle, text: str) -> list[_Name]:
    """The place names an article gives its event, each with its weight: the dateline, the headline,
    the place mentions (less when late in the text, or named as someone's home or where someone was
    arrested), the towns of the police and courts that speak."""
    names: list[_Name] = []
    dateline = _DATELINE.search(text[:600])
    if dateline is not None and _place_like(dateline.group("town").title()):
        names.append(_named(dateline.group("town").title(), DATELINE, True))
        if dateline.group("state"):
            names.append(_named(dateline.group("state"), DATELINE))
    names.extend(_named(name, HEADLINE * weight) for name, weight in _headline_places(p.article.title or ""))
    sentence_starts = [s.start for s in p.sentences]
    surnames = {fold(m.text.split()[-1]) for m in p.mentions if m.label == "PERSON" and m.text.split()}
    for m in p.mentions:
        index = _sentence_index(sentence_starts, m.start)
        weight = 1.0 if index < _EARLY_SENTENCES else 3.0 / (index + 1)
        if m.label in _PLACE_LABELS:
            name = m.text + " County" if _COUNTY.match(text[m.end : m.end + 12]) else m.text
            if not _place_like(name) or _street_after(text, m.end):
                continue
            if fold(name) in surnames:
                continue  # "Palin": NER took a person's name for a place
            names.append(_named(name, weight * _elsewhere(text[max(0, m.start - 40) : m.start])))
        elif m.label == "ORG" and (town := _agency_town(m.text)) is not None:
            names.append(_named(town, AGENCY * weight))
    return names


def _elsewhere(before: str) -> float:
    """How much a place named after ``before`` may be where the event happened: little when it is
    someone's home ("Smith, 23, of Camden"; "a man from Camden") or where someone was caught
    ("arrested in Oklahoma City"); fully after "in", "at", "near" ("shot in Galt"); else
    ``NONLOCATIVE`` ("Seattle's coach", "traded to Seattle")."""
    if _HOME.search(before):
        return _HOME_WEIGHT
    words = [fold(w) for w in _WORD.findall(before)[-3:]]
    if len(words) >= 2 and words[-1] in HEADLINE_CUES and any(w in ELSEWHERE_CUES for w in words[:-1]):
        return _HOME_WEIGHT
    return 1.0 if words and words[-1] in LOCATIVE_CUES else NONLOCATIVE


def _place_like(name: str) -> bool:
    """Whether a place mention may name a town, a county or a state: capitalised, not only generic,
    street or agency words ("the City", "Metro", "Police", "Broadway")."""
    words = fold(name).split()
    return bool(words) and name[:1].isupper() and not all(w in _NOT_TOWNS or w in BROAD_AREAS for w in words)


def _street_after(text: str, end: int) -> bool:
    """Whether the word after a name makes it a street's ("Houston Street", "Green St.")."""
    after = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    return after is not None and fold(after.group()) in STREET_WORDS


def _sentence_index(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence holding ``offset`` (sentences given by their start offsets, ascending)."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return max(lo - 1, 0)


def _headline_places(title: str) -> list[tuple[str, float]]:
    """Town names a headline places its event in: capitalised words after "in", "at", "near" (with
    the weight ``_elsewhere`` gives them)."""
    words = _WORD.findall(title)
    out = []
    for i, word in enumerate(words[:-1]):
        if word.lower() not in HEADLINE_CUES:
            continue
        for n in (3, 2, 1):
            name = " ".join(words[i + 1 : i + 1 + n])
            after = words[i + 1 + n] if len(words) > i + 1 + n else ""
            if len(words) <= i + n or not all(w[0].isupper() for w in words[i + 1 : i + 1 + n]):
                continue
            if _COUNTY.match(" " + after) and county_states(f"{name} County"):
                name = f"{name} County"
            elif not towns(name) and not county_states(name):
                continue
            out.append((name, _elsewhere(" ".join(words[: i + 1]))))
            break
    return out


def _agency_town(org: str) -> str | None:
    """The town of a police force or court named after it ("Hot Springs Police Department" -> "Hot
    Springs"); None for other organisations."""
    words = org.split()
    cut = len(words)
    while cut > 0 and fold(words[cut - 1]) in AGENCY_WORDS:
        cut -= 1
    town = " ".join(words[:cut])
    heads = {fold(w) for w in words[cut:]} & AGENCY_HEADS
    return town if 0 < cut < len(words) and heads and _place_like(town) else None


# --------------------------------------------------------------------------- people and streets


def _people(p: ParsedArticle) -> tuple[frozenset[str], frozenset[str]]:
    """"first last" keys of the people an article names who are neither officials nor its reporters:
    those who speak none of its sentences (the people its event happened to or was done by), and those
    who do. A person is an official when any mention of their surname has a title before it ("Police
    Chief Steve Reed", "Sgt. Reed"); a name after a byline's "By" is its reporter's. (A victim's mother
    may speak: her surname stays the victim's.) NER's "Marcus Dillard of Hot Springs" is a person too."""
    text = p.article.text
    speaking = [(a.speaker_start, a.speaker_end) for s in p.sentences if (a := s.attribution) is not None
                and a.speaker_start is not None and a.speaker_end is not None]
    officials: set[str] = set()
    speakers: set[str] = set()
    named: dict[str, str] = {}
    aged = {match.group(1) for match in _AGED.finditer(text)}  # "Dillard, 23," : a person's surname
    for m in p.mentions:
        name = _NAME_OF.match(m.text) or _person_like(m.text, aged) if m.label == "ORG" else None
        if m.label != "PERSON" and name is None:
            continue
        words = [w for w in _WORD.findall(name.group(1) if name else m.text) if len(w) > 1]
        if not words or fold(words[-1]) in VENUE_WORDS:  # "Stroger Hospital": NER's slip
            continue
        surname = words[-1].lower()
        before = _WORD.findall(text[max(0, m.start - 40) : m.start])[-3:]
        key = f"{words[0].lower()} {surname}" if len(words) >= 2 else None
        if any(fold(w) in OFFICIAL_TITLES for w in (*before, words[0])):
            officials.add(surname)
        elif key is None or _BYLINE.search(text, max(0, m.start - 6), m.start):
            continue
        elif any(start <= m.start < end for start, end in speaking):
            speakers.add(key)
        else:
            named[key] = surname
    people = frozenset(k for k, surname in named.items() if surname not in officials and k not in speakers)
    return people, frozenset(k for k in speakers if k.rsplit(" ", 1)[-1] not in officials)


def _person_like(text: str, aged: set[str]) -> re.Match[str] | None:
    """A name NER took for an organisation's that is a person's: two capitalised words whose second
    is given an age elsewhere in the article ("Marcus Dillard" ... "Dillard, 23, died")."""
    match = _TWO_NAMES.match(text)
    return match if match is not None and match.group(2) in aged else None


def _days(p: ParsedArticle) -> frozenset[dt.date]:
    """The days an article's time expressions name, up to ``PAST_DAYS`` before its publication."""
    if not p.article.published:
        return frozenset()
    published = dt.date.fromisoformat(p.article.published[:10])
    out = set()
    for sentence in p.sentences:
        for timex in sentence.timexes:
            value = event_date(timex.value) if timex.type in {"DATE", "TIME"} else None
            if value is not None and len(value) == 10:
                day = dt.date.fromisoformat(value)
                if -1 <= (published - day).days <= PAST_DAYS:
                    out.add(day)
    return frozenset(out)


def _streets(text: str) -> frozenset[str]:
    """Folded names of the streets an article names ("Holton Avenue", "E. 22nd St.")."""
    out = set()
    for match in _STREET.finditer(text):
        if fold(match.group("kind")) in STREET_WORDS:  # keyed without its kind: "Holton Ave." is "Holton Avenue"
            out.add(fold(match.group("name")).rsplit(" ", 1)[0])
    return frozenset(out)


# --------------------------------------------------------------------------- comparing two articles

MAIN_SHARE = 0.3  # a place with this share of an article's place weight is where its event happened ...
MAIN_EVIDENCE = 1.0  # ... when the article says so at least this strongly (a dateline, a headline, "in X")
KNOWN_SHARE = 0.1  # a place with this share is one the article's event may have happened at ...
KNOWN_READINGS = 8  # ... unless it may be more towns than this (a name too common to say where)
FAR_KM = 100.0  # events whose places lie further apart than this are two events


def _near(p: Place, q: Place, km: float) -> bool:
    """Whether two places may be within ``km`` of each other (some reading of each; an area's radius
    counted in)."""
    return any(distance_km(a, b) <= km + a.radius + b.radius for a in p.towns for b in q.towns)


def shared_people(a: Identity, b: Identity) -> frozenset[str]:
    """The people two articles both name (victims, suspects: see ``Identity.people``)."""
    return a.people & b.people


def shared_names(a: Identity, b: Identity) -> bool:
    """Whether two articles name a person in common, quoted or not (officials and reporters aside)."""
    return not (a.people | a.speakers).isdisjoint(b.people | b.speakers)


def shared_day(a: Identity, b: Identity) -> bool:
    """Whether two articles name a day in common (the event's, told again by a follow-up)."""
    return not a.days.isdisjoint(b.days)


def days_apart(a: Identity, b: Identity) -> int | None:
    """How far apart the nearest days two articles name are (None when either names none)."""
    if not a.days or not b.days:
        return None
    return min(abs((x - y).days) for x in a.days for y in b.days)


def placed(a: Identity) -> bool:
    """Whether an article says where its event happened: a place with ``MAIN_SHARE`` of its place
    weight, named at least ``MAIN_EVIDENCE`` strongly."""
    return bool(_main(a))


def _main(a: Identity) -> list[Place]:
    return [p for p in a.places if p.weight >= MAIN_SHARE and p.evidence >= MAIN_EVIDENCE]


def far_apart(a: Identity, b: Identity, km: float = FAR_KM) -> bool:
    """Whether two articles tell of events in places far apart: each names where its event happened
    (a place with ``MAIN_SHARE`` of its place weight), and none of those lies within ``km`` of any
    place the other names with ``KNOWN_SHARE`` or more (either way round), so a second town named
    in passing (the suspect's home, the hospital's city) never makes one event two."""
    main_a, main_b = _main(a), _main(b)
    if not main_a or not main_b:
        return False
    known_a = [p for p in a.places if p.weight >= KNOWN_SHARE and len(p.towns) <= KNOWN_READINGS]
    known_b = [p for p in b.places if p.weight >= KNOWN_SHARE and len(p.towns) <= KNOWN_READINGS]
    return not any(_near(p, q, km) for p in main_a for q in known_b) and not any(
        _near(q, p, km) for q in main_b for p in known_a)
