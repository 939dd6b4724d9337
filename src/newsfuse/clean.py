"""Boilerplate and repeated headlines out of an article body, with an audit trail.

Extracted article text carries page furniture: comment prompts, share/subscribe/cookie lines,
copyright notices, photo credits, navigation labels, and the headline pasted again (sometimes
twice on one line). `clean_text` cuts those and lists every cut in ``removed``.

Safety first: boilerplate patterns only ever match SHORT lines as a whole (or an unambiguous
credit glued to the end of a line), and a line of 12 or more words that ends like a sentence is
never cut. Each kept paragraph is a verbatim substring of the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from string import Template

from rapidfuzz import fuzz

from newsfuse import lexicon
from newsfuse.types import Article

__all__ = ["CleanResult", "clean_article", "clean_text", "classify_line", "is_protected_sentence"]


@dataclass(frozen=True, slots=True)
class CleanResult:
    """A cleaned body and what was cut from it."""

    text: str  # kept paragraphs, stripped, joined by "\n\n"
    removed: tuple[str, ...]  # every cut line or fragment, in text order
    title: str | None  # the given title, or one recovered from a doubled headline in the body


@dataclass(frozen=True, slots=True)
class _Rule:
    """A boilerplate kind: a whole-line pattern, the longest line (in words) it may cut, whether it may cut a line
    that reads like a sentence (ends in . ! ? and has 5+ words), and whether even one of 12+ words (otherwise prose,
    never cut)."""

    kind: str
    pattern: re.Pattern[str]
    max_words: int
    sentences: bool
    long_sentences: bool = False


def _rule(kind: str, pattern: str, max_words: int = 12, sentences: bool = False, long_sentences: bool = False) -> _Rule:
    # Every pattern must match the WHOLE line (trailing punctuation / decoration allowed).
    return _Rule(kind, re.compile(rf"^(?:{pattern})[\s.!:;,*»›>|…-]*$", re.IGNORECASE), max_words,
                 sentences or long_sentences, long_sentences)


def _rules() -> tuple[_Rule, ...]:
    """The boilerplate rules of ``lexicon/boilerplate.toml``, in file order, fragments filled in."""
    fragments = {str(k): str(v) for k, v in lexicon.value("boilerplate", "fragments").items()}
    return tuple(
        _rule(str(r["kind"]), Template(str(r["pattern"])).substitute(fragments), int(r.get("max_words", 12)),
              bool(r.get("sentences", False)), bool(r.get("long_sentences", False)))
        for r in lexicon.value("boilerplate", "rules")
    )


_RULES = _rules()

# A credit glued to the end of a sentence (no newline between): "...years ago.Image: Rex".
_TRAILING_CREDIT = re.compile(
    r"(?<=[.!?\"”’)\]])\s*("
    r"(?i:image|images|photo|photos|photograph|picture|pictures|pic|graphic|illustration|file photo|credit|courtesy)"
    r"(?i:\s+(?:credit|courtesy|by))?\s*:\s*[A-Z][^.!?:;\n]{0,60}"
    r"|\((?i:[^()]{0,40}\b(?:getty|images?|photos?|pictures|shutterstock|alamy)\b[^()]{0,40})\)"
    r")$"
)
# An agency credit glued straight onto a caption's final period: "...in New York.Reuters".
_GLUED_AGENCY = re.compile(
    r"(?<=[a-z0-9)][.!?])("
    r"(?:Getty Images|Reuters|REUTERS|AP|AFP|EPA(?:-EFE)?|Shutterstock|Alamy|Rex|Anadolu|Xinhua|TASS)"
    r"(?:\s*/\s*[\w .'-]{1,40})?)$"
)
# A photo gallery's furniture before each caption: "Image 3 of 5 ...", "Photo: Ann Roe, The Ledger Image 1 of / 6
# Caption Close Image 1 of 6 ...", "more Photo: ... Image 4 of 5 ..." (a gallery's captions run on in one line)
_GALLERY = re.compile(
    r"(?:\bmore\s+)?(?:\b(?:Photo|Image|Video)s?\s*:\s*[^\n]{0,80}?\s+)?\bImage\s+\d+\s+of\s+/?\s*\d+\b\s*"
    r"(?:Caption\s*)?(?:Close\s*)?(?:Image\s+\d+\s+of\s+\d+\b\s*)?"
)
# A video player's controls before the video's caption, in one line with it (the caption stays: it says what the
# video shows): "CLOSE Skip in Skip x Embed x Share Deputies search a field ..."; and a photo's shop
# button on either side of its caption ("Buy Photo Mourners gather ... (Photo: Ann Roe/The Ledger)Buy Photo")
_PLAYER = re.compile(r"(?:(?i:\b(?:close\s+)?skip\s+in\s+(?:\d+\s+)?skip\s+x\s+embed\s+x\s+share)|Buy Photo)\b\s*")
# A credit closing a video's or photo's caption, after its full stop: "... on Sunday. Ann Roe / The Ledger", "...
# late Tuesday. Wochit/The Ledger": capitalised words, a slash, capitalised words (a byline's "name/outlet")
_SLASH_CREDIT = re.compile(
    r"(?<=[a-z0-9)][.!?])\s+((?:[A-Z](?:[\w'’-]+|\.)\s+){0,3}[A-Z][\w'’-]*\s*/\s*(?:[A-Z][\w'’-]*(?:\s+|$)){1,4})$"
)
# a photo's credit in brackets closing a caption that has no full stop: "... early Friday (Photo: Ann Roe, WXYZ)"
_PAREN_CREDIT = re.compile(r"\s*(\((?i:photo|image|video)s?\s*:[^()]{1,80}\))$")
_BULLET = re.compile(r"^(?:[-•*·–—>]+\s+)+")
_SENTENCE_END = re.compile(r"[.!?…](?:[\"”’')\]]+)?$")
_WORD = re.compile(r"[^\W_][\w'’.-]*")
_SMALL_WORDS = frozenset(
    "a an the of in on at to for and or nor but by with from as into onto over than vs via per up out off".split()
)
_PROTECTED_MIN_WORDS = 12
_HEADLINE_MAX_WORDS = 25
_HEADLINE_MAX_CHARS = 250
_TITLE_SIMILARITY = 85.0  # rapidfuzz ratio (0-100) at which a headline-like line repeats the title
_HALVES_SIMILARITY = 92.0  # ... at which the two halves of a line are one headline pasted twice


_RELATED_HEADLINES = 8  # the most headlines a related-links heading is taken to introduce
_HEADING_MAX_WORDS = 4


def _is_heading(line: str) -> bool:
    """A line that only introduces what follows ("RELATED STORIES:", "ALSO", "See Also")."""
    return len(_WORD.findall(line)) <= _HEADING_MAX_WORDS and not re.search(r":\s*\S", line)


def clean_text(text: str, title: str | None) -> CleanResult:
    """Cut boilerplate lines, glued credits and repeated headlines from ``text``; under a related-links heading
    ("RELATED STORIES", "ALSO"), the headlines it lists, up to the first line that reads like prose.

    Each non-empty line of the input is a paragraph; kept paragraphs are stripped and joined by a
    blank line. When ``title`` is None and the body holds a headline pasted twice, that headline
    becomes the title.
    """
    kept: list[str] = []
    removed: list[str] = []
    found_title = title
    related = 0  # headlines still to cut after a related-links heading
    for line in _pieces(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), removed):
        line, fragments = _strip_trailing_credits(line)
        removed.extend(fragments)
        if not line:
            continue
        doubled = _doubled_headline(line)
        if doubled is not None:
            removed.append(line)
            if found_title is None:
                found_title = doubled
            continue
        kind = classify_line(line, title)
        if kind is not None:
            removed.append(line)
            related = _RELATED_HEADLINES if kind == "related" and _is_heading(line) else 0
            continue
        if related and _headline_like(line, require_title_case=False):
            removed.append(line)  # a related story's headline under "RELATED STORIES", "ALSO"
            related -= 1
            continue
        related = 0
        kept.append(line)
    return CleanResult(text="\n\n".join(kept), removed=tuple(removed), title=found_title)


def _pieces(lines: list[str], removed: list[str]) -> Iterator[str]:
    """The stripped non-empty lines, each split where a photo gallery's or a video player's furniture stands (the
    furniture goes to ``removed`` as the lines are read, so cuts stay in text order): every caption of a gallery its
    own line, each a verbatim part of its line."""
    for raw in lines:
        line, start = raw.strip(), 0
        for furniture in sorted([*_GALLERY.finditer(line), *_PLAYER.finditer(line)], key=lambda m: m.start()):
            if furniture.start() < start:
                continue  # inside furniture cut already
            if piece := line[start:furniture.start()].strip():
                yield piece
            removed.append(furniture.group().strip())
            start = furniture.end()
        if piece := line[start:].strip():
            yield piece


def clean_article(article: Article) -> Article:
    """The article with a cleaned body, the cuts recorded in ``removed`` (appended to earlier ones)."""
    result = clean_text(article.text, article.title)
    return replace(article, text=result.text, removed=article.removed + result.removed, title=result.title)


def classify_line(line: str, title: str | None = None) -> str | None:
    """Why a single line is boilerplate ("comments", "share", "credit", "headline", ...) or None to keep it."""
    line = _BULLET.sub("", line.strip())
    if not line:
        return None
    prose = is_protected_sentence(line)
    if not prose and (_doubled_headline(line) is not None
                      or (title and any(_repeats_title(line, t) for t in _title_forms(title)))):
        return "headline"
    words = len(line.split())
    sentence_like = words >= 5 and bool(_SENTENCE_END.search(line))
    for rule in _RULES:
        if words <= rule.max_words and (rule.long_sentences if prose else rule.sentences or not sentence_like) \
                and rule.pattern.match(line):
            return rule.kind
    return None


def is_protected_sentence(line: str) -> bool:
    """A line of 12+ words ending like a sentence: real prose, never cut."""
    line = line.strip()
    return len(line.split()) >= _PROTECTED_MIN_WORDS and bool(_SENTENCE_END.search(line))


# --------------------------------------------------------------------------- headlines


def _normal(text: str) -> str:
    """Lower-case letters and digits only, single-spaced: the form headlines are compared in."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.findall(r"\w+", text))


