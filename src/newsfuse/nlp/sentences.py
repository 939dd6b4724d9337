"""Sentence bounds: a blank line ends a sentence, and a quotation stays whole."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

PARAGRAPHS = "newsfuse_paragraphs"


@Language.component(PARAGRAPHS, assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence, whatever the parser would say: a caption, a headline or a share
    widget's line ("Photo: 21 Pro Video") is never one sentence with the paragraph below it ("A man died
    ..."), so a number of the one is not read as a count of the other. Runs before the parser, which
    keeps the boundaries it finds set."""
    broken = False
    for tok in doc:
        if tok.is_space:
            broken = broken or tok.text.count("\n") >= 2
            continue
        if broken and tok.i > 0:
            tok.is_sent_start = True
        broken = tok.whitespace_.count("\n") >= 2
    return doc

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


# A video player's playlist line: the clip's length, then its title ("1:42 Mayor speaks at vigil Pause"); not a
# clock time ("2:30 p.m. ...") and not a sentence (a live blog's "10:15 Police confirmed ... .")
_CLIP = re.compile(r"\d{1,2}:[0-5]\d\s+(?!(?:a\.?m|p\.?m)\b)[A-Z\"'‘“]")
_CLIP_MAX_WORDS = 25


def clip_titles(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs that are the titles of a page's video clips: page furniture whose numbers
    tell other stories ("2:05 Six firefighters killed in 1988 remembered"), though its words may still be the
    story's topic."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if _CLIP.match(line) and len(line.split()) <= _CLIP_MAX_WORDS and not re.search(r"[.!?][\"'’”]?$", line):
            spans.append((m.start(), m.end()))
    return spans
