"""Finding stories: the WHERE clause of ``Store.find_stories``, text filters through the FTS5 index.

The text filters (``q`` over titles and summary sentences, ``entity`` over entity names and aliases)
used to be ``LIKE '%text%'`` over JSON unpacked row by row, a scan of every story. They now look up
``story_search`` (see ``schema``), whose words are Unicode letters and digits, compared case- and
accent-insensitively. A query is read the same way: its words, in order, must appear together in one
piece of text (a title, a summary sentence, a name or alias), the last word as a prefix, so "marrow
riv" finds "Marrow River" as the substring search did. Unlike a substring, a query does not match
from the middle of a word ("arrow" does not find "Marrow").

User input never reaches FTS5's query syntax: only its words are kept, joined into one quoted phrase
(a word is letters and digits, so it holds no quote), so ``"``, ``*``, ``:``, ``NEAR``, ``AND``,
parentheses or control characters are plain separators. A query with no word in it matches nothing.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# The story's dates: its events' dates and its articles' publication days.
_STORY_DATES = """
    SELECT json_extract(e.value, '$.date') AS d FROM json_each(s.data, '$.events') e
    WHERE json_extract(e.value, '$.date') IS NOT NULL
    UNION ALL
    SELECT substr(a.published, 1, 10) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
    WHERE sa.story_id = s.id AND a.published IS NOT NULL
"""

# Stories with a piece of one of the given fields matching an FTS5 expression.
_TEXT_MATCH = ("s.id IN (SELECT t.story_id FROM story_text t WHERE t.field IN ({fields}) "
               "AND t.id IN (SELECT rowid FROM story_search WHERE story_search MATCH ?))")


def fts_phrase(text: str) -> str | None:
    """The FTS5 query for user text: its words as one phrase, the last one a prefix; None without words."""
    words = "".join(ch if _is_word_char(ch) else " " for ch in text).split()
    return f'"{" ".join(words)}"*' if words else None


def _is_word_char(ch: str) -> bool:
    """Whether the unicode61 tokenizer keeps `ch` in a word: a letter or digit, or a mark (an accent)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _text_filter(text: str, fields: tuple[str, ...], clauses: list[str], params: list[Any]) -> None:
    phrase = fts_phrase(text)
    if phrase is None:
        clauses.append("0")  # nothing searchable: no story matches
        return
    clauses.append(_TEXT_MATCH.format(fields=", ".join(f"'{f}'" for f in fields)))
    params.append(phrase)


def story_filters(q: str | None, entity: str | None, date_from: str | None, date_to: str | None,
                  thread: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause (over `stories s`) and its parameters for ``Store.find_stories``."""
    clauses: list[str] = ["1 = 1"]
    params: list[Any] = []
    if thread:
        clauses.append("s.thread_id = ?")
        params.append(thread)
    if q:
        _text_filter(q, ("title", "summary"), clauses, params)
    if entity:
        _text_filter(entity, ("entity",), clauses, params)
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
