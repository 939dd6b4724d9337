"""The layout of the quantity reader and the claim-context rules: who may import whom, where the words
live, how large a module may grow. These hold the redesign in place: a story stage that reached into a
spaCy rule module, or a word table left in code, would fail here rather than drift back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

import newsfuse.nlp  # noqa: F401 - loads every rule module of the layout (for the lexicon's `used`)
import newsfuse.story.claims  # noqa: F401
import newsfuse.story.crosscheck  # noqa: F401
import newsfuse.story.timeline  # noqa: F401
from newsfuse import lexicon
from newsfuse.types import MeasureKind

SRC = Path(__file__).resolve().parents[1] / "src" / "newsfuse"
# modules of the extraction layout
MODULES = [*sorted((SRC / "extract" / "quantities").glob("*.py")), *sorted((SRC / "extract" / "timex").glob("*.py")),
           SRC / "timex.py",
           *(SRC / "extract" / f"{name}.py" for name in ("attribution", "measures", "places", "context", "clauses")),
           SRC / "placenames.py"]
WORD_FILES = ("quantities", "units", "reporting", "measures", "places")


def _imports(path: Path) -> list[ast.ImportFrom | ast.Import]:
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, (ast.Import, ast.ImportFrom))]


def test_story_stages_do_not_import_the_spacy_rules() -> None:
    """The story package works on plain data: its words come from the lexicon, shared helpers from leaves."""
    for path in sorted((SRC / "story").glob("*.py")):
        for node in _imports(path):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                assert not name.startswith(("newsfuse.extract", "newsfuse.nlp", "spacy")), (path.name, name)


def test_story_stages_load_without_spacy() -> None:
    code = ("import sys, newsfuse.story.claims, newsfuse.story.crosscheck, newsfuse.story.timeline, "
            "newsfuse.story.summarize; print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_is_over_600_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_keep_their_imports_at_the_top(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    inner = [n.lineno for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and id(n) not in top]
    assert not inner, f"imports inside functions at lines {inner}"


def test_no_private_name_crosses_a_module() -> None:
    for path in SRC.rglob("*.py"):
        for node in _imports(path):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsfuse"):
                private = [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
                assert not private, (path.relative_to(SRC), node.module, private)


def test_every_table_of_the_word_files_is_read() -> None:
    tables = lexicon.tables()
    unread = {(f, t) for f in WORD_FILES for t in tables[f]} - lexicon.used()
    assert not unread


def test_measure_labels_are_measure_kinds() -> None:
    """The labels the word files give measures are values of MeasureKind, which code compares against."""
    kinds = set(get_args(MeasureKind))
    assert set(lexicon.mapping("measures", "measures")) <= kinds
    assert set(lexicon.mapping("measures", "measure_nouns").values()) <= kinds
    assert lexicon.words("measures", "people_measures") <= kinds