def _headline_like(text: str, require_title_case: bool = True) -> bool:
    """Short, without sentence-final punctuation, and (optionally) mostly in Title Case."""
    text = text.strip()
    words = _WORD.findall(text)
    if not words or len(words) > _HEADLINE_MAX_WORDS or len(text) > _HEADLINE_MAX_CHARS:
        return False
    if re.search(r"[.!;:,]$", text) or re.search(r"[.!?][\"”’')]*$", text):
        return False
    if not require_title_case:
        return True
    significant = [w for w in words if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised / len(significant) >= 0.7


def _title_forms(title: str) -> tuple[str, ...]:
    """The title, and its parts around a site-name separator ("Headline | Outlet", "Headline - Outlet")."""
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+|\s*\|\s*", title) if len(p.split()) >= 3]
    return (title, *(p for p in parts if p != title.strip()))


def _repeats_title(line: str, title: str) -> bool:
    """The line is the title again: equal when normalised, or near-equal and headline-like."""
    a, b = _normal(line), _normal(title)
    if not a or not b:
        return False
    if a == b:
        return _headline_like(line, require_title_case=False)
    if not _headline_like(line):
        return False
    if min(len(a), len(b)) / max(len(a), len(b)) < 0.75:
        return False
    return fuzz.ratio(a, b) >= _TITLE_SIMILARITY


def _doubled_headline(line: str) -> str | None:
    """The headline when the line is one headline pasted twice ("X Y ZX Y Z"), else None."""
    if len(line) < 20 or len(line) > 2 * _HEADLINE_MAX_CHARS + 5:
        return None
    n = len(line)
    centre = n // 2
    best: tuple[float, str] | None = None
    for cut in range(max(8, centre - 6), min(n - 8, centre + 7)):
        left, right = line[:cut].strip(" |-–—:"), line[cut:].strip(" |-–—:")
        if not left or not right:
            continue
        if left == right:
            best = (100.0, left)
            break
        score = fuzz.ratio(_normal(left), _normal(right))
        if score >= _HALVES_SIMILARITY and (best is None or score > best[0]):
            best = (score, left)
    if best is None:
        return None
    headline = best[1]
    return headline if _headline_like(headline) and len(headline.split()) >= 3 else None


# --------------------------------------------------------------------------- fragments


def _strip_trailing_credits(line: str) -> tuple[str, list[str]]:
    """Split credits glued to the end of a line off it; returns (rest, fragments in text order)."""
    fragments: list[str] = []
    while True:
        match = (_TRAILING_CREDIT.search(line) or _GLUED_AGENCY.search(line) or _PAREN_CREDIT.search(line)
                 or _SLASH_CREDIT.search(line))
        if match is None or match.start(1) == 0:
            break
        fragments.insert(0, match.group(1).strip())
        line = line[: match.start(1)].rstrip()
    return line, fragments
