"""Typed objects that flow between the stages, and the report contract.

Everything here is a frozen, slotted dataclass. The report types (``Report`` and what it holds)
are the public contract of ``../shared/docs/report-contract.md``; ``newsfuse schema`` derives the
JSON Schema from them, so changing a field here changes the contract.

Offsets (``start``/``end``) are character offsets into an article's cleaned ``text``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Annotated, Any, Final, Literal

from pydantic import Field

SCHEMA_VERSION: Literal["1"] = "1"

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER"]
Qualifier = Literal["exact", "at_least", "at_most", "more_than", "about", "vague"]
FactStatus = Literal["conflict", "corroborated", "single", "updated"]
# What a number counts, beside what it measures: this event's whole count ("event"), a part of it ("part":
# "two of the dead were officers", "a man and a woman"), a wider total that holds this event and others
# ("wider": a city's weekend, a year to date, a national figure) or another event the article recalls
# ("other": "a shooting at the same club last year"). Only an event's whole counts and parts make its facts.
ScopeKind = Literal["event", "part", "wider", "other"]
# the scopes of counts of the story's own event: all of its people, or a part of them
THIS_EVENT: Final = frozenset({"event", "part"})
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
# What kind of amount a number is: a count of things, or a measurement in a unit of one of these kinds.
Dimension = Literal["count", "duration", "length", "mass", "rate", "money", "percent", "magnitude", "other"]
# The kinds of happening a number is said to measure that the rules name: the labels of
# lexicon/measures.toml, then "duration" (how long), "population" (who lives there), "involved" (those who
# did something to something: "two gunmen killed five") and COUNTED_AS_SUCH. A verb with no kind of its own
# names the measure itself, as a participle ("waiting", "turned down"), so a measure is this or any str.
MeasureKind = Literal["killed", "injured", "killed or injured", "hospitalised", "striking", "destroyed or damaged",
                      "trapped", "displaced", "captured", "delivered", "advanced", "conducted",
                      "duration", "population", "involved", "number"]
COUNTED_AS_SUCH: Final = "number"
# Where an archived page's date came from (``Article.metadata["published_from"]``, ``ingest.warc``) when it is only
# the day an archive captured the page (its response's Date header, its WARC record's date), not the page's own
HTTP_DATE: Final = "http-date"
WARC_DATE: Final = "warc-date"
CAPTURE_DATES: Final = frozenset({HTTP_DATE, WARC_DATE})
"""The measure of things counted with no verb to say what happened to them: happenings ("four
aftershocks followed"), legal counts ("faces 50 charges"), a parent's children ("a mother of 12"). The
report shows it as the claim's measure, and the fact reads "number of aftershocks"."""

PublishedDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")]
EventDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Offset = Annotated[int, Field(ge=0)]


def stable_id(prefix: str, *parts: object) -> str:
    """A content-hash identifier: the same parts give the same id on every run."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return f"{prefix}_{hashlib.sha256(blob.encode('utf-8')).hexdigest()[:16]}"


# --------------------------------------------------------------------------- report contract


@dataclass(frozen=True, slots=True)
class Span:
    """A pointer into one article's cleaned text: ``text[start:end]``."""

    article_id: str
    start: Offset
    end: Offset


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    source: str
    url: str | None
    title: str | None
    published: PublishedDate | None
    text: str
    removed: tuple[str, ...] = ()
    duplicate_of: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def read_in_english(self) -> bool:
        """Whether the NLP stage reads the article's text (entities, claims, dates): it is in English, or too short
        to tell ("und"), as ingest told it by its words (``metadata["language"]``; none: taken to be English).
        Read by English rules, the words of another language would give wrong entities and figures."""
        return str(self.metadata.get("language", "en")) in READ_LANGUAGES


# the languages of the texts the English model and newsfuse's rules read; "und": too short to tell
READ_LANGUAGES: Final = frozenset({"en", "und"})


@dataclass(frozen=True, slots=True)
class Rejected:
    input: str
    reason: str


@dataclass(frozen=True, slots=True)
class Geo:
    lat: float
    lon: float
    gazetteer_id: str


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    mentions: tuple[Span, ...]
    geo: Geo | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as a range that keeps its hedge.

    ``low``/``high`` are ``None`` where the text gives no bound ("at least 200": high is None).
    ``unit`` is the measurement unit or the thing counted ("fighters", "km", "year", "tons").
    """

    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: Qualifier


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    article_id: str
    start: Offset
    end: Offset
    speaker: str | None
    speaker_text: str | None
    via: tuple[str, ...]
    quantity: Quantity | None
    # extra fields (the contract allows additions)
    measure: str | None = None  # what the number measures: "killed", "destroyed", "duration" ...
    quantity_start: Offset | None = None  # the number's own span inside the article
    quantity_end: Offset | None = None
    # what the number counts when it is not the story's event as a whole: a part ("officers"), "wider total"
    # (a city's weekend, a year to date) or "another event" (one the article recalls); None: the event
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class FactValue:
    text: str
    low: float | None
    high: float | None
    unit: str
    claim_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    sources: tuple[str, ...]
    # the publication dates (YYYY-MM-DD) of the first and last article saying it; None when undated
    first_reported: EventDate | None = None
    last_reported: EventDate | None = None
    current: bool = True  # the value the latest reports stand behind (False: superseded by a later one)


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    label: str
    status: FactStatus
    values: tuple[FactValue, ...]
    independent_sources: int
    # whose number: "people" (everyone the measure counts), a part ("officers", "children", "the suspect");
    # None for the rest: what the label names (militants, tanks), durations and amounts
    scope: str | None = None
    measure: str | None = None  # extra: what its numbers measure ("killed", "hospitalised", "duration" ...)


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    description: str
    date: EventDate | None
    date_text: str | None
    location: str | None
    article_ids: tuple[str, ...]
    claim_ids: tuple[str, ...]
    mentions: tuple[Span, ...] = ()  # extra: where each telling of the event is
    # extra: where the date comes from — "text" (a time expression in the sentence, see date_text) or
    # "published" (a past-tense happening with no date of its own, dated by its article's publication)
    date_source: Literal["text", "published"] | None = None


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    citations: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a story's event happened: one of its entities, with coordinates when the gazetteer knows it."""

    entity_id: str
    name: str
    geo: Geo | None


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    article_ids: tuple[str, ...]
    thread_id: str
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    facts: tuple[Fact, ...]
    events: tuple[Event, ...]
    summary: tuple[SummarySentence, ...]
    place: Place | None = None  # where the event happened (not where a speaker sits, nor the outlet's town)
    date: EventDate | None = None  # when it happened


@dataclass(frozen=True, slots=True)
class Report:
    articles: tuple[Article, ...]
    rejected: tuple[Rejected, ...]
    stories: tuple[Story, ...]
    schema_version: Literal["1"] = SCHEMA_VERSION


# --------------------------------------------------------------------------- between stages


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention found by the NLP stage."""

    article_id: str
    start: int
    end: int
    text: str
    label: EntityType


@dataclass(frozen=True, slots=True)
class QuantityMention:
    """A number found in text, with the span of its own words (offsets relative to the text given)."""

    start: int
    end: int
    quantity: Quantity
    counted: str | None = None  # lemma of the thing counted, e.g. "fighter", "civilian", "tank"
    dimension: Dimension = "count"
    # a count the text gives without a number ("a man was shot and killed": 1); the span is the noun phrase
    implicit: bool = False
    # a count the text gives as the sum of the counts it tells ("a woman and two men were shot": 3); the span is
    # the phrase that tells them
    summed: bool = False


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression with its TIMEX3 value (offsets relative to the text given)."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str  # TIMEX3 value: 2013-03-22, 2013-03, 2013-W11, 2011, PRESENT_REF, P2Y6M, XXXX-XX-XX ...


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said a sentence, and who relayed it. Offsets are article offsets."""

    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    via: tuple[str, ...] = ()
    affiliation: str | None = None  # whom the speaker speaks for ("a spokesman for the ministry")


@dataclass(frozen=True, slots=True)
class Scope:
    """What a number counts (see ScopeKind). ``group`` names a part ("officers", "city police officers",
    "the suspect"); ``cue`` holds the words that told the scope ("across the city", "last year"), for the
    reader; ``earlier`` marks a figure the sentence says was given before and since revised ("police
    initially said six"): it stands behind the article's other figures in time."""

    kind: ScopeKind = "event"
    group: str | None = None
    cue: str | None = None
    earlier: bool = False
    # a figure told as a correction ("the county clarified that 14 were hurt"): it stands after the article's
    # other figures in time, and revises them
    revision: bool = False
    # the count is of "others" ("two others were wounded"): others than the dead told before it, or than the
    # wounded the article named before it (then a part: ``extract.victims.settle_victims`` decides)
    others: bool = False

    def reread(self, kind: ScopeKind = "event", group: str | None = None, cue: str | None = None) -> Scope:
        """What the count counts, read anew (a part, the event's, another event's), told when it was told: its
        ``earlier`` and ``revision`` kept."""
        return Scope(kind=kind, group=group, cue=cue, earlier=self.earlier, revision=self.revision)


EVENT_SCOPE: Final = Scope()


@dataclass(frozen=True, slots=True)
class QuantityInContext:
    """A quantity in its sentence, with what the parse says about it (article offsets)."""

    mention: QuantityMention
    measure: MeasureKind | str | None  # what happened: "killed", "trapped", "duration", a participle ...
    # the normalised kind of the thing counted or measured: "militants", "civilians", "rain" ...; None for a
    # distance from a reference point (``distance_from``)
    subject: str | None
    place: str | None  # a place named in the number's clause, as written
    context_place: str | None = None  # the place named last before the sentence, as written
    # who said this number when the sentence's reporting clauses say different things ("X said A, but
    # Y said B"); None: the sentence's attribution holds
    attribution: Attribution | None = None
    # the reference point a distance is measured from, lower-cased ("port selwyn" in "35 km north-east of
    # Port Selwyn"): two distances compare only from one point
    distance_from: str | None = None
    scope: Scope = EVENT_SCOPE  # what the number counts (extract.scope)
    # the condition the sentence tells the counted people in ("critically wounded", "in critical condition"),
    # whatever their scope: smaller than the article's toll of that harm, such a count is a part of it
    condition: str | None = None
    # the person named as doing what the number counts ("Ann Roe made 30 saves", "Lee Hart scored 31 points"):
    # the figures of two such people are two facts, not a dispute
    doer: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A Claim plus what cross-checking needs to know about it: what it counts, where, when and from
    which independent source (the claims stage's output; the claim alone goes into the report)."""

    claim: Claim
    subject: str | None  # the kind of thing counted or measured (QuantityInContext.subject)
    dimension: Dimension
    place: str | None  # where it happened (entity id, or the name as written); None if only a region is known
    place_name: str | None
    place_geo: tuple[float, float] | None
    date: str | None  # YYYY[-MM[-DD]] of the sentence, when it names one
    origin: str  # the independent source: speaker entity, speaker text, or the outlet of the original
    origin_label: str
    by_publication: bool = False  # `date` is the publication date: the sentence names none
    distance_from: str | None = None  # a distance's reference point (QuantityInContext.distance_from)
    scope: Scope = EVENT_SCOPE  # what it counts (QuantityInContext.scope)
    published: str | None = None  # YYYY-MM-DD its article was published: when the claim was reported
    # where `place` was read: the number's own clause, the sentences before it, its article's dateline, or
    # the story's main place
    place_from: Literal["clause", "context", "article", "story"] | None = None
    # the US state the text pairs a place the gazetteer does not locate with ("Toone, Tennessee"), if any
    place_state: str | None = None
    # a victim counted without a number ("a man was killed"): at least so many, it does not say no more
    implicit: bool = False
    doer: str | None = None  # the person named as doing what it counts (QuantityInContext.doer)

    @property
    def measure(self) -> MeasureKind | str | None:
        return self.claim.measure


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    start: int
    end: int
    attribution: Attribution | None
    quantities: tuple[QuantityInContext, ...]
    timexes: tuple[Timex, ...]
    predicate: str | None  # lemma of the root verb
    tense: Literal["past", "present", "future"] | None
    happening: bool = True  # the main clause tells a happening: not negated, modal or a present state


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article after the one spaCy pass: everything later stages need, as plain data."""

    article: Article
    sentences: tuple[SentenceInfo, ...]
    mentions: tuple[Mention, ...]
    terms: tuple[str, ...]  # content lemmas, lower-cased, in text order (for clustering)
