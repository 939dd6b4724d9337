"""SemEval-2015 Task 4 (TimeLine, Track A, corpus 1) benchmark for newsfuse's timeline.

What it does
------------
1. Rebuilds each corpus document from its CAT tokens (title = sentence 0, body = the rest, one
   paragraph after the dateline sentence), writes a .jsonl (id, source, title, published = the DCT,
   text) and runs ``newsfuse.pipeline.analyze(paths, Settings(), store=None)`` on it.
2. For each target entity, the system timeline is every report event (of any story) with a telling
   whose sentence names the entity (the target name, or the name/aliases of a report entity whose
   name or alias equals the target, matched case-insensitively on word boundaries). Events are
   ranked by date (equal dates share a rank; undated events get rank 0, i.e. unordered), and every
   telling is anchored to its document and sentence.
3. Scores with the task's evaluation: each timeline becomes a TimeML-style graph exactly as the
   task's evaluation tool describes it (each time anchor is a TIMEX3 node; each event is
   SIMULTANEOUS with its anchor; events of consecutive ranks are BEFORE; events of one rank, and
   coreferent mentions of one entry, are SIMULTANEOUS), then TempEval-3 temporal awareness
   (UzZaman & Allen 2011): precision = |S⁻ ∩ G⁺| / |S⁻|, recall = |G⁻ ∩ K⁺| / |G⁻| with ⁺ the
   temporal closure and ⁻ the reduced graph. Counts are summed over all timelines (micro-F1), as
   the official tool does. The graph has only ``=`` and ``<`` between points, so closure is exact
   (union-find for SIMULTANEOUS, reachability between classes for BEFORE).

Matching (gold mentions are tokens "doc-sentence-word"; newsfuse events are sentences)
-----------------------------------------------------------------------------------------
Every telling's character span is mapped to the gold sentence numbers through the aligned CAT
tokens; the sentence's predicate (the root-verb lemma newsfuse computed) is compared with the
spaCy lemma of the gold event tokens of that sentence.

* strict: the telling becomes node "doc-sent-word" only when its predicate is a gold event token
  of that sentence (the node newsfuse would produce if it tagged its predicate token);
* sentence: the telling becomes a gold event of *this entity's* timeline in that sentence
  (preferring the predicate's token); this credits sentence-level anchoring and is an upper bound.

Gaps, stated: undated gold events (rank 0) have no relations here, as the tool's rules only order
dated positions; newsfuse's events are sentences, so at most one event per sentence can match.

Usage: ``python benchmarks/timeline.py [--data PATH] [--show N]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "eval" / "semeval2015-timeline" / "corpus_1"
BEST_TRACK_A = 7.85  # micro-F1 of the best Track A run of SemEval-2015 Task 4

BEFORE, SIMULTANEOUS = "BEFORE", "SIMULTANEOUS"
Relation = tuple[str, str, str]  # (node, BEFORE | SIMULTANEOUS, node); SIMULTANEOUS is stored sorted


# --------------------------------------------------------------------------- timelines


@dataclass(frozen=True, slots=True)
class Entry:
    """One timeline line: rank (0 = not ordered), date ("2005-01-XX", "XXXX-XX-XX"), coreferent mentions."""

    rank: int
    date: str
    mentions: tuple[str, ...]


def parse_timeline(text: str) -> tuple[Entry, ...]:
    """Entries of a timeline file in the task format (first line may be the entity's name)."""
    entries = []
    for line in text.splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 3 and parts[0].isdigit():
            entries.append(Entry(int(parts[0]), parts[1], tuple(p for p in parts[2:] if p)))
    return tuple(entries)


def _anchored(date: str) -> bool:
    return any(c.isdigit() for c in date)


def _sim(a: str, b: str) -> Relation:
    return (min(a, b), SIMULTANEOUS, max(a, b))


def timeline_relations(entries: Sequence[Entry]) -> list[Relation]:
    """The explicit TimeML-style relations of a timeline (the task tool's conversion rules)."""
    rels: list[Relation] = []
    by_rank: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        if not e.mentions:
            continue
        by_rank[e.rank].append(e)
        first = "e:" + e.mentions[0]
        rels.extend(_sim(first, "e:" + m) for m in e.mentions[1:] if m != e.mentions[0])
        if e.rank > 0 and _anchored(e.date):
            rels.append(_sim(first, "t:" + e.date))
    ranks = sorted(r for r in by_rank if r > 0)
    for r in ranks:
        firsts = ["e:" + e.mentions[0] for e in by_rank[r]]
        rels.extend(_sim(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1:] if a != b)
    for r1, r2 in itertools.pairwise(ranks):
        for a in by_rank[r1]:
            for b in by_rank[r2]:
                rels.append(("e:" + a.mentions[0], BEFORE, "e:" + b.mentions[0]))
    return list(dict.fromkeys(rels))


class Graph:
    """A point graph with ``=`` and ``<``: its temporal closure and its reduced graph."""

    def __init__(self, relations: Iterable[Relation]) -> None:
        self.relations = list(dict.fromkeys(relations))
        self._parent: dict[str, str] = {}
        for a, rel, b in self.relations:
            self._find(a), self._find(b)
            if rel == SIMULTANEOUS:
                self._parent[self._find(a)] = self._find(b)
        self._succ: dict[str, set[str]] = defaultdict(set)
        for a, rel, b in self.relations:
            if rel == BEFORE and self._find(a) != self._find(b):
                self._succ[self._find(a)].add(self._find(b))
        self._reach: dict[str, frozenset[str]] = {}

    def _find(self, x: str) -> str:
        self._parent.setdefault(x, x)
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def _reachable(self, c: str) -> frozenset[str]:
        if c not in self._reach:
            seen: set[str] = set()
            stack = list(self._succ.get(c, ()))
            while stack:
                n = stack.pop()
                if n not in seen:
                    seen.add(n)
                    stack.extend(self._succ.get(n, ()))
            self._reach[c] = frozenset(seen)
        return self._reach[c]

    def implies(self, rel: Relation) -> bool:
        """Whether the closure holds the relation."""
        a, kind, b = rel
        if a not in self._parent or b not in self._parent:
            return False
        ca, cb = self._find(a), self._find(b)
        if kind == SIMULTANEOUS:
            return ca == cb
        return ca != cb and cb in self._reachable(ca)

    def reduced(self) -> list[Relation]:
        """The explicit relations minus those the others imply (spanning forest + transitive reduction)."""
        kept: list[Relation] = []
        forest: dict[str, str] = {}

        def root(x: str) -> str:
            forest.setdefault(x, x)
            while forest[x] != x:
                x = forest[x]
            return x

        for a, kind, b in self.relations:
            if kind == SIMULTANEOUS and root(a) != root(b):
                forest[root(a)] = root(b)
                kept.append((a, kind, b))
        seen_edges: set[tuple[str, str]] = set()
        for a, kind, b in self.relations:
            if kind != BEFORE:
                continue
            ca, cb = self._find(a), self._find(b)
            if ca == cb or (ca, cb) in seen_edges:
                continue
            if any(cb in self._reachable(m) for m in self._succ[ca] if m != cb):
                continue  # implied through another class
            seen_edges.add((ca, cb))
            kept.append((a, kind, b))
        return kept


@dataclass(frozen=True, slots=True)
class Counts:
    """Temporal-awareness counts of one or more timelines."""

    p_hit: int = 0
    p_all: int = 0
    r_hit: int = 0
    r_all: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.p_hit + other.p_hit, self.p_all + other.p_all, self.r_hit + other.r_hit,
                      self.r_all + other.r_all)

    @property
    def precision(self) -> float:
        return self.p_hit / self.p_all if self.p_all else 0.0

    @property
    def recall(self) -> float:
        return self.r_hit / self.r_all if self.r_all else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_timeline(gold: Sequence[Entry], system: Sequence[Entry]) -> Counts:
    """Temporal awareness of a system timeline against the gold one (TempEval-3 style counts)."""
    g, s = Graph(timeline_relations(gold)), Graph(timeline_relations(system))
    s_red, g_red = s.reduced(), g.reduced()
    return Counts(sum(g.implies(r) for r in s_red), len(s_red), sum(s.implies(r) for r in g_red), len(g_red))


