"""Exact, fast evaluation of a fitted ``HistGradientBoostingRegressor``'s trees, without scikit-learn.

scikit-learn predicts one tree at a time: each of the ranker's 300 trees is a separate call into its Cython
predictor, and each call costs about 20 µs before it reads a row (it unpacks the tree's record array), so
scoring 200 candidates took about 9 ms of which 6 ms was that overhead, measured on the project's shared
2-core machine. ``CompiledForest`` copies the trees once into flat arrays and walks every tree for every row
in one compiled loop (numba, ``models/forest_jit.py``), or, for small inputs in a process that has not loaded
numba, with numpy: all (row, tree) pairs step down one level at a time. Loading numba and its cached kernels
costs 1.5-2.5 s under load, more than a one-shot command spends scoring (about 0.1 s with numpy for one
recommendation); a batch loads it on its first chunk, and a server calls ``warm_up`` before taking traffic.

Results are bit-identical to scikit-learn's either way: a node sends a row left when its value is ``<=`` the
node's threshold, a missing value (NaN) goes the way the node learned, and the score is the baseline plus the
leaf values added one tree after another, in scikit-learn's order (``tests/models/test_forest.py``).

``contributions`` gives ``score(x) - score(x with feature j at a reference value)`` for every feature ``j``,
again bit-identical to predicting the changed rows: a tree whose path for ``x`` never tests ``j`` reaches the same
leaf either way, so only those trees are walked again.
"""

from __future__ import annotations

import threading
from types import ModuleType
from typing import Any

import numpy as np

# Work (rows x trees, or rows x features x trees for contributions) from which a call loads the compiled kernels.
# One recommendation: 200 x 300 = 60,000 cells; a batch chunk of 256 workers: about 10 million.
JIT_MIN_CELLS = 2_000_000
_JIT: ModuleType | None = None
_JIT_LOCK = threading.Lock()


def _kernels(cells: int) -> ModuleType | None:
    """The compiled kernels once loaded, or loaded now for ``cells`` of work; None: use numpy."""
    global _JIT
    if _JIT is None and cells >= JIT_MIN_CELLS:
        with _JIT_LOCK:
            if _JIT is None:
                from models import forest_jit

                _JIT = forest_jit
    return _JIT


def warm_up() -> None:
    """Load the compiled kernels now (a server before its first request), so every later call uses them."""
    global _JIT
    with _JIT_LOCK:
        if _JIT is None:
            from models import forest_jit

            _JIT = forest_jit
    X = np.zeros((1, 1))
    tree = (np.zeros(1, np.int64), np.zeros(1, np.int64), np.zeros(1), np.zeros(1, np.bool_), np.zeros(1, np.int64),
            np.zeros(1, np.int64), np.ones(1, np.bool_), np.zeros(1))
    leaves = _JIT.leaf_values(X, *tree)
    _JIT.predict(X, 0.0, *tree)
    _JIT.contributions(X, np.zeros(1), leaves, 0.0, *tree)


