"""Retrieval benchmark: the exact index against the approximate (IVF) one at 10k, 100k and 1M listings.

Prints, per size: build time, memory (resident-set growth while the index is built and held), single-query
latency p50/p99 (one query at a time, one FAISS thread by default: on a busy 2-core machine
OpenMP's spinning threads made a single exact 10k search 30x slower), and recall@10 of IVF against exact (the
same queries, the same process), plus the IVF
``nprobe`` sweep the default was chosen from. Asserts nothing (shared, noisy machines). Usage:

    .venv/bin/python benchmarks/bench_retrieval.py [--sizes 10000 100000 1000000] [--queries 300]

The vectors are synthetic, 384-d like the bundled MiniLM: 200 clusters (Zipf-sized) in a 32-d latent space,
projected to 384-d with a little isotropic noise and L2-normalised. Sentence embeddings lie near such a
low-dimensional, clustered set; ``--data isotropic`` instead draws unstructured Gaussian vectors, the worst
case for any partition-based index (reported as such in the README).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matching.retrieval.index import ListingIndex, ivf_params  # noqa: E402 - after the sys.path line above

DIM = 384
K = 10
SEARCH_THREADS = 1  # --search-threads


def clustered_vectors(n: int, dim: int = DIM, n_clusters: int = 200, latent: int = 32, spread: float = 1.0,
                      ambient: float = 0.05, seed: int = 0) -> np.ndarray:
    """``n`` L2-normalised float32 vectors ``(n, dim)`` near a clustered ``latent``-d subspace (chunked, low
    memory)."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(n_clusters, latent)).astype(np.float32)
    proj = np.linalg.qr(rng.normal(size=(dim, latent)))[0].T.astype(np.float32)  # (latent, dim), orthonormal rows
    weights = 1.0 / np.arange(1, n_clusters + 1) ** 0.5
    weights /= weights.sum()
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        z = centers[rng.choice(n_clusters, size=m, p=weights)] + rng.normal(scale=spread, size=(m, latent))
        x = z.astype(np.float32) @ proj + rng.normal(scale=ambient, size=(m, dim)).astype(np.float32)
        out[start:start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def isotropic_vectors(n: int, dim: int = DIM, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def latencies_ms(index: ListingIndex, queries: np.ndarray, k: int) -> dict[str, float]:
    """One query at a time (as the service searches), with ``SEARCH_THREADS`` FAISS threads."""
    import faiss

    build_threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(SEARCH_THREADS)
    index.search(queries[:5], k)  # warm up
    times = []
    for q in queries:
        t0 = time.perf_counter()
        index.search(q[None, :], k)
        times.append((time.perf_counter() - t0) * 1000)
    faiss.omp_set_num_threads(build_threads)
    arr = np.array(times)
    return {"p50_ms": round(float(np.percentile(arr, 50)), 3), "p99_ms": round(float(np.percentile(arr, 99)), 3)}


def recall_at_k(exact: np.ndarray, approx: np.ndarray) -> float:
    """Mean share of the exact top-k ids that the approximate top-k also returns."""
    return float(np.mean([len(set(e) & set(a)) / len(e) for e, a in zip(exact, approx, strict=True)]))


def bench_size(n: int, n_queries: int, data: str) -> dict[str, object]:
    make = clustered_vectors if data == "clustered" else isotropic_vectors
    allv = make(n + n_queries)
    xb, xq = allv[:n], allv[n:].copy()
    del allv
    ids = np.arange(1, n + 1, dtype=np.int64) * 7  # listing ids, not row numbers
    row: dict[str, object] = {"listings": n, "queries": n_queries}

    before = rss_mib()
    t0 = time.perf_counter()
    exact = ListingIndex.build(ids, xb, "bench", kind="flat")
    row["exact"] = {"build_s": round(time.perf_counter() - t0, 2), "memory_mib": round(rss_mib() - before, 1),
                    **latencies_ms(exact, xq, K)}
    truth = exact.search(xq, K).ids
    del exact  # never hold both indexes at 1M: 1.5 GB each

    before = rss_mib()
    t0 = time.perf_counter()
    approx = ListingIndex.build(ids, xb, "bench", kind="ivf")
    row["ivf"] = {"build_s": round(time.perf_counter() - t0, 2), "memory_mib": round(rss_mib() - before, 1),
                  "params": dict(approx.params), **latencies_ms(approx, xq, K),
                  "recall_at_10": round(recall_at_k(truth, approx.search(xq, K).ids), 4)}
    default_nprobe = approx.params["nprobe"]
    sweep = {}
    for nprobe in (1, 2, 4, 8, 16, 32, 64, 128, 256):
        if nprobe > approx.params["nlist"]:
            break
        approx.set_nprobe(nprobe)
        sweep[nprobe] = round(recall_at_k(truth, approx.search(xq, K).ids), 4)
    approx.set_nprobe(default_nprobe)
    row["ivf_nprobe_sweep_recall_at_10"] = sweep
    row["exact_over_ivf_p50"] = round(row["exact"]["p50_ms"] / row["ivf"]["p50_ms"], 1)  # type: ignore[index]
    row["exact_over_ivf_p99"] = round(row["exact"]["p99_ms"] / row["ivf"]["p99_ms"], 1)  # type: ignore[index]
    return row


def _peak_rss_mib() -> float:
    """The process's peak resident memory so far (both indexes of the largest size built are held at once)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--data", choices=["clustered", "isotropic"], default="clustered")
    parser.add_argument("--search-threads", type=int, default=1,
                        help="FAISS threads while timing single queries (builds use all cores)")
    args = parser.parse_args()
    import faiss

    global SEARCH_THREADS
    SEARCH_THREADS = args.search_threads

    results: dict[str, object] = {
        "data": args.data, "dim": DIM, "k": K, "cpu_count": os.cpu_count(), "faiss": faiss.__version__,
        "build_threads": faiss.omp_get_max_threads(),
        "search_threads": args.search_threads, "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "ivf_params_rule": {str(n): ivf_params(n) for n in args.sizes}, "sizes": []}
    for n in args.sizes:
        row = bench_size(n, args.queries, args.data)
        row["loadavg"] = [round(x, 2) for x in os.getloadavg()]
        row["process_peak_rss_mib_so_far"] = _peak_rss_mib()
        results["sizes"].append(row)  # type: ignore[union-attr]
        print(json.dumps(row), file=sys.stderr, flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
