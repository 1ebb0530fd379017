"""Listings for agencies, regulators and reviewers: screen, submit, upload, read, review, withdraw."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, UploadFile
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import PrincipalDep
from api.deps import LangDep, ServicesDep
from api.schemas import API_ERRORS, CONFLICT, ListingPublic, ScreeningReportPublic, VerdictPublic
from features.listings import ListingIn, template_csv
from matching.storage.access import require_licence, require_role

router = APIRouter(prefix="/api/v1", tags=["listings"], responses=API_ERRORS)
Actor = Annotated[str | None, Query(min_length=1, max_length=80,
                                    description="who submits (audit trail); default: the key's role and id")]
READERS = ("agency", "reviewer", "admin")  # who may read or dry-run listings (an agency: its own licence only)
# A listing id is a row id: SQLite (and PostgreSQL's bigint) stop at 2**63 - 1; a larger number is a 422, not a 500.
ListingId = Annotated[int, Path(ge=1, le=2**63 - 1, description="the listing's id")]


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Annotated[str, Field(pattern="^(approve|reject)$")]
    reviewer: str = Field(min_length=1, max_length=80)
    reason: str = Field(min_length=1, max_length=2000)


class WithdrawRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: str = Field(min_length=1, max_length=80)
    reason: str = Field(min_length=1, max_length=2000)


@router.post("/screening", response_model=VerdictPublic, response_model_exclude_unset=True)
def create_screening(listing: ListingIn, services: ServicesDep, principal: PrincipalDep, lang: LangDep
                     ) -> dict[str, Any]:
    """Dry run: the verdict one listing would get, with every reason and its source, and its ``listing_ref``.
    Nothing is stored. Agency keys (own licence), reviewer and admin keys."""
    require_licence(principal, listing.agency_licence, "screen listings", roles=READERS)
    return {"listing_ref": listing.listing_ref, **services.desk.screen_one(listing).to_dict(lang)}


@router.post("/screening/bulk", response_model=ScreeningReportPublic, response_model_exclude_unset=True)
def create_screening_bulk(file: UploadFile, services: ServicesDep, principal: PrincipalDep, lang: LangDep
                          ) -> dict[str, Any]:
    """Dry run of a listing CSV (multipart ``file``, streamed): a verdict or the row's errors per row. Nothing is
    stored (``layak screen``). Agency keys (a row under another licence is that row's error), reviewer and admin
    keys; at most ``max_csv_rows`` data rows (413 otherwise)."""
    require_role(principal, READERS, "screen listings")
    only = principal.subject if principal.role == "agency" else None
    return services.desk.screen_csv(file.file, source=file.filename or "upload", only_licence=only,
                                    max_rows=services.settings.max_csv_rows).to_dict(lang)


@router.post("/listings", status_code=201, response_model=ListingPublic, response_model_exclude_unset=True)
def create_listing(listing: ListingIn, services: ServicesDep, principal: PrincipalDep, submitted_by: Actor = None
                   ) -> dict[str, Any]:
    """Screen and store one listing. Re-submitting the same listing_ref from the same agency updates it.
    Agency keys (own licence) and admin keys."""
    require_licence(principal, listing.agency_licence, "submit listings")
    result = services.desk.submit_one(listing, submitted_by or principal.actor)
    return services.desk.get(result.listing_id or 0)


@router.post("/listings/bulk", response_model=ScreeningReportPublic, response_model_exclude_unset=True)
def create_listings_bulk(file: UploadFile, services: ServicesDep, principal: PrincipalDep, lang: LangDep,
                         submitted_by: Actor = None) -> dict[str, Any]:
    """Upload a listing CSV (streamed). Every good row is stored; each bad row is reported with its row and field.
    Agency keys (a row under another licence is that row's error) and admin keys; at most
    ``max_csv_rows`` data rows (413 otherwise)."""
    require_role(principal, ("agency", "admin"), "upload listings")
    only = principal.subject if principal.role == "agency" else None
    return services.desk.ingest_csv(file.file, submitted_by or principal.actor, source=file.filename or "upload",
                                    only_licence=only, max_rows=services.settings.max_csv_rows).to_dict(lang)


@router.get("/listings/template.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "the template"}})
def read_listing_template(_: PrincipalDep) -> PlainTextResponse:
    """The listing CSV template (header + one example row)."""
    return PlainTextResponse(template_csv(), media_type="text/csv",
                             headers={"Content-Disposition": 'attachment; filename="layak-listings-template.csv"'})


@router.get("/listings/{listing_id}", response_model=ListingPublic, response_model_exclude_unset=True)
def read_listing(listing_id: ListingId, services: ServicesDep, principal: PrincipalDep
                 ) -> dict[str, Any]:
    """A listing with its verdict, reasons (with sources) and audit trail. Agency keys (own licence), reviewer
    and admin keys."""
    require_role(principal, READERS, "read listings")  # before the lookup: no role learns which ids exist
    view = services.desk.get(listing_id)
    require_licence(principal, view["agency_licence"], "read listings", roles=READERS)
    return view


@router.post("/listings/{listing_id}/review", responses=CONFLICT, response_model=ListingPublic,
             response_model_exclude_unset=True)
def create_review(listing_id: ListingId, body: ReviewRequest, services: ServicesDep,
                  principal: PrincipalDep) -> dict[str, Any]:
    """A reviewer approves or rejects a listing that needs review (recorded with who and why). Reviewer keys only:
    no other role changes a verdict."""
    require_role(principal, ("reviewer",), "change a verdict")
    return services.desk.review(listing_id, body.decision == "approve", body.reviewer, body.reason)


@router.post("/listings/{listing_id}/withdraw", responses=CONFLICT, response_model=ListingPublic,
             response_model_exclude_unset=True)
def create_withdrawal(listing_id: ListingId, body: WithdrawRequest, services: ServicesDep,
                      principal: PrincipalDep) -> dict[str, Any]:
    """Withdraw a listing; it leaves the index at once. Agency keys (own licence) and admin keys."""
    require_role(principal, ("agency", "admin"), "withdraw listings")  # before the lookup (see read_listing)
    require_licence(principal, services.desk.get(listing_id)["agency_licence"], "withdraw listings")
    return services.desk.withdraw(listing_id, body.by, body.reason)
