"""The steps a rebuild and an incremental add share: prepare (clean, copies), parse (cached), embed,
the clustering view of a parsed article, and the report of a full build; and the scope of a run's
workers (``one_run``, ``read_ahead``)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ParamSpec, TypeVar

from newsfuse import cluster, embed, nlp
from newsfuse.clean import clean_article
from newsfuse.config import EmbedSettings, Settings
from newsfuse.dedup import mark_duplicates
from newsfuse.ingest import IngestResult
from newsfuse.ingest.text import with_language
from newsfuse.names import load_lexicon
from newsfuse.nlp.features import ENTITY_LABELS, normalize_entity
from newsfuse.nlp.parallel import RunWorkers, current_run, run_workers
from newsfuse.store import ClusterRow, Store
from newsfuse.story.build import build_story
from newsfuse.timex import event_date
from newsfuse.types import Article, ParsedArticle, Rejected, Report, Story, stable_id

Progress = Callable[[Iterable[ParsedArticle], int], Iterable[ParsedArticle]]

_STATE_FORMAT = "3"  # bump when the stored clustering state changes meaning

P = ParamSpec("P")
R = TypeVar("R")


def one_run(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` as one run: every parse within it shares one set of workers (or one Dask client), started
    when a batch first needs them and stopped when ``func`` returns or raises (see
    ``newsfuse.nlp.parallel``)."""
    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with run_workers():
            return func(*args, **kwargs)
    return run


def read_ahead(batches: Iterable[IngestResult]) -> Iterator[IngestResult]:
    """The batches, each yielded once the one after it is read (one batch of raw text more in memory), so
    that the run's workers are sized on the run, not on one batch; the batches themselves as they are."""
    run = current_run()
    if run is None:
        yield from batches
        return
    stream = iter(batches)
    coming = next(stream, None)
    while coming is not None:
        batch, coming = coming, next(stream, None)
        run.coming = len(coming.articles) if coming is not None else 0
        yield batch
    run.coming = 0


def prepare(raw: Sequence[Article], settings: Settings,
            origins: Mapping[str, str] | None = None) -> tuple[list[Article], list[Rejected]]:
    """Clean every article, tell its language (``metadata["language"]``) and mark near-duplicates; an article left
    with no text is rejected (named by the input it came from, when `origins` says)."""
    cleaned, rejected = [], []
    for given in raw:
        article = with_language(clean_article(given))
        if len(article.text.strip()) < settings.ingest.min_chars:
            name = (origins or {}).get(article.id, article.id)
            cut = article.removed[len(given.removed):]  # what cleaning cut (not what extraction had)
            shown = f": {len(cut)} line{'s' * (len(cut) != 1)} cut, the first '{cut[0][:60]}'" if cut else ""
            rejected.append(Rejected(name, f"nothing left after removing boilerplate{shown}"))
        else:
            cleaned.append(article)
    return mark_duplicates(cleaned, settings.dedup), rejected


def parse(articles: Sequence[Article], settings: Settings, store: Store | None,
          progress: Progress | None = None) -> list[ParsedArticle]:
    """NLP results for every article: from the store's cache where possible, else one spaCy pass."""
    with run_workers() as run:  # the run's workers, or ones for this call alone
        return start_parse(articles, settings, store, run).finish(progress)


@dataclass(slots=True)
class Parsing:
    """A batch's parse under way (``start_parse``): ``finish`` takes its results, keeps them in the store
    and returns every article's parse, cached ones included, in the batch's order."""

    articles: Sequence[Article]
    store: Store | None
    cached: dict[str, ParsedArticle]
    todo: int  # articles parsed here, not cached
    stream: Iterator[ParsedArticle]

    def finish(self, progress: Progress | None = None) -> list[ParsedArticle]:
        stream: Iterable[ParsedArticle] = self.stream if progress is None else progress(self.stream, self.todo)
        fresh = list(stream)
        if self.store is not None:
            # one transaction: an article is never stored without its parse
            self.store.save_parsed(self.articles, fresh, nlp.PARSE_VERSION)
        by_id = self.cached | {p.article.id: p for p in fresh}
        # Cached parses carry the stored article; take the current one (duplicate_of may differ).
        return [replace(by_id[a.id], article=a) for a in self.articles]


def start_parse(articles: Sequence[Article], settings: Settings, store: Store | None, run: RunWorkers) -> Parsing:
    """The parse of the articles the store has no parse of, started on the run's workers (a remote Dask
    cluster also embeds what it parses, for ``embeddings``); ``Parsing.finish`` takes the results."""
    cached = store.cached_parses(articles, nlp.PARSE_VERSION) if store is not None else {}
    todo = [a for a in articles if a.id not in cached]
    vectorize = embed.vectors_by_text if embed_model(settings.embed) is not None else None
    stream = run.start(todo, settings.nlp, vectorize)
    if vectorize is not None and run.embeds_here:
        embed.load_in_background()  # this process embeds what its workers parse (``embeddings``)
    return Parsing(articles, store, cached, len(todo), stream)


def embed_model(settings: EmbedSettings) -> str | None:
    """The embedding model in use (None: sparse features only)."""
    return embed.MODEL_PACKAGE if settings.enabled and embed.available() else None


