"""The one spaCy pass: each article is parsed once, in batches, and reduced to plain data.

Everything later stages need from the parse (sentences, entity mentions, quantities with what they
measure, time expressions, attribution, clustering features) is extracted here, so the Doc can be
dropped straight away and memory stays flat in corpus size.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
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
    trailing lower-case function words ("Bashar al-Assad as"), a leading article ("the Soviet Union"),
    leading common words before an organisation's name ("county Office of Emergency Management")."""
    label = LABELS[ent.label_]
    while len(ent) > 1 and ent[-1].is_lower and (ent[-1].is_stop or ent[-1].is_punct):
        ent = ent[:-1]
    while len(ent) > 1 and ent[0].lower_ in {"the", "a", "an"}:
        ent = ent[1:]
    # an organisation's name without the common words NER took in before it ("county Office of …")
    while (label in {"ORG", "FAC"} and len(ent) > 1 and ent[0].is_lower and ent[0].is_alpha
           and ent[1].text[:1].isupper()):
        ent = ent[1:]
    text = ent.text
    if (match := _POSSESSIVE.search(text)) and len(text) > 3:
        text = text[: match.start()]
    text = text.rstrip()
    if not text:
        return None
    return Mention(article_id, ent.start_char, ent.start_char + len(text), text, label)


# Prepositions that put a name where something happens ("in Kestrel Ford", "near Calder Bay").
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "across", "throughout", "around", "inside", "into",
                             "through", "within", "beyond"})
# Nouns whose "of X" is a place ("residents of X", "the streets of X").
_OF_PLACE_NOUNS = frozenset("""resident residents people town city village outskirt outskirts centre center street
    streets mayor suburb suburbs county district heart edge east west north south""".split())
# Last words that make a name a place; which kind of place they make.
_FACILITY_WORDS = frozenset("lane street road avenue boulevard square bridge quay wharf".split())
_LAND_WORDS = frozenset("bay river valley lake mount creek island isle forest ridge cove point moor hills".split())
_TOWN_WORDS = frozenset("ford mills falls springs harbour harbor heights wells beach port haven".split())
_PERSON_CUES = frozenset({"mr", "mrs", "ms", "dr", "miss", "sir", "dame", "lord", "lady", "prof"})
# Last words of the names of administrative areas ("Lennox County"): a GPE whatever NER said.
_ADMIN_WORDS = frozenset("county province prefecture oblast governorate parish township".split())
# Prepositions of motion: they put a name that says it is a place ("to Calder Bay") where places stand.
_DIRECTIONAL_PREPS = frozenset({"to", "from", "toward", "towards"})


def _retype_places(doc: Doc) -> None:
    """Give back to places the names NER took for people: a PERSON name that stands where a place
    stands ("homes in Kestrel Ford", "residents of Kestrel Ford", the dateline "KESTREL FORD —")
    and never as a person does (after "Mr", as the one who "said") becomes a place: GPE, or LOC/FAC
    when its last word says so ("Calder Bay", "Mill Lane"). A name needs two such mentions in the
    article, or one and a place word of its own ("Ford", "Bay", "Lane"). The name of an
    administrative area ("Lennox County") is a GPE whatever NER took it for."""
    persons: dict[str, list[Span]] = {}
    relabel: dict[int, str] = {}
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG", "FAC", "LOC"} and len(ent) > 1 and ent[-1].lower_ in _ADMIN_WORDS:
            relabel[ent.start] = "GPE"  # "Lennox County"
        elif ent.label_ == "PERSON":
            persons.setdefault(ent.text.lower(), []).append(ent)
    for name, ents in persons.items():
        last = name.split()[-1]
        generic = _place_word(last)
        placed = sum(_stands_as_place(e) for e in ents)
        personal = any(_stands_as_person(e) for e in ents)
        if personal or not placed or (placed < 2 and not generic) or 3 * placed < len(ents):
            continue
        label = "FAC" if last in _FACILITY_WORDS else "LOC" if last in _LAND_WORDS else "GPE"
        relabel.update({e.start: label for e in ents})
    if relabel:
        doc.ents = [Span(doc, e.start, e.end, label=relabel[e.start]) if e.start in relabel else e
                    for e in doc.ents]


