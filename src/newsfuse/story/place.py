"""Where a story's event happened: its ``place`` (when: ``story.date``).

The place is read from what the articles say of the event, each kind of evidence with its weight:
the dateline that opens an article ("FORT WAYNE, Ind. (WANE) –", ``DATELINE_WEIGHT``), the places the
numbers' own clauses name ("killed one person in Hot Springs", ``CLAIM_WEIGHT``), a headline's "in X"
(``TITLE_WEIGHT``), the places of the timeline's events and every mention of a place (one each) —
but not a mention inside a speaker ("Vallejo police said", "a Tulsa Police spokesman"): a speaker's
city, or the outlet's, is not where the event happened. A town's police or court ("the Elmira Police
Department", a headline's "Elmira police"), speaking or not, counts for its town (``AGENCY_WEIGHT``)
and makes its name a town whatever NER typed it. Names are resolved in the region the story is about
(the US state its datelines and places point to, else the country), so a small town is found among
towns ("Sunman" in Indiana) and "Hamilton" beside Ohio is Hamilton, Ohio. States, countries, counties
and streets locate no event (a town named like an area, "Iron River", does); a site
("Marysville-Pilchuck High School") counts for the town it is named after; a word with no capital is
no place. The area with the most support wins: a place's own evidence and that of the places within
NEAR_KM of it (a town and its neighbourhoods back each other; a lone namesake does not); the place named
for it is the one of that area told most (a town between the city and its suburbs gathers the support of
both). A name found only outside the story's region (another state than the one it names) gives way to a
town inside it with HOME_SHARE of its support, and so does a small town far from a big city the story names (a
neighbourhood of the city that shares the town's name). A story that locates no town is placed at the
town named after the county it names most ("WAGONER COUNTY, Okla. -"), when its state has one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from newsfuse.geo import (
    PLACE_TYPES,
    county_centre,
    county_states,
    county_towns,
    distance_km,
    geocode,
    geocode_in,
    is_region,
    own_name,
    place_population,
    region_of,
    town_key,
    town_states,
    unique_town,
    us_state,
)
from newsfuse.names import name_key
from newsfuse.placenames import (
    REGION_WORDS,
    agency_town,
    display_name,
    fold,
    is_broad_place,
    names_an_event_place,
    street_after,
    street_names,
    town_in_name,
)
from newsfuse.story.matching import match_entity
from newsfuse.types import THIS_EVENT, ClaimRecord, Entity, Event, Geo, ParsedArticle, Place, Span, stable_id

DATELINE_WEIGHT = 3.0
CLAIM_WEIGHT = 2.0
TITLE_WEIGHT = 2.0
EVENT_WEIGHT = 1.0
MENTION_WEIGHT = 1.0
AGENCY_WEIGHT = 0.5  # a mention of a town's police or court ("the Elmira Police Department"), a speaker's too
GEO_UNKNOWN = 0.3  # a place the gazetteer cannot locate counts less: it may be no town at all (or a person)
ELSEWHERE = 0.6  # a place found only outside the story's country counts less: likely a namesake
HOME_SHARE = 0.5  # a town of the story's region wins over a namesake elsewhere with this share of its support
NEAR_KM = 50.0  # places this close support each other: a town, its neighbourhoods and sites
WELL_KNOWN = 100_000  # a city this big keeps its own geo in a story whose state is only guessed
WORLD_CITY = 1_000_000  # a city this big abroad is not a namesake elsewhere in the story's country ("London", Ohio)
DATELINE_CHARS = 600  # a dateline opens the body, after any page clutter left before it
# Measures whose clause places locate the event ("killed one person in Hot Springs"; not "taken to a hospital
# in Seattle")
CASUALTY_MEASURES = frozenset({"killed", "injured", "shot"})

_CAPS = r"[A-Z][A-Z.'’\-]+"
_WORD = "(?:" + _CAPS + r"|[A-Z][a-z]+\.?)"
DATELINE = re.compile(
    r"(?:^|(?<=[\s\"“(]))(?P<city>" + _WORD + r"(?:[ ]" + _WORD + r")*?)"
    r"(?:,\s*(?P<state>[A-Z][A-Za-z.]{1,14}(?:\s[A-Z][A-Za-z.]{1,12})?))?\s*(?:\((?P<station>[^()\n]{1,40})\)\s*)?"
    r"(?:—|–|--|-|_)(?=\s|[A-Z\"“])")
# a US broadcaster's call sign: K or W and two or three letters, its band after ("KTVI", "WHDH-TV")
US_CALL_SIGN = re.compile(r"[KW][A-Z]{2,3}(?:-(?:TV|DT|FM|AM|CD|LD))?")
# a county (a parish) named in any entity's name: "Starr County", "the Whitley County Sheriff's Office"
COUNTY = re.compile(r"\b((?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+)\s+(?:County|Parish)\b")
# a body named after its state: "Kentucky State Police", "Ohio State Highway Patrol"
STATE_BODY = re.compile(r"((?:[A-Z][a-z]+\s)?[A-Z][a-z]+)\s+State\b")
TITLE_PLACE = re.compile(r"\b(?:in|at|near|outside)\s+(?P<name>(?:[A-Z][a-z]+\.?|[A-Z]{2,})(?:\s+[A-Z][a-z]+\.?){0,2})")
# a headline's town police ("Elmira police seek gunman"): the town it names
TITLE_AGENCY = re.compile(r"\b(?P<name>(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+[A-Z][a-z]+){0,2})\s+(?:[Pp]olice|PD)\b")
# Words that open a dateline-like line but name no place (time zones, page labels)
NOT_PLACES = frozenset("""pdt pst edt est cdt cst mdt mst am pm update updated news breaking video photo
    watch live""".split())


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place an article's body opens with: "FORT WAYNE, Ind. (WANE) –"."""

    article_id: str
    start: int
    end: int
    city: str  # as written, page words before it left out ("PDT SAN FRANCISCO" -> "SAN FRANCISCO")
    state: str | None  # a US state's postal code when the dateline names one
    us_station: bool = False  # the station in its brackets has a US call sign ("(WHDH)", "(KTVI)")


