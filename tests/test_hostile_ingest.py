"""Hostile inputs found by the input-layer probe: each one is rejected with a reason and never costs the
other inputs of the batch.

HTTP behaviour is tested against a server on 127.0.0.1 only; any other address in these tests is refused
before a connection is made (that refusal is what they prove).
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localserver import serve
from newsfuse.config import FetchSettings, IngestSettings
from newsfuse.errors import FetchError
from newsfuse.ingest import load_inputs
from newsfuse.ingest.fetch import address_problem, check_url, fetch_url
from newsfuse.ingest.records import normalize_published
from newsfuse.ingest.text import display_name
from newsfuse.report import to_json
from newsfuse.types import Report

# Invented text for these tests; nothing is copied from a corpus.
BODY = ("The regional water board said on Wednesday that the reservoir above the valley had reached its "
        "lowest level in twelve years, and asked households to cut their use by a fifth until the autumn rains.")
OTHER = ("The harbour authority said on Monday that the northern breakwater would be rebuilt over two years "
         "after storms cracked the concrete in three places, and that the promenade would stay open.")


def _good_files(root: Path) -> None:
    """Two good text articles that must survive whatever else the directory holds."""
    (root / "good-one.txt").write_text(f"Reservoir at a twelve-year low\n\n{BODY}\n", encoding="utf-8")
    (root / "good-two.txt").write_text(f"Breakwater to be rebuilt\n\n{OTHER}\n", encoding="utf-8")


def _assert_good_kept(result) -> None:  # type: ignore[no-untyped-def]
    assert {a.source for a in result.articles} >= {"good-one", "good-two"}


def _rss(items: str) -> bytes:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>{items}</channel></rss>'.encode()


DTD_FEED = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY lol "lol">\n  <!ELEMENT rss ANY>\n]>\n'
            b"<rss><channel><item><title>&lol;</title><description>x</description></item></channel></rss>")
RSS_091 = (b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
           b' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel></channel></rss>')


# --------------------------------------------------------------------------- a loopback test server


class _Handler(BaseHTTPRequestHandler):
    """Misbehaving endpoints: a redirect to a malformed URL, response headers trickled out slowly."""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        try:
            if self.path == "/bad-redirect":
                self.send_response(302)
                self.send_header("Location", "http:\\\\x")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/trickle-headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self.wfile.flush()
                for number in range(40):  # one header line every 0.5 s: 20 s in all
                    time.sleep(0.5)
                    self.wfile.write(f"X-Slow-{number}: still coming\r\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
            elif self.path == "/dtd-feed":
                body = DTD_FEED
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
        except OSError:  # the client gave up: that is the point of some of these endpoints
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as base:
        yield base


ALLOW = FetchSettings(allow_private=True, timeout=5)


# --------------------------------------------------------------------------- 1. one input never aborts the batch


def test_feed_link_with_a_del_character_is_refused_as_malformed(tmp_path: Path) -> None:
    """httpx.InvalidURL escaped from the fetcher and ended the run (the public address is never contacted:
    the URL is refused as malformed before any lookup or connection)."""
    with pytest.raises(FetchError, match="malformed URL"):
        check_url("http://93.184.216.34/a\x7f")
    _good_files(tmp_path)
    (tmp_path / "gazette.rss").write_bytes(_rss("<item><title>Odd link</title>"
                                                "<link>http://93.184.216.34/a&#x7f;</link></item>"))
    result = load_inputs([tmp_path])
    _assert_good_kept(result)
    [rejected] = result.rejected
    assert rejected.input.startswith(str(tmp_path / "gazette.rss") + "#item1")
    assert "malformed URL" in rejected.reason


def test_redirect_to_a_malformed_location_is_a_rejection(server: str) -> None:
    """A `Location: http:\\\\x` made httpx raise InvalidURL while building the next request: the run ended."""
    with pytest.raises(FetchError, match="malformed"):
        fetch_url(f"{server}/bad-redirect", ALLOW)
    result = load_inputs([f"{server}/bad-redirect"], IngestSettings(fetch=ALLOW))
    [rejected] = result.rejected
    assert rejected.input == f"{server}/bad-redirect" and "malformed" in rejected.reason


@pytest.mark.parametrize("suffix", [".rss", ".atom"])
def test_feed_nested_a_thousand_deep_is_rejected(tmp_path: Path, suffix: str) -> None:
    """Serialising item content nested 1,000 elements deep raised RecursionError and ended the run."""
    deep = "<div>" * 1000 + "deep" + "</div>" * 1000
    if suffix == ".rss":
        data = _rss('<item xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>Deep</title>'
                    f"<content:encoded>{deep}</content:encoded></item>")
    else:
        data = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title><entry><title>Deep</title>'
                f'<content type="xhtml">{deep}</content></entry></feed>').encode()
    _good_files(tmp_path)
    (tmp_path / f"deep{suffix}").write_bytes(data)
    result = load_inputs([tmp_path])
    _assert_good_kept(result)
    [rejected] = result.rejected
    assert rejected.input == str(tmp_path / f"deep{suffix}")
    assert "too deeply nested" in rejected.reason


def test_jsonl_metadata_nested_too_deep_for_the_report_is_rejected(tmp_path: Path) -> None:
    """Metadata nested 300 deep was ingested, and writing the report then failed ("Maximum serialization
    depth exceeded"): the record is rejected at ingest instead."""
    deep = "[" * 300 + "]" * 300
    lines = ['{"id": "deep", "source": "Wire", "text": ' + json.dumps(BODY) + ', "extra": ' + deep + "}",
             json.dumps({"id": "fine", "source": "Wire", "text": OTHER, "extra": [[["three levels"]]]})]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_inputs([tmp_path])
    assert [a.id for a in result.articles] == ["fine"]
    [rejected] = result.rejected
    assert rejected.input == f"{tmp_path / 'wire.jsonl'}:1" and "nested too deeply" in rejected.reason
    to_json(Report(articles=result.articles, rejected=result.rejected, stories=()))


def _strings(value: object) -> Iterator[str]:
    """Every string inside an article, rejection or nested metadata (keys too)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def test_lone_surrogates_in_jsonl_are_replaced_at_ingest(tmp_path: Path) -> None:
    """A JSON escape of a lone surrogate ("\\ud800") reached stable_id and the report writer: UnicodeEncodeError."""
    record = {"id": "s-1\ud800", "source": "Wire\udc00", "url": "https://news.test/\ud800", "title": "Title\ud800",
              "published": "2024-05-06\ud800", "text": BODY + " \udfff",
              "author": {"name\ud800": ["R. Writer\udbff", {"deep": "x\ud800"}]}}
    _good_files(tmp_path)
    (tmp_path / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = load_inputs([tmp_path])
    _assert_good_kept(result)
    [article] = [a for a in result.articles if a.source.startswith("Wire")]
    for text in _strings(result):
        text.encode("utf-8")  # strict: raises on any surrogate left
    assert (article.id, article.source, article.title) == ("s-1\ufffd", "Wire\ufffd", "Title\ufffd")
    assert article.text.endswith("\ufffd") and article.url == "https://news.test/\ufffd"
    assert article.metadata["author"] == {"name\ufffd": ["R. Writer\ufffd", {"deep": "x\ufffd"}]}
    to_json(Report(articles=result.articles, rejected=result.rejected, stories=())).encode("utf-8")


def test_file_names_that_are_not_utf8_are_read_and_named_safely(tmp_path: Path) -> None:
    """A name with the byte 0xff in an input directory crashed the run with UnicodeEncodeError (the
    surrogate that stands for the byte reached stable_id and the report)."""
    root = os.fsencode(tmp_path)
    with open(root + b"/bad\xff.txt", "wb") as handle:
        handle.write(f"Reservoir at a twelve-year low\n\n{BODY}\n".encode())
    with open(root + b"/empty\xfe.txt", "wb"):
        pass
    result = load_inputs([tmp_path])
    [article] = result.articles
    assert article.source == "bad\\xff"  # the byte, shown as an escape
    assert result.origins[article.id] == f"{tmp_path}/bad\\xff.txt"
    [rejected] = result.rejected
    assert (rejected.input, rejected.reason) == (f"{tmp_path}/empty\\xfe.txt", "empty file")
    for text in _strings(result):
        text.encode("utf-8")
    to_json(Report(articles=result.articles, rejected=result.rejected, stories=())).encode("utf-8")


# --------------------------------------------------------------------------- 2. the fetch deadline


def test_trickled_response_headers_stop_at_the_wall_clock_limit(server: str) -> None:
    """A server sending one header line every 0.5 s held the fetch for as long as it trickled (20 s here):
    each read was within the 5 s read timeout, and max_seconds was only checked while reading the body."""
    quick = FetchSettings(allow_private=True, timeout=5, max_seconds=1)
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than"):
        fetch_url(f"{server}/trickle-headers", quick)
    assert time.monotonic() - started < 2.5
    started = time.monotonic()
    result = load_inputs([f"{server}/trickle-headers"], IngestSettings(fetch=quick))
    assert time.monotonic() - started < 2.5
    [rejected] = result.rejected
    assert "took longer than" in rejected.reason


# --------------------------------------------------------------------------- 3. nothing dropped without a word


def test_fifos_devices_and_dangling_links_in_a_directory_are_rejected(tmp_path: Path) -> None:
    """They were skipped without a word (only regular files were listed)."""
    _good_files(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "never-there.txt")
    sub = tmp_path / "sub"
    sub.mkdir()
    os.mkfifo(sub / "nested-pipe.jsonl")
    expected = {"pipe.txt": "FIFO", "gone.txt": "dangling symbolic link", "sub/nested-pipe.jsonl": "FIFO"}
    try:
        os.mknod(tmp_path / "null.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        expected["null.txt"] = "character device"
    except OSError:  # no CAP_MKNOD here: the FIFO stands for every kind of special file
        pass
    result = load_inputs([tmp_path])
    _assert_good_kept(result)
    reasons = {str(Path(r.input).relative_to(tmp_path)): r.reason for r in result.rejected}
    assert sorted(reasons) == sorted(expected)
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])


def test_a_fifo_named_as_an_input_is_not_called_missing(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    [rejected] = load_inputs([tmp_path / "pipe.txt"]).rejected
    assert "FIFO" in rejected.reason and "no such file" not in rejected.reason


def test_symbolic_links_do_not_lead_out_of_the_input_directory(tmp_path: Path) -> None:
    """A link to /etc/passwd inside an input directory was read as an article."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(f"Not for the report\n\n{BODY} This file lies outside the input directory.\n", encoding="utf-8")
    root = tmp_path / "in"
    root.mkdir()
    _good_files(root)
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "secret.txt").symlink_to(secret)
    (root / "relative.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    (root / "elsewhere").symlink_to(outside, target_is_directory=True)
    (root / "alias.txt").symlink_to(root / "good-one.txt")  # inside: read (the same article as its target)
    (root / "sub").mkdir()
    (root / "here").symlink_to(root / "sub", target_is_directory=True)
    result = load_inputs([root])
    _assert_good_kept(result)
    assert all("outside the input directory" not in a.text for a in result.articles)
    reasons = {Path(r.input).name: r.reason for r in result.rejected}
    for name in ("passwd.txt", "secret.txt", "relative.txt", "elsewhere"):
        assert reasons.pop(name) == "symbolic link leaves the input directory"
    assert "link to a directory" in reasons.pop("here")
    assert reasons == {}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a directory whatever its mode")
def test_an_unreadable_directory_is_rejected(tmp_path: Path) -> None:
    _good_files(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden-away.txt").write_text(f"Title\n\n{BODY}", encoding="utf-8")
    locked.chmod(0)
    try:
        result = load_inputs([tmp_path])
    finally:
        locked.chmod(0o700)
    _assert_good_kept(result)
    [rejected] = result.rejected
    assert rejected.input == str(locked) and "cannot read directory" in rejected.reason


def test_a_directory_that_cannot_be_listed_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above where the tests run as root: listing the directory fails as it would without rights.
    Before, pathlib's rglob skipped it without a word."""
    _good_files(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden-away.txt").write_text(f"Title\n\n{BODY}", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = load_inputs([tmp_path])
    _assert_good_kept(result)
    [rejected] = result.rejected
    assert (rejected.input, rejected.reason) == (str(locked), "cannot read directory: Permission denied")


def test_feed_items_over_the_limit_are_reported(tmp_path: Path) -> None:
    """Items after max_feed_items were dropped without a word."""
    items = "".join(f"<item><title>Story {n}</title><description>{BODY} Story number {n}.</description></item>"
                    for n in range(1, 6))
    (tmp_path / "gazette.rss").write_bytes(_rss(items))
    result = load_inputs([tmp_path], IngestSettings(fetch=FetchSettings(max_feed_items=3)))
    assert sorted(a.title or "" for a in result.articles) == ["Story 1", "Story 2", "Story 3"]
    [rejected] = result.rejected
    assert rejected.input == str(tmp_path / "gazette.rss")
    assert rejected.reason == "2 of the feed's 5 items left out: over the limit of 3 items per feed"


# --------------------------------------------------------------------------- 4. publication dates are dates


@pytest.mark.parametrize("value", ["2015", "2015-03", "March 2015", "Sept. 2017", "2025-W10", "next year", "Tuesday",
                                   "yesterday", "today", "now", "2 days ago", "last week", "in 3 days", "noon",
                                   "10:30", "December 25", "4 March", "Tuesday, March 4"])
def test_partial_or_relative_dates_are_not_publication_dates(value: str) -> None:
    """They were resolved against the clock ("2015" became 2015-<this month>-01, "Tuesday" a date of this
    week, "next year" a time stamp a year from now)."""
    assert normalize_published(value) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2017-09-05", "2017-09-05"), ("20170905", "2017-09-05"), ("5 September 2017", "2017-09-05"),
    ("Monday, 4 March 2024", "2024-03-04"), ("Tue, 04 Mar 2025 08:00:00 GMT", "2025-03-04T08:00:00Z"),
    ("2024-03-05T10:00:00+01:00", "2024-03-05T09:00:00Z"), ("May 1st, 2019 9am", "2019-05-01T09:00:00Z"),
])
def test_full_dates_are_kept(value: str, expected: str) -> None:
    assert normalize_published(value) == expected


def test_a_partial_date_is_kept_raw_in_metadata(tmp_path: Path) -> None:
    items = (f"<item><title>Dated by weekday</title><pubDate>Tuesday</pubDate><description>{BODY}</description></item>"
             f"<item><title>Dated in full</title><pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>"
             f"<description>{OTHER}</description></item>")
    (tmp_path / "gazette.rss").write_bytes(_rss(items))
    (tmp_path / "wire.jsonl").write_text(json.dumps({"source": "Wire", "title": "Year only", "published": "2015",
                                                     "text": BODY + " From the wire."}) + "\n", encoding="utf-8")
    articles = {a.title: a for a in load_inputs([tmp_path]).articles}
    assert articles["Dated by weekday"].published is None
    assert articles["Dated by weekday"].metadata["published_unparsed"] == "Tuesday"
    assert articles["Year only"].published is None
    assert articles["Year only"].metadata["published_unparsed"] == "2015"
    assert articles["Dated in full"].published == "2025-03-04T08:00:00Z"
    assert "published_unparsed" not in articles["Dated in full"].metadata


def test_a_page_date_wins_over_a_feed_date_that_is_no_date() -> None:
    from newsfuse.ingest.records import article_from_html

    page = ('<html><head><meta property="article:published_time" content="2024-05-06"></head><body><article>'
            f"<p>{BODY}</p></article></body></html>")
    assert article_from_html(page, source="Gazette", published="Tuesday").published == "2024-05-06"
    assert article_from_html(page, source="Gazette", published="2024-01-02").published == "2024-01-02"


@pytest.mark.parametrize(("value", "expected"), [
    ("Tue, 04 Mar 2025 08:00:00 +0200", "2025-03-04T06:00:00Z"),
    ("Tue, 04 Mar 2025 23:30:00 -0500", "2025-03-05T04:30:00Z"),
    ("4 March 2025 at 8:00 am EST", "2025-03-04T13:00:00Z"),
    ("Tue, 04 Mar 2025 08:00:00 GMT", "2025-03-04T08:00:00Z"),
    ("4 March 2025 08:00", "2025-03-04T08:00:00Z"),  # no zone: taken as UTC, whatever the machine's zone
])
def test_a_written_date_keeps_its_time_zone(value: str, expected: str) -> None:
    """An RSS pubDate's offset was dropped ("08:00 +0200" became 08:00Z, not 06:00Z)."""
    assert normalize_published(value) == expected


# --------------------------------------------------------------------------- 5. the address policy


@pytest.mark.parametrize("address", [
    "192.0.0.8",  # IETF protocol assignments (192.0.0.0/24): not globally reachable
    "192.0.0.170", "100.64.0.1", "198.18.0.1", "240.0.0.1", "192.0.2.1", "203.0.113.9",
    "::ffff:127.0.0.1", "::ffff:192.0.0.8",  # IPv4-mapped
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::c000:8",  # NAT64 of 192.0.0.8
    "64:ff9b:1::1",  # local-use NAT64 prefix
    "2002:c000:8::",  # 6to4 of 192.0.0.8
    "2002:5db8:d822::",  # 6to4 of a public address: 6to4 is deprecated and not globally reachable
    "2001:db8::1", "3fff::1", "5f00::1", "100::1", "2001:2::1", "2001::1",
])
def test_special_purpose_addresses_are_refused(address: str) -> None:
    """192.0.0.8 passed: this Python's ipaddress tables predate the IANA registry's current entries."""
    problem = address_problem(address)
    assert problem is not None and address in problem
    assert address_problem(address, FetchSettings(allow_private=True)) is None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "192.0.0.9",
                                     "64:ff9b::5db8:d822"])  # NAT64 of a public address (an IPv6-only network)
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


