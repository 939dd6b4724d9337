"""HTML pages to article body and metadata, through trafilatura.

`extract_html` is the one public entry point. It decodes bytes (BOM, declared charset, UTF-8,
cp1252), runs trafilatura's main extractor with settings chosen by measurement on the
article-extraction benchmark (see ``benchmarks/extraction.py``), falls back to trafilatura's
baseline extractor when the main pass finds nothing, and never lets a parser error escape:
anything unusable becomes a ``ValueError`` that says why.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from typing import Any

import trafilatura

__all__ = ["HtmlExtract", "HtmlSettings", "decode_html", "extract_html"]


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What one HTML page yields: the body as paragraphs joined by blank lines, plus page metadata."""

    title: str | None
    text: str
    published: str | None  # "YYYY-MM-DD" or None
    url: str | None
    source: str | None  # site name / outlet, when the page says it
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HtmlSettings:
    """Knobs of the extraction; the defaults are the best measured on the extraction benchmark."""

    favor_precision: bool = True  # +0.6 F1 points over balanced mode on the benchmark
    favor_recall: bool = False
    include_tables: bool = True  # tables hold body text on many news pages (+0.5 F1 points)
    rescue_below_chars: int = 1000  # precision result shorter than this: retry in balanced mode ...
    rescue_factor: float = 2.0  # ... and take that when it is at least this many times longer
    use_fallback: bool = True  # baseline extractor when the main passes find nothing
    min_chars: int = 40  # a body shorter than this is "nothing usable"
    min_words_in_a_paragraph: int = 6  # some paragraph must be at least this long to count as prose
    max_bytes: int = 20_000_000


DEFAULT_SETTINGS = HtmlSettings()

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HAS_DOCUMENT = re.compile(r"<\s*(html|body)\b", re.IGNORECASE)
_HAS_TAG = re.compile(r"<\s*[A-Za-z!/?]")
_METADATA_FIELDS = ("author", "description", "sitename", "hostname", "categories", "tags", "language",
                    "pagetype", "license", "image")


def extract_html(html: str | bytes, url: str | None = None, *,
                 settings: HtmlSettings = DEFAULT_SETTINGS) -> HtmlExtract:
    """Body text, title, date, canonical URL, outlet and metadata of one HTML page.

    Paragraphs of ``text`` are separated by a blank line. Raises ``ValueError`` with a specific
    message when the input is empty, binary, too large, or has no article body.
    """
    markup = _prepare(html, settings)
    document = _main_extraction(markup, url, settings)
    text = _paragraphs(document.text if document is not None else "")
    if settings.favor_precision and len(text) < settings.rescue_below_chars:
        # Precision mode now and then keeps only a fragment (a reprint notice, a teaser).
        balanced = _main_extraction(markup, url, replace(settings, favor_precision=False))
        balanced_text = _paragraphs(balanced.text if balanced is not None else "")
        if len(balanced_text) >= settings.rescue_factor * max(len(text), 1):
            document, text = balanced, balanced_text
    if not _usable(text, settings) and settings.use_fallback:
        text = _paragraphs(_baseline_text(markup))
    if not _usable(text, settings):
        raise ValueError("no article body found in HTML")
    if document is None:
        document = _metadata_only(markup, url)
    return _assemble(document, text, url)


