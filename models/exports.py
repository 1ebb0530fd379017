"""Local copies of registered champions, and the registry look-up that says whether a copy is still the champion.

Why: loading a champion through MLflow (client, skops, scikit-learn's estimator scan) took 16 s of a 30 s
``layak recommend --profile`` and 16 s of a 17 s ``layak screen`` on the default demo (docs/benchmarks.md). The
registry stays the source of truth: every load first asks it which version the ``champion`` alias names, and a
local copy is used only when it was made from exactly that registered version (same version number, run id,
creation time and artifact source). When the alias moves, the next load finds no copy of the new version,
loads it through MLflow and writes its copy.

Files (``export_path``): one ``.npz`` per model name and version, holding the arrays and a JSON header
(``__header__``) with the registration, the format and a SHA-256 of every array. It is written under a temporary
name, flushed and renamed into place (whole or not at all, also with several processes writing it), and read
with ``allow_pickle=False``: nothing in it can run code.

``registration`` reads the alias with one read-only SQL query on MLflow's SQLite database (milliseconds,
without importing MLflow). For any other tracking store, or a database it does not recognise, it says so
(``RegistryUnreadable``) and the caller asks MLflow's client instead (``models.registry.registration``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

HEADER = "__header__"
CHAMPION_ALIAS = "champion"


class RegistryUnreadable(Exception):
    """The registry cannot be read directly (not SQLite, or a schema this code does not know): ask MLflow."""


class StaleExport(Exception):
    """A local copy is missing, damaged, from another registered version or another format: load from MLflow."""


@dataclass(frozen=True)
class Registration:
    """One registered model version, as the registry identifies it."""

    name: str
    version: str
    run_id: str
    created_ms: int
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LoadedRanker:
    """A registered ranker loaded for serving, with what it was trained on (from MLflow: ``models.registry``; from
    its local copy: ``models.champion``)."""

    model: Any
    name: str
    version: str
    run_id: str
    features: list[str]
    metrics: dict[str, float]


def sqlite_file(tracking_uri: str) -> Path | None:
    """The database file of a ``sqlite:///`` tracking URI (None for other stores)."""
    return Path(tracking_uri[len("sqlite:///"):]) if tracking_uri.startswith("sqlite:///") else None


_VERSION_COLUMNS = "v.version, v.run_id, v.creation_time, v.source"
_ALIAS_SQL = (f"SELECT {_VERSION_COLUMNS} FROM registered_model_aliases a "
              "JOIN model_versions v ON v.name = a.name AND v.version = a.version "
              "WHERE a.name = ? AND a.alias = ?")
_VERSION_SQL = f"SELECT {_VERSION_COLUMNS} FROM model_versions v WHERE v.name = ? AND v.version = ?"


def registration(tracking_uri: str, name: str, alias: str = CHAMPION_ALIAS, version: str | None = None
                 ) -> Registration | None:
    """The version ``alias`` names (or ``version`` itself) in MLflow's SQLite registry, or None (no database, no
    such model, alias or version).

    Raises:
        RegistryUnreadable: not a SQLite tracking URI, or the tables are not the ones this query expects (an
            MLflow version that changed them, or several workspaces naming the model).
    """
    path = sqlite_file(tracking_uri)
    if path is None:
        raise RegistryUnreadable(f"not a SQLite tracking store: {tracking_uri}")
    if not path.exists():
        return None  # nothing was ever logged there
    sql, args = (_ALIAS_SQL, (name, alias)) if version is None else (_VERSION_SQL, (name, int(version)))
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)) as db:
            rows = db.execute(sql, args).fetchall()
    except sqlite3.Error as exc:  # no such table/column: not a registry this query knows
        raise RegistryUnreadable(f"cannot read the registry in {path}: {exc}") from exc
    if len(rows) > 1:
        raise RegistryUnreadable(f"{len(rows)} registry rows for {name} {alias if version is None else version}")
    if not rows:
        return None
    found, run_id, created, source = rows[0]
    return Registration(name=name, version=str(found), run_id=str(run_id or ""), created_ms=int(created or 0),
                        source=str(source or ""))


def export_path(folder: Path, name: str, version: str) -> Path:
    return Path(folder) / f"{name}-v{version}.npz"


def _digest(arrays: Mapping[str, np.ndarray]) -> str:
    h = hashlib.sha256()
    for key in sorted(arrays):
        arr = np.ascontiguousarray(arrays[key])
        h.update(f"{key}|{arr.dtype.str}|{arr.shape}|".encode())
        h.update(arr.tobytes())
    return h.hexdigest()


def write_npz(path: Path, header: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> None:
    """Write ``arrays`` and ``header`` (plus the arrays' SHA-256) atomically: a temporary file in the same folder,
    flushed to disk, then renamed over ``path``."""
    if HEADER in arrays:
        raise ValueError(f"{HEADER} is reserved")
    full = {**header, "sha256": _digest(arrays)}
    payload = {HEADER: np.frombuffer(json.dumps(full, sort_keys=True).encode(), dtype=np.uint8), **arrays}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # readable like the store's other files (mkstemp makes it private)
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **payload)  # type: ignore[arg-type]
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_npz(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """``(header, arrays)`` of a file ``write_npz`` wrote.

    Raises:
        StaleExport: no such file, not readable as one, or an array whose bytes do not match the header's digest.
    """
    try:
        with np.load(path, allow_pickle=False) as z:
            header = json.loads(bytes(z[HEADER]).decode())
            arrays = {k: z[k] for k in z.files if k != HEADER}
    except FileNotFoundError as exc:
        raise StaleExport(f"no local copy at {path}") from exc
    except Exception as exc:  # a truncated or foreign file: zipfile, numpy or JSON errors
        raise StaleExport(f"unreadable local copy {path}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(header, dict) or header.get("sha256") != _digest(arrays):
        raise StaleExport(f"local copy {path} does not match its checksum")
    return header, arrays


def check_header(header: Mapping[str, Any], kind: str, fmt: int, reg: Registration) -> None:
    """Raises StaleExport unless the header is of ``kind`` and format ``fmt``, made from ``reg``."""
    if header.get("kind") != kind or header.get("format") != fmt:
        raise StaleExport(f"local copy is {header.get('kind')} format {header.get('format')}, not {kind} {fmt}")
    if header.get("registration") != reg.to_dict():
        raise StaleExport(f"local copy was made from {header.get('registration')}, the registry has {reg}")


__all__ = ["CHAMPION_ALIAS", "LoadedRanker", "Registration", "RegistryUnreadable", "StaleExport", "check_header",
           "export_path", "read_npz", "registration", "sqlite_file", "write_npz"]
