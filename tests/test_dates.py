"""Tests for newsfuse.extract.timex (TIMEX3 extraction and normalisation, its named rules), newsfuse.timex
(reading values back) and the benchmark scorer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchloader import load_benchmark
from newsfuse import lexicon
from newsfuse.extract.timex import RULES, explain, find_timexes, heuristic_tense
from newsfuse.timex import duration_years, event_date

# a Friday
ANCHOR = dt.date(2013, 3, 22)
REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / ".." / "shared" / "corpora" / "seeds"


def one(text: str, anchor: dt.date | None = ANCHOR, tense=None):  # type: ignore[no-untyped-def]
    """The single timex found in ``text``."""
    found = find_timexes(text, anchor, tense)
    assert len(found) == 1, found
    return found[0]


def values(text: str, anchor: dt.date | None = ANCHOR) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, anchor)]


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The plant opened on March 22, 2013 in Ohio.", "March 22, 2013", "2013-03-22"),
        ("It happened on 22 March 2013.", "22 March 2013", "2013-03-22"),
        ("Filed 2013-03-22 by the clerk.", "2013-03-22", "2013-03-22"),
        ("The deadline is 3/22/2013.", "3/22/2013", "2013-03-22"),
        ("Sales fell in January 2011.", "January 2011", "2011-01"),
        ("The war ended in 1945.", "1945", "1945"),
        ("A boom in the 1990s followed.", "the 1990s", "199"),
        ("She was born on Sept. 5, 1961.", "Sept. 5, 1961", "1961-09-05"),
        ("The vote is on Friday, March 29, 2013.", "Friday, March 29, 2013", "2013-03-29"),
        ("Output rose in the third quarter of 2012.", "the third quarter of 2012", "2012-Q3"),
        ("Prices peaked in the summer of 2008.", "the summer of 2008", "2008-SU"),
        ("It was built in the 19th century.", "the 19th century", "18"),
        ("Profit rose in fiscal 2012.", "fiscal 2012", "2012"),
        ("Results for the first half of 2012 were weak.", "the first half of 2012", "2012-H1"),
        ("They met in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI"),
    ],
)
def test_absolute_dates(text: str, span: str, value: str) -> None:
    t = one(text)
    assert t.text == span
    assert t.type == "DATE"
    assert t.value == value


def test_month_day_without_year_resolves_to_nearest_year() -> None:
    assert one("The trial starts April 2.").value == "2013-04-02"
    assert one("He was arrested Dec. 30.").value == "2012-12-30"
    assert one("It opened March 1, officials said.").value == "2013-03-01"


def test_both_ends_of_a_range_of_days_are_dates() -> None:
    assert values("Crews worked through the weekend of March 9-10 in the valley.")[-2:] == [
        ("March 9", "DATE", "2013-03-09"), ("10", "DATE", "2013-03-10")]
    assert values("The summit ran 12-14 March 2013.") == [
        ("12", "DATE", "2013-03-12"), ("14 March 2013", "DATE", "2013-03-14")]
    # not a range of days: a percentage, a clock time, a score going down
    assert values("On March 9-25 percent of the vote was counted.") == [("March 9", "DATE", "2013-03-09")]
    assert [v for _, _, v in values("It ended on March 9 - 4 p.m. local time.")] == ["2013-03-09", "2013-03-09T16:00"]
    assert values("They won on March 9 5-2.") == [("March 9", "DATE", "2013-03-09")]


def test_clock_times_told_in_words() -> None:
    assert values("The alarm sounded at ten past four in the morning.") == [
        ("ten past four in the morning", "TIME", "2013-03-22T04:10")]
    assert values("They met at a quarter to nine.") == [("a quarter to nine", "TIME", "2013-03-22T08:45")]
    assert values("It was twenty past ten at night.") == [("twenty past ten at night", "TIME", "2013-03-22T22:20")]
    assert values("The score went from five to one.") == []  # a score, not a time


def test_ambiguous_month_words_are_not_dates() -> None:
    assert find_timexes("Officials may decide soon.", ANCHOR) == []
    assert find_timexes("Thousands march through the capital.", ANCHOR) == []
    assert values("It closed in May.") == [("May", "DATE", "2013-05")]


def test_year_numbers_that_are_counts_are_skipped() -> None:
    assert find_timexes("About 2000 people attended and paid $1990 each.", ANCHOR) == []


# --------------------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("He arrived yesterday.", "yesterday", "2013-03-21"),
        ("She leaves tomorrow.", "tomorrow", "2013-03-23"),
        ("Talks resume today.", "today", "2013-03-22"),
        ("Sales fell last week.", "last week", "2013-W11"),
        ("The rally is this weekend.", "this weekend", "2013-W12-WE"),
        ("Prices rose last month.", "last month", "2013-02"),
        ("It will open next month.", "next month", "2013-04"),
        ("Growth slowed this year.", "this year", "2013"),
        ("Growth slowed last year.", "last year", "2012"),
        ("The firm was founded two years ago.", "two years ago", "2011"),
        ("She left three days ago.", "three days ago", "2013-03-19"),
        ("It was sold six months ago.", "six months ago", "2012-09"),
        ("He spoke earlier this month.", "earlier this month", "2013-03"),
        ("Shares fell last spring.", "last spring", "2012-SP"),
        ("Profits doubled in the third quarter.", "the third quarter", "2012-Q3"),
        ("Profits will double in the third quarter.", "the third quarter", "2013-Q3"),
        ("Profits doubled last quarter.", "last quarter", "2012-Q4"),
        ("The law was passed last century.", "last century", "19"),
    ],
)
def test_relative_dates(text: str, span: str, value: str) -> None:
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "DATE", value)


def test_weekday_follows_tense() -> None:
    # anchor is a Friday
    assert one("The minister resigned on Tuesday.").value == "2013-03-19"
    assert one("The minister will resign on Tuesday.").value == "2013-03-26"
    assert one("The company said Friday it would cut jobs.").value == "2013-03-22"
    # the day of the week of the anchor is the anchor's day, whatever the tense (news writes "Friday" for today)
    assert one("The minister will resign on Friday.").value == "2013-03-22"
    assert one("The summit opens next Monday.").value == "2013-03-25"
    assert one("The summit opened last Monday.").value == "2013-03-18"


def test_tense_hook_decides_without_a_nearby_marker() -> None:
    text = "The vote: Tuesday."
    assert one(text, tense=lambda _: "past").value == "2013-03-19"
    assert one(text, tense=lambda _: "future").value == "2013-03-26"


def test_nearby_future_marker_beats_main_clause_tense() -> None:
    # reported speech: the main clause ("said") is past, the embedded clause is future
    text = "Officials said the talks will resume on Tuesday in Geneva."
    assert one(text, tense=lambda _: "past").value == "2013-03-26"


def test_tense_hook_that_raises_falls_back() -> None:
    def broken(_: int) -> str:
        raise RuntimeError("no parse")

    assert one("Troops withdrew on Tuesday.", tense=broken).value == "2013-03-19"


def test_month_resolution_by_tense() -> None:
    assert one("The mine collapsed in August.").value == "2012-08"
    assert one("The mine will reopen in August.").value == "2013-08"
    assert one("The mine closed in August last year.").value == "2012-08"


def test_parts_of_day_and_clock_times() -> None:
    assert values("Police arrived Tuesday afternoon.") == [("Tuesday afternoon", "TIME", "2013-03-19TAF")]
    assert values("The blast occurred Monday night.") == [("Monday night", "TIME", "2013-03-18TNI")]
    assert values("Rain is expected tonight.") == [("tonight", "TIME", "2013-03-22TNI")]
    assert values("The shooting began at 2 p.m. local time.")[0][1:] == ("TIME", "2013-03-22T14:00")
    assert values("Polls close at 9 p.m. EST Tuesday, officials said.") == [
        ("9 p.m. EST Tuesday", "TIME", "2013-03-19T21:00")
    ]
    assert values("He was seen last night.") == [("last night", "TIME", "2013-03-21TNI")]
    assert values("Markets opened at noon.") == [("noon", "TIME", "2013-03-22T12:00")]


def test_references() -> None:
    assert values("Now the rebels hold the city.") == [("Now", "DATE", "PRESENT_REF")]
    assert values("He recently moved.") == [("recently", "DATE", "PAST_REF")]
    assert values("Prices may rise in the future.") == [("the future", "DATE", "FUTURE_REF")]
    assert values("The current government fell.") == [("current", "DATE", "PRESENT_REF")]
    assert find_timexes("The now-defunct bank failed.", ANCHOR) == []


def test_relative_to_last_mentioned_date() -> None:
    found = values("The talks began on March 4, 2010. The next day, they collapsed.")
    assert found == [("March 4, 2010", "DATE", "2010-03-04"), ("The next day", "DATE", "2010-03-05")]


def test_year_ago_after_a_quarter_means_that_quarter() -> None:
    found = values("Third-quarter profit rose 5% from a year ago.", dt.date(2013, 11, 5))
    assert found == [("Third-quarter", "DATE", "2013-Q3"), ("a year ago", "DATE", "2012-Q3")]
    assert values("Profit rose 5% from a year ago.", dt.date(2013, 11, 5)) == [("a year ago", "DATE", "2012")]


# --------------------------------------------------------------------------- durations and sets


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The siege lasted two years.", "two years", "P2Y"),
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("They talked for 90 minutes.", "90 minutes", "PT90M"),
        ("He waited half an hour.", "half an hour", "PT30M"),
        ("A two-year contract was signed.", "two-year", "P2Y"),
        ("Prices rose over the past six months.", "the past six months", "P6M"),
        ("It rained for several days.", "several days", "PXD"),
        ("The strike lasted for weeks.", "weeks", "PXW"),
        ("The case dragged on for more than a decade.", "more than a decade", "P10Y"),
        ("They fought for a year and a half.", "a year and a half", "P1Y6M"),
        ("The clinic stayed open for 24 hours.", "24 hours", "PT24H"),
        ("A quarter century of rule ended.", "A quarter century", "P25Y"),
    ],
)
def test_durations(text: str, span: str, value: str) -> None:
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "DURATION", value)


def test_ages_are_not_durations() -> None:
    assert find_timexes("A 10-year-old boy and a man, 44 years old, were hurt.", ANCHOR) == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The paper is published daily.", "daily", "P1D"),
        ("They meet every Tuesday.", "every Tuesday", "XXXX-WXX-2"),
        ("Inspections happen every two weeks.", "every two weeks", "P2W"),
        ("It costs $5 million a year.", "a year", "P1Y"),
        ("The market is held each summer.", "each summer", "XXXX-SU"),
    ],
)
def test_sets(text: str, span: str, value: str) -> None:
    t = one(text)
    assert (t.text, t.type, t.value) == (span, "SET", value)


# --------------------------------------------------------------------------- no anchor


def test_without_anchor_relative_values_stay_underspecified() -> None:
    assert one("He left on Tuesday.", anchor=None).value == "XXXX-WXX-2"
    assert one("It opened in August.", anchor=None).value == "XXXX-08"
    assert one("He arrived yesterday.", anchor=None).value == "XXXX-XX-XX"
    assert one("Sales fell last year.", anchor=None).value == "XXXX"
    assert one("It closed on Aug. 7.", anchor=None).value == "XXXX-08-07"
    assert one("The war ended in 1945.", anchor=None).value == "1945"
    assert one("It lasted two years.", anchor=None).value == "P2Y"


# --------------------------------------------------------------------------- offsets


def test_offsets_are_exact_on_multi_expression_text() -> None:
    text = (
        "On Tuesday, the council said it would vote next month. Two years ago, in June 2011, "
        "a similar plan failed after 18 months of talks; officials now expect a result by 5 p.m. Friday."
    )
    found = find_timexes(text, ANCHOR)
    assert [t.text for t in found] == [
        "Tuesday", "next month", "Two years ago", "June 2011", "18 months", "now", "5 p.m. Friday"
    ]
    for t in found:
        assert text[t.start: t.end] == t.text
    assert [t.start for t in found] == sorted(t.start for t in found)


def test_heuristic_tense() -> None:
    text = "The army will withdraw on Tuesday. The army withdrew on Tuesday."
    first = text.index("Tuesday")
    second = text.rindex("Tuesday")
    assert heuristic_tense(text, first, first + 7) == "future"
    assert heuristic_tense(text, second, second + 7) == "past"


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-03-22", "2013-03-22"), ("2013-03-22T14:00", "2013-03-22"), ("2013-03-22TAF", "2013-03-22"),
        ("2013-03", "2013-03"), ("2013", "2013"), ("2013-W11", "2013-03"), ("2013-W11-WE", "2013-03"),
        ("2013-W09", "2013"), ("2013-W01", "2013"), ("2013-Q1", "2013"),
        ("2013-SU", "2013"), ("XXXX-XX-XX", None), ("XXXX-08", None), ("PAST_REF", None), ("P2Y", None),
        ("199X", None), ("199", None), ("2013-02-30", None), ("", None),
    ],
)
def test_event_date(value: str, expected: str | None) -> None:
    assert event_date(value) == expected


def test_duration_years() -> None:
    assert duration_years("P2Y6M") == pytest.approx(2.5)
    assert duration_years("P3W") == pytest.approx(3 / 52)
    assert duration_years("PT24H") == pytest.approx(1 / 365.25)
    assert duration_years("P1Q") == pytest.approx(0.25)
    assert duration_years("PXY") is None
    assert duration_years("2013-03") is None
    assert duration_years("P") is None


# --------------------------------------------------------------------------- robustness


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("0123456789 -/.,:'apmAPM") + [
            " March ", " May ", " Friday ", " last ", " next ", " years ", " ago ", " the ", " 1990s ",
            " quarter ", " night ", " every ", " a half ", " twenty-", " nineteen ", "½", "\n", "é", "𝟘",
            " period ", " year-ago ", " the following day ", " Christmas ",
        ]),
        max_size=60,
    ).map("".join),
    st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
)
def test_never_raises_and_offsets_valid(text: str, anchor: dt.date | None) -> None:
    found = find_timexes(text, anchor)
    last = -1
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start: t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.start >= last
        last = t.end
        event_date(t.value)
        duration_years(t.value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for t in find_timexes(text, ANCHOR):
        assert text[t.start: t.end] == t.text


# --------------------------------------------------------------------------- real text


def test_seed_articles_give_valid_timexes() -> None:
    if not SEEDS.exists():
        pytest.skip("no seed corpus beside the repository")
    files = sorted(p for p in SEEDS.rglob("*") if p.is_file() and p.suffix in (".txt", ".html", ".json", ".md"))[:20]
    if not files:
        pytest.skip("no seed articles")
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for t in find_timexes(text, ANCHOR):
            total += 1
            assert text[t.start: t.end] == t.text
            assert t.value
    assert total > 0


# --------------------------------------------------------------------------- the benchmark's scorer


def _bench():  # type: ignore[no-untyped-def]
    return load_benchmark("dates")


def test_benchmark_strip_timeml_keeps_offsets() -> None:
    b = _bench()
    xml = ('He left <TIMEX3 tid="t1" type="DATE" value="2013-03-19">Tuesday</TIMEX3> &amp; '
           '<EVENT eid="e1">returned</EVENT> <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3> later.')
    text, spans = b.strip_timeml(xml)
    assert text == "He left Tuesday & returned two days later."
    assert [(s.text, s.type, s.value) for s in spans] == [("Tuesday", "DATE", "2013-03-19"), ("two days", "DURATION", "P2D")]
    for s in spans:
        assert text[s.start: s.end] == s.text


def test_benchmark_score_counts() -> None:
    b = _bench()
    S = b.Span
    gold = [S(0, 7, "DATE", "2013-03-19"), S(20, 28, "DURATION", "P2D"), S(40, 44, "DATE", "2012")]
    system = [
        S(0, 7, "DATE", "2013-03-19"),      # strict, value right
        S(16, 28, "DURATION", "P3D"),       # relaxed only, value wrong
        S(50, 55, "DATE", "PRESENT_REF"),   # false positive
    ]
    c = b.score(gold, system)
    assert (c.gold, c.system, c.strict, c.relaxed, c.type_ok, c.value_ok) == (3, 3, 1, 2, 2, 1)
    p, r, f = b.prf(c.value_ok, c.system, c.gold)
    assert p == pytest.approx(1 / 3) and r == pytest.approx(1 / 3) and f == pytest.approx(1 / 3)


def test_benchmark_score_is_one_to_one() -> None:
    b = _bench()
    S = b.Span
    gold = [S(0, 10, "DATE", "2013")]
    system = [S(0, 4, "DATE", "2013"), S(5, 10, "DATE", "2013")]
    c = b.score(gold, system)
    assert c.relaxed == 1 and c.value_ok == 1
    assert b.prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_tense_cues_for_plans_deadlines_and_passive_participles():
    def around(text: str, word: str) -> str | None:
        i = text.index(word)
        return heuristic_tense(text, i, i + len(word))

    assert around("The team planned to leave the capital on Thursday for the coast.", "Thursday") == "future"
    assert around("The father could arrive as early as Tuesday.", "Tuesday") == "future"
    assert around("Trading is to resume in Paris Tuesday.", "Tuesday") == "future"
    assert around("She will be named commander for a mission in December.", "December") == "future"
    assert around("The offer had been due to expire Friday evening.", "Friday") == "past"


# --------------------------------------------------------------------------- conventions (TimeML / HeidelTime)


def test_decades_truncate_to_three_digits() -> None:
    # TIMEX3 writes a decade as the year's first three digits (HeidelTime date_r13/r14)
    assert one("Prices soared during the nineties.").value == "199"
    assert one("The mill closed in the late 1970s.").value == "197"
    assert one("The law was passed a decade ago.").value == "200"


def test_last_half_of_a_year_is_the_second_half() -> None:
    assert one("Orders picked up in the last half of 2012.").value == "2012-H2"


def test_later_is_a_signal_so_the_amount_is_a_duration() -> None:
    found = values("The strike began. Three days later the plant shut down.")
    assert found == [("Three days", "DURATION", "P3D")]


def test_fraction_of_a_minute_carries_into_seconds() -> None:
    assert one("The fire alarm rang for a minute and a half.").value == "PT1M30S"


def test_would_marks_a_future_in_reported_speech() -> None:
    autumn = dt.date(2013, 10, 26)
    assert one("The company said it would open the new plant in January.", anchor=autumn).value == "2014-01"
    # "be paid" is a passive participle: the modal before it sets the tense
    assert one("The dividend would be paid in February, the board said.", anchor=autumn).value == "2014-02"


def test_participle_after_a_determiner_is_an_adjective_not_a_past_verb() -> None:
    text = "The agency will announce a revised schedule in May."
    i = text.index("May")
    assert heuristic_tense(text, i, i + 3) == "future"


def test_bare_the_quarter_refers_to_the_quarter_just_named() -> None:
    autumn = dt.date(2013, 10, 26)
    found = values("Profit rose in the second quarter. Sales in the quarter fell 3%.", autumn)
    assert [v for _, _, v in found] == ["2013-Q2", "2013-Q2"]


def test_year_ended_a_date_is_a_one_year_duration() -> None:
    found = values("Net income for the year ended March 31 rose 4%.")
    assert found == [("the year", "DURATION", "P1Y"), ("March 31", "DATE", "2013-03-31")]


def test_hyphenated_quarter_modifier_leaves_the_determiner_to_its_noun() -> None:
    t = one("The company will report the third-quarter loss.")
    assert (t.text, t.value) == ("third-quarter", "2013-Q3")


def test_period_and_term_join_a_hyphenated_duration() -> None:
    assert one("Sales grew 9% over a three-year period.").text == "a three-year period"
    assert one("She was elected to a one-year term.").text.endswith("one-year term")


def test_a_season_word_in_a_name_is_no_season() -> None:
    """Seasons are written in lower case; a capitalised one that a name goes on from is the name's ("the Spring
    area", "Fall River"), though one a name does not go on from is still a season ("in the Spring.")."""
    anchor = dt.date(2014, 7, 10)
    found = find_timexes("Deputies searched the Spring area and Fall River on Wednesday, July 9, 2014.", anchor)
    assert [t.value for t in found] == ["2014-07-09"]
    assert one("The works end in the Spring.", anchor=anchor).value.endswith("-SP")


