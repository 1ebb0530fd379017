"""A wheel of the project carries every module and every data file the code reads (templates, static files,
reference CSVs), and building it raises no packaging warning."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("api", "features", "matching", "models")


def test_the_wheel_carries_every_module_and_data_file(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
                           str(tmp_path), str(ROOT)], capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "absent from the `packages` configuration" not in proc.stderr + proc.stdout
    [wheel] = tmp_path.glob("layak-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    missing = sorted(f for f in tracked if f not in inside)
    assert not missing, f"files the code needs but the wheel lacks: {missing}"
    assert not [f for f in inside if f.startswith(("tests/", "mlflow/", "notebooks/", "benchmarks/"))]
