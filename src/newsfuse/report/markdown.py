"""The Markdown brief: each story's cited summary, facts, timeline and entities, for people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsfuse.report.text import counted, fact_history, format_range, published_range, scope_note, short_date
from newsfuse.types import Article, Entity, Fact, FactValue, Report, Story


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """A per-story brief a person would paste into a document."""
    articles = {a.id: a for a in report.articles}
    lines = [f"# newsfuse report — {counted(len(report.stories), 'story', 'stories')} from "
             f"{counted(len(report.articles), 'article')}", ""]
    threads: dict[str, list[Story]] = {}
    for story in report.stories:
        threads.setdefault(story.thread_id, []).append(story)
    for story in report.stories:
        related = [s for s in threads[story.thread_id] if s.id != story.id]
        lines.extend(_story_markdown(story, articles, related))
    if report.rejected:
        lines += ["## Inputs not analysed", ""]
        lines += [f"- `{r.input}`: {r.reason}" for r in report.rejected]
        lines.append("")
    return "\n".join(lines)


def _cite(article_id: str, articles: dict[str, Article]) -> str:
    article = articles.get(article_id)
    return article.source if article else article_id




def _dated_title(story: Story, articles: Mapping[str, Article]) -> str:
    first, last = published_range(story, articles)
    when = "" if first is None else f" ({first})" if first == last else f" ({first} – {last})"
    return f"“{story.title}”{when}"


def _story_markdown(story: Story, articles: dict[str, Article], related: Sequence[Story] = ()) -> list[str]:
    outlets = sorted({_cite(a, articles) for a in story.article_ids})
    lines = [f"## {story.title}", "", f"*{counted(len(story.article_ids), 'article')} from {', '.join(outlets)}*", ""]
    where = [w for w in (story.place.name if story.place else None, story.date) if w]
    if where:
        lines += [f"*Where and when: {', '.join(where)}*", ""]
    if related:  # the other stories of its thread, oldest first
        ordered = sorted(related, key=lambda s: (published_range(s, articles)[0] or "9999", s.id))
        lines += [f"*Same thread: {'; '.join(_dated_title(s, articles) for s in ordered)}*", ""]
    if story.summary:
        lines += ["### Summary", ""]
        for sentence in story.summary:
            refs = "; ".join(f"{_cite(c.article_id, articles)} {c.start}–{c.end}" for c in sentence.citations)
            lines.append(f"- {sentence.text} [{refs}]")
        lines.append("")
    if story.facts:
        lines += ["### Facts", "", "| fact | status | values (sources) | independent sources |",
                  "|---|---|---|---|"]
        for fact in story.facts:
            lines.append(_fact_row(fact))
        lines.append("")
    if story.events:
        lines += ["### Timeline", ""]
        for event in story.events:
            when = event.date or f"undated ({event.date_text})"
            if event.date_source == "published":
                when += ", by publication"
            lines.append(f"- **{when}** — {event.description} "
                         f"[{', '.join(_cite(a, articles) for a in event.article_ids)}]")
        lines.append("")
    named = [e for e in story.entities if len(e.mentions) > 1 or len(e.aliases) > 1]
    if named:
        lines += ["### Entities", ""]
        for entity in sorted(named, key=lambda e: (-len(e.mentions), e.name))[:15]:
            lines.append(_entity_line(entity))
        lines.append("")
    return lines


def _fact_row(fact: Fact) -> str:
    """One fact: its label (with the part of the toll it counts), status, values with their sources and dates
    (an updated fact's history first, "1 killed (Mar 3) → 2 killed (Mar 5)"), independent sources."""
    status = "**CONFLICT**" if fact.status == "conflict" else fact.status
    label = fact.label if (note := scope_note(fact)) is None else f"{fact.label} ({note})"
    values = "; ".join(_value_text(v) for v in fact.values)
    history = fact_history(fact)
    if history is not None:
        values = f"{history}; {values}"
    return f"| {_cell(label)} | {status} | {_cell(values)} | {fact.independent_sources} |"


def _value_text(v: FactValue) -> str:
    when = "" if v.first_reported is None else (
        f", {short_date(v.first_reported)}" if v.first_reported == v.last_reported
        else f", {short_date(v.first_reported)}–{short_date(v.last_reported)}")
    superseded = "" if v.current else ", superseded"
    return f"{v.text} = {format_range(v.low, v.high)} {v.unit} ({', '.join(v.sources)}{when}{superseded})"


def _entity_line(entity: Entity) -> str:
    aliases = [a for a in entity.aliases if a != entity.name]
    line = f"- **{entity.name}** ({entity.type}, {len(entity.mentions)} mentions)"
    if aliases:
        line += f" — also: {', '.join(aliases)}"
    if entity.geo:
        line += f" — {entity.geo.lat:.3f}, {entity.geo.lon:.3f}"
    return line
