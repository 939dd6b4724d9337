"""The claims stage: every reported number of a story becomes a Claim with its speaker and relays.

The per-sentence analysis (attribution, what a number measures) was done in the NLP pass; here it
is tied to the story's entities, so "Russian Defense Ministry", "the Russian defense ministry" and
"the ministry" become one speaker, and each claim learns the independent source it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Final, Literal

from newsfuse import lexicon
from newsfuse.geo import PLACE_TYPES, distance_km, geocode, geocode_in, geocode_near, is_region, region_of
from newsfuse.inflection import plural
from newsfuse.placenames import (
    AGENCY_WORDS,
    INSTITUTION_WORDS,
    STREET_WORDS,
    VENUE_WORDS,
    fold,
    home_before,
    is_agency,
    is_broad_place,
    is_site,
    names_an_event_place,
    street_after,
    town_in_name,
)
from newsfuse.story.matching import match_entity
from newsfuse.story.place import Region, stated_towns
from newsfuse.timex import event_date
from newsfuse.types import (
    Article,
    Attribution,
    Claim,
    ClaimRecord,
    Entity,
    Geo,
    ParsedArticle,
    QuantityInContext,
    Scope,
    SentenceInfo,
    Timex,
    stable_id,
)


def build_claims(parsed: Sequence[ParsedArticle], entities: Sequence[Entity],
                 originals: Mapping[str, Article], article_places: Mapping[str, str] | None = None,
                 reading: PlaceReading | None = None) -> list[ClaimRecord]:
    """One ClaimRecord per number in the story's articles, sorted by (article, offset).

    `originals` maps an article id to the article it was copied from (itself when not a copy), so a
    copy's unattributed numbers count for the outlet that first published them. `article_places` maps an
    article id to the place its dateline names: where its numbers happened when no sentence says. `reading`:
    how the story reads place names (``place_reading``; by default, read from its texts with no region).
    """
    records: list[ClaimRecord] = []
    parsed = list(parsed)  # read twice
    texts = {p.article.id: p.article.text for p in parsed}
    if reading is None:
        reading = place_reading(entities, texts)
    home = main_place(entities, reading, texts)
    home_place = _place(home.name, entities, reading) if home is not None else (None, None, None)
    towns = _town_mentions(entities)
    bodies: dict[str, tuple[str, str]] = {}  # a quoted person's id -> the origin and label of the body they speak for
    for p in sorted(parsed, key=lambda p: p.article.id):
        original = originals.get(p.article.id, p.article)
        own = (article_places or {}).get(p.article.id)
        article_place = _place(own, entities, reading) if own else (None, None, None)
        told: list[ClaimRecord] = []
        for sent in p.sentences:
            named = _named_in(p.article.text, sent, towns.get(p.article.id, ()))
            for q in sent.quantities:
                if q.place is None and named is not None:  # "two officers in Vallejo", NER took for a body
                    q = replace(q, place=named)
                told.append(_record(p.article, original, sent, q, entities, article_place, home_place, reading))
        for person, body in _of_bodies(told, p.article, entities).items():
            bodies.setdefault(person, body)
        records.extend(told)
    # a person who speaks for a body is that body as a source, in every article of the story
    return [replace(r, origin=bodies[r.origin][0], origin_label=bodies[r.origin][1])
            if r.origin in bodies and r.origin == r.claim.speaker else r for r in records]


_BODY_SPEAKERS: Final = lexicon.words("scopes", "body_speakers")
_WORDS_BEFORE_NAME = 4  # "Troy police Lt. Ann Roe": the words of a title before a name


def _of_bodies(records: list[ClaimRecord], article: Article, entities: Sequence[Entity]) -> dict[str, tuple[str, str]]:
    """The people an article quotes who speak for a body it quotes by its common noun: "police said ..." beside
    "according to Troy police Lt. Ann Roe" (a person titled with the noun): one source, the body, as a
    spokesman's figures are his body's (``_record``). Person id -> the body's origin and label."""
    bodies: dict[str, tuple[str, str]] = {}  # the body's word ("police") -> its origin and label
    for r in records:
        words = re.findall(r"[a-z]+", (r.claim.speaker_text or "").lower())
        if words and words[-1] in _BODY_SPEAKERS and all(w in {"the", *_BODY_SPEAKERS} for w in words):
            bodies.setdefault(words[-1], (r.origin, r.origin_label))
    titled: dict[str, tuple[str, str]] = {}
    for e in entities:
        if not bodies or e.type != "PERSON" or not any(r.claim.speaker == e.id for r in records):
            continue
        for m in e.mentions:
            if m.article_id == article.id:
                before = re.findall(r"[a-z]+", article.text[max(0, m.start - 40):m.start].lower())[-_WORDS_BEFORE_NAME:]
                found = {bodies[w] for w in bodies if w in before or w.rstrip("s") in before}
                if len(found) == 1:
                    titled[e.id] = found.pop()
    return titled


