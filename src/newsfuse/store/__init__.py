"""The store: articles, their parses, stories and the incremental clustering state in one SQLite file
(``sqlite``: the ``Store``, made of one module per concern), and the nearest-neighbour index of article
embeddings beside it (``index``); or in a PostgreSQL database, given a ``postgresql://`` URL (``postgres``)."""

from newsfuse.store.base import index_in_the_way, is_url, redacted, text_hash
from newsfuse.store.clustering import ClusterRow
from newsfuse.store.schema import SCHEMA_VERSION
from newsfuse.store.sqlite import Store

__all__ = ["SCHEMA_VERSION", "ClusterRow", "Store", "index_in_the_way", "is_url", "redacted", "text_hash"]
