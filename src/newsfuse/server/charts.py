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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsfuse.report.text import format_number, format_range, history_values
from newsfuse.types import Event, Fact, FactValue

WIDTH = 900  # the SVG's viewBox width; it scales to the page
LEFT = 56  # room for a fact chart's value labels
RIGHT = 24
LANE = 22  # height of one lane of event marks
MARK = 9  # radius of an event's dot
CHART_HEIGHT = 120  # plot height of a fact chart
MIN_SPAN_DAYS = 6  # a story told in one day still gets an axis a week wide
MAX_LANES = 8  # events stacked at one spot before a "+N" mark
BREAK_DAYS = 120  # a gap in time shorter than this is never cut out of the axis
BREAK_GAP = 16  # the width of a break in the axis
TICK_CHAR = 6.2  # the width of a tick label's character (11px sans-serif), to keep labels apart


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
class MoreMark:
    """Events past the lanes at one spot: "+count", linking to the first of them."""

    x: float
    y: float
    count: int
    first: int
    title: str


@dataclass(frozen=True, slots=True)
class ValueMark:
    x: float
    width: float
    y: float  # the top of its range
    height: float  # the range's height (at least 4)
    open_top: bool  # "at least N": no upper bound (the bar runs to the top)
    open_bottom: bool  # "fewer than N": no lower bound (the bar runs to the axis)
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
    more: tuple[MoreMark, ...] = ()
    lines: tuple[tuple[float, float], ...] = ()  # the axis's segments (x0, x1)
    breaks: tuple[float, ...] = ()  # where the axis skips a stretch of time


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


@dataclass(frozen=True, slots=True)
class _Segment:
    first: dt.date
    last: dt.date
    x0: float
    x1: float

    def x(self, day: dt.date) -> float:
        days = max((self.last - self.first).days, 1)
        return round(self.x0 + (day - self.first).days / days * (self.x1 - self.x0), 1)


class _Scale:
    """Days to x: linear over each segment of the axis; segments are separated by breaks (an event
    years before the rest does not squash the rest into one spot)."""

    def __init__(self, segments: Sequence[tuple[dt.date, dt.date]], x0: float, x1: float,
                 weights: Sequence[int] = ()) -> None:
        gaps = BREAK_GAP * (len(segments) - 1)
        counts = list(weights) or [1] * len(segments)
        # Each segment gets room for what happens in it, but at least a fifth of the axis.
        shares = [max(count / max(sum(counts), 1), 0.2) for count in counts]
        unit = (x1 - x0 - gaps) / sum(shares)
        self.segments: list[_Segment] = []
        x = x0
        for (first, last), share in zip(segments, shares, strict=True):
            self.segments.append(_Segment(first, last, x, x + share * unit))
            x += share * unit + BREAK_GAP
        self.x0, self.x1 = x0, x1

    def x(self, day: dt.date) -> float:
        for i, seg in enumerate(self.segments):
            if day <= seg.last or i == len(self.segments) - 1:
                return seg.x(max(day, seg.first))
        return self.x1

    def ticks(self) -> tuple[Tick, ...]:
        out: list[tuple[Tick, bool]] = []  # (tick, is the first of its stretch)
        for seg in self.segments:
            most = max(2, round(12 * (seg.x1 - seg.x0) / (self.x1 - self.x0)))
            ticks = axis_ticks(seg.first, seg.last, most)
            for i, (day, label, major) in enumerate(ticks):
                if i == 0 and not re.search(r"\d{4}", label):  # each stretch of the axis says its year once
                    label = f"{label}, {day.year}" if " " in label else f"{label} {day.year}"
                    major = True
                out.append((Tick(seg.x(day), label, major), i == 0))
        kept: list[tuple[Tick, bool]] = []
        for tick, first in out:  # labels never overlap: of two too close, a stretch's first tick (its year) stays
            if kept and tick.x - kept[-1][0].x < (_label_width(tick.label) + _label_width(kept[-1][0].label)) / 2 + 8:
                if first and not kept[-1][1]:
                    kept[-1] = (tick, first)
                continue
            kept.append((tick, first))
        return tuple(t for t, _ in kept)

    def breaks(self) -> tuple[float, ...]:
        """The x of each break (the middle of the gap between two segments)."""
        return tuple(round(a.x1 + BREAK_GAP / 2, 1) for a, b in zip(self.segments, self.segments[1:], strict=False))

    def lines(self) -> tuple[tuple[float, float], ...]:
        return tuple((seg.x0, seg.x1) for seg in self.segments)


def _label_width(label: str) -> float:
    return len(label) * TICK_CHAR


