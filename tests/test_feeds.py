"""Feeds parsed safely (defusedxml: no DTD, no entity), their dates in ISO 8601, and conditional polling
of a feed served on 127.0.0.1 (ETag / Last-Modified: a second poll gets 304 and reads nothing)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from localserver import serve
from newsfuse.config import FetchSettings, IngestSettings
from newsfuse.errors import InputError
from newsfuse.ingest import load_inputs
from newsfuse.ingest.feeds import feed_date, parse_feed
from newsfuse.ingest.fetch import fetch_url
from newsfuse.ingest.poll import poll_url
from newsfuse.types import Article

TEXT = ("The council voted on Tuesday to keep the city library open until midnight during the exam weeks, "
        "after students collected more than two thousand signatures, a spokeswoman said.")


def atom(entries: list[tuple[str, str, str]]) -> bytes:
    """An Atom feed: (title, link, updated) entries with inline text content."""
    items = "".join(f"<entry><title>{t}</title><link href=\"{link}\"/><id>{link}</id><published>{d}</published>"
                    f"<content type=\"text\">{TEXT} ({t})</content></entry>" for t, link, d in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>City Gazette</title>{items}</feed>").encode()


@pytest.mark.parametrize(("written", "iso"), [
    ("Tue, 04 Mar 2025 08:00:00 GMT", "2025-03-04T08:00:00Z"),
    ("Tue, 04 Mar 2025 08:00:00 +0200", "2025-03-04T06:00:00Z"),
    ("Tue, 04 Mar 2025 08:00:00 EST", "2025-03-04T13:00:00Z"),
    ("2025-03-04T09:00:00+01:00", "2025-03-04T08:00:00Z"),
    ("2025-03-04T09:00:00.123Z", "2025-03-04T09:00:00Z"),
    ("2025-03-04", "2025-03-04"),
    ("sometime last week", "sometime last week"),  # left as written: the reader says it is no date
])
def test_feed_dates_are_normalised_to_iso(written: str, iso: str) -> None:
    assert feed_date(written) == iso


def test_entries_carry_iso_dates_into_articles(tmp_path: Path) -> None:
    path = tmp_path / "gazette.atom"
    path.write_bytes(atom([("Library open late", "https://example.com/library", "2025-03-04T09:00:00+01:00")]))
    [article] = load_inputs([path]).articles
    assert article.published == "2025-03-04T08:00:00Z"
    assert article.url == "https://example.com/library"


@pytest.mark.parametrize("encoding", ["utf-16"])
def test_a_dtd_the_byte_scan_cannot_see_is_still_refused(tmp_path: Path, encoding: str) -> None:
    """A DTD in UTF-16 has no ASCII "<!DOCTYPE" bytes: defusedxml's parser refuses it anyway."""
    bomb = (f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            "<rss><channel><title>t</title><item><title>&b;</title><description>x</description></item>"
            "</channel></rss>").encode(encoding)
    with pytest.raises(InputError, match="feeds with a DTD are refused"):
        parse_feed(bomb)


def test_an_external_entity_is_never_fetched_nor_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<rss><channel><item><title>&x;</title></item></channel></rss>").encode()
    path = tmp_path / "xxe.rss"
    path.write_bytes(feed)
    result = load_inputs([path])
    assert result.articles == ()
    [rejected] = result.rejected
    assert "feeds with a DTD are refused" in rejected.reason
    assert "top secret" not in rejected.reason


