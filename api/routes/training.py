"""A worker's training plan: listings ready now and the best ones within a training budget."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.auth import PrincipalDep
from api.deps import ServicesDep
from api.schemas import API_ERRORS, TrainingPlanPublic
from matching.storage.access import require_worker

router = APIRouter(prefix="/api/v1", tags=["training"], responses=API_ERRORS)


@router.get("/workers/{worker_ref}/training-plan", response_model=TrainingPlanPublic)
def read_training_plan(services: ServicesDep, principal: PrincipalDep, worker_ref: Annotated[str, Path(max_length=64)],
                       weeks: Annotated[int | None, Query(ge=0, le=520,
                                                          description="training budget in weeks")] = None,
                       budget_idr: Annotated[int | None, Query(ge=0, le=10**11,
                                                               description="what the worker can pay, IDR")] = None,
                       k: Annotated[int | None, Query(ge=1, le=100, description="listings per list")] = None
                       ) -> TrainingPlanPublic:
    """Ready-now listings, stretch listings within the budget (ranked by value per week of training), the
    courses that would open the most listings for this worker, and what blocks the rest. That worker's key or
    an admin key."""
    require_worker(principal, worker_ref, "read the training plan")
    plan = services.training_planner.for_worker(worker_ref, max_weeks=weeks, max_worker_cost_idr=budget_idr, k=k)
    return TrainingPlanPublic.model_validate(plan)
