"""ASGI middleware that guards every request: security headers on each response, the Host and Origin
checks that stop DNS rebinding and cross-site writes, and errors contained to the request that raised
them.

- ``SecurityHeaders``: a strict Content-Security-Policy (no inline script, nothing from another
  origin), no sniffing, no framing, no referrer.
- ``GuardRequests``: a request whose ``Host`` is not one the server was told it is reached by gets 400
  (a page on another site cannot talk to the server through a name that resolves to 127.0.0.1); a
  write (POST, PUT, PATCH, DELETE) whose ``Origin`` is another site's gets 403, and one whose body is
  not declared JSON gets 415 (a cross-site form can send text/plain without a preflight; JSON needs
  one, which the server never grants).
- ``ContainErrors``: an exception no handler took becomes a plain 500 answer, logged, and the
  connection stays usable (an exception escaping to the server closes it, resetting the client's
  next request on it).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_JSON_TYPES = frozenset({"application/json"})


class SecurityHeaders:
    """Adds the security headers to every HTTP response (pages, API, static files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.raw if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


def host_name(value: str) -> str | None:
    """The host of a ``Host`` header or an origin, lower-cased, without port or IPv6 brackets
    (``"[::1]:8000"`` -> ``"::1"``); None when it does not parse."""
    text = value.strip()
    if not text or any(c.isspace() or ord(c) < 0x20 for c in text):
        return None
    try:
        parts = urlsplit(text if "//" in text else "//" + text)
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        return None
    return parts.hostname


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class GuardRequests:
    """Refuses requests for an unknown Host (400), cross-site writes (403) and writes whose body is not
    declared JSON (415)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        names = {h.strip().lower().strip("[]") for h in allowed_hosts if h.strip()}
        self.any_host = "*" in names
        self.allowed = frozenset(names - {"*"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self.problem(scope)
        if problem is not None:
            await _answer(send, *problem)
            return
        await self.app(scope, receive, send)

    def problem(self, scope: Scope) -> tuple[int, str] | None:
        """What is wrong with a request (status, reason), or None."""
        host_header = _header(scope, b"host")
        host = host_name(host_header) if host_header is not None else None
        if host is None or not (self.any_host or host in self.allowed):
            return 400, "unknown Host header: this server answers only to the names it was started with"
        if scope.get("method") not in _WRITES:
            return None
        origin = _header(scope, b"origin")
        if origin is not None and (origin == "null" or _origin_host(origin) != _origin_host(f"//{host_header}")):
            return 403, "cross-site request refused: the Origin is not this server"
        content_type = (_header(scope, b"content-type") or "").split(";", 1)[0].strip().lower()
        if content_type not in _JSON_TYPES:
            return 415, "send the body as JSON (Content-Type: application/json)"
        return None


def _origin_host(origin: str) -> tuple[str | None, int | None]:
    try:
        parts = urlsplit(origin)
        return parts.hostname, parts.port
    except ValueError:
        return None, None


class ContainErrors:
    """Turns an exception that escaped every handler into a 500 answer (logged), so it neither reaches
    the server (which would close the connection) nor shows a traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            log.exception("unhandled error serving %s", scope.get("path"))
            if started:  # too late for an answer of our own: the response is already going out
                raise
            await _answer(send, 500, "internal error")
