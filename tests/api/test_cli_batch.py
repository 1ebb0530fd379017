"""`layak recommend --all --out FILE.parquet`: every stored worker, the same matches as one at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from matching.recommend.batch import SCHEMA
from matching.service import Services
from tests.api.test_cli import _error_lines, layak


def test_recommend_all_writes_every_workers_matches_to_parquet(tmp_path: Path, demo_services: Services) -> None:
    data_dir = demo_services.settings.data_dir
    out = tmp_path / "out" / "recs.parquet"
    proc = layak("recommend", "--all", "--out", str(out), "--k", "5", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    frame = pd.read_parquet(out)
    workers = demo_services.store.worker_refs()
    assert report["workers"] == len(workers) and report["rows"] == len(frame) and report["workers_per_s"] > 0
    assert list(frame.columns) == SCHEMA.names
    assert frame.groupby("worker_ref")["rank"].max().max() <= 5
    assert set(frame["worker_ref"]) <= set(workers)
    # The batch gives each worker what a single request gives.
    ref = workers[0]
    one = demo_services.recommender.recommend_for_worker(ref, k=5).to_dict()
    rows = frame[frame["worker_ref"] == ref].sort_values("rank")
    assert rows["listing_id"].tolist() == [m["listing_id"] for m in one["matches"]]
    assert json.loads(rows["explanation_json"].iloc[0])["pay"] == json.loads(json.dumps(
        one["matches"][0]["explanation"]["pay"], default=str))


def test_recommend_all_needs_out_and_nothing_else(tmp_path: Path) -> None:
    proc = layak("recommend", "--all", data_dir=tmp_path)
    assert proc.returncode != 0 and "--out FILE.parquet" in _error_lines(proc)[0]
    proc = layak("recommend", "--all", "--worker", "W1", "--out", str(tmp_path / "x.parquet"), data_dir=tmp_path)
    assert proc.returncode != 0 and "exactly one of" in _error_lines(proc)[0]
