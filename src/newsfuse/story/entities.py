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

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from newsfuse import lexicon
from newsfuse.geo import (
    PLACE_TYPES,
    distance_km,
    geocode,
    geocode_candidates,
    geocode_near,
    is_region,
    place_key,
    place_population,
    population,
)
from newsfuse.names import (
    PAREN_LEAD,
    AliasLexicon,
    acronyms,
    default_lexicon,
    display_form,
    fold,
    is_acronym,
    name_key,
    skeleton,
    strip_titles,
    tokens,
    without_title,
)
from newsfuse.placenames import AGENCY_HEADS, SITE_WORDS, STREET_WORDS, VENUE_WORDS, street_names, town_part_only
from newsfuse.placenames import fold as fold_place
from newsfuse.story.matching import types_compatible
from newsfuse.types import Entity, EntityType, Geo, Mention, Place, Span, stable_id

__all__ = ["resolve_entities", "retype", "settle_near_place"]

_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER")

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
        lead = PAREN_LEAD.match(raw.strip())
        stripped = raw.strip()[lead.end() :] if lead else raw.strip()
        if not stripped or ":" in stripped or not stripped[0].isupper() or len(stripped.split()) > 6:
            continue
        if any(ch.isdigit() for ch in stripped):
            continue
        start = inner_start + piece.start() + raw.index(stripped)
        if is_acronym(stripped) or stripped.split()[0][0].isupper():
            out.append((start, start + len(stripped), stripped))
    # Keep only acronyms unless an acronym of the mention is among the pieces (then trust the list).
    acr = acronyms(mention.text)
    if any(fold(s).replace(".", "") in acr for _, _, s in out):
        return out
    return [p for p in out if is_acronym(p[2])]


def _slash_parts(surface: str) -> list[str]:
    """Alternatives written with a slash: "ISIS/ISIL" -> ["ISIS", "ISIL"]."""
    parts = [p.strip() for p in surface.split("/")]
    return parts if len(parts) > 1 and all(len(p) >= 2 and p[0].isupper() for p in parts) else []


def _majority(labels: Iterable[str]) -> list[str]:
    counts = Counter(labels)
    top = max(counts.values())
    return sorted(lbl for lbl, c in counts.items() if c == top)


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
    # groups whose entity would be the same (one type, one canonical name: "San Antonio" and a dateline's "SAN
    # ANTONIO" NER kept apart) are one entity: an id names one entity in a story
    groups: dict[str, list[_Item]] = defaultdict(list)
    built: dict[str, list[Entity]] = defaultdict(list)
    for keys in uf.groups().values():
        group = [i for k in keys for i in by_key[k]]
        if (entity := _entity(story_id, group, short, lex)) is not None:
            groups[entity.id].extend(group)
            built[entity.id].append(entity)
    entities = [found[0] if len(found) == 1 else _entity(story_id, groups[eid], short, lex)
                for eid, found in built.items()]
    settled = _settle_places([e for e in entities if e is not None])
    return tuple(sorted(settled, key=lambda e: (e.type, e.name.lower(), e.id)))


def _settle_places(entities: Sequence[Entity]) -> list[Entity]:
    """Re-read each ambiguous place name among the story's other places (see :func:`geocode_near`). A name the
    story gives a street ("Ashland Street") is that street where it says it alone ("where Ashland meets Tamsin
    Avenue"): no town of that name, far away, locates it or reads the others."""
    streets = street_names(e.name for e in entities)
    entities = [replace(e, geo=None) if e.geo is not None and fold_place(e.name) in streets else e for e in entities]
    around = [e.geo for e in entities if e.geo is not None and e.type in PLACE_TYPES]
    out = []
    for e in entities:
        if e.geo is not None and e.type in PLACE_TYPES and len(geocode_candidates(e.name)) > 1:
            others = [g for g in around if g is not e.geo]
            e = replace(e, geo=geocode_near(e.name, others) or e.geo)
        out.append(e)
    return out


_SITE_HEADS = STREET_WORDS | VENUE_WORDS | SITE_WORDS
_BODY_HEADS = AGENCY_HEADS | lexicon.words("names", "body_heads")
_DAY_HEADS = lexicon.words("names", "day_heads")
_SURNAME_HEADS = lexicon.words("names", "surname_heads")


