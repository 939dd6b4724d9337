"""Word forms for labels, from the inflection tables shipped in lemminflect."""

from __future__ import annotations

import pytest

from newsfuse.inflection import participle, plural


@pytest.mark.parametrize(("noun", "expected"), [
    ("tank", "tanks"), ("rescue worker", "rescue workers"), ("people", "people"), ("militants", "militants"),
    ("sortie", "sorties"), ("4x4", "4x4"),
])
def test_plural(noun: str, expected: str) -> None:
    assert plural(noun) == expected


@pytest.mark.parametrize(("verb", "active", "expected"), [
    ("wait", True, "waiting"), ("sit", True, "sitting"), ("keep", False, "kept"), ("hold", False, "held"),
    ("flood", False, "flooded"),
])
def test_participle(verb: str, active: bool, expected: str) -> None:
    assert participle(verb, active) == expected
