"""Commands start from the local copies (the champion's trees, the ranker's listing facts) and answer exactly as
they did when they loaded everything through MLflow and the store; dry-run screening needs no index."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from features.listings import LISTING_COLUMNS
from matching.demo.generate import generate_demo
from matching.service import Services
from tests.matching.profile_pairs import PAIRS


def layak(*args: str, services: Services) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAYAK_DATA_DIR": str(services.settings.data_dir), "LAYAK_LOG_LEVEL": "INFO",
           "LAYAK_MLFLOW_TRACKING_URI": services.settings.mlflow_tracking_uri}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, env=env,
                          timeout=600, check=False)


def test_a_recommendation_from_the_local_copies_equals_the_one_loaded_through_mlflow(
        tmp_path: Path, trained: tuple[Services, Any]) -> None:
    services, report = trained
    cache = services.settings.cache_dir
    assert cache is not None
    for old in cache.glob("*.npz"):  # the first command loads everything the slow way and writes the copies
        old.unlink()
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PAIRS[2][0], ensure_ascii=False))
    first = layak("recommend", "--profile", str(profile), "--json", services=services)
    assert first.returncode == 0, first.stderr
    assert "through MLflow" in first.stderr and "building the ranking data from the store" in first.stderr
    assert (cache / f"layak-ranker-v{report.version}.npz").exists() and (cache / "ranking-data.npz").exists()
    second = layak("recommend", "--profile", str(profile), "--json", services=services)
    assert second.returncode == 0, second.stderr
    assert "from its local copy" in second.stderr and "ranking-data.npz" in second.stderr
    assert "through MLflow" not in second.stderr and "from the store" not in second.stderr
    assert second.stdout == first.stdout
    body = json.loads(second.stdout)
    assert body["ranker"]["version"] == report.version and body["matches"]
    assert body["matches"][0]["explanation"]["top_factors"]


def test_dry_run_screening_from_the_cli_needs_no_index_and_matches_the_desk(
        tmp_path: Path, trained: tuple[Services, Any]) -> None:
    services, _ = trained
    path = tmp_path / "listings.csv"
    generate_demo(12, 0, seed=23).listings[list(LISTING_COLUMNS)].to_csv(path, index=False)
    proc = layak("screen", str(path), "--json", services=services)
    assert proc.returncode in (0, 1), proc.stderr
    assert "index" not in proc.stderr.lower()  # neither loaded nor rebuilt
    with path.open("rb") as fh:
        expected = services.desk.screen_csv(fh, source=str(path)).to_dict()
    expected.pop("index", None)
    assert json.loads(proc.stdout) == json.loads(json.dumps(expected, default=str))
    assert len(list(csv.DictReader(io.StringIO(path.read_text())))) == len(expected["rows"]) == 12


def test_the_command_line_loads_no_heavy_library_before_a_command_needs_it() -> None:
    # `layak --help`, `understand` and `agencies import` must start in well under a second: importing the command
    # table may not pull in pandas, the encoder, the ranker or the contract reader (it once did, through one
    # command module's top-level import: 0.8 s of every command's start).
    heavy = ["pandas", "torch", "sklearn", "numba", "onnxruntime", "faiss", "mlflow", "matching.contracts",
             "matching.recommend", "features.reference"]
    code = ("import sys, api.cli; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "", f"imported by `import api.cli`: {done.stdout.strip()}"
