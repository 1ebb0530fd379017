"""Exact, fast evaluation of a fitted ``HistGradientBoostingRegressor``'s trees, compiled with numba.

scikit-learn predicts one tree at a time: each of the ranker's 300 trees is a separate call into its Cython
predictor, and each call costs about 20 µs before it reads a row (it unpacks the tree's record array), so
scoring 200 candidates took about 9 ms of which 6 ms was that overhead, measured on the project's shared
2-core machine. ``CompiledForest`` copies the trees once into flat arrays and walks every tree for every row
in one compiled loop.

Results are bit-identical to scikit-learn's: a node sends a row left when its value is ``<=`` the node's
threshold, a missing value (NaN) goes the way the node learned, and the score is the baseline plus the leaf
values added one tree after another, in scikit-learn's order (``tests/models/test_forest.py``).

``contributions`` gives ``score(x) - score(x with feature j at a reference value)`` for every feature ``j``,
again bit-identical to predicting the changed rows: a tree that never splits on ``j`` reaches the same leaf
either way, so only the trees that use ``j`` are walked again.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def _walk(X: np.ndarray, row: int, root: int, feature: np.ndarray, threshold: np.ndarray, missing_left: np.ndarray,
          left: np.ndarray, right: np.ndarray, is_leaf: np.ndarray, swap_feature: int, swap_value: float) -> int:
    """The leaf one row reaches in one tree; feature ``swap_feature`` reads ``swap_value`` instead (-1: none)."""
    node = root
    while not is_leaf[node]:
        f = feature[node]
        v = swap_value if f == swap_feature else X[row, f]
        if np.isnan(v):
            node = left[node] if missing_left[node] else right[node]
        elif v <= threshold[node]:
            node = left[node]
        else:
            node = right[node]
    return node


@njit(cache=True, nogil=True)
def _leaf_values(X: np.ndarray, roots: np.ndarray, feature: np.ndarray, threshold: np.ndarray,
                 missing_left: np.ndarray, left: np.ndarray, right: np.ndarray, is_leaf: np.ndarray,
                 value: np.ndarray) -> np.ndarray:
    out = np.empty((X.shape[0], roots.size))
    for t in range(roots.size):  # tree by tree: one tree's nodes stay in the cache for every row
        for i in range(X.shape[0]):
            out[i, t] = value[_walk(X, i, roots[t], feature, threshold, missing_left, left, right, is_leaf, -1, 0.0)]
    return out


@njit(cache=True, nogil=True)
def _sum_trees(leaves: np.ndarray, baseline: float) -> np.ndarray:
    """Baseline plus each tree's value in tree order: the additions scikit-learn makes, in its order."""
    out = np.empty(leaves.shape[0])
    for i in range(leaves.shape[0]):
        s = 0.0 + baseline
        for t in range(leaves.shape[1]):
            s += leaves[i, t]
        out[i] = s
    return out


@njit(cache=True, nogil=True)
def _contributions(X: np.ndarray, reference: np.ndarray, leaves: np.ndarray, baseline: float, uses: np.ndarray,
                   roots: np.ndarray, feature: np.ndarray, threshold: np.ndarray, missing_left: np.ndarray,
                   left: np.ndarray, right: np.ndarray, is_leaf: np.ndarray, value: np.ndarray) -> np.ndarray:
    n, m = X.shape
    out = np.empty((n, m))
    for i in range(n):
        base = 0.0 + baseline
        for t in range(roots.size):
            base += leaves[i, t]
        for j in range(m):
            moved = 0.0 + baseline
            for t in range(roots.size):
                if uses[t, j]:
                    moved += value[_walk(X, i, roots[t], feature, threshold, missing_left, left, right, is_leaf, j,
                                         reference[j])]
                else:
                    moved += leaves[i, t]
            out[i, j] = base - moved
    return out


class CompiledForest:
    """The trees of a fitted ``HistGradientBoostingRegressor`` (one output) as flat arrays, walked by numba.

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

    def leaf_values(self, X: np.ndarray) -> np.ndarray:
        """Each tree's leaf value for each row, float ``(n_rows, n_trees)``."""
        return _leaf_values(self._rows(X), *self._tree_args())

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Scores float ``(n_rows,)``, equal to the model's ``predict`` bit for bit."""
        return _sum_trees(self.leaf_values(X), self.baseline)

    def contributions(self, X: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """``predict(X) - predict(X with column j set to reference[j])`` for every column, float ``(n, m)``."""
        X = self._rows(X)
        reference = np.ascontiguousarray(reference, dtype=np.float64)
        return _contributions(X, reference, self.leaf_values(X), self.baseline,
                              self.uses, *self._tree_args())


__all__ = ["CompiledForest"]
