"""A wheel of the project carries everything a running service reads, and building it warns about nothing.

Before issue 18, ``[tool.setuptools] packages`` listed only the four top-level packages: pip warned that
``api.static``, ``api.templates`` and ``features.data`` were "absent from the packages configuration", and a
wheel install had no pages, no reference data and not even ``api.routes``. The wheel is built with the
environment's own setuptools (``--no-build-isolation``: nothing is downloaded).
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("features", "models", "matching", "api")


def _tracked(*patterns: str) -> set[str]:
    out = subprocess.run(["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True)
    return {line for line in out.stdout.splitlines() if line}


def test_the_wheel_carries_every_module_page_and_data_file_without_warnings(tmp_path: Path) -> None:
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--no-cache-dir", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=600, check=False)
    log = build.stdout + build.stderr
    assert build.returncode == 0, log[-3000:]
    for warning in ("absent from the `packages` configuration", "Package would be ignored", "BuildBackendWarning"):
        assert warning not in log, f"pip warned: {warning!r}\n{log[-3000:]}"
    wheels = list(tmp_path.glob("layak-*.whl"))
    assert len(wheels) == 1, wheels
    names = set(zipfile.ZipFile(wheels[0]).namelist())

    modules = {p for p in _tracked(*PACKAGES) if p.endswith(".py")}
    assert {m for m in modules if m.startswith("api/routes/")}, "no route module tracked?"
    assert not modules - names, f"modules missing from the wheel: {sorted(modules - names)}"
    data = _tracked("features/data/*.csv", "api/static/*", "api/templates/*.html")
    assert {"api/static/i18n.json", "api/templates/worker.html", "features/data/courses.csv"} <= data
    assert not data - names, f"data files missing from the wheel: {sorted(data - names)}"
    assert not [n for n in names if n.startswith(("tests/", "notebooks/", "mlflow/", "benchmarks/"))]