def test_trusted_networks_are_the_exception() -> None:
    assert address_problem("192.0.0.8", FetchSettings(trusted_networks=("192.0.0.0/24",))) is None
    assert address_problem("192.0.0.7", FetchSettings(trusted_networks=("192.0.0.8/32",))) is not None



# --------------------------------------------------------------------------- 6. true reasons, safe names


def test_a_feed_with_a_dtd_is_refused_for_its_dtd(tmp_path: Path, server: str) -> None:
    """It was refused as "no <rss>, <feed> or <rdf:RDF> root element" (the DOCTYPE hid the root from the
    sniffer), or as "not an RSS or Atom feed" when served as application/rss+xml."""
    (tmp_path / "entities.rss").write_bytes(DTD_FEED)
    (tmp_path / "old.xml").write_bytes(RSS_091)
    result = load_inputs([tmp_path, f"{server}/dtd-feed"], IngestSettings(fetch=ALLOW))
    reasons = {r.input: r.reason for r in result.rejected}
    assert len(reasons) == 3
    for reason in reasons.values():
        assert "feeds with a DTD are refused" in reason


def test_the_unsupported_type_message_lists_every_supported_suffix(tmp_path: Path) -> None:
    """It said "use .txt, .html, .htm or .jsonl": feeds (.rss, .atom, .xml) and .ndjson were missing."""
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    [rejected] = load_inputs([tmp_path]).rejected
    assert rejected.reason == ("unsupported file type .pdf; use .arc, .arc.gz, .atom, .htm, .html, .jsonl, "
                               ".jsonl.gz, .ndjson, .ndjson.gz, .rss, .text, .txt, .warc, .warc.gz or .xml")


