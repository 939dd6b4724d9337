"""Where, when and who of an article's event, read from its parse: what tells two alike events apart.

Local news tells one kind of event in the same words ("shot", "police said", "taken to a hospital");
two such events differ by where and when they happened and whom they happened to. From a parsed
article this module reads

* **places**: where its event happened (``where.event_places``);
* **days**: the days it names, anchored on its publication (the parse's time expressions);
* **people**: the full names of the people the event happened to or was done by, keyed "first last".
  Officials and reporters are left out (a title before the name, a byline): they speak about many
  events; people who speak are kept apart (``speakers``);
* **streets**: "Holton Avenue", "the 300 block of Lacey Street": where in a town an event happened, and
  **blocks**, the streets it gives a scene's block on ("in the 300 block of Lacey Street");

and compares two articles by them (``far_apart``, ``shared_people``, ``shared_day``, ...).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from newsfuse import lexicon
from newsfuse.cluster.places import distance_km
from newsfuse.cluster.where import Place, event_places
from newsfuse.placenames import VENUE_WORDS, fold, street_key
from newsfuse.timex import event_date
from newsfuse.types import CAPTURE_DATES, ParsedArticle

__all__ = ["Identity", "Place", "article_identity", "days_apart", "far_apart", "other_blocks", "other_streets",
           "placed", "shared_day", "shared_names", "shared_people"]

OFFICIAL_TITLES: Final = lexicon.words("stories", "official_titles")

PAST_DAYS = 800  # how far back an article's named days may tell of its event
_NAME_OF = re.compile(r"^([A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z'’-]+) of [A-Z]")
_TWO_NAMES = re.compile(r"^([A-Z][a-z]+ ([A-Z][a-z'’-]+))$")
_AGED = re.compile(r"\b([A-Z][a-z'’-]+), (?:age )?\d{1,2},")
_BYLINE = re.compile(r"(?:^|\n)\s*By\s+$|\b[Cc]ontact\s+$")  # "By Ann Lee"; "Contact Ann Lee at ..."
# a picture's credit: "(Ann Lee)", "Ann Lee/for The Daily", "(Ann Lee for The Daily)"
_CREDIT_AFTER = re.compile(r"\s*/|\)|\s+for\s+[A-Z][^()\n]{0,60}\)")
_CAPTION_OPEN = re.compile(r"(?:^|[.!?\n])\s*\($")  # a credit's bracket opens after a caption's sentence
_STAFF = re.compile(r"\b(?:staff writers?|staff reporters?|contributed to this (?:report|story))\b", re.I)
_STREET = re.compile(
    r"\b(?P<name>(?:(?:[NSEW]\.?|North|South|East|West) )?(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+)(?: [A-Z][a-z]+){0,2} "
    r"(?P<kind>[A-Z][a-z]+)\.?)(?=\W)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# where an event happened, by its block: "in the 300 block of Lacey Street", "on the 1500 block of S. Elm Road";
# not where someone lives ("Ann Lee, of the 7200 block of Holton Avenue")
_BLOCK = re.compile(r"\b(?:in|on|at|near|to)\s+the\s+\d{1,5}\s+block\s+of\s+")


@dataclass(frozen=True, slots=True)
class Identity:
    """Where and who of an article's event (see the module's description).

    places: heaviest first, the weights summing to 1 (empty: no town known);
    people: "first last" keys of the people named who are not officials or speakers;
    streets: folded street names without their kind ("holton" for "Holton Ave.");
    days: the days the article names (its time expressions anchored on its publication), from up to
    ``PAST_DAYS`` before it to the day after: when its event and what followed happened;
    speakers: "first last" keys of the people quoted who are not officials (a union's leader, a
    victim's mother);
    blocks: the streets among ``streets`` it gives the block of a scene on ("in the 300 block of Lacey Street").
    """

    places: tuple[Place, ...] = ()
    people: frozenset[str] = frozenset()
    streets: frozenset[str] = frozenset()
    days: frozenset[dt.date] = frozenset()
    speakers: frozenset[str] = frozenset()
    blocks: frozenset[str] = frozenset()


def article_identity(p: ParsedArticle) -> Identity:
    """The where and who of one parsed article."""
    people, speakers = _people(p)
    text = p.article.text
    return Identity(event_places(p), people, _streets(text), _days(p), speakers, _blocks(text))


# --------------------------------------------------------------------------- places


# --------------------------------------------------------------------------- people and streets


def _people(p: ParsedArticle) -> tuple[frozenset[str], frozenset[str]]:
    """"first last" keys of the people an article names who are neither officials nor its reporters:
    those who speak none of its sentences (the people its event happened to or was done by), and those
    who do. A person is an official when any mention of their surname has a title before it ("Police
    Chief Steve Reed", "Sgt. Reed"); a name after a byline's "By" is its reporter's. (A victim's mother
    may speak: her surname stays the victim's.) NER's "Marcus Dillard of Hot Springs" is a person too."""
    text = p.article.text
    speaking = [(a.speaker_start, a.speaker_end) for s in p.sentences if (a := s.attribution) is not None
                and a.speaker_start is not None and a.speaker_end is not None]
    officials: set[str] = set()
    speakers: set[str] = set()
    named: dict[str, str] = {}
    aged = {match.group(1) for match in _AGED.finditer(text)}  # "Dillard, 23," : a person's surname
    venues: set[str] = set()
    staff = [(s.start, s.end) for s in p.sentences if _STAFF.search(text, s.start, s.end)]
    for m in p.mentions:
        name = _NAME_OF.match(m.text) or _person_like(m.text, aged) if m.label == "ORG" else None
        if m.label != "PERSON" and name is None:
            continue
        words = [w for w in _WORD.findall(name.group(1) if name else m.text) if len(w) > 1]
        if not words or fold(words[-1]) in VENUE_WORDS:  # "Stroger Hospital": NER's slip
            continue
        surname = words[-1].lower()
        before = _WORD.findall(text[max(0, m.start - 40) : m.start])[-3:]
        key = f"{words[0].lower()} {surname}" if len(words) >= 2 else None
        if any(fold(w) in OFFICIAL_TITLES for w in (*before, words[0])):
            officials.add(surname)
        elif key is None or _byline(text, m.start, m.end) or any(a <= m.start < b for a, b in staff):
            continue
        elif _venue(text, m.text):  # "Mercy Lakes" where the text says "Mercy Lakes Hospital": a venue's name
            venues.add(key)
        elif any(start <= m.start < end for start, end in speaking):
            speakers.add(key)
        else:
            named[key] = surname
    people = frozenset(k for k, surname in named.items()
                       if surname not in officials and k not in speakers and k not in venues)
    return people, frozenset(k for k in speakers if k.rsplit(" ", 1)[-1] not in officials and k not in venues)


def _byline(text: str, start: int, end: int) -> bool:
    """Whether a name at ``start:end`` is one of the article's makers': after a byline's "By" or a
    "Contact", or a picture's credit ("... at the scene. (Ann Lee)", "Ann Lee/for The Daily"), not a
    victim named in brackets ("the victim (Ann Lee)")."""
    if _BYLINE.search(text, max(0, start - 10), start):
        return True
    credit = _CREDIT_AFTER.match(text, end)
    if credit is None:
        return False
    return credit.group().startswith("/") or _CAPTION_OPEN.search(text, max(0, start - 4), start) is not None


def _venue(text: str, name: str) -> bool:
    """Whether an article names a venue by ``name``: somewhere a venue's word follows it ("Mercy
    Lakes Hospital"), so "Mercy Lakes" alone is that venue too, not a person."""
    return any(fold(after.group(1)) in VENUE_WORDS
               for after in re.finditer(re.escape(name) + r" ([A-Za-z]+)", text))


def _person_like(text: str, aged: set[str]) -> re.Match[str] | None:
    """A name NER took for an organisation's that is a person's: two capitalised words whose second
    is given an age elsewhere in the article ("Marcus Dillard" ... "Dillard, 23, died")."""
    match = _TWO_NAMES.match(text)
    return match if match is not None and match.group(2) in aged else None


def _days(p: ParsedArticle) -> frozenset[dt.date]:
    """The days an article's time expressions name, up to ``PAST_DAYS`` before its publication. None when its date
    is only when an archive captured it (a WARC record's date, a response's Date header): "on Tuesday" read
    against the day of a crawl is no day of the event, and two articles would be told apart by it."""
    if not p.article.published or p.article.metadata.get("published_from") in CAPTURE_DATES:
        return frozenset()
    published = dt.date.fromisoformat(p.article.published[:10])
    out = set()
    for sentence in p.sentences:
        for timex in sentence.timexes:
            value = event_date(timex.value) if timex.type in {"DATE", "TIME"} else None
            if value is not None and len(value) == 10:
                day = dt.date.fromisoformat(value)
                if -1 <= (published - day).days <= PAST_DAYS:
                    out.add(day)
    return frozenset(out)


def _streets(text: str) -> frozenset[str]:
    """Folded names of the streets an article names ("Holton Avenue", "E. 22nd St."), without their kind
    nor a compass word before them ("East 22nd Street" is "22nd")."""
    # keyed without its kind: "Holton Ave." is "Holton Avenue"
    return frozenset(key for match in _STREET.finditer(text) if (key := street_key(match.group("name"))) is not None)


def _blocks(text: str) -> frozenset[str]:
    """The streets (keyed as ``_streets``) an article gives the block of where something happened: "in the 300
    block of Lacey Street" is "lacey"."""
    found = set()
    for block in _BLOCK.finditer(text):
        street = _STREET.match(text, block.end())
        if street is not None and (key := street_key(street.group("name"))) is not None:
            found.add(key)
    return frozenset(found)


# --------------------------------------------------------------------------- comparing two articles

MAIN_SHARE = 0.3  # a place with this share of an article's place weight is where its event happened ...
MAIN_EVIDENCE = 1.0  # ... when the article says so at least this strongly (a dateline, a headline, "in X")
KNOWN_SHARE = 0.1  # a place with this share is one the article's event may have happened at
FAR_KM = 100.0  # events whose places lie further apart than this are two events


def _near(p: Place, q: Place, km: float) -> bool:
    """Whether two places may be within ``km`` of each other (some reading of each; an area's radius
    counted in)."""
    return any(distance_km(a, b) <= km + a.radius + b.radius for a in p.towns for b in q.towns)


def shared_people(a: Identity, b: Identity) -> frozenset[str]:
    """The people two articles both name (victims, suspects: see ``Identity.people``)."""
    return a.people & b.people


def shared_names(a: Identity, b: Identity) -> bool:
    """Whether two articles name a person in common, quoted or not (officials and reporters aside)."""
    return not (a.people | a.speakers).isdisjoint(b.people | b.speakers)


def shared_day(a: Identity, b: Identity) -> bool:
    """Whether two articles name a day in common (the event's, told again by a follow-up)."""
    return not a.days.isdisjoint(b.days)


def other_streets(a: Identity, b: Identity) -> bool:
    """Whether two articles both name streets and none in common (the scenes of two events of one town,
    or one event told by its corner and by its block: only a sign, with other signs)."""
    return bool(a.streets) and bool(b.streets) and a.streets.isdisjoint(b.streets)


def other_blocks(a: Identity, b: Identity) -> bool:
    """Whether two articles both give the block something happened in and none on a street in common: two
    scenes ("in the 7000 block of Dale Avenue", "on the 400 block of Alder Lane")."""
    return bool(a.blocks) and bool(b.blocks) and a.blocks.isdisjoint(b.blocks | b.streets) \
        and b.blocks.isdisjoint(a.blocks | a.streets)


def days_apart(a: Identity, b: Identity) -> int | None:
    """How far apart the nearest days two articles name are (None when either names none)."""
    if not a.days or not b.days:
        return None
    return min(abs((x - y).days) for x in a.days for y in b.days)


def placed(a: Identity) -> bool:
    """Whether an article says where its event happened: a place with ``MAIN_SHARE`` of its place
    weight, named at least ``MAIN_EVIDENCE`` strongly."""
    return bool(_main(a))


def _main(a: Identity) -> list[Place]:
    return [p for p in a.places if p.weight >= MAIN_SHARE and p.evidence >= MAIN_EVIDENCE]


def far_apart(a: Identity, b: Identity, km: float = FAR_KM) -> bool:
    """Whether two articles tell of events in places far apart: each names where its event happened
    (a place with ``MAIN_SHARE`` of its place weight), and none of those lies within ``km`` of any
    place the other names with ``KNOWN_SHARE`` or more (either way round), so a second town named
    in passing (the suspect's home, the hospital's city) never makes one event two."""
    main_a, main_b = _main(a), _main(b)
    if not main_a or not main_b:
        return False
    known_a = [p for p in a.places if p.weight >= KNOWN_SHARE]
    known_b = [p for p in b.places if p.weight >= KNOWN_SHARE]
    return not any(_near(p, q, km) for p in main_a for q in known_b) and not any(
        _near(q, p, km) for q in main_b for p in known_a)
