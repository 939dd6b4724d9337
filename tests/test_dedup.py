from __future__ import annotations

from newsfuse.dedup import mark_duplicates
from newsfuse.types import Article

TEXT = " ".join(
    f"Sentence {i} tells how the harbour authority inspected pier number {i} and found rust on the beams."
    for i in range(30)
)


def _article(aid: str, text: str, published: str | None = None, source: str = "x") -> Article:
    return Article(id=aid, source=source, url=None, title=None, published=published, text=text)


def test_copy_points_at_earliest_original() -> None:
    original = _article("b", TEXT, "2024-01-01")
    copy = _article("a", "Reposted by a partner site. " + TEXT + " Copyright Partner.", "2024-01-02")
    other = _article("c", "A completely different report about a football match and its final score " * 5)
    marked = {a.id: a for a in mark_duplicates([copy, other, original])}
    assert marked["a"].duplicate_of == "b"
    assert marked["b"].duplicate_of is None
    assert marked["c"].duplicate_of is None


def test_input_order_does_not_matter() -> None:
    items = [_article(str(i), TEXT + f" Edition {i}.") for i in range(4)]
    forward = {a.id: a.duplicate_of for a in mark_duplicates(items)}
    backward = {a.id: a.duplicate_of for a in mark_duplicates(items[::-1])}
    assert forward == backward
    assert forward == {"0": None, "1": "0", "2": "0", "3": "0"}
