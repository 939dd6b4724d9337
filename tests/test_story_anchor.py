"""A story's own event: counts its articles recall of other events, and victims counted without a number.

Hand-built claim records (no spaCy): what ``story.anchor`` leaves to the story's facts given the story's
date, and how ``story.crosscheck`` weighs a victim counted without a number ("he was pronounced
dead") against a toll told with one.
"""

from __future__ import annotations

from dataclasses import replace

from newsfuse.story.anchor import another_events
from newsfuse.story.crosscheck import cross_check
from newsfuse.types import Claim, ClaimRecord, Quantity


def _rec(article: str, start: int, low: float, *, text: str = "two", measure: str = "killed",
         date: str | None = "2016-05-01", by_publication: bool = False, implicit: bool = False,
         place: str | None = None, place_name: str | None = None, geo: tuple[float, float] | None = None,
         origin: str | None = None) -> ClaimRecord:
    q = Quantity(text=text, value=low, low=low, high=low, unit="people", qualifier="exact")
    claim = Claim(id=f"c-{article}-{start}", article_id=article, start=start, end=start + 40, speaker=None,
                  speaker_text=None, via=(), quantity=q, measure=measure, quantity_start=start,
                  quantity_end=start + 3)
    origin = origin or f"outlet:{article}"
    return ClaimRecord(claim=claim, subject="people", dimension="count", place=place, place_name=place_name,
                       place_geo=geo, date=date, origin=origin, origin_label=origin.split(":")[1],
                       by_publication=by_publication, published="2016-05-02", implicit=implicit,
                       place_from="clause" if place else None)


def _kinds(records: list[ClaimRecord]) -> list[str]:
    return [r.scope.kind for r in records]


def test_a_toll_dated_long_before_the_event_is_another_events() -> None:
    old = _rec("a1", 10, 13, date="2009-11-05")  # "the 2009 shooting that killed 13"
    fresh = _rec("a1", 90, 4, date="2016-05-01")
    undated = _rec("a2", 10, 3, date="2016-05-02", by_publication=True)
    later = _rec("a3", 10, 4, date="2016-09-20")  # told at a trial months later: still this event's
    out = another_events([old, fresh, undated, later], "2016-05-01")
    assert _kinds(out) == ["other", "event", "event", "event"]
    assert out[0].claim.scope == "another event: in 2009"
    facts = cross_check("s", out)
    own = {v.low for f in facts if f.scope == "people" for v in f.values}
    assert 13.0 not in own and 4.0 in own
    [recalled] = [f for f in facts if f.scope == "another event in 2009"]  # a fact of its own
    assert [v.low for v in recalled.values] == [13.0]


def test_a_count_told_without_a_date_long_after_the_event_joins_its_fact() -> None:
    first = _rec("a1", 10, 2, text="two")  # told on the day after the event
    # "the man charged in the shooting that killed three": weeks later, no date of its own
    later = replace(_rec("a2", 10, 3, text="three", date="2016-07-11", by_publication=True), published="2016-07-11")
    out = another_events([first, later], "2016-05-01")
    assert (out[1].date, out[1].by_publication, out[1].scope.kind) == ("2016-05-01", False, "event")
    [fact] = cross_check("s", out)
    assert fact.status == "updated" and [(v.low, v.current) for v in fact.values] == [(2.0, False), (3.0, True)]
    # a week after the event, its publication day stands for it as it is
    soon = replace(later, date="2016-05-08", published="2016-05-08")
    assert another_events([first, soon], "2016-05-01")[1] == soon


def test_without_a_story_date_the_first_publication_anchors() -> None:
    old = _rec("a1", 10, 6, date="1988")  # "the 1988 fire that killed six people"
    assert _kinds(another_events([old], None)) == ["other"]


def test_a_victim_counted_without_a_number_is_one_of_a_larger_toll() -> None:
    records = [
        _rec("a1", 10, 2, text="two", origin="outlet:a1"),
        _rec("a1", 80, 1, text="He", implicit=True, origin="outlet:a1"),  # one article: no second event
        _rec("a2", 10, 1, text="The woman", implicit=True, origin="outlet:a2"),
    ]
    [fact] = cross_check("s", records)
    assert [v.text for v in fact.values] == ["two"]
    assert fact.status == "single"


