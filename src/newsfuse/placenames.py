"""What a place name says by itself: whether it locates one event, or names an area that holds many.

Words and the gazetteer only, no parse: the NLP stage asks it of the places it reads, the claims
stage of the places it ties claims to. "Iran", "Kerman province" and "the Euphrates River valley"
hold many events; "the Island", a street or a highway tells none apart; a town, a district or a site
locates one. It also folds a place name into the key the town indexes use (``fold``), tells whether a
mention may name a town at all (``place_like``), and reads the town in a police force's or court's name
(``agency_town``): the story-grouping and the story-place stages both ask. The words are data:
``lexicon/places.toml`` and ``lexicon/stories.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from newsfuse import lexicon
from newsfuse.geo import geocode, is_region

GENERIC_PLACE_WORDS: Final = lexicon.words("places", "generic_place_words")
SUB_TOWN_WORDS: Final = lexicon.words("places", "sub_town_words")
SAINT_WORDS: Final = frozenset({"st", "ste"})  # opening a name: Saint, Sainte ("St. Louis")
REGION_WORDS: Final = lexicon.words("places", "region_words")
STATE_ABBREVIATIONS: Final = lexicon.words("places", "state_abbreviations")
COMPASS: Final = lexicon.words("places", "compass")
TOWN_PART_WORDS: Final = COMPASS | lexicon.words("places", "town_part_words")
SAINT_INSIDE: Final = re.compile(r"(?<=\s)St[e]?\.?(?=\s+([A-Z][a-z]+))")
NAME_WORDS: Final = lexicon.mapping("stories", "name_words")
AGENCY_WORDS: Final = lexicon.words("stories", "agency_words")
AGENCY_HEADS: Final = lexicon.words("stories", "agency_heads")
BROAD_AREAS: Final = lexicon.words("stories", "broad_areas")
STREET_WORDS: Final = lexicon.words("stories", "street_words")
VENUE_WORDS: Final = lexicon.words("stories", "venue_words")
SITE_WORDS: Final = lexicon.words("places", "site_words")
INSTITUTION_WORDS: Final = lexicon.words("places", "institution_words")
_NOT_TOWNS = GENERIC_PLACE_WORDS | AGENCY_WORDS | COMPASS | STREET_WORDS | {"side", "end"}


def _spaced(name: str) -> list[tuple[int, str]]:
    """The words of a name with where each starts."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", name)]


def _place_words(name: str) -> list[str]:
    return re.findall(r"[\w'’-]+", name.lower())


def generic_place(name: str) -> bool:
    """A name made only of generic words ("the Island", "City"): NER's slip, not a place."""
    words = _place_words(name)
    return not words or all(w in GENERIC_PLACE_WORDS for w in words)


def names_an_event_place(name: str) -> bool:
    """False for words that are not a place of their own ("Island", "the City"), for streets (by any word of
    a street's kind, or by its last) and squares, and for highways ("Interstate 75", "Stadiou Avenue"): none
    tells two events apart."""
    words = _place_words(name)
    if len(words) > 1 and words[0] in SAINT_WORDS:
        words = words[1:]  # "St. Louis", "Ste. Genevieve": a saint's town, not a street
    # "Port St. Lucie": a saint inside a name, before a capitalised word that is no compass point ("Main St. North")
    saints = {m.start() for m in SAINT_INSIDE.finditer(name) if m.group(1).lower() not in COMPASS}
    if saints:
        words = _place_words(" ".join(w for i, w in _spaced(name) if i not in saints))
    # (a street by its last word too: "Woodstream Trail", "Harrow Court")
    return not generic_place(name) and not any(w in SUB_TOWN_WORDS for w in words) \
        and not (len(words) > 1 and words[-1] in STREET_WORDS)


@lru_cache(maxsize=4096)
def is_broad_place(name: str) -> bool:
    """Countries, states and areas ("Iran", "Kerman province", "the Euphrates River valley") contain
    many events; towns, districts and sites locate one."""
    words = name.split()
    if not words or words[-1].lower() in REGION_WORDS or name.strip().rstrip(".").lower() in STATE_ABBREVIATIONS:
        return True
    return is_region(geocode(name))


