"""The start of a worker process: the modules it must not import, then its initializer, named.

A spawned worker unpickles its initializer before running it, and unpickling a function imports its
module: an initializer given by reference would import spaCy, and with it torch (thinc imports torch
whenever it is installed, ~180 MB a process), before anything could say no. This module imports
nothing of newsfuse's, so a worker started with ``start`` can turn modules away first; a Dask worker
of a local cluster does the same in its preload (``dask_setup``).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any


def start(unwanted: tuple[str, ...], target: str | None, args: tuple[Any, ...]) -> None:
    """Turn the ``unwanted`` modules away (importing one raises ImportError, which the libraries that
    try them treat as absent), then run ``target`` ("module:function") with ``args``.

    Ctrl-C reaches the whole process group: the parent stops its workers; a worker must not die half-way
    through a task on its own (the parent would see a broken pool instead of its KeyboardInterrupt).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    turn_away(unwanted)
    if target:
        module, _, function = target.partition(":")
        getattr(importlib.import_module(module), function)(*args)


def turn_away(unwanted: Sequence[str]) -> None:
    """Make importing any of the ``unwanted`` modules (not imported yet) raise ImportError."""
    for name in unwanted:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]


UNWANTED = "NEWSFUSE_UNWANTED_MODULES"  # what a Dask worker of a LocalCluster turns away (comma-separated)


def dask_setup(worker: object) -> None:
    """The preload of a Dask worker of a ``--dask local:N`` cluster (``LocalCluster(preload=[this module])``):
    the modules named in ``$NEWSFUSE_UNWANTED_MODULES`` turned away before any task arrives."""
    turn_away([name for name in os.environ.get(UNWANTED, "").split(",") if name])
