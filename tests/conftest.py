"""Shared fixtures: paths to the shared corpora and one spaCy model per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpora" / "seeds"
EVAL = SHARED / "eval"
DEMO = ROOT / "src" / "newsfuse" / "demo"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpora/seeds is not beside the repository")
    return SEEDS


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL.is_dir():
        pytest.skip("../shared/eval is not beside the repository")
    return EVAL


@pytest.fixture(scope="session")
def nlp():
    import spacy

    from newsfuse.config import SPACY_MODEL

    return spacy.load(SPACY_MODEL)
