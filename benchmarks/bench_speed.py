"""Issue 16's targets in one run: recommend against the naive peer, batch (one process, and 1 -> 2 Dask worker
processes), and the peak memory of `layak serve`. Asserts nothing (shared, noisy machines): it prints figures and
ratios measured in the same process, at the same time. Usage (the data dir is a store made by `layak demo`):

    .venv/bin/python benchmarks/bench_speed.py --data-dir DIR [--requests 200] [--rounds 3] [--batch-workers 1000]
        [--cluster-workers 2] [--serve-requests 50]

1. Recommend in-process, per request: ``Recommender.recommend(profile)`` for stored worker profiles with an empty
   embedding cache (every profile is encoded, cold), against the naive peer in the same process on the same
   profile: ``SentenceTransformer.encode`` (torch) of the profile text, brute-force
   ``sentence_transformers.util.semantic_search`` over every indexed listing vector, and the top 10 rows loaded
   from the store. Each round uses new profiles; the two alternate which goes first. Per round: p50/p99 of each
   and Layak / naive; the summary is the median over rounds.
2. Batch: ``recommend_all`` over ``--batch-workers`` workers in this process, with a cold embedding cache and again
   warm (the nightly re-run: unchanged profiles come from the cache), then the same workers sharded over a local
   Dask cluster with 1 and with ``--cluster-workers`` worker processes (warm), as workers/s and the ratio.
3. `layak serve` in a child process: ``--serve-requests`` recommendations over HTTP, then its peak resident memory
   (VmHWM from /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _pcts(ms: list[float]) -> dict[str, float]:
    arr = np.array(ms)
    return {"n": len(ms), "p50_ms": round(float(np.percentile(arr, 50)), 1),
            "p99_ms": round(float(np.percentile(arr, 99)), 1), "mean_ms": round(float(arr.mean()), 1)}


class _Limited:
    """The store with ``worker_refs`` cut to the first ``n`` (a batch over part of the workers)."""

    def __init__(self, store: Any, n: int) -> None:
        self._store, self._n = store, n

    def worker_refs(self, limit: int | None = None) -> list[str]:
        return list(self._store.worker_refs(limit=self._n))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def recommend_vs_naive(services: Any, profiles: list[Any], rounds: int, per_round: int) -> dict[str, Any]:
    import torch
    from sentence_transformers import SentenceTransformer, util

    from matching.recommend.pipeline import profile_embed_text

    rec, store = services.recommender, services.store
    torch.set_num_threads(1)  # the same single thread Layak's encoder uses (LAYAK_COMPUTE_THREADS=1)
    model = SentenceTransformer(services.settings.resolved_model_path(), device="cpu")
    ids = services.index.ids()
    corpus = util.normalize_embeddings(torch.from_numpy(services.index.vectors(ids)))

    def naive(text: str) -> None:
        q = model.encode([text], convert_to_tensor=True)
        hits = util.semantic_search(q, corpus, top_k=10)[0]
        store.listings_by_ids([int(ids[h["corpus_id"]]) for h in hits])

    naive(profile_embed_text(rec.read_profile(profiles[-1]), rec.ref) + " warm-up")
    out: dict[str, Any] = {"rounds": []}
    for r in range(rounds):
        lay, nai = [], []
        for i, p in enumerate(profiles[r * per_round:(r + 1) * per_round]):
            text = profile_embed_text(rec.read_profile(p), rec.ref) + " "  # not Layak's cache key: cold for both
            steps = [("layak", lambda p=p: rec.recommend(p, k=10)), ("naive", lambda t=text: naive(t))]
            for name, fn in steps if i % 2 == 0 else steps[::-1]:
                t0 = time.perf_counter()
                fn()
                (lay if name == "layak" else nai).append((time.perf_counter() - t0) * 1000)
        a, b = _pcts(lay), _pcts(nai)
        out["rounds"].append({"layak": a, "naive": b, "p50_ratio": round(a["p50_ms"] / b["p50_ms"], 2),
                              "p99_ratio": round(a["p99_ms"] / b["p99_ms"], 2), "loadavg": _load()})
    for key in ("p50_ratio", "p99_ratio"):
        out[f"median_{key}"] = float(np.median([x[key] for x in out["rounds"]]))
    for who in ("layak", "naive"):
        for q in ("p50_ms", "p99_ms"):
            out[f"median_{who}_{q}"] = float(np.median([x[who][q] for x in out["rounds"]]))
    return out


def batch(services: Any, n: int, tmp: Path, cluster_workers: int) -> dict[str, Any]:
    from matching.recommend.batch import recommend_all
    from matching.workflows import recommend_all_on_cluster

    store = _Limited(services.store, n)
    out: dict[str, Any] = {"workers": n}
    for label in ("cold_cache", "warm_cache"):
        report = recommend_all(store, services.recommender, tmp / f"{label}.parquet", k=10)
        out[f"one_process_{label}_workers_per_s"] = report.workers_per_s
        out[f"loadavg_after_{label}"] = _load()
    for procs in (1, cluster_workers):
        t0 = time.perf_counter()
        report = recommend_all_on_cluster(services, tmp / f"cluster{procs}.parquet", f"local:{procs}", k=10,
                                          limit=n)
        out[f"cluster_{procs}_processes"] = {"workers_per_s": report.workers_per_s,
                                             "wall_s_with_cluster_start": round(time.perf_counter() - t0, 1),
                                             "nodes": report.nodes, "loadavg": _load()}
    one, many = out["cluster_1_processes"], out[f"cluster_{cluster_workers}_processes"]
    out[f"cluster_{cluster_workers}_over_1"] = round(many["workers_per_s"] / one["workers_per_s"], 2)
    out["cluster_output_equals_one_process"] = _same(tmp / "warm_cache.parquet", tmp / f"cluster{cluster_workers}"
                                                     ".parquet")
    return out


def _same(a: Path, b: Path) -> bool:
    import pandas as pd

    return bool(pd.read_parquet(a).equals(pd.read_parquet(b)))


def serve_peak_rss(data_dir: Path, cache: Path, profiles: list[dict[str, Any]]) -> dict[str, Any]:
    import httpx

    from matching.settings import Settings
    from matching.storage.keys import ApiKeys
    from matching.storage.store import Store

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    store = Store(Settings(data_dir=data_dir).database_url)
    headers = {"X-API-Key": ApiKeys(store).create("admin", label="bench_speed").secret}
    store.engine.dispose()
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_EMBEDDING_CACHE_PATH": str(cache),
           "LAYAK_LOG_LEVEL": "WARNING", "LAYAK_RATE_LIMIT_PER_MINUTE": "1000000", "LAYAK_RATE_LIMIT_BURST": "100000"}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        times = []
        with httpx.Client(base_url=url, timeout=120, headers=headers) as client:
            for p in profiles:
                t0 = time.perf_counter()
                client.post("/api/v1/recommendations", json={"profile": p, "k": 10}).raise_for_status()
                times.append((time.perf_counter() - t0) * 1000)
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        return {"requests": _pcts(times), "peak_rss_mib": round(peak / 1024, 1)}
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=200, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-workers", type=int, default=1000)
    parser.add_argument("--cluster-workers", type=int, default=2)
    parser.add_argument("--serve-requests", type=int, default=50)
    parser.add_argument("--skip", nargs="*", default=[], choices=["recommend", "batch", "serve"])
    args = parser.parse_args()

    from features.profiles import WorkerProfile
    from matching.service import Services
    from matching.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    services = Services(Settings(data_dir=args.data_dir, embedding_cache_path=tmp / "cold.sqlite"))
    rec, store = services.recommender, services.store
    need = args.requests * args.rounds + args.serve_requests + 1
    refs = store.worker_refs(limit=need)
    raw = store.workers_by_refs(refs)
    profiles = [raw[r] for r in refs]
    results: dict[str, Any] = {
        "listings_indexed": services.index.ntotal, "index": services.index.kind, "index_params": services.index.params,
        "ranker": rec.ranker_info, "encoder_backend": services.settings.encoder_backend, "cpu_count": os.cpu_count(),
        "compute_threads": services.settings.compute_threads, "day": date.today().isoformat(),
        "loadavg_start": _load()}
    rec.warm_up()  # as `layak serve` does before taking traffic: ranking data, the forest's compiled kernels
    rec.recommend(WorkerProfile.model_validate(profiles[-1]))
    if "recommend" not in args.skip:
        typed = [WorkerProfile.model_validate(p) for p in profiles[:args.requests * args.rounds]]
        results["recommend"] = recommend_vs_naive(services, typed, args.rounds, args.requests)
    if "batch" not in args.skip:
        results["batch"] = batch(services, args.batch_workers, tmp, args.cluster_workers)
    if "serve" not in args.skip and args.serve_requests:
        results["serve"] = serve_peak_rss(args.data_dir, tmp / "serve.sqlite", profiles[-args.serve_requests - 1:-1])
    import resource

    results["bench_process_peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["loadavg_end"] = _load()
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