def dateline(article_id: str, text: str) -> Dateline | None:
    """The dateline of an article's text, when its first DATELINE_CHARS hold one: a city in capitals (or
    in title case before a state), then a state, a station in brackets and a dash, in that order."""
    for m in DATELINE.finditer(text[:DATELINE_CHARS]):
        city, state_text = m.group("city"), m.group("state")
        if not (city.isupper() or state_text):
            continue
        words = city.split()
        while words and words[0].strip(".").lower() in NOT_PLACES:
            words.pop(0)
        if not words or len("".join(words)) < 3:
            continue
        if len(words) == 1 and US_CALL_SIGN.fullmatch(words[0]) is not None:
            continue  # a station's call sign opening the body ("KXYZ -") is no place
        state = us_state(state_text) if state_text else None
        if state_text and state is None and state_text.upper() != state_text:
            continue  # "Hamilton, Mayor Smith –": no state, no dateline
        start = m.start("city") + len(city) - len(" ".join(words))
        station = m.group("station")
        return Dateline(article_id, start, m.start("city") + len(city), " ".join(words), state,
                        us_station=station is not None and US_CALL_SIGN.fullmatch(station.strip()) is not None)
    return None


@dataclass(frozen=True, slots=True)
class Region:
    """The country a story is about, and its US state when known; ``named``: a dateline or the text names
    the state ("Fort Wayne, Ind.", "Indiana"), rather than only the places it names lying there."""

    country: str
    state: str | None = None
    named: bool = False


_STATED: Final = re.compile(r"\b((?:[A-Z][\w'’-]* +){0,2}[A-Z][\w'’-]*), +([A-Z][\w.]*(?: +[A-Z][a-z]+)?)")


_OPENING_WORDS: Final = frozenset({"in", "at", "near", "from", "to", "on", "then", "and", "but", "the", "a", "after",
                                   "before", "outside", "inside", "when", "while", "since", "of", "for"})


def stated_towns(texts: Sequence[str]) -> dict[str, str]:
    """The names (folded) the texts pair with a US state ("Fayetteville, Arkansas", "BECKLEY, W.Va.", "Harrow
    Heights, N.C."): name -> the state's postal code, the state most often given where a name has two."""
    given: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _STATED.finditer(text):
            words = m.group(2).split()
            state = us_state(m.group(2)) or us_state(words[0])
            name = m.group(1).split()
            while len(name) > 1 and name[0].lower() in _OPENING_WORDS:
                name.pop(0)  # "In Harrow, Ill.": a sentence's first word
            if state is not None and us_state(" ".join(name)) is None:
                given.setdefault(fold(" ".join(name)), Counter())[state] += 1
    return {name: max(states, key=lambda s: (states[s], s)) for name, states in given.items()}


