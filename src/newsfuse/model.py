"""The spaCy pipeline, loaded once per process (every stage and test shares it)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from newsfuse.config import SPACY_MODEL


@lru_cache(maxsize=2)
def load_model(name: str = SPACY_MODEL) -> Language:
    """The spaCy pipeline. All its components are used: tagger and lemmatizer for clustering terms,
    parser for attribution and quantities, NER for entities."""
    return spacy.load(name)