class CompiledForest:
    """The trees of a fitted ``HistGradientBoostingRegressor`` (one output) as flat arrays (see the module).

    Raises:
        ValueError: the model has categorical splits or several outputs (not used by Layak's ranker), which
            this evaluator does not implement; callers then keep scikit-learn's predictor.
    """

    def __init__(self, model: Any) -> None:
        predictors = model._predictors
        if any(len(per_iteration) != 1 for per_iteration in predictors):
            raise ValueError("only single-output models are compiled")
        nodes = [per_iteration[0].nodes for per_iteration in predictors]
        if any(bool(n["is_categorical"].any()) for n in nodes):
            raise ValueError("categorical splits are not compiled")
        sizes = np.array([len(n) for n in nodes], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        flat = np.concatenate(nodes) if nodes else np.zeros(0, dtype=np.dtype([]))
        shift = np.repeat(offsets, sizes)
        self.roots = offsets
        self.feature = np.ascontiguousarray(flat["feature_idx"], dtype=np.int64) if nodes else np.zeros(0, np.int64)
        self.threshold = np.ascontiguousarray(flat["num_threshold"], dtype=np.float64) if nodes else np.zeros(0)
        self.missing_left = np.ascontiguousarray(flat["missing_go_to_left"], dtype=np.bool_) if nodes else (
            np.zeros(0, np.bool_))
        self.is_leaf = np.ascontiguousarray(flat["is_leaf"], dtype=np.bool_) if nodes else np.zeros(0, np.bool_)
        self.left = (flat["left"].astype(np.int64) + shift) if nodes else np.zeros(0, np.int64)
        self.right = (flat["right"].astype(np.int64) + shift) if nodes else np.zeros(0, np.int64)
        self.value = np.ascontiguousarray(flat["value"], dtype=np.float64) if nodes else np.zeros(0)
        self.baseline = float(np.asarray(model._baseline_prediction).ravel()[0])
        self.n_features = int(model.n_features_in_)
        # uses[t, j]: tree t splits on feature j somewhere
        self.uses = np.zeros((len(nodes), self.n_features), dtype=np.bool_)
        for t, n in enumerate(nodes):
            self.uses[t, np.unique(n["feature_idx"][~n["is_leaf"].astype(bool)])] = True

    ARRAYS = ("roots", "feature", "threshold", "missing_left", "left", "right", "is_leaf", "value", "uses")

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Everything the evaluator holds, as arrays (``from_arrays`` rebuilds it; models/champion.py saves it)."""
        return {**{name: getattr(self, name) for name in self.ARRAYS},
                "baseline": np.array([self.baseline]), "n_features": np.array([self.n_features], dtype=np.int64)}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> CompiledForest:
        """The evaluator ``to_arrays`` described, without scikit-learn (arrays are copied into the dtypes used)."""
        forest = cls.__new__(cls)
        dtypes = {"threshold": np.float64, "value": np.float64, "missing_left": np.bool_, "is_leaf": np.bool_,
                  "uses": np.bool_}
        for name in cls.ARRAYS:
            setattr(forest, name, np.ascontiguousarray(arrays[name], dtype=dtypes.get(name, np.int64)))
        forest.baseline = float(arrays["baseline"][0])
        forest.n_features = int(arrays["n_features"][0])
        if forest.uses.shape != (forest.roots.size, forest.n_features):
            raise ValueError(f"tree/feature table of shape {forest.uses.shape} for {forest.roots.size} trees and "
                             f"{forest.n_features} features")
        return forest

    @property
    def n_trees(self) -> int:
        return int(self.roots.size)

    def _tree_args(self) -> tuple[np.ndarray, ...]:
        return (self.roots, self.feature, self.threshold, self.missing_left, self.left, self.right, self.is_leaf,
                self.value)

    def _rows(self, X: np.ndarray) -> np.ndarray:
        X = np.ascontiguousarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"expected {self.n_features} features, got an array of shape {X.shape}")
        return X

    def _leaves_numpy(self, X: np.ndarray, trees: np.ndarray | None = None, swap_feature: int = -1,
                      swap_value: float = 0.0) -> np.ndarray:
        """The leaf node each row reaches in each tree of ``trees`` (default all), int ``(n_rows, n_trees)``:
        every (row, tree) pair steps down one level per pass, by the rule of ``forest_jit._walk``."""
        roots = self.roots if trees is None else self.roots[trees]
        n = X.shape[0]
        node = np.repeat(roots[None, :], n, axis=0).ravel()
        rows = np.repeat(np.arange(n), roots.size)
        active = np.flatnonzero(~self.is_leaf[node])
        while active.size:
            at = node[active]
            f = self.feature[at]
            v = X[rows[active], f]
            if swap_feature >= 0:
                v = np.where(f == swap_feature, swap_value, v)
            go_left = np.where(np.isnan(v), self.missing_left[at], v <= self.threshold[at])
            step = np.where(go_left, self.left[at], self.right[at])
            node[active] = step
            active = active[~self.is_leaf[step]]
        return node.reshape(n, roots.size)

    def _sum(self, leaves: np.ndarray) -> np.ndarray:
        """``forest_jit.sum_trees`` with numpy: the same additions in the same order."""
        out = np.full(leaves.shape[0], 0.0 + self.baseline)
        for t in range(leaves.shape[1]):
            out += leaves[:, t]
        return out

    def leaf_values(self, X: np.ndarray) -> np.ndarray:
        """Each tree's leaf value for each row, float ``(n_rows, n_trees)``."""
        X = self._rows(X)
        jit = _kernels(X.shape[0] * self.n_trees)
        if jit is not None:
            return jit.leaf_values(X, *self._tree_args())
        return self.value[self._leaves_numpy(X)]

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Scores float ``(n_rows,)``, equal to the model's ``predict`` bit for bit."""
        X = self._rows(X)
        jit = _kernels(X.shape[0] * self.n_trees)
        if jit is not None:
            return jit.predict(X, self.baseline, *self._tree_args())
        return self._sum(self.value[self._leaves_numpy(X)])

    def contributions(self, X: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """``predict(X) - predict(X with column j set to reference[j])`` for every column, float ``(n, m)``."""
        X = self._rows(X)
        reference = np.ascontiguousarray(reference, dtype=np.float64)
        leaves = self.leaf_values(X)
        jit = _kernels(X.shape[0] * self.n_features * self.n_trees)
        if jit is not None:
            return jit.contributions(X, reference, leaves, self.baseline,
                                     *self._tree_args())
        base = self._sum(leaves)
        out = np.empty(X.shape)
        for j in range(self.n_features):
            trees = np.flatnonzero(self.uses[:, j])  # a tree that never tests j reaches the same leaf
            moved = leaves.copy()
            if trees.size:
                moved[:, trees] = self.value[self._leaves_numpy(X, trees, j, float(reference[j]))]
            out[:, j] = base - self._sum(moved)
        return out


__all__ = ["CompiledForest"]
