"""The seeds (../shared/corpora/seeds, read by path) served as an Atom feed over HTTP (127.0.0.1) and written
into a WARC give the same stories as the plain files: the same articles grouped the same way, compared by
content (each article is traced back to the seed file whose text it holds).

The feed and the archive are made here, at test time, from the seed files; no seed text is kept in the
repository."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html import escape
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from localserver import serve
from newsfuse.config import Settings
from newsfuse.pipeline import analyze
from newsfuse.types import Report

pytestmark = pytest.mark.slow


def _seeds(seeds_dir: Path) -> dict[str, tuple[str, list[str]]]:
    """Each seed file: its name -> (title: the first line, the paragraphs after it)."""
    found = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").strip().split("\n")
        paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
        found[path.stem] = (lines[0].strip(), paragraphs)
    return found


def _atom(seeds: dict[str, tuple[str, list[str]]]) -> bytes:
    entries = "".join(
        f'<entry><title>{escape(title)}</title><link href="https://seeds.test/{name}?utm_source=feed"/>'
        f"<id>urn:seed:{name}</id><content type=\"text\">{escape(chr(10).join(p + chr(10) for p in paras))}</content>"
        f"</entry>" for name, (title, paras) in seeds.items())
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Seed wire</title>{entries}</feed>").encode()


def _warc(path: Path, seeds: dict[str, tuple[str, list[str]]]) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for name, (title, paras) in seeds.items():
            html = (f"<!doctype html><html><head><title>{escape(title)}</title></head><body><article>"
                    f"<h1>{escape(title)}</h1>" + "".join(f"<p>{escape(p)}</p>" for p in paras)
                    + "</article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://seeds.test/{name}.html", "response",
                                                          payload=io.BytesIO(html), http_headers=headers))
    return path


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _stories_by_seed(report: Report, seeds: dict[str, tuple[str, list[str]]]) -> list[list[str]]:
    """The report's stories as sorted lists of seed names (each article traced by its longest paragraph)."""
    texts = {name: _words(" ".join(paras)) for name, (_, paras) in seeds.items()}
    seed_of = {}
    for article in report.articles:
        longest = max(article.text.split("\n\n"), key=len)
        [name] = [n for n, text in texts.items() if _words(longest) in text]
        seed_of[article.id] = name
    assert sorted(seed_of.values()) == sorted(seeds), "every seed read once"
    return sorted(sorted(seed_of[a] for a in story.article_ids) for story in report.stories)


class _FeedHandler(BaseHTTPRequestHandler):
    body = b""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


def test_the_seeds_as_a_feed_and_as_a_warc_give_the_same_stories_as_the_files(seeds_dir: Path,
                                                                               tmp_path: Path) -> None:
    seeds = _seeds(seeds_dir)
    assert len(seeds) >= 3
    settings = Settings()
    plain = _stories_by_seed(analyze([seeds_dir], settings), seeds)

    _FeedHandler.body = _atom(seeds)
    loopback = replace(settings, ingest=replace(settings.ingest, fetch=replace(settings.ingest.fetch,
                                                                                   allow_private=True)))
    with serve(_FeedHandler) as base:
        from_feed = analyze([f"{base}/seeds.atom"], loopback)
    assert not from_feed.rejected
    assert {a.url for a in from_feed.articles} == {f"https://seeds.test/{n}" for n in seeds}  # canonical URLs

    from_warc = analyze([str(_warc(tmp_path / "seeds.warc.gz", seeds))], settings)
    assert not from_warc.rejected
    assert {a.metadata["published_from"] for a in from_warc.articles} <= {"page", "warc-date"}

    assert _stories_by_seed(from_feed, seeds) == plain
    assert _stories_by_seed(from_warc, seeds) == plain
    assert any(len(story) > 1 for story in plain)  # the comparison groups articles, not only singletons
