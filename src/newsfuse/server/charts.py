"""A story's timeline drawn on a time axis: pure layout for a server-rendered SVG (no script needed).

``timeline_view`` places a story's dated events along one axis (a day as a dot, a month or a year as a
bar over its span), with ticks and labels at days, weeks, months or years as the span asks, stacks
events that would collide into lanes, and keeps the undated ones apart. Each ``updated`` or
conflicting fact gets a small chart on the same axis: its values by the dates they were reported
(a bar from first to last report, as high as the value's range), the superseded ones pale, and a step
line through an updated fact's values in the order they were reported.

Nothing here builds markup: the template draws the numbers it gets, with autoescaping on, so event
descriptions and source names stay text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsfuse.report.text import format_number, format_range, history_values
from newsfuse.types import Event, Fact, FactValue

WIDTH = 900  # the SVG's viewBox width; it scales to the page
LEFT = 56  # room for a fact chart's value labels
RIGHT = 24
LANE = 24  # height of one lane of event marks
MARK = 9  # radius of an event's dot
CHART_HEIGHT = 120  # plot height of a fact chart
MIN_SPAN_DAYS = 6  # a story told in one day still gets an axis a week wide


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    major: bool  # a month's or year's first tick: drawn darker, labelled with the year


@dataclass(frozen=True, slots=True)
class EventMark:
    number: int  # its number in the list under the axis
    event_id: str
    x: float  # where the event's date (or its span's start) is
    x2: float  # the end of its span (== x for a day)
    y: float  # the lane's centre
    date: str
    precision: str  # "day", "month" or "year"
    title: str  # tooltip: date and description


@dataclass(frozen=True, slots=True)
class ValueMark:
    x: float
    width: float
    y: float  # the top of its range
    height: float  # the range's height (at least 4)
    open_top: bool  # "at least N": no upper bound
    text: str  # the value as reported
    label_x: float
    label_y: float
    current: bool
    title: str  # tooltip: value, range, sources, dates


@dataclass(frozen=True, slots=True)
class FactChart:
    fact_id: str
    label: str
    status: str
    height: int
    axis_y: float
    ticks: tuple[Tick, ...]
    y_ticks: tuple[tuple[float, str], ...]  # (y, label)
    marks: tuple[ValueMark, ...]
    steps: str  # SVG path data of an updated fact's step line ("" for none)
    undated: tuple[str, ...]  # values with no report date: listed, not drawn


@dataclass(frozen=True, slots=True)
class TimelineView:
    width: int
    height: int
    axis_y: float
    x0: float
    x1: float
    ticks: tuple[Tick, ...]
    marks: tuple[EventMark, ...]
    numbers: dict[str, int]  # event id -> its number (dated events only)
    undated: tuple[Event, ...]
    start: str  # the axis's first and last day
    end: str
    charts: tuple[FactChart, ...]


# --------------------------------------------------------------------------- dates


def date_span(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """A contract date ("YYYY-MM-DD", "YYYY-MM", "YYYY", or a datetime) as its first day, its day after
    the last, and its precision; None for what does not parse."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) >= 10:
            day = dt.date.fromisoformat(text[:10])
            return day, day + dt.timedelta(days=1), "day"
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            first = dt.date(year, month, 1)
            return first, first + dt.timedelta(days=calendar.monthrange(year, month)[1]), "month"
        if len(text) == 4:
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "year"
    except ValueError:
        return None
    return None


