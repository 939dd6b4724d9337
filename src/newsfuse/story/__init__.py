"""The per-story stages: entities, claims, cross-checking, timeline and summary (``build``), pure and typed:
no store, no spaCy."""
