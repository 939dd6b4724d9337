"""Names: the normalised key of a name, and the alias lexicon of names no string rule can link.

``name_key`` folds accents, case, quotes and dashes, drops a leading "the", a possessive, Arabic
article particles and titles before a two-word name, folds Slavic endings and maps a leading demonym
to its country, so the spellings of one name share one key. The alias lexicon
(``lexicon/aliases.json``, extendable with a file of the same format named in
``Settings.resolve.aliases``) links Daesh and ISIS, UN and United Nations, Burma and Myanmar.
Used by entity resolution (``newsfuse.story.entities``) and the gazetteer (``newsfuse.geo``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from newsfuse import lexicon
from newsfuse.types import EntityType

_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER")

_PARTICLES = lexicon.words("names", "arabic_particles")
# The article assimilated and glued to the word: "Ezzor", "Arraqqa", "Assham" (sun letters).
_GLUED_ARTICLE = re.compile(r"^[ae](t|d|r|z|s|n|l|sh|th|dh)\1(?=[a-z]{2,})")
_TITLES = lexicon.words("names", "titles")
_TITLE_MODIFIERS = lexicon.words("names", "title_modifiers")
CONNECTORS = lexicon.words("names", "connectors")
PAREN_LEAD = re.compile(
    r"^(?:formerly|former|also known as|also called|known as|aka|a\.k\.a\.|or|short for|previously|now|i\.e\.)\s+",
    re.IGNORECASE,
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"',
                         "–": "-", "—": "-", "‐": "-", "‑": "-"})
_VOWELS = frozenset("aeiouy")


# --------------------------------------------------------------------------- normalisation


def fold(text: str) -> str:
    """Accent-free, quote/dash-unified, lower-cased text."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def display_form(surface: str) -> str:
    """A mention as shown to users: whitespace collapsed, a leading "the" and a final "'s" removed, and what NER
    ran on with past a spaced dash (a dateline's "SAN ANTONIO - A young boy": "SAN ANTONIO")."""
    text = " ".join(surface.translate(_QUOTES).split())
    text = re.sub(r"(?<=\w)\s+[-–—]+\s+.*$", "", text).strip(" \"'-,.;:")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(?:'s|s')$", lambda m: "" if m.group(0) == "'s" else "s", text)
    return text.strip(" \"'-,.;:") or surface.strip()


def translit_token(tok: str) -> str:
    """Fold common transliteration variants of one word (Slavic endings, -ei/-ey)."""
    if len(tok) >= 5:
        tok = re.sub(r"(?:off|oy|ev|yev|iev|eff|ow)$", "ov", tok)
        tok = re.sub(r"(?:skiy|skii|sky)$", "ski", tok)
        tok = re.sub(r"(?:iy|ii)$", "y", tok)
    if len(tok) >= 4:
        tok = re.sub(r"ei$", "ey", tok)
    return tok


def tokens(surface: str, glued: bool = False) -> list[str]:
    """Words of a name after folding: the, possessives, punctuation and Arabic articles removed.

    With ``glued`` the assimilated article fused to a later word is removed too ("Deir Ezzor" →
    deir zor); that is only safe for place names (it would turn "Assad" into "sad").
    """
    text = fold(surface)
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


def strip_titles(toks: list[str], lex: AliasLexicon) -> list[str]:
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


def without_title(surface: str, lex: AliasLexicon) -> str:
    """A name as written without the title ``strip_titles`` drops ("Defense Minister Sergey Shoigu" →
    "Sergey Shoigu"); the surface itself when it has none, the words do not line up, or a word is possessive.
    """
    toks = tokens(surface)
    kept = strip_titles(toks, lex)
    if kept == toks:
        return surface
    words = surface.split()
    if any(re.search(r"[’']s?$", w) for w in words):  # a possessive: "Prince George's County" is no title's
        return surface
    return next((" ".join(words[k:]) for k in range(1, len(words)) if tokens(" ".join(words[k:])) == kept), surface)


def name_key(surface: str, lexicon: AliasLexicon | None = None) -> str:
    """The normalised key of a name: equal keys are the same name written differently."""
    return _name_key(surface, lexicon or default_lexicon())


@lru_cache(maxsize=262_144)
def _name_key(surface: str, lex: AliasLexicon) -> str:
    toks = strip_titles(tokens(surface), lex)
    if len(toks) > 1:
        lead = _demonym_country(toks, lex)
        if lead is not None:
            country, n = lead
            toks = tokens(country) + toks[n:]
    return " ".join(translit_token(t) for t in toks)


def _demonym_country(toks: list[str], lex: AliasLexicon) -> tuple[str, int] | None:
    """If the name starts with a demonym ("Russian ..."), the country and how many words it used."""
    for n in (2, 1):
        if len(toks) > n and lex.demonyms:
            country = lex.demonyms.get(" ".join(toks[:n]))
            if country is not None:
                return country, n
    return None


