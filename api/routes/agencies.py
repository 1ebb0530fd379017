"""The P3MI licence registry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import ServicesDep
from matching.agencies import agency_view

router = APIRouter(prefix="/api/v1", tags=["agencies"])


@router.get("/agencies/{licence_no:path}")
def read_agency(licence_no: Annotated[str, Path(min_length=1, max_length=80)], services: ServicesDep
                ) -> dict[str, Any]:
    """One registry entry and whether its licence is valid today. Licence numbers may contain '/'."""
    return agency_view(services.store.get_agency(licence_no))