IN_PLACE = re.compile(r"\b(?:in|near|outside)\s+(?:the\s+city\s+of\s+)?$")


def _town_mentions(entities: Sequence[Entity]) -> dict[str, list[tuple[int, int, str]]]:
    """Per article, the (start, end, name) of every mention of a story entity whose name the gazetteer knows
    as a town, whatever NER typed it ("Vallejo police said": an organisation to NER, a town to a reader)."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for e in entities:
        if e.type == "PERSON":
            continue
        geo = e.geo or geocode(e.name)
        if geo is None or is_region(geo):
            continue
        for m in e.mentions:
            out.setdefault(m.article_id, []).append((m.start, m.end, e.name))
    return out


def _named_in(text: str, sent: SentenceInfo, towns: Sequence[tuple[int, int, str]]) -> str | None:
    """A town the sentence says something happened in ("… in Vallejo"), as its entity names it; None when the
    sentence names none, or two. Not where a speaker sits ("the weather service in Harrowgate said")."""
    speakers = [(a.speaker_start, a.speaker_end) for a in (sent.attribution, *(q.attribution for q in sent.quantities))
                if a is not None and a.speaker_start is not None and a.speaker_end is not None]
    found = {name for start, end, name in towns
             if sent.start <= start < sent.end and IN_PLACE.search(text[max(sent.start, start - 24):start])
             and not any(s <= start and start - e <= len(" in the city of ") for s, e in speakers)}
    return found.pop() if len(found) == 1 else None


# an unresolved pronoun names no source
PRONOUNS = frozenset().union(*(lexicon.words("reporting", table)
                               for table in ("person_pronouns", "thing_pronouns", "not_speakers")))
ROLE_WORDS = frozenset("""spokesman spokeswoman spokesperson official officials source sources representative
    representatives head chief director officer officers statement aide aides adviser advisor""".split())


# Bodies a story names by their kind ("the union") whose names need not hold that word: the words
# their names are made of ("United Harbour Workers", "Federation of Dock Workers").
KIND_NAMES = {
    "union": frozenset({"union", "workers", "federation", "confederation", "guild", "teamsters"}),
}


def _speaker_entity(text: str, entities: Sequence[Entity]) -> Entity | None:
    """The entity behind a speaker: "the Russian defense ministry" → the ministry; "a ministry
    spokesman" → the ministry, when the story names exactly one; "the union" → the one
    organisation whose name is a union's ("United Harbour Workers")."""
    found = match_entity(entities, text)
    if found is not None:
        return found
    # "the county Office of Emergency Management": the proper name without the words before it
    named = re.search(r"(?<!^)\b[A-Z][\w'’-]*(?:\s+.*)?$", text.strip())
    if named is not None and (found := match_entity(entities, named.group())) is not None:
        return found
    words = [w for w in re.findall(r"[\w'’-]+", text) if w.lower() not in ROLE_WORDS | {"a", "an", "the"}]
    if words and len(words) < len(text.split()):
        found = match_entity(entities, " ".join(words), "ORG")
        if found is not None and found.type in {"ORG", "GPE", "NORP"}:
            return found
    if len(words) == 1 and (kind := KIND_NAMES.get(words[0].lower())) is not None:
        bodies = [e for e in entities
                  if e.type == "ORG" and kind & {w.lower() for w in re.findall(r"[\w'’-]+", e.name)}]
        if len(bodies) == 1:
            return bodies[0]
    return None


