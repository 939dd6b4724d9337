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

PostgreSQL (``dialect="postgresql"``) searches the same pieces with its own text search: each piece of
``story_text`` carries a ``tsvector`` of its words (a GIN index), and a query is a ``tsquery`` phrase
(``'marrow' <-> 'riv':*``). The words are cut and folded here, in Python, by the rule above (letters and
digits; lower case; accents removed) on both sides, before PostgreSQL's ``simple`` configuration sees
them, so the two back-ends find the same stories: PostgreSQL's own parser would keep "7-2" as "7" and
"-2", or "e-mail" as three words at two positions, and its ``unaccent`` dictionary is an extension a
server may not have. The store writes a story's pieces with the story (``stories``), where SQLite uses
triggers.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from newsfuse.types import Story

# The story's dates: its events' dates and its articles' publication days.
_STORY_DATES = """
    SELECT json_extract(e.value, '$.date') AS d FROM json_each(s.data, '$.events') e
    WHERE json_extract(e.value, '$.date') IS NOT NULL
    UNION ALL
    SELECT substr(a.published, 1, 10) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
    WHERE sa.story_id = s.id AND a.published IS NOT NULL
"""

# PostgreSQL's: the same dates from the story's JSON (stored as text, read as jsonb).
_PG_STORY_DATES = """
    SELECT e ->> 'date' AS d FROM jsonb_array_elements(s.data::jsonb -> 'events') e
    WHERE e ->> 'date' IS NOT NULL
    UNION ALL
    SELECT substr(a.published, 1, 10) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
    WHERE sa.story_id = s.id AND a.published IS NOT NULL
"""

# Stories with a piece of one of the given fields matching an FTS5 expression (PostgreSQL: a tsquery).
_TEXT_MATCH = ("s.id IN (SELECT t.story_id FROM story_text t WHERE t.field IN ({fields}) "
               "AND t.id IN (SELECT rowid FROM story_search WHERE story_search MATCH ?))")
_PG_TEXT_MATCH = ("s.id IN (SELECT t.story_id FROM story_text t WHERE t.field IN ({fields}) "
                  "AND t.words @@ to_tsquery('simple', ?))")


def fts_phrase(text: str) -> str | None:
    """The FTS5 query for user text: its words as one phrase, the last one a prefix; None without words."""
    words = "".join(ch if _is_word_char(ch) else " " for ch in text).split()
    return f'"{" ".join(words)}"*' if words else None


def _is_word_char(ch: str) -> bool:
    """Whether the unicode61 tokenizer keeps `ch` in a word: a letter or digit, or a mark (an accent)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def search_words(text: str) -> list[str]:
    """The words of a text as the search compares them: letters and digits, lower case, accents removed
    (what SQLite's unicode61 tokenizer with ``remove_diacritics 2`` keeps; PostgreSQL's are made here)."""
    folded = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.category(ch).startswith("M"))
    return "".join(ch if ch.isalnum() else " " for ch in folded.lower()).split()


def tsvector_text(text: str) -> str:
    """A piece of text for PostgreSQL's ``to_tsvector('simple', ...)``: its search words, one space apart."""
    return " ".join(search_words(text))


def tsquery_phrase(text: str) -> str | None:
    """The PostgreSQL tsquery for user text: its words as one phrase, the last a prefix; None without
    words. A word is letters and digits only, so quoting it leaves no tsquery syntax in it."""
    words = search_words(text)
    return " <-> ".join(f"'{w}'" for w in words) + ":*" if words else None


def story_pieces(story: Story) -> set[tuple[str, str]]:
    """A story's searchable pieces, (field, text): its title, each summary sentence, each entity's name
    and aliases (as the triggers of the SQLite schema take them from the stored JSON), none empty."""
    pieces = {("title", story.title), *(("summary", s.text) for s in story.summary)}
    pieces |= {("entity", name) for e in story.entities for name in (e.name, *e.aliases)}
    return {(field, text) for field, text in pieces if text}


def _text_filter(text: str, fields: tuple[str, ...], clauses: list[str], params: list[Any], dialect: str) -> None:
    phrase = tsquery_phrase(text) if dialect == "postgresql" else fts_phrase(text)
    if phrase is None:
        clauses.append("1 = 0")  # nothing searchable: no story matches
        return
    match = _PG_TEXT_MATCH if dialect == "postgresql" else _TEXT_MATCH
    clauses.append(match.format(fields=", ".join(f"'{f}'" for f in fields)))
    params.append(phrase)


def story_filters(q: str | None, entity: str | None, date_from: str | None, date_to: str | None,
                  thread: str | None = None, *, dialect: str = "sqlite") -> tuple[str, list[Any]]:
    """The WHERE clause (over `stories s`) and its parameters for ``Store.find_stories``."""
    clauses: list[str] = ["1 = 1"]
    params: list[Any] = []
    if thread:
        clauses.append("s.thread_id = ?")
        params.append(thread)
    if q:
        _text_filter(q, ("title", "summary"), clauses, params, dialect)
    if entity:
        _text_filter(entity, ("entity",), clauses, params, dialect)
    if date_from or date_to:
        # A partial date ("2025-09") is the interval it names: compare its first and last possible day.
        clauses.append(
            f"EXISTS (SELECT 1 FROM ({_PG_STORY_DATES if dialect == 'postgresql' else _STORY_DATES}) dates WHERE "
            "d || substr('9999-12-31', length(d) + 1) >= ? AND d || substr('0000-01-01', length(d) + 1) <= ?)")
        params += [_pad_date(date_from or "0000", "0000-01-01"), _pad_date(date_to or "9999", "9999-12-31")]
    return " AND ".join(clauses), params


def _pad_date(value: str, filler: str) -> str:
    """Complete a partial YYYY[-MM[-DD]] date with `filler`'s tail: its first or last possible day."""
    return value + filler[len(value):]