def test_this_past_season() -> None:
    autumn = dt.date(2013, 10, 26)
    t = one("Sales slumped this past spring.", anchor=autumn)
    assert (t.text, t.value) == ("this past spring", "2013-SP")


# --------------------------------------------------------------------------- anchoring and context rules


def _tense_at(text: str, word: str) -> str | None:
    i = text.index(word)
    return heuristic_tense(text, i, i + len(word))


def test_abbreviation_full_stops_do_not_end_the_sentence_for_tense() -> None:
    # "a.m." and "vs." are not sentence ends: the verb on the other side still sets the tense
    text = "The agency has given the two sides until 10 a.m. Monday to settle the case."
    assert _tense_at(text, "Monday") == "present"
    assert one(text, anchor=dt.date(2013, 3, 24)).value == "2013-03-25T10:00"  # a Sunday anchor
    text = "In October, weeks after the Smith vs. Jones ruling, the court fined the firm."
    assert _tense_at(text, "October") == "past"


def test_tense_reaches_past_a_long_fronted_adverbial() -> None:
    text = ("In November, a fortnight after the annual congress of the party in the northern city of "
            "Leeds had come to an end amid loud protests and a walkout, the leader resigned.")
    assert _tense_at(text, "November") == "past"
    assert values(text)[0] == ("November", "DATE", "2012-11")