def main_place(entities: Sequence[Entity], reading: PlaceReading | None = None,
               texts: Mapping[str, str] | None = None) -> Entity | None:
    """The story's own place: its most mentioned place finer than a country or state, not counting the
    mentions that tell someone's home ("Dana Roe, 32, of Harlow": the victims' home town is often named more
    than where it happened). A name seen once that no gazetteer knows is not trusted to be one (a capitalised
    noun opening a sentence), nor is a person's name (``people_names``)."""
    places = [e for e in entities if e.type in {"GPE", "FAC"} and _place(e.name, [e], reading)[0] is not None
              and (len(e.mentions) > 1 or e.geo is not None)]
    told = {e.id: sum(1 for m in e.mentions if not home_before((texts or {}).get(m.article_id, ""), m.start))
            for e in places}
    return max((e for e in places if told[e.id]), key=lambda e: (told[e.id], e.type == "GPE", e.id), default=None)


def _text_origin(speaker_text: str, original: Article) -> str:
    """The source a speaker named only in words stands for; "officials", "state media" (nothing
    capitalised) are unnamed, so one outlet's officials are not known to be another's."""
    origin = "text:" + _norm(speaker_text)
    return origin if any(w[:1].isupper() for w in speaker_text.split()) else f"{origin}@{original.source}"


_Where = tuple[str | None, str | None, tuple[float, float] | None]


def _record(article: Article, original: Article, sent: SentenceInfo, q: QuantityInContext,
            entities: Sequence[Entity], article_place: _Where, home_place: _Where,
            reading: PlaceReading | None = None) -> ClaimRecord:
    attribution = q.attribution or sent.attribution
    speaker_text = attribution.speaker_text if attribution else None
    speaker = _speaker_entity(speaker_text, entities) if speaker_text else None
    mention = q.mention
    claim = Claim(
        id=stable_id("clm", article.id, mention.start, mention.end),
        article_id=article.id, start=sent.start, end=sent.end,
        speaker=speaker.id if speaker else None, speaker_text=speaker_text,
        via=attribution.via if attribution else (), quantity=mention.quantity,
        measure=q.measure, quantity_start=mention.start, quantity_end=mention.end, scope=scope_label(q.scope),
    )
    # Where it happened: the clause's own place, else the place the article was just talking about, else
    # its dateline's, else the story's main place.
    place_from: Literal["clause", "context", "article", "story"] = "clause"
    place, place_name, geo = _place(q.place, entities, reading)
    if place is None:
        place_from, (place, place_name, geo) = "context", _place(q.context_place, entities, reading)
    if place is None:
        place_from, (place, place_name, geo) = "article", article_place
    if place is None:  # nothing said: the story's own place
        place_from, (place, place_name, geo) = "story", home_place
    # the sentence's date nearest the number: "the gun was bought on March 1 at the shop that sold the weapons of
    # the Nov. 5, 2009 shooting that left 13 dead" dates the 13 in 2009
    told = sorted((t for t in sent.timexes if t.type == "DATE"),
                  key=lambda t: _gap(t.start, t.end, mention.start, mention.end))
    # a date that tells when it was said ("police said Wednesday") is no date of what happened: as the
    # publication day, it stands for the days before it
    said = [(_said_on(article.text, t, attribution), d) for t in told if (d := event_date(t.value))]
    saying = [d for by_saying, d in said if by_saying]
    dates = [d for by_saying, d in said if not by_saying]
    by_publication = not dates and (bool(saying) or bool(article.published))
    if by_publication:
        # Told without a date: it happened by then (a toll from a year before says so).
        dates = saying[:1] or ([article.published[:10]] if article.published else [])
    body = attribution.affiliation if attribution else None
    if body is not None:  # the body a spokesman speaks for is the source
        speaks_for = _speaker_entity(body, entities)
        origin = speaks_for.id if speaks_for else _text_origin(body, original)
        label = speaker.name if speaker is not None else (speaker_text or body)
    elif speaker is not None:
        origin, label = speaker.id, speaker.name
    elif speaker_text and speaker_text.strip().lower() not in PRONOUNS:
        origin, label = _text_origin(speaker_text, original), speaker_text
    else:
        origin, label = "outlet:" + original.source, original.source
    return ClaimRecord(
        claim=claim, subject=q.subject, dimension=mention.dimension,
        place=place, place_name=place_name, place_geo=geo,
        date=dates[0] if dates else None, origin=origin, origin_label=label, by_publication=by_publication,
        distance_from=q.distance_from, scope=q.scope, published=article.published[:10] if article.published else None,
        place_from=place_from if place is not None else None, implicit=mention.implicit, doer=q.doer,
        place_state=reading.stated.get(fold(place_name)) if reading and place_name and geo is None else None,
    )


