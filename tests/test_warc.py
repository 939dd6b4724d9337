"""Web archives (WARC/ARC through warcio) and gzipped JSON Lines as inputs; canonical URLs.

The archives are written here with warcio; no NLP runs (the readers are checked on their own).
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.ingest import load_inputs
from newsfuse.ingest.urls import canonical_url, is_amp_url, page_canonical, same_site

BODY = ("The river burst its banks on Monday night and flooded the lower town, the mayor said, "
        "and three people were killed when a bridge gave way under the water.\n\n"
        "Rescue teams worked through the night to reach families trapped on the upper floors of "
        "their houses, a spokesman for the fire service said on Tuesday morning.")


def page(title: str, body: str = BODY, head: str = "", date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!doctype html><html><head><title>{title}</title>{meta}{head}</head><body><article>"
            f"<h1>{title}</h1>{paragraphs}</article></body></html>").encode()


def write_warc(path: Path, records: list[tuple[str, str, bytes, list[tuple[str, str]]]],
               warc_date: str = "2025-03-05T10:00:00Z") -> Path:
    """records: (url, status line, body, HTTP headers) as response records, after a warcinfo and a request."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsfuse tests"}))
        for url, status, body, headers in records:
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [],
                                                                              is_http_request=True))
            writer.write_record(request)
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": warc_date})
            writer.write_record(record)
    return path


HTML = [("Content-Type", "text/html; charset=utf-8")]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_every_html_response_is_an_article_and_other_records_are_skipped(tmp_path: Path, name: str) -> None:
    path = write_warc(tmp_path / name, [
        ("https://www.example.com/news/flood?utm_source=rss&fbclid=x", "200 OK", page("Flood in the lower town"),
         [*HTML, ("Last-Modified", "Tue, 04 Mar 2025 08:00:00 GMT")]),
        ("https://www.example.com/news/dated", "200 OK", page("Bridge gives way", date="2025-03-03"), HTML),
        ("https://www.example.com/news/crawled", "200 OK", page("Families trapped"), HTML),
        ("https://www.example.com/missing", "404 Not Found", page("Not found"), HTML),
        ("https://www.example.com/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n" + bytes(200), [("Content-Type", "image/png")]),
        ("https://www.example.com/old", "301 Moved Permanently", b"", [("Location", "https://www.example.com/new")]),
    ])
    result = load_inputs([path])
    assert result.rejected == ()
    by_title = {a.title: a for a in result.articles}
    assert set(by_title) == {"Flood in the lower town", "Bridge gives way", "Families trapped"}
    flood = by_title["Flood in the lower town"]
    # the tracking parameters are not part of the URL the article is stored under
    assert flood.url == "https://www.example.com/news/flood"
    assert flood.metadata["fetched_url"] == "https://www.example.com/news/flood?utm_source=rss&fbclid=x"
    assert flood.source == "example.com"
    assert "three people were killed" in flood.text
    # the date: the page's own when it has one, else Last-Modified, else when it was crawled; and which it is
    assert (flood.published, flood.metadata["published_from"]) == ("2025-03-04T08:00:00Z", "http-last-modified")
    dated = by_title["Bridge gives way"]
    assert (dated.published, dated.metadata["published_from"]) == ("2025-03-03", "page")
    crawled = by_title["Families trapped"]
    assert (crawled.published, crawled.metadata["published_from"]) == ("2025-03-05T10:00:00Z", "warc-date")


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_an_archive_cut_short_gives_its_readable_records_and_says_why(tmp_path: Path, name: str) -> None:
    whole = write_warc(tmp_path / f"whole-{name}", [
        (f"https://example.com/news/{i}", "200 OK", page(f"Report number {i} on the flood"), HTML) for i in range(4)])
    data = whole.read_bytes()
    cut = tmp_path / name
    cut.write_bytes(data[: int(len(data) * 0.8)])  # the last record is cut in its middle
    result = load_inputs([cut])
    titles = sorted(a.title or "" for a in result.articles)
    assert titles == [f"Report number {i} on the flood" for i in range(3)]
    reasons = " | ".join(r.reason for r in result.rejected)
    assert "web archive damaged or cut short" in reasons
    assert "the records before were read" in reasons


def test_a_file_that_is_not_an_archive_is_rejected_with_a_reason(tmp_path: Path) -> None:
    bad = tmp_path / "notes.warc"
    bad.write_text("these are not the droids\n\nyou are looking for\n")
    [rejected] = load_inputs([bad]).rejected
    assert rejected.reason.startswith("web archive damaged or cut short: reading stopped")


def test_the_amp_copy_and_the_page_in_one_archive_are_one_article(tmp_path: Path) -> None:
    original = page("Flood in the lower town", head='<link rel="amphtml" href="https://www.example.com/amp/news/flood">')
    amp = page("Flood in the lower town", head='<link rel="canonical" href="https://www.example.com/news/flood">')
    path = write_warc(tmp_path / "both.warc.gz", [
        ("https://www.example.com/news/flood", "200 OK", original, HTML),
        ("https://www.example.com/amp/news/flood", "200 OK", amp, HTML),
    ])
    result = load_inputs([path])
    [article] = result.articles
    assert article.url == "https://www.example.com/news/flood"
    assert article.metadata["amphtml"] == "https://www.example.com/amp/news/flood"
    assert result.rejected == ()  # the same article twice: one article, as for any input given twice


