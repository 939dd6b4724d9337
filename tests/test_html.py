"""HTML body extraction: hand-written pages, broken and hostile input, and real benchmark pages."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from newsfuse.ingest.html import HtmlExtract, decode_html, extract_html

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "article-extraction"

BODY = [
    "The harbour bridge will reopen to traffic next month after eighteen months of repairs that cost "
    "the regional council more than 40 million euros, officials said on Sunday.",
    "Engineers replaced the main cables and resurfaced the deck, which had been closed since a storm "
    "damaged two of its supports in the autumn of 2019.",
    "\u201cWe are confident the structure is now safe for another fifty years,\u201d said the council\u2019s "
    "chief engineer, Marta Lind, at a press conference in the town hall.",
    "Local businesses on both sides of the estuary have complained that the closure cut their trade by "
    "almost a third, and several shops closed for good.",
]


def page(body: list[str] = BODY, charset: str = "utf-8") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>Harbour bridge to reopen after repairs | The Coastal Gazette</title>
<meta property="og:title" content="Harbour bridge to reopen after repairs">
<meta property="og:site_name" content="The Coastal Gazette">
<meta property="article:published_time" content="2021-03-14T09:30:00Z">
<meta name="author" content="Jane Porter">
<meta name="description" content="The harbour bridge reopens next month.">
<link rel="canonical" href="https://gazette.example.com/news/harbour-bridge-reopens">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<main><article><h1>Harbour bridge to reopen after repairs</h1>
{paragraphs}
</article>
<section id="comments" class="comments"><h3>2 comments</h3>
<div class="comment"><p>Finally fixed, my commute to work doubled while it was shut for repairs.</p></div>
<div class="comment"><p>Forty million for one bridge seems like a lot of public money to me.</p></div>
</section></main>
<footer><p>&copy; 2021 The Coastal Gazette. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body></html>"""


def test_article_body_without_nav_footer_or_comments():
    result = extract_html(page())
    assert isinstance(result, HtmlExtract)
    paragraphs = result.text.split("\n\n")
    for sentence in BODY:
        assert sentence in paragraphs  # each paragraph whole, separated by a blank line
    assert "About us" not in result.text
    assert "commute" not in result.text and "public money" not in result.text
    assert "All rights reserved" not in result.text and "Privacy policy" not in result.text


def test_metadata_from_the_page():
    result = extract_html(page().encode("utf-8"))
    assert result.title == "Harbour bridge to reopen after repairs"
    assert result.published == "2021-03-14"
    assert result.source == "The Coastal Gazette"
    assert result.url == "https://gazette.example.com/news/harbour-bridge-reopens"
    assert result.metadata["author"] == "Jane Porter"
    assert result.metadata["description"] == "The harbour bridge reopens next month."
    assert all(isinstance(v, str) and v for v in result.metadata.values())


def test_given_url_is_kept_when_the_page_has_none():
    html = page().replace('<link rel="canonical" href="https://gazette.example.com/news/harbour-bridge-reopens">', "")
    assert extract_html(html, url="https://other.example.org/story/1").url == "https://other.example.org/story/1"


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1"])
def test_declared_single_byte_charset(charset):
    data = page(charset=charset).encode("cp1252")
    result = extract_html(data)
    assert BODY[2] in result.text  # curly quotes and apostrophe survive


def test_byte_order_marks_and_utf8_fallbacks():
    text = page()
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_html(text.encode("utf-16")) == text
    undeclared = text.replace('<meta charset="utf-8">', "")
    assert decode_html(undeclared.encode("cp1252")) == undeclared  # not UTF-8: cp1252 next
    assert BODY[0] in extract_html(b"\xef\xbb\xbf" + text.encode("utf-8")).text


def test_xml_declaration_and_fragment():
    xml = '<?xml version="1.0" encoding="utf-8"?>\n' + page()
    assert BODY[1] in extract_html(xml).text
    fragment = "".join(f"<p>{p}</p>" for p in BODY)  # no <html>/<body> at all
    assert BODY[3] in extract_html(fragment).text


def test_broken_html_still_yields_the_body():
    broken = (
        "<html><head><title>Storm damage</title><body><div class=content><p>" + BODY[0]
        + "<p>" + BODY[1] + "<div><span><b>" + BODY[3] + "</i></td></article>"
    )
    result = extract_html(broken)
    assert BODY[0] in result.text and BODY[1] in result.text


@pytest.mark.parametrize("bad", ["", "   \n\t", b"", b"  \n"])
def test_empty_input_is_a_value_error(bad):
    with pytest.raises(ValueError, match="empty"):
        extract_html(bad)


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"GIF89a\x01\x00\x01\x00\x80\x00\x00" * 50,
                                  bytes(range(1, 32)) * 100])
def test_binary_input_is_a_value_error(data):
    with pytest.raises(ValueError, match="binary"):
        extract_html(data)


def test_page_without_article_is_a_value_error():
    nav_only = "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav><footer>&copy; 2020</footer></body></html>"
    with pytest.raises(ValueError, match="no article body"):
        extract_html(nav_only)
    with pytest.raises(ValueError):
        extract_html("plain words without any markup at all")
    with pytest.raises(ValueError):
        extract_html(12345)  # type: ignore[arg-type]


@pytest.mark.parametrize("depth", [3000, 100_000])
def test_deeply_nested_html_never_crashes(depth):
    html = "<html><body>" + "<div>" * depth + "".join(f"<p>{p}</p>" for p in BODY) + "</div>" * depth + "</body></html>"
    try:
        result = extract_html(html)
    except ValueError as exc:
        assert str(exc)
    else:
        assert BODY[0] in result.text


# --------------------------------------------------------------------------- real pages

REAL_PAGES = ["06e5123e4ef7cfb4", "0d46122928b6f468", "264dc3ae31249cb1"]


def _real_page(prefix: str) -> tuple[bytes, str]:
    if not EVAL.exists():
        pytest.skip("shared evaluation data not available")
    (path,) = (EVAL / "html").glob(f"{prefix}*.html.gz")
    truth = json.loads((EVAL / "ground-truth.json").read_text(encoding="utf-8"))
    key = path.name.removesuffix(".html.gz")
    return gzip.decompress(path.read_bytes()), truth[key]["articleBody"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("prefix", REAL_PAGES)
def test_real_news_pages(prefix):
    html, gold = _real_page(prefix)
    result = extract_html(html)
    gold_paragraphs = [p for p in gold.split("\n") if p.strip()]
    text = _squash(result.text)
    assert _squash(gold_paragraphs[0]) in text
    assert _squash(gold_paragraphs[-1]) in text
    found = sum(_squash(p) in text for p in gold_paragraphs)
    assert found >= 0.9 * len(gold_paragraphs)
    assert len(result.text.split("\n\n")) >= 5
    assert result.title and result.source
    assert result.published is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", result.published)


def test_declared_charset_decodes_non_utf8_bytes():
    text = '<html><head><meta charset="koi8-r"></head><body><p>\u041c\u043e\u0441\u043a\u0432\u0430</p></body></html>'
    assert decode_html(text.encode("koi8-r")) == text
    mislabeled = page(charset="iso-8859-1")  # declares latin-1, served as UTF-8
    assert decode_html(mislabeled.encode("utf-8")) == mislabeled
