"""The PostgreSQL store: the SQLite store's behaviour on a server, its migrations, its text search, its
write lock, and two concurrent `newsfuse ingest` processes into one store.

They need a PostgreSQL server: NEWSFUSE_TEST_PG=postgresql://USER@HOST:PORT/DB names a database the
tests may create schemas in (`.ci/run` starts a throw-away cluster and sets it). Without it, or when the
server cannot be reached, they skip, saying why; with NEWSFUSE_REQUIRE_PG=1 (CI) they fail instead. Each
test works in a schema of its own (``?options=-csearch_path%3D...``), dropped afterwards. The behaviour
tests run on both back-ends (``location``: an SQLite file or a PostgreSQL schema).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsfuse import cli
from newsfuse.config import Settings
from newsfuse.errors import StoreError
from newsfuse.store import SCHEMA_VERSION, Store
from newsfuse.types import Entity, ParsedArticle
from test_store import _article, _found, _searchable, _story

psycopg = pytest.importorskip("psycopg", reason="psycopg (the PostgreSQL driver) is not installed")

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "demo"
SETTINGS = Settings.from_env()  # as the `newsfuse ingest` processes below will run


def _server() -> str:
    """The URL of the test server's database, or a skip (a failure with NEWSFUSE_REQUIRE_PG=1) saying why not."""
    url = os.environ.get("NEWSFUSE_TEST_PG", "")
    reason = None
    if not url:
        reason = "NEWSFUSE_TEST_PG is not set: no PostgreSQL server to test against (.ci/run starts one)"
    else:
        try:
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.Error as exc:
            reason = f"the PostgreSQL server of NEWSFUSE_TEST_PG cannot be reached: {str(exc).strip()[:200]}"
    if reason is not None:
        if os.environ.get("NEWSFUSE_REQUIRE_PG") == "1":
            pytest.fail(f"NEWSFUSE_REQUIRE_PG=1 but {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture(scope="session")
def pg_server() -> str:
    return _server()


def in_schema(url: str, schema: str) -> str:
    """The URL of a store in `schema` of the database at `url`."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@contextmanager
def fresh_schema(server: str) -> Iterator[str]:
    """A new, empty schema of the test database (dropped afterwards); yields a store URL into it."""
    schema = f"nf_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield in_schema(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    with fresh_schema(pg_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a new store goes: a file, or an empty schema of the test server."""
    if request.param == "sqlite":
        yield str(tmp_path / "x.sqlite")
        return
    with fresh_schema(request.getfixturevalue("pg_server")) as url:
        yield url


def _sql(url: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(query, params or None)
        return cursor.fetchall() if cursor.description else []


# --------------------------------------------------------------------------- the same behaviour on both


def test_articles_are_stored_once(location: str) -> None:
    with Store(location) as store:
        assert store.add_articles([_article("a"), _article("b")]) == 2
        assert store.add_articles([_article("a"), _article("b"), _article("c")]) == 1
    with Store(location) as store:
        assert [a.id for a in store.articles()] == ["a", "b", "c"]
        assert store.articles(["b"])[0] == _article("b")
        assert store.article("zz") is None and store.article_count() == 3


def test_parse_cache_follows_text(location: str) -> None:
    with Store(location) as store:
        store.add_articles([_article("a")])
        parsed = ParsedArticle(article=_article("a"), sentences=(), mentions=(), terms=("body", "text"))
        store.put_parses([parsed], "v1")
        assert store.cached_parses([_article("a")], "v1")["a"].terms == ("body", "text")
        assert store.cached_parses([_article("a", text="Edited text now.")], "v1") == {}
        assert store.cached_parses([_article("a")], "v2") == {}
        # a parse of another text than the stored one is not kept
        other = ParsedArticle(article=_article("a", text="Another text."), sentences=(), mentions=(), terms=("x",))
        store.put_parses([other], "v3")
        assert store.cached_parses([_article("a", text="Another text.")], "v3") == {}


def test_story_replaces_overlapping_stories(location: str) -> None:
    with Store(location) as store:
        store.save_stories([_story("s1", ("a", "b")), _story("s2", ("c",))])
        store.save_stories([_story("s3", ("b", "d"))])
        assert sorted(s.id for s in store.stories()) == ["s2", "s3"]
        assert store.story_members(["s3", "s2"]) == {"s3": ["b", "d"], "s2": ["c"]}
        assert store.story_ids_of_articles(["a", "b"]) == {"a": [], "b": ["s3"]}
        assert store.counts()["stories"] == 2 and store.thread_stories(["thr"]) == {"thr": ["s2", "s3"]}


def test_vectors_and_index_keys(location: str) -> None:
    with Store(location) as store:
        store.put_vectors({"a": ("the text", (0.5, -0.25, 1.0)), "b": ("b text", (1.0, 0.0, 0.0))}, "model-1")
        assert store.cached_vectors({"a": "the text"}, "model-1") == {"a": (0.5, -0.25, 1.0)}
        assert store.cached_vectors({"a": "an edited text"}, "model-1") == {}
        assert store.cached_vectors({"a": "the text"}, "model-2") == {}
        keys = store.ann_assign(["a", "b"], "model-1")
        assert store.ann_keys("model-1") == sorted(keys.values())
        assert store.ann_vectors([keys["a"]]) == {keys["a"]: (0.5, -0.25, 1.0)}
        store.put_vectors({"b": ("b text", (1.0, 0.0, 0.0))}, "model-1")  # the same vector again keeps its key
        assert store.ann_articles(list(keys.values())) == {keys["a"]: "a", keys["b"]: "b"}
        store.put_vectors({"a": ("new text", (0.0, 1.0, 0.0))}, "model-1")  # a changed vector loses its key
        assert store.ann_articles(list(keys.values())) == {keys["b"]: "b"}
        again = store.ann_assign(["a"], "model-1")["a"]
        assert again > max(keys.values())  # keys are never reused
        assert store.ann_signature("model-1") == (2, again)


def test_clustering_state(location: str) -> None:
    from newsfuse.store import ClusterRow

    rows = [ClusterRow("a", "2024-01-02", {"fire": 0.8, "dunmore": 0.6}, ("fire", "dunmore"), (0.5,)),
            ClusterRow("b", None, {"fire": 1.0}, ("fire",), ())]
    with Store(location) as store:
        store.reset_cluster_state(rows, "v1")
        assert store.meta("cluster_state") == "v1" and store.cluster_count() == 2
        store.add_cluster_rows([ClusterRow("c", "2024-01-03", {"fire": 1.0}, ("fire",), ())])
        assert store.document_frequencies(["fire", "dunmore", "none"]) == {"fire": 3, "dunmore": 1}
        assert store.posting_hits(["fire"], "2024-01-02", 4) == Counter({"a": 1, "b": 1, "c": 1})
        store.set_links({"b": (0.25, 0.125)})
        assert store.cluster_rows(["b"])["b"].links == (0.25, 0.125) and store.cluster_count() == 3
        store.save_stories([_story("s1", ("a",))])  # a story written outside the incremental path ...
        assert store.meta("cluster_state") is None  # ... makes the state invalid


def test_find_articles_filters_and_pages(location: str) -> None:
    with Store(location) as store:
        store.add_articles([replace(_article(f"a{i}"), published=f"2024-01-{10 + i}", title=f"Ferry {i}",
                                    source="Coast News" if i % 2 else "Valley Post") for i in range(5)]
                           + [replace(_article("undated"), published=None, title="100% sure_thing")])
        page, total = store.find_articles(limit=2)
        assert total == 6 and [a.id for a in page] == ["a4", "a3"]  # newest first, undated last
        assert [a.id for a in store.find_articles(offset=5)[0]] == ["undated"]
        assert store.find_articles(q="FERRY 3")[1] == 1  # case-insensitive substring
        assert store.find_articles(q="100%")[1] == 1 and store.find_articles(q="0%")[1] == 1
        assert store.find_articles(q="y_t")[1] == 0 and store.find_articles(q="e_t")[1] == 1 and store.find_articles(q="%")[1] == 1  # wildcards literal
        assert store.find_articles(source="Coast News")[1] == 2
        assert store.find_articles(q="x\x00y")[1] == 0


def test_story_search_follows_every_story_write(location: str) -> None:
    with Store(location) as store:
        store.save_stories([_searchable("s1", ("a", "b"), "Ferry aground off Kell Point"),
                            _searchable("s2", ("c",), "Tram strike in Osterby")])
        assert _found(store, q="ferry") == ["s1"] and _found(store, q="tram") == ["s2"]
        store.save_stories([_searchable("s3", ("b", "d"), "Ferry refloated at Kell Point")])  # replaces s1
        assert _found(store, q="aground") == [] and _found(store, q="refloated") == ["s3"]
        store.update_stories([_searchable("s2", ("c",), "Tram strike ends in Osterby")])  # same id, new text
        assert _found(store, q="ends") == ["s2"] and _found(store, q="tram strike") == ["s2"]
        store.replace_stories([_searchable("s4", ("e",), "Grain silo fire")])
        assert _found(store, q="tram") == [] and _found(store, q="silo") == ["s4"]


def test_story_search_matches_words_in_one_piece_of_text(location: str) -> None:
    with Store(location) as store:
        store.save_stories([
            _searchable("s1", ("a",), "Landslide closes the São Tomé road",
                        ("Crews cleared the road on Monday.", "Schools stayed shut."),
                        (("Regional Roads Agency", ("the agency", "RRA")),)),
            _searchable("s2", ("b",), "Mayor's budget passes", ("The council voted 7-2.",),
                        (("Ilse Marr", ("Mayor Marr",)),)),
        ])
        assert _found(store, q="LANDSLIDE") == ["s1"]
        assert _found(store, q="sao tome") == ["s1"] and _found(store, q="São Tomé") == ["s1"]
        assert _found(store, q="landsl") == ["s1"]
        assert _found(store, q="cleared the road") == ["s1"]
        assert _found(store, q="road crews") == []
        assert _found(store, q="monday schools") == []
        assert _found(store, q="andslide") == []
        assert _found(store, q="mayor's budget") == ["s2"] and _found(store, q="7-2") == ["s2"]
        assert _found(store, entity="regional roads") == ["s1"] and _found(store, entity="rra") == ["s1"]
        assert _found(store, entity="mayor marr") == ["s2"] and _found(store, entity="landslide") == []
        assert _found(store, q="the", entity="marr") == ["s2"]
        assert store.find_stories(q="road", limit=100)[1] == 1


def test_story_search_takes_any_input_literally(location: str) -> None:
    with Store(location) as store:
        store.save_stories([_searchable("s1", ("a",), "Near the dam: water levels AND rain", ("Rain OR snow",)),
                            _searchable("s2", ("b",), "Quiet week")])
        for nothing in ('"', '""', "*", ":", "(", ")", "^", "-", "+", "\x00", "%00", "%_", "'", "{title}:", "😀",
                        "\\", "*:*", "\t\n", "&", "|", "!", "<->", "':*"):
            assert _found(store, q=nothing) == [], nothing
            assert _found(store, entity=nothing) == [], nothing
        assert _found(store, q="NEAR") == ["s1"] and _found(store, q="near the") == ["s1"]
        assert _found(store, q='NEAR("water" rain)') == []
        assert _found(store, q="levels AND") == ["s1"] and _found(store, q="rain OR") == ["s1"]
        assert _found(store, q='"dam:"') == ["s1"] and _found(store, q="dam*") == ["s1"]
        assert _found(store, q="title:quiet") == [] and _found(store, q="quiet\x00week") == ["s2"]
        assert _found(store, q="NOT quiet") == [] and _found(store, q="dam & !rain") == []


def test_story_filters_by_date_and_thread(location: str) -> None:
    from newsfuse.types import Event

    event = Event(id="ev1", description="the road closed", date="2024-03", date_text="in March", location=None,
                  article_ids=("b",), claim_ids=())
    with Store(location) as store:
        store.add_articles([replace(_article("a"), published="2024-01-02"), replace(_article("b"), published=None)])
        store.save_stories([replace(_story("s1", ("a",)), thread_id="t1"),
                            replace(_story("s2", ("b",)), thread_id="t2", events=(event,))])
        assert _found(store, date_from="2024-01-02", date_to="2024-01-02") == ["s1"]
        assert _found(store, date_from="2024-03-15") == ["s2"] and _found(store, date_to="2023") == []
        assert _found(store, date_from="2024") == ["s1", "s2"] and _found(store, thread="t2") == ["s2"]


def test_readonly_store_reads_and_never_writes(location: str) -> None:
    with Store(location) as store:
        store.add_articles([_article("a")])
        store.save_stories([_searchable("s1", ("a",), "Ferry aground")])
    with Store(location, readonly=True) as reader:
        assert reader.readonly and [s.id for s in reader.stories()] == ["s1"]
        assert _found(reader, q="ferry") == ["s1"] and reader.counts()["articles"] == 1
        for write in (lambda: reader.add_articles([_article("b")]), lambda: reader.set_meta("x", "1"),
                      lambda: reader.save_stories([]), lambda: reader.ann_assign(["a"], "m")):
            with pytest.raises(StoreError, match="read-only"):
                write()
        assert reader.article_count() == 1


# --------------------------------------------------------------------------- PostgreSQL: schema and connection


def test_new_store_runs_every_migration(pg_url: str) -> None:
    with Store(pg_url) as store:
        assert len(store.token) == 32 and int(store.token, 16) >= 0
    assert _sql(pg_url, "SELECT version FROM newsfuse_schema") == [(SCHEMA_VERSION,)]
    tables = {r[0] for r in _sql(pg_url, "SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = current_schema()")}
    assert tables >= {"articles", "parsed", "stories", "story_articles", "vectors", "meta", "cluster_items",
                      "cluster_df", "cluster_postings", "ann_keys", "story_text", "newsfuse_schema"}
    indexes = {r[0]: r[1] for r in _sql(pg_url, "SELECT indexname, indexdef FROM pg_indexes "
                                                "WHERE schemaname = current_schema()")}
    assert "USING gin (words)" in indexes["story_search"]
    with Store(pg_url) as store:  # a second open changes nothing
        token = store.token
    with Store(pg_url, readonly=True) as reader:
        assert reader.token == token


def test_stores_in_two_schemas_are_apart(pg_server: str) -> None:
    with fresh_schema(pg_server) as one, fresh_schema(pg_server) as two, Store(one) as first, Store(two) as second:
        first.add_articles([_article("a")])
        assert second.article_count() == 0 and first.token != second.token


def test_concurrent_first_opens_make_one_store(pg_url: str) -> None:
    tokens: list[str] = []
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            with Store(pg_url) as store:
                tokens.append(store.token)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(tokens) == 4 and len(set(tokens)) == 1
    assert _sql(pg_url, "SELECT version FROM newsfuse_schema") == [(SCHEMA_VERSION,)]


def test_newer_schema_is_refused(pg_url: str) -> None:
    Store(pg_url).close()
    _sql(pg_url, "UPDATE newsfuse_schema SET version = %s", (SCHEMA_VERSION + 1,))
    for readonly in (False, True):
        with pytest.raises(StoreError, match="newer than this newsfuse knows"):
            Store(pg_url, readonly=readonly)


def test_schema_of_another_program_is_refused(pg_url: str) -> None:
    _sql(pg_url, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a newsfuse store.*invoices"):
        Store(pg_url)
    tables = [r[0] for r in _sql(pg_url, "SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = current_schema()")]
    assert tables == ["invoices"]


def test_readonly_open_of_an_empty_or_older_store_is_refused(pg_url: str) -> None:
    with pytest.raises(StoreError, match="holds no newsfuse store yet"):
        Store(pg_url, readonly=True)
    with Store(pg_url) as store:
        store.save_stories([replace(_searchable("s1", ("a",), "Harbour cranes stopped"),
                                    entities=(Entity("e1", "Velden Dock Union", "ORG", ("VDU",), ()),))])
    # the store as version 1 left it: no search table
    _sql(pg_url, "DROP TABLE story_text")
    _sql(pg_url, "UPDATE newsfuse_schema SET version = 1")
    with pytest.raises(StoreError, match="newsfuse migrate --db"):
        Store(pg_url, readonly=True)
    runner = CliRunner()
    assert runner.invoke(cli.main, ["stats", "--db", pg_url]).exit_code == 1
    migrated = runner.invoke(cli.main, ["migrate", "--db", pg_url])
    assert migrated.exit_code == 0, migrated.output
    with Store(pg_url, readonly=True) as reader:  # the stories stored before are searchable
        assert _found(reader, q="harbour cranes") == ["s1"] and _found(reader, entity="vdu") == ["s1"]
    counts = runner.invoke(cli.main, ["stats", "--db", pg_url, "--format", "json"])
    assert counts.exit_code == 0 and json.loads(counts.output)["stories"] == 1


def test_password_never_shows_in_messages() -> None:
    url = "postgresql://newsfuse:s3cret-word@127.0.0.1:1/nowhere?connect_timeout=3"
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert "s3cret-word" not in str(caught.value) and "cannot open store" in str(caught.value)
    result = CliRunner().invoke(cli.main, ["stats", "--db", url])
    assert result.exit_code == 1 and "s3cret-word" not in result.output


def test_a_lost_server_is_a_store_error(pg_url: str) -> None:
    with Store(pg_url) as store:
        pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        _sql(pg_url, "SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError, match="cannot be read"):
            store.articles()
        with pytest.raises(StoreError):
            store.add_articles([_article("a")])


# --------------------------------------------------------------------------- the write lock, readers


@contextmanager
def write_locked(url: str) -> Iterator[Any]:
    """Hold the store's write lock from another session, with an uncommitted write; yields that session."""
    from newsfuse.store.postgres import LOCK

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("BEGIN")
        conn.execute(LOCK)
        conn.execute("INSERT INTO meta (name, value) VALUES ('lock-test', 'pending')")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")


def _waiting_for_lock(url: str) -> int:
    """Sessions waiting for an advisory lock in the test database."""
    return int(_sql(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                         "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")[0][0])


def test_readers_never_wait_and_writers_queue(pg_url: str) -> None:
    with Store(pg_url) as store:
        store.save_stories([_searchable("s1", ("a",), "Ferry aground")])
    done = threading.Event()

    def write() -> None:
        with Store(pg_url) as writer:
            writer.set_meta("queued", "yes")
        done.set()

    with write_locked(pg_url):
        with Store(pg_url, readonly=True) as reader:  # while the lock is held: reads at once, sees committed
            assert [s.id for s in reader.stories()] == ["s1"] and reader.meta("lock-test") is None
        with Store(pg_url) as opened:  # opening a current store for writing takes no lock either
            assert opened.story_count() == 1
        thread = threading.Thread(target=write)
        thread.start()
        for _ in range(100):
            if _waiting_for_lock(pg_url):
                break
            threading.Event().wait(0.1)
        assert _waiting_for_lock(pg_url) == 1 and not done.is_set()  # the writer queues behind the lock
    thread.join(30)
    assert done.is_set()
    with Store(pg_url, readonly=True) as reader:
        assert reader.meta("queued") == "yes" and reader.meta("lock-test") is None


def test_read_then_write_transactions_of_many_writers_lose_nothing(location: str) -> None:
    """Writers that read a value and write it back changed (as an add reads the clustering state and
    writes stories) queue on the store's lock: none works from a state another one is changing."""
    Store(location).close()
    errors: list[BaseException] = []

    def count(times: int) -> None:
        try:
            with Store(location) as store:
                for _ in range(times):
                    with store.transaction():
                        seen = int(store.meta("counter") or 0)
                        store.add_articles([_article(f"w{seen}")])
                        store.set_meta("counter", str(seen + 1))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=count, args=(15,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with Store(location, readonly=True) as store:
        assert store.meta("counter") == "60" and store.article_count() == 60


def test_vector_index_is_built_in_memory_from_the_tables(pg_url: str, tmp_path: Path) -> None:
    from newsfuse.store.index import VectorIndex, forget, index_path

    vectors = {f"a{i}": tuple(float(i == j) for j in range(8)) for i in range(8)}
    with Store(pg_url) as store:
        store.put_vectors({aid: (aid, v) for aid, v in vectors.items()}, "m")
        store.ann_assign(sorted(vectors)[:6], "m")
        assert index_path(store) is None
        index = VectorIndex.open(store, "m")
        assert len(index) == 6 and index.search(vectors["a2"], 1)[0][0] == "a2"
    with Store(pg_url) as other:  # another process's writer adds keys ...
        other.ann_assign(sorted(vectors)[6:], "m")
    with Store(pg_url, readonly=True) as reader:  # ... and the next open brings this process's index up to date
        again = VectorIndex.open(reader, "m")
        assert len(again) == 8 and again.search(vectors["a7"], 1)[0][0] == "a7" and len(index) == 6
        forget(reader)
    assert not any(Path(".").glob("*.usearch")) and not any(tmp_path.iterdir())


# --------------------------------------------------------------------------- pipeline, CLI, server


def test_server_reads_a_postgresql_store(pg_url: str) -> None:
    from fastapi.testclient import TestClient

    from newsfuse.server import create_app

    with Store(pg_url) as store:
        store.add_articles([_article("a")])
        store.save_stories([_searchable("s1", ("a",), "Ferry aground off Kell Point")])
    client = TestClient(create_app(pg_url), base_url="http://127.0.0.1")
    found = client.get("/api/stories", params={"q": "kell point"})
    assert found.status_code == 200, found.text
    assert "s1" in found.text and client.get("/api/stories", params={"q": "tram"}).status_code == 200


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _parts(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """The demo corpus as a base the store holds first and two halves of the rest (alternate records, so
    both halves feed the same stories, and the syndicated copy demo-009 lands in another half than its
    original demo-008), each half with one of the extra files."""
    lines = (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    base = _write_jsonl(folder / "base.jsonl", lines[:4])
    first = _write_jsonl(folder / "first.jsonl", lines[4::2])
    second = _write_jsonl(folder / "second.jsonl", lines[5::2])
    extra = sorted((DEMO / "extra").iterdir())
    return [str(base)], [str(first), str(extra[0])], [str(second), *map(str, extra[1:])]


def _ingest_process(inputs: list[str], url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen([sys.executable, "-m", "newsfuse.cli", "ingest", *inputs, "--db", url, "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _membership_problems(url: str) -> list[str]:
    """Every stored article in exactly one story, whose stored membership matches its own article list,
    and the clustering state counting each clustered article once."""
    articles = {r[0] for r in _sql(url, "SELECT id FROM articles")}
    holders: dict[str, list[str]] = {}
    for story_id, article_id in _sql(url, "SELECT story_id, article_id FROM story_articles"):
        holders.setdefault(article_id, []).append(story_id)
    problems = [f"{a} is in {len(holders.get(a, []))} stories" for a in sorted(articles | holders.keys())
                if len(holders.get(a, [])) != 1 or a not in articles]
    stories = dict(_sql(url, "SELECT id, data FROM stories"))
    for story_id, data in stories.items():
        listed = set(json.loads(data)["article_ids"])
        held = {a for a, ids in holders.items() if story_id in ids}
        if listed != held:
            problems.append(f"story {story_id} lists {sorted(listed)} but holds {sorted(held)}")
    problems += [f"membership of a missing story {s}" for s in {s for ids in holders.values() for s in ids} - stories.keys()]
    searchable = {r[0] for r in _sql(url, "SELECT DISTINCT story_id FROM story_text")}
    if searchable != stories.keys():
        problems.append(f"search pieces of {sorted(searchable)} for the stories {sorted(stories)}")
    items = _sql(url, "SELECT COUNT(*) FROM cluster_items")[0][0]
    count = int(_sql(url, "SELECT value FROM meta WHERE name = 'cluster_count'")[0][0])
    df = dict(_sql(url, "SELECT key, df FROM cluster_df"))
    recount = Counter(k for (vector,) in _sql(url, "SELECT vector FROM cluster_items") for k in json.loads(vector))
    if count != items or df != dict(recount):
        problems.append(f"clustering state: cluster_count {count} for {items} items; df right: {df == dict(recount)}")
    return problems


def _export(db: str) -> dict[str, Any]:
    """The JSON report `newsfuse export` prints (it holds no timestamp: nothing to leave out)."""
    result = CliRunner().invoke(cli.main, ["export", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report


@pytest.mark.slow
def test_two_concurrent_ingests_equal_a_sequential_sqlite_ingest(pg_url: str, tmp_path: Path) -> None:
    """The must-show: two `newsfuse ingest` processes into one PostgreSQL store at once lose and mix
    nothing (every article in one story, memberships and clustering state consistent), and after
    `ingest --rebuild` the store's report equals a sequential SQLite ingest of the same inputs."""
    base, first, second = _parts(tmp_path)
    # The store first holds stories (and a valid clustering state), so that both processes add incrementally.
    runner = CliRunner()
    made = runner.invoke(cli.main, ["ingest", "--workers", "1", *base, "--db", pg_url])
    assert made.exit_code == 0, made.output
    with Store(pg_url, readonly=True) as store:
        assert store.story_count() and store.meta("cluster_state")
    # Both start while the test holds the write lock: each reads and parses its half, then waits for the
    # lock to store it; let go, they store, embed and place their articles turn by turn.
    with write_locked(pg_url):
        runs = [_ingest_process(first, pg_url), _ingest_process(second, pg_url)]
        for _ in range(600):
            if _waiting_for_lock(pg_url) == 2 or any(run.poll() is not None for run in runs):
                break
            threading.Event().wait(0.5)
        assert _waiting_for_lock(pg_url) == 2, "both ingests should be waiting for the write lock"
    outputs = [run.communicate(timeout=900) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-3000:] for _, err in outputs]
    assert _membership_problems(pg_url) == []
    with Store(pg_url, readonly=True) as store:
        assert store.article_count() == 20 and store.unplaced_articles() == []
        assert store.meta("cluster_state")  # the second add carried the first one's state on

    rebuilt = runner.invoke(cli.main, ["ingest", "--rebuild", "--workers", "1", *base, *first, *second,
                                       "--db", pg_url])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert _membership_problems(pg_url) == []

    sequential = str(tmp_path / "sequential.sqlite")
    for args in (base, first, second, ["--rebuild", *base, *first, *second]):
        result = runner.invoke(cli.main, ["ingest", "--workers", "1", *args, "--db", sequential])
        assert result.exit_code == 0, result.output
    on_server, in_file = _export(pg_url), _export(sequential)
    assert len(in_file["stories"]) >= 6 and len(in_file["articles"]) == 20
    assert [s["article_ids"] for s in on_server["stories"]] == [s["article_ids"] for s in in_file["stories"]]
    assert [s["facts"] for s in on_server["stories"]] == [s["facts"] for s in in_file["stories"]]
    assert on_server == in_file
