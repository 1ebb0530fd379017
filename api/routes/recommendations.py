"""Recommendations for a profile or a stored worker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import ServicesDep
from api.schemas import RecommendationRequest, RecommendationsPublic

router = APIRouter(prefix="/api/v1", tags=["recommendations"])


@router.post("/recommendations", response_model=RecommendationsPublic)
def create_recommendations(body: RecommendationRequest, services: ServicesDep) -> RecommendationsPublic:
    """Top safe, eligible listings for a profile (or a stored worker_ref), with explanations."""
    rec = services.recommender
    result = rec.recommend(body.profile, k=body.k) if body.profile else rec.recommend_for_worker(
        body.worker_ref or "", k=body.k)
    return RecommendationsPublic.model_validate(result.to_dict())


@router.get("/workers/{worker_ref}/recommendations", response_model=RecommendationsPublic)
def read_worker_recommendations(services: ServicesDep,
                                worker_ref: Annotated[str, Path(max_length=64)],
                                k: Annotated[int | None, Query(ge=1, le=100)] = None) -> RecommendationsPublic:
    """Recommendations for a stored worker."""
    result = services.recommender.recommend_for_worker(worker_ref, k=k)
    return RecommendationsPublic.model_validate(result.to_dict())