def test_the_past_year_is_the_previous_calendar_year() -> None:
    # TimeBank and HeidelTime value "the past year" / "the last month" as the previous unit (a DATE);
    # with a number it stays a length
    assert one("Exports doubled over the past year.").value == "2012"
    assert one("Rents climbed in the last month.").value == "2013-02"
    assert one("Exports doubled over the past two years.").value == "P2Y"
    assert one("It was the last year of his term.").value != "2012"


def test_fiscal_year_ended_is_a_duration_not_the_anchor_year() -> None:
    found = values("In the fiscal year ended June 30, revenue rose 8%.")
    assert found[0] == ("the fiscal year", "DURATION", "P1Y")
    assert one("Profit will rise in the current fiscal year.").value == "2013"


def test_a_year_or_last_years_quarter_takes_the_quarter_under_discussion() -> None:
    autumn = dt.date(2013, 10, 26)
    found = values("Profit rose in the third quarter, up from $4 million in the 2012 period.", autumn)
    assert [v for _, _, v in found] == ["2013-Q3", "2012-Q3"]
    found = values("Sales fell in the third quarter. Sales in last year's quarter were higher.", autumn)
    assert found[1] == ("last year's quarter", "DATE", "2012-Q3")
    found = values("Margins in the second quarter beat the quarter a year ago.", autumn)
    assert found[1] == ("the quarter a year ago", "DATE", "2012-Q2")


