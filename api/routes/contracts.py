"""Contract check (issue 17): a worker's contract against the verified job order of a stored listing.

The route only translates HTTP: a multipart upload (``file``, ``listing_ref`` and/or ``listing_id``) or a JSON
body (``text``, ``listing_ref`` and/or ``listing_id``) becomes one call of ``matching.contracts``. Nothing is
stored.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import UploadFile

from api.auth import PrincipalDep
from api.deps import ServicesDep
from api.schemas import API_ERRORS
from matching.contracts import check_listing_contract, require_checker
from matching.errors import InputError

router = APIRouter(prefix="/api/v1", tags=["contracts"], responses=API_ERRORS)


class ContractTextRequest(BaseModel):
    """A contract sent as text (pasted), for a listing."""

    model_config = ConfigDict(extra="forbid")
    listing_ref: str | None = Field(default=None, min_length=1, max_length=64)
    listing_id: int | None = Field(default=None, ge=1)
    text: str = Field(min_length=1, max_length=300_000, description="the contract's text (Indonesian and/or English)")


_MULTIPART = {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary",
             "description": "the contract: a PDF with a text layer or a plain-text file, at most 10 MB"},
    "listing_ref": {"type": "string", "minLength": 1, "maxLength": 64},
    "listing_id": {"type": "integer", "minimum": 1}}}
_BODY = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": _MULTIPART},
    "application/json": {"schema": ContractTextRequest.model_json_schema()}}}}


@router.post("/contracts/check", openapi_extra=_BODY)
async def create_contract_check(request: Request, services: ServicesDep, principal: PrincipalDep) -> dict[str, Any]:
    """Check a worker's contract clause by clause against a listing's verified job order and the rules. Each
    finding has ``kind`` (unlawful, mismatch, missing, ok), the contract sentence, the job-order field, the rule and
    its source, and the money at stake; worst first. Nothing is stored. Worker keys (verified listings), agency keys
    (own licence) and admin keys; a listing the key may not use is a 404."""
    require_checker(principal)  # before the body is read: no role uploads 10 MB to be told it may not
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=5) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InputError("expected the contract file in the multipart field 'file'", field="file")
            data = await upload.read()
            ref, raw_id, name = form.get("listing_ref"), form.get("listing_id"), upload.filename
        listing_id = _listing_id(raw_id)
        return await run_in_threadpool(
            check_listing_contract, services.store, principal, listing_ref=_text(ref), listing_id=listing_id,
            data=data, filename=name)
    if ctype.startswith("application/json"):
        try:
            body = ContractTextRequest.model_validate_json(await request.body())
        except ValidationError as exc:
            raise RequestValidationError([_located(e) for e in exc.errors(include_url=False)]) from None
        return await run_in_threadpool(check_listing_contract, services.store, principal,
                                       listing_ref=body.listing_ref, listing_id=body.listing_id, text=body.text)
    raise InputError("send multipart/form-data with the contract in 'file', or application/json with 'text'",
                     field="body")


def _located(error: Any) -> dict[str, Any]:
    """A pydantic error as FastAPI reports a body error: under "body", and bytes that are not UTF-8 made printable."""
    out = {**error, "loc": ("body", *error["loc"])}
    if isinstance(out.get("input"), bytes):
        out["input"] = out["input"].decode("utf-8", errors="replace")
    return out


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _listing_id(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise InputError(f"expected a whole number, got {str(value)[:40]!r}", field="listing_id") from None
    if number < 1:
        raise InputError("expected a listing id of 1 or more", field="listing_id")
    return number
