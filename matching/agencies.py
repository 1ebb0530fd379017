"""The P3MI licence registry file: ``agency_name, licence_no, valid_from, valid_until, status``."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from matching.errors import InputError

REGISTRY_COLUMNS = ("agency_name", "licence_no", "valid_from", "valid_until", "status")
AGENCY_STATUSES = ("active", "suspended", "revoked")


def read_registry(path: Path) -> list[dict[str, Any]]:
    """Validated registry rows. Raises InputError naming the row and field of the first bad value."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REGISTRY_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"missing column(s) {missing}; expected {', '.join(REGISTRY_COLUMNS)}", source=str(path),
                         row=0)
    rows = []
    for i, raw in enumerate(reader, start=1):
        row = {k: (raw.get(k) or "").strip() for k in REGISTRY_COLUMNS}
        for key in ("agency_name", "licence_no"):
            if not row[key]:
                raise InputError("must not be empty", source=str(path), row=i, field=key)
        if row["status"] not in AGENCY_STATUSES:
            raise InputError(f"'{row['status']}' is not one of {', '.join(AGENCY_STATUSES)}", source=str(path),
                             row=i, field="status")
        for key in ("valid_from", "valid_until"):
            try:
                row[key] = date.fromisoformat(row[key]) if row[key] else None
            except ValueError:
                raise InputError(f"'{row[key]}' is not a date (YYYY-MM-DD)", source=str(path), row=i,
                                 field=key) from None
        rows.append(row)
    return rows
