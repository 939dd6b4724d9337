"""The one spaCy pass: each article is parsed once, in batches, and reduced to plain data.

Everything later stages need from the parse (sentences, entity mentions, quantities with what they
measure, time expressions, attribution, clustering features) is extracted here, so the Doc can be
dropped straight away and memory stays flat in corpus size.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsfuse.config import SPACY_MODEL, NlpSettings
from newsfuse.extract import claims as claims_x
from newsfuse.extract.dates import find_timexes
from newsfuse.extract.quantities import find_quantities
from newsfuse.types import Article, EntityType, Mention, ParsedArticle, SentenceInfo

LABELS: dict[str, EntityType] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC",
    "EVENT": "EVENT", "WORK_OF_ART": "OTHER", "LAW": "OTHER", "PRODUCT": "OTHER",
}


@lru_cache(maxsize=2)
def load_model(name: str = SPACY_MODEL) -> Language:
    """The spaCy pipeline, loaded once per process. All its components are used: tagger and
    lemmatizer for clustering terms, parser for attribution and quantities, NER for entities."""
    return spacy.load(name)


def parse_articles(articles: Iterable[Article], settings: NlpSettings = NlpSettings()) -> Iterator[ParsedArticle]:
    """Parse articles with one batched `nlp.pipe`; yields ParsedArticle in input order."""
    nlp = load_model(settings.model)
    stream = ((a.text[: settings.max_chars], a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=settings.batch_size,
                                 n_process=settings.n_process):
        yield parse_doc(doc, article)


def _anchor(article: Article) -> dt.date | None:
    if not article.published:
        return None
    return dt.date.fromisoformat(article.published[:10])


_POSSESSIVE = re.compile(r"[’']s$")


def _mention(article_id: str, ent: Span) -> Mention | None:
    """An entity mention with NER's ragged edges trimmed: a trailing possessive ("Deir al-Zor’s") and
    trailing lower-case function words ("Bashar al-Assad as"), a leading article ("the Soviet Union")."""
    label = LABELS[ent.label_]
    while len(ent) > 1 and ent[-1].is_lower and (ent[-1].is_stop or ent[-1].is_punct):
        ent = ent[:-1]
    while len(ent) > 1 and ent[0].lower_ in {"the", "a", "an"}:
        ent = ent[1:]
    text = ent.text
    if (match := _POSSESSIVE.search(text)) and len(text) > 3:
        text = text[: match.start()]
    text = text.rstrip()
    if not text:
        return None
    return Mention(article_id, ent.start_char, ent.start_char + len(text), text, label)


def parse_doc(doc: Doc, article: Article) -> ParsedArticle:
    """Reduce one parsed article to the data the later stages use."""
    from newsfuse.cluster import features_from_doc

    mentions = tuple(m for e in doc.ents if e.label_ in LABELS and (m := _mention(article.id, e)) is not None)
    timexes = find_timexes(doc.text, _anchor(article), claims_x.tense_lookup(doc))
    date_spans = [(t.start, t.end) for t in timexes if t.type in {"DATE", "TIME"}]
    attributions = claims_x.attribute_doc(doc)
    sentences = []
    last_place: str | None = None
    for sent, attribution in zip(doc.sents, attributions):
        quantities = [
            q for q in find_quantities(sent)
            if not any(s < q.end and q.start < e for s, e in date_spans)
        ]
        in_context = claims_x.contextualize(doc, sent, quantities, last_place)
        own_timexes = tuple(t for t in timexes if sent.start_char <= t.start < sent.end_char)
        # the place the article is now talking about: an official speaking for a place moves it too
        last_place = claims_x.main_place(sent) or claims_x.speaker_place(sent) or last_place
        sentences.append(SentenceInfo(
            start=sent.start_char, end=sent.end_char, attribution=attribution, quantities=in_context,
            timexes=own_timexes,
            predicate=sent.root.lemma_.lower() if sent.root.pos_ in {"VERB", "AUX"} else None,
            tense=claims_x.sentence_tense(sent),
        ))
    terms, _entities = features_from_doc(doc)
    return ParsedArticle(article=article, sentences=tuple(sentences), mentions=mentions, terms=terms)
