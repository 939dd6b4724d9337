"""The word lists newsfuse reads English with, kept as data files beside this module.

Rules live in code; the words they look for live here, one TOML file a topic (``numbers.toml``,
``time.toml`` ...) and the alias lexicon as JSON (``aliases.json``), the way spaCy keeps language data
apart from its components. Every table is read through this module, so a test can check that no
entry of a file is left unread (``used``), and a file is parsed once per process.

Accessors type the value they hand out: ``words`` a frozenset (a TOML string is split on whitespace,
so long lists read as prose), ``sequence`` a tuple in file order (for regex alternations, where
order matters), ``numbers`` a str -> float mapping, ``mapping`` a str -> str mapping, ``value`` the raw
value for anything else.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["mapping", "numbers", "sequence", "tables", "used", "value", "words"]

_used: set[tuple[str, str]] = set()


@cache
def _file(name: str) -> Mapping[str, Any]:
    """One data file, parsed: ``name`` without its suffix (``numbers`` -> numbers.toml or numbers.json)."""
    folder = resources.files(__package__)
    for suffix, parse in ((".toml", tomllib.loads), (".json", json.loads)):
        path = folder.joinpath(name + suffix)
        if path.is_file():
            data: Mapping[str, Any] = parse(path.read_text(encoding="utf-8"))
            return data
    raise KeyError(f"no lexicon file {name!r}")


def value(name: str, key: str) -> Any:
    """The raw value of table ``key`` of file ``name``."""
    _used.add((name, key))
    return _file(name)[key]


def words(name: str, key: str) -> frozenset[str]:
    """A set of words: a list, or a string of words separated by white space."""
    raw = value(name, key)
    return frozenset(raw.split() if isinstance(raw, str) else raw)


def sequence(name: str, key: str) -> tuple[str, ...]:
    """Words (or patterns) in file order."""
    raw = value(name, key)
    return tuple(raw.split() if isinstance(raw, str) else raw)


def numbers(name: str, key: str) -> dict[str, float]:
    """A word -> number table (integers stay integers)."""
    return dict(value(name, key))


def mapping(name: str, key: str) -> dict[str, str]:
    """A word -> word table."""
    return {str(k): str(v) for k, v in value(name, key).items()}


def tables() -> dict[str, tuple[str, ...]]:
    """Every data file and the tables it holds."""
    folder = resources.files(__package__)
    found: dict[str, tuple[str, ...]] = {}
    for entry in folder.iterdir():
        stem, _, suffix = entry.name.rpartition(".")
        if suffix in {"toml", "json"}:
            found[stem] = tuple(_file(stem).keys())
    return found


def used() -> frozenset[tuple[str, str]]:
    """The (file, table) pairs read so far in this process."""
    return frozenset(_used)
