"""Where an article's event happened, read from its parse: the places it gives, each with a weight.

The dateline ("HOT SPRINGS, Ark. (KTHV) -") and a headline's "in Galt" weigh most, then the towns named
early in the text after "in", "at", "near", and the towns whose police or courts speak ("Fort Wayne
Police"). A town named as someone's home ("Smith, 23, of Camden") or where someone was caught
("arrested in Oklahoma City") weighs little: it is not where the event happened. Each name is read
among the US states the article names (``places.towns``), so "Hot Springs" beside "Ark." is the
Arkansas town; a county or a state named with no town in it places the event in that state (an area).
"""

from __future__ import annotations

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
    is_country,
    state_areas,
    state_code,
    towns,
)
from newsfuse.placenames import COMPASS, agency_town, fold, place_like, street_after
from newsfuse.types import Mention, ParsedArticle

LOCATIVE_CUES: Final = lexicon.words("stories", "locative_cues")
ELSEWHERE_CUES: Final = lexicon.words("stories", "elsewhere_cues")
HEADLINE_CUES: Final = lexicon.words("stories", "headline_cues")

# where a town is named, and how much that says about where the event happened
DATELINE, HEADLINE, AGENCY = 3.0, 2.0, 1.0
_EARLY_SENTENCES = 3  # a town named in the first sentences weighs 1, later ones less
_HOME_WEIGHT = 0.25
NONLOCATIVE = 0.3  # a place named without "in", "at", "near" before it weighs this much of one with
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NEAR_KM = 60.0  # an ambiguous name is read as the town of that name this near another town named
CITY_POPULATION = 100_000  # a city this large is known by its name alone, anywhere
MAX_READINGS = 8  # a name that may mean more towns than this (and nothing says which) places nothing
_FOREIGN_CITY_FACTOR = 10  # a foreign city this many times larger than any US town of its name wins
_HOME = re.compile(r"(?:,\s+of|\bfrom)\s+$", re.I)  # "Smith, 23, of Camden"; "a man from Camden"
_COUNTY = re.compile(r"^\s*(?:County|Co\b|Parish)")
_COUNTY_NAME = re.compile(r" (?:County|Co\.?|Parish)$")
STATE_SHARE = 0.5  # a state's name weighs this much of a town's: it says less about where
MAX_COUNTY_STATES = 3  # a county name in more states than this (and none named) places nothing

_DATELINE = re.compile(
    r"^[ \t]*(?P<town>[A-Z][A-Z.'’ -]{1,40}?[A-Z.])(?:,[ \t]*(?P<state>[A-Z][A-Za-z. ]{0,20}?))?[ \t]*"
    r"(?:\([^)\n]{0,40}\))?[ \t]*(?:—|–|--|-)", re.M)
_TOWN_STATE = re.compile(r"\b(?P<town>[A-Z][a-z.'’]+(?:[ -][A-Z][a-z.'’]+){0,3}),[ \t]+(?P<state>[A-Z][A-Za-z.]+"
                         r"(?: [A-Z][a-z]+)?)")
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


def event_places(p: ParsedArticle) -> tuple[Place, ...]:
    """The places a parsed article gives its event, heaviest first, their weights summing to 1 (see the
    module's description)."""
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
    return tuple(sorted((Place(k, resolved[k], w / total, w) for k, w in weights.items()),
                        key=lambda pl: (-pl.weight, pl.name)))

# --------------------------------------------------------------------------- reading the names


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
        if m.label == "GPE" and (code := state_code(m.text)) is not None and not street_after(text, m.end):
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
    if dateline is not None and place_like(dateline.group("town").title()):
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
            if not place_like(name) or street_after(text, m.end):
                continue
            if fold(name) in surnames:
                continue  # "Palin": NER took a person's name for a place
            names.append(_named(name, weight * _elsewhere(text[max(0, m.start - 40) : m.start])))
        elif m.label == "ORG" and (town := agency_town(m.text)) is not None:
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
    """Town names a headline places its event in: capitalised words after "in", "at", "near", a compass
    word between allowed ("in east Las Vegas"), with the weight ``_elsewhere`` gives them."""
    words = _WORD.findall(title)
    out = []
    for cue, word in enumerate(words[:-1]):
        if word.lower() not in HEADLINE_CUES:
            continue
        # "in east Las Vegas", "in north Harris County": a lowercase compass word before the name
        i = cue + 1 if words[cue + 1].lower() in COMPASS and words[cue + 1][0].islower() else cue
        for n in (3, 2, 1):
            name = " ".join(words[i + 1 : i + 1 + n])
            after = words[i + 1 + n] if len(words) > i + 1 + n else ""
            if len(words) <= i + n or not all(w[0].isupper() for w in words[i + 1 : i + 1 + n]):
                continue
            if _COUNTY.match(" " + after) and county_states(f"{name} County"):
                name = f"{name} County"
            elif not towns(name) and not county_states(name):
                continue
            out.append((name, _elsewhere(" ".join(words[: cue + 1]))))
            break
    return out

