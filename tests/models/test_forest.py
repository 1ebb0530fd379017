"""The tree walker gives scikit-learn's scores and contributions bit for bit, compiled (numba) and with numpy."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingRegressor

from models import forest as forest_module
from models.forest import CompiledForest
from models.ranker import PlacementRanker, compiled


@pytest.fixture(params=["numpy", "numba"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every forest call on one path: numpy (numba not loaded, any size) or the compiled kernels (loaded)."""
    if request.param == "numpy":
        monkeypatch.setattr(forest_module, "_JIT", None)
        monkeypatch.setattr(forest_module, "JIT_MIN_CELLS", 10**18)
    else:
        forest_module.warm_up()
    return str(request.param)


def _data(n: int = 600, m: int = 6, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, m))
    X[:, 2] = rng.integers(0, 3, size=n)  # a discrete column: many rows sit exactly on a threshold
    X[rng.random((n, m)) < 0.15] = np.nan  # missing values take the branch each node learned
    y = (np.nan_to_num(X[:, 0]) + (X[:, 2] == 1) + rng.normal(scale=0.3, size=n) > 0.5).astype(float)
    y += np.isnan(X[:, 1])
    return X, y, np.repeat(np.arange(n // 20), 20)


def _sklearn_contributions(model: PlacementRanker, X: np.ndarray) -> np.ndarray:
    """The definition: the score minus the score of the row with feature j at its reference value."""
    n, m = X.shape
    out = np.empty((n, m))
    base = model.model_.predict(X)
    for j in range(m):
        probe = X.copy()
        probe[:, j] = model.reference_values_[j]
        out[:, j] = base - model.model_.predict(probe)
    return out


@pytest.mark.parametrize("objective", ["pointwise", "lambdarank"])
def test_scores_and_contributions_equal_sklearn_bit_for_bit(objective: str, engine: str) -> None:
    X, y, groups = _data()
    model = PlacementRanker(objective=objective, max_iter=40 if objective == "pointwise" else 8,
                            min_samples_leaf=5, random_state=0).fit(X, y, groups)
    rng = np.random.default_rng(1)
    Xt = np.vstack([X[:50], rng.normal(size=(50, X.shape[1]))])
    Xt[rng.random(Xt.shape) < 0.2] = np.nan
    assert compiled(model.model_) is not None
    assert np.array_equal(model.predict(Xt), model.model_.predict(Xt))  # sklearn's own predictor
    assert np.array_equal(model.contributions(Xt[:12]), _sklearn_contributions(model, Xt[:12]))


def test_a_feature_with_no_training_values_is_probed_as_missing(engine: str) -> None:
    X, y, groups = _data()
    model = PlacementRanker(max_iter=20, min_samples_leaf=5, random_state=0).fit(X, y, groups)
    model.reference_values_[4] = np.nan  # what fit stores for a column that was all NaN
    assert np.array_equal(model.contributions(X[:10]), _sklearn_contributions(model, X[:10]))


def test_both_paths_agree_where_rows_sit_on_thresholds_and_at_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    X, y, groups = _data(n=800, m=8, seed=4)
    model = PlacementRanker(max_iter=60, min_samples_leaf=3, max_leaf_nodes=63, random_state=1).fit(X, y, groups)
    forest = compiled(model.model_)
    assert forest is not None
    thresholds = forest.threshold[~forest.is_leaf]
    rng = np.random.default_rng(5)
    Xt = X[:300].copy()
    on = rng.random(Xt.shape) < 0.3
    Xt[on] = rng.choice(thresholds, size=int(on.sum()))  # exactly on a split: goes left
    at_ref = rng.random(Xt.shape) < 0.2
    Xt[at_ref] = np.broadcast_to(model.reference_values_, Xt.shape)[at_ref]  # nothing to move
    forest_module.warm_up()
    compiled_scores, compiled_contrib = forest.predict(Xt), forest.contributions(Xt, model.reference_values_)
    monkeypatch.setattr(forest_module, "_JIT", None)
    monkeypatch.setattr(forest_module, "JIT_MIN_CELLS", 10**18)
    assert np.array_equal(forest.predict(Xt), compiled_scores)
    assert np.array_equal(forest.contributions(Xt, model.reference_values_), compiled_contrib)
    assert np.array_equal(compiled_scores, model.model_.predict(Xt))
    assert np.array_equal(compiled_contrib[:20], _sklearn_contributions(model, Xt[:20]))


def test_small_calls_do_not_load_numba_and_big_ones_do() -> None:
    import json
    import subprocess
    import sys

    code = ("import json, sys, numpy as np\n"
            "from sklearn.ensemble import HistGradientBoostingRegressor\n"
            "from models.forest import CompiledForest, JIT_MIN_CELLS\n"
            "rng = np.random.default_rng(0); X = rng.normal(size=(400, 4)); y = X[:, 0] + rng.normal(size=400)\n"
            "f = CompiledForest(HistGradientBoostingRegressor(max_iter=20).fit(X, y))\n"
            "f.predict(X[:50]); f.contributions(X[:5], np.zeros(4)); small = 'numba' in sys.modules\n"
            "f.predict(np.repeat(X, JIT_MIN_CELLS // (400 * 20) + 1, axis=0)); big = 'numba' in sys.modules\n"
            "print(json.dumps([small, big]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [False, True]


def test_forest_shape_checks_and_uncompilable_models() -> None:
    X, y, _ = _data()
    hgb = HistGradientBoostingRegressor(max_iter=5).fit(X, y)
    forest = CompiledForest(hgb)
    assert forest.n_trees == 5 and forest.leaf_values(X[:3]).shape == (3, 5)
    with pytest.raises(ValueError, match="expected 6 features"):
        forest.predict(X[:, :3])
    cat = HistGradientBoostingRegressor(max_iter=5, categorical_features=[2]).fit(np.nan_to_num(X), y)
    if any(p[0].nodes["is_categorical"].any() for p in cat._predictors):
        with pytest.raises(ValueError, match="categorical"):
            CompiledForest(cat)
        assert compiled(cat) is None


def test_a_dataframe_with_the_fitted_columns_takes_the_direct_path_and_others_are_validated() -> None:
    import pandas as pd

    X, y, groups = _data()
    cols = [f"f{i}" for i in range(X.shape[1])]
    model = PlacementRanker(max_iter=10, min_samples_leaf=5, random_state=0).fit(pd.DataFrame(X, columns=cols), y,
                                                                                 groups)
    frame = pd.DataFrame(X[:20], columns=cols)
    assert np.array_equal(model.predict(frame), model.model_.predict(X[:20]))
    with pytest.raises(ValueError, match="feature names"):
        model.predict(frame[list(reversed(cols))])
    bad = frame.copy()
    bad.iloc[0, 0] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        model.predict(bad)