_SAID_BEFORE: Final = re.compile(r"\b(?:said|says|announced|reported|confirmed|told\s+[\w .'’-]{1,40}?)\s+(?:on\s+)?$")
# a court's or a jail's day: "was sentenced Wednesday", "appeared in court today", "ordered held without bond Monday"
_TRIED_BEFORE: Final = re.compile(
    r"\b(?:sentenced|arraigned|indicted|convicted|in\s+court|held\s+without\s+bond|booked\s+into\s+[\w .'’-]{1,40}?)"
    r"\s+(?:on\s+)?$")

# what follows an event, told with its own day: "Officials on Tuesday identified ...", "police Friday arrested ..."
_ACTED_AFTER: Final = re.compile(
    r"\s+(?:said|says|announced|reported|confirmed|identified|named|released|arrested|charged|indicted|"
    r"sentenced|arraigned)\b")


def _said_on(text: str, timex: Timex, attribution: Attribution | None) -> bool:
    """Whether a sentence's date tells when something was said, not when what it says happened: right after
    the reporting verb ("police said Wednesday", "told reporters on Friday"), right before the speaker
    ("On Thursday, the coroner's office said ..."), or right before a verb of what followed ("Officials on
    Tuesday identified five men ... in a shootout that left one dead", "police Friday arrested"); or when a
    court heard of it ("was sentenced Wednesday for the death of ...", "due in court on Monday"), which too is
    after what happened."""
    before = text[max(0, timex.start - 60):timex.start]
    if _SAID_BEFORE.search(before) or _TRIED_BEFORE.search(before):
        return True
    if _ACTED_AFTER.match(text, timex.end):
        return True
    start = attribution.speaker_start if attribution is not None else None
    return start is not None and 0 <= start - timex.end <= len(", the ")


def _gap(start: int, end: int, other_start: int, other_end: int) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, other_start - end, start - other_end)


def scope_label(scope: Scope) -> str | None:
    """What a claim's number counts, for the report: a part's name, or why it is no figure of the story's
    event ("wider total: across the city", "another event: a separate shooting"); None for the event's own."""
    if scope.kind == "part":
        return scope.group
    if scope.kind == "wider":
        return f"wider total: {scope.cue}" if scope.cue else "wider total"
    if scope.kind == "other":
        return f"another event: {scope.cue}" if scope.cue else "another event"
    return None


TOWN_NEAR_KM = 50.0  # a small town of the story's state is read so only this near one of the story's towns


