"""Reading articles from files, directories, JSON Lines and HTML."""

from newsfuse.ingest.files import IngestResult, load_inputs, read_batches

__all__ = ["IngestResult", "load_inputs", "read_batches"]
