"""The spine: inputs → articles → stories → a cross-checked report.

ingest → clean → dedup → nlp → cluster → story (entities → claims → crosscheck → timeline → summarize) → report

``analyze`` builds a report from inputs (and keeps it in a store when given one); ``ingest`` adds
inputs to a store, incrementally (``incremental.add``) or by a full ``rebuild``. The steps they share
live in ``steps``.

Both read their inputs in batches of bounded size (``IngestSettings.batch_chars`` / ``batch_articles``):
a batch is read, cleaned, parsed, embedded and stored, with at most the next batch's parse under way
meanwhile (``parsed_batches``), so the working memory of spaCy (about 3 KB per character it holds) and
of the embedding model's tokenizer never grows with the corpus; near-copies are then marked over the
whole run, as if it had been read at once, so batches never change a result.

An input whose id is already stored with other content (text, title, date, outlet or url) is rejected,
naming the id: the stored article is kept, with its parse. An id names one article; a new version
needs an id of its own (see ``conflicts``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.dedup import mark_duplicates
from newsfuse.errors import StoreError
from newsfuse.ingest import IngestResult, read_batches
from newsfuse.ingest.files import Input
from newsfuse.ingest.urls import canonical_url
from newsfuse.nlp.parallel import run_workers
from newsfuse.pipeline.incremental import add
from newsfuse.pipeline.rebuild import rebuild, sync_index
from newsfuse.pipeline.steps import (
    Parsing,
    Progress,
    build_report,
    embeddings,
    one_run,
    parse,
    prepare,
    read_ahead,
    start_parse,
)
from newsfuse.store import Store, index_in_the_way
from newsfuse.types import Article, ParsedArticle, Rejected, Report, stable_id

__all__ = ["Progress", "Updated", "add", "analyze", "build_report", "conflicts", "embeddings", "ingest", "parse",
           "prepare", "rebuild", "stored_report", "update"]

_CONTENT = ("text", "title", "published", "source", "url")  # what an id stands for (metadata aside)


@one_run
def analyze(inputs: Iterable[str | Path], settings: Settings = Settings(), store: Store | None = None,
            progress: Progress | None = None) -> Report:
    """Read the inputs and return the report of the articles among them (batch by batch, see above)."""
    parsed: list[ParsedArticle] = []
    rejected: list[Rejected] = []
    vectors: dict[str, tuple[float, ...]] = {}
    for batch, articles, bad, fresh in parsed_batches(inputs, settings, store, progress):
        release_memory()
        late = conflicts(batch, articles, store)  # another writer stored one of these ids meanwhile
        fresh = [p for p in fresh if p.article.id not in late.rejected_ids]
        vectors |= embeddings([p.article for p in fresh], store, settings.embed)
        release_memory()
        parsed += fresh
        rejected += [*batch.rejected, *bad, *late.rejected]
    parsed.sort(key=lambda p: p.article.id)
    marked = _mark_copies([p.article for p in parsed], settings, store)
    parsed = [replace(p, article=a) for p, a in zip(parsed, marked, strict=True)]
    originals = {p.article.id for p in parsed if p.article.duplicate_of is None}
    report = build_report(parsed, rejected, {k: v for k, v in vectors.items() if k in originals}, settings)
    if store is not None:
        store.save_stories(report.stories)
    return report


@dataclass(frozen=True, slots=True)
class Updated:
    """What ``update`` did: articles added, inputs rejected, and the report of a full rebuild (if one ran)."""

    added: int
    rejected: tuple[Rejected, ...]
    rebuilt: Report | None = None


@one_run
def update(inputs: Iterable[Input], store: Store, settings: Settings = Settings(),
           progress: Progress | None = None, full: bool = False) -> Updated:
    """Add the inputs' articles to the store and update the stored stories, reading nothing else back.

    The inputs are stored batch by batch (a batch's articles and parses in one transaction, then their
    embeddings); then new articles join stories incrementally (``add``) when the store's clustering
    state is valid, or every story is rebuilt (``rebuild``: with ``full``, or when it is not). Every
    run, even one adding nothing, leaves the nearest-neighbour index file in line with the store.
    """
    if problem := index_in_the_way(store.path):  # refused before anything is stored
        raise StoreError(problem)
    before = store.article_count()
    rejected: list[Rejected] = []
    ids: list[str] = []
    for batch, articles, bad, _ in parsed_batches(inputs, settings, store, progress):
        release_memory()
        late = conflicts(batch, articles, store)
        articles = [a for a in articles if a.id not in late.rejected_ids]
        embeddings(articles, store, settings.embed)  # kept: the stories below find them stored
        release_memory()
        ids += [a.id for a in articles]
        rejected += [*batch.rejected, *bad, *late.rejected]
    articles = _mark_copies(store.articles(ids), settings, store)
    report = None
    if full:
        report = rebuild(store, settings)
    else:
        add(articles, store, settings)
        sync_index(store, settings)
    return Updated(store.article_count() - before, tuple(sorted(rejected, key=lambda r: (r.input, r.reason))),
                   report)


def ingest(inputs: Iterable[str | Path], store: Store, settings: Settings = Settings(),
           progress: Progress | None = None, full: bool = False) -> tuple[int, tuple[Rejected, ...], Report]:
    """``update``, and the report of the whole store after it: (articles added, rejections, report)."""
    done = update(inputs, store, settings, progress, full)
    return done.added, done.rejected, done.rebuilt or stored_report(store)


def stored_report(store: Store) -> Report:
    """The report of the whole store as stored (no recomputation)."""
    stories = sorted(store.stories(), key=lambda s: (-len(s.article_ids), s.id))
    return Report(articles=tuple(store.articles()), rejected=(), stories=tuple(stories))


# --------------------------------------------------------------------------- one batch


def parsed_batches(inputs: Iterable[Input], settings: Settings, store: Store | None,
                   progress: Progress | None = None) -> Iterator[tuple[IngestResult, list[Article], list[Rejected],
                                                                        list[ParsedArticle]]]:
    """The inputs read in batches: each batch, its admitted articles (``admitted``), its rejections and
    its articles' parses (stored). A batch's parse is started before the results of the one before are
    taken, so that the run's workers parse the next batch while the caller stores this one; the next
    batch is admitted before this one is stored, which changes nothing: a run reads one article per id
    (``read_batches``), so no batch of a run holds an id of another."""
    pending: tuple[IngestResult, list[Article], list[Rejected], Parsing] | None = None
    with run_workers() as run:
        for batch in read_ahead(read_batches(inputs, settings.ingest)):
            articles, bad = admitted(batch, settings, store)
            parsing = start_parse(articles, settings, store, run)
            if pending is not None:
                yield *pending[:3], pending[3].finish(progress)
            pending = (batch, articles, bad, parsing)
        if pending is not None:
            yield *pending[:3], pending[3].finish(progress)


def admitted(batch: IngestResult, settings: Settings, store: Store | None) -> tuple[list[Article], list[Rejected]]:
    """A batch's articles, cleaned (``prepare``), with the ids the store holds with other content
    rejected, and those it holds as they are taken as stored; and the batch's rejections."""
    articles, rejected = prepare(batch.articles, settings, batch.origins)
    found = conflicts(batch, articles, store)
    kept = [found.stored.get(a.id, a) for a in articles if a.id not in found.rejected_ids]
    return kept, [*rejected, *found.rejected]