def story_region(datelines: Sequence[Dateline], entities: Sequence[Entity],
                 titles: Sequence[str] = (), stated: Mapping[str, str] | None = None) -> Region | None:
    """The country (and US state) a story is about: the states its datelines name, the US states it names
    (alone, or opening a body's name: "the Kentucky State Police") and the states holding the counties it
    names ("Starr County"); the countries of its datelines' cities, of its headlines' "in X" and of the towns
    it names (a country it
    names counts half: "a veteran of Iraq" is background), a US station's call sign in a dateline ("(WHDH)")
    telling the US; the heaviest wins. A town's name votes for the states that hold a town of that name,
    shared among them ("Germantown", borne in six states, tells little), unless the text pairs it with its
    state (``stated``: ``stated_towns``, "Charleston, WV"), whose vote it then is alone."""
    named: dict[str, float] = defaultdict(float)
    states: dict[str, float] = defaultdict(float)
    countries: dict[str, float] = defaultdict(float)

    def vote(name: str, geo: Geo | None, weight: float) -> None:
        where = region_of(geo) if geo is not None else None
        if geo is None or where is None:
            return
        countries[where[0]] += weight / 2 if is_region(geo) else weight
        if where[0] == "US" and not is_region(geo):
            told = (stated or {}).get(fold(name))
            shared = {told} if told is not None else town_states(name) | {where[1]}
            for s in shared:  # a city's state, less sure than a state named
                states[s] += weight / 2 / len(shared)

    for d in datelines:
        if d.state is not None:
            named[d.state] += DATELINE_WEIGHT
            countries["US"] += DATELINE_WEIGHT
        else:  # the best-known city of its name: as good as a mention ("CHELSEA" is also London's)
            vote(display_name(d.city), geocode(display_name(d.city)), MENTION_WEIGHT)
            if d.us_station:
                countries["US"] += DATELINE_WEIGHT
    for name in _title_places(titles):  # a headline's "in X"
        vote(name, geocode(name), TITLE_WEIGHT)
    for e in entities:
        for s, weight in _named_states(e.name, len(e.mentions)).items():
            named[s] += weight
            countries["US"] += weight
        if e.type not in {"GPE", "LOC"}:
            continue
        code = us_state(e.name)
        if code is not None:
            named[code] += len(e.mentions)
            countries["US"] += len(e.mentions)
        else:
            vote(e.name, _known(e.name, e.geo), len(e.mentions))
    if not countries:
        return None
    country = min(countries, key=lambda c: (-countries[c], c))
    if country != "US" or not (named or states):
        return Region(country)
    state = _most_voted({s: named.get(s, 0.0) + states.get(s, 0.0) for s in {*named, *states}}, entities)
    return Region(country, state, named=state in named)


def _most_voted(votes: Mapping[str, float], entities: Sequence[Entity]) -> str:
    """The state with the most votes; between states voted alike, the one whose counties of the names told are the
    bigger (their towns): a story that names only "Hidalgo County" is most likely about the Rio Grande valley's, in
    Texas, not New Mexico's. (The county table is read only for such a tie.)"""
    top = max(votes.values())
    tied = sorted(s for s, vote in votes.items() if vote == top)
    if len(tied) > 1:
        counties = {m.group(1) for e in entities for m in COUNTY.finditer(e.name)}
        tied.sort(key=lambda s: -sum(county_towns(c, s) for c in counties))
    return tied[0]


def _title_places(titles: Sequence[str]) -> list[str]:
    """The places headlines tell an event happened in ("Man shot in Elmira")."""
    return [m.group("name") for title in titles for m in TITLE_PLACE.finditer(title) if _locates(m.group("name"))]


def _named_states(name: str, weight: float) -> dict[str, float]:
    """The US states a name tells inside it, its weight shared among them: those holding the counties it
    names ("the Whitley County Sheriff's Office": Indiana, Kentucky), the state a body is named after
    ("Kentucky State Police")."""
    found: dict[str, float] = defaultdict(float)
    for county in {m.group(1) for m in COUNTY.finditer(name)}:
        holders = county_states(county)
        for s in holders:
            found[s] += weight / len(holders)
    if (m := STATE_BODY.match(name)) is not None and (code := us_state(m.group(1))) is not None:
        found[code] += weight
    return found


