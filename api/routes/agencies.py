"""The P3MI licence registry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, UploadFile

from api.auth import PrincipalDep
from api.deps import ServicesDep
from api.schemas import API_ERRORS, AgencyImportPublic, AgencyPublic
from matching.errors import InputError
from matching.storage.access import require_role
from matching.storage.agencies import agency_view, parse_registry

router = APIRouter(prefix="/api/v1", tags=["agencies"], responses=API_ERRORS)


@router.get("/agencies/{licence_no:path}", response_model=AgencyPublic)
def read_agency(licence_no: Annotated[str, Path(min_length=1, max_length=80)], services: ServicesDep,
                _: PrincipalDep) -> dict[str, Any]:
    """One registry entry and whether its licence is valid today. Licence numbers may contain '/'.
    Any valid key (the registry is public information)."""
    return agency_view(services.store.get_agency(licence_no))


@router.post("/agencies/import", response_model=AgencyImportPublic)
def create_agencies_import(file: UploadFile, services: ServicesDep, principal: PrincipalDep) -> dict[str, int]:
    """Load or update the registry from a CSV (``agency_name, licence_no, valid_from, valid_until, status``).
    Admin keys only."""
    require_role(principal, ("admin",), "import the licence registry")
    try:
        text = file.file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", field="file") from None
    inserted, updated = services.store.upsert_agencies(parse_registry(text, file.filename or "upload"))
    return {"inserted": inserted, "updated": updated}
