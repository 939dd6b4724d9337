"""Canonical URLs: one URL per article, whichever way it was reached.

The same article reaches us under many URLs: with tracking parameters (``utm_*``, ``fbclid``, ``gclid``),
with a ``#fragment``, as its AMP version (``amp.`` host, an ``/amp/`` path segment, ``?amp``, Google's AMP
cache) or under the ``<link rel="canonical">`` the page itself declares. ``canonical_url`` maps a URL to
its canonical form (tracking parameters and fragment dropped, host lower case, AMP forms mapped to their
originals); ``page_links`` reads a page's ``rel=canonical`` and ``rel=amphtml`` links, and
``page_canonical`` decides which URL an article fetched from a URL is stored under: the page's own
canonical link when it names the same site (a page cannot claim another site's URL), else the fetched
URL, canonicalised.

Article ids hash the article's URL with its outlet, title and text, so the canonical URL is what keeps the
same article, fetched twice under two URLs, one article; ``watch`` keeps its seen-set by canonical URL.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, unquote_plus, urljoin, urlsplit, urlunsplit

__all__ = ["canonical_url", "is_amp_url", "page_canonical", "page_links", "same_site"]

# query parameters that only say how a reader arrived (campaigns, click ids), never which page
_TRACKING = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
                       "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ito"})
_TRACKING_PREFIXES = ("utm_",)
_AMP_QUERY = frozenset({"amp", "amp_js_v", "usqp", "outputtype", "_amp", "amp_gsa"})
_AMP_QUERY_VALUES = {"outputtype": "amp"}  # dropped only with this value
_AMP_CACHE = re.compile(r"\.cdn\.ampproject\.org$|\.ampproject\.net$")
_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gob", "nic"})


def canonical_url(url: str) -> str:
    """`url` with tracking parameters and the fragment dropped, scheme and host in lower case, the default
    port dropped and an AMP form mapped to its original; a string that is not an http(s) URL comes back
    unchanged."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return url
    host = parts.hostname.rstrip(".").lower()
    path, query = parts.path or "/", parts.query
    if _AMP_CACHE.search(host):  # Google's AMP cache: /c/s/www.example.com/path (s: https)
        origin = _amp_cache_origin(path, query)
        if origin is not None:
            return canonical_url(origin)
    if host.startswith("amp.") and host.count(".") >= 2:
        host = host[4:]
    path = _amp_path(path)
    kept = [piece for piece in query.split("&") if piece and not _dropped(*_pair(piece))]
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != (443 if scheme == "https" else 80):
        netloc += f":{port}"
    if parts.username or parts.password:  # kept as given (fetching refuses them anyway)
        netloc = f"{parts.netloc.rsplit('@', 1)[0]}@{netloc}"
    return urlunsplit((scheme, netloc, path, "&".join(kept), ""))


def is_amp_url(url: str) -> bool:
    """True when `url` has one of the AMP forms ``canonical_url`` maps to an original."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    path = parts.path or "/"
    return (host.startswith("amp.") or bool(_AMP_CACHE.search(host)) or _amp_path(path) != path
            or "amp" in query or query.get("outputtype", "").lower() == "amp")


def same_site(a: str, b: str) -> bool:
    """Whether two URLs belong to one site (the same registrable domain, roughly: ``www.``, ``amp.`` and
    ``m.`` aside, the last two labels, or three under ``co.uk``-style second levels)."""
    return bool(_site(a)) and _site(a) == _site(b)


def page_links(markup: str | bytes, base: str | None = None) -> dict[str, str]:
    """The page's ``<link rel="canonical">`` and ``<link rel="amphtml">`` targets (absolute, made so
    against `base`), read from the first 256 KB of markup: {"canonical": url, "amphtml": url}."""
    data = markup.encode("utf-8", "replace") if isinstance(markup, str) else markup
    head = data[:262_144]
    found: dict[str, str] = {}
    for tag in _LINK_TAG.findall(head):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"") for m in _ATTR.finditer(tag)}
        rels = attrs.get(b"rel", b"").decode("ascii", "replace").lower().split()
        href = attrs.get(b"href", b"").decode("utf-8", "replace").strip()
        if not href or len(href) > 2048:
            continue
        target = urljoin(base, href) if base else href
        if not target.lower().startswith(("http://", "https://")):
            continue
        for rel in ("canonical", "amphtml"):
            if rel in rels and rel not in found:
                found[rel] = target
    return found


def page_canonical(fetched_url: str | None, markup: str | bytes) -> tuple[str | None, dict[str, str]]:
    """The URL an article read from `markup` (fetched from `fetched_url`) is stored under, and what to keep
    in its metadata: ``fetched_url`` when the URL changed, ``amphtml`` when the page names its AMP version.

    The page's ``rel=canonical`` wins when it is on the same site as the fetched URL (an AMP page names its
    original this way); a canonical link to another site is ignored. With no URL given, the page's
    canonical link is the article's URL.
    """
    links = page_links(markup, fetched_url)
    meta: dict[str, str] = {}
    declared = links.get("canonical")
    own = fetched_url is None or (declared is not None and same_site(declared, fetched_url))
    chosen = declared if own else fetched_url
    url = canonical_url(chosen) if chosen else None
    if fetched_url and url != fetched_url:
        meta["fetched_url"] = fetched_url
    if "amphtml" in links:
        meta["amphtml"] = links["amphtml"]
    return url, meta


# --------------------------------------------------------------------------- helpers


def _pair(piece: str) -> tuple[str, str]:
    key, _, value = piece.partition("=")
    return unquote_plus(key), unquote_plus(value)


def _dropped(key: str, value: str) -> bool:
    name = key.lower()
    if name in _TRACKING or name.startswith(_TRACKING_PREFIXES):
        return True
    if name in _AMP_QUERY:
        wanted = _AMP_QUERY_VALUES.get(name)
        return wanted is None or value.lower() == wanted
    return False


def _amp_path(path: str) -> str:
    """The path with an AMP segment removed: /amp/news/x, /news/x/amp, /news/x/amp/, /news/x.amp.html."""
    segments = path.split("/")
    if "amp" in (s.lower() for s in segments):
        kept = [s for s in segments if s.lower() != "amp"]
        path = "/".join(kept) or "/"
        if not path.startswith("/"):
            path = "/" + path
        path = re.sub(r"/{2,}", "/", path)
    return re.sub(r"\.amp(\.html?)?$", lambda m: m.group(1) or "", path, flags=re.IGNORECASE)


def _amp_cache_origin(path: str, query: str) -> str | None:
    """The original URL of a Google AMP cache path (/c/s/host/path, /v/s/host/path, /i/s/...)."""
    match = re.match(r"^/[cvi]/(s/)?([^/]+)(/.*)?$", path)
    if not match:
        return None
    scheme = "https" if match.group(1) else "http"
    origin = f"{scheme}://{unquote(match.group(2))}{match.group(3) or '/'}"
    return origin + (f"?{query}" if query else "")


def _site(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""
    if _AMP_CACHE.search(host):
        try:
            parts = urlsplit(url)
        except ValueError:
            return ""
        origin = _amp_cache_origin(parts.path, parts.query)
        return _site(origin) if origin else ""
    labels = [label for label in host.split(".") if label]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
