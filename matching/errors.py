"""Domain errors. The API maps them to HTTP status codes once (api/errors.py); the CLI to one line."""

from __future__ import annotations


class LayakError(Exception):
    """Base of every error Layak raises on purpose."""


class InputError(LayakError, ValueError):
    """Bad user input. ``field`` names what was wrong, ``row`` the 1-based data row of a file if any."""

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None,
                 source: str | None = None) -> None:
        self.field = field
        self.row = row
        self.source = source
        where = []
        if source:
            where.append(source)
        if row is not None:
            where.append(f"row {row}")
        if field:
            where.append(f"field '{field}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.message = message


class NotFound(LayakError, LookupError):
    """A worker, listing or agency that does not exist."""


class IndexNotReady(LayakError):
    """The FAISS index has not been built yet (run `layak index rebuild` or `layak demo`)."""


class IndexMismatchError(LayakError):
    """A saved index does not match the encoder or the store (wrong model, dimension or checksum)."""


class InvalidTransition(LayakError):
    """A state change that is not allowed (e.g. approving a listing that is not waiting for review)."""


class Unauthenticated(LayakError):
    """No API key, or one that is unknown or revoked."""


class Forbidden(LayakError):
    """A valid key whose role or owner may not do this (a worker reading another worker, an agency another
    agency's listing, ...)."""


class RateLimited(LayakError):
    """Too many requests with one key; ``retry_after`` seconds until the next one is allowed."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooLarge(LayakError):
    """An input over a configured size limit (request body bytes, CSV rows); the message names the limit."""