def rank_events(dated: Iterable[tuple[str | None, tuple[str, ...]]]) -> tuple[Entry, ...]:
    """Timeline entries from (date or None, mentions): equal dates share a rank, undated get rank 0."""
    items = [(d, m) for d, m in dated if m]
    dates = sorted({d for d, _ in items if d})
    rank = {d: i + 1 for i, d in enumerate(dates)}
    entries = [Entry(rank[d] if d else 0, d or "XXXX-XX-XX", m) for d, m in items]
    return tuple(sorted(entries, key=lambda e: (e.rank, e.mentions)))


def task_date(date: str | None) -> str | None:
    """A newsfuse event date ("2005", "2005-01", "2005-01-18") in the task's form ("2005-XX-XX")."""
    if not date or not re.fullmatch(r"\d{4}(-\d{2}){0,2}", date):
        return None
    parts = date.split("-") + ["XX", "XX"]
    return "-".join(parts[:3])


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True, slots=True)
class Token:
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class CorpusDoc:
    """A corpus document: its id, DCT and CAT tokens."""

    id: str
    dct: str
    tokens: tuple[Token, ...]


def load_docs(root: Path) -> list[CorpusDoc]:
    docs = []
    for path in sorted((root / "corpus_trackA_CAT").glob("*.xml")):
        tree = ET.parse(path).getroot()
        doc_id = tree.get("doc_id") or path.name.split("_", 1)[0]
        tokens = tuple(Token(int(t.get("sentence", "0")), t.text or "") for t in tree.iter("token"))
        tml = root / "corpus_trackA_TimeML" / (path.name.removesuffix(".txt.xml") + ".tml")
        m = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', tml.read_text("utf-8"))
        docs.append(CorpusDoc(doc_id, m.group(1) if m else "", tokens))
    return docs


