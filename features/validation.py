"""Field-level input errors raised by ``features`` (which imports nothing else of ours).

Every error carries its message in English (``message``) and in Indonesian (``message_id``); see
features/i18n.py. Rows are named one way only: ``row N`` is the N-th data row of a file (the header is not a
row), the number the pages and the CLI show.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from features.i18n import Lang, error_texts


class FieldError(ValueError):
    """A value that is wrong. ``field`` is a dotted path (``preferences.countries[0]``); ``row`` a 1-based data row.

    ``message`` is English, ``message_id`` Indonesian (the English one when none was given); ``code`` names the
    kind of error (a pydantic or Layak error type) for callers that render their own text.
    """

    def __init__(self, field_name: str, message: str, row: int | None = None, message_id: str | None = None,
                 code: str = "value_error") -> None:
        self.field = field_name
        self.message = message
        self.message_id = message_id or message
        self.row = row
        self.code = code
        where = f"row {row}, " if row is not None else ""
        super().__init__(f"{where}field '{field_name}': {message}")

    def text(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return self.message_id if lang == "id" else self.message

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """``{field, message (in lang), message_en, message_id}`` for JSON reports."""
        return {"field": self.field, "message": self.text(lang), "message_en": self.message,
                "message_id": self.message_id}


def field_path(loc: tuple[object, ...]) -> str:
    """pydantic ``loc`` -> ``preferences.countries[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(body)"


def field_errors(exc: ValidationError, row: int | None = None) -> list[FieldError]:
    """One FieldError per pydantic error, with a message in both languages that says what was expected."""
    out = []
    for err in exc.errors():
        texts = error_texts(err)
        out.append(FieldError(field_path(tuple(err.get("loc", ()))), texts["en"], row, texts["id"],
                              str(err.get("type", "value_error"))))
    return out


def _lone_surrogate(text: str) -> str | None:
    for ch in text:
        if "\ud800" <= ch <= "\udfff":
            return f"{ord(ch):04X}"
    return None


def no_lone_surrogates(value: Any) -> Any:
    """A text (or list of texts) unchanged, or a ``lone_surrogate`` validation error.

    JSON may carry ``"\\ud800"``, a half of a UTF-16 pair that is not a character: it cannot be written as
    UTF-8, so it would break every later step that encodes text (the encoder's cache key, the store, CSV
    exports). It is refused where it comes in, naming the field. Other values pass unchanged.
    """
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            code = _lone_surrogate(item)
            if code is not None:
                raise PydanticCustomError(
                    "lone_surrogate", "contains a character that is not valid text (a lone surrogate, U+{code}); "
                    "remove it", {"code": code})
    return value


__all__ = ["FieldError", "field_path", "field_errors", "no_lone_surrogates"]
