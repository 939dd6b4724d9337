"""The entity of a story that a free-text name refers to ("the ministry", "SANA", "Putin")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from newsfuse.names import CONNECTORS, acronyms, default_lexicon, display_form, is_acronym, name_key
from newsfuse.types import Entity


def types_compatible(a: str, b: str) -> bool:
    """Whether two majority labels may be joined by a fuzzy rule (places with places, etc.)."""
    group = {"GPE": "P", "LOC": "P", "FAC": "P"}
    return group.get(a, a) == group.get(b, b)


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
            typed = {i: e for i, e in uniq.items() if types_compatible(e.type, label_hint)}
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
    if is_acronym(display_form(name)):
        acr = key.replace(" ", "")
        found = [e for e in entities if any(acr in acronyms(a) for a in (e.name, *e.aliases))]
        if found:
            return pick(found)
    if len(words) == 1:
        found = [e for e, keys in keyed
                 if e.type == "PERSON" and any(k.split()[-1] == words[0] for k in keys if " " in k)]
        if found:
            return pick(found)
    content = [w for w in words if w not in CONNECTORS]
    if content:
        found = [e for e, keys in keyed if e.type != "NORP" and any(set(content) <= set(k.split()) for k in keys)]
        if found:
            return pick(found)
    scored = [(max(fuzz.ratio(key, k) for k in keys), e) for e, keys in keyed]
    best = max(s for s, _ in scored)
    if best >= 90:
        return pick(e for s, e in scored if s == best)
    return None
