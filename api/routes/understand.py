"""How Layak read a profile, a listing or free text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.auth import PrincipalDep
from api.schemas import API_ERRORS, UnderstandRequest
from matching.recommend.understand import understand_listing, understand_profile, understand_text

router = APIRouter(prefix="/api/v1", tags=["understand"], responses=API_ERRORS)


@router.post("/understand")
def create_understanding(body: UnderstandRequest, _: PrincipalDep) -> dict[str, Any]:
    """Canonical skills (id, Indonesian and English label), ISCO-08 occupation, levels, and what stayed unknown.
    Any valid key: nothing is stored or read from the store."""
    if body.profile is not None:
        return understand_profile(body.profile)
    if body.listing is not None:
        return understand_listing(body.listing)
    return understand_text(body.text or "")
