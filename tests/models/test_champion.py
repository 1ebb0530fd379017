"""Local copies of the registered champions: the same scores as the registered model, only while the registry
still names that version, rebuilt when damaged, and loaded without MLflow, skops or scikit-learn (ranker).
Everything runs against a real local MLflow store (SQLite in a temp dir)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from features.pairs import FEATURES
from models import champion, estimator_state, exports, registry
from models.champion import ExportedRanker
from models.ranker import PlacementRanker
from tests.models.test_risk import synthetic, synthetic_result  # noqa: F401 - the risk tests' fixtures

ROOT = Path(__file__).resolve().parents[2]
FEATS = list(FEATURES)


def _ranker(seed: int) -> tuple[PlacementRanker, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n, m = 400, len(FEATS)
    X = rng.normal(size=(n, m))
    X[:, 3] = rng.integers(0, 3, size=n)  # rows exactly on a threshold
    X[rng.random((n, m)) < 0.1] = np.nan
    y = (np.nan_to_num(X[:, 0]) + np.nan_to_num(X[:, 3]) + rng.normal(scale=0.3, size=n) > 0.8).astype(float)
    frame = pd.DataFrame(X, columns=FEATS)
    model = PlacementRanker(max_iter=15, min_samples_leaf=5, random_state=seed).fit(frame, y,
                                                                                  np.repeat(np.arange(n // 20), 20))
    return model, frame


@pytest.fixture(scope="module")
def two_rankers(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[registry.RegisteredRanker], pd.DataFrame]:
    """Two registered rankers in a real MLflow store; the first is the champion."""
    uri = f"sqlite:///{tmp_path_factory.mktemp('mlflow') / 'mlflow.db'}"
    regs = []
    for seed in (0, 1):
        model, frame = _ranker(seed)
        regs.append(registry.log_ranker(model, frame, tracking_uri=uri, params={"seed": seed},
                                        metrics={"valid_ndcg_at_10": 0.5 + seed / 10}, features=FEATS))
    registry.promote(uri, regs[0].version)
    rng = np.random.default_rng(9)
    probe = rng.normal(size=(60, len(FEATS)))
    probe[:, 3] = rng.integers(0, 3, size=60)
    probe[rng.random(probe.shape) < 0.2] = np.nan
    return uri, regs, pd.DataFrame(probe, columns=FEATS)


def _same_scores(a: Any, b: Any, X: pd.DataFrame) -> bool:
    return bool(np.array_equal(a.predict(X), b.predict(X)) and np.array_equal(a.contributions(X[:15]),
                                                                            b.contributions(X[:15])))


def test_the_local_copy_scores_bit_for_bit_like_the_registered_model(two_rankers: Any, tmp_path: Path) -> None:
    uri, regs, X = two_rankers
    first = champion.load_ranker(uri, tmp_path)  # no copy yet: through MLflow, which writes it
    assert first is not None and isinstance(first.model, PlacementRanker)
    assert exports.export_path(tmp_path, "layak-ranker", regs[0].version).exists()
    second = champion.load_ranker(uri, tmp_path)
    assert second is not None and isinstance(second.model, ExportedRanker)
    assert (second.name, second.version, second.run_id, second.features, second.metrics) == (
        first.name, first.version, first.run_id, first.features, first.metrics)
    assert _same_scores(first.model, second.model, X)
    assert np.array_equal(second.model.predict(X.to_numpy()), first.model.predict(X))  # an array works too
    with pytest.raises(ValueError, match="feature names"):
        second.model.predict(X[FEATS[::-1]])
    with pytest.raises(ValueError, match="infinity"):
        second.model.predict(X.fillna(np.inf))


def test_when_the_alias_moves_the_new_champion_is_served_and_copied(two_rankers: Any, tmp_path: Path) -> None:
    uri, regs, X = two_rankers
    try:
        v1 = champion.load_ranker(uri, tmp_path)
        registry.promote(uri, regs[1].version)
        moved = champion.load_ranker(uri, tmp_path)
        assert moved is not None and moved.version == regs[1].version
        assert isinstance(moved.model, PlacementRanker)  # its first load goes through MLflow
        again = champion.load_ranker(uri, tmp_path)
        assert again is not None and isinstance(again.model, ExportedRanker) and again.version == regs[1].version
        assert _same_scores(moved.model, again.model, X)
        assert not np.array_equal(again.model.predict(X), v1.model.predict(X))  # type: ignore[union-attr]
    finally:
        registry.promote(uri, regs[0].version)
    back = champion.load_ranker(uri, tmp_path)
    assert back is not None and isinstance(back.model, ExportedRanker) and back.version == regs[0].version


def test_a_pinned_version_loads_from_its_copy(two_rankers: Any, tmp_path: Path) -> None:
    uri, regs, X = two_rankers
    first = champion.load_ranker(uri, tmp_path, version=regs[1].version)
    second = champion.load_ranker(uri, tmp_path, version=regs[1].version)
    assert first is not None and second is not None and isinstance(second.model, ExportedRanker)
    assert second.version == regs[1].version and _same_scores(first.model, second.model, X)
    assert champion.load_ranker(uri, tmp_path, version="99") is None


def test_a_damaged_copy_or_one_of_another_version_is_replaced(two_rankers: Any, tmp_path: Path) -> None:
    uri, regs, X = two_rankers
    champion.load_ranker(uri, tmp_path, version=regs[1].version)
    path = exports.export_path(tmp_path, "layak-ranker", regs[0].version)
    # another version's copy under this version's name: the registration in it does not match
    exports.export_path(tmp_path, "layak-ranker", regs[1].version).rename(path)
    loaded = champion.load_ranker(uri, tmp_path)
    assert loaded is not None and isinstance(loaded.model, PlacementRanker) and loaded.version == regs[0].version
    good = path.read_bytes()
    for damage in (good[: len(good) // 2], good.replace(b"layak-ranker", b"layak-rankes"), b"not a zip"):
        path.write_bytes(damage)
        loaded = champion.load_ranker(uri, tmp_path)
        assert loaded is not None and isinstance(loaded.model, PlacementRanker)
        assert isinstance(champion.load_ranker(uri, tmp_path).model, ExportedRanker)  # type: ignore[union-attr]
    # other leaf values under the original header: the checksum catches them
    header, arrays = exports.read_npz(path)
    arrays["value"] = arrays["value"] + 1.0
    np.savez(path, __header__=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8), **arrays)
    with pytest.raises(exports.StaleExport, match="checksum"):
        exports.read_npz(path)
    loaded = champion.load_ranker(uri, tmp_path)
    assert loaded is not None and isinstance(loaded.model, PlacementRanker)


def test_the_direct_registry_read_agrees_with_mlflow(two_rankers: Any, tmp_path: Path) -> None:
    uri, regs, _ = two_rankers
    assert exports.registration(uri, "layak-ranker") == registry.registration(uri, "layak-ranker")
    assert exports.registration(uri, "layak-ranker", version=regs[1].version) == registry.registration(
        uri, "layak-ranker", version=regs[1].version)
    assert exports.registration(uri, "no-such-model") is None and registry.registration(uri, "no-such-model") is None
    assert exports.registration(f"sqlite:///{tmp_path / 'none.db'}", "layak-ranker") is None
    with pytest.raises(exports.RegistryUnreadable):
        exports.registration("http://localhost:5000", "layak-ranker")
    assert (champion.RANKER_NAME, champion.RISK_NAME) == (registry.MODEL_NAME, registry.RISK_MODEL_NAME)


def _in_child(code: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_serving_from_the_copy_imports_neither_mlflow_skops_nor_sklearn(two_rankers: Any, tmp_path: Path) -> None:
    uri, regs, X = two_rankers
    champion.load_ranker(uri, tmp_path)
    got = _in_child(
        "import json, sys, numpy as np\n"
        "from models import champion\n"
        f"r = champion.load_ranker({uri!r}, __import__('pathlib').Path({str(tmp_path)!r}))\n"
        f"s = r.model.predict(np.zeros((2, {len(FEATS)})))\n"
        "print(json.dumps({'version': r.version, 'type': type(r.model).__name__, 'scores': s.tolist(),\n"
        "                  'loaded': sorted(m for m in ('mlflow', 'skops', 'sklearn', 'torch')\n"
        "                                   if m in sys.modules)}))")
    assert got["version"] == regs[0].version and got["type"] == "ExportedRanker" and got["loaded"] == []
    registered = registry.load_version(uri, regs[0].version)
    assert got["scores"] == registered.model.predict(pd.DataFrame(np.zeros((2, len(FEATS))), columns=FEATS)).tolist()


# --- the listing-risk model -----------------------------------------------------------------------------------

def test_the_risk_model_copy_scores_and_explains_like_the_registered_one(
        tmp_path: Path, synthetic_result: Any, synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:  # noqa: F811
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    folder = tmp_path / "cache"
    assert champion.load_risk(uri, folder) is None
    registry.log_risk_model(synthetic_result, uri)
    first = champion.load_risk(uri, folder)
    second = champion.load_risk(uri, folder)
    assert first is not None and second is not None and first[1] == second[1] == "1"
    assert exports.export_path(folder, "layak-listing-risk", "1").exists()
    a, b = first[0], second[0]
    assert a is not b and type(a) is type(b) and (a.threshold, a.version) == (b.threshold, b.version)
    frame, _ = synthetic
    assert np.array_equal(a.predict_proba(frame), b.predict_proba(frame))
    assert a.explain(frame[:20]) == b.explain(frame[:20])
    got = _in_child(
        "import json, sys\n"
        "from models import champion\n"
        f"m, v = champion.load_risk({uri!r}, __import__('pathlib').Path({str(folder)!r}))\n"
        "print(json.dumps({'version': v, 'loaded': sorted(m for m in ('mlflow', 'skops', 'torch') "
        "if m in sys.modules)}))")
    assert got == {"version": "1", "loaded": []}


# --- the encoding the risk model's copy and the ranking data use ----------------------------------------------

def test_the_encoding_round_trips_what_fitted_models_hold() -> None:
    value = {"a": (1, 2.5, None, "x"), 3: [True, np.float64(0.1), np.int32(7), np.str_("z")],
             "s": slice(0, 5, None), "t": np.float64, "f": float, "arr": np.arange(6.0).reshape(2, 3),
             "names": np.array(["a", "b"], dtype=object), "nan": float("nan"),
             "m": sparse.csr_matrix(np.eye(3)), "u": np.array(["a", "bc"])}
    tree, arrays = estimator_state.encode(value)
    back = estimator_state.decode(json.loads(json.dumps(tree)), arrays)
    assert back["a"] == (1, 2.5, None, "x") and back[3] == value[3] and back["s"] == slice(0, 5, None)
    assert type(back[3][1]) is np.float64 and type(back[3][2]) is np.int32 and back["t"] is np.float64
    assert back["f"] is float and np.array_equal(back["arr"], value["arr"]) and back["names"].dtype == object
    assert list(back["names"]) == ["a", "b"] and np.isnan(back["nan"]) and (back["m"] != value["m"]).nnz == 0
    assert estimator_state.same_encoding((tree, arrays), estimator_state.encode(back))


def test_the_encoding_refuses_code_and_foreign_classes() -> None:
    for bad in (lambda x: x, print, Path("/tmp"), {"k": object()}, np.array([object()], dtype=object)):
        with pytest.raises(estimator_state.Unsupported):
            estimator_state.encode(bad)
    for tree in ({"$obj": "os:system", "id": 0, "state": {}}, {"$obj": "builtins:eval", "id": 0, "state": {}},
                 {"$obj": "sklearn.pipeline:Pipeline.__init__", "id": 0, "state": {}}, {"$type": "builtins.eval"},
                 {"$sparse": "os:system", "shape": [1, 1], "data": "a0", "indices": "a0", "indptr": "a0"}):
        with pytest.raises(estimator_state.Unsupported):
            estimator_state.decode(tree, {})
    with pytest.raises(estimator_state.Unsupported):  # a class outside what the caller allows
        estimator_state.decode({"$obj": "sklearn.pipeline:Pipeline", "id": 0, "state": {}}, {}, ("models.",))