def _segments(spans: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The stretches of time the axis shows: the days covered, split at a gap longer than BREAK_DAYS
    and longer than the rest of the covered time put together (at most two breaks), each padded."""
    spans = sorted(spans)
    if not spans:
        return []
    groups = [[spans[0][0], spans[0][1] - dt.timedelta(days=1)]]
    for first, end in spans[1:]:
        last = end - dt.timedelta(days=1)
        if first > groups[-1][1]:
            groups.append([first, last])
        else:
            groups[-1][1] = max(groups[-1][1], last)
    # Merge the covered stretches back together except across the largest gaps that dwarf the rest.
    cuts: set[int] = set()
    total = (groups[-1][1] - groups[0][0]).days
    for _ in range(2):
        gaps = [((groups[i + 1][0] - groups[i][1]).days, i) for i in range(len(groups) - 1) if i not in cuts]
        if not gaps:
            break
        gap, at = max(gaps)
        rest = total - gap - sum((groups[i + 1][0] - groups[i][1]).days for i in cuts)
        if gap < BREAK_DAYS or gap < 2 * max(rest, 1):
            break
        cuts.add(at)
    out: list[tuple[dt.date, dt.date]] = []
    start = groups[0][0]
    for i, (_first, last) in enumerate(groups):
        if i in cuts or i == len(groups) - 1:
            out.append(_padded(start, last))
            if i + 1 < len(groups):
                start = groups[i + 1][0]
    return out


def _padded(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
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
    segments = _segments([(s, e) for _, (s, e, _p) in dated] + [s for f in charted for s in _value_spans(f)])
    if not segments:
        return None
    starts = [s for _, (s, _e, _p) in dated] + [s for f in charted for s, _e in _value_spans(f)]
    weights = [sum(first <= day <= last for day in starts) for first, last in segments]
    scale = _Scale(segments, LEFT, WIDTH - RIGHT, weights)
    ticks = scale.ticks()
    numbers = {event.id: n for n, (event, _span) in enumerate(dated, start=1)}  # the list's order

    # Lanes: an event goes to the lowest lane where it clears the one before it; past MAX_LANES, the
    # events of one spot become a "+N" mark in the top lane.
    lane_ends: list[float] = []
    placed: list[tuple[Event, float, float, str, int]] = []
    more: list[tuple[float, list[int]]] = []
    ordered = sorted(dated, key=lambda item: (item[1][0], item[1][1], numbers[item[0].id]))
    for event, (start, end, precision) in ordered:
        x = scale.x(start)
        x2 = scale.x(end) if precision != "day" else x
        if x2 - x < 2 * MARK + 4:  # a month on an axis of years: too short for a bar, drawn as a dot
            x2 = x
        left = x - MARK - 2
        lane = next((i for i, last in enumerate(lane_ends) if last <= left), len(lane_ends))
        if lane >= MAX_LANES - 1:
            if more and abs(more[-1][0] - x) <= 2 * MARK + 4:
                more[-1][1].append(numbers[event.id])
            else:
                more.append((x, [numbers[event.id]]))
            continue
        if lane == len(lane_ends):
            lane_ends.append(0.0)
        lane_ends[lane] = x2 + MARK + 2
        placed.append((event, x, x2, precision, lane))
    lanes = min(max(len(lane_ends) + (1 if more else 0), 1), MAX_LANES)
    axis_y = 12.0 + lanes * LANE + 6

    def lane_y(lane: int) -> float:
        return round(axis_y - 6 - LANE * lane - LANE / 2, 1)

    marks = [EventMark(numbers[event.id], event.id, x, x2, lane_y(lane), event.date or "", precision,
                       f"{event.date} — {event.description}")
             for event, x, x2, precision, lane in sorted(placed, key=lambda p: numbers[p[0].id])]
    overflow = tuple(MoreMark(x, lane_y(MAX_LANES - 1), len(nums), min(nums),
                              "more events here: " + ", ".join(f"#{n}" for n in sorted(nums)))
                     for x, nums in more)
    charts = tuple(_fact_chart(f, scale, ticks) for f in charted)
    return TimelineView(WIDTH, int(axis_y + 30), axis_y, scale.x0, scale.x1, ticks, tuple(marks), numbers, undated,
                        segments[0][0].isoformat(), segments[-1][1].isoformat(), charts, overflow,
                        scale.lines(), scale.breaks())


# --------------------------------------------------------------------------- a fact's values over time


def _nice(step: float) -> float:
    power = 10.0 ** math.floor(math.log10(step))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= step:
            return m * power
    return 10 * power


def _bounds(v: FactValue) -> tuple[float, float, bool, bool] | None:
    """A value's (low, high, open_top, open_bottom); None when it has no number."""
    if v.low is None and v.high is None:
        return None
    low = v.low if v.low is not None else v.high
    high = v.high if v.high is not None else v.low
    assert low is not None and high is not None
    return low, high, v.high is None, v.low is None


def _fact_chart(fact: Fact, scale: _Scale, ticks: tuple[Tick, ...]) -> FactChart:
    top, bottom = 14.0, 14.0 + CHART_HEIGHT
    values = [(v, b) for v in history_values(fact) if (b := _bounds(v)) is not None]
    lows = [b[0] for _, b in values]
    highs = [b[1] for _, b in values]
    lo, hi = min(lows), max(highs)
    # Open-topped values ("at least 200") need headroom above their bound.
    if any(b[2] for _, b in values):
        hi = max(hi, max(b[0] for _, b in values if b[2]) * 1.25)
    if any(b[3] for _, b in values):  # "fewer than N" runs down to zero
        lo = min(lo, 0.0)
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
    for v, (low, high, open_top, open_bottom) in values:
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
        y_low = bottom if open_bottom else y(low)
        height = max(y_low - y_top, 4.0)
        if height == 4.0:
            y_top = round(y_low - 2, 1)
        marks.append(ValueMark(x, round(x_end - x, 1), y_top, round(height, 1), open_top, open_bottom, v.text,
                               round(x_end + 4, 1), round(max(y_top - 3, top + 8), 1), v.current, title))
        points.append((x, x_end, y(low if open_top else high if open_bottom else (low + high) / 2)))
    steps = ""
    if fact.status == "updated" and len(points) > 1:
        path = [f"M{points[0][0]},{points[0][2]}"]
        for x_next, _, y_next in points[1:]:
            path.append(f"H{x_next} V{y_next}")
        path.append(f"H{points[-1][1]}")
        steps = " ".join(path)
    return FactChart(fact.id, fact.label, fact.status, int(bottom + 28), bottom, ticks, tuple(y_ticks),
                     tuple(marks), steps, tuple(undated))
