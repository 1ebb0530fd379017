"""kill -9 during a bulk ingest: after a restart store and index agree, and re-running completes the file
without duplicates and without losing what was acknowledged."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from matching.demo.generate import generate_demo
from matching.service import Services
from matching.storage.tables import Listing
from tests.conftest import make_settings

ROWS = 1500


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM listings").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _ingest(csv_path: Path, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", str(csv_path), "--submitted-by", "crash"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _agree(data_dir: Path) -> tuple[Services, set[int]]:
    services = Services(make_settings(data_dir))
    store_ids = {i for i, _ in services.store.indexable_listings()}
    assert set(services.index.ids().tolist()) == store_ids  # open_index reconciled a stale index
    return services, store_ids


def test_kill_during_bulk_ingest_then_rerun(tmp_path: Path) -> None:
    data = generate_demo(n_listings=ROWS, n_workers=50, seed=11, as_of=date.today())
    registry = tmp_path / "agencies.csv"
    data.agencies.to_csv(registry, index=False)
    listings = data.listings.drop(columns=["flaw"])
    csv_path = tmp_path / "listings.csv"
    listings.to_csv(csv_path, index=False)
    data_dir = tmp_path / "data"
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "-m", "api.cli", "agencies", "import", str(registry)], env=env, check=True,
                   capture_output=True)

    proc = _ingest(csv_path, data_dir)
    db = data_dir / "layak.db"
    deadline = time.monotonic() + 300
    while _count(db) == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    acknowledged = _count(db)
    assert proc.poll() is None, "ingest finished before it could be killed; make the file bigger"
    assert 0 < acknowledged < ROWS
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    services, _ = _agree(data_dir)
    before = {(r[0], r[1]) for r in services.store.listings_frame_rows(["agency_key", "listing_ref"])}
    assert len(before) >= acknowledged
    services.store.engine.dispose()

    rerun = _ingest(csv_path, data_dir)
    assert rerun.wait(timeout=900) == 0, rerun.stderr.read().decode() if rerun.stderr else ""
    services, store_ids = _agree(data_dir)
    after = {(r[0], r[1]) for r in services.store.listings_frame_rows(["agency_key", "listing_ref"])}
    assert before <= after  # nothing acknowledged was lost
    assert services.store.count(Listing) == len(after) == listings.groupby(
        [listings["agency_licence"].fillna(""), "listing_ref"]).ngroups  # every row once, no duplicates
    assert len(store_ids) > 0
