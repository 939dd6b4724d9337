"""The spine: inputs → articles → stories → a cross-checked report.

ingest → clean → dedup → nlp → cluster → resolve → claims → crosscheck → timeline → summarize → report
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from newsfuse import claims, cluster, crosscheck, resolve, summarize, timeline
from newsfuse.clean import clean_article
from newsfuse.config import Settings
from newsfuse.dedup import mark_duplicates
from newsfuse.extract.dates import event_date
from newsfuse.ingest import load_inputs
from newsfuse.nlp import parse_articles
from newsfuse.store import Store
from newsfuse.types import Article, Mention, ParsedArticle, Rejected, Report, Story, stable_id

Progress = Callable[[Iterable[ParsedArticle], int], Iterable[ParsedArticle]]


def analyze(inputs: Iterable[str | Path], settings: Settings = Settings(), store: Store | None = None,
            progress: Progress | None = None) -> Report:
    """Read the inputs and return the report of the articles among them."""
    ingested = load_inputs(inputs, settings.ingest)
    articles, rejected = prepare(ingested.articles, settings, ingested.origins)
    parsed = parse(articles, settings, store, progress)
    vectors = embeddings([a for a in articles if a.duplicate_of is None], store)
    report = build_report(parsed, (*ingested.rejected, *rejected), vectors)
    if store is not None:
        store.save_stories(report.stories)
    return report


def ingest(inputs: Iterable[str | Path], store: Store, settings: Settings = Settings(),
           progress: Progress | None = None, full: bool = False) -> tuple[int, tuple[Rejected, ...], Report]:
    """Add the inputs' articles to the store and update the stored stories; no report is printed.

    New articles join stories incrementally (``add``) when the store's clustering state is valid;
    with ``full``, or when it is not, every story is rebuilt (``rebuild``, the canonical result).
    Returns (articles added, rejections, the report of the whole store).
    """
    before = store.article_count()
    ingested = load_inputs(inputs, settings.ingest)
    articles, rejected = prepare(ingested.articles, settings, ingested.origins)
    parse(articles, settings, store, progress)
    if full:
        report = rebuild(store, settings)
    else:
        add(articles, store, settings)
        report = stored_report(store)
    return store.article_count() - before, (*ingested.rejected, *rejected), report


def stored_report(store: Store) -> Report:
    """The report of the whole store as stored (no recomputation)."""
    stories = sorted(store.stories(), key=lambda s: (-len(s.article_ids), s.id))
    return Report(articles=tuple(store.articles()), rejected=(), stories=tuple(stories))


def rebuild(store: Store, settings: Settings = Settings()) -> Report:
    """Recompute every story from the stored articles and their cached parses (order-independent),
    and reset the incremental clustering state and the nearest-neighbour index to match."""
    articles = mark_duplicates(store.articles(), settings.dedup)
    parsed = parse(articles, settings, store)
    from newsfuse.incremental import cluster_row, embed_model, state_version

    vectors = embeddings([a for a in articles if a.duplicate_of is None], store)
    report, state = _build_report(parsed, (), vectors)
    model = embed_model()
    with store.transaction():
        store.add_articles(articles)  # duplicate_of follows this analysis
        store.replace_stories(report.stories)
        published = {a.id: a.published for a in articles}
        store.reset_cluster_state(
            [cluster_row(aid, published[aid], item, state.links[aid]) for aid, item in state.items.items()],
            state_version(model))
        if model is not None:
            store.ann_assign(sorted(state.items.keys() & vectors.keys()), model)
    if model is not None:
        from newsfuse.index import VectorIndex

        VectorIndex.open(store, model)  # brings the file in line with the keys just assigned
    return report


def add(articles: Sequence[Article], store: Store, settings: Settings = Settings()) -> tuple[str, ...]:
    """Place new stored articles into the stored stories incrementally (see ``newsfuse.incremental``)."""
    from newsfuse import incremental

    return incremental.add(articles, store, settings)


def prepare(raw: Sequence[Article], settings: Settings,
            origins: Mapping[str, str] | None = None) -> tuple[list[Article], list[Rejected]]:
    """Clean every article and mark near-duplicates; an article left with no text is rejected
    (named by the input it came from, when `origins` says)."""
    cleaned, rejected = [], []
    for article in raw:
        article = clean_article(article)
        if len(article.text.strip()) < settings.ingest.min_chars:
            name = (origins or {}).get(article.id, article.id)
            rejected.append(Rejected(name, "nothing left after removing boilerplate"))
        else:
            cleaned.append(article)
    return mark_duplicates(cleaned, settings.dedup), rejected


def parse(articles: Sequence[Article], settings: Settings, store: Store | None,
          progress: Progress | None = None) -> list[ParsedArticle]:
    """NLP results for every article: from the store's cache where possible, else one spaCy pass."""
    cached = store.cached_parses(articles) if store is not None else {}
    todo = [a for a in articles if a.id not in cached]
    stream: Iterable[ParsedArticle] = parse_articles(todo, settings.nlp)
    if progress is not None:
        stream = progress(stream, len(todo))
    fresh = list(stream)
    if store is not None:
        store.save_parsed(articles, fresh)  # one transaction: an article is never stored without its parse
    by_id = cached | {p.article.id: p for p in fresh}
    # Cached parses carry the stored article; take the current one (duplicate_of may differ).
    return [replace(by_id[a.id], article=a) for a in articles]


