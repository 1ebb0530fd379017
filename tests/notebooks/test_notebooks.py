"""Every notebook under notebooks/ runs top to bottom (nbclient, a real Python kernel) against the trained demo."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from matching.service import Services

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path, trained: tuple[Services, object],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    services, _ = trained
    # the kernel inherits this environment: point Layak at the trained demo store and its MLflow store
    monkeypatch.setenv("LAYAK_DATA_DIR", str(services.settings.data_dir))
    monkeypatch.setenv("LAYAK_MLFLOW_TRACKING_URI", services.settings.mlflow_tracking_uri)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "champion: layak-ranker version" in text and "95% bootstrap intervals" in text