def _type_by_head(name: str, etype: EntityType) -> EntityType:
    """The type a name's last word gives a name NER typed a person's: a site's ("Stroger Hospital", "Hafer Road"),
    a body's ("Allen County Coroner's Office") or a day's ("Cesar Chavez Day"); a word that is also a surname only
    in a name of three words or more ("Harry Maze Park", not "Grace Park"). A street NER typed an organisation's
    is a street ("Flamingo Road")."""
    words = name.lower().split()
    if len(words) < 2 or (words[-1] in _SURNAME_HEADS and len(words) < 3):
        return etype
    head = words[-1]
    if etype == "ORG":  # a street NER took for an organisation ("Flamingo Road")
        return "FAC" if head in STREET_WORDS and head not in _BODY_HEADS else etype  # (a "... Court" is a court)
    if etype != "PERSON":
        return etype
    if head in _DAY_HEADS:
        return "EVENT"
    if head in _BODY_HEADS:
        return "ORG"
    return "FAC" if head in _SITE_HEADS else etype


def retype(entities: Sequence[Entity], aged: Collection[str]) -> list[Entity]:
    """The entities' types mended once the story is read (their ids stay, as claims name them; the places of its
    numbers were read with NER's types): a name the text gives an age ("20-year-old Tavin Okoro",
    ``claims.aged_names``; folded) is a person's whatever NER typed it, unless the gazetteer locates it; a name
    NER typed a person's whose last word is a site's, a body's or a day's is that (``_type_by_head``)."""
    return [replace(e, type="PERSON") if e.type != "PERSON" and e.geo is None
            and any(fold_place(a) in aged for a in e.aliases)
            else replace(e, type=kind) if (kind := _type_by_head(e.name, e.type)) != e.type else e
            for e in entities]


# how near the story's own place a town of an ambiguous name must be to be the one the story means
PLACE_NEIGHBOURHOOD_KM = 200.0
# ... unless the name's best-known place is this many times bigger: "London" in an Ohio story is still London
FAMOUS_RATIO = 10


