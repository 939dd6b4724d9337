"""The timeline: dated happenings of a story, merged across articles.

An event is a sentence that reports a happening (a main verb that is not only "said", not
negated, not under a modal, not a present state such as "the museum is open") and names when it
happened; a happening told in the past tense with no date of its own is dated by its article's
publication (`date_source` "published", as opposed to "text"). Its date comes from the sentence's
time expressions, resolved against the article's publication date by the time-expression extractor
(`newsfuse.extract.timex`) and read as a date by `newsfuse.timex.event_date`; with no date known it
keeps `date_text` and a null date. Tellings of one happening in several articles (same date, same
place, overlapping words) become one event citing every telling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from newsfuse import lexicon
from newsfuse.placenames import home_before
from newsfuse.story.matching import match_entity
from newsfuse.timex import event_date
from newsfuse.types import ClaimRecord, Entity, Event, ParsedArticle, SentenceInfo, Span, Timex, stable_id

# a sentence whose main verb only says something (and holds no number) tells no event of its own
REPORTING_VERBS = lexicon.words("reporting", "reporting_verbs")
# verbs of a state, not of a happening ("she had red hair", "he loved football", "they knew him")
STATE_VERBS = lexicon.words("time", "state_verbs")

_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset("""the a an and or of to in on at for by with from as is are was were be been has have had that
this it its their his her they he she which who said says told also than more after before over into near""".split())
# words that name a day in a time expression (the time lexicon's weekdays, months and days relative to today),
# and days written in digits ("2016-09-03", "9/3")
_DAY_WORDS: frozenset[str] = frozenset(
    word for key in ("weekdays", "weekday_abbreviations", "months", "month_abbreviations")
    for word in lexicon.words("time", key)) | frozenset(lexicon.mapping("time", "deictic_days"))
_DAY_DIGITS = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}")
MERGE_OVERLAP = 0.3
DESCRIPTION_CHARS = 240


@dataclass(slots=True)
class _Draft:
    date: str | None
    date_text: str | None
    date_source: Literal["text", "published"] | None
    location: str | None
    words: set[str]
    description: str
    mentions: list[Span] = field(default_factory=list)
    claim_ids: set[str] = field(default_factory=set)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _best_timex(sent: SentenceInfo) -> tuple[Timex, str | None] | None:
    """The sentence's most precise DATE expression, with its calendar date when known (without
    one, the expression whose value knows most: "September 20" over "the weekend" in an undated
    article)."""
    dated = [t for t in sent.timexes if t.type in {"DATE", "TIME"} and not t.value.endswith("_REF")]
    if not dated:
        return None
    # a day the sentence names ("Sept. 2") before a clock time that only takes its day from the publication
    # ("UPDATE 8:14 a.m. (Sept. 3)" on a live page last published in January)
    ranked = sorted(dated, key=lambda t: (-len(event_date(t.value) or ""), _clock_only(t),
                                          -sum(c.isdigit() for c in t.value), t.start))
    best = ranked[0]
    return best, event_date(best.value)


def _clock_only(timex: Timex) -> bool:
    """A time of day written without a day of its own ("6:05 p.m.", "9 p.m."; not "8:30 p.m. Friday", "tonight")."""
    words = {w.strip(".,").lower() for w in timex.text.split()}
    return timex.type == "TIME" and not words & _DAY_WORDS and not _DAY_DIGITS.search(timex.text)


def _description(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0]
    return cut + " …"


def build_events(story_id: str, parsed: Sequence[ParsedArticle], entities: Sequence[Entity],
                 claims: Sequence[ClaimRecord]) -> list[Event]:
    """Events of one story: sorted by date, undated last."""
    claims_at: Mapping[tuple[str, int], list[str]] = _claims_by_sentence(claims)
    drafts: list[_Draft] = []
    for p in sorted(parsed, key=lambda p: (p.article.published or "9999", p.article.id)):
        if p.article.duplicate_of is not None:
            continue
        text = p.article.text
        for sent in p.sentences:
            if sent.predicate is None or sent.predicate in REPORTING_VERBS and not sent.quantities:
                continue
            if not sent.happening:
                continue
            found = _best_timex(sent)
            if found is not None:
                timex, date = found
                date_text: str | None = timex.text
            elif p.article.published and sent.tense == "past" and (
                    sent.predicate not in STATE_VERBS or sent.quantities):
                # A happening told in the past tense with no date of its own took place by the time
                # the article was published: dated by publication (date_text stays null). A past state
                # ("she had red hair", "he loved football") is no happening of that day, unless it gives a figure.
                date, date_text = p.article.published[:10], None
            else:
                continue
            location = _location(sent, p, entities)
            sentence_text = text[sent.start:sent.end]
            source: Literal["text", "published"] | None = ("text" if date_text else "published") if date else None
            draft = _Draft(date=date, date_text=date_text, date_source=source, location=location,
                           words=_words(sentence_text),
                           description=_description(sentence_text))
            draft.mentions.append(Span(p.article.id, sent.start, sent.end))
            draft.claim_ids.update(claims_at.get((p.article.id, sent.start), []))
            _merge_or_add(drafts, draft)
    events = [
        Event(
            id=stable_id("evt", story_id, sorted((m.article_id, m.start) for m in d.mentions)),
            description=d.description, date=d.date, date_text=d.date_text, date_source=d.date_source,
            location=d.location,
            article_ids=tuple(sorted({m.article_id for m in d.mentions})),
            claim_ids=tuple(sorted(d.claim_ids)),
            mentions=tuple(sorted(d.mentions, key=lambda m: (m.article_id, m.start))),
        )
        for d in drafts
    ]
    return sorted(events, key=lambda e: (e.date is None, e.date or "", e.mentions[0].article_id, e.mentions[0].start))


def _claims_by_sentence(claims: Sequence[ClaimRecord]) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], list[str]] = {}
    for r in claims:
        out.setdefault((r.claim.article_id, r.claim.start), []).append(r.claim.id)
    return out


def _location(sent: SentenceInfo, p: ParsedArticle, entities: Sequence[Entity]) -> str | None:
    for m in p.mentions:
        if sent.start <= m.start < sent.end and m.label in {"GPE", "LOC", "FAC"} \
                and not home_before(p.article.text, m.start):
            entity = match_entity(entities, m.text, m.label)
            if entity is not None:
                return entity.id
    return None


def _merge_or_add(drafts: list[_Draft], draft: _Draft) -> None:
    for other in drafts:
        if other.date is None or other.date != draft.date:
            continue
        if other.location and draft.location and other.location != draft.location:
            continue
        union = other.words | draft.words
        if union and len(other.words & draft.words) / len(union) >= MERGE_OVERLAP:
            other.mentions.extend(draft.mentions)
            other.claim_ids |= draft.claim_ids
            other.words |= draft.words
            return
    drafts.append(draft)
