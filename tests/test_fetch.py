"""URL and feed inputs against a real HTTP server on 127.0.0.1: the SSRF guard, limits and feeds.

No traffic goes anywhere but 127.0.0.1: every other address in these tests is refused before any
connection is made (that refusal is what they prove).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from localserver import serve
from newsfuse.cli import main
from newsfuse.config import FetchSettings, IngestSettings
from newsfuse.errors import FetchError
from newsfuse.ingest import load_inputs
from newsfuse.ingest.feeds import parse_feed
from newsfuse.ingest.fetch import address_problem, check_url, fetch_url

PARAGRAPHS = (
    "The harbour authority said on Monday that the northern breakwater would be rebuilt over two years "
    "after storms cracked the concrete in three places.",
    "Engineers estimated the cost at 41 million euros, and the regional government agreed to pay half of it, "
    "according to a statement released by the authority.",
    "Fishing crews said the work was overdue, while shop owners near the quay worried about the noise and "
    "the closure of the promenade during the summer season.",
)
PAGE = ("<!doctype html><html><head><title>Breakwater to be rebuilt</title></head><body><article>"
        "<h1>Breakwater to be rebuilt</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article></body></html>").encode()
INLINE = ("<p>The city library will stay open until midnight during the exam weeks, the council said, "
          "after students collected more than two thousand signatures for longer hours.</p>"
          "<p>The extra hours cost about 60,000 euros a year, a spokeswoman for the council said.</p>")


def _feed(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour Gazette</title><link>{base}/</link>
<item><title>Library opens late</title><link>{base}/library</link><pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[{INLINE}]]></content:encoded></item>
<item><title>Breakwater to be rebuilt</title><link>/page</link></item>
<item><title>A picture</title><link>{base}/image</link></item>
</channel></rss>""".encode()


class _Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str | None, extra: dict[str, str] | None = None,
              length: bool = True) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        parts = urlsplit(self.path)
        self.hits.append((parts.path, self.headers.get("Host", "")))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if parts.path in {"/page", "/library"}:
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif parts.path == "/text":
            self._send(200, "\n\n".join(("Breakwater rebuilt", *PARAGRAPHS)).encode("cp1252"),
                       "text/plain; charset=windows-1252")
        elif parts.path == "/feed.xml":
            self._send(200, _feed(base), "application/rss+xml")
        elif parts.path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        elif parts.path == "/big":  # no Content-Length: the client must count while streaming
            self._send(200, b"<html><body>" + b"<p>word word word word word</p>" * 40_000, "text/html",
                       length=False)
        elif parts.path == "/biglen":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "900000000")
            self.end_headers()
        elif parts.path == "/bomb":
            self._send(200, gzip.compress(b" " * 20_000_000), "text/html", {"Content-Encoding": "gzip"})
        elif parts.path.startswith("/redirect/"):
            left = int(parts.path.rsplit("/", 1)[1])
            target = "/page" if left <= 0 else f"/redirect/{left - 1}"
            self._send(302, b"", None, {"Location": target})
        elif parts.path == "/to":
            self._send(302, b"", None, {"Location": parse_qs(parts.query)["url"][0]})
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as base:
        yield base


ALLOW = FetchSettings(allow_private=True, timeout=5)
# Only the test server's own address is trusted: every other private address stays refused.
TRUST_SERVER = FetchSettings(trusted_networks=("127.0.0.1/32",), timeout=5)


def test_loopback_refused_by_default_before_connecting(server: str) -> None:
    _Handler.hits.clear()
    with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.1 is a loopback address \(use --allow-private"):
        fetch_url(f"{server}/page")
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="localhost resolves to 127.0.0.1 is a loopback address"):
        fetch_url(f"http://localhost:{port}/page")
    assert _Handler.hits == []  # refused before any connection


def test_allowed_with_allow_private(server: str) -> None:
    fetched = fetch_url(f"{server}/page", ALLOW)
    assert fetched.content_type == "text/html"
    assert fetched.data == PAGE
    assert fetched.final_url == f"{server}/page"


