"""Listing intake: rows -> validate -> normalise -> screen -> (store + index).

A bad row never stops a file: it gets its own errors (row number, column, what was expected) and every
good row is processed. Files are streamed in chunks; each chunk is one store transaction, so what was
acknowledged stays acknowledged if the process dies later, and re-running the same file completes it
without duplicates (listings are keyed by agency licence + listing_ref).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from features.embed_text import render
from features.i18n import Lang
from features.listings import LISTING_COLUMNS, ListingIn, NormalisedListing, listing_row_errors, normalise_listing
from features.reference import Reference, load_reference
from features.validation import FieldError
from matching.screening.catalogue import AgencyRecord, Verdict
from matching.screening.risk_policy import RiskScorer
from matching.screening.rules import screen
from matching.storage.csv_stream import CsvRecord

REQUIRED_COLUMNS = ("listing_ref", "title", "country")
IGNORED_COLUMNS = ("flaw",)  # the demo generator's label; accepted and ignored in uploads


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
        return "error" if self.errors or self.verdict is None else self.verdict.status

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """The row's result; messages and details in ``lang``, each also in both languages (``*_en``, ``*_id``)."""
        out: dict[str, Any] = {"row": self.row, "listing_ref": self.listing_ref, "status": self.status}
        if self.listing_id is not None:
            out["listing_id"] = self.listing_id
        if self.verdict is not None:
            out.update({k: v for k, v in self.verdict.to_dict(lang).items() if k != "status"})
        if self.errors:
            out["errors"] = [e.to_dict(lang) for e in self.errors]
        return out


@dataclass
class IngestReport:
    """Counts and per-row results of one upload."""

    results: list[RowResult] = field(default_factory=list)
    added_to_index: int = 0
    removed_from_index: int = 0

    def counts(self) -> dict[str, int]:
        out = {"rows": len(self.results), "verified": 0, "needs_review": 0, "rejected": 0, "error": 0}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        return {"counts": self.counts(), "index": {"added": self.added_to_index, "removed": self.removed_from_index},
                "rows": [r.to_dict(lang) for r in self.results]}


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
        risk_score=verdict.risk_score, risk_model_version=verdict.risk_model_version,
        screened_at=datetime.now(UTC), submitted_by=submitted_by,
    )
    return rec


def as_rows(records: Iterable[CsvRecord]) -> Iterator[tuple[int | None, Mapping[str, Any], list[FieldError]]]:
    """CsvRecords -> (row, values, record-level errors)."""
    for rec in records:
        yield rec.row, rec.values, rec.errors


def screen_row(row_no: int | None, raw: Mapping[str, Any], agencies: Mapping[str, AgencyRecord], as_of: date,
               ref: Reference, errors: list[FieldError] | None = None, risk: RiskScorer | None = None) -> RowResult:
    """Validate, normalise and screen one row (never raises for bad values: they become errors)."""
    errors = list(errors or [])
    raw = {k: v for k, v in raw.items() if k not in IGNORED_COLUMNS}
    if not errors:
        errors = listing_row_errors(raw, row_no)
    ref_value = str(raw.get("listing_ref") or "") or None
    if errors:
        return RowResult(row_no, ref_value, errors=errors)
    listing = ListingIn.model_validate({k: v for k, v in raw.items() if v not in ("", None)})
    norm = normalise_listing(listing, ref)
    return RowResult(row_no, listing.listing_ref, verdict=screen(listing, norm, agencies, as_of, ref, risk),
                     listing=listing, normalised=norm)


def screen_rows(rows: Iterable[tuple[int | None, Mapping[str, Any]]] | Iterable[tuple[int | None, Mapping[str, Any],
                list[FieldError]]], agencies: Mapping[str, AgencyRecord], as_of: date | None = None,
                ref: Reference | None = None, risk: RiskScorer | None = None) -> Iterator[RowResult]:
    """Screen rows lazily without storing anything. Rows are ``(row, values)`` or ``(row, values, errors)``."""
    ref = ref or load_reference()
    as_of = as_of or date.today()
    for item in rows:
        row_no, raw, *rest = item
        yield screen_row(row_no, raw, agencies, as_of, ref, rest[0] if rest else None, risk)


def chunked(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


__all__ = ["RowResult", "IngestReport", "LISTING_COLUMNS", "REQUIRED_COLUMNS", "as_rows", "chunked",
           "listing_embed_text", "listing_record", "screen_row", "screen_rows"]
