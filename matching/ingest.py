"""Listing ingest: CSV/JSON rows -> validate -> normalise -> screen -> store records.

A bad row never stops a file: it gets its own errors (row number, field, what was expected) and every
good row is processed. ``screen_rows`` is the dry run; ``ingest_rows`` also stores the listings in one
transaction and returns the ids.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any

from features.embed_text import render
from features.listings import LISTING_COLUMNS, ListingIn, NormalisedListing, listing_row_errors, normalise_listing
from features.reference import Reference, load_reference
from features.validation import FieldError
from matching.errors import InputError
from matching.screening import AgencyRecord, Verdict, screen
from matching.store import Store

REQUIRED_COLUMNS = ("listing_ref", "title", "country")


@dataclass
class RowResult:
    """The outcome for one input row: a verdict, or the errors that kept it out."""

    row: int | None
    listing_ref: str | None
    verdict: Verdict | None = None
    errors: list[FieldError] = field(default_factory=list)
    listing_id: int | None = None
    listing: ListingIn | None = None
    normalised: NormalisedListing | None = None

    @property
    def status(self) -> str:
        return "error" if self.errors else (self.verdict.status if self.verdict else "error")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "listing_ref": self.listing_ref, "status": self.status}
        if self.listing_id is not None:
            out["listing_id"] = self.listing_id
        if self.verdict is not None:
            out["rules_version"] = self.verdict.rules_version
            out["reasons"] = [r.to_dict() for r in self.verdict.reasons]
        if self.errors:
            out["errors"] = [{"field": e.field, "message": e.message} for e in self.errors]
        return out


def listing_embed_text(listing: ListingIn, norm: NormalisedListing, ref: Reference) -> str:
    """The canonical English text a listing is embedded as."""
    return render(occupations=[norm.occupation_id] if norm.occupation_id else [],
                  sectors=[norm.sector] if norm.sector else [], countries=[listing.country], skills=norm.skills,
                  certificates=norm.certificates, languages=norm.languages, employer_type=listing.employer_type,
                  unknown=norm.unknown_skills, ref=ref)


def listing_record(listing: ListingIn, norm: NormalisedListing, verdict: Verdict, ref: Reference,
                   submitted_by: str) -> dict[str, Any]:
    """The store row for a screened listing (raw fields + normalised reading + verdict)."""
    rec = listing.model_dump()
    rec.update(
        occupation_id=norm.occupation_id, sector_id=norm.sector, skill_ids=norm.skills,
        certificate_ids=norm.certificates, language_ranks=norm.languages,
        unknown_terms=norm.unknown_skills + norm.unknown_certificates + norm.unknown_languages,
        monthly_salary_local=norm.monthly_salary_local, monthly_salary_idr=norm.monthly_salary_idr,
        worker_fee_idr=norm.worker_fee_idr, embed_text=listing_embed_text(listing, norm, ref),
        status=verdict.status, reasons=[r.to_dict() for r in verdict.reasons], rules_version=verdict.rules_version,
        screened_at=datetime.now(timezone.utc), submitted_by=submitted_by,
    )
    return rec


def read_csv(source: Path | str | IO[str], name: str | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a listing CSV as ``(row_number, {column: value})``; row 1 is the first data row.

    Raises:
        InputError: the file is not UTF-8 CSV or lacks required columns (names them).
    """
    label = name or (str(source) if isinstance(source, (str, Path)) else "upload")
    if isinstance(source, (str, Path)):
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise InputError(f"file not found: {source}", source=label) from exc
        except UnicodeDecodeError as exc:
            raise InputError("not UTF-8 text; save the CSV as UTF-8", source=label) from exc
        handle: IO[str] = io.StringIO(text)
    else:
        handle = source
    reader = csv.DictReader(handle)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"missing required column(s) {missing}; expected the columns {', '.join(LISTING_COLUMNS)}",
                         source=label, row=0)
    reader.fieldnames = header
    for i, row in enumerate(reader, start=1):
        extra = row.pop(None, None)  # type: ignore[call-overload]
        clean = {k: (v if v is not None else "") for k, v in row.items()}
        if extra:
            clean["__extra__"] = ";".join(extra)
        yield i, clean


def screen_rows(rows: Iterable[tuple[int | None, Mapping[str, Any]]], agencies: Mapping[str, AgencyRecord],
                as_of: date | None = None, ref: Reference | None = None) -> list[RowResult]:
    """Validate, normalise and screen rows without storing anything."""
    ref = ref or load_reference()
    out = []
    for row_no, raw in rows:
        raw = dict(raw)
        errors = []
        if "__extra__" in raw:
            raw.pop("__extra__")
            errors.append(FieldError("(row)", "more values than columns in the header", row_no))
        errors += listing_row_errors(raw, row_no)
        ref_value = str(raw.get("listing_ref") or "") or None
        if errors:
            out.append(RowResult(row_no, ref_value, errors=errors))
            continue
        listing = ListingIn.model_validate({k: (None if v == "" else v) for k, v in raw.items() if k != "flaw"})
        norm = normalise_listing(listing, ref)
        out.append(RowResult(row_no, listing.listing_ref, verdict=screen(listing, norm, agencies, as_of, ref),
                             listing=listing, normalised=norm))
    return out


def ingest_rows(store: Store, rows: Iterable[tuple[int | None, Mapping[str, Any]]], submitted_by: str,
                as_of: date | None = None, ref: Reference | None = None) -> list[RowResult]:
    """Screen rows and store every valid one (verdicts included) in one transaction."""
    ref = ref or load_reference()
    results = screen_rows(rows, store.agencies(), as_of, ref)
    good = [r for r in results if not r.errors]
    records = [listing_record(r.listing, r.normalised, r.verdict, ref, submitted_by)  # type: ignore[arg-type]
               for r in good]
    ids = store.upsert_listings(records)
    for result, listing_id in zip(good, ids):
        result.listing_id = listing_id
    return results