def test_control_characters_in_names_cannot_forge_lines(tmp_path: Path) -> None:
    """A newline in a file name went as it was into Rejected.input and onto stderr, where it made a line
    of its own ("rejected etc-shadow: ..." here)."""
    from click.testing import CliRunner

    from newsfuse.cli import main

    (tmp_path / "evil\nrejected \x1b[2Ketc-shadow: read\u202e.txt").write_bytes(b"")
    [rejected] = load_inputs([tmp_path]).rejected
    assert rejected.input == f"{tmp_path}/evil\\nrejected \\x1b[2Ketc-shadow: read\\u202e.txt"
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--no-db"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"rejected {tmp_path}/evil\\n") and lines[1].startswith("error:")


# --------------------------------------------------------------------------- property: one bad input among good ones


def _write(root: Path, name: str | bytes, data: bytes) -> str:
    """Write a file (a bytes name may hold bytes that are not UTF-8); its name as the loader shows it."""
    path = os.path.join(os.fsencode(root), name) if isinstance(name, bytes) else os.path.join(root, name)
    with open(path, "wb") as handle:
        handle.write(data)
    return display_name(path)


_CONTROL_CHARS = st.sampled_from(["\n", "\r", "\t", "\x1b", "\x7f", "\x85", "\u2028", "\u202e"])
_SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)