def test_a_forecast_quarter_does_not_become_the_quarter_under_discussion() -> None:
    autumn = dt.date(2013, 10, 26)
    text = ("Profit rose in the third quarter. The firm expects a recovery in the second quarter of 2014. "
            "Sales in the year-ago period were lower.")
    assert values(text, autumn)[-1] == ("the year-ago period", "DATE", "2012-Q3")


def test_latest_period_without_a_named_quarter_is_the_last_ended_quarter() -> None:
    autumn = dt.date(2013, 10, 26)
    assert one("Revenue in the latest period grew 5%.", anchor=autumn).value == "2013-Q3"
    assert one("Revenue grew from the year-ago period.", anchor=autumn).value == "2012-Q3"


def test_the_following_month_counts_from_the_month_just_named() -> None:
    found = values("The bid came in June 2011. The following month, the board rejected it.")
    assert found == [("June 2011", "DATE", "2011-06"), ("The following month", "DATE", "2011-07")]
    found = values("Talks collapsed in September. In the previous month they had made progress.", dt.date(2013, 12, 2))
    assert found[1] == ("the previous month", "DATE", "2013-08")


def test_a_second_before_a_noun_is_an_ordinal() -> None:
    assert values("Voters gave him a second term in office.") == []
    assert one("The lights went out for a second or two.").value == "PT1S"