def _place_word(word: str) -> bool:
    """A last word that makes a name a place ("Bay", "Lane", "Ford")."""
    return word in _FACILITY_WORDS or word in _LAND_WORDS or word in _TOWN_WORDS


def _stands_as_place(ent: Span) -> bool:
    root = ent.root
    last = ent[-1].lower_
    if root.dep_ == "pobj" and (root.head.lower_ in _LOCATIVE_PREPS
                                or root.head.lower_ == "on" and last in _FACILITY_WORDS
                                or root.head.lower_ in _DIRECTIONAL_PREPS and _place_word(last)):
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _OF_PLACE_NOUNS:
        return True
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    # a dateline: the name in capitals opening a sentence, then a dash
    return (ent.start == ent.sent.start and ent.text.isupper() and after is not None
            and after.text in {"—", "–", "-", "--"})


def _stands_as_person(ent: Span) -> bool:
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_.rstrip(".") in _PERSON_CUES:
        return True
    root = ent.root
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_.lower() in claims_x.REPORTING_VERBS


_CLOSING_QUOTE = re.compile(r'["\u201d]+')


def sentence_bounds(sents: list[Span]) -> list[tuple[int, int]]:
    """Character bounds of the sentences, with a closing quote mark that the parser put at the
    start of the next sentence given back to the quotation it closes (``… she said. "`` then
    ``"\n\nThe mayor …`` becomes ``… tanks."`` and ``The mayor …``)."""
    bounds = [(s.start_char, s.end_char) for s in sents]
    straight = curly_open = curly_close = 0  # quote marks before the current sentence
    for i in range(1, len(bounds)):
        previous = sents[i - 1].text
        straight += previous.count('"')
        curly_open += previous.count("\u201c")
        curly_close += previous.count("\u201d")
        text = sents[i].text
        quote = _CLOSING_QUOTE.match(text)
        if quote is None or (straight % 2 == 0 and curly_open <= curly_close):  # no quotation open here
            continue
        moved = quote.end()
        moved += len(text[moved:]) - len(text[moved:].lstrip())
        if moved >= len(text):
            continue
        (start, _), (own_start, own_end) = bounds[i - 1], bounds[i]
        bounds[i - 1] = (start, own_start + quote.end())
        bounds[i] = (own_start + moved, own_end)
    return bounds


def parse_doc(doc: Doc, article: Article) -> ParsedArticle:
    """Reduce one parsed article to the data the later stages use."""
    from newsfuse.cluster import features_from_doc

    _retype_places(doc)

    mentions = tuple(m for e in doc.ents if e.label_ in LABELS and (m := _mention(article.id, e)) is not None)
    timexes = find_timexes(doc.text, _anchor(article), claims_x.tense_lookup(doc))
    date_spans = [(t.start, t.end) for t in timexes if t.type in {"DATE", "TIME"}]
    attributions = [claims_x.affiliated(doc, a) for a in claims_x.attribute_doc(doc)]
    sentences = []
    last_place: str | None = None
    sents = list(doc.sents)
    for sent, attribution, (start, end) in zip(sents, attributions, sentence_bounds(sents)):
        quantities = [
            q for q in find_quantities(sent)
            if not any(s < q.end and q.start < e for s, e in date_spans)
        ]
        in_context = tuple(replace(q, attribution=claims_x.affiliated(doc, q.attribution)) if q.attribution else q
                           for q in claims_x.contextualize(doc, sent, quantities, last_place))
        own_timexes = tuple(t for t in timexes if sent.start_char <= t.start < sent.end_char)
        # the place the article is now talking about: an official speaking for a place moves it too
        last_place = claims_x.main_place(sent) or claims_x.speaker_place(sent) or last_place
        sentences.append(SentenceInfo(
            start=start, end=end, attribution=attribution, quantities=in_context,
            timexes=own_timexes,
            predicate=sent.root.lemma_.lower() if sent.root.pos_ in {"VERB", "AUX"} else None,
            tense=claims_x.sentence_tense(sent),
            happening=claims_x.reports_happening(sent),
        ))
    terms, _entities = features_from_doc(doc)
    return ParsedArticle(article=article, sentences=tuple(sentences), mentions=mentions, terms=terms)
