"""Boilerplate and repeated-headline cleaning, on the seed articles, real pages and hand-made lines."""

from __future__ import annotations

import gzip
import re
import signal
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from newsfuse.clean import CleanResult, classify_line, clean_article, clean_text
from newsfuse.types import Article

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SEEDS = SHARED / "corpora" / "seeds"
EVAL_HTML = SHARED / "eval" / "article-extraction" / "html"
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


# --------------------------------------------------------------------------- invariants


def _title_and_body(raw: str) -> tuple[str | None, str]:
    """First non-empty line is the title when it looks like one: short, no final period."""
    stripped = raw.strip("\n \t")
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if first and len(first.split()) <= 25 and not first.endswith((".", ":", ";", ",")):
        return first, rest
    return None, stripped


def _is_real_sentence(line: str) -> bool:
    line = line.strip()
    return len(line.split()) >= 12 and bool(_SENTENCE_END.search(line))


def assert_nothing_real_lost(body: str, result: CleanResult) -> None:
    """Kept text is verbatim input; every long sentence-ending input line is kept whole."""
    kept = result.text.split("\n\n") if result.text else []
    for paragraph in kept:
        assert paragraph == paragraph.strip() and paragraph
        assert paragraph in body  # every kept sentence is a sentence of the input
    kept_set = set(kept)
    for line in body.splitlines():
        if _is_real_sentence(line):
            assert line.strip() in kept_set, f"real sentence was cut: {line[:80]!r}"
    for cut in result.removed:
        assert cut in body  # an audit entry is literal input text
        assert not _is_real_sentence(cut)


def _seeds() -> list[Path]:
    if not SEEDS.exists():
        pytest.skip("shared seed articles not available")
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def seeds() -> list[tuple[Path, str | None, str, CleanResult]]:
    out = []
    for path in _seeds():
        title, body = _title_and_body(path.read_text(encoding="utf-8"))
        out.append((path, title, body, clean_text(body, title)))
    return out


def test_seed_articles_keep_every_real_sentence(seeds):
    assert len(seeds) == 5
    for _, _, body, result in seeds:
        assert_nothing_real_lost(body, result)


def test_seed_articles_have_no_boilerplate_left(seeds):
    for path, title, _, result in seeds:
        for paragraph in result.text.split("\n\n"):
            # what remains is prose: sentence-final punctuation or a long line, never a short label
            assert _SENTENCE_END.search(paragraph) or len(paragraph.split()) >= 12, (path.name, paragraph)
            if title:
                assert fuzz.ratio(paragraph.lower(), title.lower()) < 85, (path.name, paragraph)
            assert classify_line(paragraph, title) is None