def _known(name: str, geo: Geo | None) -> Geo | None:
    """A name's geo, unless it is a town known by that name only as one of its other names (New
    Philadelphia, Ohio, for "Philadelphia"): then the gazetteer's best-known place of that name."""
    own = own_name(geo) if geo is not None else None
    if own is not None and town_key(own) != town_key(name):
        return geocode(name) or geo
    return geo


def resolve(name: str, region: Region | None, entity: Entity | None = None) -> Geo | None:
    """Coordinates of a place name read in the story's region: a place of that name in the US state the
    story names (the entity's own geo when it lies there, else the most populous town of that name
    there), else in its country, else the gazetteer's best-known place of that name. When the state is
    only where the story's other places lie, a well-known city elsewhere in the country keeps its geo; a world
    city abroad that the story's state does not hold keeps its geo too (not a namesake elsewhere in the country).
    A name the gazetteer lacks is tried as the part of a town its name says it is ("North Killeen", "Downtown
    Killeen": Killeen)."""
    names = list(dict.fromkeys([name] + ([entity.name, *entity.aliases] if entity is not None else [])))
    found = _resolve(names, region, _known(name, entity.geo) if entity is not None else None)
    if found is None:
        bare = [town for n in names if (town := town_in_name(n)) is not None]
        found = _resolve(bare, region, None) if bare else None
    return found


def _resolve(names: Sequence[str], region: Region | None, geo: Geo | None) -> Geo | None:
    if geo is None:
        geo = next((g for form in names if (g := geocode(form)) is not None), None)
    if geo is not None and is_region(geo):
        return None
    if region is None:
        return geo
    where = region_of(geo) if geo is not None else None
    in_country = geo is not None and where is not None and where[0] == region.country
    if in_country and region.state is not None and where is not None and where[1] == region.state:
        return geo
    if in_country and not region.named and geo is not None and place_population(geo) >= WELL_KNOWN:
        return geo  # a big city elsewhere in the country, in a story whose state is only guessed
    world_city = geo is not None and place_population(geo) >= WORLD_CITY
    for admin1 in ([region.state] if region.state is not None else []) + [None]:
        if admin1 is None and (in_country or world_city):
            return geo  # none in the story's state: not a namesake elsewhere in its country ("London", Ohio)
        found = next((g for form in names if (g := geocode_in(form, region.country, admin1)) is not None), None)
        if found is not None:
            return found
    return geo  # nothing of that name in the story's country: the best-known place (counted less)


def _locates(name: str) -> bool:
    """A name that can locate an event: a proper noun (an upper-case letter in it: a contraction's "n't" or a
    common noun NER took for a place is none), not a street, an area or a state."""
    return (any(c.isupper() for c in name) and names_an_event_place(name) and us_state(name) is None
            and (not is_broad_place(name) or _town_like_an_area(name)))


def _town_like_an_area(name: str) -> bool:
    """A town whose name ends like an area's ("Iron River", "Elk Valley"): the gazetteer knows a town of the
    very name (and no state or country)."""
    return (name.split()[-1].lower() in REGION_WORDS and not is_region(geocode(name))
            and bool(town_states(name)))


@dataclass(slots=True)
class _Candidate:
    name: str
    geo: Geo | None
    entity: Entity | None
    weight: float = 0.0
    spans: list[Span] = field(default_factory=list)
    elsewhere: bool = False  # its geo lies outside the story's country, or outside the US state the story names