def test_redirects_are_followed_up_to_the_limit(server: str) -> None:
    fetched = fetch_url(f"{server}/redirect/2", ALLOW)
    assert fetched.final_url == f"{server}/page"
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch_url(f"{server}/redirect/10", FetchSettings(allow_private=True, max_redirects=3))


def test_size_cap_while_streaming_declared_and_compressed(server: str) -> None:
    small = FetchSettings(allow_private=True, max_bytes=100_000)
    with pytest.raises(FetchError, match="over the limit of 100000 bytes .download stopped"):
        fetch_url(f"{server}/big", small)
    with pytest.raises(FetchError, match="900000000 bytes, over the limit of 100000"):
        fetch_url(f"{server}/biglen", small)
    with pytest.raises(FetchError, match="over the limit of 100000 bytes"):
        fetch_url(f"{server}/bomb", small)  # 20 MB of gzip-inflated spaces: stopped at the cap


def test_wrong_content_type_and_http_errors(server: str) -> None:
    with pytest.raises(FetchError, match="content type 'image/png' is not one of"):
        fetch_url(f"{server}/image", ALLOW)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{server}/missing", ALLOW)


@pytest.mark.parametrize(("target", "rule"), [
    ("http://127.0.0.2:{port}/page", "127.0.0.2 is a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
    ("http://[::ffff:127.0.0.2]:{port}/", "::ffff:7f00:2 embeds 127.0.0.2 is a loopback address"),
    ("http://[::1]:{port}/", "::1 is a loopback address"),
    ("http://0.0.0.0:{port}/", "0.0.0.0 is an unspecified address"),
    ("file:///etc/passwd", "URL scheme 'file' is not http or https"),
    ("http://router.internal/", "special-use domain .internal"),
])
def test_redirect_to_private_address_is_refused(server: str, target: str, rule: str) -> None:
    _Handler.hits.clear()
    port = server.rsplit(":", 1)[1]
    url = f"{server}/to?url={target.format(port=port)}"
    with pytest.raises(FetchError, match="refused: .*" + rule.replace(".", r"\.").replace("[", r"\[")):
        fetch_url(url, TRUST_SERVER)
    assert [path for path, _ in _Handler.hits] == ["/to"]  # the redirect target was never contacted


def test_connection_is_pinned_to_the_checked_address(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    calls: list[str] = []

    def resolver(host: str, _port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    _Handler.hits.clear()
    fetched = fetch_url(f"http://pinned.news:{port}/page", TRUST_SERVER, resolver=resolver)
    assert fetched.data == PAGE
    assert calls == ["pinned.news"]  # resolved once, then the connection used that address
    assert _Handler.hits == [("/page", f"pinned.news:{port}")]  # the server still sees the real host name

    def rebinding(host: str, _port: int) -> list[str]:
        return ["93.184.216.34", "127.0.0.2"]  # one public and one private answer: refused

    with pytest.raises(FetchError, match="pinned.news resolves to 127.0.0.2 is a loopback"):
        fetch_url(f"http://pinned.news:{port}/page", TRUST_SERVER, resolver=rebinding)


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"), ("224.0.0.251", "multicast"), ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "not a public"), ("::1", "loopback"), ("fe80::1", "link-local"),
    ("fc00::1", "private"), ("ff02::1", "multicast"), ("::", "unspecified"), ("::ffff:10.0.0.1", "private"),
    ("2002:a00:1::", "private"),  # 6to4 of 10.0.0.1
])
def test_address_rules(address: str, kind: str) -> None:
    problem = address_problem(address)
    assert problem is not None and kind in problem
    assert address_problem(address, FetchSettings(allow_private=True)) is None


def test_public_addresses_pass_without_any_lookup() -> None:
    for address in ("93.184.216.34", "2606:4700:4700::1111", "8.8.8.8"):
        assert address_problem(address) is None
    assert check_url("https://93.184.216.34/news") == ("93.184.216.34", 443, "93.184.216.34")
    with pytest.raises(FetchError, match="user name or password"):
        check_url("http://user:secret@93.184.216.34/")
    with pytest.raises(FetchError, match=r"\.invalid"):
        check_url("http://nowhere.invalid/", FetchSettings(allow_private=True))


def test_url_inputs_in_load_inputs(server: str) -> None:
    refused = load_inputs([f"{server}/page"])
    assert refused.articles == ()
    [rejection] = refused.rejected
    assert rejection.input == f"{server}/page" and "loopback" in rejection.reason

    settings = IngestSettings(fetch=ALLOW)
    result = load_inputs([f"{server}/page", f"{server}/text", f"{server}/image"], settings)
    by_url = {a.url: a for a in result.articles}
    page = by_url[f"{server}/page"]
    assert page.title == "Breakwater to be rebuilt"
    assert "41 million euros" in page.text
    assert page.source.startswith("127.0.0.1")  # the site's name, else its host
    text = by_url[f"{server}/text"]
    assert text.title == "Breakwater rebuilt" and "41 million euros" in text.text
    assert [r.input for r in result.rejected] == [f"{server}/image"]
    assert "image/png" in result.rejected[0].reason


def test_feed_url_items_use_content_or_fetch_links(server: str) -> None:
    result = load_inputs([f"{server}/feed.xml"], IngestSettings(fetch=ALLOW))
    titles = sorted(a.title or "" for a in result.articles)
    assert titles == ["Breakwater to be rebuilt", "Library opens late"]
    library = next(a for a in result.articles if a.title == "Library opens late")
    assert "two thousand signatures" in library.text  # the item's own content, not the linked page
    assert library.published == "2025-03-04T08:00:00Z"
    assert library.metadata["feed"] == "Harbour Gazette"
    breakwater = next(a for a in result.articles if a.title == "Breakwater to be rebuilt")
    assert breakwater.url == f"{server}/page"  # relative link resolved against the feed URL
    [rejected] = result.rejected
    assert rejected.input.startswith(f"{server}/feed.xml#item3") and "image/png" in rejected.reason


def test_local_feed_file_keeps_the_ssrf_guard(server: str, tmp_path: Path) -> None:
    (tmp_path / "gazette.rss").write_bytes(_feed(server))
    result = load_inputs([tmp_path])
    assert [a.title for a in result.articles] == ["Library opens late"]  # content carried in the feed
    reasons = {r.input.split("#", 1)[1].split()[0]: r.reason for r in result.rejected}
    assert "loopback" in reasons["item2"] and "loopback" in reasons["item3"]


def test_feed_parser_refuses_entities_and_reads_atom() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><item/></channel></rss>'
    with pytest.raises(Exception, match="DTD or entities"):
        parse_feed(bomb)
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><title>E1</title><link rel="alternate" href="https://n.example.org/1"/>
    <updated>2025-01-02T03:04:05Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
    <p>Body</p></div></content></entry></feed>"""
    feed = parse_feed(atom)
    [item] = feed.items
    assert (feed.title, item.title, item.link, item.published) == ("T", "E1", "https://n.example.org/1",
                                                                    "2025-01-02T03:04:05Z")
    assert item.content is not None and "<p>Body</p>" in item.content.replace("html:", "")


def test_cli_analyze_url_refused_then_allowed(server: str) -> None:
    runner = CliRunner()
    refused = runner.invoke(main, ["analyze", f"{server}/page", "--no-db"])
    assert refused.exit_code == 1
    assert "is a loopback address (use --allow-private to allow)" in refused.stderr
    allowed = runner.invoke(main, ["analyze", f"{server}/page", "--no-db", "--allow-private"])
    assert allowed.exit_code == 0, allowed.stderr
    assert f'"url": "{server}/page"' in allowed.stdout
