"""A document's text and named entities, read in time that does not grow with the document.

``doc.text`` joins every token again and ``doc.ents`` builds a new tuple of spans on every access, so reading
them for each sentence, number or name of a long article grew with the square of the article: a page of 200,000
characters took minutes. ``doc_text`` and ``doc_ents`` are built once per document, ``entity_at`` finds the entity
holding a token from the token's own IOB tags, and ``ents_within`` finds a span's entities by bisection.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

if not Doc.has_extension("newsfuse_ents"):
    Doc.set_extension("newsfuse_ents", default=None)
if not Doc.has_extension("newsfuse_text"):
    Doc.set_extension("newsfuse_text", default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document (a document's text never changes)."""
    text: str | None = doc._.newsfuse_text
    if text is None:
        text = doc._.newsfuse_text = doc.text
    return text


def doc_ents(doc: Doc) -> list[Span]:
    """``doc.ents`` as a list, built once per document (the entities must not change after: the NER and
    newsfuse's own relabelling run before any rule reads them)."""
    return _memo(doc)[0]


def ents_within(span: Span) -> list[Span]:
    """The entities that start inside ``span``, in order (those that also end inside it are ``e.end <= span.end``)."""
    ents, starts = _memo(span.doc)
    return ents[bisect_left(starts, span.start):bisect_left(starts, span.end)]


def forget_ents(doc: Doc) -> None:
    """Drop the memo of ``doc``'s entities: to be called where they are set again."""
    doc._.newsfuse_ents = None


def _memo(doc: Doc) -> tuple[list[Span], list[int]]:
    memo: tuple[list[Span], list[int]] | None = doc._.newsfuse_ents
    if memo is None:
        ents = list(doc.ents)
        memo = doc._.newsfuse_ents = (ents, [e.start for e in ents])
    return memo


def entity_at(token: Token) -> Span | None:
    """The named entity that holds ``token`` (the span of ``doc.ents`` it falls in), or None."""
    if token.ent_iob_ not in {"B", "I"}:
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)