@dataclass(frozen=True, slots=True)
class PlaceReading:
    """How a story reads a place name: the names it gives people (``people_names``), which are no places where
    no gazetteer knows them, the region it is about (``story.place.story_region``), where a town too small
    for the first tier of the gazetteer is looked for ("Dunbar" in a West Virginia story), and the names of
    counties it gives, which hold many events unless the gazetteer finds a town of that name beside its others
    (Tulsa in Tulsa County), and the names it writes as places (``told_places``): a name no gazetteer
    knows is a place only where the text puts something in it or near it (None: not known, any name may be);
    a town the text pairs with its US state ("Fayetteville, Arkansas", "Beckley, W.Va.": ``stated_towns``) is
    that state's town, whatever the story's region or its other places; a name the text gives streets alone
    ("near Tamsin and Fort Harrow roads") is no town; a part of a town the gazetteer does not know is where the
    text puts it ("the Harrow Vale area of Quellmoor", "in Harrow Vale, Quellmoor") or where its town is ("South
    Quellmoor", "Downtown Quellmoor")."""

    persons: frozenset[str] = frozenset()
    region: Region | None = None
    counties: frozenset[str] = frozenset()  # names it gives counties ("Bexar" of "Bexar County"): ``county_names``
    told: frozenset[str] | None = None  # names written after "in", "at", "near" ...: ``told_places``
    stated: Mapping[str, str] = field(default_factory=dict)  # name -> the US state the text pairs it with
    streets: frozenset[str] = frozenset()  # names the text gives streets alone: ``street_entities``
    # a town's part -> (the town, whether the text says it is a part: "area of"): ``stated_quarters``
    within: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    aged: frozenset[str] = frozenset()  # the names it gives an age ("20-year-old Dara Quillane"): ``aged_names``

    def untold(self, key: str) -> bool:
        """Whether the texts never write this (folded) name as a place (False when that is not known)."""
        return self.told is not None and key not in self.told


def place_reading(entities: Sequence[Entity], texts: Mapping[str, str], region: Region | None = None,
                  stated: Mapping[str, str] | None = None) -> PlaceReading:
    """How a story of these entities and texts (by article id) reads place names (``stated``: its
    ``stated_towns``, when already read)."""
    bodies = list(texts.values())
    aged = aged_names(bodies)
    return PlaceReading(people_names(entities, bodies, aged), region, county_names(bodies), told_places(bodies),
                        stated_towns(bodies) if stated is None else stated, street_entities(entities, texts),
                        stated_quarters(bodies), aged)


def street_entities(entities: Sequence[Entity], texts: Mapping[str, str]) -> frozenset[str]:
    """The names (folded) of the places the texts only ever give streets ("Tamsin" of "Tamsin Street" or of "near
    Tamsin and Fort Harrow roads", every time the story names it): no town of that name."""
    return frozenset(fold(e.name) for e in entities if e.type in PLACE_TYPES and e.mentions
                     and all(street_after(texts.get(m.article_id, ""), m.end) for m in e.mentions))


_NAME: Final = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
_QUARTER_NOUNS: Final = "|".join(sorted(lexicon.words("places", "quarter_nouns")))
# "the Harrow Vale area of Quellmoor"; "Quellmoor's Harrow Vale neighborhood"; "in Harrow Vale, Quellmoor"
_QUARTER_OF: Final = re.compile(rf"\b({_NAME})\s+(?:{_QUARTER_NOUNS})\s+of\s+(?:the\s+)?({_NAME})")
_TOWNS_QUARTER: Final = re.compile(rf"\b({_NAME})['’]s\s+({_NAME})\s+(?:{_QUARTER_NOUNS})\b")
_QUARTER_COMMA: Final = re.compile(  # (the whole name before the look: "in Harrow, Rolo Brandt said" places nothing)
    rf"\b(?:in|at|near)\s+(?:the\s+)?({_NAME}),\s+((?>{_NAME}))(?!,? (?:said|says|told))")


