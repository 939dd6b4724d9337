"""The word lists in src/newsfuse/lexicon: every table is read by some module, and the loader types them."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import newsfuse
from newsfuse import lexicon


def _import_everything() -> None:
    for module in pkgutil.walk_packages(newsfuse.__path__, prefix="newsfuse."):
        importlib.import_module(module.name)


def test_every_table_is_read_somewhere() -> None:
    _import_everything()
    from newsfuse.names import default_lexicon

    default_lexicon()  # the alias lexicon is read on first use
    unread = {(name, key) for name, keys in lexicon.tables().items() for key in keys} - lexicon.used()
    assert not unread, f"tables no module reads: {sorted(unread)}"


def test_accessors_type_what_they_hand_out() -> None:
    assert lexicon.numbers("numbers", "ones")["twelve"] == 12
    assert "thousand" in lexicon.numbers("numbers", "scales")
    assert "spokesman" in lexicon.words("names", "titles")  # a string of words, split on white space
    rules = lexicon.value("boilerplate", "rules")
    assert rules[0]["kind"] == "comments"  # arrays of tables keep their order


def test_unknown_file_is_an_error() -> None:
    with pytest.raises(KeyError):
        lexicon.value("no-such-file", "table")