def build_report(parsed: Sequence[ParsedArticle], rejected: Sequence[Rejected],
                 vectors: Mapping[str, tuple[float, ...]] | None = None) -> Report:
    return _build_report(parsed, rejected, vectors)[0]


def _build_report(parsed: Sequence[ParsedArticle], rejected: Sequence[Rejected],
                  vectors: Mapping[str, tuple[float, ...]] | None = None) -> tuple[Report, cluster.Clustering]:
    """``build_report``, and the clustering state behind it."""
    by_id = {p.article.id: p for p in parsed}
    originals = [p for p in parsed if p.article.duplicate_of is None]
    vectors = vectors or {}
    state = cluster.cluster_state([_cluster_doc(p, vectors.get(p.article.id)) for p in originals])
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
    stories = [
        build_story([by_id[a] for a in sorted(members[i])], thread_ids[group.thread], by_id)
        for i, group in enumerate(groups)
    ]
    stories.sort(key=lambda s: (-len(s.article_ids), s.id))
    return Report(
        articles=tuple(sorted((p.article for p in parsed), key=lambda a: a.id)),
        rejected=tuple(sorted(rejected, key=lambda r: (r.input, r.reason))),
        stories=tuple(stories),
    ), state


def _outlets_as_organisations(parsed: Sequence[ParsedArticle]) -> list[Mention]:
    """The story's entity mentions, a name of one of its outlets typed ORG whatever NER said
    ("the Valley Wire reported" is not a place)."""
    outlets = {key for p in parsed if p.article.source and (key := resolve.name_key(p.article.source))}
    return [replace(m, label="ORG") if m.label != "ORG" and resolve.name_key(m.text) in outlets else m
            for p in parsed for m in p.mentions]


def build_story(parsed: Sequence[ParsedArticle], thread_id: str, by_id: dict[str, ParsedArticle]) -> Story:
    article_ids = tuple(sorted(p.article.id for p in parsed))
    story_id = stable_id("sty", article_ids)
    texts = {p.article.id: p.article.text for p in parsed}
    entities = resolve.resolve_entities(story_id, _outlets_as_organisations(parsed), texts)
    originals = {p.article.id: by_id[p.article.duplicate_of].article if p.article.duplicate_of in by_id
                 else p.article for p in parsed}
    records = claims.build_claims(parsed, entities, originals)
    facts = crosscheck.cross_check(story_id, records)
    events = timeline.build_events(story_id, parsed, entities, records)
    summary = summarize.summarize(parsed, facts, {r.claim.id: r for r in records})
    return Story(
        id=story_id, title=_title(parsed), article_ids=article_ids, thread_id=thread_id,
        entities=tuple(entities), claims=tuple(r.claim for r in records), facts=tuple(facts),
        events=tuple(events), summary=tuple(summary),
    )


def _title(parsed: Sequence[ParsedArticle]) -> str:
    ordered = sorted(parsed, key=lambda p: (p.article.duplicate_of is not None, p.article.published or "9999",
                                             p.article.id))
    for p in ordered:
        if p.article.title:
            return p.article.title
    first = ordered[0].article.text.strip().split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


def _cluster_doc(p: ParsedArticle, vector: tuple[float, ...] | None = None) -> cluster.ClusterDoc:
    """What clustering needs of one parsed article (its dense embedding, when there is one)."""
    published = dt.date.fromisoformat(p.article.published[:10]) if p.article.published else None
    dates = tuple(sorted({d for s in p.sentences for t in s.timexes if (d := event_date(t.value))}))
    # names of actors and places only: titles, laws and products ("Endangered Species Act", "AK-47")
    # recur across unrelated events
    entities = tuple(cluster.normalize_entity(m.text) for m in p.mentions if m.label in cluster.ENTITY_LABELS)
    return cluster.ClusterDoc(id=p.article.id, terms=p.terms, entities=entities, published=published,
                              dates=dates, vector=vector)


def embeddings(articles: Sequence[Article], store: Store | None) -> dict[str, tuple[float, ...]]:
    """Dense embeddings of the articles' titles and texts: from the store where it has them, else
    computed in one batch (and kept). Empty when the sentence model is not installed."""
    from newsfuse import embed

    if not articles or not embed.available():
        return {}
    texts = {a.id: "\n".join(x for x in (a.title, a.text) if x) for a in articles}
    known = store.cached_vectors(texts, embed.MODEL_PACKAGE) if store is not None else {}
    todo = [aid for aid in texts if aid not in known]
    # float32, as stored: a fresh vector and its stored copy must cluster alike
    fresh = {aid: tuple(array("f", vec)) for aid, vec in
             zip(todo, embed.embed_texts([texts[aid] for aid in todo]), strict=True)}
    if store is not None and fresh:
        store.put_vectors({aid: (texts[aid], vec) for aid, vec in fresh.items()}, embed.MODEL_PACKAGE)
    return known | fresh
