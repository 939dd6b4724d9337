"""Sentence bounds that keep a quotation whole."""

from __future__ import annotations

import re

from spacy.tokens import Span

_CLOSING_QUOTE = re.compile(r'["\u201d]+')


def sentence_bounds(sents: list[Span]) -> list[tuple[int, int]]:
    """Character bounds of the sentences, with a closing quote mark that the parser put at the
    start of the next sentence given back to the quotation it closes (``… she said. "`` then
    ``"\n\nThe mayor …`` becomes ``… tanks."`` and ``The mayor …``)."""
    bounds = [(s.start_char, s.end_char) for s in sents]
    straight = curly_open = curly_close = 0  # quote marks before the current sentence
    for i in range(1, len(bounds)):
        previous = sents[i - 1].text
        straight += previous.count('"')
        curly_open += previous.count("\u201c")
        curly_close += previous.count("\u201d")
        text = sents[i].text
        quote = _CLOSING_QUOTE.match(text)
        if quote is None or (straight % 2 == 0 and curly_open <= curly_close):  # no quotation open here
            continue
        moved = quote.end()
        moved += len(text[moved:]) - len(text[moved:].lstrip())
        if moved >= len(text):
            continue
        (start, _), (own_start, own_end) = bounds[i - 1], bounds[i]
        bounds[i - 1] = (start, own_start + quote.end())
        bounds[i] = (own_start + moved, own_end)
    return bounds
