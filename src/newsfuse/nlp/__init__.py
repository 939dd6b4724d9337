"""The one spaCy pass: each article is parsed once, in batches, and reduced to plain data.

Everything later stages need from the parse (sentences, entity mentions, quantities with what they
measure, time expressions, attribution, clustering features) is extracted here, so the Doc can be
dropped straight away and memory stays flat in corpus size.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsfuse.config import NlpSettings
from newsfuse.extract.attribution import affiliated, attribute_doc
from newsfuse.extract.clauses import reports_happening, sentence_tense, tense_lookup
from newsfuse.extract.context import condition_parts, contextualize
from newsfuse.extract.places import main_places, speaker_place
from newsfuse.extract.quantities import find_quantities
from newsfuse.extract.timex import find_timexes
from newsfuse.extract.victims import settle_victims
from newsfuse.nlp.features import features_from_doc
from newsfuse.nlp.mentions import LABELS, mention_of
from newsfuse.nlp.places import COMPONENT, retype_places
from newsfuse.nlp.sentences import PARAGRAPHS, clip_titles, inline_headlines, sentence_bounds
from newsfuse.types import Article, ParsedArticle, QuantityInContext, SentenceInfo

log = logging.getLogger(__name__)

# What a cached parse was made with: bump when the NLP stage's output changes meaning (the store keeps
# parses keyed by it and re-parses articles whose parse is of another version).
PARSE_VERSION = "134"


@lru_cache(maxsize=2)
def pipeline(name: str) -> Language:
    """The spaCy model with newsfuse's own components added after NER, loaded once per process (its own
    instance: the bare model of ``newsfuse.model`` stays as spaCy made it)."""
    nlp = spacy.load(name)
    nlp.add_pipe(COMPONENT, after="ner")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def parse_articles(articles: Iterable[Article], settings: NlpSettings = NlpSettings()) -> Iterator[ParsedArticle]:
    """Parse articles with one batched `nlp.pipe`; yields ParsedArticle in input order."""
    nlp = pipeline(settings.model)
    stream = ((a.text[: settings.max_chars], a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=settings.batch_size):
        yield parse_doc(doc, article)


def _anchor(article: Article) -> dt.date | None:
    if not article.published:
        return None
    return dt.date.fromisoformat(article.published[:10])


def parse_doc(doc: Doc, article: Article) -> ParsedArticle:
    """Reduce one parsed article (a Doc the whole pipeline of ``pipeline`` has run on) to the data the
    later stages use. An article in a language the rules cannot read keeps its sentences and words (it
    joins a story by them) and gives no entities, claims or dates: read by English rules, its words would
    give wrong ones."""
    if not article.read_in_english:
        return _unread(doc, article)
    if not doc.user_data.get(COMPONENT):  # a Doc from the bare model: the component has not run
        retype_places(doc)
    mentions = tuple(m for e in doc.ents if e.label_ in LABELS and (m := mention_of(article.id, e)) is not None)
    timexes = find_timexes(doc.text, _anchor(article), tense_lookup(doc))
    date_spans = [(t.start, t.end) for t in timexes if t.type in {"DATE", "TIME"}]
    attributions = [affiliated(doc, a) for a in attribute_doc(doc)]
    last_place: str | None = None
    last_harm_place: str | None = None
    sents = list(doc.sents)
    found: list[tuple[QuantityInContext, ...]] = []
    clips = clip_titles(doc.text) + inline_headlines(doc.text)
    for sent in sents:
        if any(s <= sent.start_char < e for s, e in clips):  # page furniture: its numbers and places tell other stories
            found.append(())
            continue
        quantities = [q for q in find_quantities(sent) if not any(s < q.end and q.start < e for s, e in date_spans)]
        try:
            in_context = contextualize(doc, sent, quantities, last_place, last_harm_place)
        except Exception:  # noqa: BLE001 - robustness: a reading slip loses this sentence's numbers, not the article
            log.warning("article %s: the numbers of a sentence at %d could not be read", article.id,
                        sent.start_char, exc_info=True)
            in_context = ()
        found.append(tuple(replace(q, attribution=affiliated(doc, q.attribution)) if q.attribution else q
                           for q in in_context))
        # the place the article is now talking about: an official speaking for a place moves it too
        # ... and where the harm it tells of happened: not where someone was arrested ("was arrested in Atlanta")
        about, harm = main_places(sent)
        speaker = speaker_place(sent) if about is None or harm is None else None
        last_place = about or speaker or last_place
        last_harm_place = harm or speaker or last_harm_place
    sentences = []
    for sent, attribution, (start, end), in_context in zip(sents, attributions, sentence_bounds(sents),
                                                            condition_parts(settle_victims(found)), strict=True):
        own_timexes = tuple(t for t in timexes if sent.start_char <= t.start < sent.end_char)
        sentences.append(SentenceInfo(
            start=start, end=end, attribution=attribution, quantities=in_context,
            timexes=own_timexes,
            predicate=_predicate(sent.root),
            tense=sentence_tense(sent),
            happening=reports_happening(sent),
        ))
    terms, _entities = features_from_doc(doc)
    return ParsedArticle(article=article, sentences=tuple(sentences), mentions=mentions, terms=terms)


def _predicate(root: Token) -> str | None:
    """The lemma of a sentence's main verb: the verb "have to" governs ("they had to force the door": force)."""
    if root.pos_ not in {"VERB", "AUX"}:
        return None
    if root.lemma_.lower() == "have":
        done = next((c for c in root.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
                     and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
        if done is not None:
            return done.lemma_.lower()
    return root.lemma_.lower()


def _unread(doc: Doc, article: Article) -> ParsedArticle:
    """The parse of an article whose language is not read: its sentences and words, nothing read from them."""
    sentences = tuple(SentenceInfo(start=start, end=end, attribution=None, quantities=(), timexes=(), predicate=None,
                                   tense=None, happening=False)
                      for start, end in sentence_bounds(list(doc.sents)))
    terms, _entities = features_from_doc(doc)
    return ParsedArticle(article=article, sentences=sentences, mentions=(), terms=terms)
