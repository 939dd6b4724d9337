"""What can be a speaker: a person, a body or an outlet, never page furniture, a number or a thing.

Pages glue their furniture to the sentence after it ("Show Caption Police say …", "Feb. 8)\\n\\nDayton
police said …", "CLOSE Skip x Embed x Share Harrowgate police …"), and the parser then takes the clutter
for part of the subject. ``clean_speaker`` cuts a speaker's phrase back to the words after the last
line break, separator or page-widget word before its head, and refuses a phrase headed by a number
("with six confirmed dead": "six" did not confirm anything). ``is_source`` says whether what "X
cited" or "citing X" names can speak (a person, a body, an outlet, a document), not "multiple
incidents" or "privacy laws". ``in_quotation`` tells a reporting verb inside a quotation (the quoted
person's own words: "common sense would tell you", "the flesh part of me says"), which never names
the sentence's speaker.

The words are data: ``lexicon/reporting.toml`` (widget words, source nouns).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from spacy.tokens import Span, Token

from newsfuse import lexicon

WIDGET_WORDS: Final = lexicon.words("reporting", "widget_words")
SOURCE_NOUNS: Final = lexicon.words("reporting", "source_nouns") | lexicon.words("reporting", "media_words") | \
    lexicon.words("reporting", "generic_speakers") | lexicon.words("reporting", "spokes_nouns") | \
    lexicon.words("reporting", "office_nouns") | lexicon.words("measures", "person_nouns")
SEPARATORS: Final = frozenset({"—", "–", ")", ":", "|", "•", "+", "/"})
SPEAKING_ENTS: Final = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_QUOTE_MARKS: Final = frozenset({'"', "“", "”"})


def clean_speaker(span: Span) -> Span | None:
    """A speaker's phrase without page furniture: its last line (the one beside the verb: "Feb.
    8)\n\nDayton police" is "Dayton police"), then the words after the last separator ("—", ")",
    ":"), widget word ("Caption", "Share", "Download") or verb before its head; None when nothing that can
    speak is left, or when a number or a widget word heads it ("six", "1", "Photos")."""
    doc = span.doc
    start, end = span.start, span.end
    for tok in span[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            start = tok.i + 1
    if start >= end:
        return None
    head = doc[start:end].root
    for tok in doc[start:head.i]:
        dated = tok.ent_type_ in {"DATE", "TIME"} and head.ent_type_ not in {"DATE", "TIME"} and not any(
            t.lower_ == "old" for t in doc[tok.i: head.i])  # "this morning deputies", not "a 32-year-old man"
        spaced_dash = tok.text == "-" and tok.whitespace_ and tok.i > 0 and doc[tok.i - 1].whitespace_
        if tok.text in SEPARATORS or spaced_dash or tok.lower_ in WIDGET_WORDS or dated or (
                tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"amod", "compound"}):
            start = tok.i + 1  # (a verb before the head is another clause the parse took in: "… has died, police")
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    bare_number = (head.like_num or head.pos_ == "NUM") and not any(
        t.pos_ in {"NOUN", "PROPN"} for t in doc[start:end])  # "six", not "one of the victims"
    if start >= end or bare_number or head.lower_ in WIDGET_WORDS:
        return None
    return doc[start:end]


def is_source(token: Token) -> bool:
    """Whether what a verb of citing names can speak: a name, or a noun of a person, body, office,
    outlet or document, or one with a name beside it ("citing police", "quoted a spokeswoman", "cited
    the report", "quoted the head of the zone, Ali Reza"); not "cited multiple incidents", "citing
    privacy laws"."""
    return any(t.ent_type_ in SPEAKING_ENTS or t.pos_ == "PROPN" or t.lemma_.lower() in SOURCE_NOUNS
               or t.lower_ in SOURCE_NOUNS
               for t in (token, *(c for c in token.children if c.dep_ in {"appos", "compound"})))


def quotations(sent: Span) -> list[tuple[int, int]]:
    """Character ranges (article offsets) of the quoted words of a sentence, marks included, read from
    the sentence's own marks: a first mark that closes ends a quotation opened in an earlier sentence
    (''so I'm safe," said the instructor, "when …'' quotes neither "said" nor its speaker); a mark
    left open quotes nothing (a quotation running on, or a mark forgotten). A straight mark opens
    after a space or at the start and before a word, else it closes ('' closes too)."""
    base, text = sent.start_char, sent.text
    out: list[tuple[int, int]] = []
    start: int | None = None
    seen = False
    for k, char in enumerate(text):
        if char == "'" and text[k + 1: k + 2] == "'":
            char = "”"  # '' typed for a closing mark
        if char not in _QUOTE_MARKS:
            continue
        opens = char == "“" or (char == '"' and k + 1 < len(text) and not text[k + 1].isspace() and (
            k == 0 or text[k - 1].isspace() or text[k - 1] in "([{—–-"))
        if opens:
            start = base + k if start is None else start
        elif start is not None or not seen:
            out.append((base if start is None else start, base + k + 1))
            start = None
        seen = True
    return out


def in_quotation(token: Token, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether a word lies inside one of these quotations (character ranges, marks included)."""
    return any(start < token.idx < end for start, end in ranges)
