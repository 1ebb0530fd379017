"""A worker's personal data: export it, or delete it (UU 27/2022)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.auth import PrincipalDep
from api.deps import ServicesDep
from api.schemas import API_ERRORS, WorkerDeletionPublic, WorkerExportPublic
from matching.storage.access import require_worker
from matching.storage.personal_data import delete_worker, export_worker

router = APIRouter(prefix="/api/v1", tags=["workers"], responses=API_ERRORS)
WorkerRef = Annotated[str, Path(max_length=64)]


@router.get("/workers/{worker_ref}/export", response_model=WorkerExportPublic)
def read_worker_export(worker_ref: WorkerRef, services: ServicesDep, principal: PrincipalDep) -> dict[str, Any]:
    """Everything Layak stores about this worker (profile, its reading, outcomes, key metadata).
    That worker's key or an admin key."""
    require_worker(principal, worker_ref, "export the data")
    return export_worker(services.store, worker_ref)


@router.delete("/workers/{worker_ref}", response_model=WorkerDeletionPublic)
def delete_worker_data(worker_ref: WorkerRef, services: ServicesDep, principal: PrincipalDep) -> dict[str, Any]:
    """Delete this worker's profile, reading, outcomes and API keys (the worker's own key stops working).
    That worker's key or an admin key."""
    require_worker(principal, worker_ref, "delete the data")
    return {"worker_ref": worker_ref, "deleted": delete_worker(services.store, worker_ref)}