def decode_html(data: bytes) -> str:
    """Bytes of a page to text: byte-order mark, then UTF-8, then the declared charset, then cp1252.

    Raises ``ValueError`` for data that is evidently binary (NUL bytes without a UTF-16/32 BOM).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        raise ValueError("binary data (NUL bytes), not HTML")
    # Valid UTF-8 with non-ASCII bytes is almost never another encoding, while pages that declare
    # latin-1 but serve UTF-8 are common: so UTF-8 first, then the declared charset, then cp1252.
    declared = _declared_charset(data[:4096])
    candidates = ["utf-8"] + ([declared] if declared else []) + ["cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


# --------------------------------------------------------------------------- helpers


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages that declare latin-1/ascii are almost always cp1252 in practice (as browsers assume).
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def _prepare(html: str | bytes, settings: HtmlSettings) -> str:
    """Validated, decoded markup with XML declarations dropped and fragments wrapped."""
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        if len(data) > settings.max_bytes:
            raise ValueError(f"HTML is {len(data)} bytes, over the limit of {settings.max_bytes}")
        text = decode_html(data)
    elif isinstance(html, str):
        text = html
    else:
        raise ValueError(f"expected HTML as str or bytes, got {type(html).__name__}")
    if not text.strip():
        raise ValueError("empty HTML input")
    if len(text) > settings.max_bytes:
        raise ValueError(f"HTML is {len(text)} characters, over the limit of {settings.max_bytes}")
    if _looks_binary(text):
        raise ValueError("binary data (control characters), not HTML")
    text = _CONTROL.sub("", text.lstrip("\ufeff"))
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input that declares an encoding
    if not _HAS_TAG.search(text):
        raise ValueError("input has no HTML markup")
    if not _HAS_DOCUMENT.search(text[:20000]):
        text = f"<html><body><div>{text}</div></body></html>"  # trafilatura wants a whole document
    return text


def _looks_binary(text: str) -> bool:
    """More than 5% control or replacement characters at the start: not a web page."""
    head = text[:4096]
    odd = sum(1 for ch in head if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7f <= ord(ch) < 0xa0)
    return odd > 0.05 * len(head)


def _main_extraction(markup: str, url: str | None, settings: HtmlSettings) -> Any:
    """trafilatura's Document for the page, or None when it finds nothing or the parser gives up."""
    try:
        return trafilatura.bare_extraction(
            markup,
            url=url,
            favor_precision=settings.favor_precision,
            favor_recall=settings.favor_recall,
            include_comments=False,
            include_tables=settings.include_tables,
            include_images=False,
            include_links=False,
            include_formatting=False,
            with_metadata=True,
            date_extraction_params=_date_params(),
        )
    except RecursionError:
        return None
    except Exception:  # noqa: BLE001 - a third-party parser failing on hostile markup is "no body"
        return None


def _date_params() -> dict[str, Any]:
    """htmldate's settings: the page's own date only (its metadata, time elements, URL), never a year found in
    the body text. With the extensive search on, a page with no date of its own was given "2011-01-01"
    because its text recalled "the war since March 2011"."""
    from trafilatura.settings import set_date_params

    params: dict[str, Any] = set_date_params(False)
    return params


def _metadata_only(markup: str, url: str | None) -> Any:
    """Title, date and site name when the main pass found no body (the fallback text is used)."""
    try:
        return trafilatura.extract_metadata(markup, default_url=url, date_config=_date_params(), extensive=False)
    except RecursionError:
        return None
    except Exception:  # noqa: BLE001 - see _main_extraction
        return None


def _baseline_text(markup: str) -> str:
    try:
        _, text, _ = trafilatura.baseline(markup)
    except RecursionError:
        return ""
    except Exception:  # noqa: BLE001 - see _main_extraction
        return ""
    return text or ""


def _paragraphs(text: str) -> str:
    """One paragraph per non-empty line, whitespace collapsed, joined by a blank line."""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _usable(text: str, settings: HtmlSettings) -> bool:
    """Enough text, with at least one paragraph that reads as prose rather than a menu."""
    if len(text) < settings.min_chars:
        return False
    return any(len(p.split()) >= settings.min_words_in_a_paragraph for p in text.split("\n\n"))


def _assemble(document: Any, text: str, url: str | None) -> HtmlExtract:
    if document is None:
        return HtmlExtract(title=None, text=text, published=None, url=url, source=None, metadata={})
    date = _clean_str(getattr(document, "date", None))
    metadata = {name: value for name in _METADATA_FIELDS if (value := _clean_str(getattr(document, name, None)))}
    return HtmlExtract(
        title=_clean_str(document.title),
        text=text,
        published=date if date and _DATE.match(date) else None,
        url=_clean_str(document.url) or url,
        source=_clean_str(document.sitename),
        metadata=metadata,
    )


def _clean_str(value: object) -> str | None:
    """A metadata value as one trimmed string (lists joined by commas), or None when empty."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set)):
        value = ", ".join(str(v).strip() for v in value if str(v).strip())
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None
