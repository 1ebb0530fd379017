"""How Layak read a profile, a listing or free text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.auth import PrincipalDep
from api.schemas import API_ERRORS, StoryRequest, UnderstandRequest
from matching.recommend.understand import understand_listing, understand_profile, understand_story, understand_text

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


@router.post("/story")
def create_story_reading(body: StoryRequest, _: PrincipalDep) -> dict[str, Any]:
    """A worker's story read into a profile: each reading (education, experience with years and whether it was
    informal, languages and levels, skills, certificates, wished-for countries) with the words it came from, for
    her to confirm or correct; the profile draft they make; and the clauses nothing was read from.
    Any valid key: nothing is stored."""
    return understand_story(body.text)
