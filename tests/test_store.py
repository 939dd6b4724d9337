"""The SQLite store: idempotent inserts, parse cache, story replacement, schema versions, search, readers."""

from __future__ import annotations

import json
import sqlite3
import time
from array import array
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import TypeAdapter

from newsfuse import cli
from newsfuse.errors import StoreError
from newsfuse.store import SCHEMA_VERSION, Store, text_hash
from newsfuse.store.schema import MIGRATIONS
from newsfuse.types import Article, Entity, ParsedArticle, Story, SummarySentence
from storelock import lock_is_held, write_locked


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
        store.add_articles([_article("a")])
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


# --------------------------------------------------------------------------- schema versions

# The schema of the stores made before schema versions (copied from newsfuse.store.sqlite as it was):
# created with IF NOT EXISTS on every open, PRAGMA user_version left at 0.
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    published TEXT,
    text TEXT NOT NULL,
    removed TEXT NOT NULL,
    duplicate_of TEXT,
    metadata TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS parsed (
    article_id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL,
    title TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles(article_id);
CREATE TABLE IF NOT EXISTS vectors (
    article_id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_thread ON stories(thread_id);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_items (
    article_id TEXT PRIMARY KEY,
    published TEXT,
    vector TEXT NOT NULL,
    lookup TEXT NOT NULL,
    links TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_df (
    key TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cluster_postings (
    key TEXT NOT NULL,
    published TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (key, published, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ann_keys (
    key INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL UNIQUE,
    model TEXT NOT NULL
);
"""


def _old_store(db: Path) -> None:
    """A store as the code before schema versions left it: WAL, the old tables, a row in each."""
    article = _article("a")
    parsed = ParsedArticle(article=article, sentences=(), mentions=(), terms=("body", "text"))
    story = replace(_story("s1", ("a",)), title="Harbour cranes stopped",
                    summary=(SummarySentence("Dockers walked out at Port Velden.", ()),),
                    entities=(Entity("e1", "Velden Dock Union", "ORG", ("the dockers' union", "VDU"), ()),))
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(OLD_SCHEMA)
        conn.execute("INSERT INTO meta (name, value) VALUES ('token', 'old-token'), ('cluster_state', 'v-old')")
        conn.execute("INSERT INTO articles (id, source, url, title, published, text, removed, duplicate_of, metadata) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     ("a", article.source, None, article.title, article.published, article.text,
                      json.dumps(list(article.removed)), None, json.dumps(article.metadata)))
        conn.execute("INSERT INTO parsed VALUES (?, ?, ?, ?)",
                     ("a", text_hash(article.text), "v1", TypeAdapter(ParsedArticle).dump_json(parsed).decode()))
        conn.execute("INSERT INTO stories VALUES (?, ?, ?, ?)",
                     (story.id, story.thread_id, story.title, TypeAdapter(Story).dump_json(story).decode()))
        conn.execute("INSERT INTO story_articles VALUES ('s1', 'a')")
        conn.execute("INSERT INTO vectors VALUES (?, ?, ?, ?)",
                     ("a", text_hash("the text"), "m", array("f", (0.5, -0.25)).tobytes()))
        conn.execute("INSERT INTO cluster_items VALUES ('a', '2024-01-02', '{\"body\": 1.0}', '[\"body\"]', '[0.5]')")
        conn.execute("INSERT INTO cluster_df VALUES ('body', 1)")
        conn.execute("INSERT INTO cluster_postings VALUES ('body', '2024-01-02', 'a')")
        conn.execute("INSERT INTO ann_keys (article_id, model) VALUES ('a', 'm')")


def _user_version(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def test_new_store_runs_every_migration(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    with Store(db) as store:
        assert len(store.token) == 32
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == MIGRATIONS[-1].version
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def test_store_made_before_versions_is_upgraded_in_place(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    _old_store(db)
    assert _user_version(db) == 0
    with Store(db) as store:
        assert store.token == "old-token" and store.meta("cluster_state") == "v-old"
        assert store.articles() == [_article("a")]
        assert store.cached_parses([_article("a")], "v1")["a"].terms == ("body", "text")
        assert [s.id for s in store.stories()] == ["s1"] and store.story_members(["s1"]) == {"s1": ["a"]}
        assert store.cached_vectors({"a": "the text"}, "m") == {"a": (0.5, -0.25)}
        assert store.cluster_rows(["a"])["a"].links == (0.5,)
        assert store.document_frequencies(["body"]) == {"body": 1}
        assert store.posting_hits(["body"], "2024-01-02", 4) == {"a": 1}
        assert store.ann_keys("m") == [1]
        # the old stories are searchable: the search index was filled from them
        assert _found(store, q="harbour cranes") == ["s1"] and _found(store, q="port velden") == ["s1"]
        assert _found(store, entity="dockers union") == ["s1"] and _found(store, entity="vdu") == ["s1"]
        store.add_articles([_article("b")])  # and it takes new writes
    assert _user_version(db) == SCHEMA_VERSION and _search_index_problems(db) == []
    with Store(db) as store:  # a second open finds it current and changes nothing
        assert [a.id for a in store.articles()] == ["a", "b"] and store.token == "old-token"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "future.sqlite"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    for readonly in (False, True):
        with pytest.raises(StoreError, match="newer than this newsfuse knows"):
            Store(db, readonly=readonly)
    assert _user_version(db) == SCHEMA_VERSION + 1


def test_file_of_another_program_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a newsfuse store"):
        Store(db)
    assert _user_version(db) == 0
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["invoices"]


# --------------------------------------------------------------------------- story search (FTS5)


def _searchable(sid: str, ids: tuple[str, ...], title: str, summary: tuple[str, ...] = (),
                names: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Story:
    return replace(_story(sid, ids), title=title, summary=tuple(SummarySentence(t, ()) for t in summary),
                   entities=tuple(Entity(f"{sid}-e{i}", n, "ORG", aliases, ()) for i, (n, aliases) in enumerate(names)))


def _search_index_problems(db: Path) -> list[str]:
    """What is wrong with the search index of a store: FTS5's own check, and the pieces vs the stories."""
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO story_search (story_search) VALUES ('integrity-check')")  # raises if corrupt
        indexed = {r[0] for r in conn.execute("SELECT DISTINCT story_id FROM story_text")}
        stored = {r[0] for r in conn.execute("SELECT id FROM stories")}
    return [] if indexed == stored else [f"indexed {sorted(indexed)}, stored {sorted(stored)}"]


def _found(store: Store, **filters: str) -> list[str]:
    return sorted(s.id for s in store.find_stories(**filters, limit=100)[0])


def test_story_search_follows_every_story_write(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    with Store(db) as store:
        store.save_stories([_searchable("s1", ("a", "b"), "Ferry aground off Kell Point"),
                            _searchable("s2", ("c",), "Tram strike in Osterby")])
        assert _found(store, q="ferry") == ["s1"] and _found(store, q="tram") == ["s2"]
        store.save_stories([_searchable("s3", ("b", "d"), "Ferry refloated at Kell Point")])  # replaces s1
        assert _found(store, q="aground") == [] and _found(store, q="refloated") == ["s3"]
        store.update_stories([_searchable("s2", ("c",), "Tram strike ends in Osterby")])  # same id, new text
        assert _found(store, q="ends") == ["s2"] and _found(store, q="tram strike") == ["s2"]
        assert _search_index_problems(db) == []
        store.replace_stories([_searchable("s4", ("e",), "Grain silo fire")])
        assert _found(store, q="tram") == [] and _found(store, q="silo") == ["s4"]
    assert _search_index_problems(db) == []


def test_story_search_matches_words_in_one_piece_of_text(tmp_path: Path) -> None:
    with Store(tmp_path / "x.sqlite") as store:
        store.save_stories([
            _searchable("s1", ("a",), "Landslide closes the São Tomé road",
                        ("Crews cleared the road on Monday.", "Schools stayed shut."),
                        (("Regional Roads Agency", ("the agency", "RRA")),)),
            _searchable("s2", ("b",), "Mayor's budget passes", ("The council voted 7-2.",),
                        (("Ilse Marr", ("Mayor Marr",)),)),
        ])
        assert _found(store, q="LANDSLIDE") == ["s1"]  # case-insensitive
        assert _found(store, q="sao tome") == ["s1"] and _found(store, q="São Tomé") == ["s1"]  # accents
        assert _found(store, q="landsl") == ["s1"]  # the last word is a prefix
        assert _found(store, q="cleared the road") == ["s1"]  # a summary sentence
        assert _found(store, q="road crews") == []  # words in order ...
        assert _found(store, q="monday schools") == []  # ... within one sentence, not across two
        assert _found(store, q="andslide") == []  # words, not substrings
        assert _found(store, q="mayor's budget") == ["s2"] and _found(store, q="7-2") == ["s2"]
        assert _found(store, entity="regional roads") == ["s1"] and _found(store, entity="rra") == ["s1"]
        assert _found(store, entity="mayor marr") == ["s2"] and _found(store, entity="landslide") == []
        assert _found(store, q="the", entity="marr") == ["s2"]  # both filters
        assert store.find_stories(q="road", limit=100)[1] == 1


def test_story_search_takes_any_input_literally(tmp_path: Path) -> None:
    """FTS5 query syntax in user input is never interpreted: no error, and nothing searchable matches nothing."""
    with Store(tmp_path / "x.sqlite") as store:
        store.save_stories([_searchable("s1", ("a",), "Near the dam: water levels AND rain", ("Rain OR snow",)),
                            _searchable("s2", ("b",), "Quiet week")])
        for nothing in ('"', '""', "*", ":", "(", ")", "^", "-", "+", "\x00", "%00", "%_", "'", "{title}:", "😀",
                        "\\", "*:*", "\t\n"):
            assert _found(store, q=nothing) == [], nothing
            assert _found(store, entity=nothing) == [], nothing
        assert _found(store, q="NEAR") == ["s1"] and _found(store, q="near the") == ["s1"]
        assert _found(store, q='NEAR("water" rain)') == []  # "near water rain" is not in the text
        assert _found(store, q="levels AND") == ["s1"] and _found(store, q="rain OR") == ["s1"]
        assert _found(store, q='"dam:"') == ["s1"] and _found(store, q="dam*") == ["s1"]
        assert _found(store, q="title:quiet") == [] and _found(store, q="quiet\x00week") == ["s2"]
        assert _found(store, q="NOT quiet") == []


# --------------------------------------------------------------------------- readers


def _file_state(db: Path) -> tuple[bytes, bytes]:
    """The bytes of the store file and of its write-ahead log (what a write would change; a reader may
    leave an empty log where there was none: SQLite's WAL bookkeeping, not a write)."""
    wal = db.with_name(db.name + "-wal")
    return db.read_bytes(), wal.read_bytes() if wal.exists() else b""


def test_readonly_store_reads_and_never_writes(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    with Store(db) as store:
        store.add_articles([_article("a")])
        store.save_stories([_searchable("s1", ("a",), "Ferry aground")])
    before = _file_state(db)
    with Store(db, readonly=True) as reader:
        assert reader.readonly and [s.id for s in reader.stories()] == ["s1"]
        assert _found(reader, q="ferry") == ["s1"] and reader.counts()["articles"] == 1
        for write in (lambda: reader.add_articles([_article("b")]), lambda: reader.set_meta("x", "1"),
                      lambda: reader.save_stories([]), lambda: reader.ann_assign(["a"], "m")):
            with pytest.raises(StoreError, match="read-only"):
                write()
    assert _file_state(db) == before
    with pytest.raises(StoreError, match="cannot open store"):
        Store(tmp_path / "missing.sqlite", readonly=True)
    assert not (tmp_path / "missing.sqlite").exists()


def test_readonly_open_of_an_older_store_is_refused_untouched(tmp_path: Path) -> None:
    """Decided: a reader does not migrate (that would write) nor half-read an old schema; it refuses and
    says how to upgrade. A writer (`newsfuse migrate`, any ingest, the server starting) upgrades it."""
    db = tmp_path / "old.sqlite"
    _old_store(db)
    before = _file_state(db)
    with pytest.raises(StoreError, match="newsfuse migrate --db"):
        Store(db, readonly=True)
    assert _file_state(db) == before and _user_version(db) == 0

    runner = CliRunner()
    refused = runner.invoke(cli.main, ["stats", "--db", str(db)])
    assert refused.exit_code == 1 and "newsfuse migrate" in refused.output
    assert runner.invoke(cli.main, ["migrate", "--db", str(db)]).exit_code == 0
    counts = runner.invoke(cli.main, ["stats", "--db", str(db), "--format", "json"])
    assert counts.exit_code == 0 and json.loads(counts.output)["stories"] == 1
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    with pytest.raises(StoreError, match="holds no newsfuse store"):
        Store(empty, readonly=True)


def test_readers_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    """While another connection holds the write lock, a read-only store opens and lists stories at
    once (so does a writable one: opening a current store writes nothing)."""
    db = tmp_path / "x.sqlite"
    with Store(db) as store:
        store.save_stories([_searchable("s1", ("a",), "Ferry aground"), _searchable("s2", ("b",), "Tram strike")])
    with write_locked(db, seconds=3.0) as until:
        assert lock_is_held(db)
        started = time.monotonic()
        with Store(db, readonly=True) as reader:
            assert [s.id for s in reader.stories()] == ["s1", "s2"]
            assert reader.find_stories(q="tram")[1] == 1
        read_seconds = time.monotonic() - started
        with Store(db) as writer:
            assert writer.story_count() == 2
        assert time.monotonic() < until and lock_is_held(db)  # all of it while the lock was held
    assert read_seconds < 1.0, read_seconds
