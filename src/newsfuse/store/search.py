"""Finding stories: the WHERE clause of ``Store.find_stories``."""

from __future__ import annotations

from typing import Any

from newsfuse.store.articles import like_pattern

# The story's dates: its events' dates and its articles' publication days.
_STORY_DATES = """
    SELECT json_extract(e.value, '$.date') AS d FROM json_each(s.data, '$.events') e
    WHERE json_extract(e.value, '$.date') IS NOT NULL
    UNION ALL
    SELECT substr(a.published, 1, 10) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
    WHERE sa.story_id = s.id AND a.published IS NOT NULL
"""



def story_filters(q: str | None, entity: str | None, date_from: str | None, date_to: str | None,
                  thread: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause (over `stories s`) and its parameters for ``Store.find_stories``."""
    clauses: list[str] = ["1 = 1"]
    params: list[Any] = []
    if thread:
        clauses.append("s.thread_id = ?")
        params.append(thread)
    if q:
        clauses.append(
            "(s.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(s.data, '$.summary') j "
            "WHERE json_extract(j.value, '$.text') LIKE ? ESCAPE '\\'))")
        params += [like_pattern(q), like_pattern(q)]
    if entity:
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(s.data, '$.entities') e WHERE json_extract(e.value, '$.name') "
            "LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(e.value, '$.aliases') al "
            "WHERE al.value LIKE ? ESCAPE '\\'))")
        params += [like_pattern(entity), like_pattern(entity)]
    if date_from or date_to:
        # A partial date ("2025-09") is the interval it names: compare its first and last possible day.
        clauses.append(
            f"EXISTS (SELECT 1 FROM ({_STORY_DATES}) WHERE "
            "d || substr('9999-12-31', length(d) + 1) >= ? AND d || substr('0000-01-01', length(d) + 1) <= ?)")
        params += [_pad_date(date_from or "0000", "0000-01-01"), _pad_date(date_to or "9999", "9999-12-31")]
    return " AND ".join(clauses), params


def _pad_date(value: str, filler: str) -> str:
    """Complete a partial YYYY[-MM[-DD]] date with `filler`'s tail: its first or last possible day."""
    return value + filler[len(value):]
