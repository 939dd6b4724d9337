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
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

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
    """A boilerplate kind: a whole-line pattern, the longest line (in words) it may cut, and
    whether it may cut a line that reads like a sentence (ends in . ! ? and has 5+ words)."""

    kind: str
    pattern: re.Pattern[str]
    max_words: int
    sentences: bool


def _rule(kind: str, pattern: str, max_words: int = 12, sentences: bool = False) -> _Rule:
    # Every pattern must match the WHOLE line (trailing punctuation / decoration allowed).
    return _Rule(kind, re.compile(rf"^(?:{pattern})[\s.!:;,*»›>|…-]*$", re.IGNORECASE), max_words, sentences)


_SOCIAL = (r"facebook|twitter|x|linkedin|whatsapp|e-?mail|print|reddit|pinterest|telegram|messenger|tumblr"
           r"|flipboard|copy link|sms|mail|instagram|youtube")
_YOU = r"(?=.*\b(?:you|your|our|us|we|this (?:site|website|page))\b)"  # the site talking to its reader
_PHOTO = (r"image|images|photo|photos|photograph|picture|pictures|pic|video|graphic|illustration|footage"
          r"|main image|top image|header image|featured image|lead image|cover image|file photo")
_AGENCY = r"getty images|afp|ap|reuters|epa|shutterstock|alamy|rex|anadolu|xinhua|tass|sipa|pa"

_RULES: tuple[_Rule, ...] = (
    # comment prompts
    _rule("comments", r"be the first to (?:comment|reply|respond)\b.{0,40}|(?:there are )?no comments(?: yet)?\b.{0,40}", sentences=True),
    _rule("comments", r"(?:add|post|leave|write|submit|join|start)"
                      r"(?:\s+(?:a|an|new|your|the|our|\d+))*\s+"
                      r"(?:comments?|repl(?:y|ies)|responses?|discussion|conversation)\b.{0,60}", 14),
    _rule("comments", r"(?:view|show|hide|load|read|see)(?:\s+(?:all|the|more|new|\d+))*\s+(?:comments?|replies)\b.{0,40}"),
    _rule("comments", r"(?:\d+\s+)?(?:comments?|replies|responses)(?:\s*\(\d+\))?|cancel reply|reply"),
    _rule("comments", r".{0,40}\bcomment(?:ing)? (?:policy|guidelines|rules)\b.{0,80}", 16, sentences=True),
    _rule("comments", r"(?:your\s+)?e-?mail(?: address)? will not be (?:published|shared|displayed)\b.{0,80}", 16, sentences=True),
    _rule("comments", r".{0,30}required fields are marked\b.{0,20}", 16, sentences=True),
    _rule("comments", r"(?:you must be|please)?\s*log(?:ged)? ?in to (?:post|leave|add|write)?\s*(?:a\s+)?(?:comments?|repl(?:y|ies))\b.{0,40}",
          sentences=True),
    _rule("comments", r"notify me of (?:follow-up comments|new posts|new comments)\b.*|save my name, e-?mail\b.*", 30, sentences=True),
    # share / social / follow
    _rule("share", rf"(?:share|tweet|pin|e-?mail|print)(?:\s+(?:this|the|on|via|to|it|with|friends|article|story|post|page|link|{_SOCIAL}))*"),
    _rule("share", rf"(?:(?:{_SOCIAL}|share|tweet)[\s|,·•/]*){{1,12}}"),
    _rule("share", r"(?:click to )?share (?:this|the|on|via|with)\b.{0,40}"),
    _rule("follow", r"(?:follow|like|find|join)\s+(?:us|me|@\w+)(?:\s+on\b.{0,60}|\s*[:!].{0,60})?"),
    _rule("follow", r"follow (?:\w+\s+){0,3}on (?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|threads|google news|telegram)\b.{0,40}"),
    # subscribe / newsletter / sign up
    _rule("subscribe", r"(?=.*\b(?:our|us|newsletters?|updates|alerts|inbox|briefing|digest|bulletin|now|today|here|free trial|unlimited)\b)"
                       r"(?:sign up|signup|subscribe|get (?:our|the) (?:\w+ )?newsletter|join our (?:\w+ )?(?:newsletter|mailing list))\b.{0,100}",
          16, sentences=True),
    _rule("subscribe", _YOU + r".{0,60}\bnewsletters?\b.{0,60}", 14, sentences=True),
    _rule("subscribe", r".{0,60}\b(?:delivered|straight|direct(?:ly)?) (?:to|into) your inbox\b.{0,40}", 16, sentences=True),
    _rule("subscribe", r"already a subscriber\b.{0,40}|subscribers? only|log ?in|sign ?in|register now|create (?:an|a free) account"),
    # cookies / legal
    _rule("cookies", _YOU + r".{0,80}\bcookies?\b.{0,120}", 24, sentences=True),
    _rule("cookies", r"(?:accept|reject|decline|manage|allow)(?: all)? cookies|cookie (?:policy|settings|preferences|notice)|got it|i agree|ok(?:ay)?"),
    _rule("copyright", r"(?:©|\(c\)|&copy;).{0,120}|copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by\b).{0,120}", 20, sentences=True),
    _rule("copyright", r".{0,120}\ball rights reserved\b.{0,60}", 20, sentences=True),
    _rule("copyright", r"(?:privacy policy|terms of (?:use|service)|terms (?:&|and) conditions)(?:\s*[|·•,]\s*[\w ]{1,30}){0,8}", 20),
    # advertising
    _rule("advertisement", r"(?:advertisement|advertising|ad|ads|sponsored(?: content| links?)?|promoted(?: content| stories)?|paid (?:content|post)"
                           r"|(?:story|article) continues (?:below|after)(?: (?:this|the))?(?: advertisement| ad)?"
                           r"|continue reading (?:below|the main story)|scroll to continue(?: with content)?)"),
    # related / read more / click here
    _rule("related", r"(?:related|recommended|suggested|popular|trending|top|latest|editor'?s'?)"
                     r"(?:\s+(?:articles?|stories|story|posts?|news|content|coverage|topics|reading|links|videos?|for you|now|picks|headlines))?"
                     r"(?:\s*:.{0,150})?", 20),
    _rule("related", r"more (?:from|on|in|about|stories|news|articles|videos)\b.{0,60}"
                     r"|most (?:read|popular|viewed|shared|watched)\b.{0,40}"
                     r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)\b.{0,60}"
                     r"|(?:also|must) (?:read|see|watch)\b.{0,150}|see also\b.{0,150}|read (?:next|also)\b.{0,150}", 20),
    _rule("read_more", r"read (?:more|the full (?:story|article)|full (?:story|article)|the rest)\b.{0,150}", 20),
    _rule("read_more", r".{0,60}\bclick here\b.{0,60}", 14, sentences=True),
    _rule("read_more", r"(?:continue|keep) reading\b.{0,40}|load more|show more|view (?:more|all)\b.{0,30}|more"),
    # navigation
    _rule("navigation", r"exit mobile version|skip to (?:main |primary )?(?:content|navigation|main|footer)|back to (?:top|home)"
                        r"|(?:go|scroll|return) to top|jump to (?:navigation|content|main)|toggle (?:navigation|menu|search)"
                        r"|(?:main |open |close )?menu|navigation|search|home|close|next|previous|prev|breadcrumbs?"
                        r"|(?:previous|next|older|newer) (?:article|post|story|entry|page)\b.{0,150}|you are here\b.{0,80}"),
    # photo / image credits
    _rule("credit", rf"(?:{_PHOTO})(?:\s+(?:credit|credits|courtesy|source))?\s*(?::|-|–|—|by|courtesy(?: of)?|©)\s*\S.{{0,80}}", 10),
    _rule("credit", r"\(?(?:credit|credits|courtesy|source)\s*:\s*\S.{0,60}\)?", 8),
    _rule("credit", r"\((?:[^()]{0,50}\b(?:getty|images?|photos?|photographs?|pictures|shutterstock|alamy|credit|courtesy)\b[^()]{0,50})\)", 10),
    _rule("credit", rf"(?:[\w.&'-]+\s*){{0,4}}/\s*(?:{_AGENCY})(?:\s+(?:via|/)\s+[\w ]{{1,30}})?", 10),
    _rule("credit", r"(?:getty images|shutterstock|alamy|ap photo|afp photo|reuters photo|epa-efe|rex features|rex/shutterstock)"
                    r"(?:\s*[/,]\s*[\w .'-]{1,40})?", 8),
)

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
    r"(?<=[a-z0-9)][.!?])((?:Getty Images|Reuters|REUTERS|AP|AFP|EPA(?:-EFE)?|Shutterstock|Alamy|Rex|Anadolu|Xinhua|TASS)"
    r"(?:\s*/\s*[\w .'-]{1,40})?)$"
)
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


