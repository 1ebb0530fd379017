"""kill -9 of a real server (uvicorn subprocess): during bulk ingests over HTTP, and during an index rebuild.

After a restart the store and the published index agree (the index holds exactly the verified, open listings),
and every listing whose upload was acknowledged (a 200 response with its listing_id) is in the store. Re-sending
the same files afterwards completes them without duplicates.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from matching.demo.generate import generate_demo
from matching.demo.load import load_demo
from matching.retrieval.index import ListingIndex
from matching.service import Services
from matching.storage.store import Store
from matching.storage.tables import Listing
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
BATCH_ROWS = 250


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


class Server:
    """``uvicorn api.main:create_app`` on a free loopback port over ``data_dir``."""

    def __init__(self, data_dir: Path, log: Path) -> None:
        self.data_dir, self.log = data_dir, log
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_LOG_LEVEL": "WARNING",
               "LAYAK_RATE_LIMIT_PER_MINUTE": "100000", "LAYAK_RATE_LIMIT_BURST": "100000"}
        with log.open("ab") as fh:
            self.proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
                                          "--host", "127.0.0.1", "--port", str(self.port), "--no-access-log"],
                                         cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 900) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-3000:]
            if _healthy(self.base):
                return
            time.sleep(0.3)
        pytest.fail(f"server not healthy within {timeout} s:\n{self.log.read_text(errors='replace')[-3000:]}")

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()


def _store_and_index_agree(data_dir: Path) -> set[int]:
    """The published index (as the restarted server left it on disk) holds exactly the indexable listings."""
    settings = make_settings(data_dir)
    store = Store(settings.database_url)
    expected = {i for i, _ in store.indexable_listings()}
    index = ListingIndex.load(settings.index_path)  # type: ignore[arg-type]
    assert set(index.ids().tolist()) == expected
    store.engine.dispose()
    return expected


def _admin_key(data_dir: Path) -> str:
    services = Services(make_settings(data_dir))
    key = services.keys.create("admin", None, "faults").secret
    services.store.engine.dispose()
    return key


def test_kill_9_during_bulk_uploads_loses_nothing_acknowledged(tmp_path: Path) -> None:
    data = generate_demo(n_listings=2_000, n_workers=20, seed=13, as_of=date.today())
    listings = data.listings.drop(columns=["flaw"])
    buf = io.StringIO()
    listings.to_csv(buf, index=False)
    header, *rows = buf.getvalue().splitlines()
    batches = ["\n".join([header, *rows[i:i + BATCH_ROWS]]) + "\n" for i in range(0, len(rows), BATCH_ROWS)]
    data_dir = tmp_path / "data"
    key = _admin_key(data_dir)
    registry = io.StringIO()
    data.agencies.to_csv(registry, index=False)

    server = Server(data_dir, tmp_path / "server.log")
    acknowledged: set[tuple[str, str]] = set()
    sent = threading.Event()
    try:
        server.wait_healthy()
        with httpx.Client(base_url=server.base, headers={"X-API-Key": key}, timeout=600) as client:
            imported = client.post("/api/v1/agencies/import", files={"file": ("r.csv", registry.getvalue().encode(),
                                                                             "text/csv")})
            assert imported.status_code == 200, imported.text

            def upload() -> None:
                for i, batch in enumerate(batches):
                    if i >= 2:
                        sent.set()  # two batches acknowledged: the next one is in flight when the kill comes
                    try:
                        r = client.post("/api/v1/listings/bulk", files={"file": (f"b{i}.csv", batch.encode(),
                                                                                 "text/csv")})
                    except httpx.HTTPError:
                        return  # the server died under this request: nothing in it was acknowledged
                    assert r.status_code == 200, r.text
                    for row in r.json()["rows"]:
                        if "listing_id" in row:
                            acknowledged.add((row["listing_id"], row["listing_ref"]))

            thread = threading.Thread(target=upload)
            thread.start()
            assert sent.wait(timeout=900), "the first two batches never came back"
            time.sleep(1.0)
            assert thread.is_alive(), "every batch was done before the kill; use more rows"
            server.kill9()
            thread.join(timeout=60)
    finally:
        server.stop()
    assert len(acknowledged) >= 2 * BATCH_ROWS * 0.5

    restarted = Server(data_dir, tmp_path / "server2.log")
    try:
        restarted.wait_healthy()  # the lifespan reconciles a stale index before taking traffic
        store_ids = _store_and_index_agree(data_dir)
        store = Store(make_settings(data_dir).database_url)
        stored = {(i, r) for i, r in store.listings_frame_rows(["id", "listing_ref"])}
        assert acknowledged <= stored  # every acknowledged listing survived, with the id it was given
        with httpx.Client(base_url=restarted.base, headers={"X-API-Key": key}, timeout=600) as client:
            health = client.get("/health").json()
            assert health["listings_indexed"] == len(store_ids)
            for i, batch in enumerate(batches):  # the agency sends everything again
                r = client.post("/api/v1/listings/bulk", files={"file": (f"b{i}.csv", batch.encode(), "text/csv")})
                assert r.status_code == 200
        assert store.count(Listing) == listings.groupby([listings["agency_licence"].fillna(""),
                                                        "listing_ref"]).ngroups  # each once, no duplicates
        store.engine.dispose()
    finally:
        restarted.stop()
    _store_and_index_agree(data_dir)


def _wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_kill_9_during_index_rebuilds(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    settings = make_settings(data_dir)
    store = Store(settings.database_url)
    load_demo(store, 1_200, 20, 17, as_of=date.today())  # store only: no index, cold embedding cache
    expected = {i for i, _ in store.indexable_listings()}
    store.engine.dispose()
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_LOG_LEVEL": "WARNING"}

    # 1. the server's start-up rebuild (no index yet), killed before it is ready
    server = Server(data_dir, tmp_path / "server.log")
    try:
        assert _wait_for(lambda: (data_dir / "embeddings.sqlite").exists(), 300), "the rebuild never started"
        time.sleep(2.0)
        assert not _healthy(server.base), "the rebuild finished before the kill; use more listings"
        server.kill9()
    finally:
        server.stop()

    # 2. `layak index rebuild`, killed mid-way (the index now published by a restart must be complete)
    cli = subprocess.Popen([sys.executable, "-m", "api.cli", "index", "rebuild"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4.0)
    if cli.poll() is None:
        os.kill(cli.pid, signal.SIGKILL)
    cli.wait(timeout=30)

    restarted = Server(data_dir, tmp_path / "server2.log")
    try:
        restarted.wait_healthy()
        assert _store_and_index_agree(data_dir) == expected
        with urllib.request.urlopen(restarted.base + "/health", timeout=10) as r:
            import json

            assert json.loads(r.read())["listings_indexed"] == len(expected)
    finally:
        restarted.stop()
