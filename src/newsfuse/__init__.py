"""newsfuse: one cross-checked account per news story, from many outlets."""

__version__ = "0.1.0"
