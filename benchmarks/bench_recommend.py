"""End-to-end recommend benchmark over a demo store: in-process and over HTTP, against the naive baseline.

Asserts nothing (shared, noisy machines). Usage (the data dir is a store made by `layak demo`):

    LAYAK_DATA_DIR=/tmp/d100k .venv/bin/layak demo --listings 100000 --workers 5000
    .venv/bin/python benchmarks/bench_recommend.py --data-dir /tmp/d100k [--requests 300] [--http-requests 200]

1. Layak in-process: ``Recommender.recommend(profile)`` for stored worker profiles, one at a time, the query
   encoding included (a fresh, empty embedding cache: every distinct profile text is encoded once, cold).
2. The naive baseline a user would write, in the same process: ``SentenceTransformer.encode`` the profile text,
   brute-force ``sentence_transformers.util.semantic_search`` over every listing embedding, and load the top 10
   rows from the store. No reading of the profile, no policy, no ranking, no explanation.
3. Layak over HTTP: `layak serve` in a child process on the same data dir; sequential p50/p99, then throughput
   with ``--concurrency`` client threads.
4. ``--profile N``: cProfile of N in-process requests, the top functions by cumulative time (where time goes).
5. Batch: ``recommend_all`` for ``--batch-workers`` workers, in workers/s.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _pcts(ms: list[float]) -> dict[str, float]:
    arr = np.array(ms)
    return {"n": len(ms), "p50_ms": round(float(np.percentile(arr, 50)), 1),
            "p99_ms": round(float(np.percentile(arr, 99)), 1), "mean_ms": round(float(arr.mean()), 1),
            "sequential_per_s": round(1000 / float(arr.mean()), 1)}


def _timed(fn: Any, items: list[Any]) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_http(data_dir: Path, cache: Path, profiles: list[dict[str, Any]], concurrency: int) -> dict[str, Any]:
    import httpx

    from matching.settings import Settings
    from matching.storage.keys import ApiKeys
    from matching.storage.store import Store

    port = _free_port()
    # a real admin key (every /api/v1 call needs one); the per-key rate limit is lifted: this measures latency
    store = Store(Settings(data_dir=data_dir).database_url)
    headers = {"X-API-Key": ApiKeys(store).create("admin", label="bench_recommend").secret}
    store.engine.dispose()
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_EMBEDDING_CACHE_PATH": str(cache),
           "LAYAK_LOG_LEVEL": "WARNING", "LAYAK_RATE_LIMIT_PER_MINUTE": "1000000", "LAYAK_RATE_LIMIT_BURST": "100000"}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        with httpx.Client(base_url=url, timeout=120, headers=headers) as client:
            def call(p: dict[str, Any]) -> None:
                client.post("/api/v1/recommendations", json={"profile": p, "k": 10}).raise_for_status()

            call(profiles[0])
            half = len(profiles) // 2
            seq = _pcts(_timed(call, profiles[:half]))
            t0 = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                list(pool.map(call, profiles[half:]))
            wall = time.perf_counter() - t0
        return {"sequential": seq, "concurrent": {"clients": concurrency, "requests": len(profiles) - half,
                                                  "throughput_per_s": round((len(profiles) - half) / wall, 1)}}
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--http-requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--profile", type=int, default=50, help="requests to profile with cProfile (0: none)")
    parser.add_argument("--batch-workers", type=int, default=1000)
    args = parser.parse_args()

    from sentence_transformers import SentenceTransformer, util

    from features.profiles import WorkerProfile
    from matching.recommend.batch import recommend_all
    from matching.recommend.pipeline import profile_embed_text
    from matching.service import Services
    from matching.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-recommend-"))
    services = Services(Settings(data_dir=args.data_dir, embedding_cache_path=tmp / "cold.sqlite"))
    rec = services.recommender
    store = services.store
    n_total = args.requests + args.http_requests + args.profile
    refs = store.worker_refs(limit=n_total + 10)
    stored = store.workers_by_refs(refs)
    raw = [stored[r] for r in refs]
    profiles = [WorkerProfile.model_validate(p) for p in raw]
    results: dict[str, Any] = {"listings_indexed": services.index.ntotal, "index": services.index.kind,
                               "index_params": services.index.params, "ranker": rec.ranker_info,
                               "cpu_count": os.cpu_count(), "compute_threads": services.settings.compute_threads,
                               "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    rec.warm_up()  # as `layak serve` does: ranking data, the forest's compiled kernels
    rec.recommend(profiles[-1])

    todo = profiles[:args.requests]
    results["layak_in_process"] = _pcts(_timed(lambda p: rec.recommend(p, k=10), todo))

    # The naive baseline, same process, same profile texts, same listing vectors.
    model = SentenceTransformer(services.settings.resolved_model_path(), device="cpu")
    ids = services.index.ids()
    corpus = util.normalize_embeddings(__import__("torch").from_numpy(services.index.vectors(ids)))
    texts = [profile_embed_text(rec.read_profile(p), rec.ref) for p in todo]

    def naive(text: str) -> None:
        q = model.encode([text + " "], convert_to_tensor=True)  # " ": not Layak's cache key, a cold encode
        hits = util.semantic_search(q, corpus, top_k=10)[0]
        store.listings_by_ids([int(ids[h["corpus_id"]]) for h in hits])

    naive(texts[0])
    results["naive_semantic_search"] = _pcts(_timed(naive, texts))
    lay, nai = results["layak_in_process"], results["naive_semantic_search"]
    results["layak_over_naive"] = {"p50": round(lay["p50_ms"] / nai["p50_ms"], 2),
                                   "p99": round(lay["p99_ms"] / nai["p99_ms"], 2)}
    results["loadavg_after_in_process"] = [round(x, 2) for x in os.getloadavg()]

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for p in profiles[args.requests:args.requests + args.profile]:
            rec.recommend(p, k=10)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(30)
        (tmp / "profile.txt").write_text(buf.getvalue())
        stats = pstats.Stats(prof).sort_stats("cumulative")
        results["profile_top_cumulative_ms_per_request"] = {
            f"{func[0].split('/')[-1]}:{func[2]}": round(ct * 1000 / args.profile, 1)
            for func, (_, _, _, ct, _) in sorted(stats.stats.items(), key=lambda kv: -kv[1][3])[:25]}  # type: ignore[attr-defined]
        results["profile_file"] = str(tmp / "profile.txt")

    if args.batch_workers:
        n_workers = min(args.batch_workers, len(store.worker_refs()))
        batch_store = _LimitedStore(store, n_workers)
        report = recommend_all(batch_store, rec, tmp / "batch.parquet", k=10)  # type: ignore[arg-type]
        results["batch"] = {"workers": report.workers, "workers_per_s": report.workers_per_s,
                            "seconds": report.seconds}

    if args.http_requests:
        http_profiles = raw[args.requests + args.profile:args.requests + args.profile + args.http_requests]
        results["layak_http"] = bench_http(args.data_dir, tmp / "cold-http.sqlite", http_profiles, args.concurrency)
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(results, indent=2, default=str))


class _LimitedStore:
    """The store, with ``worker_refs`` cut to the first ``n`` (a batch benchmark over part of the workers)."""

    def __init__(self, store: Any, n: int) -> None:
        self._store, self._n = store, n

    def worker_refs(self, limit: int | None = None) -> list[str]:
        return list(self._store.worker_refs(limit=self._n))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


if __name__ == "__main__":
    main()
