"""The parse cache: each article's NLP result under (id, hash of its cleaned text, NLP stage version),
so re-running on stored articles skips spaCy entirely."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import TypeAdapter

from newsfuse.store.articles import insert_articles
from newsfuse.store.base import StoreBase, Writer, text_hash
from newsfuse.types import Article, ParsedArticle

_PARSED = TypeAdapter(ParsedArticle)


class ParseCache(StoreBase):
    """The cached parses of the ``Store``."""

    def cached_parses(self, articles: Sequence[Article], version: str) -> dict[str, ParsedArticle]:
        """Cached NLP results for these articles, where the text and the NLP stage's ``version`` still match."""
        wanted = {a.id: a for a in articles}
        found: dict[str, ParsedArticle] = {}
        query = "SELECT article_id, text_hash, data FROM parsed WHERE version = ? AND article_id IN ({})"
        for article_id, digest, data in self.conn.rows_for_ids(query, (version,), list(wanted)):
            article = wanted[article_id]
            if digest == text_hash(article.text):
                try:
                    parsed = _PARSED.validate_json(data)
                except ValueError:  # a damaged cached parse is a cache miss: parsed again, and replaced
                    continue
                found[article_id] = ParsedArticle(article, parsed.sentences, parsed.mentions, parsed.terms)
        return found

    def put_parses(self, parsed: Iterable[ParsedArticle], version: str) -> None:
        with self.conn.write() as db:
            upsert_parses(db, parsed, version)

    def save_parsed(self, articles: Iterable[Article], parsed: Iterable[ParsedArticle], version: str) -> int:
        """Articles and their fresh parses (made by NLP stage ``version``) in one transaction (a killed
        writer leaves neither half); returns how many articles were new."""
        with self.conn.write() as db:
            added = insert_articles(db, articles)
            upsert_parses(db, parsed, version)
        return added


def upsert_parses(db: Writer, parsed: Iterable[ParsedArticle], version: str) -> int:
    """Keep these parses (inside the caller's transaction), replacing any earlier parse of the articles;
    returns how many were kept.

    Only the parse of the text the store holds under that id is kept: a parse of another text (an input
    reusing a stored article's id with a different text) is dropped, so the store never holds a parse of
    a text it does not hold, and never a parse of an article it does not hold.
    """
    rows = [(p.article.id, text_hash(p.article.text), version, _PARSED.dump_json(p).decode(), p.article.id,
             p.article.text) for p in parsed]
    return db.executemany(
        "INSERT INTO parsed (article_id, text_hash, version, data) SELECT ?, ?, ?, ? "
        "WHERE EXISTS (SELECT 1 FROM articles WHERE id = ? AND text = ?) "
        "ON CONFLICT(article_id) DO UPDATE SET text_hash = excluded.text_hash, "
        "version = excluded.version, data = excluded.data",
        rows,
    )
