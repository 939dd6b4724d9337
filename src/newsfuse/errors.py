"""One exception tree. Errors carry what the user needs to fix the input."""

from __future__ import annotations


class NewsfuseError(Exception):
    """Base of every error newsfuse raises on purpose."""


class InputError(NewsfuseError):
    """An input could not be read as an article; the message says why (it goes to `rejected`)."""


class FetchError(InputError):
    """A URL could not be fetched or was refused."""


class StoreError(NewsfuseError):
    """The embedded store could not be opened or written."""