def test_seed_articles_cut_what_they_should(seeds):
    cuts = {path.name[:3]: result.removed for path, _, _, result in seeds}
    assert [len(cuts[k]) for k in sorted(cuts)] == [1, 3, 2, 1, 0]
    doubled = [c for c in cuts["001"] if c[: len(c) // 2] == c[len(c) // 2:]]
    assert len(doubled) == 1  # the headline pasted twice on one line
    for _path, title, _, result in seeds:
        assert result.title == title  # a given title is never replaced


def test_seed_cleaning_is_idempotent(seeds):
    for _, title, _, result in seeds:
        again = clean_text(result.text, title)
        assert again.text == result.text and again.removed == ()


# --------------------------------------------------------------------------- real HTML pages


@pytest.mark.slow
def test_real_pages_keep_every_real_sentence(eval_dir):
    from newsfuse.ingest.html import extract_html

    pages = sorted((eval_dir / "article-extraction" / "html").glob("*.html.gz"))[:40]
    cut_something = 0
    for path in pages:
        extracted = extract_html(gzip.decompress(path.read_bytes()))
        result = clean_text(extracted.text, extracted.title)
        assert_nothing_real_lost(extracted.text, result)
        cut_something += bool(result.removed)
    assert cut_something >= 5  # real pages do carry boilerplate that gets cut


# --------------------------------------------------------------------------- hand-made lines

SENTENCE_A = "The regional council approved the new flood defences on Tuesday after a two-year public consultation."
SENTENCE_B = "Residents of the low-lying districts said they had waited more than a decade for the barrier to be built."

BOILERPLATE = {
    "comments": ["Leave a comment", "Post a Comment", "Join the discussion", "Be the first to comment!",
                 "View all 48 comments", "12 Comments", "Please read our commenting guidelines before you post",
                 "Your email will not be published.", "Required fields are marked *",
                 "You must be logged in to post a comment."],
    "share": ["Share this article", "Share on Facebook", "Facebook Twitter WhatsApp Email", "Tweet", "Print",
              "Share via email"],
    "follow": ["Follow us on Twitter", "Follow The Herald on Instagram for more updates", "Like us on Facebook"],
    "subscribe": ["Sign up for our morning briefing", "Subscribe now for unlimited access",
                  "Get our free daily newsletter", "Get the best stories delivered straight to your inbox.",
                  "Sign up to our newsletter to get the latest news."],
    "cookies": ["We use cookies to improve your experience on our website.", "Accept all cookies"],
    "copyright": ["© 2022 Northern Media Group", "Copyright 2019 Valley Broadcasting. All rights reserved.",
                  "(Copyright 2019 Valley Broadcasting Inc. All rights reserved. Nothing on this page may be copied, "
                  "sold or shown elsewhere without leave.)",
                  "All Rights Reserved", "Privacy Policy | Terms of Use | Contact"],
    "advertisement": ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Sponsored content"],
    "related": ["Related Articles", "Related: Floods hit coastal towns again", "You may also like...",
                "Most read", "More from Politics", "Also read: Council approves budget", "ALSO",
                "1:24 Drone footage of the harbour at dawn", "0:37 Who is the new coach?",
                "2:40 Raw video: Neighbour heard the shots Pause",
                "RELATED: Three more arrested in the county this month after the raid on the harbour warehouse.",
                "WATCH: Lee Hart's report"],
    "read_more": ["Read more", "READ MORE: Flood barrier opens at last", "READ MORE | Council votes on the budget",
                  "Click here to read the full report", "Continue reading"],
    "timestamp": ["Updated: Monday, March 2, 2020 @ 4:10 PM", "by: Ann Roe Updated: Apr 3, 2020 - 8:05 AM",
                  "Published: Monday, 3/2/2020 - Updated: 2 days ago", "Posted at 9:40 a.m. March 3:", "[email protected]"],
    "navigation": ["Exit mobile version", "Skip to content", "Back to top", "Menu", "Next article"],
    "credit": ["Image: Reuters", "Photo: AP", "(Getty Images)", "Photograph: Jane Doe/The Herald",
               "Image credit: NASA", "Main image: Getty Images", "John Smith/AFP via Getty Images"],
}


@pytest.mark.parametrize("kind,line", [(k, line) for k, lines in BOILERPLATE.items() for line in lines])
def test_each_boilerplate_kind_is_cut(kind, line):
    body = f"{SENTENCE_A}\n\n{line}\n\n{SENTENCE_B}"
    result = clean_text(body, "Council approves flood defences")
    assert result.text == f"{SENTENCE_A}\n\n{SENTENCE_B}"
    assert result.removed == (line,)
    assert classify_line(line) == kind


KEEP = [
    "Shares in the company fell 5 percent.",
    "He said he would share the data with investigators.",
    "The minister declined to comment.",
    "The group's newsletter was published every week.",
    "Copyright lawsuits have multiplied since 2019, lawyers say.",
    "The club said all rights reserved for its members would be honoured after the merger.",
    "Photo evidence showed the convoy had been destroyed.",
    "Related charges were dropped in March.",
    "Read the statement carefully, he told reporters.",
    "Follow-up talks are planned for next week.",
    "The advertisement was banned by the regulator.",
    "Cookies and cakes were sold to raise money for the school.",
    "Menu prices rose by a third.",
    "More than 200 people were killed.",
    "Sign language interpreters will attend.",
    "Home sales fell sharply in October.",
    "Subscribers to the service complained about outages.",
    "Reply letters were sent to all 300 families.",
    "The photo was taken by a local resident who asked not to be named.",
    "She clicked here and there, the prosecutor said, before finding the file.",
    "Comments made by the governor on Monday drew criticism from opposition lawmakers across the state.",
    "5:30 p.m. Police closed the bridge",  # a time of day, not a video's length
    "10:45 Police say the suspect is in custody",
    "MORE THAN 200 PEOPLE WERE AT THE HARBOUR WHEN THE CRANE FELL, THE MAYOR SAID.",  # a transcript in capitals
    "Watch: the council voted to close the harbour road after the third crash this year.",
    "Published reports put the toll at 12",
    "Updated figures put the toll at 12",
]


@pytest.mark.parametrize("line", KEEP)
def test_real_sentences_with_boilerplate_words_survive(line):
    result = clean_text(f"{SENTENCE_A}\n{line}\n{SENTENCE_B}", "Council approves flood defences")
    assert result.text == f"{SENTENCE_A}\n\n{line}\n\n{SENTENCE_B}"
    assert result.removed == ()


def test_trailing_credit_glued_to_a_line():
    body = f"{SENTENCE_A}\n{SENTENCE_B}Image: Reuters"
    result = clean_text(body, None)
    assert result.text == f"{SENTENCE_A}\n\n{SENTENCE_B}"
    assert result.removed == ("Image: Reuters",)
    result = clean_text(f"{SENTENCE_A} (Getty Images)\n{SENTENCE_B}", None)
    assert result.text == f"{SENTENCE_A}\n\n{SENTENCE_B}"
    assert result.removed == ("(Getty Images)",)
    result = clean_text(f"Flood water covers a street in the old town.Reuters\n{SENTENCE_B}", None)
    assert result.removed == ("Reuters",)
    assert result.text.startswith("Flood water covers a street in the old town.\n\n")


def test_colon_inside_a_sentence_is_not_a_credit():
    line = "Officials described the scene in one word: Devastation"
    assert clean_text(line, None).text == line
    line = "The mayor gave the reason. Source: the police report"
    assert clean_text(line, None).removed == ()  # lower-case tail: not an unambiguous credit


# --------------------------------------------------------------------------- repeated headlines

TITLE = "Storm Floods Coastal Towns, Forcing Thousands to Flee"


def test_headline_repeated_in_body_is_cut():
    body = f"{TITLE}\n\n{SENTENCE_A}\n\n{SENTENCE_B}"
    result = clean_text(body, TITLE)
    assert result.text == f"{SENTENCE_A}\n\n{SENTENCE_B}"
    assert result.removed == (TITLE,)
    assert result.title == TITLE


def test_near_equal_title_case_headline_is_cut():
    variant = "Storm Floods Coastal Towns, Forcing Thousands To Evacuate"
    result = clean_text(f"{variant}\n{SENTENCE_A}", TITLE)
    assert result.removed == (variant,)


def test_exact_sentence_case_headline_is_cut():
    title = "Storm floods coastal towns as thousands flee"
    result = clean_text(f"{title}\n{SENTENCE_A}", title)
    assert result.removed == (title,)


def test_headline_pasted_twice_with_different_wording():
    pasted = "Storm Drowns Coastal Towns, Forcing Thousands to Flee"
    body = f"{pasted}{pasted}\n{SENTENCE_A}\n{SENTENCE_B}"
    result = clean_text(body, TITLE)
    assert result.removed == (pasted + pasted,)
    assert result.text == f"{SENTENCE_A}\n\n{SENTENCE_B}"
    assert result.title == TITLE
    # no title given: the pasted headline becomes the title
    untitled = clean_text(body, None)
    assert untitled.title == pasted and untitled.removed == (pasted + pasted,)
    # a separator between the copies is fine too
    assert clean_text(f"{pasted} | {pasted}\n{SENTENCE_A}", None).removed == (f"{pasted} | {pasted}",)


def test_sentences_resembling_the_title_are_kept():
    sentence = "Storm floods coastal towns, forcing thousands to flee."
    assert clean_text(f"{sentence}\n{SENTENCE_A}", TITLE).removed == ()
    lower = "storm floods coastal towns and forces thousands to flee their homes"
    assert clean_text(f"{lower}\n{SENTENCE_A}", TITLE).removed == ()
    repeated_sentence = f"{SENTENCE_A} {SENTENCE_A}"
    assert clean_text(repeated_sentence, None).removed == ()


def test_empty_and_blank_text():
    assert clean_text("", None) == CleanResult(text="", removed=(), title=None)
    assert clean_text("\n \n\t\n", "A Title") == CleanResult(text="", removed=(), title="A Title")


def test_clean_article_replaces_text_and_records_cuts():
    pasted = "Storm Drowns Coastal Towns, Forcing Thousands to Flee"
    article = Article(id="a1", source="herald", url=None, title=None, published=None,
                      text=f"{pasted}{pasted}\n\n{SENTENCE_A}\n\nShare this article\n\n{SENTENCE_B}",
                      removed=("earlier cut",))
    cleaned = clean_article(article)
    assert cleaned.text == f"{SENTENCE_A}\n\n{SENTENCE_B}"
    assert cleaned.removed == ("earlier cut", pasted + pasted, "Share this article")
    assert cleaned.title == pasted
    assert cleaned.id == article.id and cleaned.source == article.source


def test_headline_repeated_without_the_site_name_of_the_title():
    body = f"Council Approves Flood Defences\n{SENTENCE_A}"
    result = clean_text(body, "Council Approves Flood Defences | The Valley Herald")
    assert result.removed == ("Council Approves Flood Defences",)
    assert result.text == SENTENCE_A
    assert result.title == "Council Approves Flood Defences | The Valley Herald"


def test_headlines_under_a_related_links_heading_are_cut_up_to_the_prose() -> None:
    """A related-links block ("ALSO", "RELATED STORIES:") lists other stories' headlines, sentence case or not:
    their numbers are not the article's. The first line that reads like prose ends the block; a heading with
    its headline on the same line starts none, so a subhead after it stays."""
    other = "Quill police say a driver shot his neighbour and her son after a quarrel"
    body = (f"{SENTENCE_A}\n\nALSO\n\nSlain deputy mourned by those he arrested\n\n{other}\n\n{SENTENCE_B}\n\n"
            "RELATED STORIES:\n\nFlood barrier opens at last\n\nMore on the vote\n\n"
            "Related: Floods hit coastal towns again\n\nWhat happens next")
    result = clean_text(body, "Council approves flood defences")
    assert result.text == f"{SENTENCE_A}\n\n{SENTENCE_B}\n\nWhat happens next"
    assert other in result.removed and "Flood barrier opens at last" in result.removed


def test_a_photo_gallerys_furniture_is_cut_and_each_caption_kept() -> None:
    text = ("Photo: Ann Roe, The Ledger Image 1 of / 6 Caption Close Image 1 of 6 Police taped off the block on "
            "Tuesday.\n"
            "Neighbours gathered. Image 2 of 6 A woman prays outside the home where three people were shot. "
            "more Photo: Ledger Video Image 3 of 6 Officers leave the scene.\n"
            "Photo: Ledger Video Image 4 of / 6 Caption Close\n"
            "Officers sealed the street early Friday (Photo: Ann Roe, WXYZ)\n"
            "We read Image 2 of the report, which runs to 40 pages.")
    result = clean_text(text, None)
    assert result.text.split("\n\n") == [
        "Police taped off the block on Tuesday.", "Neighbours gathered.",
        "A woman prays outside the home where three people were shot.", "Officers leave the scene.",
        "Officers sealed the street early Friday", "We read Image 2 of the report, which runs to 40 pages."]
    assert result.removed == (
        "Photo: Ann Roe, The Ledger Image 1 of / 6 Caption Close Image 1 of 6", "Image 2 of 6",
        "more Photo: Ledger Video Image 3 of 6", "Photo: Ledger Video Image 4 of / 6 Caption Close",
        "(Photo: Ann Roe, WXYZ)")
    assert all(piece in text for piece in result.text.split("\n\n"))  # every kept piece is verbatim


def test_a_video_players_controls_and_a_captions_credits_are_cut_and_the_caption_kept() -> None:
    text = ("CLOSE Skip in Skip x Embed x Share Deputies search a field near Harlow Creek after a shooting on Sunday. "
            "Ann Roe / The Ledger\n"
            "Buy Photo Mourners gather outside the church on Monday. (Photo: Lee Hart/The Ledger)Buy Photo\n"
            "Firefighters reached the barn at 5 a.m. View Full Caption Ledger/Lee Hart\n"
            "The fund pays for the AC/DC tribute. It was set up by Ann Roe/Lee Hart\n"
            "Buy photos of the fair at the counter; skip in line if you have a ticket.")
    result = clean_text(text, None)
    assert result.text.split("\n\n") == [
        "Deputies search a field near Harlow Creek after a shooting on Sunday.",
        "Mourners gather outside the church on Monday.", "Firefighters reached the barn at 5 a.m.",
        "The fund pays for the AC/DC tribute. It was set up by Ann Roe/Lee Hart",  # no full stop before: text
        "Buy photos of the fair at the counter; skip in line if you have a ticket."]
    assert result.removed == ("CLOSE Skip in Skip x Embed x Share", "Ann Roe / The Ledger", "Buy Photo",
                              "(Photo: Lee Hart/The Ledger)", "Buy Photo", "View Full Caption Ledger/Lee Hart")


def test_a_section_label_over_other_stories_headlines_is_cut_but_not_prose() -> None:
    text = ("NEWS Woman mourns her son Two families grieve the car wash victims\n"
            "News of the shooting spread quickly through the town on Monday.\n"
            "gallery_thumbnails_show|article-gallery-6390|article-gallery-6390|0 gallery_overlay_open|gallery\n"
            "| Pos | Player | Plays | % |")
    result = clean_text(text, None)
    assert result.text.split("\n\n") == ["News of the shooting spread quickly through the town on Monday.",
                                         "| Pos | Player | Plays | % |"]  # a table is text


@pytest.mark.parametrize("token", ["x" * 3000, "slug-of-a-page-" * 200, "A1." * 1000, "word/" * 600])
def test_a_line_of_one_long_token_is_read_without_backtracking(token: str) -> None:
    """A line that is one long token (a page's slug, a data blob) is kept, and read in one pass: a credit pattern
    that could cut one token into words in many ways took minutes on 500 letters. The alarm only turns a hang into
    a failure; the line takes milliseconds."""
    signal.signal(signal.SIGALRM, _hang)
    signal.alarm(60)
    try:
        result = clean_text(f"{SENTENCE_A}\n{token}", None)
    finally:
        signal.alarm(0)
    assert result.text == f"{SENTENCE_A}\n\n{token}"


def _hang(*_: object) -> None:
    raise TimeoutError("clean_text did not finish a line of one long token")
