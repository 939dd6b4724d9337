"""An id already in the store arriving with other content (issue 20: 9).

The rule: an id names one article. The same content again is the same article (nothing to do); an
input without an id of its own (its id is its content hash) is the very input stored before even if
this newsfuse cleans it otherwise; any other difference is rejected with a reason naming the id, and
the stored article keeps its text and the parse of that text. The store never holds a parse of a text
it does not hold. The articles are written for this test.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfuse import nlp
from newsfuse.cli import main
from newsfuse.config import EmbedSettings, Settings
from newsfuse.ingest import load_inputs
from newsfuse.pipeline import analyze, ingest, prepare
from newsfuse.store import Store, text_hash
from newsfuse.types import Article, ParsedArticle

SETTINGS = Settings(embed=EmbedSettings(enabled=False))
FIRST = ("The Millbrook library will close for three weeks from Monday while its roof is replaced, the county "
         "said. Librarian Joan Petrie said 1,200 books had been moved to the school hall for the duration.")
SECOND = ("The Millbrook library will close for five weeks from Monday while its roof is replaced, the county "
          "said. Librarian Joan Petrie said 2,400 books had been moved to the school hall for the duration.")


def _jsonl(path: Path, text: str, title: str = "Millbrook library to close for roof repairs") -> Path:
    record = {"id": "millbrook-7", "source": "Millbrook Mercury", "title": title, "published": "2024-02-12",
              "text": text}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def _stored_parse_hash(db: Path, article_id: str) -> str:
    with Store(db, readonly=True) as store:
        row = store.conn.execute("SELECT text_hash FROM parsed WHERE article_id = ?", (article_id,)).fetchone()
    return str(row[0])


def test_store_keeps_no_parse_of_a_text_it_does_not_hold(tmp_path: Path) -> None:
    article = Article(id="a1", source="Outlet", url=None, title="T", published=None, text=FIRST)
    other = replace(article, text=SECOND)
    with Store(tmp_path / "s.sqlite") as store:
        store.save_parsed([article], [ParsedArticle(article, (), (), ("first",))], "v1")
        store.save_parsed([other], [ParsedArticle(other, (), (), ("second",))], "v1")
        assert store.article("a1") == article
        assert store.cached_parses([article], "v1")["a1"].terms == ("first",)
        assert store.cached_parses([other], "v1") == {}
        store.put_parses([ParsedArticle(replace(article, id="nowhere"), (), (), ())], "v1")  # no such article
        assert store.conn.execute("SELECT COUNT(*) FROM parsed").fetchone()[0] == 1


def test_ingest_rejects_an_id_given_again_with_another_text(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    first = _jsonl(tmp_path / "first.jsonl", FIRST)
    second = _jsonl(tmp_path / "second.jsonl", SECOND)
    with Store(db) as store:
        ingest([str(first)], store, SETTINGS)
        added, rejected, _ = ingest([str(first)], store, SETTINGS)
        assert (added, rejected) == (0, ())  # the same article again: nothing to say
        added, rejected, report = ingest([str(second)], store, SETTINGS)
        assert added == 0
        assert [r.input for r in rejected] == [f"{second}:1"]
        assert "article id 'millbrook-7' is already stored with a different text" in rejected[0].reason
        stored = store.article("millbrook-7")
        assert stored is not None and "three weeks" in stored.text
        assert [a.id for a in report.articles] == ["millbrook-7"]
        assert all("five weeks" not in s.text for story in report.stories for s in story.summary)
    assert _stored_parse_hash(db, "millbrook-7") == text_hash(stored.text)


def test_the_rejection_names_every_field_that_differs_and_reaches_stderr(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    first = _jsonl(tmp_path / "first.jsonl", FIRST)
    retitled = _jsonl(tmp_path / "retitled.jsonl", SECOND, title="Millbrook library shut until spring")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(first), "--db", str(db)], env={"NEWSFUSE_EMBED": "0"}).exit_code == 0
    result = runner.invoke(main, ["ingest", str(retitled), "--db", str(db)], env={"NEWSFUSE_EMBED": "0"})
    assert result.exit_code == 0
    assert (f"rejected {retitled}:1: article id 'millbrook-7' is already stored with a different text, title: "
            "the stored article is kept") in result.stderr


def test_analyze_with_a_store_rejects_it_too(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    with Store(db) as store:
        analyze([_jsonl(tmp_path / "first.jsonl", FIRST)], SETTINGS, store)
        report = analyze([_jsonl(tmp_path / "second.jsonl", SECOND)], SETTINGS, store)
    assert [r.reason.split(":")[0] for r in report.rejected] == [
        "article id 'millbrook-7' is already stored with a different text"]
    assert report.articles == ()
    assert _stored_parse_hash(db, "millbrook-7") == text_hash(FIRST)


@pytest.mark.parametrize("published", ["2024-02-12", "2024-02-19"])
def test_an_input_without_an_id_is_the_input_stored_before(tmp_path: Path, published: str) -> None:
    """Its id is its content hash: the same file read again is that article, even when the stored text
    was cleaned by another newsfuse (here: a text cleaned otherwise put in the store by hand). Another
    publication date under that id is another article."""
    page = tmp_path / "library.jsonl"
    page.write_text(json.dumps({"source": "Millbrook Mercury", "title": "Library roof", "text": FIRST,
                                "published": published}) + "\n", encoding="utf-8")
    [raw] = load_inputs([page]).articles
    [clean], _ = prepare([raw], SETTINGS)
    older = replace(clean, text=clean.text + " An older cleaner kept this line.", published="2024-02-12")
    db = tmp_path / "news.sqlite"
    with Store(db) as store:
        store.add_articles([older])
        added, rejected, _ = ingest([str(page)], store, SETTINGS)
        assert added == 0
        assert store.article(raw.id) == older
        if published == "2024-02-12":
            assert rejected == ()
            assert store.cached_parses([older], nlp.PARSE_VERSION)  # parsed as stored
        else:
            assert [r.reason.split(":")[0] for r in rejected] == [
                f"article id {raw.id!r} is already stored with a different text, publication date"]
        assert [r[0] for r in store.conn.execute("SELECT text_hash FROM parsed")] in ([text_hash(older.text)], [])


def test_a_url_stored_before_it_was_made_canonical_is_the_same_article(tmp_path: Path) -> None:
    """A store written before URLs were made canonical holds "http://host:80/a?utm_source=x"; the same
    record read again (its url now canonical) is the same article, not a clash."""
    db = tmp_path / "news.sqlite"
    record = {"id": "millbrook-7", "source": "Millbrook Mercury", "title": "Millbrook library to close",
              "published": "2024-02-12", "text": FIRST, "url": "http://mercury.example:80/library?utm_source=feed"}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article] = load_inputs([str(path)]).articles
    assert article.url == "http://mercury.example/library"  # read as canonical now
    with Store(db) as store:
        store.add_articles([replace(article, url=record["url"])])  # as an older newsfuse stored it
        added, rejected, _ = ingest([str(path)], store, SETTINGS)
        assert rejected == ()


def test_an_input_with_its_own_id_cleaned_otherwise_before_is_the_same_article(tmp_path: Path) -> None:
    """A record with an id of its own, stored by a newsfuse that cut less page furniture ("Image 2 of 4" kept in
    its text): read again, its words are the stored text's and cuts', so it is the same article; the stored
    version is kept. A record whose words differ is still rejected."""
    gallery = "Image 2 of 4 " + FIRST
    path = _jsonl(tmp_path / "first.jsonl", gallery)
    [raw] = load_inputs([path]).articles
    [clean], _ = prepare([raw], SETTINGS)
    assert "Image 2 of 4" not in clean.text  # cut by this newsfuse
    older = replace(clean, text=gallery, removed=())  # as an older one stored it
    db = tmp_path / "news.sqlite"
    with Store(db) as store:
        store.add_articles([older])
        added, rejected, _ = ingest([str(path)], store, SETTINGS)
        assert (added, rejected) == (0, ())
        assert store.article("millbrook-7") == older
        _, rejected, _ = ingest([str(_jsonl(tmp_path / "second.jsonl", "Image 2 of 4 " + SECOND))], store, SETTINGS)
        assert [r.reason.split(":")[0] for r in rejected] == [
            "article id 'millbrook-7' is already stored with a different text"]