HOSTILE_KINDS = ("empty", "binary", "bad-jsonl", "surrogate-jsonl", "deep-jsonl", "deep-feed", "dtd-feed",
                 "del-link-feed", "fifo", "dangling-link", "link-out", "non-utf8-name", "control-name", "unsupported")


@st.composite
def _hostile(draw: st.DrawFn, kind: str) -> Callable[[Path], tuple[str, str]]:
    """One hostile input of `kind`: a function that writes it into a directory and returns (its name,
    'reject' or 'read'); 'read' for input the loader repairs (lone surrogates become U+FFFD)."""
    if kind == "empty":
        suffix = draw(st.sampled_from([".txt", ".html", ".rss", ".xml"]))
        blank = draw(st.sampled_from([b"", b" ", b"\n\n", b"\t \r\n"]))
        return lambda root: (_write(root, f"empty{suffix}", blank), "reject")
    if kind == "binary":
        noise = b"\x00" + draw(st.binary(min_size=50, max_size=2000))
        return lambda root: (_write(root, "noise.txt", noise), "reject")
    if kind == "bad-jsonl":
        line = ('{"text": ' + json.dumps(draw(st.text(max_size=200)))).encode("utf-8", "surrogatepass")
        return lambda root: (_write(root, "bad.jsonl", line + b"\n") + ":1", "reject")
    if kind == "surrogate-jsonl":
        lone = draw(st.lists(_SURROGATES, min_size=1, max_size=4))
        record = {"source": "Wire" + lone[0], "title": "Reservoir" + lone[-1], "text": BODY + "".join(lone),
                  "extra": {lone[0]: [lone[-1]]}}
        line = json.dumps(record).encode()  # JSON escapes ("\ud800"): valid JSON, lone surrogates once parsed
        return lambda root: (_write(root, "wire.jsonl", line + b"\n") + ":1", "read")
    if kind == "deep-jsonl":
        depth = draw(st.integers(65, 900))
        line = '{"text": ' + json.dumps(BODY) + ', "extra": ' + "[" * depth + "]" * depth + "}"
        return lambda root: (_write(root, "deep.jsonl", line.encode() + b"\n") + ":1", "reject")
    if kind == "deep-feed":
        depth = draw(st.integers(257, 3000))
        nested = "<div>" * depth + "deep" + "</div>" * depth
        feed = draw(st.sampled_from([
            _rss('<item xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>Deep</title>'
                 f"<content:encoded>{nested}</content:encoded></item>"),
            ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Deep</title>'
             f'<content type="xhtml">{nested}</content></entry></feed>').encode(),
            _rss(f"<item><title>Deep</title><description>{nested}</description></item>"),
        ]))
        return lambda root: (_write(root, "deep.rss", feed), "reject")
    if kind == "dtd-feed":
        dtd_name = draw(st.sampled_from(["dtd.rss", "dtd.atom", "dtd.xml"]))
        return lambda root: (_write(root, dtd_name, DTD_FEED), "reject")
    if kind == "del-link-feed":
        feed = _rss("<item><title>Odd link</title><link>http://93.184.216.34/a&#x7f;</link></item>")
        return lambda root: (_write(root, "odd.rss", feed) + "#item1", "reject")
    if kind == "fifo":
        return lambda root: (os.mkfifo(root / "pipe.txt"), display_name(root / "pipe.txt"))[1:] + ("reject",)
    if kind == "dangling-link":
        return lambda root: ((root / "gone.txt").symlink_to(root / "nowhere.txt"),
                             display_name(root / "gone.txt"))[1:] + ("reject",)
    if kind == "link-out":
        target = draw(st.sampled_from(["/etc/passwd", "/etc/hostname", "/dev/null", "/"]))
        return lambda root: ((root / "out.txt").symlink_to(target), display_name(root / "out.txt"))[1:] + ("reject",)
    if kind == "non-utf8-name":
        bad = bytes(draw(st.lists(st.integers(0x80, 0xFF), min_size=1, max_size=3)))
        return lambda root: (_write(root, b"name-" + bad + b".txt", b""), "reject")
    if kind == "control-name":
        char = draw(_CONTROL_CHARS)
        return lambda root: (_write(root, f"name{char}rejected fake.txt", b""), "reject")
    suffix = draw(st.sampled_from([".pdf", ".docx", ".json", "", ".exe"]))
    return lambda root: (_write(root, f"other{suffix}", b"\x89PNG"), "reject")


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_one_hostile_input_never_costs_the_good_ones(kind: str) -> None:
    """Every kind of hostile input, each drawn a few times (sizes, bytes, characters), beside two good articles."""

    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_hostile(kind))
    def check(make: Callable[[Path], tuple[str, str]]) -> None:
        _check_one_hostile_input(make)

    check()