def town_in_name(name: str) -> str | None:
    """The town a part's name says it lies in, without the word before it: "North Killeen" and "Downtown Killeen"
    -> "Killeen"; None for a name of no such word."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in TOWN_PART_WORDS else None


_TRAILING_SMALL_WORDS: Final = re.compile(r"(?:\s+(?:at|in|on|of|to|near|for|by|and|or|the|a|an))+$")


def display_name(name: str) -> str:
    """A name written in capitals as people write it: "FORT WAYNE" -> "Fort Wayne", "ST. LOUIS" -> "St. Louis";
    without the small words NER ran on with ("the Elm Court Apartments at 3:22 a.m.": "Elm Court Apartments")."""
    name = _TRAILING_SMALL_WORDS.sub("", name) or name
    return " ".join(w.capitalize() for w in name.split()) if name.isupper() else name


def fold(name: str) -> str:
    """A place name as an index key: lower case, no periods or "the", leading "Saint"/"St." alike,
    one space between words ("The Bronx" -> "bronx", "Ft. Worth" -> "fort worth")."""
    words = re.sub(r"[^a-z0-9' -]+", " ", name.lower().replace("’", "'").replace(".", " ")).split()
    if words and words[0] == "the":
        words = words[1:]
    if words and words[0] in NAME_WORDS:
        words[0] = NAME_WORDS[words[0]]
    return " ".join(words)


_TOWN_PART_ONLY: Final = GENERIC_PLACE_WORDS | TOWN_PART_WORDS | {"side", "end"}


def town_part_only(name: str) -> bool:
    """A name that only says which part of a town ("East Side", "Downtown", "the West End"): every town has one,
    so no gazetteer entry of that name locates it."""
    words = _place_words(name)
    return bool(words) and all(w in _TOWN_PART_ONLY or w == "the" for w in words)


def place_like(name: str) -> bool:
    """Whether a place mention may name a town, a county or a state: capitalised, not only generic,
    street or agency words ("the City", "Metro", "Police", "Broadway")."""
    words = fold(name).split()
    return bool(words) and name[:1].isupper() and not all(w in _NOT_TOWNS or w in BROAD_AREAS for w in words)


@lru_cache(maxsize=4096)
def is_agency(name: str) -> bool:
    """Whether a place's name is an agency's ("Harrow County Sheriff's Office", "Metro"): where people work, or
    were taken, not where anything happened."""
    words = fold(name).split()
    return bool(words) and (bool(set(words) & AGENCY_HEADS) or all(w in AGENCY_WORDS for w in words))


@lru_cache(maxsize=4096)
def is_site(name: str) -> bool:
    """Whether a place's name is a site's inside a town: a street, a venue or an agency's building ("Linden
    Creek Drive", "Mercy Hospital", "Grand Theater", "Harrow County Sheriff's Office") by its last word or its
    agency, an institution by a word of its name ("Harrow Health Quill"), or a name of nothing but agency words
    ("Metro"); a lower-case word NER ran on with is not the name's ("Harrow Regional Airport as he ...")."""
    named = name.split()
    while len(named) > 1 and named[-1][:1].islower():
        named.pop()
    words = fold(" ".join(named)).split()
    last = words[-1] if words else ""
    return bool(words) and (last in STREET_WORDS or last in VENUE_WORDS or last in SITE_WORDS
                            or not INSTITUTION_WORDS.isdisjoint(words) or is_agency(name))


def agency_town(org: str) -> str | None:
    """The town of a police force or court named after it ("Hot Springs Police Department" -> "Hot
    Springs"); None for other organisations."""
    words = org.split()
    cut = len(words)
    while cut > 0 and fold(words[cut - 1]) in AGENCY_WORDS:
        cut -= 1
    town = " ".join(words[:cut])
    heads = {fold(w) for w in words[cut:]} & AGENCY_HEADS
    return town if 0 < cut < len(words) and heads and place_like(town) else None


_WORD_AFTER: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_COMPASS_LETTERS: Final = frozenset({"n", "s", "e", "w"})
_LEADING_COMPASS: Final = re.compile(r"^(?:[nsew]|north|south|east|west) (?=.)")  # "e 22nd" is "22nd"


_STREET_PLURALS: Final = "|".join(sorted(w + "s" for w in STREET_WORDS if len(w) > 3))  # "roads", "avenues"
_STREET_NAME: Final = r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th))"
# the second of two streets named together: " and Fort Apache roads", " and West 79th streets"
_AND_STREET: Final = re.compile(rf" and {_STREET_NAME}(?: {_STREET_NAME}){{0,3}} (?i:{_STREET_PLURALS})\b")
_STREET_AND: Final = re.compile(rf"{_STREET_NAME} and (?:{_STREET_NAME} ){{0,3}}{_STREET_NAME}$")  # before the second
_PLURAL_STREET: Final = re.compile(rf"(?i:{_STREET_PLURALS})\b")


def street_after(text: str, end: int) -> bool:
    """Whether the words after a name that ends at ``end`` make it a street's: a street's kind ("Houston Street",
    "Green St.") or, for two streets named together, their kind ("near Tamsin and Fort Harrow roads": both roads)."""
    after = _WORD_AFTER.match(text, end + 1) if text[end : end + 1] == " " else None
    if after is None:
        return False
    if fold(after.group()) in STREET_WORDS or _AND_STREET.match(text, end) is not None:
        return True
    # the second name of "Tamsin and Fort Harrow roads" (the cheap test first: this runs for every place NER finds)
    return _PLURAL_STREET.fullmatch(after.group()) is not None \
        and _STREET_AND.search(text, max(0, end - 120), end) is not None


# a person's home town: "Chad Roe, of Harlow", "Chad Roe of Harlow", "Chad Roe, 32, of Harlow"
_HOME_OF: Final = re.compile(r"(?:\b[A-Z][\w'’.-]*|\b\d{1,3}),?\s+of\s+$")


def home_before(text: str, start: int) -> bool:
    """Whether the place named at ``start`` is told as someone's home ("Dana Roe, 32, of Harlow"): where they
    live, not where anything happened."""
    return _HOME_OF.search(text, max(0, start - 40), start) is not None


def street_key(name: str) -> str | None:
    """A street's name folded, without its kind nor a compass word before it ("E. 22nd St." and "East 22nd
    Street" are "22nd", "Holton Ave." is "holton"); None when the name does not end with a street's kind."""
    head, _, kind = fold(name).rpartition(" ")
    return _LEADING_COMPASS.sub("", head) if head and kind in STREET_WORDS else None


def street_names(names: Iterable[str]) -> frozenset[str]:
    """The keys (``street_key``) of the streets among ``names``: "Ashland Street" and "N. Ashland St." give
    "ashland" (a story that names the street names it so wherever it says "Ashland")."""
    compass = COMPASS | _COMPASS_LETTERS
    keys = (" ".join(w for w in key.split() if w not in compass) for name in names if (key := street_key(name)))
    return frozenset(key for key in keys if key)  # (without any compass word: "South South Shore Drive" is "shore")
