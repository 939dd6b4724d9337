"""Stored stories: their results (the contract's Story as JSON), which articles they hold, their threads,
and search (``search``). A story replaces every stored story it shares an article with, so an article
is in one story at most; the search index follows the stories by triggers (``schema``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

from pydantic import TypeAdapter

from newsfuse.store.base import StoreBase, Writer
from newsfuse.store.search import story_filters, story_pieces, tsvector_text
from newsfuse.types import Story

_STORY = TypeAdapter(Story)


class StoryStore(StoreBase):
    """The stories, memberships and threads of the ``Store``."""

    # ----------------------------------------------------------------- writing

    def save_stories(self, stories: Sequence[Story]) -> None:
        """Store story results; a story replaces every stored story that shared an article with it.
        The incremental clustering state no longer describes the stories: it is marked invalid."""
        with self.conn.write() as db:
            _write_stories(db, stories)
            self.set_meta("cluster_state", None)

    def update_stories(self, stories: Sequence[Story]) -> None:
        """Replace a subset of the stored stories (incremental clustering): each story replaces every
        stored story that shared an article with it, or had its id; the clustering state stays valid."""
        with self.conn.write() as db:
            _write_stories(db, stories)

    def replace_stories(self, stories: Sequence[Story]) -> None:
        """Replace every stored story with these, atomically (after a full rebuild). The incremental
        clustering state is marked invalid until `reset_cluster_state`."""
        with self.conn.write() as db:
            db.execute("DELETE FROM story_articles")
            db.execute("DELETE FROM stories")
            _write_stories(db, stories)
            self.set_meta("cluster_state", None)

    # ----------------------------------------------------------------- reading

    def stories(self) -> list[Story]:
        return [self._story(sid, data) for sid, data in self.conn.execute("SELECT id, data FROM stories ORDER BY id")]

    def story_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0])

    def story(self, story_id: str) -> Story | None:
        """One stored story, or None."""
        row = self.conn.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return self._story(story_id, row[0]) if row else None

    def stories_by_id(self, story_ids: Sequence[str]) -> list[Story]:
        query = "SELECT id, data FROM stories WHERE id IN ({})"
        rows = sorted(self.conn.rows_for_ids(query, (), list(dict.fromkeys(story_ids))))
        return [self._story(sid, data) for sid, data in rows]

    def _story(self, story_id: str, data: str | bytes) -> Story:
        """A stored story's results (a value that does not decode: the store is damaged)."""
        with self.conn.decoding(f"story {story_id!r}"):
            return _STORY.validate_json(data)

    def stories_in_report_order(self, chunk: int = 50) -> Iterator[Story]:
        """Every stored story, most-reported first then by id (the order of ``report.full_report``),
        decoded `chunk` at a time: a reader of the whole store holds a few stories in memory, not all."""
        sizes = self.conn.execute("SELECT s.id, COUNT(sa.article_id) FROM stories s LEFT JOIN story_articles sa "
                                  "ON sa.story_id = s.id GROUP BY s.id").fetchall()
        ids = [sid for sid, _ in sorted(sizes, key=lambda r: (-r[1], r[0]))]  # Python's order, not a collation's
        for start in range(0, len(ids), chunk):
            found = {sid: data for sid, data in self.conn.rows_for_ids(
                "SELECT id, data FROM stories WHERE id IN ({})", (), ids[start:start + chunk])}
            yield from (self._story(sid, found[sid]) for sid in ids[start:start + chunk] if sid in found)

    def change_token(self) -> str:
        """A string that changes whenever stored stories change (any story write) or the store file is
        replaced: what a cache of story reads is keyed by. One indexed read, nothing decoded."""
        row = self.conn.execute(
            "SELECT (SELECT value FROM meta WHERE name = 'token'), "
            "(SELECT value FROM meta WHERE name = 'stories_changed')").fetchone()
        return f"{row[0] or ''}:{row[1] or ''}"

    def story_members(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """The article ids of stored stories (sorted)."""
        return self.conn.grouped(
            "SELECT story_id, article_id FROM story_articles WHERE story_id IN ({}) ORDER BY article_id", story_ids)

    def story_ids_of_articles(self, article_ids: Sequence[str]) -> dict[str, list[str]]:
        """For each article id, the ids of the stored stories it belongs to (sorted)."""
        return self.conn.grouped(
            "SELECT article_id, story_id FROM story_articles WHERE article_id IN ({}) ORDER BY story_id", article_ids)

    def story_threads(self, story_ids: Sequence[str]) -> dict[str, str]:
        """The thread id of each of these stored stories."""
        query = "SELECT id, thread_id FROM stories WHERE id IN ({})"
        return dict(self.conn.rows_for_ids(query, (), list(story_ids)))

    def thread_stories(self, thread_ids: Sequence[str]) -> dict[str, list[str]]:
        """The ids of the stored stories of each thread (sorted)."""
        return self.conn.grouped("SELECT thread_id, id FROM stories WHERE thread_id IN ({}) ORDER BY id", thread_ids)

    def unplaced_articles(self) -> list[str]:
        """Stored articles that belong to no story (cheap when there are none)."""
        placed = self.conn.execute("SELECT COUNT(DISTINCT article_id) FROM story_articles").fetchone()[0]
        if placed >= self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]:
            return []
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id) ORDER BY id")]

    def find_stories(self, *, q: str | None = None, entity: str | None = None, date_from: str | None = None,
                     date_to: str | None = None, thread: str | None = None, offset: int = 0,
                     limit: int = 20) -> tuple[list[Story], int]:
        """A page of stories matching every given filter, most-reported first, and the total match count.

        `q` is words of the title or of a summary sentence, `entity` words of an entity's name or alias
        (in order, case- and accent-insensitive, the last word a prefix; see ``search``);
        `date_from`/`date_to` (YYYY[-MM[-DD]], inclusive) must overlap an event date or an article's
        published date; `thread` is a thread id.
        """
        where, params = story_filters(q, entity, date_from, date_to, thread, dialect=self.conn.dialect)
        total = self.conn.execute(f"SELECT COUNT(*) FROM stories s WHERE {where}", params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT s.id, s.data FROM stories s WHERE {where} ORDER BY "
            "(SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = s.id) DESC, s.id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return [self._story(sid, data) for sid, data in rows], total


def _write_stories(db: Writer, stories: Sequence[Story]) -> None:
    # a new value on every write of stories: readers' caches keyed by ``change_token`` see the change
    db.execute("INSERT INTO meta (name, value) VALUES ('stories_changed', ?) "
               "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (uuid.uuid4().hex,))
    for story in stories:
        marks = ",".join("?" * len(story.article_ids))
        stale = [r[0] for r in db.execute(
            f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks})", story.article_ids)]
        for old in stale:
            db.execute("DELETE FROM stories WHERE id = ?", (old,))
            db.execute("DELETE FROM story_articles WHERE story_id = ?", (old,))
        db.execute("INSERT INTO stories (id, thread_id, title, data) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE "
                   "SET thread_id = excluded.thread_id, title = excluded.title, data = excluded.data",
                   (story.id, story.thread_id, story.title, _STORY.dump_json(story).decode()))
        db.executemany("INSERT INTO story_articles (story_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       [(story.id, a) for a in story.article_ids])
        if db.conn.dialect == "postgresql":
            _index_story(db, story)


def _index_story(db: Writer, story: Story) -> None:
    """PostgreSQL: the story's searchable pieces and their words (``search``), replacing its old ones (a
    deleted story's pieces go with it: ``ON DELETE CASCADE``). SQLite's triggers do this in the database."""
    db.execute("DELETE FROM story_text WHERE story_id = ?", (story.id,))
    db.executemany("INSERT INTO story_text (story_id, field, text, words) VALUES (?, ?, ?, to_tsvector('simple', ?))",
                   [(story.id, field, text, tsvector_text(text)) for field, text in story_pieces(story)])
