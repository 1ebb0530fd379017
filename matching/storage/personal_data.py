"""A worker's personal data on request (UU 27/2022 on personal data protection, Pasal 7–8 and 15–16 on access,
deletion and portability): everything Layak holds about one worker, exported; or all of it deleted.

What is held about a worker (docs/operations.md, "Personal data"): the profile as submitted (gender, birth year,
province, schooling, skills, certificates, languages, experience, preferences, free-text summary), its
cached reading, placement outcomes naming the worker_ref, and the worker's API keys (metadata and a hash).
Layak asks for no name, phone number, address or full birth date. Embeddings are cached by a hash of the
canonical English text only, which holds no identifier.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from matching.errors import NotFound
from matching.storage.keys import key_view
from matching.storage.store import Store
from matching.storage.tables import ApiKey, Outcome, Worker, WorkerReading, utcnow


def export_worker(store: Store, worker_ref: str) -> dict[str, Any]:
    """Everything stored about one worker, as JSON-ready data. Raises NotFound for an unknown worker_ref."""
    with store.transaction() as s:
        worker = s.get(Worker, worker_ref)
        if worker is None:
            raise NotFound(f"no worker with worker_ref '{worker_ref}'",
                               message_id=f"tidak ada pekerja dengan nomor pendaftaran '{worker_ref}'")
        reading = s.get(WorkerReading, worker_ref)
        outcomes = s.scalars(select(Outcome).where(Outcome.worker_ref == worker_ref).order_by(Outcome.id))
        keys = s.scalars(select(ApiKey).where(ApiKey.role == "worker").where(ApiKey.subject == worker_ref)
                         .order_by(ApiKey.id))
        return {
            "worker_ref": worker_ref,
            "exported_at": utcnow().isoformat(),
            "profile": dict(worker.profile),
            "stored_columns": {"gender": worker.gender, "birth_year": worker.birth_year, "province": worker.province,
                               "created_at": worker.created_at.isoformat() if worker.created_at else None},
            "reading": dict(reading.reading) if reading else None,
            "outcomes": [{"listing_ref": o.listing_ref, "event": o.event,
                          "occurred_at": o.occurred_at.isoformat() if o.occurred_at else None,
                          "simulated": o.simulated} for o in outcomes],
            "api_keys": [key_view(k) for k in keys],
            "purpose": "matching the worker with verified job listings and the training that would close her gaps",
        }


def delete_worker(store: Store, worker_ref: str) -> dict[str, int]:
    """Delete the worker's profile, cached reading, outcomes and API keys in ONE transaction.

    Returns how many rows of each kind went. Raises NotFound for an unknown worker_ref (nothing is deleted).
    """
    with store.transaction() as s:
        if s.get(Worker, worker_ref) is None:
            raise NotFound(f"no worker with worker_ref '{worker_ref}'",
                               message_id=f"tidak ada pekerja dengan nomor pendaftaran '{worker_ref}'")
        counts = {}
        for name, stmt in (
            ("outcomes", delete(Outcome).where(Outcome.worker_ref == worker_ref)),
            ("readings", delete(WorkerReading).where(WorkerReading.worker_ref == worker_ref)),
            ("api_keys", delete(ApiKey).where(ApiKey.role == "worker").where(ApiKey.subject == worker_ref)),
            ("profiles", delete(Worker).where(Worker.worker_ref == worker_ref)),
        ):
            counts[name] = int(s.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]
        if counts["outcomes"]:
            store.record_outcome_change(s)
        return counts
