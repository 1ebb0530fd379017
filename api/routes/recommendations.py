"""Recommendations for a profile or a stored worker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.auth import PrincipalDep
from api.deps import ServicesDep
from api.schemas import API_ERRORS, RecommendationRequest, RecommendationsPublic
from matching.storage.access import require_role, require_worker

router = APIRouter(prefix="/api/v1", tags=["recommendations"], responses=API_ERRORS)


@router.post("/recommendations", response_model=RecommendationsPublic)
def create_recommendations(body: RecommendationRequest, services: ServicesDep, principal: PrincipalDep
                           ) -> RecommendationsPublic:
    """Top safe, eligible listings for a profile (or a stored worker_ref), with explanations.
    Worker keys (a stored worker_ref only their own) and admin keys."""
    rec = services.recommender
    if body.profile:
        require_role(principal, ("worker", "admin"), "ask for recommendations")
        result = rec.recommend(body.profile, k=body.k)
    else:
        require_worker(principal, body.worker_ref or "", "read the recommendations")
        result = rec.recommend_for_worker(body.worker_ref or "", k=body.k)
    return RecommendationsPublic.model_validate(result.to_dict())


@router.get("/workers/{worker_ref}/recommendations", response_model=RecommendationsPublic)
def read_worker_recommendations(services: ServicesDep, principal: PrincipalDep,
                                worker_ref: Annotated[str, Path(max_length=64)],
                                k: Annotated[int | None, Query(ge=1, le=100)] = None) -> RecommendationsPublic:
    """Recommendations for a stored worker (that worker's key, or an admin key)."""
    require_worker(principal, worker_ref, "read the recommendations")
    result = services.recommender.recommend_for_worker(worker_ref, k=k)
    return RecommendationsPublic.model_validate(result.to_dict())
