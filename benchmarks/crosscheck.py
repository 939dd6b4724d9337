"""Reported quantities, their speakers and the facts they form, scored against a hand-annotated gold set.

Usage: python benchmarks/crosscheck.py [--gold benchmarks/gold/crosscheck.json]
                                       [--seeds DIR] [--ecbplus DIR] [--errors]

Gold
    ``benchmarks/gold/crosscheck.json`` (format in ``benchmarks/gold/README.md``): per story, its
    documents (seed file names or ECB+ XML paths), every reported quantity (surface text +
    occurrence index, qualifier, low/high, unit, speaker aliases, relays) and the facts that group
    them with their expected status.
System
    ``newsfuse.pipeline.analyze(paths, Settings(), store=None)`` on each gold story's documents
    (seeds: the files themselves; ECB+: the text rebuilt from the ``<token>`` elements, one line per
    sentence, written as ``.txt`` files to a temporary directory).
Alignment
    A gold quantity is located as the n-th occurrence of its surface in the document text the
    annotator read (raw seed file / rebuilt ECB+ text) and mapped to the article's cleaned ``text``
    by a character alignment (difflib). A system claim matches it when it is in the same article,
    its quantity span overlaps the gold span, and the values agree (:func:`values_agree`); one to
    one, nearest start first.
Scores
    * quantities: precision = matched system claims / system claims with a quantity; recall =
      matched gold quantities / gold quantities.
    * speakers (over matched quantities): a system speaker is right when :func:`speaker_matches`
      accepts its entity name or ``speaker_text``; precision = right / matched claims with a
      system speaker, recall = right / matched quantities with a gold speaker.
    * facts: pairwise. Gold pairs = pairs of gold quantities in one gold fact; system pairs =
      pairs of *matched* system claims in one system fact (unmatched claims are already charged to
      quantity precision). Status accuracy over gold facts whose members were all matched and land
      in one system fact (gold singletons count as facts with status ``single``).
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import re
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_GOLD = ROOT / "benchmarks" / "gold" / "crosscheck.json"
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"
DEFAULT_ECBPLUS = ROOT.parent / "shared" / "eval" / "ecbplus" / "topics"
TOLERANCE = 0.01  # relative tolerance on bounds and values

# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class GoldQuantity:
    """One hand-annotated quantity, located in its article's cleaned text."""

    id: str
    doc: str
    start: int
    end: int
    qualifier: str  # exact | at_least | more_than | at_most | about | range | vague
    low: float | None
    high: float | None
    speaker: tuple[str, ...] | None  # acceptable names; None = no speaker
    fact: str | None  # gold fact id; None = a singleton fact


@dataclass(frozen=True, slots=True)
class SystemClaim:
    """One system claim with a quantity, flattened for scoring."""

    id: str
    doc: str
    start: int
    end: int
    qualifier: str
    value: float | None
    low: float | None
    high: float | None
    speaker_names: tuple[str, ...]  # entity name and/or speaker_text; empty = no speaker
    fact: str | None
    fact_status: str | None


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    tp_p: int
    n_pred: int
    tp_r: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp_p / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp_p + other.tp_p, self.n_pred + other.n_pred, self.tp_r + other.tp_r,
                   self.n_gold + other.n_gold)

    def line(self) -> str:
        return (f"P {self.precision:.3f} ({self.tp_p}/{self.n_pred})  R {self.recall:.3f} "
                f"({self.tp_r}/{self.n_gold})  F1 {self.f1:.3f}")


# --------------------------------------------------------------------------- value agreement


