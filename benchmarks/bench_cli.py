"""Command-line latency as a new user meets it: each command run as its own process, wall time from start to exit.
Asserts nothing (shared, noisy machines). Usage (the data dir is a store made by `layak demo`, e.g. the default
demo that `make run` builds in data/):

    .venv/bin/python benchmarks/bench_cli.py --data-dir data [--repeat 5]

Commands: ``layak --help``; ``layak understand --profile P`` and ``layak recommend --profile P`` (P: a stored
worker's profile written to a file); ``layak agencies import A`` (A: one agency row already in the registry, so
the store does not change); ``layak screen L`` (L: the first 10 stored listings written back as a listing CSV).
Prints the median and the spread of ``--repeat`` runs of each, and the load average.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _inputs(data_dir: Path, tmp: Path) -> dict[str, Path]:
    from features.listings import LISTING_COLUMNS
    from matching.demo.generate import generate_demo
    from matching.settings import Settings
    from matching.storage.store import Store

    store = Store(Settings(data_dir=data_dir).database_url)
    ref = store.worker_refs(limit=1)[0]
    profile = tmp / "profile.json"
    profile.write_text(json.dumps(store.get_worker(ref), ensure_ascii=False, default=str))
    agency = next(iter(store.agencies().values()))
    agencies = tmp / "agencies.csv"
    with agencies.open("w", newline="", encoding="utf-8") as fh:  # a row already there: the store is unchanged
        writer = csv.writer(fh)
        writer.writerow(["agency_name", "licence_no", "valid_from", "valid_until", "status"])
        writer.writerow([agency.agency_name, agency.licence_no, agency.valid_from or "", agency.valid_until or "",
                         agency.status])
    store.engine.dispose()
    listings = tmp / "listings.csv"  # ten generated listings, the CSV an agency would upload
    generate_demo(10, 0, seed=11).listings[list(LISTING_COLUMNS)].to_csv(listings, index=False)
    return {"profile": profile, "listings": listings, "agencies": agencies}


def _time(args: list[str], env: dict[str, str], repeat: int) -> dict[str, Any]:
    times, codes = [], set()
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, check=False)
        times.append(time.perf_counter() - t0)
        codes.add(proc.returncode)
    return {"median_s": round(float(np.median(times)), 2), "min_s": round(min(times), 2),
            "max_s": round(max(times), 2), "exit_codes": sorted(codes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    files = _inputs(args.data_dir, tmp)
    env = {**os.environ, "LAYAK_DATA_DIR": str(args.data_dir), "LAYAK_LOG_LEVEL": "WARNING"}
    commands = {
        "--help": ["--help"],
        "understand --profile": ["understand", "--profile", str(files["profile"])],
        "agencies import": ["agencies", "import", str(files["agencies"])],
        "recommend --profile": ["recommend", "--profile", str(files["profile"])],
        "screen (10 rows)": ["screen", str(files["listings"])],
    }
    out: dict[str, Any] = {"data_dir": str(args.data_dir), "repeat": args.repeat,
                           "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    for name, cmd in commands.items():
        out[name] = _time(cmd, env, args.repeat)
    out["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
