"""Bytes to text: encoding detection and the plain-text article format."""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsfuse.errors import InputError
from newsfuse.types import Article

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0/C1 controls other than tab, newline, carriage return; zero-width and bidi marks; the soft hyphen (a
# line-break hint: "inve\u00adstigate" is one word, and left in it splits the word for the tagger).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Surrogate code points: never valid on their own in UTF-8 (JSON "\\ud800" escapes and undecodable file names
# bring them in; str.encode("utf-8") then fails far downstream).
_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, so that it always encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


# Characters that move the cursor, end a line or reorder text on a terminal: C0 and C1 controls, DEL, line
# and paragraph separators, bidirectional overrides and isolates.
_UNSAFE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def display_name(name: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file name or URL as it may be shown and stored: safe to print on one line, and valid UTF-8.

    Bytes that are not UTF-8 become escapes (b"\\xff" → "\\\\xff"): they reach Python as lone surrogates
    (surrogateescape), which crash any later UTF-8 encoding. Control characters become escapes too
    ("\\n" → "\\\\n"): a newline in a name would otherwise forge a line of its own on stderr.
    """
    text = os.fspath(name)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "backslashreplace")
    else:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that does not stand for a byte
            text = replace_surrogates(text)
    return _UNSAFE_IN_NAME.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def decode(data: bytes) -> str:
    """Decode article bytes: BOM first, then UTF-8, then cp1252, then latin-1.

    Raises InputError for data that looks binary (NUL bytes outside a UTF-16/32 BOM'd text).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"declares {encoding} by its byte-order mark but does not decode: {exc}") from exc
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError("binary data (NUL bytes), not text")
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise InputError("binary data (NUL bytes), not text") from exc
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("undecodable bytes")  # pragma: no cover - latin-1 decodes any byte string


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the NUL bytes sit on one side of each pair, as in ASCII-range UTF-16."""
    head = data[:8192]
    if len(head) < 16 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def text_problem(text: str, max_control_ratio: float = 0.05, min_letter_ratio: float = 0.4) -> str | None:
    """Why decoded text is not article text (binary noise, symbol soup), or None when it reads as text.

    Counts C0/C1 control and replacement characters (before `normalize_text` strips them) and the
    share of letters among the non-space characters.
    """
    sample = text[:20000]
    if not sample:
        return None
    odd = sum(1 for ch in sample
              if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7f <= ord(ch) < 0xa0)
    if odd > max_control_ratio * len(sample):
        return (f"binary data, not text ({odd / len(sample):.0%} control characters; "
                f"the limit is {max_control_ratio:.0%})")
    visible = [ch for ch in sample if not ch.isspace()]
    if visible:
        letters = sum(1 for ch in visible if ch.isalpha())
        if letters < min_letter_ratio * len(visible):
            return (f"does not read as text (only {letters / len(visible):.0%} letters; "
                    f"at least {min_letter_ratio:.0%} needed)")
    return None


_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str, min_words: int = 20, min_probability: float = 0.9) -> str:
    """ISO 639-1 code of the text's language (py3langid, on its first 3,000 characters), or 'und'
    (undetermined): too short to tell (fewer than ``min_words`` words, or 100 letters in a script written without
    spaces), or no language likely enough."""
    sample = text[:3000]
    if len(_WORD.findall(sample)) < min_words and sum(ch.isalpha() for ch in sample) < 100:
        return "und"
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= min_probability else "und"


_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*")


def with_language(article: Article) -> Article:
    """The article with its language in ``metadata["language"]``: as its words tell it (``guess_language``); where
    they cannot tell, the language its page or record declares ("en-US": en), else 'und'. newsfuse reads English
    (``Article.read_in_english``): an article in another language is kept, but nothing is read from it."""
    guessed = guess_language(article.text)
    declared = _LANGUAGE_TAG.fullmatch(str(article.metadata.get("language") or "").strip())
    language = declared.group(1).lower() if guessed == "und" and declared is not None else guessed
    if article.metadata.get("language") == language:
        return article
    return replace(article, metadata={**article.metadata, "language": language})


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's model, loaded once per process (it ships inside the package)."""
    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def normalize_text(text: str) -> str:
    """NFC, unified newlines, control, zero-width and soft-hyphen characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def looks_like_title(line: str) -> bool:
    """A headline: short, not a sentence that ends with a period."""
    line = line.strip()
    words = line.split()
    return 0 < len(words) <= 25 and len(line) <= 200 and not line.endswith((".", ":", ";", ","))


def split_title(text: str) -> tuple[str | None, str]:
    """First non-empty line is the title when it looks like one; returns (title, body)."""
    stripped = text.lstrip("\n \t")
    first, _, rest = stripped.partition("\n")
    if looks_like_title(first) and rest.strip():
        return first.strip(), rest
    return None, stripped
