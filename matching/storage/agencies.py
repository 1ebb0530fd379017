"""The P3MI licence registry file: ``agency_name, licence_no, valid_from, valid_until, status``."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from matching.errors import InputError

REGISTRY_COLUMNS = ("agency_name", "licence_no", "valid_from", "valid_until", "status")
# The government-to-government channel: the ministry itself places workers (Korea EPS, Japan IJEPA,
# Germany Triple Win). It is always in the registry, whatever the imported P3MI list says.
G2G_LICENCE = "G2G-KP2MI"
G2G_AGENCY = "KP2MI G to G"
AGENCY_STATUSES = ("active", "suspended", "revoked")


def read_registry(path: Path) -> list[dict[str, Any]]:
    """Validated registry rows. Raises InputError naming the row and field of the first bad value."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None
    return parse_registry(text, str(path))


def parse_registry(text: str, path: str = "registry") -> list[dict[str, Any]]:
    """Validated registry rows from CSV text (see ``read_registry``)."""
    reader = csv.DictReader(text.lstrip("\ufeff").splitlines())
    missing = [c for c in REGISTRY_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"missing column(s) {missing}; expected {', '.join(REGISTRY_COLUMNS)}", source=str(path),
                         row=0)
    rows = []
    for i, raw in enumerate(reader, start=1):
        row = {k: (raw.get(k) or "").strip() if isinstance(raw.get(k), str) else "" for k in REGISTRY_COLUMNS}
        for key in ("agency_name", "licence_no"):
            if not row[key]:
                raise InputError("must not be empty", source=str(path), row=i, field=key)
        for key, most in (("agency_name", 200), ("licence_no", 80)):
            if len(row[key]) > most:
                raise InputError(f"{len(row[key])} characters; at most {most} expected", source=str(path), row=i,
                                 field=key)
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


def agency_view(agency: Any, as_of: date | None = None) -> dict[str, Any]:
    """The public view of a registry entry, with whether it may place workers on ``as_of``."""
    as_of = as_of or date.today()
    in_period = (agency.valid_from is None or agency.valid_from <= as_of) and (
        agency.valid_until is None or agency.valid_until >= as_of)
    return {"licence_no": agency.licence_no, "agency_name": agency.agency_name,
            "valid_from": agency.valid_from.isoformat() if agency.valid_from else None,
            "valid_until": agency.valid_until.isoformat() if agency.valid_until else None,
            "status": agency.status, "licensed_today": agency.status == "active" and in_period,
            "source": "P3MI licence registry (Permen P2MI 1/2025; SIP3MI valid 1 year)"}
