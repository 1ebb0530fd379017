"""The listing desk: what agencies, regulators and reviewers do with job orders.

Dry-run screening, submission (one listing or a streamed CSV), reviewer decisions and withdrawals.
Every change goes to the store first (one transaction per chunk, with its audit events) and then to
the live FAISS index, so verified listings are searchable at once and rejected, withdrawn or expired
ones leave it.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import IO, Any

from features.i18n import fmt_number
from features.listings import LISTING_COLUMNS, ListingIn, normalise_listing
from features.reference import Reference, load_reference
from features.validation import FieldError
from matching.errors import NotFound, TooLarge
from matching.retrieval.index_sync import IndexSync
from matching.screening.catalogue import Verdict
from matching.screening.ingest import (
    REQUIRED_COLUMNS,
    IngestReport,
    RowResult,
    as_rows,
    chunked,
    listing_record,
    screen_rows,
)
from matching.screening.risk_policy import RiskScorer
from matching.screening.rules import screen
from matching.storage.csv_stream import iter_records
from matching.storage.store import Store
from matching.storage.tables import Listing

logger = logging.getLogger(__name__)
CHUNK_ROWS = 500


class ListingDesk:
    """Screening and intake of listings over a store and (optionally) a live index."""

    def __init__(self, store: Store, index_sync: IndexSync | None, ref: Reference | None = None,
                 risk: RiskScorer | None = None) -> None:
        self.store = store
        self.index_sync = index_sync
        self.ref = ref or load_reference()
        self.risk = risk  # the registered listing-risk champion, if any

    # ---- dry runs -------------------------------------------------------------------------------
    def screen_one(self, listing: ListingIn, as_of: date | None = None) -> Verdict:
        """The verdict a listing would get, without storing it."""
        norm = normalise_listing(listing, self.ref)
        return screen(listing, norm, self.store.agencies(), as_of or date.today(), self.ref, self.risk)

    def screen_csv(self, stream: IO[bytes], source: str = "upload", as_of: date | None = None,
                   max_rows: int | None = None, only_licence: str | None = None) -> IngestReport:
        """Screen every row of a CSV byte stream without storing anything (``only_licence``, ``max_rows``: as
        for ``ingest_csv``)."""
        check_row_count(stream, max_rows, source)
        records = iter_records(stream, required=REQUIRED_COLUMNS, expected=LISTING_COLUMNS, source=source)
        report = IngestReport()
        results = screen_rows(as_rows(records), self.store.agencies(), as_of, self.ref, self.risk)
        report.results.extend(_restrict(r, only_licence) for r in results)
        return report

    # ---- submissions ----------------------------------------------------------------------------
    def submit_one(self, listing: ListingIn, submitted_by: str, as_of: date | None = None) -> RowResult:
        """Screen and store one listing (idempotent per agency licence + listing_ref)."""
        report = IngestReport()
        self._store_chunk([(None, listing.model_dump(mode="json"), [])], submitted_by, as_of, report)
        self._save_index()
        return report.results[0]

    def ingest_csv(self, stream: IO[bytes], submitted_by: str, source: str = "upload", as_of: date | None = None,
                   chunk_rows: int = CHUNK_ROWS, only_licence: str | None = None,
                   max_rows: int | None = None) -> IngestReport:
        """Screen and store every good row of a CSV byte stream, chunk by chunk.

        With ``only_licence`` (an agency's upload) a row under another licence is that row's error. With
        ``max_rows`` a file with more data rows is refused whole (TooLarge) before anything is stored.
        """
        check_row_count(stream, max_rows, source)
        records = iter_records(stream, required=REQUIRED_COLUMNS, expected=LISTING_COLUMNS, source=source)
        report = IngestReport()
        for chunk in chunked(as_rows(records), chunk_rows):
            self._store_chunk(chunk, submitted_by, as_of, report, only_licence)
        self._save_index()
        return report

    def _store_chunk(self, rows: list[Any], submitted_by: str, as_of: date | None, report: IngestReport,
                     only_licence: str | None = None) -> None:
        results = [_restrict(r, only_licence)
                   for r in screen_rows(rows, self.store.agencies(), as_of, self.ref, self.risk)]
        good = [r for r in results if not r.errors]
        records = [listing_record(r.listing, r.normalised, r.verdict, self.ref, submitted_by)  # type: ignore[arg-type]
                   for r in good]
        stored = self.store.upsert_listings(records, actor=submitted_by)
        for result, (listing_id, _) in zip(good, stored, strict=True):
            result.listing_id = listing_id
        self._sync([listing_id for listing_id, _ in stored], report, as_of)
        report.results.extend(results)

    def _sync(self, ids: list[int], report: IngestReport | None = None, as_of: date | None = None) -> None:
        if self.index_sync is None or not ids:
            return
        added, removed = self.index_sync.apply(ids, as_of)
        if report is not None:
            report.added_to_index += added
            report.removed_from_index += removed

    def _save_index(self) -> None:
        if self.index_sync is not None:
            self.index_sync.save()

    # ---- reviewer and agency actions --------------------------------------------------------------
    def review(self, listing_id: int, approve: bool, reviewer: str, reason: str) -> dict[str, Any]:
        """Approve or reject a needs_review listing; the index follows at once."""
        self.store.review_listing(listing_id, approve, reviewer, reason)
        self._sync([listing_id])
        self._save_index()
        return self.get(listing_id)

    def withdraw(self, listing_id: int, actor: str, reason: str) -> dict[str, Any]:
        """Withdraw a listing; it leaves the index at once."""
        self.store.withdraw_listing(listing_id, actor, reason)
        self._sync([listing_id])
        self._save_index()
        return self.get(listing_id)

    # ---- reading ----------------------------------------------------------------------------------
    def get(self, listing_id: int) -> dict[str, Any]:
        """A listing with its verdict, reasons (with sources) and audit trail."""
        listing = self.store.listings_by_ids([listing_id]).get(listing_id)
        if listing is None:
            raise NotFound(f"no listing with id {listing_id}", message_id=f"tidak ada lowongan dengan id {listing_id}")
        return listing_view(listing, self.store.listing_events(listing_id))


def _restrict(result: RowResult, only_licence: str | None) -> RowResult:
    """With ``only_licence`` (an agency's upload), a good row under another licence becomes that row's error."""
    licence = result.listing.agency_licence if result.listing is not None else None
    if only_licence is not None and not result.errors and (licence or "") != only_licence:
        result.errors.append(FieldError(
            "agency_licence", f"this key may only submit listings under the licence {only_licence}; got "
                              f"{licence or 'none'}", result.row,
            f"kunci ini hanya boleh mengirim lowongan dengan izin {only_licence}; isian: {licence or 'kosong'}",
            "other_licence"))
    return result


def check_row_count(stream: IO[bytes], max_rows: int | None, source: str) -> None:
    """Raises TooLarge when a seekable CSV stream holds more than ``max_rows`` data rows (then rewinds it).

    Physical lines are counted first (cheap); only when they exceed the limit are records parsed, since a
    quoted field may span lines.
    """
    if max_rows is None or not stream.seekable():
        return
    start = stream.tell()
    lines = sum(1 for _ in stream) - 1
    stream.seek(start)
    if lines <= max_rows:
        return
    rows = sum(1 for _ in iter_records(stream, required=(), expected=LISTING_COLUMNS, source=source))
    stream.seek(start)
    if rows > max_rows:
        raise TooLarge(f"{source}: {rows:,} data rows; the limit is {max_rows:,} rows per file (LAYAK_MAX_CSV_ROWS); "
                       "split the file", message_id=f"{source}: {fmt_number(rows, 'id')} baris data; batasnya "
                       f"{fmt_number(max_rows, 'id')} baris per file (LAYAK_MAX_CSV_ROWS); bagi file itu")


def listing_view(listing: Listing, events: list[Any]) -> dict[str, Any]:
    """The public view of a stored listing: its fields, verdict and audit trail."""
    fields = {c: getattr(listing, c) for c in LISTING_COLUMNS}
    for key in ("posted_at", "expires_at"):
        fields[key] = fields[key].isoformat() if fields[key] else None
    return {
        "id": listing.id, **fields,
        "status": listing.status, "reasons": listing.reasons or [], "rules_version": listing.rules_version,
        "risk_score": listing.risk_score, "risk_model_version": listing.risk_model_version,
        "review": None if not listing.reviewed_by else {
            "by": listing.reviewed_by, "at": listing.reviewed_at.isoformat() if listing.reviewed_at else None,
            "reason": listing.review_reason},
        "reading": {"occupation_id": listing.occupation_id, "sector": listing.sector_id, "skills": listing.skill_ids,
                    "certificates": listing.certificate_ids, "languages": listing.language_ranks,
                    "unknown": listing.unknown_terms, "monthly_salary_idr": listing.monthly_salary_idr,
                    "worker_fee_idr": listing.worker_fee_idr},
        "audit": [{"event": e.event, "status": e.status, "previous_status": e.previous_status, "actor": e.actor,
                   "reason": e.reason, "rules_version": e.rules_version, "risk_model_version": e.risk_model_version,
                   "at": e.at.isoformat() if e.at else None} for e in events],
    }