@dataclass(frozen=True, slots=True)
class Conflicts:
    """Of a batch's cleaned articles: those whose id the store holds with other content (rejected), and
    the stored version of each one the store already holds as the same input."""

    rejected: tuple[Rejected, ...]
    rejected_ids: frozenset[str]
    stored: dict[str, Article]


def conflicts(batch: IngestResult, articles: Sequence[Article], store: Store | None) -> Conflicts:
    """Which of a batch's cleaned articles clash with what the store holds under their ids.

    The rule: an id names one article. A stored article with the same content is the same article (the
    stored one is used: it has its parse). An input whose id is the content hash of its own outlet,
    url, title and text (no id was given) and whose date matches is the very input stored before, even
    if this newsfuse cleans it differently (the stored cleaning is kept); so is an input with an id of its own
    whose words are those of the stored text and cuts (``_cleaned_from``). Any other difference is
    another article under a taken id: rejected with a reason naming the id and what differs. Keeping
    it as a hidden new version would let an outlet count twice as a source, and leave the id the
    user gave naming something else than what they sent.
    """
    if store is None or not articles:
        return Conflicts((), frozenset(), {})
    stored = {a.id: a for a in store.articles([a.id for a in articles])}
    raw = {a.id: a for a in batch.articles}
    rejected: list[Rejected] = []
    same: dict[str, Article] = {}
    for article in articles:
        known = stored.get(article.id)
        if known is None:
            continue
        differs = [f for f in _CONTENT if _field(known, f) != _field(article, f)]
        if not differs or (_content_id(raw.get(article.id)) and known.published == article.published) \
                or (differs == ["text"] and _cleaned_from(known, raw.get(article.id))):
            same[article.id] = replace(known, duplicate_of=article.duplicate_of)
            continue
        name = batch.origins.get(article.id, article.id)
        rejected.append(Rejected(name, f"article id {article.id!r} is already stored with a different "
                                       f"{', '.join(_FIELD_NAMES[f] for f in differs)}: the stored article is "
                                       "kept (give this version an id of its own to add it)"))
    clashing = frozenset(a.id for a in articles if a.id in stored and a.id not in same)
    return Conflicts(tuple(rejected), clashing, same)


