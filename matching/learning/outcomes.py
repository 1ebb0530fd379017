"""The outcomes CSV: real placement history for training the ranker (docs/contracts.md, "Outcomes CSV").

One row per event: ``worker_ref, listing_ref, event, occurred_at`` where ``event`` is one of ``recommended,
viewed, applied, hired, completed, complaint`` and ``occurred_at`` an ISO 8601 date or date-time (UTC when no
offset is given). A bad row never stops the file: it gets its own error naming the row (1-based, after the
header) and the column, and every good row is used. Rows naming a worker or listing the store does not hold
are reported too, and left out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from features.validation import FieldError
from matching.errors import InputError
from matching.recommend.ranking import EVENTS, listing_ref_rows
from matching.storage.store import Store

OUTCOME_COLUMNS: tuple[str, ...] = ("worker_ref", "listing_ref", "event", "occurred_at")
MAX_REF = 64


@dataclass
class OutcomesFile:
    """The good rows of an outcomes CSV (``rows``) and one error per bad row."""

    rows: pd.DataFrame
    errors: list[FieldError] = field(default_factory=list)
    unknown_workers: list[str] = field(default_factory=list)
    unknown_listings: list[str] = field(default_factory=list)
    total_rows: int = 0

    def report(self) -> dict[str, Any]:
        return {"rows": self.total_rows, "used": int(len(self.rows)), "invalid": len(self.errors),
                "errors": [str(e) for e in self.errors[:50]],
                "unknown_workers": self.unknown_workers[:50], "unknown_listings": self.unknown_listings[:50]}


def _parse_time(value: str) -> datetime:
    dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _row_errors(row: dict[str, str | None], row_no: int) -> list[FieldError]:
    errors = []
    for col in ("worker_ref", "listing_ref"):
        value = (row.get(col) or "").strip()
        if not value:
            errors.append(FieldError(col, "must not be empty", row_no))
        elif len(value) > MAX_REF:
            errors.append(FieldError(col, f"at most {MAX_REF} characters expected (got {len(value)})", row_no))
    event = (row.get("event") or "").strip().lower()
    if event not in EVENTS:
        errors.append(FieldError("event", f"expected one of {', '.join(EVENTS)} (got {row.get('event')!r})", row_no))
    try:
        _parse_time(row.get("occurred_at") or "")
    except ValueError:
        errors.append(FieldError("occurred_at", "expected an ISO 8601 date or date-time, e.g. 2026-03-01 or "
                                 f"2026-03-01T09:30:00+07:00 (got {row.get('occurred_at')!r})", row_no))
    return errors


def read_outcomes_csv(path: Path, store: Store | None = None) -> OutcomesFile:
    """Validate an outcomes CSV row by row; with a ``store``, also drop (and report) unknown refs.

    Raises:
        InputError: the file is missing, not UTF-8, or lacks a required column.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None
    reader = csv.DictReader(text.splitlines())
    header = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in OUTCOME_COLUMNS if c not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected {', '.join(OUTCOME_COLUMNS)}",
                         source=str(path))
    good, errors = [], []
    total = 0
    for row_no, raw in enumerate(reader, start=1):
        total += 1
        row = {(k or "").strip(): v for k, v in raw.items()}
        problems = _row_errors(row, row_no)
        if problems:
            errors.extend(problems)
            continue
        good.append({"worker_ref": row["worker_ref"].strip(), "listing_ref": row["listing_ref"].strip(),
                     "event": row["event"].strip().lower(), "occurred_at": _parse_time(row["occurred_at"]),
                     "row": row_no})
    frame = pd.DataFrame(good, columns=[*OUTCOME_COLUMNS, "row"])
    out = OutcomesFile(rows=frame, errors=errors, total_rows=total)
    if store is not None and len(frame):
        _drop_unknown(out, store)
    return out


def _drop_unknown(out: OutcomesFile, store: Store) -> None:
    frame = out.rows
    workers = store.workers_by_refs(sorted(frame["worker_ref"].unique()))
    listing_refs = pd.DataFrame(store.listings_frame_rows(["listing_ref"]), columns=["listing_ref"])
    known_listings = listing_ref_rows(listing_refs)
    bad_w = ~frame["worker_ref"].isin(set(workers))
    bad_l = ~frame["listing_ref"].isin(set(known_listings))
    for _, r in frame[bad_w | bad_l].iterrows():
        if not workers.get(r["worker_ref"]):
            out.errors.append(FieldError("worker_ref", f"no stored worker '{r['worker_ref']}'", int(r["row"])))
        if r["listing_ref"] not in known_listings:
            out.errors.append(FieldError("listing_ref", f"no stored listing '{r['listing_ref']}' (or the ref names "
                                         "listings of several agencies)", int(r["row"])))
    out.unknown_workers = sorted(set(frame.loc[bad_w, "worker_ref"]))
    out.unknown_listings = sorted(set(frame.loc[bad_l, "listing_ref"]))
    out.rows = frame[~(bad_w | bad_l)].reset_index(drop=True)


def store_outcomes(store: Store, rows: pd.DataFrame) -> int:
    """Add real (not simulated) outcome rows to the store, skipping exact duplicates. Returns rows added."""
    from matching.recommend.ranking import outcomes_frame

    existing = outcomes_frame(store)
    seen = set(zip(existing["worker_ref"], existing["listing_ref"], existing["event"],
                   pd.to_datetime(existing["occurred_at"], utc=True), strict=True))
    new = [{"worker_ref": w, "listing_ref": lr, "event": e, "occurred_at": t.to_pydatetime(), "simulated": False}
           for w, lr, e, t in zip(rows["worker_ref"], rows["listing_ref"], rows["event"],
                                  pd.to_datetime(rows["occurred_at"], utc=True), strict=True)
           if (w, lr, e, t) not in seen]
    return store.add_outcomes(new)
