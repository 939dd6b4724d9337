"""The spaCy pipeline, loaded once per process (every stage and test shares it)."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from newsfuse.config import SPACY_MODEL


@lru_cache(maxsize=2)
def load_model(name: str = SPACY_MODEL) -> Language:
    """The spaCy pipeline. All its components are used: tagger and lemmatizer for clustering terms,
    parser for attribution and quantities, NER for entities."""
    return spacy.load(name)


_TORCH_REQUIREMENTS = ("spacy-transformers", "spacy-curated-transformers", "torch")


def needs_torch(name: str = SPACY_MODEL) -> bool:
    """Whether the spaCy pipeline ``name`` (an installed package or a directory) needs torch, read from its
    meta.json without loading it; True when that cannot be told."""
    try:
        if Path(name).is_dir():
            meta_path = Path(name) / "meta.json"
        else:
            spec = importlib.util.find_spec(name)
            locations = list(spec.submodule_search_locations or []) if spec is not None else []
            meta_path = Path(locations[0]) / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, IndexError, ImportError):
        return True
    requirements = [str(r).lower() for r in meta.get("requirements") or []]
    return any(r.startswith(_TORCH_REQUIREMENTS) for r in requirements)
