"""Liveness and readiness."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from api.deps import ServicesDep
from api.schemas import HealthPublic, RankerPublic
from matching.storage.tables import Listing, Worker

router = APIRouter(tags=["health"])


def _version() -> str:
    try:
        return version("layak")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


@router.get("/health", response_model=HealthPublic)
def health(services: ServicesDep) -> HealthPublic:
    """Service status, index size and the model versions in use (the ranker: the MLflow champion or v0)."""
    rec = services.recommender
    ranker = RankerPublic(**rec.ranker_info, detail=services.ranker_status or None)
    return HealthPublic(status="ok", listings_indexed=services.index.ntotal,
                        listings_total=services.store.count(Listing), workers=services.store.count(Worker),
                        encoder=services.encoder.model_id, scorer=rec.scorer, ranker=ranker, version=_version())
