"""How numbers, ranges, counts and dates read in every human-facing output (Markdown, pages, exports)."""

from __future__ import annotations

from collections.abc import Mapping

from newsfuse.types import Article, Story


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