def test_a_page_cannot_claim_another_sites_url_as_its_canonical() -> None:
    markup = b'<link rel="canonical" href="https://other.example.org/story">'
    assert page_canonical("https://www.example.com/story?utm_medium=x", markup)[0] == "https://www.example.com/story"
    own = b'<link rel="canonical" href="/story-original">'
    assert page_canonical("https://amp.example.com/story", own)[0] == "https://example.com/story-original"


@pytest.mark.parametrize(("given", "canonical"), [
    ("https://WWW.Example.com/news/x?utm_source=a&id=3&fbclid=zz&gclid=1#comments", "https://www.example.com/news/x?id=3"),
    ("https://amp.example.com/news/x", "https://example.com/news/x"),
    ("https://example.com/amp/news/x", "https://example.com/news/x"),
    ("https://example.com/news/x/amp", "https://example.com/news/x"),
    ("https://example.com/news/x?amp", "https://example.com/news/x"),
    ("https://example.com/news/x?amp=1&page=2", "https://example.com/news/x?page=2"),
    ("https://example.com/news/x.amp.html", "https://example.com/news/x.html"),
    ("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/x", "https://www.example.com/news/x"),
    ("https://example.com:443/a?q=a+b", "https://example.com/a?q=a+b"),
    ("https://example.com/news/example", "https://example.com/news/example"),
    ("not a url", "not a url"),
])
def test_canonical_urls(given: str, canonical: str) -> None:
    assert canonical_url(given) == canonical
    assert canonical_url(canonical) == canonical  # canonical forms stay as they are


def test_amp_forms_and_sites() -> None:
    assert is_amp_url("https://amp.example.com/x") and is_amp_url("https://example.com/x?amp")
    assert not is_amp_url("https://example.com/ampere")
    assert same_site("https://www.bbc.co.uk/a", "https://amp.bbc.co.uk/b")
    assert not same_site("https://a.co.uk/a", "https://b.co.uk/b")


def test_the_same_article_with_tracking_parameters_has_one_id(tmp_path: Path) -> None:
    lines = [{"source": "Gazette", "url": url, "title": "Flood in the lower town", "text": BODY}
             for url in ("https://example.com/flood", "https://example.com/flood?utm_campaign=x&utm_medium=social")]
    path = tmp_path / "two.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = load_inputs([path])
    [article] = result.articles
    assert article.url == "https://example.com/flood"


def test_gzipped_json_lines_are_read_line_by_line(tmp_path: Path) -> None:
    records = [{"id": f"a{i}", "source": "Gazette", "title": f"Flood report {i}", "text": BODY} for i in range(3)]
    path = tmp_path / "articles.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in records) + "\n{broken\n")
    result = load_inputs([path])
    assert [a.id for a in result.articles] == ["a0", "a1", "a2"]
    assert [(r.input, r.reason.split(":")[0]) for r in result.rejected] == [(f"{path}:4", "malformed JSON")]


def test_gzipped_json_lines_cut_short_keep_the_lines_before(tmp_path: Path) -> None:
    import random

    words = BODY.split()
    rng = random.Random(7)  # varied lines: the cut falls well after the first of gzip's read-ahead blocks
    records = [{"id": f"a{i}", "source": "Gazette", "title": f"Flood report {i}",
                "text": " ".join(rng.choice(words) for _ in range(120))} for i in range(400)]
    data = gzip.compress(("\n".join(json.dumps(r) for r in records) + "\n").encode())
    path = tmp_path / "cut.ndjson.gz"
    path.write_bytes(data[: len(data) // 2])
    result = load_inputs([path])
    assert result.articles, "the lines before the cut are read"
    assert len(result.articles) < 400
    assert any("gzip file damaged or cut short" in r.reason for r in result.rejected)


def test_a_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(80):
            handle.write(b"\n" * (1 << 20))  # 80 MB of blank lines: over 200 times the file, over 64 MB
    [rejected] = load_inputs([path]).rejected
    assert "decompression bomb" in rejected.reason


def test_an_arc_file_is_read_as_a_web_archive(tmp_path: Path) -> None:
    """The older ARC format (version 1, as the Internet Archive wrote it), converted by warcio."""
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nLast-Modified: Tue, 04 Mar 2025 08:00:00 GMT\r\n\r\n"
            + page("Flood in the lower town"))
    version = b"1 0 newsfuse\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://crawl.arc 0.0.0.0 20250305100000 text/plain %d\n%s\n" % (len(version), version)
    record = b"http://www.example.com/news/flood 93.184.216.34 20250305100000 text/html %d\n%s\n" % (len(http), http)
    path = tmp_path / "crawl.arc"
    path.write_bytes(header + record)
    result = load_inputs([path])
    assert result.rejected == ()
    [article] = result.articles
    assert (article.url, article.title) == ("http://www.example.com/news/flood", "Flood in the lower town")
    assert (article.published, article.metadata["published_from"]) == ("2025-03-04T08:00:00Z", "http-last-modified")
    gz = tmp_path / "crawl.arc.gz"  # one gzip member a record, as archives are written
    gz.write_bytes(gzip.compress(header) + gzip.compress(record))
    assert [a.id for a in load_inputs([gz]).articles] == [article.id]
    whole = tmp_path / "whole.arc.gz"  # the whole file as one gzip member: warcio cannot seek records in it
    whole.write_bytes(gzip.compress(header + record))
    [rejected] = load_inputs([whole]).rejected
    assert "gzipped as a whole, not record by record" in rejected.reason and "warcio recompress" in rejected.reason
