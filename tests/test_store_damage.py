"""A damaged store (issue 20: 13): every command reports it in one line naming the store and what to
do, never a traceback. The damage is made by overwriting bytes of the file, as a disk or a copy would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsfuse.cli import main
from newsfuse.store import Store
from newsfuse.types import Article, Story, SummarySentence

MARK = "Quarry Lane footbridge reopens"  # a title written for this test, easy to find in the file's bytes


def _small_store(db: Path) -> None:
    """A store of two articles and one story, written without the NLP stage."""
    text = ("The Quarry Lane footbridge reopened on Monday after six weeks of repairs, the borough council "
            "said, and the temporary crossing by the weir will be taken down by Friday.")
    articles = [Article(id=f"qf-{n}", source=f"Outlet {n}", url=None, title=MARK, published="2024-06-03", text=text)
                for n in (1, 2)]
    story = Story(id="sty_quarry", title=MARK, article_ids=("qf-1", "qf-2"), thread_id="thr_quarry", entities=(),
                  claims=(), facts=(), events=(), summary=(SummarySentence(text=MARK, citations=()),))
    with Store(db) as store:
        store.add_articles(articles)
        store.save_stories([story])


def _damage(db: Path, offset: int, data: bytes) -> None:
    with db.open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def _story_offset(db: Path) -> int:
    """Where the story's JSON (its title, as stored in `data`) lies in the file."""
    blob = db.read_bytes()
    at = blob.find(b'{"id":"sty_quarry"')
    assert at > 0
    return at


def _root_page_offset(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    return (page - 1) * size


def _clean_failure(result: Result) -> str:
    """The message of a command that failed as it should: exit status 1, an error line, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize("damage", ["not utf-8", "not json", "torn page"])
def test_commands_report_a_damaged_store_in_one_line(tmp_path: Path, damage: str) -> None:
    db = tmp_path / "news.sqlite"
    _small_store(db)
    if damage == "not utf-8":
        _damage(db, _story_offset(db) + 30, b"\xff\xfe\xfd\xfc")
    elif damage == "not json":
        _damage(db, _story_offset(db), b"]]]]")
    else:
        _damage(db, _root_page_offset(db, "stories"), b"\x42" * 16)
    for command in (["stats"], ["stats", "--format", "json"], ["export", "--format", "json"],
                    ["export", "--format", "csv"]):
        output = _clean_failure(CliRunner().invoke(main, [*command, "--db", str(db)]))
        assert f"store {db} is damaged" in output, (command, output)
        assert "restore it from a backup" in output


def test_a_file_that_is_no_store_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    db.write_bytes(b"these bytes were never a database " * 200)
    output = _clean_failure(CliRunner().invoke(main, ["stats", "--db", str(db)]))
    assert "is damaged (file is not a database)" in output


def test_an_ingest_into_a_damaged_store_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    _small_store(db)
    _damage(db, _root_page_offset(db, "articles"), b"\x42" * 16)
    article = tmp_path / "weir.txt"
    article.write_text("Weir path reopens\n\nThe path beside the weir reopened on Tuesday after the flood barriers "
                       "were taken down, the borough council said.\n", encoding="utf-8")
    output = _clean_failure(CliRunner().invoke(main, ["ingest", str(article), "--db", str(db)],
                                               env={"NEWSFUSE_EMBED": "0"}))
    assert f"store {db} is damaged" in output