def _check_one_hostile_input(make: Callable[[Path], tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _good_files(root)
        name, expect = make(root)
        result = load_inputs([root])
    _assert_good_kept(result)
    for text in _strings(result):
        text.encode("utf-8")  # no lone surrogate anywhere
    assert all("\n" not in r.input and "\n" not in r.reason for r in result.rejected)
    mine = [r for r in result.rejected if r.input.startswith(name)]
    if expect == "reject":
        assert mine and all(r.reason.strip() for r in mine), (name, result.rejected)
        assert all(not origin.startswith(name) for origin in result.origins.values())
    else:
        assert any(origin.startswith(name) for origin in result.origins.values()), (name, result.rejected)


def test_an_unexpected_error_in_one_input_is_a_rejection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any error no rule foresaw (a bug, a library raising something new) ended the whole run."""
    import newsfuse.ingest.files as files

    real = files.article_from_text

    def flaky(text: str, source: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if source == "flaky":
            raise RuntimeError("a library raised something new")
        return real(text, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "article_from_text", flaky)
    _good_files(tmp_path)
    (tmp_path / "flaky.txt").write_text(f"Flaky\n\n{BODY}", encoding="utf-8")
    result = load_inputs([tmp_path])
    _assert_good_kept(result)
    [rejected] = result.rejected
    assert rejected.input == str(tmp_path / "flaky.txt")
    assert "RuntimeError: a library raised something new" in rejected.reason