def test_holiday_week_is_the_iso_week_of_the_holiday() -> None:
    # Easter 2013 fell on March 31 (ISO week 13); the anchor is four days before it, and the week
    # under way counts whatever the tense
    t = one("Crowds gathered as Easter week began.", anchor=dt.date(2013, 3, 27))
    assert (t.text, t.value) == ("Easter week", "2013-W13")
    assert one("Shops were busy during Christmas week 2012.").value == "2012-W52"


def test_a_holiday_days_away_is_this_years_whatever_the_tense() -> None:
    # a party for Halloween held the weekend before it, told in the past tense on October 30
    t = one("Two guests were hurt at a Halloween party overnight.", anchor=dt.date(2016, 10, 30))
    assert (t.text, t.value) == ("Halloween", "2016-10-31")
    # months away, the past tense still reaches back to the last one
    assert one("Two guests were hurt at a Halloween party.", anchor=dt.date(2016, 6, 2)).value == "2015-10-31"


def test_a_clock_time_on_its_own_falls_on_the_day_under_discussion() -> None:
    text = "The fire broke out on March 3. Crews arrived at 4:15 p.m. and left at dawn."
    found = values(text)
    assert found[1] == ("4:15 p.m.", "TIME", "2013-03-03T16:15")
    # with no day named before it, the anchor's day
    assert one("The market closes at 4 p.m. local time.").value == "2013-03-22T16:00"


