"""Ingest benchmark: rows/s for a 20,000-row listing CSV, and the share of time spent encoding.

Usage: .venv/bin/python benchmarks/bench_ingest.py [--rows 20000]

Runs in one process on a fresh temp store: (1) a dry-run screen of the file (the baseline: parse,
validate, normalise, screen), (2) the full ingest with a cold embedding cache (store + index), and
(3) the same ingest again (idempotent update, warm cache). Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()

    from matching.demo.generate import generate_demo
    from matching.service import Services
    from matching.settings import Settings
    from matching.storage.agencies import read_registry

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = generate_demo(n_listings=args.rows, n_workers=50, seed=5, as_of=date.today())
        data.agencies.to_csv(root / "agencies.csv", index=False)
        buf = io.StringIO()
        data.listings.drop(columns=["flaw"]).to_csv(buf, index=False)
        payload = buf.getvalue().encode()
        services = Services(Settings(data_dir=root / "data"))
        services.store.upsert_agencies(read_registry(root / "agencies.csv"))
        _ = services.index  # load the model and an empty index outside the timings

        encode_seconds = [0.0]
        real_encode = services.encoder.encode

        def timed_encode(texts, progress=None):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return real_encode(texts, progress=False)
            finally:
                encode_seconds[0] += time.perf_counter() - t0

        services.encoder.encode = timed_encode  # type: ignore[method-assign]

        t0 = time.perf_counter()
        services.desk.screen_csv(io.BytesIO(payload))
        dry = time.perf_counter() - t0

        runs = {}
        for label in ("cold_cache", "warm_cache_resubmit"):
            encode_seconds[0] = 0.0
            t0 = time.perf_counter()
            report = services.desk.ingest_csv(io.BytesIO(payload), "bench")
            wall = time.perf_counter() - t0
            runs[label] = {"seconds": round(wall, 1), "rows_per_s": round(args.rows / wall, 1),
                           "encode_share": round(encode_seconds[0] / wall, 3), "counts": report.counts(),
                           "vs_dry_run": round(wall / dry, 2)}
        print(json.dumps({"rows": args.rows, "dry_run_screen": {"seconds": round(dry, 1),
                                                                "rows_per_s": round(args.rows / dry, 1)},
                          **runs, "indexed": services.index.ntotal}, indent=2))


if __name__ == "__main__":
    main()