def settle_near_place(entities: Sequence[Entity], place: Place | None) -> list[Entity]:
    """Locate the story's places around its own place, once that is known: the place's entity where the story
    place says (its reading is the story's region and claims, not the name alone), and an ambiguous name at its
    town nearest the story's place, within PLACE_NEIGHBOURHOOD_KM ("Charleston" of a West Virginia story is not
    the South Carolina city its other places, a suspect's home among them, had pointed to), unless the place it
    was read as is FAMOUS_RATIO times bigger ("London", "Frankfurt", "Washington" stay themselves)."""
    if place is None or place.geo is None:
        return list(entities)
    here = (place.geo.lat, place.geo.lon)

    def away(geo: Geo) -> float:
        return distance_km(here, (geo.lat, geo.lon))

    out = []
    for e in entities:
        if e.id == place.entity_id:
            e = replace(e, geo=place.geo)
        elif e.geo is not None and e.type in PLACE_TYPES and not is_region(e.geo) \
                and len(found := geocode_candidates(e.name)) > 1:  # (a state is no town of its name)
            nearest = min(found, key=away)
            if away(nearest) <= PLACE_NEIGHBOURHOOD_KM and away(nearest) < away(e.geo) \
                    and place_population(nearest) * FAMOUS_RATIO >= place_population(e.geo):
                e = replace(e, geo=nearest)
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
    State" — and drop mentions that then lie inside an extended one. A following word the name's key leaves
    out (the "as" of "Deir ez-Zor as the army advanced") makes no longer name. Sorted, duplicates removed."""
    unique = sorted(set(mentions), key=lambda m: (m.article_id, m.start, m.end, m.label, m.text))
    known_labels: dict[str, list[str]] = defaultdict(list)
    for m in unique:
        if " " in (k := name_key(m.text, lex)):
            known_labels[k].append(m.label)
    out: list[Mention] = []
    for m in unique:
        text = texts.get(m.article_id, "")
        end, best, own = m.end, m, name_key(m.text, lex)
        for _ in range(3):
            nxt = _NEXT_WORD.match(text, end) if text[m.start : m.end] == m.text else None
            if nxt is None:
                break
            end = nxt.end(1)
            joined = text[m.start : end]
            entry = lex.lookup(joined) if nxt.group(1)[0].isupper() else None
            jkey = name_key(joined, lex)
            if jkey == own:  # a word the key leaves out ("Bashar al-Assad as"): no longer name
                continue
            if jkey in known_labels or entry is not None:
                label = entry.type if entry is not None else _majority(known_labels[jkey])[0]
                best, own = Mention(m.article_id, m.start, end, joined, label), jkey  # type: ignore[arg-type]
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
            for acr in acronyms(item.surface):
                expansions[acr].add(key)
    for key, group in sorted(by_key.items()):
        surface = group[0].surface
        if not is_acronym(display_form(surface)):
            continue
        acr = re.sub(r"[^a-z0-9]", "", fold(display_form(surface)))
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
        blocks[" ".join(skeleton(w) for w in words)].append(key)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if types_compatible(labels[a], labels[b]) and fuzz.ratio(a, b) >= 80:
                    uf.union(a, b)
    exact_blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, group in by_key.items():
        if any(i.label in PLACE_TYPES for i in group):
            exact_blocks[("place", place_key(group[0].surface))].append(key)
        if labels[key] in ("ORG", "FAC") and " " in key and len(key.rsplit(" ", 1)[1]) >= 4:
            exact_blocks[("plural", re.sub(r"s$", "", key))].append(key)
    for block in exact_blocks.values():
        for other in block[1:]:
            uf.union(block[0], other)


@dataclass(frozen=True, slots=True)
class _LongForms:
    """Groups of multi-word names, by the short form each could be cut to."""

    by_last_word: dict[str, set[str]]  # a person's surname -> groups
    by_first_word: dict[str, set[str]]  # a place's first word -> groups
    by_truncation: dict[str, set[str]]  # the key of the name cut before "of"/"for"/"on"/"in" -> groups
    by_unmodified: dict[str, set[str]]  # an organisation's name without its country -> groups


def _long_forms(by_key: Mapping[str, list[_Item]], labels: Mapping[str, str], groups: Mapping[str, str],
                lex: AliasLexicon) -> _LongForms:
    forms = _LongForms(defaultdict(set), defaultdict(set), defaultdict(set), defaultdict(set))
    for key in by_key:
        words = key.split()
        if len(words) < 2:
            continue
        seen_labels = {i.label for i in by_key[key]}
        if "PERSON" in seen_labels:
            forms.by_last_word[words[-1]].add(groups[key])
        if seen_labels & PLACE_TYPES:
            forms.by_first_word[words[0]].add(groups[key])
        for item in by_key[key][:1]:
            folded = fold(display_form(item.surface)).split()
            for cut in range(2, len(folded)):
                if folded[cut] in ("of", "for", "on", "in"):
                    forms.by_truncation[name_key(" ".join(folded[:cut]), lex)].add(groups[key])
                    break
        if labels[key] in ("ORG", "FAC", "EVENT"):
            head = _country_head(words, lex)
            if head:
                forms.by_unmodified[head].add(groups[key])
    return forms


def _link_short_forms(
    by_key: Mapping[str, list[_Item]], labels: Mapping[str, str], uf: _UnionFind, lex: AliasLexicon
) -> set[str]:
    """Surnames, truncations, first words of places and modifier-less organisations; returns short keys."""
    groups = {k: uf.find(k) for k in by_key}
    forms = _long_forms(by_key, labels, groups, lex)
    lastword, firstword = forms.by_last_word, forms.by_first_word
    truncated, unmodified = forms.by_truncation, forms.by_unmodified
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
            candidates = {c for c in firstword.get(words[0], set())
                          if _truncated_place(by_key[key], c, by_key, groups)}
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
    own = population(short[0].surface)
    return own is None or own < (population(longs[0].surface) or 0)




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
    full = [f for f in forms if not is_acronym(f) and name_key(f, lex) not in short and "/" not in f]
    untitled = [f for f in full if strip_titles(tokens(f), lex) == tokens(f)]
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
    if etype == "PERSON" and not untitled:  # every full form has a title: the person's name is without it
        name = without_title(name, lex)
    spans = tuple(sorted({i.span for i in items}, key=lambda s: (s.article_id, s.start, s.end)))
    aliases = tuple(sorted({i.surface for i in items}))  # every surface form exactly as written
    geo = None
    if etype in PLACE_TYPES and not town_part_only(name):  # "East Side", "Downtown": every town has one
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
