"""The web UI and JSON API over a newsfuse store (FastAPI, server-rendered pages)."""

from newsfuse.server.app import create_app

__all__ = ["create_app"]
