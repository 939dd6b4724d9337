"""Near-duplicate articles (syndicated copies, reposts) via MinHash LSH.

Each article is compared only with the LSH candidates of its own signature — never with the whole
corpus. The original of a group is the earliest published article (ties: smallest id), so the
result does not depend on input order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from datasketch import MinHash, MinHashLSH

from newsfuse.config import DedupSettings
from newsfuse.types import Article

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str, settings: DedupSettings) -> MinHash:
    sig = MinHash(num_perm=settings.num_perm, seed=1)
    sig.update_batch([s.encode("utf-8") for s in shingles(text, settings.shingle)])
    return sig


def canonical_order(article: Article) -> tuple[str, str]:
    return (article.published or "9999", article.id)


def mark_duplicates(articles: Sequence[Article], settings: DedupSettings = DedupSettings()) -> list[Article]:
    """Return the articles (same order) with `duplicate_of` set on near-copies of an earlier one."""
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    signatures: dict[str, MinHash] = {}
    original_of: dict[str, str] = {}
    for article in sorted(articles, key=canonical_order):
        sig = signature(article.text, settings)
        candidates = sorted(
            (c for c in lsh.query(sig) if sig.jaccard(signatures[c]) >= settings.threshold),
            key=lambda c: (-sig.jaccard(signatures[c]), c),
        )
        if candidates:  # only originals are indexed, so a candidate is itself an original
            original_of[article.id] = candidates[0]
        else:
            lsh.insert(article.id, sig)
            signatures[article.id] = sig
    return [replace(a, duplicate_of=original_of.get(a.id)) for a in articles]
