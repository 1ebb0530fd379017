"""Field-level input errors raised by ``features`` (which imports nothing else of ours)."""

from __future__ import annotations

from pydantic import ValidationError


class FieldError(ValueError):
    """A value that is wrong. ``field`` is a dotted path (``preferences.countries[0]``); ``row`` a 1-based row."""

    def __init__(self, field_name: str, message: str, row: int | None = None) -> None:
        self.field = field_name
        self.message = message
        self.row = row
        where = f"row {row}, " if row is not None else ""
        super().__init__(f"{where}field '{field_name}': {message}")


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
    """One FieldError per pydantic error, with a message that says what was expected."""
    out = []
    for err in exc.errors():
        got = err.get("input")
        shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        if err.get("type") != "missing" and shown not in msg:
            msg = f"{msg} (got {shown})"
        out.append(FieldError(field_path(tuple(err.get("loc", ()))), msg, row))
    return out