def stated_quarters(texts: Sequence[str]) -> dict[str, tuple[str, bool]]:
    """The parts of towns the texts place in a town: a part's folded name -> (the town's name as written, whether
    the text calls it a part). "The Harrow Vale area of Quellmoor" and "Quellmoor's Harrow Vale neighborhood" say
    so, whatever else the gazetteer calls Harrow Vale; "in Harrow Vale, Quellmoor" only places a name the gazetteer
    does not know ("in Dallas, Fort Worth and Austin" is a list). Which towns the gazetteer knows ``_place``
    decides."""
    found: dict[str, tuple[str, bool]] = {}
    for text in texts:
        for pattern, part, town in ((_QUARTER_OF, 1, 2), (_TOWNS_QUARTER, 2, 1), (_QUARTER_COMMA, 1, 2)):
            for m in pattern.finditer(text):
                key = fold(m.group(part))
                if pattern is not _QUARTER_COMMA or key not in found:
                    found[key] = (m.group(town), pattern is not _QUARTER_COMMA)
    return found


def _place(name: str | None, entities: Sequence[Entity], reading: PlaceReading | None = None,
           ) -> tuple[str | None, str | None, tuple[float, float] | None]:
    """(key, display name, coordinates) of a place precise enough to tell two events apart, read as
    ``reading`` says.

    Countries, states and broad areas (rivers, valleys, provinces) contain many events, so they
    locate nothing: (None, None, None); nor does a person's name no gazetteer places."""
    if not name or is_broad_place(name) or not names_an_event_place(name):
        return None, None, None
    entity = match_entity(entities, name, "GPE")
    reading = reading or PlaceReading()
    key = fold(name)
    if key in reading.streets:
        return None, None, None  # "Tamsin" of "near Tamsin and Fort Harrow roads": a street, in the story's town
    quarter = reading.within.get(key)
    if quarter is not None and quarter[1] and (town := _quarters_town(quarter[0], key, entities, reading)):
        return (*_named(name, entity), town)  # "the Austin neighborhood of Chicago": in Chicago, not in Texas
    state = reading.stated.get(key)
    geo = geocode_in(name, "US", state) if state is not None else None  # "Fayetteville, Arkansas"
    if geo is None and (entity is None or entity.geo is None):  # read the name among the story's places
        around = [e.geo for e in entities if e.geo is not None and e.type in PLACE_TYPES]
        geo = geocode_near(name, around)
        if geo is None and key in reading.persons:
            return None, None, None  # "Dara Quillane ... killed": NER's town, the story's person
        if geo is None:
            geo = _town_in_region(name, reading.region, around)
        if geo is None and (town := _quarters_town(_town_named(name, quarter), key, entities, reading)) is not None:
            return (*_named(name, entity), town)  # "in Harrow Vale, Quellmoor", "South Quellmoor": in Quellmoor
        if geo is None and reading.untold(key) and not is_site(name):
            return None, None, None  # "Accused" of a caption, a surname in a quote: NER's places, no text's
    located = geo or (entity.geo if entity is not None else None)
    if key in reading.counties and not _in_region(located, reading.region):
        return None, None, None  # "Bexar" of "Bexar County" (a Bexar elsewhere to the gazetteer): a county
    if (key in reading.persons or reading.untold(key)) \
            and reading.region is not None and reading.region.named and located is not None \
            and not _in_region(located, reading.region):
        # "Kaydence Houston" in a Brooklyn story: a person's name, or a name the text never writes as a place
        # ("Special-Kay Houston", NER's city), outside the state the story names is not a city far away
        return None, None, None
    if entity is None or entity.type == "PERSON" or geo is not None:
        # NER often takes a town's name for a person's ("the city of Bandar Abbas"): the gazetteer decides
        if is_region(geo):
            return None, None, None
        if state is not None and geo is not None and entity is not None and entity.type in {"GPE", "FAC"}:
            return entity.id, entity.name, (geo.lat, geo.lon)  # the story's place, where its state puts it
        return _norm(name), name, (geo.lat, geo.lon) if geo else None
    if entity.type not in {"GPE", "FAC"} or is_region(entity.geo) or is_broad_place(entity.name):
        return None, None, None
    return entity.id, entity.name, (entity.geo.lat, entity.geo.lon) if entity.geo else None