def clean_text(text: str, title: str | None) -> CleanResult:
    """Cut boilerplate lines, glued credits and repeated headlines from ``text``.

    Each non-empty line of the input is a paragraph; kept paragraphs are stripped and joined by a
    blank line. When ``title`` is None and the body holds a headline pasted twice, that headline
    becomes the title.
    """
    kept: list[str] = []
    removed: list[str] = []
    found_title = title
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
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
        if classify_line(line, title) is not None:
            removed.append(line)
            continue
        kept.append(line)
    return CleanResult(text="\n\n".join(kept), removed=tuple(removed), title=found_title)


def clean_article(article: Article) -> Article:
    """The article with a cleaned body, the cuts recorded in ``removed`` (appended to earlier ones)."""
    result = clean_text(article.text, article.title)
    return replace(article, text=result.text, removed=article.removed + result.removed, title=result.title)


def classify_line(line: str, title: str | None = None) -> str | None:
    """Why a single line is boilerplate ("comments", "share", "credit", "headline", ...) or None to keep it."""
    line = _BULLET.sub("", line.strip())
    if not line or is_protected_sentence(line):
        return None
    if _doubled_headline(line) is not None or (title and any(_repeats_title(line, t) for t in _title_forms(title))):
        return "headline"
    words = len(line.split())
    sentence_like = words >= 5 and bool(_SENTENCE_END.search(line))
    for rule in _RULES:
        if words <= rule.max_words and (rule.sentences or not sentence_like) and rule.pattern.match(line):
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
        match = _TRAILING_CREDIT.search(line) or _GLUED_AGENCY.search(line)
        if match is None or match.start(1) == 0:
            break
        fragments.insert(0, match.group(1).strip())
        line = line[: match.start(1)].rstrip()
    return line, fragments
