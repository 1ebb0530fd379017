"""Foundation benchmark: `layak demo` time and memory, encoding throughput, recommend latency.

Prints figures and ratios against baselines run in the same process; asserts nothing (shared, noisy
machines). Usage:

    .venv/bin/python benchmarks/bench_foundation.py [--listings 20000] [--workers 5000] [--requests 200]

1. `layak demo` at the given size in a fresh data dir (a child process): wall time and peak RSS.
2. Encoding throughput on the same listing texts: raw ``SentenceTransformer.encode`` (the baseline)
   vs Layak's encoder with a cold cache and with a warm cache.
3. Recommend latency over N demo workers, in-process (encode + search + policy + score + explain).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bench_demo(data_dir: Path, listings: int, workers: int) -> dict[str, float]:
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_LOG_LEVEL": "WARNING"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "api.cli", "demo", "--listings", str(listings), "--workers", str(workers),
                    "--json"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: KiB
    return {"demo_wall_s": round(wall, 1), "demo_peak_rss_mib": round(peak_kib / 1024, 1)}


def bench_encoding(services: object, n: int) -> dict[str, float]:
    from models.encoder import EmbeddingCache, SentenceEncoder

    texts = [t for _, t in services.store.indexable_listings()][:n]  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        enc = SentenceEncoder(services.settings.resolved_model_path(),  # type: ignore[attr-defined]
                              cache=EmbeddingCache(Path(tmp) / "c.sqlite"))
        enc.encode_raw(texts[:64])  # warm up torch
        t0 = time.perf_counter()
        enc.encode_raw(texts)
        raw = time.perf_counter() - t0
        t0 = time.perf_counter()
        enc.encode(texts, progress=False)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        enc.encode(texts, progress=False)
        warm = time.perf_counter() - t0
    return {"texts": len(texts), "raw_texts_per_s": round(len(texts) / raw, 1),
            "layak_cold_texts_per_s": round(len(texts) / cold, 1),
            "layak_warm_texts_per_s": round(len(texts) / warm, 1),
            "cold_vs_raw": round(raw / cold, 2), "warm_vs_raw": round(raw / warm, 1)}


def bench_recommend(services: object, n: int) -> dict[str, float]:
    rec = services.recommender  # type: ignore[attr-defined]
    refs = services.store.worker_refs(limit=n)  # type: ignore[attr-defined]
    rec.recommend_for_worker(refs[0])  # warm up
    times = []
    for ref in refs:
        t0 = time.perf_counter()
        rec.recommend_for_worker(ref)
        times.append((time.perf_counter() - t0) * 1000)
    arr = np.array(times)
    return {"requests": len(refs), "p50_ms": round(float(np.percentile(arr, 50)), 1),
            "p99_ms": round(float(np.percentile(arr, 99)), 1), "mean_ms": round(float(arr.mean()), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--encode-texts", type=int, default=2_000)
    args = parser.parse_args()

    from matching.service import Services
    from matching.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        results: dict[str, object] = {"size": {"listings": args.listings, "workers": args.workers},
                                      "cpu_count": os.cpu_count()}
        results["demo"] = bench_demo(data_dir, args.listings, args.workers)
        services = Services(Settings(data_dir=data_dir))
        results["encoding"] = bench_encoding(services, args.encode_texts)
        results["recommend"] = bench_recommend(services, args.requests)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
