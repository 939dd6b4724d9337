"""One story from its parsed articles: entities, claims, facts, timeline and summary, in that order.

Pure: no store, no spaCy; the same parsed articles give the same story.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from newsfuse.names import AliasLexicon, default_lexicon, name_key
from newsfuse.placenames import display_name
from newsfuse.story import anchor, claims, crosscheck, summarize, timeline
from newsfuse.story.date import story_date
from newsfuse.story.entities import resolve_entities, retype, settle_near_place
from newsfuse.story.place import dateline, stated_towns, story_place, story_region
from newsfuse.types import Article, Mention, ParsedArticle, Story, stable_id


def build_story(parsed: Sequence[ParsedArticle], thread_id: str, by_id: Mapping[str, ParsedArticle],
                lexicon: AliasLexicon | None = None) -> Story:
    """The story of ``parsed`` (its articles, copies included), in thread ``thread_id``; ``by_id`` holds
    at least the originals the copies among them copy; ``lexicon`` the aliases (default: the packaged)."""
    article_ids = tuple(sorted(p.article.id for p in parsed))
    story_id = stable_id("sty", article_ids)
    texts = {p.article.id: p.article.text for p in parsed}
    entities = resolve_entities(story_id, _outlets_as_organisations(parsed), texts, lexicon or default_lexicon())
    originals = {p.article.id: _original(p.article, by_id) for p in parsed}
    datelines = {p.article.id: d for p in parsed if (d := dateline(p.article.id, p.article.text)) is not None}
    stated = stated_towns(list(texts.values()))  # read once: for the region and for the claims' places
    region = story_region(list(datelines.values()), entities, [p.article.title for p in parsed if p.article.title],
                          stated)
    reading = claims.place_reading(entities, texts, region, stated)
    records = claims.build_claims(parsed, entities, originals,
                                  {a: display_name(d.city) for a, d in datelines.items()}, reading)
    events = timeline.build_events(story_id, parsed, entities, records)
    place, added = story_place(story_id, parsed, entities, records, events, datelines, region, reading.persons)
    if added is not None and all(e.id != added.id for e in entities):  # a dateline NER did not take for a place
        entities = tuple(sorted([*entities, added], key=lambda e: (e.type, e.name.lower(), e.id)))
    entities = tuple(retype(settle_near_place(entities, place), reading.aged))
    date = story_date(events, records, {p.article.id: p.article.published for p in parsed},
                      {(p.article.id, s.start): s.predicate for p in parsed for s in p.sentences})
    # what the articles recall of other events, now that the story's own date is known
    records = anchor.another_events(records, date)
    facts = crosscheck.cross_check(story_id, records)
    summary = summarize.summarize(parsed, facts, {r.claim.id: r for r in records})
    return Story(
        id=story_id, title=_title(parsed), article_ids=article_ids, thread_id=thread_id,
        entities=tuple(entities), claims=tuple(r.claim for r in records), facts=tuple(facts),
        events=tuple(events), summary=tuple(summary), place=place, date=date,
    )


def _original(article: Article, by_id: Mapping[str, ParsedArticle]) -> Article:
    """The article a copy copies (the article itself when it is no copy, or its original is not at hand)."""
    copied = article.duplicate_of
    return by_id[copied].article if copied is not None and copied in by_id else article


def _outlets_as_organisations(parsed: Sequence[ParsedArticle]) -> list[Mention]:
    """The story's entity mentions, a name of one of its outlets typed ORG whatever NER said
    ("the Valley Wire reported" is not a place)."""
    outlets = {key for p in parsed if p.article.source and (key := name_key(p.article.source))}
    return [replace(m, label="ORG") if m.label != "ORG" and name_key(m.text) in outlets else m
            for p in parsed for m in p.mentions]


def _title(parsed: Sequence[ParsedArticle]) -> str:
    ordered = sorted(parsed, key=lambda p: (p.article.duplicate_of is not None, p.article.published or "9999",
                                             p.article.id))
    for p in ordered:
        if p.article.title:
            return p.article.title
    first = ordered[0].article.text.strip().split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