def _month_add(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def axis_ticks(start: dt.date, end: dt.date, most: int = 12) -> list[tuple[dt.date, str, bool]]:
    """Ticks between `start` and `end` (inclusive) at the finest of days, weeks, months, quarters,
    years or decades that gives at most `most` of them: (day, label, major)."""
    days = (end - start).days
    if days <= most:
        out, day = [], start
        while day <= end:
            out.append((day, f"{day:%b} {day.day}", day.day == 1 or day == start))
            day += dt.timedelta(days=1)
        return out
    for step in (7, 14):
        if days / step <= most:
            day = start + dt.timedelta(days=(7 - start.weekday()) % 7)  # Mondays
            out = []
            while day <= end:
                out.append((day, f"{day:%b} {day.day}", not out or day.month != out[-1][0].month))
                day += dt.timedelta(days=step)
            return out
    for months in (1, 3, 6):
        if days / (30.44 * months) <= most:
            day = _month_add(start, 1) if start.day > 1 else start
            while (day.month - 1) % months:
                day = _month_add(day, 1)
            out = []
            while day <= end:
                major = day.month == 1 or not out
                out.append((day, f"{day:%b} {day.year}" if major else f"{day:%b}", major))
                day = _month_add(day, months)
            return out
    for years in (1, 2, 5, 10, 20, 50, 100):
        if days / (365.25 * years) <= most:
            year = start.year + (start.month > 1 or start.day > 1)
            year += (-year) % years
            out = []
            while dt.date(year, 1, 1) <= end:
                out.append((dt.date(year, 1, 1), str(year), True))
                year += years
            return out
    return [(start, str(start.year), True), (end, str(end.year), True)]


# --------------------------------------------------------------------------- the axis


class _Scale:
    def __init__(self, first: dt.date, last: dt.date, x0: float, x1: float) -> None:
        self.first, self.last, self.x0, self.x1 = first, last, x0, x1
        self.days = max((last - first).days, 1)

    def x(self, day: dt.date) -> float:
        return round(self.x0 + (day - self.first).days / self.days * (self.x1 - self.x0), 1)

    def ticks(self) -> tuple[Tick, ...]:
        return tuple(Tick(self.x(day), label, major) for day, label, major in axis_ticks(self.first, self.last))


def _domain(spans: Iterable[tuple[dt.date, dt.date]]) -> tuple[dt.date, dt.date] | None:
    spans = list(spans)
    if not spans:
        return None
    first = min(s for s, _ in spans)
    last = max(e for _, e in spans) - dt.timedelta(days=1)  # the last day covered
    short = MIN_SPAN_DAYS - (last - first).days
    if short > 0:
        first -= dt.timedelta(days=short // 2)
        last += dt.timedelta(days=short - short // 2)
    pad = dt.timedelta(days=max(1, round((last - first).days * 0.04)))
    return first - pad, last + pad


def _value_spans(fact: Fact) -> list[tuple[dt.date, dt.date]]:
    out = []
    for v in fact.values:
        first = date_span(v.first_reported)
        last = date_span(v.last_reported) or first
        if first and last:
            out.append((first[0], last[1]))
    return out


def charted_facts(facts: Iterable[Fact]) -> list[Fact]:
    """The facts whose values over time can be drawn: updated or conflicting, with a number reported on a
    known day (the values of undated articles stay in the facts table)."""
    return [f for f in facts if f.status in ("updated", "conflict")
            and any((v.low is not None or v.high is not None) and date_span(v.first_reported) for v in f.values)]


def timeline_view(events: Sequence[Event], facts: Sequence[Fact] = ()) -> TimelineView | None:
    """The events (and the updated or conflicting facts) on one time axis; None when nothing is dated."""
    dated = [(e, span) for e in events if (span := date_span(e.date)) is not None]
    undated = tuple(e for e in events if date_span(e.date) is None)
    charted = charted_facts(facts)
    domain = _domain([(s, e) for _, (s, e, _p) in dated] + [s for f in charted for s in _value_spans(f)])
    if domain is None:
        return None
    scale = _Scale(domain[0], domain[1], LEFT, WIDTH - RIGHT)
    ticks = scale.ticks()

    # Lanes: an event goes to the lowest lane where it clears the one before it.
    lane_ends: list[float] = []
    placed: list[tuple[Event, dt.date, float, float, str, int]] = []
    ordered = sorted(dated, key=lambda item: (item[1][0], item[1][1], item[0].id))
    for event, (start, end, precision) in ordered:
        x = scale.x(start)
        x2 = scale.x(end) if precision != "day" else x
        if x2 - x < 2 * MARK + 4:  # a month on an axis of years: too short for a bar, drawn as a dot
            x2 = x
        left = x - MARK - 2
        lane = next((i for i, last in enumerate(lane_ends) if last <= left), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(0.0)
        lane_ends[lane] = x2 + MARK + 2
        placed.append((event, start, x, x2, precision, lane))
    lanes = max(len(lane_ends), 1)
    top = 12.0
    axis_y = top + lanes * LANE + 6
    marks = []
    numbers: dict[str, int] = {}
    for number, (event, _start, x, x2, precision, lane) in enumerate(placed, start=1):
        numbers[event.id] = number
        y = axis_y - 6 - LANE * lane - LANE / 2
        marks.append(EventMark(number, event.id, x, x2, round(y, 1), event.date or "", precision,
                               f"{event.date} — {event.description}"))
    charts = tuple(_fact_chart(f, scale, ticks) for f in charted)
    return TimelineView(WIDTH, int(axis_y + 30), axis_y, scale.x0, scale.x1, ticks, tuple(marks), numbers, undated,
                        domain[0].isoformat(), domain[1].isoformat(), charts)


# --------------------------------------------------------------------------- a fact's values over time


def _nice(step: float) -> float:
    power = 10.0 ** math.floor(math.log10(step))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= step:
            return m * power
    return 10 * power


def _bounds(v: FactValue) -> tuple[float, float, bool] | None:
    """A value's (low, high, open_top); None when it has no number."""
    if v.low is None and v.high is None:
        return None
    low = v.low if v.low is not None else v.high
    high = v.high if v.high is not None else v.low
    assert low is not None and high is not None
    return low, high, v.high is None and v.low is not None


def _fact_chart(fact: Fact, scale: _Scale, ticks: tuple[Tick, ...]) -> FactChart:
    top, bottom = 14.0, 14.0 + CHART_HEIGHT
    values = [(v, b) for v in history_values(fact) if (b := _bounds(v)) is not None]
    lows = [b[0] for _, b in values]
    highs = [b[1] for _, b in values]
    lo, hi = min(lows), max(highs)
    # Open-topped values ("at least 200") need headroom above their bound.
    if any(b[2] for _, b in values):
        hi = max(hi, max(b[0] for _, b in values if b[2]) * 1.25)
    if lo == hi:
        lo, hi = lo - max(1.0, abs(lo) * 0.25), hi + max(1.0, abs(hi) * 0.25)
    step = _nice((hi - lo) / 3)
    lo = math.floor(lo / step) * step
    hi = math.ceil(hi / step) * step
    if lo < 0 <= min(lows):
        lo = 0.0

    def y(value: float) -> float:
        return round(bottom - (value - lo) / (hi - lo) * (bottom - top), 1)

    y_ticks = []
    t = lo
    while t <= hi + step / 1000:
        y_ticks.append((y(t), format_number(t)))
        t += step
    marks: list[ValueMark] = []
    undated: list[str] = []
    points: list[tuple[float, float, float]] = []  # (x, x_end, y) of the values with dates, in report order
    for v, (low, high, open_top) in values:
        first = date_span(v.first_reported)
        last = date_span(v.last_reported) or first
        who = ", ".join(v.sources) if v.sources else "unattributed"
        when = v.first_reported or "undated"
        if v.last_reported and v.last_reported != v.first_reported:
            when += f" to {v.last_reported}"
        title = (f"{v.text}: {format_range(v.low, v.high)} {v.unit} — {who} — reported {when}"
                 f"{'' if v.current else ' (superseded)'}")
        if not first or not last:
            undated.append(title)
            continue
        x = scale.x(first[0])
        x_end = max(scale.x(last[1]), x + 6)
        y_top = top if open_top else y(high)
        y_low = y(low)
        height = max(y_low - y_top, 4.0)
        if height == 4.0:
            y_top = round(y_low - 2, 1)
        marks.append(ValueMark(x, round(x_end - x, 1), y_top, round(height, 1), open_top, v.text,
                               round(x_end + 4, 1), round(max(y_top - 3, top + 8), 1), v.current, title))
        points.append((x, x_end, y((low + high) / 2 if not open_top else low)))
    steps = ""
    if fact.status == "updated" and len(points) > 1:
        path = [f"M{points[0][0]},{points[0][2]}"]
        for x_next, _, y_next in points[1:]:
            path.append(f"H{x_next} V{y_next}")
        path.append(f"H{points[-1][1]}")
        steps = " ".join(path)
    return FactChart(fact.id, fact.label, fact.status, int(bottom + 28), bottom, ticks, tuple(y_ticks),
                     tuple(marks), steps, tuple(undated))