def embeddings(articles: Sequence[Article], store: Store | None,
               settings: EmbedSettings = EmbedSettings()) -> dict[str, tuple[float, ...]]:
    """Dense embeddings of the articles' titles and texts: from the store where it has them, else those the
    run's workers computed beside the parse, else computed here (and kept). Empty when the sentence model
    is not installed or turned off."""
    if not articles or embed_model(settings) is None:
        return {}
    texts = {a.id: embed.article_text(a) for a in articles}
    known = store.cached_vectors(texts, embed.MODEL_PACKAGE) if store is not None else {}
    run = current_run()
    keys = {aid: embed.text_key(text) for aid, text in texts.items() if aid not in known}
    computed = run.take_vectors(keys.values()) if run is not None else {}
    if left := [a for a in articles if a.id in keys and keys[a.id] not in computed]:
        computed |= embed.vectors_by_text(left)
    fresh = {aid: computed[key] for aid, key in keys.items()}
    if store is not None and fresh:
        store.put_vectors({aid: (texts[aid], vec) for aid, vec in fresh.items()}, embed.MODEL_PACKAGE)
    return known | fresh


def cluster_doc(p: ParsedArticle, vector: tuple[float, ...] | None = None) -> cluster.ClusterDoc:
    """What clustering needs of one parsed article (its dense embedding, when there is one)."""
    published = dt.date.fromisoformat(p.article.published[:10]) if p.article.published else None
    dates = tuple(sorted({d for s in p.sentences for t in s.timexes if (d := event_date(t.value))}))
    # names of actors and places only: titles, laws and products ("Endangered Species Act", "AK-47")
    # recur across unrelated events
    entities = tuple(normalize_entity(m.text) for m in p.mentions if m.label in ENTITY_LABELS)
    return cluster.ClusterDoc(id=p.article.id, terms=p.terms, entities=entities, published=published,
                              dates=dates, vector=vector, identity=cluster.article_identity(p))


def state_version(model: str | None, settings: Settings) -> str:
    """What the stored clustering state must have been built with to be carried on incrementally."""
    return f"{_STATE_FORMAT}:{model or 'sparse'}:{settings.cluster!r}"


def cluster_row(article_id: str, published: str | None, item: cluster.Item,
                links: tuple[float, ...]) -> ClusterRow:
    return ClusterRow(article_id, published[:10] if published else None, item.vector, item.lookup, links)


@dataclass(frozen=True, slots=True)
class StoryTask:
    """What building one story takes: its parsed articles, the originals its copies copy, its thread."""

    parsed: tuple[ParsedArticle, ...]
    originals: dict[str, ParsedArticle]
    thread_id: str
    aliases: str | None  # the extra alias lexicon's path (each process loads it once)


def build_stories(stories: Sequence[tuple[Sequence[str], str]], by_id: Mapping[str, ParsedArticle],
                  settings: Settings) -> list[Story]:
    """The story of each (article ids, thread id), in order: on the run's workers when it has them running
    (each story is built from its own articles alone), else here."""
    aliases = str(settings.story.aliases) if settings.story.aliases else None
    tasks = []
    for ids, thread_id in stories:
        parsed = tuple(by_id[a] for a in ids)
        copied = {c for p in parsed if (c := p.article.duplicate_of) is not None and c in by_id}
        tasks.append(StoryTask(parsed, {c: by_id[c] for c in copied}, thread_id, aliases))
    run = current_run()
    if run is None:
        return [build_one(t) for t in tasks]
    # the largest first, so that no worker is left with a long one at the end
    order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i].parsed))
    built = dict(zip(order, run.map(build_one, [tasks[i] for i in order]), strict=True))
    return [built[i] for i in range(len(tasks))]


def build_one(task: StoryTask) -> Story:
    """One story (a worker's task)."""
    return build_story(task.parsed, task.thread_id, task.originals, load_lexicon(task.aliases))


def build_report(parsed: Sequence[ParsedArticle], rejected: Sequence[Rejected],
                 vectors: Mapping[str, tuple[float, ...]] | None = None,
                 settings: Settings = Settings()) -> Report:
    """The report of a full build over ``parsed``."""
    return build_with_state(parsed, rejected, vectors, settings)[0]


def build_with_state(parsed: Sequence[ParsedArticle], rejected: Sequence[Rejected],
                     vectors: Mapping[str, tuple[float, ...]] | None = None,
                     settings: Settings = Settings()) -> tuple[Report, cluster.Clustering]:
    """``build_report``, and the clustering state behind it."""
    by_id = {p.article.id: p for p in parsed}
    originals = [p for p in parsed if p.article.duplicate_of is None]
    vectors = vectors or {}
    state = cluster.cluster_state([cluster_doc(p, vectors.get(p.article.id)) for p in originals], settings.cluster)
    groups = state.groups
    members = {i: list(group.article_ids) for i, group in enumerate(groups)}
    # Copies join the story of the article they copy.
    story_of = {aid: i for i, ids in members.items() for aid in ids}
    for p in parsed:
        if p.article.duplicate_of is not None and p.article.duplicate_of in story_of:
            members[story_of[p.article.duplicate_of]].append(p.article.id)
    thread_members: dict[int, list[str]] = {}
    for i, group in enumerate(groups):
        thread_members.setdefault(group.thread, []).extend(members[i])
    thread_ids = {t: stable_id("thr", sorted(ids)) for t, ids in thread_members.items()}
    stories = build_stories([(sorted(members[i]), thread_ids[group.thread]) for i, group in enumerate(groups)],
                            by_id, settings)
    stories.sort(key=lambda s: (-len(s.article_ids), s.id))
    return Report(
        articles=tuple(sorted((p.article for p in parsed), key=lambda a: a.id)),
        rejected=tuple(sorted(rejected, key=lambda r: (r.input, r.reason))),
        stories=tuple(stories),
    ), state