def story_place(story_id: str, parsed: Sequence[ParsedArticle], entities: Sequence[Entity],
                records: Sequence[ClaimRecord], events: Sequence[Event],
                datelines: Mapping[str, Dateline], region: Region | None = None, persons: Collection[str] = (),
                ) -> tuple[Place | None, Entity | None]:
    """The story's place (see the module doc), and the entity to add when the place is a dateline that NER
    did not take for a place (None when the place is an entity already). ``region``: the story's
    (``story_region``), when already known; ``persons``: the names (folded) it gives people, no place where the
    gazetteer locates them nowhere or only outside the region."""
    if region is None:
        region = story_region(list(datelines.values()), entities, [p.article.title for p in parsed if p.article.title])
    candidates: dict[str, _Candidate] = {}
    counties: dict[str, float] = defaultdict(float)
    policed = {name_key(m.group("name")) for p in parsed for m in TITLE_AGENCY.finditer(p.article.title or "")}
    for _, name, weight, entity, span in evidence(parsed, entities, records, events, datelines):
        _add(candidates, entities, region, name, weight, entity, span, policed, persons)
        for county in COUNTY.finditer(display_name(name)):
            counties[county.group(0)] += weight
    for p in parsed:
        for county in COUNTY.finditer(p.article.title or ""):
            counties[county.group(0)] += TITLE_WEIGHT
    _credit_towns(candidates)
    best = _best(list(candidates.values())) if candidates else None
    if best is None or best.geo is None:
        # no town of the story's region located: the town a county it names is named after ("WAGONER COUNTY -")
        best = _county_place(counties, entities, region) or best
    if best is None:
        return None, None
    if best.entity is not None:
        return Place(entity_id=best.entity.id, name=best.entity.name, geo=best.geo), None
    name = display_name(best.name)
    added = Entity(id=stable_id("ent", story_id, "GPE", name_key(name)), name=name, type="GPE",
                   aliases=tuple(sorted({_text_at(parsed, s) for s in best.spans})),
                   mentions=tuple(sorted(best.spans, key=lambda s: (s.article_id, s.start))), geo=best.geo)
    return Place(entity_id=added.id, name=added.name, geo=best.geo), added


Evidence = tuple[str, str, float, Entity | None, Span | None]  # article, place name, weight, entity, span


def evidence(parsed: Sequence[ParsedArticle], entities: Sequence[Entity], records: Sequence[ClaimRecord],
             events: Sequence[Event], datelines: Mapping[str, Dateline]) -> list[Evidence]:
    """Every place the articles tell the event happened at, with the article telling it and its weight (see
    the module doc). (Scaling each article's weights to one vote, so that in a story joining two events
    the one most articles tell would win, placed fewer stories right: 0.724 against 0.751 on gvc-dev.)"""
    found: list[Evidence] = []
    for d in datelines.values():
        found.append((d.article_id, display_name(d.city), DATELINE_WEIGHT, None, Span(d.article_id, d.start, d.end)))
    for p in parsed:
        for m in TITLE_PLACE.finditer(p.article.title or ""):
            found.append((p.article.id, m.group("name"), TITLE_WEIGHT, None, None))
        for m in TITLE_AGENCY.finditer(p.article.title or ""):
            found.append((p.article.id, m.group("name"), MENTION_WEIGHT, None, None))
    told = {(r.claim.article_id, r.place_name) for r in records
            if r.place_name and r.place_from == "clause" and r.measure in CASUALTY_MEASURES
            and r.scope.kind in THIS_EVENT}
    found += [(article, name, CLAIM_WEIGHT, None, None) for article, name in sorted(told)]
    by_id = {e.id: e for e in entities}
    streets = _streets(parsed, entities)
    for event in events:
        if event.location is not None and event.location in by_id and event.location not in streets:
            entity = by_id[event.location]
            found += [(a, entity.name, EVENT_WEIGHT / len(event.article_ids), entity, None) for a in event.article_ids]
    speakers = _speaker_spans(parsed)
    for e in entities:
        if e.type in PLACE_TYPES and e.id not in streets:
            found += [(m.article_id, e.name, MENTION_WEIGHT, e, None) for m in e.mentions if not _inside(m, speakers)]
        elif e.type == "ORG" and (town := agency_town(e.name)) is not None:
            # a town's police works there: where the event happened, though its spokesman speaks for it too
            found += [(m.article_id, town, AGENCY_WEIGHT, None, None) for m in e.mentions]
    return found


def _streets(parsed: Sequence[ParsedArticle], entities: Sequence[Entity]) -> set[str]:
    """The ids of the place entities that are streets of the story: a name it gives a street ("the 6300 block
    of Ashland Street") is that street wherever it says it ("where Ashland meets Tamsin Avenue", "ran up
    Ashland"), not a town of that name."""
    texts = {p.article.id: p.article.text for p in parsed}
    named = street_names(e.name for e in entities)
    return {e.id for e in entities if e.type in PLACE_TYPES and (
        fold(e.name) in named or any(street_after(texts.get(m.article_id, ""), m.end) for m in e.mentions))}


