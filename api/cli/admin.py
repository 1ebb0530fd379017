"""Operator commands: ``layak index rebuild``, ``agencies import|show`` and ``keys create|list|revoke``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import (
    JsonOpt,
    agencies_app,
    echo_items,
    emit,
    fail,
    guard,
    index_app,
    keys_app,
    services,
    setup_logging,
)


@index_app.command("rebuild")
def index_rebuild(as_json: JsonOpt = False) -> None:
    """Rebuild the FAISS index from the store (embeddings come from the cache when unchanged)."""
    setup_logging()
    svc = services()
    index = guard(lambda: svc.rebuild_index(progress=True))
    emit(index.manifest(), as_json, lambda d: typer.echo(f"indexed {d['count']} verified listings"))


@agencies_app.command("import")
def agencies_import(file: Annotated[Path, typer.Argument(help="CSV: agency_name, licence_no, valid_from, "
                                                                 "valid_until, status")],
                    as_json: JsonOpt = False) -> None:
    """Load or update the P3MI licence registry."""
    from matching.storage.agencies import read_registry

    setup_logging()
    svc = services()

    def run() -> dict[str, int]:
        rows = read_registry(file)
        inserted, updated = svc.store.upsert_agencies(rows)
        return {"inserted": inserted, "updated": updated}

    emit(guard(run), as_json, lambda d: typer.echo(f"inserted {d['inserted']}, updated {d['updated']}"))


@agencies_app.command("show")
def agencies_show(licence_no: Annotated[str, typer.Argument(help="licence number")], as_json: JsonOpt = False
                  ) -> None:
    """One agency from the registry, with whether its licence is valid today."""
    from matching.storage.agencies import agency_view

    svc = services()
    view = guard(lambda: agency_view(svc.store.get_agency(licence_no)))
    emit(view, as_json, echo_items)


@keys_app.command("create")
def keys_create(role: Annotated[str, typer.Option("--role", help="worker, planner, agency, reviewer or admin")],
                worker: Annotated[str | None, typer.Option("--worker", help="the worker_ref a worker key is for")]
                = None,
                licence: Annotated[str | None, typer.Option("--licence", help="the P3MI licence an agency key is for")]
                = None,
                label: Annotated[str | None, typer.Option("--label", help="a note: who holds the key")] = None,
                as_json: JsonOpt = False) -> None:
    """Create an API key and print it ONCE (only its hash is stored)."""
    if worker and licence:
        fail("give at most one of --worker REF or --licence NO")
    svc = services()

    def run() -> dict[str, Any]:
        subject = worker or licence
        if role == "worker" and worker:
            svc.store.get_worker(worker)  # NotFound for a worker_ref that is not stored
        if role == "agency" and licence:
            svc.store.get_agency(licence)
        key = svc.keys.create(role, subject, label)
        return {"id": key.id, "key": key.secret, "role": key.role, "subject": key.subject, "label": key.label}

    def human(d: dict[str, Any]) -> None:
        typer.echo(d["key"])
        subject = f" {d['subject']}" if d["subject"] else ""
        typer.echo(f"key {d['id']} for {d['role']}{subject}: store it now, it is not shown again", err=True)

    emit(guard(run), as_json, human)


@keys_app.command("list")
def keys_list(all_keys: Annotated[bool, typer.Option("--all", help="include revoked keys")] = False,
              as_json: JsonOpt = False) -> None:
    """API keys (id, first characters, role, subject, label, created, revoked); never the keys themselves."""
    svc = services()
    rows = guard(lambda: svc.keys.list(include_revoked=all_keys))

    def human(rs: list[dict[str, Any]]) -> None:
        for r in rs:
            revoked = f"  revoked {r['revoked_at'][:19]}" if r["revoked_at"] else ""
            typer.echo(f"{r['id']:>4}  {r['prefix']}…  {r['role']:<8} {r['subject'] or '-':<24} "
                       f"{r['label'] or '-':<20} {r['created_at'][:19]}{revoked}")

    emit(rows, as_json, human)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[int, typer.Argument(help="the key's id (see `layak keys list`)")],
                as_json: JsonOpt = False) -> None:
    """Revoke an API key: the next request with it is refused (401)."""
    svc = services()
    row = guard(lambda: svc.keys.revoke(key_id))
    emit(row, as_json, lambda r: typer.echo(f"key {r['id']} revoked"))