_PLACE_NOUNS: Final = "|".join(sorted(lexicon.words("places", "place_nouns")))
_PLACE_NOUN_NAME: Final = re.compile(rf"\b(?:{_PLACE_NOUNS})\s+of\s+([A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*)*)")


# prepositions that put something in a place ("in Harrow", "near the Quellmoor area")
_LOCATIVES: Final = ("in", "at", "near", "outside", "inside", "into", "across", "around", "throughout", "within")
_SAYING: Final = re.compile(  # a word before (a preposition: no speaker) and a name of up to three words
    r"(?:\b([a-z]+) )?\b([A-Z][a-z][\w'’-]*(?: [A-Z][a-z][\w'’-]*){0,2}),? (?:said|says|told)\b")
_PLACE_PREPOSITIONS: Final = frozenset(_LOCATIVES) | {"of", "from", "to"}  # "a home in Ardley said": no speaker


# a name given an age: "20-year-old Dara Quillane was ..." (not "a 20-year-old Harrowgate man": the word after it
# is a person's noun), "Dara Quillane, 20, ..."
_AGED_BEFORE: Final = re.compile(r"\b\d{1,3}-year-old\s+((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*)(?:\s+([a-z]+))?")
_AGED_AFTER: Final = re.compile(r"\b((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]*),\s+\d{1,3},")
_PERSON_NOUNS: Final = lexicon.words("measures", "person_nouns")
_BODY_WORDS: Final = INSTITUTION_WORDS | AGENCY_WORDS | VENUE_WORDS | STREET_WORDS  # words of a body's or a site's name


@cache
def _person_forms() -> frozenset[str]:
    """The nouns of a person and their plurals ("man", "men"); formed on first use (the inflection tables load
    spaCy, which the story stages do not need)."""
    return _PERSON_NOUNS | {plural(n) for n in _PERSON_NOUNS}


def aged_names(texts: Iterable[str]) -> frozenset[str]:
    """The names (folded) the texts give an age; not a body's or a site's ("a 22-year-old Quill Hospital nurse",
    "a 22-year-old St. Agnes's University student")."""
    names: set[str] = set()
    for text in texts:
        names |= {fold(m.group(1)) for m in _AGED_BEFORE.finditer(text) if (m.group(2) or "") not in _person_forms()}
        names |= {fold(m.group(1)) for m in _AGED_AFTER.finditer(text)}
    return frozenset(n for n in names if not _BODY_WORDS & set(n.split()) and not re.search(r"['’]s\b", n))


def people_names(entities: Sequence[Entity], texts: Sequence[str], aged: frozenset[str] | None = None,
                 ) -> frozenset[str]:
    """The names (folded) a story gives people: its persons' names and the words of a name of two words or more
    ("Dara Quillane": "dara", "quillane"), and the names that say something or are given an age (``aged``: its
    ``aged_names``, when already read), with their last word ("Rhea Quillane said", "20-year-old Rhea Quillane",
    whatever NER took it for; not an agency: "Harrowgate Police said"), but a name the text gives after a place
    noun ("the town of Ghanem Ali": a person to NER, a town to a reader)."""
    settled = {fold(m.group(1)) for text in texts for m in _PLACE_NOUN_NAME.finditer(text)}
    names = {fold(e.name) for e in entities if e.type == "PERSON"} - settled
    names |= {w for n in names if len(words := n.split()) > 1 for w in words}
    speaking = {fold(m.group(2)) for text in texts for m in _SAYING.finditer(text)
                if m.group(1) not in _PLACE_PREPOSITIONS and not is_agency(m.group(2))}  # not "a home in Ardley said"
    speaking |= {n for n in (aged_names(texts) if aged is None else aged) if len(n.split()) > 1}  # a person's age
    names |= speaking | {n.split()[-1] for n in speaking if n}
    # a name no gazetteer locates that ends in the surname of a person of the story ("Darin Quillane" beside "Rhea
    # Quillane said"), whatever NER took it for: a person, and its given name ("Darin") too
    surnames = {words[-1] for n in names if len(words := n.split()) > 1}
    for e in entities:
        if e.geo is None and e.type != "PERSON" and len(words := fold(e.name).split()) > 1 \
                and words[-1] in surnames and fold(e.name) not in settled:
            names |= {fold(e.name), *words[:-1]}
    return frozenset(names - settled - {""})


