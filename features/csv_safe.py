"""CSV cells that a spreadsheet will not run as formulas (CSV / formula injection, OWASP).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). Every CSV Layak writes for people
to open passes its text cells through ``safe_cell``, which prefixes such a cell with an apostrophe: the
spreadsheet then shows the text as typed. Numbers are left alone, so ``-5`` stays a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet would run as a formula; then ``'`` + value."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Every cell of a row through ``safe_cell``."""
    return {k: safe_cell(v) for k, v in row.items()}