def test_earlier_in_the_year_is_the_year_under_discussion() -> None:
    assert one("Prices had fallen earlier in the year.").value == "2013"
    assert one("He spoke late in the month.").value == "2013-03"
    assert values("The talks dragged on late in the day.") == []


# --------------------------------------------------------------------------- named rules


def test_every_rule_has_a_unique_short_name() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    for name in names:
        assert name.isidentifier() and name == name.lower() and len(name) <= 24, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plant opened on March 22, 2013.", [("March 22, 2013", "month_day")]),
        ("It happened on 22 March 2013.", [("22 March 2013", "day_month")]),
        ("The fair was held over the weekend.", [("the weekend", "the_weekend")]),
        ("The law was passed two years ago.", [("two years ago", "duration")]),
        ("Sales rose in the third quarter.", [("the third quarter", "numbered_quarter")]),
        ("Prices soared during the nineties.", [("the nineties", "decade")]),
        ("Shops close on Christmas.", [("Christmas", "holiday")]),
        ("He left on Friday at 9 p.m.", [("Friday at 9 p.m.", "weekday+clock_time")]),
        ("Talks were held September 20-21.", [("September 20", "month_day"), ("21", "day_range(month_day)")]),
        ("The meeting ran late. The next day it resumed.", [("The next day", "anaphoric")]),
    ],
)
def test_explain_names_the_rule_of_each_expression(text: str, expected: list[tuple[str, str]]) -> None:
    found = explain(text, ANCHOR)
    assert [(t.text, rule) for t, rule in found] == expected
    assert [t for t, _ in found] == find_timexes(text, ANCHOR)


def test_every_time_word_table_is_read() -> None:
    tables = lexicon.tables()
    unread = {("time", key) for key in tables["time"]} - lexicon.used()
    assert not unread, sorted(unread)
