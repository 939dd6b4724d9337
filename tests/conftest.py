"""Shared fixtures and markers.

Markers (registered in pyproject.toml):
- ``slow``: a test over a few seconds; ``pytest -m "not slow"`` is the inner loop (under a minute);
- ``needs_shared``: reads ``../shared`` (seeds, evaluation corpora) and skips cleanly without it; added
  here to every test that asks for ``shared_dir``, ``seeds_dir`` or ``eval_dir``;
- ``browser``: drives Chromium (``tests/test_browser.py``).

One spaCy model per session (the product's own, ``newsfuse.model.load_model``, so tests and the code
they call share it) and one store holding the demo corpus, built once; a test that changes a store
works on a copy (``demo_store_copy``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpora" / "seeds"
EVAL = SHARED / "eval"
DEMO = ROOT / "src" / "newsfuse" / "demo"

_SHARED_FIXTURES = frozenset({"shared_dir", "seeds_dir", "eval_dir"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _SHARED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.needs_shared)


def _beside(path: Path) -> Path:
    if not path.is_dir():
        pytest.skip(f"../shared/{path.relative_to(SHARED)} is not beside the repository")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _beside(SEEDS)


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    return _beside(EVAL)


@pytest.fixture(scope="session")
def nlp() -> Language:
    from newsfuse.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the demo corpus after one full build (its stories, threads and index). Read it;
    to change a store, take ``demo_store_copy``."""
    from newsfuse.config import Settings
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    path = tmp_path_factory.mktemp("demo-store") / "demo.sqlite"
    with Store(path) as store:
        added, _, report = ingest([str(DEMO)], store, Settings(), full=True)
    assert added >= 16 and report.stories
    return path


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a store and the index file beside it."""
    shutil.copyfile(source, target)
    index = Path(str(source) + ".usearch")
    if index.exists():
        shutil.copyfile(index, Path(str(target) + ".usearch"))
    return target


@pytest.fixture
def demo_store_copy(demo_store: Path, tmp_path: Path) -> Path:
    return copy_store(demo_store, tmp_path / "demo.sqlite")
