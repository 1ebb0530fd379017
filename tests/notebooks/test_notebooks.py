"""Every notebook under notebooks/ runs top to bottom (nbclient, a real Python kernel) and shows what it promises.

The planner notebook reads a small demo store; the ranker notebook reads the trained demo (store + MLflow champion).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from matching.demo.load import load_demo
from matching.service import Services
from matching.storage.store import Store
from tests.conftest import AS_OF

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
PLANNER = NOTEBOOKS / "01-planner-cohort-analysis.ipynb"
RANKER = NOTEBOOKS / "02-layak-ranker-evaluation.ipynb"


def _run(path: Path, timeout: int) -> list[dict]:
    """Execute the notebook in a fresh kernel; return every code output, having checked none is an error."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    return outputs


def _stream_text(outputs: list[dict]) -> str:
    return "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")


def test_every_notebook_is_tested() -> None:
    assert sorted(NOTEBOOKS.glob("*.ipynb")) == [PLANNER, RANKER]


@pytest.fixture(scope="module")
def small_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("notebook-data")
    store = Store(f"sqlite:///{data_dir / 'layak.db'}")
    load_demo(store, 1500, 400, 7, as_of=AS_OF)
    store.engine.dispose()
    return data_dir


def test_planner_notebook_runs_top_to_bottom(small_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYAK_DATA_DIR", str(small_data_dir))  # the kernel inherits the environment
    monkeypatch.setenv("LAYAK_LOG_LEVEL", "WARNING")
    outputs = _run(PLANNER, 600)
    text = _stream_text(outputs)
    assert str(small_data_dir) in text  # it read the store we gave it, not the developer's data/
    assert "provinces shown" in text and "rows ->" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "no chart was drawn"


def test_ranker_notebook_runs_top_to_bottom(trained: tuple[Services, object],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    services, _ = trained
    # point the kernel at the trained demo store and its MLflow store
    monkeypatch.setenv("LAYAK_DATA_DIR", str(services.settings.data_dir))
    monkeypatch.setenv("LAYAK_MLFLOW_TRACKING_URI", services.settings.mlflow_tracking_uri)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    text = "".join(o.get("text", "") for o in _run(RANKER, 900))
    assert "champion: layak-ranker version" in text and "95% bootstrap intervals" in text
