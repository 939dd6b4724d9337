"""Bytes to text: encoding detection and the plain-text article format."""

from __future__ import annotations

import codecs
import re
import unicodedata

from newsfuse.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0/C1 controls other than tab, newline, carriage return; zero-width and bidi marks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


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
        raise InputError("binary data (NUL bytes), not text")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("undecodable bytes")  # pragma: no cover - latin-1 decodes any byte string


def normalize_text(text: str) -> str:
    """NFC, unified newlines, control and zero-width characters removed."""
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