def close(a: float | None, b: float | None, tol: float = TOLERANCE) -> bool:
    """Both None, or both numbers within ``tol`` relative difference."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(abs(a), abs(b), 1e-9)


def values_agree(gold: GoldQuantity, claim: SystemClaim, tol: float = TOLERANCE) -> bool:
    """Whether a system quantity says what the gold quantity says.

    * exact: system qualifier exact, low and high equal the gold number.
    * at_least / more_than: same qualifier, system low = gold low, system high None.
    * at_most: same qualifier, system high = gold high (the system's low, if any, is not checked:
      the contract leaves the floor of "nearly n" open).
    * about: system qualifier about, the stated number (system ``value``, or the band's midpoint)
      equals the gold number, and the band contains it (the band width is not checked).
    * range ("30-40", "two or three"): system low and high equal the gold ends; qualifier about
      or exact.
    * vague: system qualifier vague; a gold bound that is given must match, a gold None bound is
      not checked ("a number of", "several": the contract fixes no bounds).
    """
    q = gold.qualifier
    if q == "exact":
        return claim.qualifier == "exact" and close(claim.low, gold.low, tol) and close(claim.high, gold.low, tol)
    if q in ("at_least", "more_than"):
        return claim.qualifier == q and close(claim.low, gold.low, tol) and claim.high is None
    if q == "at_most":
        return claim.qualifier == q and close(claim.high, gold.high, tol)
    if q == "about":
        n = gold.low
        if claim.qualifier != "about" or n is None or claim.low is None or claim.high is None:
            return False
        stated = claim.value if claim.value is not None else (claim.low + claim.high) / 2
        return close(stated, n, tol) and claim.low <= n * (1 + tol) and n * (1 - tol) <= claim.high
    if q == "range":
        return claim.qualifier in ("about", "exact") and close(claim.low, gold.low, tol) \
            and close(claim.high, gold.high, tol)
    if q == "vague":
        if claim.qualifier != "vague":
            return False
        return (gold.low is None or close(claim.low, gold.low, tol)) and \
            (gold.high is None or close(claim.high, gold.high, tol))
    raise ValueError(f"unknown gold qualifier {q!r}")


# --------------------------------------------------------------------------- speakers

_POSSESSIVE = re.compile(r"['’]s\b")
_NON_WORD = re.compile(r"[^\w]+")
_DROP = frozenset({"the", "a", "an", "of", "its", "his", "her", "their", "mr", "mrs", "ms", "dr"})


def name_tokens(name: str) -> frozenset[str]:
    """Normalised word set of a name: case and accents folded, possessives, articles and
    punctuation dropped ("the Russian Defense Ministry's" → {russian, defense, ministry};
    "U. S." → {u, s})."""
    text = _POSSESSIVE.sub("", name)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return frozenset(t for t in _NON_WORD.split(text) if t and t not in _DROP)


def speaker_matches(gold: Sequence[str], system: Iterable[str]) -> bool:
    """Normalised containment: a system name (entity name or speaker text) matches when, for some
    gold alias, the word set of one contains the word set of the other ("the ministry" ⊂
    "Russian Defense Ministry"; "General Sergey Rudskoy" ⊃ "Sergey Rudskoy"). Empty word sets never
    match."""
    sys_sets = [s for s in (name_tokens(n) for n in system) if s]
    gold_sets = [g for g in (name_tokens(n) for n in gold) if g]
    return any(s <= g or g <= s for s in sys_sets for g in gold_sets)


# --------------------------------------------------------------------------- matching


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Half-open character spans share at least one character."""
    return a_start < b_end and b_start < a_end


def match_quantities(gold: Sequence[GoldQuantity], system: Sequence[SystemClaim],
                     tol: float = TOLERANCE) -> dict[str, str]:
    """One-to-one alignment gold id → system claim id: same document, overlapping spans, values
    agree; candidate pairs taken greedily by smallest start distance."""
    candidates = sorted(
        (abs(g.start - c.start), g.id, c.id) for g in gold for c in system
         if g.doc == c.doc and overlaps(g.start, g.end, c.start, c.end) and values_agree(g, c, tol))
    used_g: set[str] = set()
    used_c: set[str] = set()
    out: dict[str, str] = {}
    for _, gid, cid in candidates:
        if gid in used_g or cid in used_c:
            continue
        out[gid] = cid
        used_g.add(gid)
        used_c.add(cid)
    return out


def score_quantities(gold: Sequence[GoldQuantity], system: Sequence[SystemClaim],
                     matching: Mapping[str, str]) -> PRF:
    """Precision over system claims, recall over gold quantities."""
    return PRF(len(matching), len(system), len(matching), len(gold))


def score_speakers(gold: Sequence[GoldQuantity], system: Sequence[SystemClaim],
                   matching: Mapping[str, str]) -> PRF:
    """Speaker P/R over matched quantities (see module docstring)."""
    by_id = {c.id: c for c in system}
    right = n_pred = n_gold = 0
    for g in gold:
        cid = matching.get(g.id)
        if cid is None:
            continue
        c = by_id[cid]
        if c.speaker_names:
            n_pred += 1
        if g.speaker:
            n_gold += 1
            if c.speaker_names and speaker_matches(g.speaker, c.speaker_names):
                right += 1
    return PRF(right, n_pred, right, n_gold)


def _pairs(groups: Mapping[str, Sequence[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


def score_fact_pairs(gold: Sequence[GoldQuantity], system: Sequence[SystemClaim],
                     matching: Mapping[str, str]) -> PRF:
    """Pairwise grouping P/R. Pairs are expressed in gold ids: a system pair of two matched claims
    becomes the pair of their gold quantities."""
    back = {cid: gid for gid, cid in matching.items()}
    gold_groups: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        if g.fact is not None:
            gold_groups[g.fact].append(g.id)
    sys_groups: dict[str, list[str]] = defaultdict(list)
    for c in system:
        if c.fact is not None and c.id in back:
            sys_groups[c.fact].append(back[c.id])
    gp, sp = _pairs(gold_groups), _pairs(sys_groups)
    tp = len(gp & sp)
    return PRF(tp, len(sp), tp, len(gp))


def score_status(gold: Sequence[GoldQuantity], system: Sequence[SystemClaim], matching: Mapping[str, str],
                 statuses: Mapping[str, str]) -> tuple[int, int, list[tuple[str, str, str | None]]]:
    """Status accuracy over gold facts (and gold singletons, status ``single``) whose members were
    all matched and sit in one system fact. Returns (right, scored, [(fact, gold, system)])."""
    by_id = {c.id: c for c in system}
    members: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        members[g.fact if g.fact is not None else f"single:{g.id}"].append(g.id)
    right = scored = 0
    detail: list[tuple[str, str, str | None]] = []
    for fact, ids in members.items():
        if not all(i in matching for i in ids):
            continue
        claims = [by_id[matching[i]] for i in ids]
        if len({c.fact for c in claims}) != 1 or claims[0].fact is None:
            continue
        expected = statuses.get(fact, "single")
        got = claims[0].fact_status
        scored += 1
        right += got == expected
        detail.append((fact, expected, got))
    return right, scored, detail


# --------------------------------------------------------------------------- texts


_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'')")
_NO_SPACE_AFTER = re.compile(r"(?:(?<=[(\[{$])|(?<=``)) ")
_THOUSANDS = re.compile(r"(?<=\d), (?=\d{3}\b)")
_DECIMAL = re.compile(r"(?<=\d)\. (?=\d)")
_CLOCK = re.compile(r"(?<=\d): (?=\d\d\b)")
_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")


def detokenize(tokens: Iterable[str]) -> str:
    """Tokens of one ECB+ sentence → readable text: no space before punctuation and clitics, and
    numbers and hyphenated words rejoined ("120, 000" → "120,000", "6. 1 - magnitude" →
    "6.1-magnitude")."""
    text = " ".join(tokens)
    text = _NO_SPACE_AFTER.sub("", _NO_SPACE_BEFORE.sub("", text))
    text = _THOUSANDS.sub(",", text)
    text = _DECIMAL.sub(".", text)
    text = _CLOCK.sub(":", text)
    text = _HYPHEN.sub("-", text)
    return text.replace("``", '"').replace("''", '"')


def read_ecb_text(path: Path) -> str:
    """The text of one ECB+ XML file: its <token> elements, one line per sentence."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    return "\n".join(detokenize(sentences[s]) for s in sorted(sentences))


def ecb_record(doc: str, text: str) -> dict[str, str | None]:
    """A JSONL article for one rebuilt ECB+ text: a leading URL line becomes ``url``, the next line
    the ``title`` (ECB+ "ecbplus" files start URL, headline); files without a URL line (the "ecb"
    half) get an empty title so that their first body sentence is not taken for a headline."""
    lines = text.split("\n")
    url = None
    title = ""
    if lines and lines[0].startswith("http"):
        url = lines.pop(0).replace(" ", "")
        title = lines.pop(0) if len(lines) > 1 else ""
    return {"source": doc, "url": url, "title": title, "text": "\n".join(lines)}


def locate(text: str, surface: str, occurrence: int) -> tuple[int, int] | None:
    """Span of the ``occurrence``-th (1-based, case-sensitive, not inside a word) occurrence."""
    hits = list(re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text))
    if occurrence < 1 or occurrence > len(hits):
        return None
    m = hits[occurrence - 1]
    return m.start(), m.end()


def map_span(source: str, target: str, start: int, end: int) -> tuple[int, int] | None:
    """Map a span of ``source`` to ``target`` (a cleaned copy of it) through difflib's matching
    blocks; None when the span's characters were all removed."""
    sm = difflib.SequenceMatcher(None, source, target, autojunk=False)
    points: list[int] = []
    for a, b, n in sm.get_matching_blocks():
        lo, hi = max(a, start), min(a + n, end)
        if lo < hi:
            points.extend((lo - a + b, hi - a + b))
    if not points:
        return None
    return min(points), max(points)


# --------------------------------------------------------------------------- gold + system


@dataclass(frozen=True, slots=True)
class StoryResult:
    """Everything scored for one gold story."""

    story: str
    corpus: str
    gold: tuple[GoldQuantity, ...]
    system: tuple[SystemClaim, ...]
    matching: dict[str, str]
    statuses: dict[str, str]
    unlocated: tuple[str, ...]
    raw_gold: tuple[dict, ...]


def _doc_text(corpus: str, rel: str, seeds: Path, ecbplus: Path) -> str:
    if corpus == "seeds":
        return (seeds / rel).read_text(encoding="utf-8")
    return read_ecb_text(ecbplus / rel)


def run_story(story: Mapping, seeds: Path, ecbplus: Path) -> StoryResult:
    """Run the pipeline on one gold story's documents and flatten gold and system for scoring."""
    from newsfuse.config import Settings
    from newsfuse.pipeline import analyze

    corpus = story["corpus"]
    texts = {doc: _doc_text(corpus, rel, seeds, ecbplus) for doc, rel in story["documents"].items()}
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for doc, text in texts.items():
            if corpus == "seeds":
                p = Path(tmp) / f"{doc}.txt"
                p.write_text(text, encoding="utf-8")
            else:
                p = Path(tmp) / f"{doc}.jsonl"
                p.write_text(json.dumps(ecb_record(doc, text)) + "\n", encoding="utf-8")
            paths.append(p)
        report = analyze(paths, Settings(), store=None)
    doc_of = {a.id: Path(a.source).stem for a in report.articles}
    article_text = {Path(a.source).stem: a.text for a in report.articles}
    gold: list[GoldQuantity] = []
    unlocated: list[str] = []
    for q in story["quantities"]:
        span = locate(texts[q["doc"]], q["surface"], q["occurrence"])
        mapped = map_span(texts[q["doc"]], article_text.get(q["doc"], ""), *span) if span else None
        if mapped is None:
            unlocated.append(q["id"])
            mapped = (-1, -1)
        spk = tuple(q["speaker"]) if q["speaker"] else None
        gold.append(GoldQuantity(q["id"], q["doc"], mapped[0], mapped[1], q["qualifier"], q["low"], q["high"],
                                 spk, q["fact"]))
    system: list[SystemClaim] = []
    for s in report.stories:
        names = {e.id: e.name for e in s.entities}
        fact_of: dict[str, tuple[str, str]] = {}
        for f in s.facts:
            for v in f.values:
                for cid in v.claim_ids:
                    fact_of[cid] = (f.id, f.status)
        for c in s.claims:
            q = c.quantity
            if q is None:
                continue
            start, end = c.quantity_start, c.quantity_end
            if start is None or end is None:
                text = article_text.get(doc_of[c.article_id], "")
                k = text.find(q.text, c.start, c.end)
                start, end = (k, k + len(q.text)) if k >= 0 else (c.start, c.end)
            spk = tuple(n for n in (names.get(c.speaker or ""), c.speaker_text) if n)
            fid, fstatus = fact_of.get(c.id, (None, None))
            system.append(SystemClaim(c.id, doc_of[c.article_id], start, end, q.qualifier, q.value, q.low, q.high,
                                      spk, fid, fstatus))
    matching = match_quantities(gold, system)
    statuses = {f["id"]: f["status"] for f in story["facts"]}
    return StoryResult(story["id"], corpus, tuple(gold), tuple(system), matching, statuses, tuple(unlocated),
                       tuple(story["quantities"]))


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class Scores:
    """Aggregated scores of a set of stories."""

    quantities: PRF
    speakers: PRF
    facts: PRF
    status_right: int
    status_scored: int


def score(results: Sequence[StoryResult]) -> Scores:
    """Sum the per-story counts."""
    zero = PRF(0, 0, 0, 0)
    qs = sp = fa = zero
    sr = ss = 0
    for r in results:
        qs += score_quantities(r.gold, r.system, r.matching)
        sp += score_speakers(r.gold, r.system, r.matching)
        fa += score_fact_pairs(r.gold, r.system, r.matching)
        right, scored, _ = score_status(r.gold, r.system, r.matching, r.statuses)
        sr += right
        ss += scored
    return Scores(qs, sp, fa, sr, ss)


def _print_scores(title: str, s: Scores) -> None:
    print(f"== {title}")
    print(f"  quantities  {s.quantities.line()}")
    print(f"  speakers    {s.speakers.line()}")
    print(f"  fact pairs  {s.facts.line()}")
    acc = s.status_right / s.status_scored if s.status_scored else 0.0
    print(f"  status      accuracy {acc:.3f} ({s.status_right}/{s.status_scored} gold facts fully found)")


def _print_errors(r: StoryResult) -> None:
    by_gold = {q["id"]: q for q in r.raw_gold}
    by_claim = {c.id: c for c in r.system}
    matched_claims = set(r.matching.values())
    print(f"\n--- errors in {r.story}")
    for g in r.gold:
        q = by_gold[g.id]
        near = [c for c in r.system if c.doc == g.doc and overlaps(g.start, g.end, c.start, c.end)]
        if g.id not in r.matching:
            why = "unlocated" if g.id in r.unlocated else (
                "value/qualifier: " + "; ".join(f"{c.qualifier} {c.low}-{c.high}" for c in near) if near else "missed")
            print(f"  FN {g.id} {q['surface']!r} gold {g.qualifier} {g.low}-{g.high} -> {why}")
            continue
        c = by_claim[r.matching[g.id]]
        if (g.speaker is None) != (not c.speaker_names) or (
                g.speaker and not speaker_matches(g.speaker, c.speaker_names)):
            print(f"  SPK {g.id} {q['surface']!r} gold {g.speaker} system {c.speaker_names}")
    for c in r.system:
        if c.id not in matched_claims:
            print(f"  FP {c.doc} [{c.start}:{c.end}] {c.qualifier} {c.low}-{c.high}")
    _, _, detail = score_status(r.gold, r.system, r.matching, r.statuses)
    for fact, exp, got in detail:
        if exp != got:
            print(f"  STATUS {fact} gold {exp} system {got}")
    back = {cid: gid for gid, cid in r.matching.items()}
    groups: dict[str, list[str]] = defaultdict(list)
    for c in r.system:
        if c.fact and c.id in back:
            groups[c.fact].append(back[c.id])
    gold_fact = {g.id: g.fact for g in r.gold}
    for ids in groups.values():
        facts = Counter(gold_fact[i] for i in ids)
        if len(facts) > 1:
            print(f"  MERGE system fact joins gold facts {dict(facts)} via {ids}")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--ecbplus", type=Path, default=DEFAULT_ECBPLUS)
    ap.add_argument("--errors", action="store_true", help="list every error (FN, FP, speaker, status, merge)")
    args = ap.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    results = [run_story(s, args.seeds, args.ecbplus) for s in gold["stories"]]
    for r in results:
        if r.unlocated:
            print(f"warning: {r.story}: gold quantities not found in the article text: {', '.join(r.unlocated)}")
    by_corpus: dict[str, list[StoryResult]] = defaultdict(list)
    for r in results:
        by_corpus[r.corpus].append(r)
    for corpus in sorted(by_corpus):
        _print_scores(corpus, score(by_corpus[corpus]))
    _print_scores("overall", score(results))
    if args.errors:
        for r in results:
            _print_errors(r)


if __name__ == "__main__":
    main()
