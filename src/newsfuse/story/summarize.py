"""An extractive, cited summary of a story.

Sentences are scored by how central their words are to the story (how many distinct outlets use them) with a bonus
for leads, picked greedily without redundancy and at most two per article, and printed in the order of the story's
articles. What an article says to its reader (an appeal for tips, a telephone number, an e-mail address:
``lexicon/reporting.toml`` reader_appeals) is never picked, however many outlets print it. Every extracted sentence
cites its own span. Where sources disagree, one sentence per conflict says so and cites one claim of each side.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from newsfuse import lexicon
from newsfuse.phones import phone_spans
from newsfuse.types import ClaimRecord, Fact, ParsedArticle, SentenceInfo, Span, SummarySentence

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = frozenset("""the and for with from that this have has had was were are been their they said says told
also than more after before over into near about which who will would could there its his her not but""".split())
_APPEAL = re.compile(
    r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in lexicon.sequence("reporting", "reader_appeals"))
    + r")\b"
    r"|[\w.+-]+@[\w-]+\.[\w.]+",  # an e-mail address
    re.IGNORECASE,
)
MAX_SENTENCES = 5
MAX_PER_ARTICLE = 2
REDUNDANCY = 0.5


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def summarize(parsed: Sequence[ParsedArticle], facts: Sequence[Fact],
              claims: Mapping[str, ClaimRecord]) -> list[SummarySentence]:
    originals = sorted((p for p in parsed if p.article.duplicate_of is None),
                       key=lambda p: (p.article.published or "9999", p.article.id))
    # an English account where the story has English articles: one in another language is summarised in its own
    # only when the story has nothing else
    originals = [p for p in originals if p.article.read_in_english] or originals
    candidates: list[tuple[ParsedArticle, int, SentenceInfo, str, set[str]]] = []
    df: Counter[str] = Counter()
    for p in originals:
        seen: set[str] = set()
        for rank, sent in enumerate(p.sentences):
            text = p.article.text[sent.start:sent.end].strip()
            words = _words(text)
            if len(words) < 4 or len(text) > 400 or text.endswith("?") or _APPEAL.search(text) \
                    or phone_spans(0, text):
                continue
            candidates.append((p, rank, sent, text, words))
            seen |= words
        df.update(seen)
    n = max(len(originals), 1)

    def score(rank: int, words: set[str]) -> float:
        shared = sum(df[w] / n for w in words if df[w] > 1)
        return shared / math.sqrt(len(words)) + (1.0 if rank == 0 else 0.5 if rank == 1 else 0.0)

    chosen: list[tuple[ParsedArticle, int, SentenceInfo, str, set[str]]] = []
    per_article: Counter[str] = Counter()
    for cand in sorted(candidates, key=lambda c: (-score(c[1], c[4]), c[0].article.id, c[2].start)):
        p, _rank, _sent, _text, words = cand
        if per_article[p.article.id] >= MAX_PER_ARTICLE:
            continue
        if any(len(words & c[4]) / len(words | c[4]) > REDUNDANCY for c in chosen):
            continue
        chosen.append(cand)
        per_article[p.article.id] += 1
        if len(chosen) >= MAX_SENTENCES:
            break
    order = {p.article.id: i for i, p in enumerate(originals)}
    chosen.sort(key=lambda c: (order[c[0].article.id], c[2].start))
    summary = [
        SummarySentence(text=re.sub(r"\s+", " ", text), citations=(Span(p.article.id, sent.start, sent.end),))
        for p, _r, sent, text, _w in chosen
    ]
    summary.extend(_conflict_sentence(f, claims) for f in facts if f.status == "conflict")
    return summary


def _conflict_sentence(fact: Fact, claims: Mapping[str, ClaimRecord]) -> SummarySentence:
    sides = []
    citations = []
    for value in fact.values:
        record = claims[value.claim_ids[0]]
        who = ", ".join(value.sources)
        sides.append(f"{value.text} ({who})")
        citations.append(Span(record.claim.article_id, record.claim.start, record.claim.end))
    text = f"Sources disagree on {fact.label}: " + " vs ".join(sides) + "."
    return SummarySentence(text=text, citations=tuple(citations))