def _field(article: Article, name: str) -> object:
    """A field of an article as an id stands for it: a url in its canonical form (a store written before
    URLs were made canonical holds them with their tracking parameters; the same input is the same article)."""
    value = getattr(article, name)
    return canonical_url(value) if name == "url" and isinstance(value, str) else value


_FIELD_NAMES = {"text": "text", "title": "title", "published": "publication date", "source": "outlet",
                "url": "url"}


_WORDS = re.compile(r"\w+")


def _cleaned_from(stored: Article, given: Article | None) -> bool:
    """Whether a stored article is the given input cleaned by another newsfuse: its kept text and its recorded
    cuts hold the given text's words, no more, no fewer (a cleaning rule added since cuts a line the stored
    version kept; the input is the same)."""
    if given is None:
        return False
    kept = Counter(_WORDS.findall(stored.text)) + Counter(w for cut in stored.removed for w in _WORDS.findall(cut))
    return kept == Counter(_WORDS.findall(given.text))


def _content_id(article: Article | None) -> bool:
    """Whether an article's id is the content hash of its own fields (the input gave no id)."""
    return article is not None and article.id == stable_id("art", article.source, article.url, article.title,
                                                           article.text)


def _mark_copies(articles: Sequence[Article], settings: Settings, store: Store | None) -> list[Article]:
    """The run's articles with near-copies marked over the whole run, as if read at once (each batch was
    marked on its own); the store follows the marks that changed."""
    marked = mark_duplicates(articles, settings.dedup)
    changed = [new for old, new in zip(articles, marked, strict=True) if new.duplicate_of != old.duplicate_of]
    if store is not None and changed:
        store.add_articles(changed)  # stored already: only duplicate_of follows
    return marked


def release_memory() -> None:
    """Hand the memory a batch's spaCy pass or embedding freed back to the system.

    glibc keeps freed memory in the arena of the thread that freed it (spaCy and torch free hundreds
    of MB a batch, from threads of their own), where the next stage often cannot reuse it: without
    this, the peak grew by about 100 MB per batch of long articles; with it, it stays that of one
    batch. A no-op where the C library has no ``malloc_trim``.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], object] | None:
    try:
        trim: Callable[[int], object] = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    return trim
