"""Two API processes share one database: a listing approved through one is recommended by the other, and a
listing withdrawn through one leaves the other's recommendations (matching/replicas.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from features.profiles import WorkerProfile, normalise_profile
from matching.demo.load import load_demo
from matching.eligibility.policy import exclusion_reasons
from matching.retrieval.replicas import IndexFollower
from matching.storage.keys import ApiKeys
from matching.storage.store import Store
from matching.storage.tables import Listing

ROOT = Path(__file__).resolve().parents[2]
PROFILE = {"worker_ref": "W-REPLICA", "gender": "female", "birth_year": date.today().year - 30,
           "education_level": "sma", "skills": [], "languages": [], "experience": []}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path, db_url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_DATABASE_URL": db_url,
           "LAYAK_CANDIDATE_POOL": "1000", "LAYAK_INDEX_FOLLOW_INTERVAL_MS": "200", "LAYAK_LOG_LEVEL": "WARNING"}
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)


def _wait_ready(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server on {port} exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"server on {port} not ready: {log.read_text()[-2000:]}")


def _recommended(port: int) -> set[int]:
    r = httpx.post(f"http://127.0.0.1:{port}/api/v1/recommendations", json={"profile": PROFILE, "k": 100},
                   headers=KEYS["admin"], timeout=30)
    r.raise_for_status()
    return {m["listing_id"] for m in r.json()["matches"]}


def _eventually(check: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


# the X-API-Key headers of the keys the fixture creates in the shared store, by role
KEYS: dict[str, dict[str, str]] = {}


@pytest.fixture
def shared_store(db_url: str) -> Iterator[tuple[str, int, int]]:
    """A small demo store; one listing the test profile may see is put back into review before the servers start.
    Yields (url, listing to approve, listing to withdraw)."""
    store = Store(db_url)
    load_demo(store, 120, 5, 11, as_of=date.today())
    norm = normalise_profile(WorkerProfile.model_validate(PROFILE), as_of=date.today())
    today = date.today()
    allowed = [x.id for x in store.open_verified_listings(today) if not exclusion_reasons(x, norm, today)]
    assert len(allowed) >= 2
    with store.transaction() as s:
        s.get(Listing, allowed[0]).status = "needs_review"
    keys = ApiKeys(store)
    KEYS.update({role: {"X-API-Key": keys.create(role).secret} for role in ("admin", "reviewer")})
    store.engine.dispose()
    yield db_url, allowed[0], allowed[1]


def test_a_change_through_one_process_reaches_the_other(tmp_path: Path, shared_store: tuple[str, int, int]) -> None:
    db_url, to_approve, to_withdraw = shared_store
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs = [_serve(tmp_path / name, db_url, port, log) for name, port, log in zip("ab", ports, logs, strict=True)]
    try:
        for port, proc, log in zip(ports, procs, logs, strict=True):
            _wait_ready(port, proc, log)
        a, b = ports
        before = _recommended(b)
        assert to_approve not in before and to_withdraw in before

        r = httpx.post(f"http://127.0.0.1:{a}/api/v1/listings/{to_approve}/review",
                       json={"decision": "approve", "reviewer": "reviewer-1", "reason": "job order checked"},
                       headers=KEYS["reviewer"], timeout=30)
        assert r.status_code == 200, r.text
        assert to_approve in _recommended(a)  # the writer's own index at once
        assert _eventually(lambda: to_approve in _recommended(b)), "process B never saw the approval"

        r = httpx.post(f"http://127.0.0.1:{b}/api/v1/listings/{to_withdraw}/withdraw",
                       json={"by": "agency", "reason": "filled"}, headers=KEYS["admin"], timeout=30)
        assert r.status_code == 200, r.text
        assert _eventually(lambda: to_withdraw not in _recommended(a)), "process A never saw the withdrawal"
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


class _Sync:
    """An IndexSync stand-in recording what it was asked to apply."""

    def __init__(self) -> None:
        self.applied: list[list[int]] = []

    def apply(self, ids: list[int]) -> tuple[int, int]:
        self.applied.append(list(ids))
        return len(ids), 0


def test_the_follower_reads_the_counter_at_most_once_per_interval(db_url: str) -> None:
    store = Store(db_url)
    now = [0.0]
    sync = _Sync()
    follower = IndexFollower(store, sync, seen=store.listing_change_seq(), interval_s=0.5,  # type: ignore[arg-type]
                             clock=lambda: now[0])
    assert follower.poll() == (0, 0)
    [(lid, _)] = store.upsert_listings([{"listing_ref": "R1", "agency_licence": "L1", "title": "Cook",
                                         "country": "HK", "status": "verified", "embed_text": "Cook"}])
    now[0] = 0.2
    assert follower.poll() is None  # within the interval: not even the counter is read
    now[0] = 0.6
    assert follower.poll() == (1, 0) and sync.applied == [[lid]]
    assert follower.poll(force=True) == (0, 0) and sync.applied == [[lid]]
