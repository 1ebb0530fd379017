"""Demo API keys: one per role, written to ``<data_dir>/demo-keys.txt`` (mode 0600) so the demo works at once.

The worker key is bound to the first stored worker and the agency key to the licence with the most verified
listings. Keys are shown nowhere else; delete the file and revoke the keys (`layak keys revoke`) before
anything real is stored.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from matching.settings import Settings
from matching.storage.tables import Listing

DEMO_KEYS_FILE = "demo-keys.txt"


def demo_keys_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / DEMO_KEYS_FILE


def _busiest_licence(services: Any) -> str | None:
    with services.store.transaction() as s:
        row = s.execute(select(Listing.agency_key, func.count()).where(Listing.status == "verified")
                        .where(Listing.agency_key != "").where(Listing.agency_key != "G2G-KP2MI")
                        .group_by(Listing.agency_key).order_by(func.count().desc(), Listing.agency_key)
                        .limit(1)).first()
    return str(row[0]) if row else None


def write_demo_keys(services: Any) -> Path:
    """Create one key per role and write them, one ``role subject key`` line each, to the demo-keys file."""
    refs = services.store.worker_refs(limit=1)
    subjects: dict[str, str | None] = {"worker": refs[0] if refs else None, "agency": _busiest_licence(services),
                                       "planner": None, "reviewer": None, "admin": None}
    lines = ["# Layak demo API keys: send one as the X-API-Key header (or paste it into the web page).",
             "# role subject key"]
    for role, subject in subjects.items():
        if role in ("worker", "agency") and subject is None:
            continue  # an empty store: no worker or agency to bind to
        key = services.keys.create(role, subject, label="demo")
        lines.append(f"{role} {subject or '-'} {key.secret}")
    path = demo_keys_path(services.settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return path


def read_demo_keys(path: Path) -> dict[str, str]:
    """role -> key from a demo-keys file (for scripts and tests)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            role, _subject, key = line.split()
            out[role] = key
    return out
