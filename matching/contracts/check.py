"""Check a worker's contract against a stored listing's verified job order (issue 17).

Who may check: a **worker** key (against a verified listing, the kind workers are shown), an **agency** key (its
own licence's listings, before its workers sign) and an **admin** key. Planner and reviewer keys may not. A
listing the key may not use is "not found", exactly like one that does not exist, so no key learns which
listings exist. Nothing is stored: the uploaded bytes and the text live only for the call.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from features.contracts import ContractDocument, JobOrder, check_document, read_pasted, read_upload
from features.contracts.document import ContractTooLarge
from matching.errors import InputError, NotFound, TooLarge
from matching.storage.access import Principal, require_role
from matching.storage.store import Store
from matching.storage.tables import Listing

CHECKERS = ("worker", "agency", "admin")
JOB_ORDER_COLUMNS = ("listing_ref", "title", "country", "occupation", "employer_name", "employer_type", "city",
                     "salary_amount", "salary_currency", "salary_period", "hours_per_week", "rest_days_per_month",
                     "worker_fee_amount", "worker_fee_currency", "contract_months", "accommodation_provided",
                     "passport_held_by")


def require_checker(principal: Principal) -> None:
    """Raises Forbidden unless the key may check contracts (worker, agency, admin)."""
    require_role(principal, CHECKERS, "check contracts")


def find_listing(store: Store, principal: Principal, listing_ref: str | None = None,
                 listing_id: int | None = None) -> Listing:
    """The listing a contract is checked against, as ``principal`` may see it (NotFound otherwise).

    ``listing_id`` names one listing; ``listing_ref`` may name several (one per agency): an agency key looks only
    under its own licence, a worker key only at verified listings, and an admin key must then give the id.
    """
    require_checker(principal)
    if listing_id is None and not (listing_ref or "").strip():
        raise InputError("give the listing_ref (or the listing_id) of the job the contract is for",
                         field="listing_ref")
    query = select(Listing)
    if listing_id is not None:
        query = query.where(Listing.id == listing_id)
    if listing_ref:
        query = query.where(Listing.listing_ref == listing_ref.strip())
    if principal.role == "agency":
        query = query.where(Listing.agency_key == (principal.subject or ""))
    elif principal.role == "worker":
        query = query.where(Listing.status == "verified")
    with store.transaction() as s:
        rows = list(s.scalars(query.order_by(Listing.id).limit(20)))
    what = f"id {listing_id}" if listing_id is not None else f"ref '{listing_ref}'"
    if not rows:
        scope = {"agency": " under your licence", "worker": " among verified listings"}.get(principal.role, "")
        raise NotFound(f"no listing with {what}{scope}")
    if len(rows) > 1:
        agencies = ", ".join(sorted({r.agency_key or "(none)" for r in rows}))
        raise InputError(f"listing_ref '{listing_ref}' names {len(rows)} listings (agencies {agencies}); "
                         "give the listing_id", field="listing_ref")
    return rows[0]


def job_order_of(listing: Listing) -> JobOrder:
    """The stored listing's job order (its columns and its normalised occupation)."""
    data: dict[str, Any] = {c: getattr(listing, c) for c in JOB_ORDER_COLUMNS}
    data["occupation_id"] = listing.occupation_id
    return JobOrder.from_mapping(data)


def read_contract_input(data: bytes | None = None, filename: str | None = None,
                        text: str | None = None) -> ContractDocument:
    """The contract from an upload or pasted text (exactly one). ContractInputError names what was expected;
    a file over the limit is TooLarge (HTTP 413)."""
    if (data is None) == (text is None):
        raise InputError("send the contract either as a file or as text, not both and not neither", field="file")
    if data is None:
        return read_pasted(text or "")
    try:
        return read_upload(data, filename)
    except ContractTooLarge as exc:
        raise TooLarge(str(exc)) from None


def check_listing_contract(store: Store, principal: Principal, *, listing_ref: str | None = None,
                           listing_id: int | None = None, data: bytes | None = None, filename: str | None = None,
                           text: str | None = None, as_of: date | None = None) -> dict[str, Any]:
    """Check a contract (file bytes or text) against a listing; the result as JSON-ready data. Nothing is stored."""
    listing = find_listing(store, principal, listing_ref, listing_id)
    doc = read_contract_input(data, filename, text)
    result = check_document(doc, job_order_of(listing), as_of or date.today()).to_dict()
    result["listing"] = {"id": listing.id, "listing_ref": listing.listing_ref, "title": listing.title,
                         "employer_name": listing.employer_name, "country": listing.country,
                         "agency_licence": listing.agency_licence, "status": listing.status}
    result["input"] = {"kind": doc.kind, "pages": doc.pages, "characters": len(doc.text)}
    result["stored"] = False
    return result
