"""Liveness and readiness."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from api.deps import ServicesDep
from api.schemas import HealthPublic
from matching.recommend import SCORER_VERSION
from matching.store import Listing, Worker

router = APIRouter(tags=["health"])


def _version() -> str:
    try:
        return version("layak")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


@router.get("/health", response_model=HealthPublic)
def health(services: ServicesDep) -> HealthPublic:
    """Service status, index size and the model versions in use."""
    return HealthPublic(status="ok", listings_indexed=services.index.ntotal,
                        listings_total=services.store.count(Listing), workers=services.store.count(Worker),
                        encoder=services.encoder.model_id, scorer=SCORER_VERSION, version=_version())
