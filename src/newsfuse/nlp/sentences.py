"""Sentence bounds: a blank line ends a sentence, and a quotation stays whole."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsfuse import lexicon

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


# Another story's headline set between two paragraphs as a link ("Off-duty officer shoots man in parking lot"): a
# paragraph of 4 to 16 words written as headlines are (no final punctuation; no article or pronoun to start, no
# auxiliary verb, no last word a sentence goes on from: lexicon boilerplate.inline_headline_*), after a paragraph
# that ends a sentence and before one that starts one, in a text whose long paragraphs end like sentences (not
# prose hard-wrapped at a width).
_INLINE_WORDS = (4, 16)
_INLINE_ENDED = re.compile(r"[.!?:;,…\-–—\"“”'‘’(\[)\]]$")
_INLINE_NEXT = re.compile(r"[A-Z\"“‘'0-9]")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_INLINE_NOT_FIRST = lexicon.words("boilerplate", "inline_headline_not_first")
_INLINE_NOT_WITHIN = lexicon.words("boilerplate", "inline_headline_not_within")
_INLINE_NOT_LAST = lexicon.words("boilerplate", "inline_headline_not_last")
_PROSE_SHARE = 0.6  # share of the paragraphs of 8+ words that end like sentences in a text set in paragraphs


def inline_headlines(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs that are other stories' headlines set between the paragraphs of this one
    ("Officer shoots man dead in parking lot"): their numbers tell other stories. The text keeps them, for an
    article's own subheadings look the same ("Victims in critical condition")."""
    paragraphs = [(m.start(), m.end(), m.group().strip()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    long = [p for _, _, p in paragraphs if len(p.split()) >= 8]
    if not long or sum(1 for p in long if _SENTENCE_END.search(p)) < _PROSE_SHARE * len(long):
        return []
    spans: list[tuple[int, int]] = []
    before = ""  # the last paragraph that is not such a headline
    for i, (start, end, paragraph) in enumerate(paragraphs):
        after = paragraphs[i + 1][2] if i + 1 < len(paragraphs) else ""
        if before and after and _inline_headline(before, paragraph, after):
            spans.append((start, end))
            continue
        before = paragraph
    return spans


def _inline_headline(before: str, line: str, after: str) -> bool:
    words = line.split()
    if not _INLINE_WORDS[0] <= len(words) <= _INLINE_WORDS[1] or _INLINE_ENDED.search(line):
        return False
    if not _SENTENCE_END.search(before) or not _INLINE_NEXT.match(after):
        return False
    lowered = [w.strip("\"“”‘’'(),").lower() for w in words]
    return (lowered[0] not in _INLINE_NOT_FIRST and not _INLINE_NOT_WITHIN.intersection(lowered)
            and lowered[-1] not in _INLINE_NOT_LAST)
