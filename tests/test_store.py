"""The SQLite store: idempotent inserts, parse cache, story replacement."""

from __future__ import annotations

from pathlib import Path

from newsfuse.store import Store
from newsfuse.types import Article, ParsedArticle, Story


def _article(aid: str, text: str = "Body text of the article, long enough to keep.") -> Article:
    return Article(id=aid, source="Outlet", url=None, title="T", published="2024-01-02", text=text,
                   removed=("Share this",), metadata={"author": "A"})


def _story(sid: str, ids: tuple[str, ...]) -> Story:
    return Story(id=sid, title="t", article_ids=ids, thread_id="thr", entities=(), claims=(), facts=(), events=(),
                 summary=())


def test_articles_are_stored_once(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    with Store(db) as store:
        assert store.add_articles([_article("a"), _article("b")]) == 2
        assert store.add_articles([_article("a"), _article("b"), _article("c")]) == 1
    with Store(db) as store:
        assert [a.id for a in store.articles()] == ["a", "b", "c"]
        assert store.articles(["b"])[0] == _article("b")


def test_parse_cache_follows_text(tmp_path: Path) -> None:
    with Store(tmp_path / "x.sqlite") as store:
        parsed = ParsedArticle(article=_article("a"), sentences=(), mentions=(), terms=("body", "text"))
        store.put_parses([parsed], "v1")
        assert store.cached_parses([_article("a")], "v1")["a"].terms == ("body", "text")
        assert store.cached_parses([_article("a", text="Edited text now.")], "v1") == {}
        assert store.cached_parses([_article("a")], "v2") == {}  # another NLP stage's parse is not used


def test_story_replaces_overlapping_stories(tmp_path: Path) -> None:
    with Store(tmp_path / "x.sqlite") as store:
        store.save_stories([_story("s1", ("a", "b")), _story("s2", ("c",))])
        store.save_stories([_story("s3", ("b", "d"))])
        assert sorted(s.id for s in store.stories()) == ["s2", "s3"]
        assert store.counts()["stories"] == 2


def test_vectors_are_kept_per_text_and_model(tmp_path: Path) -> None:
    with Store(tmp_path / "x.sqlite") as store:
        store.put_vectors({"a": ("the text", (0.5, -0.25, 1.0))}, "model-1")
        assert store.cached_vectors({"a": "the text"}, "model-1") == {"a": (0.5, -0.25, 1.0)}
        assert store.cached_vectors({"a": "an edited text"}, "model-1") == {}
        assert store.cached_vectors({"a": "the text"}, "model-2") == {}
