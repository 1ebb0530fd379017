"""The training planner's cohort view: common gaps, courses that unlock placements, demand (k-anonymous)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import PrincipalDep
from api.deps import ServicesDep
from api.schemas import API_ERRORS, PlannerViewPublic
from matching.access import require_role

router = APIRouter(prefix="/api/v1/planning", tags=["planning"], responses=API_ERRORS)


@router.get("/skill-gaps", response_model=PlannerViewPublic)
def read_skill_gaps(services: ServicesDep, principal: PrincipalDep,
                    province: Annotated[str | None, Query(max_length=80, description="e.g. Jawa Timur, Jatim")] = None,
                    sector: Annotated[str | None, Query(max_length=80, description="sector id or label")] = None,
                    country: Annotated[str | None, Query(max_length=80, description="ISO alpha-2 or name")] = None,
                    top: Annotated[int | None, Query(ge=1, le=200, description="rows per top list")] = None
                    ) -> PlannerViewPublic:
    """Most common gaps of the cohort's workers for the verified listings they could otherwise reach, the
    courses that would make the most of them ready, and verified demand. No figure describes fewer than
    k workers (``planner_k_anonymity``); suppressed figures are ``null``. Planner and admin keys."""
    require_role(principal, ("planner", "admin"), "read the planner view")
    view = services.cohort_planner.view(province=province, sector=sector, country=country, top_n=top)
    return PlannerViewPublic.model_validate(view)