class _Feed(BaseHTTPRequestHandler):
    """An Atom feed with an ETag and a Last-Modified; 304 when the client sends either back."""

    body = b""
    etag = '"v1"'
    requests: list[tuple[str | None, str | None, int]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the handler's name
        cls = type(self)
        match, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if match == cls.etag or (match is None and since == "Tue, 04 Mar 2025 10:00:00 GMT"):
            cls.requests.append((match, since, 304))
            self.send_response(304)
            self.send_header("ETag", cls.etag)
            self.end_headers()
            return
        cls.requests.append((match, since, 200))
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("ETag", cls.etag)
        self.send_header("Last-Modified", "Tue, 04 Mar 2025 10:00:00 GMT")
        self.send_header("Content-Length", str(len(cls.body)))
        self.end_headers()
        self.wfile.write(cls.body)


LOOPBACK = IngestSettings(fetch=FetchSettings(allow_private=True, timeout=5))


def test_conditional_get_returns_304_with_the_validators() -> None:
    _Feed.body = atom([("One", "https://example.com/one", "2025-03-04")])
    _Feed.requests = []
    with serve(_Feed) as base:
        first = fetch_url(f"{base}/feed", LOOPBACK.fetch)
        assert (first.status, first.etag, first.last_modified) == (200, '"v1"', "Tue, 04 Mar 2025 10:00:00 GMT")
        again = fetch_url(f"{base}/feed", LOOPBACK.fetch,
                          validators={"etag": first.etag, "last_modified": first.last_modified})
        assert (again.status, again.data) == (304, b"")
        by_date = fetch_url(f"{base}/feed", LOOPBACK.fetch, validators={"last_modified": first.last_modified})
        assert by_date.status == 304
    assert [r[2] for r in _Feed.requests] == [200, 304, 304]


def test_a_second_poll_gets_304_and_reads_nothing_then_only_new_items() -> None:
    _Feed.body = atom([("One", "https://example.com/one?utm_source=feed", "2025-03-04"),
                       ("Two", "https://amp.example.com/two", "2025-03-04")])
    _Feed.etag = '"v1"'
    _Feed.requests = []
    seen: set[str] = set()
    with serve(_Feed) as base:
        url = f"{base}/feed"
        first = poll_url(url, {}, LOOPBACK, seen.__contains__)
        assert first.ready is not None and not first.not_modified
        articles = [item for _, item in first.ready.items() if isinstance(item, Article)]
        assert sorted(a.title or "" for a in articles) == ["One", "Two"]
        # the seen-set keys are the canonical URLs: tracking parameters and AMP forms mapped away
        assert sorted(first.done) == ["https://example.com/one", "https://example.com/one",
                                      "https://example.com/two", "https://example.com/two"]
        seen.update(first.done)

        second = poll_url(url, first.validators, LOOPBACK, seen.__contains__)
        assert second.not_modified and second.ready is None

        # the feed changes: one new item, one old item now reached by its plain URL; only the new one is read
        _Feed.etag = '"v2"'
        _Feed.body = atom([("Three", "https://example.com/three", "2025-03-05"),
                           ("Two", "https://example.com/two", "2025-03-04")])
        third = poll_url(url, second.validators, LOOPBACK, seen.__contains__)
        assert third.ready is not None
        new = [item for _, item in third.ready.items()]
        assert [a.title for a in new if isinstance(a, Article)] == ["Three"]
    assert [status for _, _, status in _Feed.requests] == [200, 304, 200]
    assert _Feed.requests[1][0] == '"v1"'  # the ETag of the first answer was sent back


def test_a_poll_refused_by_the_address_guard_is_an_error_not_a_crash() -> None:
    with serve(_Feed) as base:
        refused = poll_url(f"{base}/feed", {}, IngestSettings(), lambda key: False)
    assert refused.error is not None and "loopback" in refused.error
    assert refused.ready is None


class _Page(BaseHTTPRequestHandler):
    """A page with an ETag (a new one when its text changes); 304 to a client sending the current one."""

    version = 1
    statuses: list[int] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        cls = type(self)
        etag = f'"p{cls.version}"'
        if self.headers.get("If-None-Match") == etag:
            cls.statuses.append(304)
            self.send_response(304)
            self.end_headers()
            return
        body = (f"<html><head><title>Library hours</title><link rel=\"canonical\" href=\"/library\"></head><body>"
                f"<article><h1>Library hours</h1><p>{TEXT} Version {cls.version}.</p></article></body></html>").encode()
        cls.statuses.append(200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_watched_page_is_read_again_only_when_it_changed() -> None:
    _Page.version, _Page.statuses = 1, []
    with serve(_Page) as base:
        url = f"{base}/amp/library?utm_source=x"
        first = poll_url(url, {}, LOOPBACK, lambda key: False)
        assert first.ready is not None
        [(_, article)] = list(first.ready.items())
        assert isinstance(article, Article) and article.url == f"{base}/library"  # the page's canonical link
        assert first.done == [f"{base}/library"]
        same = poll_url(url, first.validators, LOOPBACK, lambda key: False)
        assert same.not_modified
        _Page.version = 2
        changed = poll_url(url, same.validators, LOOPBACK, lambda key: False)
        assert changed.ready is not None and changed.validators["etag"] == '"p2"'
        [(_, again)] = list(changed.ready.items())
        assert isinstance(again, Article) and "Version 2" in again.text and again.id != article.id
    assert _Page.statuses == [200, 304, 200]
