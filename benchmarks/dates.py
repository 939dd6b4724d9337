"""TempEval-3 style quality benchmark for ``newsfuse.extract.timex.find_timexes``.

Reads TimeML files (TimeBank / AQUAINT), strips the tags inside ``<TEXT>`` while keeping character
offsets, runs ``find_timexes(text, dct)`` and prints, per sub-corpus and overall:

* span precision / recall / F1, strict (exact offsets) and relaxed (any overlap);
* type accuracy over relaxed matches;
* value precision / recall / F1: a value counts when the spans overlap and the value is equal.

Usage: ``python benchmarks/dates.py [--data PATH] [--limit N] [--tense heuristic|spacy] [--errors N]
[--half A|B]``. ``--errors`` lists misses, wrong values and false positives, each wrong or spurious
expression with the name of the rule that produced it (``newsfuse.extract.timex.explain``). ``--half``
keeps a deterministic half of each sub-corpus (files sorted by name: even positions are half A, odd
positions half B), so rules can be chosen on one half and checked on the other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "eval" / "tempeval3-tbaq"


@dataclass(frozen=True, slots=True)
class Span:
    """A time expression: offsets into the plain text, its TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str
    text: str = ""
    rule: str = ""  # the rule that produced a system expression (with --errors)


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    corpus: str
    text: str
    dct: dt.date | None
    gold: tuple[Span, ...]


_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


