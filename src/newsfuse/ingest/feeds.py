"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds to a list of items.

A feed is only a list of pointers: each item has a link, maybe a full body (content:encoded,
Atom content) and a teaser (description, summary). `parse_feed` reads them with defusedxml's parser
(expat that refuses any document type declaration, entity declaration and external reference), after a
quick scan of the bytes for a DTD that gives the reason in plain words: entity expansion ("billion
laughs") and external entities cannot happen, whatever the document's encoding hides from the scan.
Namespaces are ignored: elements are matched by local name, which covers the many dialects seen in the
wild. Each item's date is normalised to ISO 8601 here (RFC 822 dates of RSS, RFC 3339 of Atom; UTC);
a date in another form is left as written for the article reader's looser parser.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from newsfuse.errors import InputError

__all__ = ["Feed", "FeedItem", "feed_date", "looks_like_feed", "parse_feed", "refuse_dtd"]

_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->)*<\s*(?:[\w.-]+:)?(rss|feed|rdf)\b", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed."""

    title: str | None
    link: str | None
    published: str | None  # ISO 8601 (UTC) when the feed's date could be read, else as written
    content: str | None  # the full body, when the feed carries it
    summary: str | None  # the teaser (RSS description, Atom summary)
    content_is_html: bool = True
    guid: str | None = None  # RSS guid / Atom id, as written


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its own title and link, and its first items."""

    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]
    left_out: int = 0  # items after the first `max_items`, not read (the caller reports them)


def looks_like_feed(data: bytes) -> bool:
    """True when the document's root element is rss, feed (Atom) or rdf:RDF."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_ROOT.match(head))


def refuse_dtd(data: bytes) -> None:
    """Raise InputError when the document declares a DTD or entities: no DTD or entity is ever processed.

    Checked before anything else looks at the document, so that the reason given is the true one (a
    DOCTYPE before the root element also hides the root from `looks_like_feed`).
    """
    if _DOCTYPE.search(data[:65536]) or _DOCTYPE.search(data):
        raise InputError("refused: feeds with a DTD are refused (this one declares a DTD or entities; "
                         "no DTD or entity is ever processed)")


def parse_feed(data: bytes, max_items: int = 200, max_depth: int = 256) -> Feed:
    """Items of an RSS or Atom document; raises InputError when it is not a feed or not well formed,
    declares a DTD, or nests elements more than `max_depth` deep."""
    refuse_dtd(data)
    parser = DefusedXMLParser(target=_DepthLimitedBuilder(max_depth), forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:  # a DTD the byte scan could not see (another encoding)
        raise InputError("refused: feeds with a DTD are refused (this one declares a DTD or entities; "
                         f"no DTD or entity is ever processed: {type(exc).__name__})") from exc
    except ET.ParseError as exc:
        raise InputError(f"malformed feed XML: {exc}") from exc
    except (ValueError, RecursionError) as exc:  # pragma: no cover - expat guards
        raise InputError(f"malformed feed XML: {exc}") from exc
    kind = _local(root.tag).lower()
    if kind not in {"rss", "feed", "rdf"}:
        raise InputError(f"not an RSS or Atom feed (root element <{_local(root.tag)}>)")
    channel = next((e for e in root if _local(e.tag) == "channel"), root)
    entries = [e for e in root.iter() if _local(e.tag) in {"item", "entry"}]
    items = tuple(_item(e) for e in entries[:max_items])
    return Feed(title=_text(_child(channel, "title")), link=_link(channel), items=items,
                left_out=max(0, len(entries) - max_items))


# --------------------------------------------------------------------------- helpers


class _DepthLimitedBuilder(ET.TreeBuilder):
    """A tree builder that refuses documents nested deeper than `max_depth` elements.

    ElementTree serialises and walks trees recursively: content nested ~1,000 deep raises RecursionError
    later, far from the parser. No real feed nests that deep, so the document is refused while it is read.
    """

    def __init__(self, max_depth: int) -> None:
        super().__init__()
        self._depth = 0
        self._max_depth = max_depth

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self._depth += 1
        if self._depth > self._max_depth:
            raise InputError(f"feed XML is too deeply nested (more than {self._max_depth} elements deep)")
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        self._depth -= 1
        return super().end(tag)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for child in element:
            if _local(child.tag) == name:
                return child
    return None


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(element.itertext()).strip()
    return text or None


def _link(element: ET.Element) -> str | None:
    """RSS <link>text</link>, Atom <link rel="alternate" href=...>, or a permalink guid."""
    fallback = None
    for child in element:
        if _local(child.tag) != "link":
            continue
        href = child.get("href")
        if href:
            if child.get("rel", "alternate") == "alternate":
                return href.strip()
            fallback = fallback or href.strip()
        elif child.text and child.text.strip():
            return child.text.strip()
    guid = _child(element, "guid", "id")
    if (guid is not None and guid.text and guid.text.strip().startswith(("http://", "https://"))
            and guid.get("isPermaLink", "true").lower() != "false"):
        return guid.text.strip()
    return fallback


def _content(element: ET.Element | None) -> tuple[str | None, bool]:
    """Body text and whether it is HTML; Atom xhtml content is serialised back to markup."""
    if element is None:
        return None, True
    kind = (element.get("type") or "html").lower()
    if kind == "xhtml" or (len(element) and not (element.text or "").strip()):
        markup = "".join(ET.tostring(child, encoding="unicode") for child in element)
        return (markup.strip() or None), True
    text = (element.text or "").strip() or None
    return text, kind != "text"


def _item(element: ET.Element) -> FeedItem:
    content, is_html = _content(_child(element, "encoded", "content"))
    summary = _child(element, "description", "summary")
    published = _text(_child(element, "pubDate", "published", "date", "issued", "updated", "modified"))
    return FeedItem(
        title=_text(_child(element, "title")),
        link=_link(element),
        published=feed_date(published),
        content=content,
        summary=(summary.text or "").strip() or None if summary is not None else None,
        content_is_html=is_html,
        guid=_text(_child(element, "guid", "id")),
    )


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$")


def feed_date(value: str | None) -> str | None:
    """A feed's date as ISO 8601: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC; a time without a zone is
    taken as UTC). RFC 822 ("Tue, 04 Mar 2025 08:00:00 GMT", RSS) and RFC 3339 ("2025-03-04T09:00:00+01:00",
    Atom) are read here; anything else comes back as written (the article reader tries harder)."""
    if not value:
        return None
    text = value.strip()
    when: dt.datetime | None = None
    if _RFC3339.match(text):
        try:
            when = dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
        except ValueError:
            return text
        if len(text) == 10:
            return when.date().isoformat()
    else:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return text
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