def _add(candidates: dict[str, _Candidate], entities: Sequence[Entity], region: Region | None, name: str,
         weight: float, entity: Entity | None, span: Span | None, policed: Collection[str] = (),
         persons: Collection[str] = ()) -> None:
    """Count one piece of evidence for the place it resolves to; ``policed``: the keys of the names a headline
    gives a police force ("Elmira police seek gunman"), towns whatever NER typed them."""
    if not _locates(name):
        return
    if entity is None:
        entity = _place_entity(entities, name)
    if entity is not None and entity.type not in PLACE_TYPES and span is None:
        same = name_key(name) in {name_key(a) for a in (entity.name, *entity.aliases)}
        if same and not (entity.type == "ORG" and region is not None and _town_of(name, region)) \
                and name_key(name) not in policed and not _has_agency(entities, name):
            return  # a person or a body that shares a town's name (unless the story names the town's police)
        # a body named after a town ("Elmira Police Department" for "Elmira"), or a town of the story's state
        # NER took for a body ("Elmira police said"): the town
        entity = None
    # a site (a street, a building, "Broadway") is no town of its name: it counts for the town it is named after;
    # but a name that is a town of the story's state is that town, whatever NER typed it ("Fort Wayne")
    if entity is not None and entity.type == "FAC":
        geo = geocode_in(name, region.country, region.state) if region is not None and region.state else None
    else:
        # a town the story's region does not tell: the one town of that name, if only one bears it ("Pandora")
        geo = resolve(name, region, entity) or unique_town(name, region.country if region is not None else None)
    key = geo.gazetteer_id if geo is not None else (entity.id if entity is not None else name_key(name))
    where = region_of(geo) if geo is not None else None
    outside = region is not None and where is not None and (
        where[0] != region.country or (region.named and region.state is not None and where[1] != region.state))
    if (geo is None or outside) and fold(name) in persons:
        return  # "Cardona" of a suspect, a town only far away to the gazetteer
    cand = candidates.setdefault(key, _Candidate(name, geo, entity, elsewhere=outside))
    cand.weight += weight
    if cand.entity is None and entity is not None:
        cand.entity, cand.name = entity, entity.name
    if span is not None:
        cand.spans.append(span)


def _has_agency(entities: Sequence[Entity], name: str) -> bool:
    """The story names a police force or court after that name ("the Elmira Police Department"): a town."""
    key = name_key(name)
    return any(e.type == "ORG" and (town := agency_town(e.name)) is not None and name_key(town) == key
               for e in entities)


def _town_of(name: str, region: Region) -> bool:
    """A name that is a town of the story's state, or a city (of the gazetteer's first tier) of its country:
    a body named so is named after it ("Elmira police")."""
    if region.state is not None and geocode_in(name, region.country, region.state) is not None:
        return True
    geo = geocode(name)
    if geo is None or is_region(geo) or (where := region_of(geo)) is None:
        return False
    return where[0] == region.country and town_key(own_name(geo) or "") == town_key(name)


def _county_place(counties: Mapping[str, float], entities: Sequence[Entity],
                  region: Region | None) -> _Candidate | None:
    """The county the story names most ("the Elm County Sheriff's Office", a dateline's "ELM COUNTY", a title's
    "Elm County boy"), located at the town of its name in the story's state, else at the centre of its towns
    (``geo.county_centre``): where a story that locates no town happened. None when no county named lies in the
    story's state."""
    if region is None or region.state is None:
        return None
    found = []
    for county, weight in counties.items():
        bare = COUNTY.fullmatch(county)
        if bare is None or region.state not in county_states(bare.group(1)):
            continue
        # the town of its name, else the centre of its towns ("Pinellas County": no town Pinellas in Florida)
        town = geocode_in(bare.group(1), region.country, region.state) or county_centre(bare.group(1), region.state)
        if town is not None:
            found.append(_Candidate(county, town, _place_entity(entities, county), weight))
    best = max(found, key=lambda c: (c.weight, c.name), default=None)
    if best is not None and best.entity is not None and best.entity.type not in PLACE_TYPES:
        best.entity = None
    return best


