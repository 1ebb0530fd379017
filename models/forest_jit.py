"""The compiled (numba) kernels of ``models.forest.CompiledForest``; imported only when they are worth loading.

Importing numba and loading these kernels from numba's cache costs 1.5-2.5 s on the project's shared 2-core
machine under load (measured), more than a one-shot command spends scoring; ``models.forest`` decides when to
use them (``JIT_MIN_CELLS``, ``warm_up``). The arithmetic is the numpy path's, in the same order.
"""

from __future__ import annotations

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
def leaf_values(X: np.ndarray, roots: np.ndarray, feature: np.ndarray, threshold: np.ndarray,
                missing_left: np.ndarray, left: np.ndarray, right: np.ndarray, is_leaf: np.ndarray,
                value: np.ndarray) -> np.ndarray:
    out = np.empty((X.shape[0], roots.size))
    for t in range(roots.size):  # tree by tree: one tree's nodes stay in the cache for every row
        for i in range(X.shape[0]):
            out[i, t] = value[_walk(X, i, roots[t], feature, threshold, missing_left, left, right, is_leaf, -1, 0.0)]
    return out


@njit(cache=True, nogil=True)
def sum_trees(leaves: np.ndarray, baseline: float) -> np.ndarray:
    """Baseline plus each tree's value in tree order: the additions scikit-learn makes, in its order."""
    out = np.empty(leaves.shape[0])
    for i in range(leaves.shape[0]):
        s = 0.0 + baseline
        for t in range(leaves.shape[1]):
            s += leaves[i, t]
        out[i] = s
    return out


@njit(cache=True, nogil=True)
def contributions(X: np.ndarray, reference: np.ndarray, leaves: np.ndarray, baseline: float, roots: np.ndarray,
                  feature: np.ndarray, threshold: np.ndarray, missing_left: np.ndarray, left: np.ndarray,
                  right: np.ndarray, is_leaf: np.ndarray, value: np.ndarray) -> np.ndarray:
    """``score(row) - score(row with feature j at reference[j])`` for every row and feature.

    Only a feature tested on the path a row takes through a tree can change the leaf it reaches there, so per
    (row, tree) only those features are walked again (a few, against every feature the tree uses anywhere).
    ``moved[j, t]`` is the tree's value with feature ``j`` replaced (its own leaf value for any other ``j``);
    each score is then summed in tree order, as ``sum_trees`` does.
    """
    n, m = X.shape
    trees = roots.size
    out = np.empty((n, m))
    moved = np.empty((m, trees))
    stamp = np.full(m, -1, dtype=np.int64)  # stamp[f] == t: f already seen on this row's path through tree t
    on_path = np.empty(m, dtype=np.int64)
    for i in range(n):
        for t in range(trees):
            own = leaves[i, t]
            for j in range(m):
                moved[j, t] = own
            k = 0
            node = roots[t]
            while not is_leaf[node]:  # the features this row's path tests, each once
                f = feature[node]
                if stamp[f] != t:
                    stamp[f] = t
                    on_path[k] = f
                    k += 1
                v = X[i, f]
                if np.isnan(v):
                    node = left[node] if missing_left[node] else right[node]
                elif v <= threshold[node]:
                    node = left[node]
                else:
                    node = right[node]
            for q in range(k):
                f = on_path[q]
                x, r = X[i, f], reference[f]
                if x == r or (np.isnan(x) and np.isnan(r)):
                    continue  # the same value: the same leaf
                moved[f, t] = value[_walk(X, i, roots[t], feature, threshold, missing_left, left, right, is_leaf,
                                          f, r)]
        for f in range(m):
            stamp[f] = -1
        base = 0.0 + baseline
        for t in range(trees):
            base += leaves[i, t]
        for j in range(m):
            s = 0.0 + baseline
            for t in range(trees):
                s += moved[j, t]
            out[i, j] = base - s
    return out
