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
def predict(X: np.ndarray, baseline: float, roots: np.ndarray, feature: np.ndarray, threshold: np.ndarray,
            missing_left: np.ndarray, left: np.ndarray, right: np.ndarray, is_leaf: np.ndarray,
            value: np.ndarray) -> np.ndarray:
    """``sum_trees(leaf_values(X))`` without the (rows, trees) matrix: each row's score gets its trees' values in
    tree order, as ``sum_trees`` adds them. Four rows walk a tree side by side, so the processor can overlap their
    dependent loads. A step goes right when the value is above the threshold, or is missing at a node that sends
    missing values right, else left: ``_walk``'s rule, written without a branch on the value."""
    n = X.shape[0]
    out = np.empty(n)
    for i in range(n):
        out[i] = 0.0 + baseline
    for t in range(roots.size):
        r = roots[t]
        i = 0
        while i + 4 <= n:
            a0 = r
            a1 = r
            a2 = r
            a3 = r
            while True:
                l0 = is_leaf[a0]
                l1 = is_leaf[a1]
                l2 = is_leaf[a2]
                l3 = is_leaf[a3]
                if l0 and l1 and l2 and l3:
                    break
                if not l0:
                    v = X[i, feature[a0]]
                    a0 = right[a0] if (v > threshold[a0]) | ((v != v) & (not missing_left[a0])) else left[a0]
                if not l1:
                    v = X[i + 1, feature[a1]]
                    a1 = right[a1] if (v > threshold[a1]) | ((v != v) & (not missing_left[a1])) else left[a1]
                if not l2:
                    v = X[i + 2, feature[a2]]
                    a2 = right[a2] if (v > threshold[a2]) | ((v != v) & (not missing_left[a2])) else left[a2]
                if not l3:
                    v = X[i + 3, feature[a3]]
                    a3 = right[a3] if (v > threshold[a3]) | ((v != v) & (not missing_left[a3])) else left[a3]
            out[i] += value[a0]
            out[i + 1] += value[a1]
            out[i + 2] += value[a2]
            out[i + 3] += value[a3]
            i += 4
        while i < n:
            out[i] += value[_walk(X, i, r, feature, threshold, missing_left, left, right, is_leaf, -1, 0.0)]
            i += 1
    return out


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

    Only a feature tested on the path a row takes through a tree can change the leaf it reaches there, and the
    changed walk can only leave that path at the first node testing it: so per (row, tree) only the features on
    the path are walked again, each from its first node on the path. ``moved[j]`` adds, tree after tree, the
    tree's value with feature ``j`` replaced (its own leaf value for any other ``j``): every score is summed in
    tree order, as ``sum_trees`` does.
    """
    n, m = X.shape
    trees = roots.size
    out = np.empty((n, m))
    moved = np.empty(m)
    swapped = np.empty(m)
    stamp = np.full(m, -1, dtype=np.int64)  # stamp[f] == t: f is on this row's path through tree t
    for i in range(n):
        for j in range(m):
            moved[j] = 0.0 + baseline
            stamp[j] = -1
        for t in range(trees):
            node = roots[t]
            while not is_leaf[node]:  # the row's own path; each feature from the first node that tests it
                f = feature[node]
                if stamp[f] != t:
                    stamp[f] = t
                    x, r = X[i, f], reference[f]
                    if x == r or (np.isnan(x) and np.isnan(r)):
                        swapped[f] = leaves[i, t]  # the same value: the same leaf
                    else:
                        swapped[f] = value[_walk(X, i, node, feature, threshold, missing_left, left, right, is_leaf,
                                                 f, r)]
                v = X[i, f]
                if np.isnan(v):
                    node = left[node] if missing_left[node] else right[node]
                elif v <= threshold[node]:
                    node = left[node]
                else:
                    node = right[node]
            own = leaves[i, t]
            for j in range(m):
                moved[j] += swapped[j] if stamp[j] == t else own
        base = 0.0 + baseline
        for t in range(trees):
            base += leaves[i, t]
        for j in range(m):
            out[i, j] = base - moved[j]
    return out
