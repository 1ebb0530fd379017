"""The notebooks under notebooks/ run top to bottom (nbclient, a real kernel) against a small demo store."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from matching.demo_load import load_demo
from matching.store import Store
from tests.conftest import AS_OF

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def small_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("notebook-data")
    store = Store(f"sqlite:///{data_dir / 'layak.db'}")
    load_demo(store, 1500, 400, 7, as_of=AS_OF)
    store.engine.dispose()
    return data_dir


def test_there_is_a_planner_notebook() -> None:
    assert [p.name for p in NOTEBOOKS] == ["01-planner-cohort-analysis.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path: Path, small_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYAK_DATA_DIR", str(small_data_dir))  # the kernel inherits the environment
    monkeypatch.setenv("LAYAK_LOG_LEVEL", "WARNING")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert str(small_data_dir) in text  # it read the store we gave it, not the developer's data/
    assert "provinces shown" in text and "rows ->" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "no chart was drawn"