def _best(candidates: Sequence[_Candidate]) -> _Candidate:
    """The place with the most support: its own evidence and that of the places within NEAR_KM of it (a
    town and its neighbourhoods back each other; a lone namesake elsewhere does not), the gazetteer's
    unknowns counting GEO_UNKNOWN and places outside the story's country ELSEWHERE; among equals the one
    with most evidence of its own. A place the gazetteer cannot locate gives way to a town that it can."""
    def own(c: _Candidate) -> float:
        return c.weight * (GEO_UNKNOWN if c.geo is None else ELSEWHERE if c.elsewhere else 1.0)

    def support(c: _Candidate) -> float:
        if c.geo is None:
            return own(c)
        here = (c.geo.lat, c.geo.lon)
        return sum(own(d) for d in candidates
                   if d.geo is not None and distance_km(here, (d.geo.lat, d.geo.lon)) <= NEAR_KM)

    best = max(candidates, key=lambda c: (support(c), own(c), c.name))
    if best.geo is not None:
        # the area is the best supported one; the place named in it is the one told most (a town between the
        # city and its suburbs collects the support of both)
        area = (best.geo.lat, best.geo.lon)
        best = max((c for c in candidates if c.geo is not None and c.elsewhere == best.elsewhere
                    and distance_km(area, (c.geo.lat, c.geo.lon)) <= NEAR_KM),
                   key=lambda c: (own(c), support(c), c.name))
    located = [c for c in candidates if c.geo is not None and not c.elsewhere and c.weight > 0]
    if best.geo is None and located:
        # a street, a venue or a name the gazetteer does not know ("Woodstream Trail", NER's "LOUIS" of "ST.
        # LOUIS"): the event is placed at the best-supported town the story names instead
        return max(located, key=lambda c: (support(c), own(c), c.name))
    if best.elsewhere and located:
        # a name found only outside the story's region (a neighbourhood's namesake in another state) gives way
        # to a town of the region with at least half its support; a story told mostly of a town elsewhere (its
        # region misread from a state named once) keeps that town
        home = max(located, key=lambda c: (support(c), own(c), c.name))
        if support(home) >= support(best) * HOME_SHARE:
            return home
    if best.geo is not None and not best.elsewhere and place_population(best.geo) == 0:
        # a small town far from the big city the story names: likely a neighbourhood of the city that shares the
        # town's name ("Elm Park" in a Chicago story)
        here = (best.geo.lat, best.geo.lon)
        big = [c for c in located if c.geo is not None and place_population(c.geo) >= WELL_KNOWN
               and distance_km(here, (c.geo.lat, c.geo.lon)) > NEAR_KM and support(c) >= support(best) * HOME_SHARE]
        if big:
            return max(big, key=lambda c: (support(c), own(c), c.name))
    return best


def _credit_towns(candidates: Mapping[str, _Candidate]) -> None:
    """A site the gazetteer cannot place that is named after a town the story places ("Marysville-Pilchuck
    High School") counts for that town."""
    towns = [c for c in candidates.values() if c.geo is not None]
    for site in [c for c in candidates.values() if c.geo is None]:
        words = site.name.lower().replace("-", " ").split()
        owner = max((t for t in towns if words[:len(t.name.split())] == t.name.lower().split()
                     and len(words) > len(t.name.split())), key=lambda t: len(t.name), default=None)
        if owner is not None:
            owner.weight += site.weight
            site.weight = 0.0


def _place_entity(entities: Sequence[Entity], name: str) -> Entity | None:
    """The story's entity a place name is: one of its names exactly (a place first), else the one
    ``match_entity`` finds."""
    key = name_key(name)
    same = [e for e in entities if key in {name_key(a) for a in (e.name, *e.aliases)}]
    if same:
        return max(same, key=lambda e: (e.type in PLACE_TYPES, len(e.mentions), e.id))
    return match_entity(entities, name, "GPE")


def _text_at(parsed: Sequence[ParsedArticle], span: Span) -> str:
    article = next(p.article for p in parsed if p.article.id == span.article_id)
    return article.text[span.start:span.end]


def _speaker_spans(parsed: Iterable[ParsedArticle]) -> dict[str, list[tuple[int, int]]]:
    """Where each article names a speaker (article offsets)."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p in parsed:
        for sent in p.sentences:
            for a in (sent.attribution, *(q.attribution for q in sent.quantities)):
                if a is not None and a.speaker_start is not None and a.speaker_end is not None:
                    spans[p.article.id].append((a.speaker_start, a.speaker_end))
    return spans


def _inside(mention: Span, speakers: Mapping[str, list[tuple[int, int]]]) -> bool:
    return any(s <= mention.start and mention.end <= e for s, e in speakers.get(mention.article_id, ()))
