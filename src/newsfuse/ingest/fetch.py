"""Fetching web pages and feeds without becoming a door into the local network (SSRF-safe).

`fetch_url` downloads one http(s) URL with httpx under hard limits: connect/read timeouts and a
wall-clock deadline, a size cap enforced while streaming (compressed bodies are inflated with a bound),
a redirect limit, and a content-type check. Redirects are followed here, one hop at a time, and
every hop's host is resolved and checked again.

The deadline (`FetchSettings.max_seconds`) covers the whole fetch: connecting, sending, response
headers, body, every redirect. httpx's timeouts bound each socket operation, so a server trickling
one header line every few seconds would never trip them; the connections are therefore made through
an httpcore network backend that shortens every connect, read and write to the time left.

Address policy: the host name is resolved first, and the request is refused when ANY of its
addresses is loopback, private, link-local, multicast, reserved, unspecified or otherwise not a
public (global) address, unless `FetchSettings.allow_private` is set or the address lies in one of
`FetchSettings.trusted_networks`. The connection then goes to the checked address itself (the Host
header and TLS server name keep the original name), so a second DNS answer cannot swap in another
address between check and use (DNS rebinding). Proxies from the environment are ignored, since a
proxy would make the check meaningless.

Every failure is a `FetchError` whose message says which rule refused or what went wrong.

Conditional GET (``newsfuse watch``): `fetch_url(..., validators=...)` sends ``If-None-Match`` /
``If-Modified-Since`` from an earlier response's ``ETag`` / ``Last-Modified``; a 304 answer comes back as a
`Fetched` with ``status`` 304 and no body, and every response carries its own validators.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newsfuse.config import FetchSettings
from newsfuse.errors import FetchError

__all__ = ["Fetched", "FEED_TYPES", "PAGE_TYPES", "address_problem", "check_url", "fetch_url",
           "is_url", "resolve_host"]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "application/feed+xml"})
_REDIRECTS = {301, 302, 303, 307, 308}
# RFC 6761 / 2606 special-use names: never public internet hosts.
_LOOPBACK_NAMES = ("localhost",)
_SPECIAL_DOMAINS = ("invalid", "test", "example", "local", "internal", "localdomain", "home.arpa", "lan")
_ALLOW_HINT = " (use --allow-private to allow)"

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class Fetched:
    """One downloaded body and where it really came from."""

    url: str  # the URL asked for
    final_url: str  # the URL after redirects
    content_type: str  # media type, lower case, without parameters ("text/html")
    charset: str | None  # declared in the Content-Type header, if any
    data: bytes
    status: int = 200  # 304: not modified since the validators sent (no body)
    etag: str | None = None  # the response's validators, for the next conditional GET
    last_modified: str | None = None


def is_url(text: str) -> bool:
    """True for an absolute URL with a scheme (http://, https://, ftp://, file:// ...)."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme[:1].isalpha() and all(c.isalnum() or c in "+.-" for c in scheme)


def resolve_host(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (IP literals come back as themselves)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {getattr(exc, 'strerror', None) or exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r}: no address")
    return addresses


def address_problem(address: str, settings: FetchSettings = FetchSettings()) -> str | None:
    """Why a connection to this IP address is refused, or None when it is allowed.

    The rule is "globally reachable" (`ipaddress`'s is_global, completed by `_NOT_GLOBAL`), with
    `allow_private` and `trusted_networks` as the only exceptions. An IPv4 address carried inside an IPv6
    one (IPv4-mapped, NAT64, 6to4, Teredo) is checked too: ::ffff:127.0.0.1 and 64:ff9b::7f00:1 reach
    127.0.0.1.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"{address!r} is not an IP address"
    if settings.allow_private or _trusted(ip, settings):
        return None
    inner = _embedded_ipv4(ip)
    if inner is not None:
        problem = address_problem(str(inner), settings)
        if problem:
            return f"{address} embeds {problem}"
        if _translated(ip):  # the connection goes to the embedded address, which passed
            return None
    for test, kind in (("is_unspecified", "an unspecified"), ("is_loopback", "a loopback"),
                       ("is_link_local", "a link-local"), ("is_multicast", "a multicast"),
                       ("is_reserved", "a reserved"), ("is_private", "a private")):
        if getattr(ip, test):
            return f"{address} is {kind} address"
    block = _special_block(ip)
    if block:
        return f"{address} is not a public internet address ({block})"
    if not ip.is_global:
        return f"{address} is not a public internet address"
    return None


# Blocks that IANA's special-purpose address registries mark as not globally reachable. Python's own
# tables have been corrected over time (3.11.7 calls 192.0.0.8 global; 3.12.4 and 3.13 do not), so the
# registries are written out here: an address is refused when either says it is not global.
_NOT_GLOBAL: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "this network"), ("10.0.0.0/8", "private use"), ("100.64.0.0/10", "shared address space"),
    ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private use"),
    ("192.0.0.0/24", "IETF protocol assignments"), ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "deprecated 6to4 relay anycast"), ("192.168.0.0/16", "private use"),
    ("198.18.0.0/15", "benchmarking"), ("198.51.100.0/24", "documentation"), ("203.0.113.0/24", "documentation"),
    ("240.0.0.0/4", "reserved"), ("255.255.255.255/32", "limited broadcast"),
    ("::/128", "unspecified"), ("::1/128", "loopback"), ("::ffff:0:0/96", "IPv4-mapped"),
    ("64:ff9b:1::/48", "local-use IPv4/IPv6 translation"), ("100::/64", "discard-only"),
    ("100:0:0:1::/64", "dummy prefix"), ("2001::/23", "IETF protocol assignments"),
    ("2001:db8::/32", "documentation"), ("2002::/16", "6to4"), ("3fff::/20", "documentation"),
    ("5f00::/16", "segment routing"), ("fc00::/7", "unique local"), ("fe80::/10", "link-local"),
    ("fec0::/10", "deprecated site-local"),
)
# Globally reachable blocks inside the ones above (anycast services, AMT, AS112, ORCHIDv2, drone ids).
_GLOBAL_INSIDE = ("192.0.0.9/32", "192.0.0.10/32", "2001:1::1/128", "2001:1::2/128", "2001:1::3/128",
                  "2001:3::/32", "2001:4:112::/48", "2001:20::/28", "2001:30::/28")
_NOT_GLOBAL_NETS = tuple((ipaddress.ip_network(cidr), name) for cidr, name in _NOT_GLOBAL)
_GLOBAL_INSIDE_NETS = tuple(ipaddress.ip_network(cidr) for cidr in _GLOBAL_INSIDE)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits


def _special_block(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """The name of the not globally reachable block `ip` lies in, or None."""
    if any(ip.version == net.version and ip in net for net in _GLOBAL_INSIDE_NETS):
        return None
    return next((name for net, name in _NOT_GLOBAL_NETS if ip.version == net.version and ip in net), None)


def _translated(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for IPv6 forms whose packets are delivered to the embedded IPv4 address (mapped, NAT64)."""
    return isinstance(ip, ipaddress.IPv6Address) and (ip.ipv4_mapped is not None or ip in _NAT64)


def check_url(url: str, settings: FetchSettings = FetchSettings(),
              resolver: Resolver = resolve_host) -> tuple[str, int, str]:
    """Validate one URL before connecting: returns (host, port, the address to connect to).

    Raises FetchError for a scheme other than http/https, credentials in the URL, a special-use
    host name, or any resolved address the policy refuses.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
        httpx.URL(url)  # what httpx cannot send (a control character, a bad path) is refused here, not later
    except (ValueError, httpx.InvalidURL) as exc:
        raise FetchError(f"malformed URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"refused: URL scheme {scheme or '(none)'!r} is not http or https")
    if parts.username is not None or parts.password is not None:
        raise FetchError("refused: URLs with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise FetchError(f"malformed URL {url!r}: no host")
    port = port or (443 if scheme == "https" else 80)
    addresses = _special_name(host, settings)
    if addresses is None:
        addresses = resolver(host, port)
    for address in addresses:
        problem = address_problem(address, settings)
        if problem:
            shown = "" if address == host else f"{host} resolves to "
            raise FetchError(f"refused: {shown}{problem}{_ALLOW_HINT}")
    return host, port, addresses[0]


def fetch_url(url: str, settings: FetchSettings = FetchSettings(), *, resolver: Resolver = resolve_host,
              accept: frozenset[str] = PAGE_TYPES | FEED_TYPES,
              transport: httpx.BaseTransport | None = None,
              validators: Mapping[str, str | None] | None = None) -> Fetched:
    """Download one page or feed under the limits and address policy of `settings`.

    `validators` ({"etag": ..., "last_modified": ...}, from an earlier `Fetched`) make it a conditional
    GET: an answer 304 Not Modified is returned as a `Fetched` with status 304 and no body."""
    conditional = _conditional_headers(validators)
    deadline = time.monotonic() + settings.max_seconds
    timeout = httpx.Timeout(settings.timeout)
    current = url
    transport = transport or _DeadlineTransport(deadline)
    with httpx.Client(trust_env=False, follow_redirects=False, timeout=timeout, transport=transport) as client:
        for _hop in range(settings.max_redirects + 1):
            host, port, address = check_url(current, settings, resolver)
            try:
                request = _pinned_request(client, current, host, port, address, settings, conditional)
            except httpx.InvalidURL as exc:
                raise FetchError(f"malformed URL {current!r}: {exc}") from exc
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                if time.monotonic() >= deadline:
                    raise FetchError(_too_long(settings, current)) from exc
                raise FetchError(f"timed out after {settings.timeout:g} s fetching {current}") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {current}: {exc}") from exc
            except httpx.InvalidURL as exc:  # httpx builds the next request of a redirect inside send()
                raise FetchError(f"malformed redirect from {current}: {exc}") from exc
            try:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without a Location header")
                    current = urljoin(current, location.strip())
                    continue
                if response.status_code == 304 and conditional:
                    return Fetched(url=url, final_url=current, content_type="", charset=None, data=b"", status=304,
                                   etag=response.headers.get("etag") or (validators or {}).get("etag"),
                                   last_modified=response.headers.get("last-modified")
                                   or (validators or {}).get("last_modified"))
                if not 200 <= response.status_code < 300:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase} from {current}")
                media, charset = content_type(response.headers.get("content-type", ""))
                data = _read_body(response, settings, deadline, current)
            finally:
                response.close()
            media = media or _sniff(data)
            if media not in accept:
                wanted = ", ".join(sorted(accept))
                raise FetchError(f"refused: content type {media or '(none)'!r} is not one of {wanted}")
            return Fetched(url=url, final_url=current, content_type=media, charset=charset, data=data,
                           status=response.status_code, etag=response.headers.get("etag"),
                           last_modified=response.headers.get("last-modified"))
    raise FetchError(f"refused: more than {settings.max_redirects} redirects (the limit) starting at {url}")


# --------------------------------------------------------------------------- helpers


def _trusted(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, settings: FetchSettings) -> bool:
    for cidr in settings.trusted_networks:
        try:
            if ip in ipaddress.ip_network(cidr, strict=False):
                return True
        except (ValueError, TypeError):
            continue
    return False


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, NAT64 (64:ff9b::/96), 6to4 or Teredo IPv6 address."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
    return None


def _special_name(host: str, settings: FetchSettings) -> list[str] | None:
    """Addresses for special-use names that must not reach DNS, or None for an ordinary name."""
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return ["127.0.0.1"]
    if host == "invalid" or host.endswith(".invalid"):
        raise FetchError(f"refused: {host} is under the special-use domain .invalid, which never resolves")
    if not settings.allow_private:
        for domain in _SPECIAL_DOMAINS:
            if host == domain or host.endswith("." + domain):
                raise FetchError(f"refused: {host} is under the special-use domain .{domain}, "
                                 f"not a public internet name{_ALLOW_HINT}")
    return None


def _conditional_headers(validators: Mapping[str, str | None] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from stored validators (values with line breaks are dropped)."""
    headers: dict[str, str] = {}
    for key, header in (("etag", "If-None-Match"), ("last_modified", "If-Modified-Since")):
        value = (validators or {}).get(key)
        if value and len(value) <= 1024 and value.isprintable():
            headers[header] = value.strip()
    return headers


def _pinned_request(client: httpx.Client, url: str, host: str, port: int, address: str,
                    settings: FetchSettings, extra: Mapping[str, str] | None = None) -> httpx.Request:
    """A request that connects to the checked address while naming the original host."""
    target = httpx.URL(url)
    default_port = 443 if target.scheme == "https" else 80
    host_header = host if port == default_port else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
    headers = {"Host": host_header, "User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate",
               "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                         "application/xml;q=0.9,text/plain;q=0.8", **(extra or {})}
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    return client.build_request("GET", target.copy_with(host=address), headers=headers, extensions=extensions)


def content_type(header: str) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header, lower case (charset None when not given)."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _sniff(data: bytes) -> str:
    """A media type for a body served without Content-Type (HTML and feeds only)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "application/xml"
    return ""


def _too_long(settings: FetchSettings, url: str) -> str:
    return f"refused: fetching {url} took longer than the limit of {settings.max_seconds:g} s (stopped)"


def _read_body(response: httpx.Response, settings: FetchSettings, deadline: float, url: str) -> bytes:
    """The body, inflated with a bound; stops as soon as it passes the size cap or the deadline."""
    limit = settings.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"refused: response is {int(declared)} bytes, over the limit of {limit} bytes")
    buffer = bytearray()
    try:
        for chunk in _inflate(response, limit):
            buffer += chunk
            if len(buffer) > limit:
                raise FetchError(f"refused: response is over the limit of {limit} bytes (download stopped)")
            if time.monotonic() > deadline:
                raise FetchError(_too_long(settings, url))
    except httpx.TimeoutException as exc:
        if time.monotonic() >= deadline:
            raise FetchError(_too_long(settings, url)) from exc
        raise FetchError("timed out while reading the response") from exc
    return bytes(buffer)


def _inflate(response: httpx.Response, limit: int) -> Iterator[bytes]:
    """Raw body chunks, decompressed for gzip/deflate with at most limit+1 bytes out of each step."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    try:
        raw = response.iter_raw()
        if encoding in {"", "identity"}:
            yield from raw
            return
        if encoding not in {"gzip", "x-gzip", "deflate"}:
            raise FetchError(f"refused: unsupported content encoding {encoding!r}")
        inflater = zlib.decompressobj(47 if "gzip" in encoding else 15)
        for chunk in raw:
            data = chunk
            while data:
                out = inflater.decompress(data, limit + 1)
                yield out
                data = inflater.unconsumed_tail
    except zlib.error as exc:
        raise FetchError(f"corrupt {encoding} body: {exc}") from exc
    except httpx.TimeoutException:
        raise  # the caller tells a read timeout from the deadline
    except httpx.HTTPError as exc:
        raise FetchError(f"error while reading the response: {exc}") from exc


# --------------------------------------------------------------------------- the wall-clock deadline


def _time_left(deadline: float, timeout: float | None, error: type[Exception]) -> float:
    """The timeout for one socket operation: `timeout` shortened to the time left before `deadline`.

    Raises `error` (an httpcore timeout, which httpx reports as its own) once the deadline has passed.
    """
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the wall-clock limit of the fetch was reached")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(self._deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(self._deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        # the standard library bounds the whole TLS handshake by the socket timeout given here
        stream = self._stream.start_tls(ssl_context, server_hostname,
                                        _time_left(self._deadline, timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, with every connection bounded by one wall-clock deadline."""

    def __init__(self, deadline: float) -> None:
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, _time_left(self._deadline, timeout, httpcore.ConnectTimeout),
                                           local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("fetching never uses Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_CORE_ERRORS = (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol, httpcore.ProxyError)


def _as_httpx_error(exc: Exception) -> httpx.TransportError:
    """httpcore's error as the httpx error of the same kind (a timeout stays a timeout)."""
    if isinstance(exc, httpcore.TimeoutException):
        return httpx.TimeoutException(str(exc) or type(exc).__name__)
    return httpx.TransportError(str(exc) or type(exc).__name__)


class _DeadlineBody(httpx.SyncByteStream):
    """A response body from httpcore, its errors raised as httpx errors."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except (httpcore.TimeoutException, *_CORE_ERRORS) as exc:
            raise _as_httpx_error(exc) from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class _DeadlineTransport(httpx.BaseTransport):
    """HTTP/1.1 over an httpcore connection pool whose connections keep the fetch's deadline.

    httpx's own HTTPTransport takes no network backend, hence this small transport: the request and
    response are handed over as httpx's does, and httpcore errors become the httpx errors of their kind.
    """

    def __init__(self, deadline: float) -> None:
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), http1=True, http2=False,
                                             network_backend=_DeadlineBackend(deadline))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                             target=request.url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self._pool.handle_request(core_request)
        except (httpcore.TimeoutException, *_CORE_ERRORS) as exc:
            raise _as_httpx_error(exc) from exc
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_DeadlineBody(response.stream),  # type: ignore[arg-type]
                              extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()
