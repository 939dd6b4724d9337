"""The store: articles, their parses, stories and the incremental clustering state in one SQLite file
(``sqlite``), and the nearest-neighbour index of article embeddings beside it (``index``)."""

from newsfuse.store.sqlite import ClusterRow, Store, text_hash

__all__ = ["ClusterRow", "Store", "text_hash"]