def strip_timeml(xml: str) -> tuple[str, list[Span]]:
    """Plain text of a TimeML fragment and its ``TIMEX3`` spans (offsets into the plain text)."""
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    spans: list[Span] = []
    for m in _TAG.finditer(xml):
        chunk = html.unescape(xml[pos: m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs, selfclose = m.groups()
        if name != "TIMEX3":
            continue
        if closing:
            if open_timex:
                start, a = open_timex.pop()
                spans.append(Span(start, length, a.get("type", ""), a.get("value", "")))
        elif not selfclose:
            open_timex.append((length, dict(_ATTR.findall(attrs))))
    out.append(html.unescape(xml[pos:]))
    text = "".join(out)
    spans = [Span(s.start, s.end, s.type, s.value, text[s.start: s.end]) for s in spans]
    return text, sorted(spans, key=lambda s: s.start)


def parse_doc(path: Path, corpus: str) -> Doc | None:
    """One TimeML file: the TEXT element's plain text, the creation date and the gold timexes."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    tm = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if not tm:
        return None
    dct = None
    dm = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if dm:
        vm = re.search(r'value="(\d{4})-(\d\d)-(\d\d)', dm.group(0))
        if vm:
            try:
                dct = dt.date(int(vm.group(1)), int(vm.group(2)), int(vm.group(3)))
            except ValueError:
                dct = None
    text, gold = strip_timeml(tm.group(1))
    return Doc(path.stem, corpus, text, dct, tuple(gold))


def load(data: Path, limit: int | None = None) -> list[Doc]:
    """TimeML documents under ``data``, the sub-corpus being the first folder below it."""
    docs: list[Doc] = []
    for path in sorted(data.rglob("*.tml")):
        rel = path.relative_to(data)
        corpus = rel.parts[0] if len(rel.parts) > 1 else data.name
        doc = parse_doc(path, corpus)
        if doc is not None:
            docs.append(doc)
        if limit is not None and len(docs) >= limit:
            break
    return docs


@dataclass(slots=True)
class Counts:
    """Running tallies for the TempEval-3 measures."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for f in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, f, getattr(self, f) + getattr(other, f))


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def score(gold: Sequence[Span], system: Sequence[Span]) -> Counts:
    """Match system spans to gold one-to-one (exact matches first, then largest overlap) and count."""
    c = Counts(gold=len(gold), system=len(system))
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            if j not in used_s and g.start == s.start and g.end == s.end:
                used_g.add(i)
                used_s.add(j)
                pairs.append((i, j))
                c.strict += 1
                break
    overlaps = sorted(
        ((min(g.end, s.end) - max(g.start, s.start), i, j)
         for i, g in enumerate(gold) if i not in used_g
         for j, s in enumerate(system) if j not in used_s and _overlap(g, s)),
        reverse=True,
    )
    for _, i, j in overlaps:
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        pairs.append((i, j))
    c.relaxed = len(pairs)
    for i, j in pairs:
        c.type_ok += gold[i].type == system[j].type
        c.value_ok += gold[i].value == system[j].value
    return c


def prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report_lines(name: str, c: Counts) -> list[str]:
    sp = prf(c.strict, c.system, c.gold)
    rp = prf(c.relaxed, c.system, c.gold)
    vp = prf(c.value_ok, c.system, c.gold)
    type_acc = c.type_ok / c.relaxed if c.relaxed else 0.0
    value_acc = c.value_ok / c.relaxed if c.relaxed else 0.0
    return [
        f"== {name}: gold={c.gold} system={c.system}",
        f"  strict  span  P={sp[0]:.3f} R={sp[1]:.3f} F1={sp[2]:.3f}",
        f"  relaxed span  P={rp[0]:.3f} R={rp[1]:.3f} F1={rp[2]:.3f}",
        f"  type accuracy (relaxed matches) = {type_acc:.3f}",
        f"  value         P={vp[0]:.3f} R={vp[1]:.3f} F1={vp[2]:.3f}  (accuracy on matches {value_acc:.3f})",
    ]


TenseFactory = Callable[[str], Callable[[int], str | None] | None]


def spacy_tense_factory() -> TenseFactory:
    """Tense from a spaCy parse, exactly as the pipeline gets it (newsfuse.extract.clauses.tense_lookup)."""
    from newsfuse.extract.clauses import tense_lookup
    from newsfuse.model import load_model

    nlp = load_model()
    return lambda text: tense_lookup(nlp(text))


def split_half(docs: Sequence[Doc], half: str) -> list[Doc]:
    """Half A (even positions) or half B (odd positions) of each sub-corpus, files sorted by name."""
    want = 0 if half.upper() == "A" else 1
    by_corpus: dict[str, list[Doc]] = {}
    for doc in docs:
        by_corpus.setdefault(doc.corpus, []).append(doc)
    out: list[Doc] = []
    for corpus in sorted(by_corpus):
        ordered = sorted(by_corpus[corpus], key=lambda d: d.name)
        out.extend(d for i, d in enumerate(ordered) if i % 2 == want)
    return out


def run(docs: Iterable[Doc], tense_factory: TenseFactory | None, errors: int = 0) -> dict[str, Counts]:
    from newsfuse.extract.timex import explain, find_timexes

    totals: dict[str, Counts] = {}
    shown = 0
    elapsed = 0.0
    chars = 0
    for doc in docs:
        hook = tense_factory(doc.text) if tense_factory else None
        t0 = time.perf_counter()
        found = find_timexes(doc.text, doc.dct, hook)
        elapsed += time.perf_counter() - t0
        chars += len(doc.text)
        system = [Span(t.start, t.end, t.type, t.value, t.text) for t in found]
        c = score(doc.gold, system)
        totals.setdefault(doc.corpus, Counts()).add(c)
        if errors and shown < errors:
            # the same expressions again, with their rules (outside the timed call)
            explained = explain(doc.text, doc.dct, hook)
            system = [Span(t.start, t.end, t.type, t.value, t.text, rule) for t, rule in explained]
            shown += _show_errors(doc, system, errors - shown)
    overall = Counts()
    for c in totals.values():
        overall.add(c)
    totals["overall"] = overall
    print(f"speed: {1000 * elapsed / max(chars, 1) * 1000:.3f} ms per 1,000 chars "
          f"({chars} chars, {elapsed:.2f} s in find_timexes)")
    return totals


def _show_errors(doc: Doc, system: list[Span], budget: int) -> int:
    n = 0
    for g in doc.gold:
        match = [s for s in system if _overlap(g, s)]
        if not match:
            print(f"  MISS {doc.name} {doc.dct} {g.text!r} {g.type} {g.value}")
            n += 1
        elif match[0].value != g.value or (match[0].start, match[0].end) != (g.start, g.end):
            s = match[0]
            print(f"  DIFF {doc.name} {doc.dct} gold={g.text!r} {g.type} {g.value} | sys={s.text!r} {s.type} {s.value}"
                  f" [{s.rule}]")
            n += 1
    for s in system:
        if not any(_overlap(g, s) for g in doc.gold):
            print(f"  FP   {doc.name} {doc.dct} {s.text!r} {s.type} {s.value} [{s.rule}]")
            n += 1
    return n


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--tense", choices=("heuristic", "spacy"), default="heuristic",
                    help="tense hook: the built-in word heuristic, or a spaCy parse")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misses/differences")
    ap.add_argument("--half", choices=("A", "B"), default=None,
                    help="score only half A (even positions) or half B (odd) of each sub-corpus")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    docs = load(args.data, args.limit)
    if args.half:
        docs = split_half(docs, args.half)
    factory = spacy_tense_factory() if args.tense == "spacy" else None
    print(f"documents: {len(docs)}  tense: {args.tense}")
    totals = run(docs, factory, args.errors)
    for name, c in totals.items():
        print("\n".join(report_lines(name, c)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
