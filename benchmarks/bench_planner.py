"""Planner view benchmark: time and peak memory of the cohort view, and how both grow with the cohort.

Prints figures and growth ratios against the first (smallest) cohort run in the same process; asserts
nothing (shared, noisy machines). Usage:

    .venv/bin/python benchmarks/bench_planner.py [--listings 20000] [--workers 5000 20000 50000] [--seed 7]

Setup, not timed here: one demo store holding the largest number of workers, built by ``load_demo`` (the demo
generator of matching/demo/, with every listing screened like an upload) in a child process, so that its
memory does not count below; each smaller store is a copy with the workers past N deleted, so every size runs
against the same listings. Then, per size, in this process:

1. cold: the first planner view, which also reads every profile into the store's reading cache;
2. warm: the same view again (cached readings): wall time, best of two;
3. the warm view once more under tracemalloc: peak traced memory (Python objects and numpy arrays), and the
   process's peak RSS so far (it only grows, and sizes run smallest first);
4. a filtered view (the largest province, care sector): wall time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_store(path: Path, listings: int, workers: int, seed: int, as_of: date) -> dict[str, Any]:
    from matching.demo.load import load_demo
    from matching.storage.store import Store

    start = time.perf_counter()
    store = Store(f"sqlite:///{path}")
    stats = load_demo(store, listings, workers, seed, as_of=as_of)
    store.engine.dispose()
    _checkpoint(path)
    return {"listings": stats.listings, "verified": stats.verified, "workers": stats.workers,
            "setup_s": round(time.perf_counter() - start, 1)}


def _checkpoint(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_with_workers(src: Path, dst: Path, n: int) -> None:
    """A copy of the store keeping the first ``n`` workers (by worker_ref) and every listing."""
    shutil.copyfile(src, dst)
    with sqlite3.connect(dst) as con:
        con.execute("DELETE FROM workers WHERE worker_ref NOT IN "
                    "(SELECT worker_ref FROM workers ORDER BY worker_ref LIMIT ?)", (n,))
        con.execute("DELETE FROM worker_readings")


def bench_size(db: Path, as_of: date) -> dict[str, Any]:
    from matching.service import Services
    from matching.settings import Settings

    services = Services(Settings(data_dir=db.parent, database_url=f"sqlite:///{db}"))
    planner = services.cohort_planner
    t0 = time.perf_counter()
    view = planner.view(as_of=as_of)
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(2):
        t0 = time.perf_counter()
        view = planner.view(as_of=as_of)
        warm.append(time.perf_counter() - t0)
    tracemalloc.start()
    planner.view(as_of=as_of)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t0 = time.perf_counter()
    planner.view(province="Jawa Timur", sector="care", as_of=as_of)
    filtered = time.perf_counter() - t0
    services.store.engine.dispose()
    c = view["cohort"]
    return {"workers": c["workers"], "listings_in_scope": c["listings_in_scope"], "pairs": c["pairs"],
            "cold_s": round(cold, 2), "warm_s": round(min(warm), 2), "peak_traced_mib": round(peak / 2**20, 1),
            "process_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "filtered_view_s": round(filtered, 2)}


def growth(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    base = runs[0]
    keys = ("workers", "pairs", "cold_s", "warm_s", "peak_traced_mib")
    return [{"workers": r["workers"], **{f"{k}_x": round(r[k] / base[k], 2) for k in keys if base[k]}} for r in runs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[5_000, 20_000, 50_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = sorted(args.workers)
    as_of = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "all" / "layak.db"
        big.parent.mkdir()
        print(f"building a demo store: {args.listings} listings, {sizes[-1]} workers ...", file=sys.stderr)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            store = pool.apply(build_store, (big, args.listings, sizes[-1], args.seed, as_of))
        results: dict[str, Any] = {"cpu_count": os.cpu_count(), "store": store}
        runs = []
        for n in sizes:
            db = Path(tmp) / f"w{n}" / "layak.db"
            db.parent.mkdir()
            copy_with_workers(big, db, n)
            print(f"planner view with {n} workers ...", file=sys.stderr)
            runs.append(bench_size(db, as_of))
        results["runs"] = runs
        results["growth_vs_first"] = growth(runs)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
