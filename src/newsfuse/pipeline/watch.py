"""``newsfuse watch``: poll feeds, pages and folders, and add what is new to the store's stories.

Each cycle polls every source once, reads only what is new, and adds it through the same path as
``newsfuse ingest`` (``pipeline.update``: batches stored with their parses, then the new articles joined to
the stories incrementally), then writes one line to the log: the time, the sources polled, the new
articles, the stories they are in now, the errors.

What is new:
- a file (named, or under a watched directory) whose size, modification time and SHA-256 differ from what
  the seen-set holds for its path; a file modified less than ``settle`` seconds ago is left for the next
  cycle (it may still be being written: drop files by renaming them into place);
- a URL whose answer to a conditional GET (the ETag and Last-Modified of its last answer) is not 304: a
  feed's items whose canonical URL (or guid) the seen-set does not hold, a page's new text.

The seen-set lives in the store (``meta`` entries named ``watch:file:PATH``, ``watch:http:URL`` and
``watch:url:CANONICAL-URL``), written in one transaction once a cycle's articles are stored: a restart
re-reads nothing it stored before. Should the process die between the two, the next run reads those
inputs again and finds their articles stored (ids are content hashes): nothing is stored twice, and
articles stored without a story (a kill during the stories' update) are placed at the start of the next run.

Stopping: `Stop.request` (SIGINT or SIGTERM through `handle_signals`) lets the cycle in hand finish, reading
no further input; should it not finish within ``grace`` seconds, SIGALRM raises `Stopped` inside it, and
the transaction in hand rolls back (its inputs are read again next time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.ingest.fetch import is_url
from newsfuse.ingest.files import Items, ReadyInput, input_files, read_file
from newsfuse.ingest.poll import Poll, poll_url
from newsfuse.ingest.text import display_name
from newsfuse.pipeline.incremental import add
from newsfuse.store import Store
from newsfuse.types import Article, Rejected

__all__ = ["Cycle", "Stop", "Stopped", "Watcher", "handle_signals"]

FILE_KEY, HTTP_KEY, URL_KEY = "watch:file:", "watch:http:", "watch:url:"


class Stopped(BaseException):
    """Raised inside a cycle that did not finish within the grace period after a stop was asked for.

    A BaseException, so that no ``except Exception`` on the way turns it into one input's rejection: it
    unwinds the cycle, and every transaction it crosses rolls back."""


class Stop:
    """A stop request: set from a signal handler or another thread, checked between inputs and cycles."""

    def __init__(self) -> None:
        self.requested = False
        self.busy = False  # a cycle is storing (the grace timer is armed when a stop comes then)
        self.grace = 2.0

    def request(self) -> None:
        self.requested = True

    def sleep(self, seconds: float) -> None:
        """Sleep up to `seconds`, waking as soon as a stop is requested."""
        end = time.monotonic() + seconds
        while not self.requested and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.05))


def handle_signals(stop: Stop) -> Callable[[], None]:
    """SIGINT and SIGTERM request `stop`; during a cycle they also arm a SIGALRM after `stop.grace` seconds
    that raises `Stopped`. Returns a function restoring the previous handlers. Main thread only."""
    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.requested:
            return
        stop.request()
        if stop.busy:
            signal.setitimer(signal.ITIMER_REAL, stop.grace)

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if stop.busy:
            raise Stopped

    previous = {sig: signal.signal(sig, handler) for sig, handler in
                ((signal.SIGINT, on_signal), (signal.SIGTERM, on_signal), (signal.SIGALRM, on_alarm))}

    def restore() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return restore


@dataclass(slots=True)
class Cycle:
    """What one cycle did."""

    number: int
    started: str  # UTC, ISO 8601
    sources: int
    new_articles: tuple[str, ...] = ()
    stories: tuple[str, ...] = ()  # the stories holding the new articles
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stopped: bool = False  # a stop cut the cycle short (its inputs are read again by the next run)

    def line(self) -> str:
        def n(count: int, word: str, plural: str | None = None) -> str:
            return f"{count} {word if count == 1 else plural or word + 's'}"
        text = (f"{self.started} cycle {self.number}: {n(self.sources, 'source')} polled, "
                f"{n(len(self.new_articles), 'new article')}, {n(len(self.stories), 'story', 'stories')} touched, "
                f"{n(len(self.errors), 'error')} ({self.seconds:.1f} s)")
        return text + (" - stopped: what it had not finished is read again by the next run" if self.stopped else "")


class Watcher:
    """Polls `sources` (feed or page URLs, files, directories) into `store`, cycle by cycle."""

    def __init__(self, sources: Sequence[str], store: Store, settings: Settings = Settings(), *,
                 interval: float = 60.0, settle: float | None = None, stop: Stop | None = None,
                 log: TextIO | None = None, fetch: Callable[..., Any] | None = None) -> None:
        self.sources = list(dict.fromkeys(sources))
        self.store, self.settings, self.interval = store, settings, interval
        self.settle = min(interval, 1.0) if settle is None else settle
        self.stop = stop or Stop()
        self.log = log if log is not None else sys.stderr
        self.fetch = fetch
        self.cycles = 0
        self._files: dict[str, str] = {}  # path -> its seen-set value (read from the store once)

    # ------------------------------------------------------------------ the loop

    def run(self, max_cycles: int | None = None, on_cycle: Callable[[Cycle], None] | None = None) -> list[Cycle]:
        """Cycle until a stop is requested (or `max_cycles` ran); returns the cycles' reports."""
        done: list[Cycle] = []
        self._place_leftovers()
        while not self.stop.requested and (max_cycles is None or len(done) < max_cycles):
            began = time.monotonic()
            cycle = self.cycle()
            done.append(cycle)
            if on_cycle is not None:
                on_cycle(cycle)
            if cycle.stopped:
                break
            self.stop.sleep(self.interval - (time.monotonic() - began))
        return done

    def cycle(self) -> Cycle:
        """One poll of every source, what is new stored and added to the stories, one line logged."""
        from newsfuse.pipeline import update

        self.cycles += 1
        began = time.monotonic()
        cycle = Cycle(self.cycles, dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), len(self.sources))
        self.stop.busy = True
        try:
            inputs, marks, polls = self._gather(cycle)
            seen_ids: list[str] = []
            if inputs:
                recorded = [ReadyInput(given.name, self._recorder(given, seen_ids)) for given in inputs]
                result = update(recorded, self.store, self.settings)
                cycle.errors += [f"{r.input}: {r.reason}" for r in result.rejected]
                cycle.new_articles = tuple(sorted(set(seen_ids)))
            if self.stop.requested:  # inputs may have been left unread: nothing is marked, all is read again
                raise Stopped
            with self.store.transaction():
                for poll in polls:
                    marks[HTTP_KEY + poll.url] = json.dumps(poll.validators, sort_keys=True)
                    marks.update({URL_KEY + key: "1" for key in poll.done})
                for name, value in marks.items():
                    self.store.set_meta(name, value)
            self._files.update({k[len(FILE_KEY):]: v for k, v in marks.items() if k.startswith(FILE_KEY)})
            cycle.new_articles = tuple(sorted(set(seen_ids)))
            found = self.store.story_ids_of_articles(list(cycle.new_articles)) if seen_ids else {}
            cycle.stories = tuple(sorted({s for ids in found.values() for s in ids}))
        except Stopped:
            cycle.stopped = True
        except NewsfuseError as exc:  # the store refused (locked, damaged, full): said, and tried next cycle
            cycle.errors.append(f"store: {exc}")
        finally:
            self.stop.busy = False
            if _main_thread():
                signal.setitimer(signal.ITIMER_REAL, 0)
        cycle.seconds = time.monotonic() - began
        print(cycle.line(), file=self.log, flush=True)
        for error in cycle.errors:
            print(f"  error {error}", file=self.log, flush=True)
        return cycle

    # ------------------------------------------------------------------ what is new

    def _gather(self, cycle: Cycle) -> tuple[list[ReadyInput], dict[str, str], list[Poll]]:
        """The inputs to read this cycle, the seen-set entries to write once they are stored, the polls."""
        inputs: list[ReadyInput] = []
        marks: dict[str, str] = {}
        polls: list[Poll] = []
        for source in self.sources:
            if self.stop.requested:
                break
            if is_url(source):
                poll = self._poll(source)
                if poll.error:
                    cycle.errors.append(f"{display_name(source)}: {poll.error}")
                    continue
                polls.append(poll)
                if poll.ready is not None:
                    inputs.append(poll.ready)
                continue
            for found in input_files(Path(source)):
                if isinstance(found, Path) and self._own_file(found):
                    continue
                if isinstance(found, Rejected):
                    cycle.errors.append(f"{found.input}: {found.reason}")
                    continue
                changed = self._file_change(found)
                if changed is not None:
                    marks[FILE_KEY + str(found.resolve())] = changed
                    if not changed.startswith("unchanged:"):
                        inputs.append(ReadyInput(display_name(found), _file_items(found, self.settings)))
        marks = {k: v.removeprefix("unchanged:") for k, v in marks.items()}
        return sorted(inputs, key=lambda r: r.name), marks, polls

    def _own_file(self, path: Path) -> bool:
        """Whether `path` is the store itself or a file beside it (its journal, WAL, index): never an input."""
        try:
            own = Path(self.store.path).resolve()
            return path.resolve().name.startswith(own.name) and path.resolve().parent == own.parent
        except (OSError, TypeError, ValueError):
            return False

    def _poll(self, url: str) -> Poll:
        stored = self.store.meta(HTTP_KEY + url)
        try:
            validators = json.loads(stored) if stored else {}
        except ValueError:
            validators = {}
        if not isinstance(validators, dict):
            validators = {}
        kwargs = {"fetch": self.fetch} if self.fetch is not None else {}
        return poll_url(url, validators, self.settings.ingest, self._seen_url, **kwargs)

    def _seen_url(self, key: str) -> bool:
        return self.store.meta(URL_KEY + key) is not None

    def _file_change(self, path: Path) -> str | None:
        """The file's new seen-set value when it changed ("unchanged:VALUE" when only its time did), or None
        (unchanged, or modified too recently to be read yet)."""
        try:
            info = path.stat()
        except OSError:
            return None
        key = str(path.resolve())
        if key not in self._files:
            self._files[key] = self.store.meta(FILE_KEY + key) or ""
        old = self._files[key]
        stamp = f"{info.st_mtime_ns}:{info.st_size}"
        if old.startswith(stamp + ":"):
            return None
        if time.time() - info.st_mtime < self.settle:
            return None  # maybe still being written: next cycle
        digest = _sha256(path)
        if digest is None:
            return None
        value = f"{stamp}:{digest}"
        return f"unchanged:{value}" if old.endswith(":" + digest) else value

    # ------------------------------------------------------------------ reading, recorded

    def _recorder(self, given: ReadyInput, ids: list[str]) -> Callable[[], Items]:
        """`given`'s items, noting the ids of the articles the store does not hold yet, and reading nothing
        more once a stop is requested."""
        def items() -> Iterator[tuple[str, Article | Rejected]]:
            for name, item in given.items():
                if self.stop.requested:
                    return
                if isinstance(item, Article) and not self.store.articles([item.id]):
                    ids.append(item.id)
                yield name, item
        return items

    def _place_leftovers(self) -> None:
        """Articles a killed run stored without a story are placed before the first cycle."""
        if self.store.unplaced_articles():
            self.stop.busy = True
            try:
                add([], self.store, self.settings)
            except Stopped:
                self.stop.requested = True
            finally:
                self.stop.busy = False


def _file_items(path: Path, settings: Settings) -> Callable[[], Items]:
    return lambda: read_file(path, settings.ingest)


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def sources_problem(sources: Iterable[str]) -> str | None:
    """Why the sources cannot be watched (none given, a path that does not exist), or None."""
    given = list(sources)
    if not given:
        return "give at least one FEED, URL or DIR to watch"
    missing = [s for s in given if not is_url(s) and not Path(s).exists()]
    if missing:
        return f"no such file or directory: {', '.join(display_name(m) for m in missing)}"
    return None

