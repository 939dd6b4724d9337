"""The clustering features of a parsed article: content lemmas and the names of its actors and places."""

from __future__ import annotations

import re

from spacy.tokens import Doc

TERM_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_SPACES = re.compile(r"\s+")


def normalize_entity(text: str) -> str:
    """An entity mention as a clustering key: lower-cased, single-spaced, no leading "the", no "'s"."""
    key = _SPACES.sub(" ", text.strip().lower())
    if key.startswith("the "):
        key = key[4:]
    return _POSSESSIVE.sub("", key).strip()


def features_from_doc(doc: Doc) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The clustering features of one parsed article: (terms, entities), both in text order.

    terms: lower-cased lemmas of alphabetic, non-stop-word nouns, proper nouns, verbs and adjectives
    (numbers are left out: they are better compared as claims than as words).
    entities: normalised texts of named-entity mentions of the kinds that identify an event's
    actors and places (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT).
    """
    terms = tuple(
        t.lemma_.lower()
        for t in doc
        if t.pos_ in TERM_POS and t.is_alpha and not t.is_stop and len(t.text) > 1
    )
    entities = tuple(
        key
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS and (key := normalize_entity(ent.text))
    )
    return terms, entities