_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", ")", "%", "'s", "n't", "'", "''", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "$", "``", "US$", "USD$"}


def detokenize(tokens: Sequence[str]) -> str:
    out: list[str] = []
    for i, t in enumerate(tokens):
        if i and t not in _NO_SPACE_BEFORE and tokens[i - 1] not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(t)
    return "".join(out)


def doc_record(doc: CorpusDoc) -> dict[str, str]:
    """The .jsonl record of a corpus document: title = sentence 0, dateline and body below it."""
    by_sent: dict[int, list[str]] = defaultdict(list)
    for t in doc.tokens:
        by_sent[t.sentence].append(t.text)
    sents = [detokenize(by_sent[s]) for s in sorted(by_sent)]
    body = sents[1] + "\n\n" + " ".join(sents[2:]) if len(sents) > 2 else "\n".join(sents[1:])
    return {"id": doc.id, "source": f"wikinews-{doc.id}", "title": sents[0], "published": doc.dct, "text": body}


def align_tokens(text: str, tokens: Sequence[Token], window: int = 300) -> list[tuple[int, int]]:
    """(offset, sentence) of every CAT token found, in order, in the article text newsfuse kept."""
    out, pos = [], 0
    for t in tokens:
        if not t.text.strip():
            continue
        i = text.find(t.text, pos, pos + window + len(t.text))
        if i >= 0:
            out.append((i, t.sentence))
            pos = i + len(t.text)
    return out


def sentences_in(aligned: Sequence[tuple[int, int]], start: int, end: int) -> list[int]:
    """Gold sentence numbers of the aligned tokens inside [start, end), most tokens first."""
    count: dict[int, int] = defaultdict(int)
    for off, sent in aligned:
        if start <= off < end:
            count[sent] += 1
    return sorted(count, key=lambda s: (-count[s], s))


