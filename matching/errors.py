"""Domain errors. The API maps them to HTTP status codes once (api/errors.py); the CLI to one line.

An error a person can meet through the web pages also says what is wrong in Indonesian (``message_id``); the
API answers in the caller's language (features/i18n.py). ``str(error)`` stays English (the CLI, the logs).
"""

from __future__ import annotations


class LayakError(Exception):
    """Base of every error Layak raises on purpose. ``message_id``: the same message in Indonesian, if known."""

    def __init__(self, message: str = "", *, message_id: str | None = None) -> None:
        super().__init__(message)
        self.message_id = message_id

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``id`` or ``en``); English when no Indonesian one was given."""
        return self.message_id if lang == "id" and self.message_id else str(self)


class InputError(LayakError, ValueError):
    """Bad user input. ``field`` names what was wrong, ``row`` the 1-based data row of a file if any."""

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None,
                 source: str | None = None, message_id: str | None = None) -> None:
        self.field = field
        self.row = row
        self.source = source
        where, where_id = [], []
        if source:
            where.append(source)
            where_id.append(source)
        if row is not None:
            where.append(f"row {row}")
            where_id.append(f"baris {row}")
        if field:
            where.append(f"field '{field}'")
            where_id.append(f"isian '{field}'")
        prefix, prefix_id = ", ".join(where), ", ".join(where_id)
        text_id = None if message_id is None else (f"{prefix_id}: {message_id}" if prefix_id else message_id)
        super().__init__(f"{prefix}: {message}" if prefix else message, message_id=text_id)
        self.message = message
        self.message_only_id = message_id


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

    def __init__(self, message: str, retry_after: int, message_id: str | None = None) -> None:
        super().__init__(message, message_id=message_id)
        self.retry_after = retry_after


class TooLarge(LayakError):
    """An input over a configured size limit (request body bytes, CSV rows); the message names the limit."""
