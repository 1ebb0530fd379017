"""HTTP load test: concurrent clients against a real uvicorn server on loopback.

Usage: .venv/bin/python benchmarks/load_http.py [--clients 50] [--duration 60] [--data-dir DIR]
                                                 [--listings 2000] [--workers 500] [--json]

Without ``--data-dir`` a demo store (``--listings``, ``--workers``, no models) is generated in a temp dir.
The script starts ``uvicorn api.main:create_app`` (one process, as ``layak serve`` does) on a free loopback
port, creates real API keys (each client has its own worker, agency and planner key, so the per-key rate
limit applies as it would to real users), and runs ``--clients`` asyncio clients for ``--duration``
seconds. Each client loops, picking a call by weight:

- ``recommend``: ``GET /api/v1/workers/{own ref}/recommendations?k=10`` (worker key), weight 6;
- ``screen``: ``POST /api/v1/screening`` with a varied listing (agency key), weight 3;
- ``planner``: ``GET /api/v1/planning/skill-gaps`` with a random filter (planner key), weight 1.

It prints, per call and in total: requests, throughput, p50/p99 latency, and errors (any status other
than 200, or a transport error), and asserts nothing. The target is zero errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WEIGHTS = {"recommend": 6, "screen": 3, "planner": 1}
PROVINCES = [None, "Jawa Timur", "Jawa Tengah", "Jawa Barat", "NTB", "Lampung"]
SECTORS = [None, "care", "domestic", "manufacturing", "hospitality"]
COUNTRIES = [None, "HK", "TW", "MY", "SG", "JP", "KR"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _prepare(data_dir: Path, listings: int, workers: int, clients: int) -> dict[str, Any]:
    """Fill the store if empty and create the keys: (worker_ref, worker key, agency key, planner key) per client."""
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "-m", "api.cli", "demo", "--listings", str(listings), "--workers", str(workers),
                    "--skip-models", "--if-empty"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    from features.listings import TEMPLATE_EXAMPLE
    from matching.service import Services
    from matching.settings import Settings

    services = Services(Settings(data_dir=data_dir))
    refs = services.store.worker_refs()
    licence = TEMPLATE_EXAMPLE["agency_licence"]
    per_client = []
    for i in range(clients):
        ref = refs[i % len(refs)]
        per_client.append({"ref": ref, "worker": services.keys.create("worker", ref, "load").secret,
                           "agency": services.keys.create("agency", licence, "load").secret,
                           "planner": services.keys.create("planner", None, "load").secret})
    services.store.engine.dispose()
    return {"clients": per_client, "licence": licence, "workers": len(refs)}


def _listing(rng: random.Random, n: int) -> dict[str, Any]:
    from features.listings import TEMPLATE_EXAMPLE

    today = date.today()
    body = {k: v for k, v in TEMPLATE_EXAMPLE.items() if v != ""}
    body.update(listing_ref=f"LOAD-{n}", posted_at=today.isoformat(),
                expires_at=date(today.year + 1, 1, 31).isoformat(),
                salary_amount=rng.choice([4_000, 4_990, 5_100, 5_500, 6_200]),
                worker_fee_amount=rng.choice([0, 0, 0, 15_000_000]),
                visa_type=rng.choice(["work", "work", "work", "tourist"]))
    return body


async def _client(i: int, base: str, keys: dict[str, str], stop_at: float, stats: dict[str, Any],
                  timeout: float) -> None:
    import httpx

    rng = random.Random(i)
    names, weights = list(WEIGHTS), list(WEIGHTS.values())
    async with httpx.AsyncClient(base_url=base, timeout=timeout,
                                 limits=httpx.Limits(max_connections=1, max_keepalive_connections=1)) as client:
        n = 0
        while time.monotonic() < stop_at:
            name = rng.choices(names, weights)[0]
            n += 1
            if name == "recommend":
                req = client.build_request("GET", f"/api/v1/workers/{keys['ref']}/recommendations?k=10",
                                           headers={"X-API-Key": keys["worker"]})
            elif name == "screen":
                req = client.build_request("POST", "/api/v1/screening", json=_listing(rng, i * 1_000_000 + n),
                                           headers={"X-API-Key": keys["agency"]})
            else:
                params = {k: v for k, v in (("province", rng.choice(PROVINCES)), ("sector", rng.choice(SECTORS)),
                                            ("country", rng.choice(COUNTRIES))) if v}
                req = client.build_request("GET", "/api/v1/planning/skill-gaps", params=params,
                                           headers={"X-API-Key": keys["planner"]})
            started = time.perf_counter()
            try:
                response = await client.send(req)
                await response.aread()
                status: int | str = response.status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            stats["latency"][name].append(time.perf_counter() - started)
            stats["status"][name][status] += 1


def _wait_for_health(base: str, proc: subprocess.Popen[bytes], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("server did not become healthy")


def run(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    prepared = _prepare(data_dir, args.listings, args.workers, args.clients)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_LOG_LEVEL": "WARNING"}
    log_path = data_dir.parent / "load-server.log"  # a file, not a pipe: a full pipe would stall the server
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host",
                                 "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_health(base, proc)
        warm = _warm_up(base, prepared["clients"][0])
        stats: dict[str, Any] = {"latency": defaultdict(list), "status": defaultdict(Counter)}

        async def main() -> None:
            stop_at = time.monotonic() + args.duration
            await asyncio.gather(*(_client(i, base, k, stop_at, stats, args.timeout)
                                   for i, k in enumerate(prepared["clients"])))

        started = time.perf_counter()
        asyncio.run(main())
        elapsed = time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    result = _report(stats, elapsed, args, prepared)
    result["warm_up_s"] = warm
    result["server_log"] = str(log_path)
    result["server_errors"] = [line for line in log_path.read_text(errors="replace").splitlines()
                               if "Error" in line or "ERROR" in line][-10:]
    return result


def _warm_up(base: str, keys: dict[str, str]) -> dict[str, float]:
    """One call of each kind before the clock starts: the first screening loads the risk-model registry
    (MLflow import), the first planner view reads every profile. Their times are reported apart."""
    import httpx

    out = {}
    with httpx.Client(base_url=base, timeout=600) as client:
        for name, method, url, key, body in (
            ("recommend", "GET", f"/api/v1/workers/{keys['ref']}/recommendations?k=10", "worker", None),
            ("screen", "POST", "/api/v1/screening", "agency", _listing(random.Random(0), 0)),
            ("planner", "GET", "/api/v1/planning/skill-gaps", "planner", None),
        ):
            started = time.perf_counter()
            client.request(method, url, json=body, headers={"X-API-Key": keys[key]}).raise_for_status()
            out[name] = round(time.perf_counter() - started, 2)
    return out


def _report(stats: dict[str, Any], elapsed: float, args: argparse.Namespace, prepared: dict[str, Any]
            ) -> dict[str, Any]:
    calls = {}
    all_latencies: list[float] = []
    total_errors = 0
    for name in WEIGHTS:
        lat = stats["latency"].get(name, [])
        statuses = stats["status"].get(name, Counter())
        errors = sum(n for s, n in statuses.items() if s != 200)
        total_errors += errors
        all_latencies += lat
        calls[name] = {"requests": len(lat), "per_second": round(len(lat) / elapsed, 2),
                       "p50_ms": round(_percentile(lat, 0.50) * 1000, 1),
                       "p99_ms": round(_percentile(lat, 0.99) * 1000, 1),
                       "errors": errors, "statuses": {str(k): v for k, v in statuses.items()}}
    return {"clients": args.clients, "duration_s": round(elapsed, 1), "workers_in_store": prepared["workers"],
            "cpus": os.cpu_count(), "load_average_after": os.getloadavg()[0],
            "total": {"requests": len(all_latencies), "per_second": round(len(all_latencies) / elapsed, 2),
                      "p50_ms": round(_percentile(all_latencies, 0.50) * 1000, 1),
                      "p99_ms": round(_percentile(all_latencies, 0.99) * 1000, 1), "errors": total_errors},
            "calls": calls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--data-dir", type=Path, default=None, help="an existing data dir (else a temp demo)")
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=500)
    parser.add_argument("--only", choices=sorted(WEIGHTS), default=None, help="drive one kind of call only")
    parser.add_argument("--timeout", type=float, default=120.0, help="per-request timeout, seconds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.only:
        for name in list(WEIGHTS):
            if name != args.only:
                WEIGHTS[name] = 0
    if args.data_dir is not None:
        data_dir = args.data_dir.resolve()
        os.environ.setdefault("LAYAK_MLFLOW_TRACKING_URI", f"sqlite:///{data_dir.parent / 'load-mlflow.db'}")
        result = run(args, data_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="layak-load-") as tmp:
            os.environ.setdefault("LAYAK_MLFLOW_TRACKING_URI", f"sqlite:///{tmp}/mlflow.db")
            result = run(args, Path(tmp) / "data")
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['clients']} clients for {result['duration_s']} s on {result['cpus']} CPUs "
          f"({result['workers_in_store']} workers in the store; "
          f"load average after: {result['load_average_after']:.1f})")
    print(f"warm-up (first call of each kind, not counted): {result['warm_up_s']}")
    print(f"{'call':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}  statuses")
    for name, c in [*result["calls"].items(), ("total", result["total"])]:
        print(f"{name:<10} {c['requests']:>9} {c['per_second']:>8} {c['p50_ms']:>9} {c['p99_ms']:>9} {c['errors']:>7}"
              f"  {c.get('statuses', '')}")
    if result["server_errors"]:
        print("server errors (last lines of " + result["server_log"] + "):")
        print("\n".join(result["server_errors"]))


if __name__ == "__main__":
    main()
