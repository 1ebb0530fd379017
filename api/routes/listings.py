"""Listings for agencies, regulators and reviewers: screen, submit, upload, read, review, withdraw."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, UploadFile
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ServicesDep
from features.listings import ListingIn, template_csv

router = APIRouter(prefix="/api/v1", tags=["listings"])
Actor = Annotated[str, Query(min_length=1, max_length=80, description="who submits (kept in the audit trail)")]


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Annotated[str, Field(pattern="^(approve|reject)$")]
    reviewer: str = Field(min_length=1, max_length=80)
    reason: str = Field(min_length=1, max_length=2000)


class WithdrawRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: str = Field(min_length=1, max_length=80)
    reason: str = Field(min_length=1, max_length=2000)


@router.post("/screening")
def create_screening(listing: ListingIn, services: ServicesDep) -> dict[str, Any]:
    """Dry run: the verdict one listing would get, with every reason and its source. Nothing is stored."""
    return services.desk.screen_one(listing).to_dict()


@router.post("/screening/bulk")
def create_screening_bulk(file: UploadFile, services: ServicesDep) -> dict[str, Any]:
    """Dry run of a listing CSV (multipart ``file``, streamed): a verdict or the row's errors per row. Nothing is
    stored (``layak screen``)."""
    return services.desk.screen_csv(file.file, source=file.filename or "upload").to_dict()


@router.post("/listings", status_code=201)
def create_listing(listing: ListingIn, services: ServicesDep, submitted_by: Actor = "api") -> dict[str, Any]:
    """Screen and store one listing. Re-submitting the same listing_ref from the same agency updates it."""
    result = services.desk.submit_one(listing, submitted_by)
    return services.desk.get(result.listing_id or 0)


@router.post("/listings/bulk")
def create_listings_bulk(file: UploadFile, services: ServicesDep, submitted_by: Actor = "api") -> dict[str, Any]:
    """Upload a listing CSV (streamed). Every good row is stored; each bad row is reported with its row and field."""
    return services.desk.ingest_csv(file.file, submitted_by, source=file.filename or "upload").to_dict()


@router.get("/listings/template.csv", response_class=PlainTextResponse)
def read_listing_template() -> PlainTextResponse:
    """The listing CSV template (header + one example row)."""
    return PlainTextResponse(template_csv(), media_type="text/csv",
                             headers={"Content-Disposition": 'attachment; filename="layak-listings-template.csv"'})


@router.get("/listings/{listing_id}")
def read_listing(listing_id: Annotated[int, Path(ge=1)], services: ServicesDep) -> dict[str, Any]:
    """A listing with its verdict, reasons (with sources) and audit trail."""
    return services.desk.get(listing_id)


@router.post("/listings/{listing_id}/review")
def create_review(listing_id: Annotated[int, Path(ge=1)], body: ReviewRequest, services: ServicesDep
                  ) -> dict[str, Any]:
    """A reviewer approves or rejects a listing that needs review (recorded with who and why)."""
    return services.desk.review(listing_id, body.decision == "approve", body.reviewer, body.reason)


@router.post("/listings/{listing_id}/withdraw")
def create_withdrawal(listing_id: Annotated[int, Path(ge=1)], body: WithdrawRequest, services: ServicesDep
                      ) -> dict[str, Any]:
    """Withdraw a listing; it leaves the index at once."""
    return services.desk.withdraw(listing_id, body.by, body.reason)