# --------------------------------------------------------------------------- system timelines


def gold_lemmas(docs: Sequence[CorpusDoc], mentions: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each gold mention id → lower-cased forms and spaCy lemmas of its word(s), lemmatised in context."""
    from spacy.tokens import Doc as SpacyDoc

    from newsfuse.model import load_model

    nlp = load_model()
    by_doc = {d.id: d for d in docs}
    wanted: dict[tuple[str, int], set[str]] = defaultdict(set)
    for m in mentions:
        doc_id, sent, _ = m.split("-", 2)
        wanted[(doc_id, int(sent))].add(m)
    out: dict[str, frozenset[str]] = {}
    for (doc_id, sent), ids in wanted.items():
        words = [t.text for t in by_doc[doc_id].tokens if t.sentence == sent] if doc_id in by_doc else []
        parsed = SpacyDoc(nlp.vocab, words=words or ["x"])
        for _, proc in nlp.pipeline:
            parsed = proc(parsed)
        for m in ids:
            parts = m.split("-", 2)[2].split("_")
            forms = {p.lower() for p in parts}
            forms |= {tok.lemma_.lower() for tok in parsed if tok.text.lower() in forms}
            out[m] = frozenset(forms)
    return out


@dataclass(frozen=True, slots=True)
class Telling:
    """One sentence-level telling of a report event, placed in the gold document's sentences."""

    doc: str
    sentences: tuple[int, ...]
    predicate: str | None
    text: str


def entity_names(target: str, entities: Iterable) -> tuple[str, ...]:
    """The target's name plus the names/aliases of report entities that carry the target's name."""
    key = target.lower()
    names = {target}
    for e in entities:
        forms = {e.name, *e.aliases}
        if key in {f.lower() for f in forms}:
            names |= {f for f in forms if len(f) >= 3}
    return tuple(sorted(names, key=len, reverse=True))


def mentions_any(text: str, names: Sequence[str]) -> bool:
    low = text.lower()
    return any(re.search(r"(?<!\w)" + re.escape(n.lower()) + r"(?!\w)", low) for n in names)


def node_for(t: Telling, gold_index: Mapping[tuple[str, int], Sequence[str]], lemmas: Mapping[str, frozenset[str]],
             entity_gold: Mapping[tuple[str, int], Sequence[str]] | None) -> str:
    """The mention id of a telling: strict (predicate = gold token) or sentence-level when entity_gold is given."""
    for sent in t.sentences:
        for m in gold_index.get((t.doc, sent), ()):
            if t.predicate and t.predicate.lower() in lemmas.get(m, ()):
                if entity_gold is None or m in entity_gold.get((t.doc, sent), ()):
                    return m
    if entity_gold is not None:
        for sent in t.sentences:
            if entity_gold.get((t.doc, sent)):
                return entity_gold[(t.doc, sent)][0]
    sent = t.sentences[0] if t.sentences else -1
    return f"{t.doc}-{sent}-#{t.predicate or ''}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--show", type=int, default=0, help="print N system timelines next to the gold")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO / "src"))
    from newsfuse.config import Settings
    from newsfuse.pipeline import analyze, parse

    docs = load_docs(args.data)
    targets = [t.strip() for t in (args.data / f"list_target_entities_{args.data.name}.txt").read_text().splitlines()
               if t.strip()]
    gold_files = sorted((args.data / "TimeLines_Gold_Standard").glob("*.txt"))
    gold = {p.stem: parse_timeline(p.read_text("utf-8")) for p in gold_files}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(doc_record(d)) + "\n" for d in docs), "utf-8")
        report = analyze([path], Settings(), store=None)
    parsed = {p.article.id: p for p in parse(list(report.articles), Settings(), None)}
    elapsed = time.perf_counter() - t0

    # The title (sentence 0) is not in the article text; its tokens would align to body words.
    aligned = {a.id: align_tokens(a.text, [t for t in next(d for d in docs if d.id == a.id).tokens if t.sentence > 0])
               for a in report.articles}
    all_gold_mentions = [m for tl in gold.values() for e in tl for m in e.mentions]
    lemmas = gold_lemmas(docs, all_gold_mentions)
    gold_index: dict[tuple[str, int], list[str]] = defaultdict(list)
    for m in dict.fromkeys(all_gold_mentions):
        doc_id, sent, _ = m.split("-", 2)
        gold_index[(doc_id, int(sent))].append(m)

    all_entities = [e for s in report.stories for e in s.entities]
    events = [ev for s in report.stories for ev in s.events]
    totals = {"strict": Counts(), "sentence": Counts()}
    mention_hits = {"strict": [0, 0], "sentence": [0, 0]}
    gold_total = 0
    title_gold = sum(1 for m in all_gold_mentions if m.split("-")[1] == "0")
    print(f"documents: {len(docs)}  articles analysed: {len(report.articles)}  stories: {len(report.stories)}  "
          f"events: {len(events)}  ({elapsed:.1f} s)")
    print(f"{'entity':<26} {'gold':>4} {'sys':>4}  {'strict F1':>9}  {'sentence F1':>11}")
    for target in targets:
        key = re.sub(r"\W+", "_", target.lower()).strip("_")
        gold_tl = gold.get(key, ())
        entity_gold: dict[tuple[str, int], list[str]] = defaultdict(list)
        for e in gold_tl:
            for m in e.mentions:
                doc_id, sent, _ = m.split("-", 2)
                entity_gold[(doc_id, int(sent))].append(m)
        names = entity_names(target, all_entities)
        chosen: list[tuple[str | None, list[Telling]]] = []
        for ev in events:
            tellings = []
            for span in ev.mentions:
                article = next(a for a in report.articles if a.id == span.article_id)
                text = article.text[span.start:span.end]
                pred = next((s.predicate for s in parsed[article.id].sentences if s.start == span.start), None)
                tellings.append(Telling(article.id, tuple(sentences_in(aligned[article.id], span.start, span.end)),
                                        pred, text))
            if any(mentions_any(t.text, names) for t in tellings):
                chosen.append((task_date(ev.date), tellings))
        row = []
        for mode in ("strict", "sentence"):
            system = rank_events(
                (d, tuple(dict.fromkeys(node_for(t, gold_index, lemmas, entity_gold if mode == "sentence" else None)
                                        for t in ts)))
                for d, ts in chosen)
            c = score_timeline(gold_tl, system)
            totals[mode] += c
            row.append(c)
            gold_ids = {m for e in gold_tl for m in e.mentions}
            sys_ids = {m for e in system for m in e.mentions}
            mention_hits[mode][0] += len(gold_ids & sys_ids)
            mention_hits[mode][1] += len(sys_ids)
            if mode == "strict" and args.show and targets.index(target) < args.show:
                print("   ", "; ".join(f"{e.rank}:{e.date}:{','.join(e.mentions)}" for e in system)[:600])
        gold_total += len({m for e in gold_tl for m in e.mentions})
        print(f"{target:<26} {len(gold_tl):>4} {len(chosen):>4}  {100 * row[0].f1:>9.2f}  {100 * row[1].f1:>11.2f}")
    print(f"gold mentions: {gold_total} (of which in titles, not analysed as text: {title_gold})")
    for mode, c in totals.items():
        hit, sys_n = mention_hits[mode]
        print(f"{mode:<8} mention match: {hit} of {sys_n} system / {gold_total} gold mentions; temporal awareness "
              f"P={100 * c.precision:.2f} R={100 * c.recall:.2f} micro-F1={100 * c.f1:.2f}")
    print(f"newsfuse micro-F1 (strict) = {100 * totals['strict'].f1:.2f}   vs best Track A system = {BEST_TRACK_A:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