def skeleton(word: str) -> str:
    """First letter plus consonants, doubles collapsed: a crude transliteration-invariant form."""
    out = word[:1]
    for ch in word[1:]:
        if ch in _VOWELS or ch in "hw":
            continue
        if out and out[-1] == ch:
            continue
        out += ch
    return out


def is_acronym(surface: str) -> bool:
    """All-capital short forms: "ISIS", "U.N.", "SOHR" (not "Syria")."""
    letters = re.sub(r"[.\s&-]", "", surface.strip())
    return (2 <= len(letters) <= 8 and letters.isalnum() and letters.upper() == letters
            and any(c.isalpha() for c in letters))


def acronyms(surface: str) -> set[str]:
    """Lower-case acronyms a multi-word name may be shortened to (with and without connectors)."""
    words = [w for w in re.split(r"[\s-]+", fold(display_form(surface))) if w and w[0].isalnum()]
    if len(words) < 2:
        return set()
    full = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in CONNECTORS)
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
        key = " ".join(tokens(surface))
        if is_acronym(surface) and len(key.replace(" ", "")) <= 4:
            i = self.caps_index.get(key.replace(" ", ""))
        else:
            i = self.index.get(key)
        return None if i is None else self.entries[i]


def _read_lexicon_json(data: Mapping[str, object], source: str) -> tuple[list[AliasEntry], dict[str, str]]:
    """Validate and read one lexicon document."""
    entries: list[AliasEntry] = []
    raw_entities = data.get("entities") or []
    if not isinstance(raw_entities, list):
        raise ValueError(f"{source}: 'entities' must be a list")
    for raw in raw_entities:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise ValueError(f"{source}: every entity needs a string 'name': {raw!r}")
        etype = raw.get("type", "ORG")
        if etype not in _TYPES:
            raise ValueError(f"{source}: unknown type {etype!r} for {raw['name']!r}")
        aliases = tuple(a for a in raw.get("aliases", []) if isinstance(a, str))
        entries.append(AliasEntry(raw["name"], etype, aliases))
    raw_demonyms = data.get("demonyms") or {}
    if not isinstance(raw_demonyms, dict):
        raise ValueError(f"{source}: 'demonyms' must be an object")
    demonyms = {str(k): str(v) for k, v in raw_demonyms.items()}
    return entries, demonyms


def _build_lexicon(entries: list[AliasEntry], demonyms: dict[str, str]) -> AliasLexicon:
    """Index entries; entries sharing a name or alias (e.g. from an extra file) are merged."""
    merged: list[AliasEntry] = []
    index: dict[str, int] = {}
    caps: dict[str, int] = {}
    for entry in entries:
        forms = (entry.name, *entry.aliases)
        hit = next((index[k] for f in forms if (k := " ".join(tokens(f))) in index and not is_acronym(f)), None)
        if hit is None:
            hit = next((caps[k] for f in forms if is_acronym(f) and (k := "".join(tokens(f))) in caps), None)
        if hit is None:
            merged.append(entry)
            hit = len(merged) - 1
        else:
            old = merged[hit]
            extra = tuple(a for a in forms if a not in old.aliases and a != old.name)
            merged[hit] = AliasEntry(old.name, entry.type, old.aliases + extra)
        for form in forms:
            key = " ".join(tokens(form))
            if is_acronym(form) and len(key.replace(" ", "")) <= 4:
                caps[key.replace(" ", "")] = hit
            else:
                index[key] = hit
    folded = {" ".join(tokens(k)): v for k, v in demonyms.items()}
    countries = {" ".join(tokens(v)) for v in demonyms.values()}
    countries.update(" ".join(tokens(e.name)) for e in merged if e.type == "GPE")
    countries.update(" ".join(tokens(a)) for e in merged
                     if e.type == "GPE" and " ".join(tokens(e.name)) in countries for a in e.aliases)
    return AliasLexicon(tuple(merged), folded, index, caps, frozenset(countries))


def _packaged() -> tuple[list[AliasEntry], dict[str, str]]:
    if lexicon.value("aliases", "version") != 1:
        raise ValueError("aliases.json: unsupported lexicon version")
    data = {key: lexicon.value("aliases", key) for key in ("entities", "demonyms")}
    return _read_lexicon_json(data, "aliases.json")


def load_lexicon(extra_path: str | Path | None = None) -> AliasLexicon:
    """The packaged alias lexicon, extended by the file at ``extra_path`` (same JSON format); cached per path."""
    return _load_lexicon(str(extra_path) if extra_path else None)


@cache
def _load_lexicon(extra_path: str | None) -> AliasLexicon:
    entries, demonyms = _packaged()
    if extra_path:
        more_entries, more_demonyms = _read_lexicon_json(json.loads(Path(extra_path).read_text(encoding="utf-8")),
                                                         extra_path)
        entries.extend(more_entries)
        demonyms.update(more_demonyms)
    return _build_lexicon(entries, demonyms)


def default_lexicon() -> AliasLexicon:
    """The packaged lexicon (cached): what is used when no other is given."""
    return load_lexicon(None)
