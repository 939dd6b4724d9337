"""The spine: inputs → articles → stories → a cross-checked report.

ingest → clean → dedup → nlp → cluster → story (entities → claims → crosscheck → timeline → summarize) → report

``analyze`` builds a report from inputs (and keeps it in a store when given one); ``ingest`` adds
inputs to a store, incrementally (``incremental.add``) or by a full ``rebuild``. The steps they share
live in ``steps``.

An input whose id is already stored with other content (text, title, date, outlet or url) is rejected,
naming the id: the stored article is kept, with its parse. An id names one article; a new version
needs an id of its own (see ``conflicts``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.errors import StoreError
from newsfuse.ingest import IngestResult, load_inputs
from newsfuse.pipeline.incremental import add
from newsfuse.pipeline.rebuild import rebuild, sync_index
from newsfuse.pipeline.steps import Progress, build_report, embeddings, parse, prepare
from newsfuse.store import Store, index_in_the_way
from newsfuse.types import Article, Rejected, Report, stable_id

__all__ = ["Progress", "add", "analyze", "build_report", "conflicts", "embeddings", "ingest", "parse", "prepare",
           "rebuild", "stored_report"]

_CONTENT = ("text", "title", "published", "source", "url")  # what an id stands for (metadata aside)


def analyze(inputs: Iterable[str | Path], settings: Settings = Settings(), store: Store | None = None,
            progress: Progress | None = None) -> Report:
    """Read the inputs and return the report of the articles among them."""
    ingested = load_inputs(inputs, settings.ingest)
    articles, rejected = admitted(ingested, settings, store)
    parsed = parse(articles, settings, store, progress)
    late = conflicts(ingested, articles, store)  # another writer stored one of these ids meanwhile
    parsed = [p for p in parsed if p.article.id not in late.rejected_ids]
    vectors = embeddings([p.article for p in parsed if p.article.duplicate_of is None], store, settings.embed)
    report = build_report(parsed, (*ingested.rejected, *rejected, *late.rejected), vectors, settings)
    if store is not None:
        store.save_stories(report.stories)
    return report


def ingest(inputs: Iterable[str | Path], store: Store, settings: Settings = Settings(),
           progress: Progress | None = None, full: bool = False) -> tuple[int, tuple[Rejected, ...], Report]:
    """Add the inputs' articles to the store and update the stored stories; no report is printed.

    New articles join stories incrementally (``add``) when the store's clustering state is valid;
    with ``full``, or when it is not, every story is rebuilt (``rebuild``, the canonical result).
    Every run, even one adding nothing, leaves the nearest-neighbour index file in line with the store.
    Returns (articles added, rejections, the report of the whole store).
    """
    if problem := index_in_the_way(store.path):  # refused before anything is stored
        raise StoreError(problem)
    before = store.article_count()
    ingested = load_inputs(inputs, settings.ingest)
    articles, rejected = admitted(ingested, settings, store)
    parse(articles, settings, store, progress)
    late = conflicts(ingested, articles, store)
    articles = [a for a in articles if a.id not in late.rejected_ids]
    if full:
        report = rebuild(store, settings)
    else:
        add(articles, store, settings)
        sync_index(store, settings)
        report = stored_report(store)
    rejections = sorted((*ingested.rejected, *rejected, *late.rejected), key=lambda r: (r.input, r.reason))
    return store.article_count() - before, tuple(rejections), report


def stored_report(store: Store) -> Report:
    """The report of the whole store as stored (no recomputation)."""
    stories = sorted(store.stories(), key=lambda s: (-len(s.article_ids), s.id))
    return Report(articles=tuple(store.articles()), rejected=(), stories=tuple(stories))


# --------------------------------------------------------------------------- ids the store holds


def admitted(batch: IngestResult, settings: Settings, store: Store | None) -> tuple[list[Article], list[Rejected]]:
    """The articles, cleaned (``prepare``), with the ids the store holds with other content
    rejected, and those it holds as they are taken as stored; and the rejections."""
    articles, rejected = prepare(batch.articles, settings, batch.origins)
    found = conflicts(batch, articles, store)
    kept = [found.stored.get(a.id, a) for a in articles if a.id not in found.rejected_ids]
    return kept, [*rejected, *found.rejected]


@dataclass(frozen=True, slots=True)
class Conflicts:
    """Of the cleaned articles: those whose id the store holds with other content (rejected), and
    the stored version of each one the store already holds as the same input."""

    rejected: tuple[Rejected, ...]
    rejected_ids: frozenset[str]
    stored: dict[str, Article]


def conflicts(batch: IngestResult, articles: Sequence[Article], store: Store | None) -> Conflicts:
    """Which of the cleaned articles clash with what the store holds under their ids.

    The rule: an id names one article. A stored article with the same content is the same article (the
    stored one is used: it has its parse). An input whose id is the content hash of its own outlet,
    url, title and text (no id was given) and whose date matches is the very input stored before, even
    if this newsfuse cleans it differently (the stored cleaning is kept). Any other difference is
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
        differs = [f for f in _CONTENT if getattr(known, f) != getattr(article, f)]
        if not differs or (_content_id(raw.get(article.id)) and known.published == article.published):
            same[article.id] = replace(known, duplicate_of=article.duplicate_of)
            continue
        name = batch.origins.get(article.id, article.id)
        rejected.append(Rejected(name, f"article id {article.id!r} is already stored with a different "
                                       f"{', '.join(_FIELD_NAMES[f] for f in differs)}: the stored article is "
                                       "kept (give this version an id of its own to add it)"))
    clashing = frozenset(a.id for a in articles if a.id in stored and a.id not in same)
    return Conflicts(tuple(rejected), clashing, same)


_FIELD_NAMES = {"text": "text", "title": "title", "published": "publication date", "source": "outlet",
                "url": "url"}


def _content_id(article: Article | None) -> bool:
    """Whether an article's id is the content hash of its own fields (the input gave no id)."""
    return article is not None and article.id == stable_id("art", article.source, article.url, article.title,
                                                           article.text)
