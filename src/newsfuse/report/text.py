"""How numbers, ranges, counts and dates read in every human-facing output (Markdown, pages, exports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from newsfuse.types import Article, Fact, FactValue, Story


def format_number(x: float) -> str:
    """12 → '12', 12000 → '12,000', 2.5 → '2.5'."""
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def format_range(low: float | None, high: float | None) -> str:
    """A value's range for people: '40', '≥ 40', '≤ 2,000', '216–264', or 'unknown'."""
    if low is None and high is None:
        return "unknown"
    if low is None:
        return f"≤ {format_number(high)}"  # type: ignore[arg-type]
    if high is None:
        return f"≥ {format_number(low)}"
    return format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """"1 article", "3 articles", "2 stories"."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def published_range(story: Story, articles: Mapping[str, Article]) -> tuple[str | None, str | None]:
    """The first and last publication dates (YYYY-MM-DD) of a story's articles, when known."""
    days = sorted(a.published[:10] for i in story.article_ids if (a := articles.get(i)) and a.published)
    return (days[0], days[-1]) if days else (None, None)


def short_date(day: str | None, with_year: bool = False) -> str:
    """"2016-03-05" -> "Mar 5" (or "Mar 5, 2016"); "undated" for None; any other text as it is."""
    if not day:
        return "undated"
    try:
        date = dt.date.fromisoformat(day[:10])
    except ValueError:
        return day
    text = f"{date:%b} {date.day}"
    return f"{text}, {date.year}" if with_year else text


def history_values(fact: Fact) -> list[FactValue]:
    """An updated fact's values in the order they were reported: earliest first, the current ones last."""
    return sorted(fact.values, key=lambda v: (v.current, v.first_reported or "9999", v.low or 0.0))


def fact_history(fact: Fact) -> str | None:
    """An updated fact as a short history, "1 killed (Mar 3) → 2 killed (Mar 5)"; None for other facts."""
    if fact.status != "updated":
        return None
    values = history_values(fact)
    years = {v.first_reported[:4] for v in values if v.first_reported}
    what = f" {fact.measure}" if fact.measure and fact.measure not in {"duration", "number"} else ""
    return " → ".join(f"{format_range(v.low, v.high)}{what} ({short_date(v.first_reported, len(years) > 1)})"
                      for v in values)


def scope_note(fact: Fact) -> str | None:
    """"part: officers" for a fact that counts a part of a toll; None for a whole toll, the rest, and a label that
    already names its scope ("people injured (another event in 2015)", "shooters fired (suspects)")."""
    if fact.scope in {None, "people"} or f"({fact.scope})" in fact.label:
        return None
    return f"part: {fact.scope}"