_LOCATIVE: Final = re.compile(
    rf"\b(?:{'|'.join(_LOCATIVES)})\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|downtown|rural|suburban|nearby)\s+)?"
    r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})")


def told_places(texts: Sequence[str]) -> frozenset[str]:
    """The names (folded) the texts write where something is: after "in", "at", "near" ... ("in the Ghanem Ali
    area", "at Fort Riley", "near downtown Harrowgate"), with each name's first words alone ("in Harrowgate
    Heights Park": "harrowgate", "harrowgate heights", ...)."""
    names: set[str] = set()
    for text in texts:
        for m in _LOCATIVE.finditer(text):
            words = [re.sub(r"['’]s$", "", w) for w in fold(m.group(1)).split()]  # "South Philadelphia's"
            names.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
    return frozenset(names)


_COUNTY: Final = re.compile(r"\b([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s+(?:County|COUNTY|Parish|PARISH)\b")


def county_names(texts: Sequence[str]) -> frozenset[str]:
    """The names (folded) the texts give counties: "Bexar" and "the Bexar" of "The Bexar County Sheriff's Office",
    "Adams" of "ADAMS COUNTY, Colo.", with each name's last words alone ("Prince George's": "george's")."""
    names: set[str] = set()
    for text in texts:
        for m in _COUNTY.finditer(text):
            words = fold(m.group(1)).split()
            names.update(" ".join(words[k:]) for k in range(len(words)))
    return frozenset(names - {""})


def _named(name: str, entity: Entity | None) -> tuple[str, str]:
    """A place's key and the name to show: its entity's when the story has one."""
    return (entity.id, entity.name) if entity is not None and entity.type in {"GPE", "FAC"} else (_norm(name), name)


def _town_named(name: str, quarter: tuple[str, bool] | None) -> str | None:
    """The town a part of a town lies in, as the text places it ("in Harrow Vale, Quellmoor") or as its name says
    ("South Quellmoor", "Downtown Quellmoor")."""
    return quarter[0] if quarter is not None else town_in_name(name)


def _quarters_town(town: str | None, key: str, entities: Sequence[Entity], reading: PlaceReading,
                   ) -> tuple[float, float] | None:
    """Where a part of a town lies: where the story locates its town (None when it does not)."""
    if town is None or fold(town) == key:
        return None
    return _place(town, entities, replace(reading, within={}))[2]


def _town_in_region(name: str, region: Region | None, around: Sequence[Geo]) -> Geo | None:
    """A town of that name among the towns of 1,000+ of the story's US state, within TOWN_NEAR_KM of one of the
    story's towns when it names any (not a namesake across the state: Chicago's Washington Park)."""
    town = geocode_in(name, region.country, region.state) if region is not None and region.state else None
    towns = [g for g in around if not is_region(g)]
    if town is None or (towns and not any(distance_km((town.lat, town.lon), (g.lat, g.lon)) <= TOWN_NEAR_KM
                                          for g in towns)):
        return None
    return town


def _in_region(geo: Geo | None, region: Region | None) -> bool:
    """Whether a located place lies in the story's region (its country, and its US state when known); any
    located place when the region is not known."""
    if geo is None:
        return False
    where = region_of(geo)
    return region is None or (where is not None and where[0] == region.country
                              and (region.state is None or where[1] == region.state))


def _norm(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip().lower())
    return re.sub(r"[’']s\b", "", text)
