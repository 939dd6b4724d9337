"""The story summary (newsfuse.story.summarize) on hand-built parses: no spaCy needed."""

from __future__ import annotations

import re

from newsfuse.story.summarize import summarize
from newsfuse.types import Article, ParsedArticle, SentenceInfo


def _parsed(article_id: str, text: str) -> ParsedArticle:
    """An article whose sentences are its full stops' spans."""
    sentences = tuple(SentenceInfo(start=m.start(), end=m.end(), attribution=None, quantities=(), timexes=(),
                                   predicate=None, tense="past") for m in re.finditer(r"[^.]+\.", text))
    article = Article(id=article_id, source=f"outlet-{article_id}", url=None, title=None, published="2024-05-06",
                      text=text)
    return ParsedArticle(article=article, sentences=sentences, mentions=(), terms=())


def test_what_an_article_says_to_its_reader_is_no_summary_sentence() -> None:
    """Every outlet prints the appeal for tips, so its words are the story's most shared: it still tells nothing of
    what happened. Nor does a reporter's contact line, or a sentence that gives a telephone number."""
    appeal = " Anyone with information about the fire in Harlow is asked to call the Harlow police at 555-201-3344."
    texts = [
        "A fire destroyed the old mill in Harlow on Sunday night. Firefighters from three towns fought the fire in"
        " Harlow until dawn." + appeal,
        "The old mill in Harlow burned down on Sunday. The owner said the mill had stood empty since 1990." + appeal,
        "Flames tore through the Harlow mill late Sunday. To reach the reporter about the fire in Harlow, call"
        " 555-201-9876." + appeal,
    ]
    summary = summarize([_parsed(f"a{n}", text) for n, text in enumerate(texts)], [], {})
    said = [s.text for s in summary]
    assert said and not any("call" in text for text in said), said
    assert "A fire destroyed the old mill in Harlow on Sunday night." in said
    # the appeal is left out because of what it says, not because it is the last sentence of each article
    moved = [_parsed(f"a{n}", appeal.strip() + " " + text) for n, text in enumerate(texts)]
    assert not any("call" in s.text for s in summarize(moved, [], {}))
