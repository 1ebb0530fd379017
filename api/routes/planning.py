"""The training planner's cohort view: common gaps, courses that unlock placements, demand (k-anonymous)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import PrincipalDep
from api.deps import ServicesDep
from api.schemas import API_ERRORS, PlannerViewPublic
from matching.planning.cohort_report import view_csv
from matching.storage.access import require_role

router = APIRouter(prefix="/api/v1/planning", tags=["planning"], responses=API_ERRORS)
Province = Annotated[str | None, Query(max_length=80, description="e.g. Jawa Timur, Jatim")]
Sector = Annotated[str | None, Query(max_length=80, description="sector id or label")]
Country = Annotated[str | None, Query(max_length=80, description="ISO alpha-2 or name")]
Top = Annotated[int | None, Query(ge=1, le=200, description="rows per top list")]


@router.get("/skill-gaps", response_model=PlannerViewPublic)
def read_skill_gaps(services: ServicesDep, principal: PrincipalDep, province: Province = None, sector: Sector = None,
                    country: Country = None, top: Top = None) -> PlannerViewPublic:
    """Most common gaps of the cohort's workers for the verified listings they could otherwise reach, the
    courses that would make the most of them ready, and verified demand. No figure describes fewer than
    k workers (``planner_k_anonymity``); suppressed figures are ``null``. Planner and admin keys."""
    require_role(principal, ("planner", "admin"), "read the planner view")
    view = services.cohort_planner.view(province=province, sector=sector, country=country, top_n=top)
    return PlannerViewPublic.model_validate(view)


@router.get("/skill-gaps.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "the view as one tidy CSV"}})
def read_skill_gaps_csv(services: ServicesDep, principal: PrincipalDep, province: Province = None,
                        sector: Sector = None, country: Country = None, top: Top = None) -> Response:
    """The same view as one tidy CSV (``layak gaps --csv``): a ``table`` column says which part a row is from;
    empty cells are suppressed or not applicable. Text cells that a spreadsheet would run as a formula start
    with an apostrophe. Planner and admin keys."""
    require_role(principal, ("planner", "admin"), "read the planner view")
    view = services.cohort_planner.view(province=province, sector=sector, country=country, top_n=top)
    return Response(view_csv(view), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="layak-planner-view.csv"'})