def test_victims_counted_without_a_number_alone_make_the_fact() -> None:
    records = [_rec("a1", 10, 1, text="A man", implicit=True), _rec("a2", 10, 1, text="the victim", implicit=True)]
    [fact] = cross_check("s", records)
    assert [(v.text, v.low) for v in fact.values] == [("A man", 1.0)]
    assert fact.status == "corroborated"


def test_more_victims_named_than_a_toll_still_disputes_it() -> None:
    records = [_rec("a1", 10, 1, text="one"), _rec("a2", 10, 2, text="a man and a woman", implicit=True)]
    [fact] = cross_check("s", records)
    assert fact.status == "conflict"




def test_a_figure_told_as_the_first_one_is_revised_not_disputed() -> None:
    from dataclasses import replace

    from newsfuse.types import Scope

    first = _rec("a1", 10, 5, text="five", measure="injured")  # "in initial reports, ... five wounded"
    first = replace(first, scope=Scope(earlier=True))
    now = _rec("a2", 10, 4, text="four", measure="injured")  # the same day, fewer: two of them died
    [fact] = cross_check("s", [first, now])
    assert fact.status == "updated"
    assert [(v.text, v.current) for v in fact.values] == [("four", True), ("five", False)]


def test_the_justice_that_follows_a_crime_does_not_date_it() -> None:
    """An arrest weeks later repeats the toll ("the man sought since the teenager died in November was caught
    this week") and is told by more articles: the days whose sentences have a verb of justice for their main verb
    date the story only when no other day is told, in a story that counts casualties. Among days told as often,
    one long before the first article is the less likely."""
    from newsfuse.story.date import story_date
    from newsfuse.types import Event, Span

    predicates: dict[tuple[str, int], str | None] = {}

    def event(n: int, date: str, articles: str, verb: str, claims: tuple[str, ...] = ()) -> Event:
        mentions = tuple(Span(article, 100 * n, 100 * n + 80) for article in articles.split())
        predicates.update({(m.article_id, m.start): verb for m in mentions})
        return Event(id=f"e{n}", description="", date=date, date_text=date, location=None,
                     article_ids=tuple(m.article_id for m in mentions), claim_ids=claims, date_source="text",
                     mentions=mentions)

    killed = [_rec("a3", start, 1, text="killing") for start in (0, 50, 100)]
    c0, c1, c2 = (r.claim.id for r in killed)
    told = [event(1, "2016-11-11", "a1", "shoot"), event(2, "2016-11-11", "a2", "call"),
            event(3, "2017-01-05", "a3", "arrest", (c0, c1)), event(4, "2017-01-05", "a3 a4", "charge", (c2,)),
            event(5, "2017-01-05", "a5", "appear")]
    published = {"a1": "2016-11-12", "a2": "2016-11-12", "a3": "2017-01-05", "a4": "2017-01-05", "a5": "2017-01-06"}
    assert story_date(told, killed, published, predicates) == "2016-11-11"
    assert story_date(told, killed, published) == "2017-01-05"  # without the verbs: the day told most
    # a story that counts no casualties tells of no crime: its verbs say other things ("charged a fee")
    assert story_date(told, [], published, predicates) == "2017-01-05"
    # a step of justice told as a happening ("his cousin was shot") dates the story with its numbers
    predicates[("a3", 300)] = "shoot"
    assert story_date(told, killed, published, predicates) == "2017-01-05"
    # with nothing else dated, the justice's day is the story's
    assert story_date(told[3:], killed, published, predicates) == "2017-01-05"
    # a day told as often but long before the first article (a caption's mistyped year) loses to a recent one
    typo = [event(6, "2015-11-12", "a1 a2", "hum"), event(7, "2016-11-11", "a1 a2", "shoot")]
    assert story_date(typo, [], published, predicates) == "2016-11-11"
    assert story_date(typo[:1] + [event(8, "2016-11-11", "a1", "shoot")], [], published, predicates) == "2015-11-12"
