"""The learned ranker: gradient-boosted trees scoring (worker, listing) pairs, trained per worker (query group).

``PlacementRanker`` is a scikit-learn estimator (``fit(X, y, groups=None)``, ``predict(X)`` -> one score per
row, higher is better; ``groups=None`` means a single query). Three objectives share one tree learner
(``HistGradientBoostingRegressor``), so they differ only in what each boosting round is fitted to:

* ``"pointwise"``: least squares on the graded relevance label (the worker group is used only by ``score``);
* ``"pairwise"``: RankNet — each round takes a Newton step on the logistic loss over every pair of listings of
  one worker with different labels (Burges 2010, "From RankNet to LambdaRank to LambdaMART", §2);
* ``"lambdarank"``: LambdaMART — the same pair gradients, each weighted by the change in NDCG that swapping the
  pair would cause (Burges 2010, §4–6).

For the pair objectives each round fits one tree to the Newton target ``-gradient / hessian`` with the hessian
as sample weight (weighted least squares gives every leaf the value ``-sum(g) / sum(h)``), continuing the same
``HistGradientBoostingRegressor`` with ``warm_start``; the fitted model is therefore one ordinary tree ensemble
and predicts as fast as the pointwise one.

``contributions(X)`` explains scores: for each feature, the score minus the score with that feature set to its
training median (``reference_values_``). It is a local, one-feature-at-a-time attribution (not SHAP): simple,
exact for what it says, and cheap for the ten listings shown.

``predict`` and ``contributions`` walk the fitted trees with ``models.forest.CompiledForest`` (numba), compiled
once per fitted model; its results equal scikit-learn's bit for bit and it skips scikit-learn's per-tree call
overhead (README "Benchmarks"). A model it cannot compile (none that ``fit`` makes) uses scikit-learn's predictor.
"""

from __future__ import annotations

import threading
import weakref
from contextlib import AbstractContextManager
from functools import lru_cache
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import ThreadpoolController

from models.forest import CompiledForest

OBJECTIVES = ("pointwise", "pairwise", "lambdarank")
_PAIR_CHUNK = 4_000_000  # pair cells per block of groups when computing pair gradients (memory bound)


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    return ThreadpoolController()


def _one_thread() -> AbstractContextManager[object]:
    """Run the trees on one OpenMP thread. Measured on this project's shared 2-core machine under load: fitting
    300 rounds on 74k rows took 254 s with the default thread team and 9.5 s with one thread; predicting a
    request's 200 rows took 61 ms and 14 ms (p50). A busy-waiting team on an oversubscribed machine costs far
    more than a second core gains, and servers run several requests and workers side by side anyway."""
    return _threadpools().limit(limits=1, user_api="openmp")


# fitted tree ensemble -> its compiled form (None: it cannot be compiled); dropped with the ensemble
_COMPILED: weakref.WeakKeyDictionary[Any, CompiledForest | None] = weakref.WeakKeyDictionary()
_COMPILED_LOCK = threading.Lock()


def compiled(model: HistGradientBoostingRegressor) -> CompiledForest | None:
    """The compiled trees of a fitted ensemble (built on first use, then shared), or None if not compilable."""
    with _COMPILED_LOCK:
        if model in _COMPILED:
            return _COMPILED[model]
    try:
        forest: CompiledForest | None = CompiledForest(model)
    except ValueError:
        forest = None
    with _COMPILED_LOCK:
        _COMPILED[model] = forest
    return forest


def _group_slices(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sorted by group: (order, start of each group in ``order``, size of each group)."""
    order = np.argsort(groups, kind="stable")
    _, starts, sizes = np.unique(groups[order], return_index=True, return_counts=True)
    return order, starts, sizes


def _padded(values: np.ndarray, order: np.ndarray, starts: np.ndarray, sizes: np.ndarray, width: int,
            fill: float) -> np.ndarray:
    out = np.full((starts.size, width), fill, dtype=float)
    col = np.arange(order.size) - np.repeat(starts, sizes)
    out[np.repeat(np.arange(starts.size), sizes), col] = values[order]
    return out


def pair_gradients(scores: np.ndarray, y: np.ndarray, groups: np.ndarray, sigma: float = 1.0,
                   ndcg_weighted: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Gradient and hessian of the (lambda-weighted) pairwise logistic loss with respect to each score.

    Args:
        scores, y, groups: float ``(n,)`` current scores, graded labels and query ids.
        ndcg_weighted: weight each pair by |ΔNDCG| of swapping it (LambdaMART); False gives RankNet.

    Returns:
        ``(gradient, hessian)``, each float ``(n,)``; the loss decreases along ``-gradient``.
    """
    order, starts, sizes = _group_slices(groups)
    width = int(sizes.max())
    grad = np.zeros(scores.size)
    hess = np.zeros(scores.size)
    per_block = max(1, _PAIR_CHUNK // (width * width))
    for b0 in range(0, starts.size, per_block):
        st, sz = starts[b0:b0 + per_block], sizes[b0:b0 + per_block]
        rows = np.concatenate([order[s:s + n] for s, n in zip(st, sz, strict=True)])
        sub_order = np.arange(rows.size)
        sub_starts = np.concatenate([[0], np.cumsum(sz)[:-1]])
        s = _padded(scores[rows], sub_order, sub_starts, sz, width, 0.0)
        lab = _padded(y[rows], sub_order, sub_starts, sz, width, -1.0)
        valid = _padded(np.ones(rows.size), sub_order, sub_starts, sz, width, 0.0) > 0
        better = (lab[:, :, None] > lab[:, None, :]) & valid[:, :, None] & valid[:, None, :]
        diff = np.where(better, s[:, :, None] - s[:, None, :], 0.0)
        rho = 1.0 / (1.0 + np.exp(np.clip(sigma * diff, -50, 50)))  # P(the worse one is ranked above)
        weight = better.astype(float)
        if ndcg_weighted:
            rank = np.argsort(np.argsort(-np.where(valid, s, -np.inf), axis=1, kind="stable"), axis=1)
            disc = 1.0 / np.log2(rank + 2.0)
            gain = np.where(valid, np.power(2.0, np.maximum(lab, 0)) - 1.0, 0.0)
            ideal = -np.sort(-gain, axis=1)
            idcg = (ideal / np.log2(np.arange(width) + 2.0)).sum(axis=1)
            delta = np.abs((gain[:, :, None] - gain[:, None, :]) * (disc[:, :, None] - disc[:, None, :]))
            weight = weight * delta / np.where(idcg > 0, idcg, 1.0)[:, None, None]
        lam = sigma * rho * weight
        h = sigma * sigma * rho * (1.0 - rho) * weight
        g_pad = -lam.sum(axis=2) + lam.sum(axis=1)  # the better item is pushed up, the worse down
        h_pad = h.sum(axis=2) + h.sum(axis=1)
        col = np.arange(rows.size) - np.repeat(sub_starts, sz)
        grp = np.repeat(np.arange(sz.size), sz)
        grad[rows] = g_pad[grp, col]
        hess[rows] = h_pad[grp, col]
    return grad, hess


def mean_ndcg(y: np.ndarray, scores: np.ndarray, groups: np.ndarray, k: int = 10) -> float:
    """Mean NDCG@k (exponential gain) over groups that have a relevant row; 0.0 if none has."""
    from models.metrics import ndcg_at_k

    order, starts, sizes = _group_slices(groups)
    vals = [ndcg_at_k(y[order[s:s + n]], scores[order[s:s + n]], k) for s, n in zip(starts, sizes, strict=True)
            if y[order[s:s + n]].max(initial=0) > 0]
    return float(np.mean(vals)) if vals else 0.0


class PlacementRanker(BaseEstimator):
    """Gradient-boosted ranker of a worker's candidate listings.

    Parameters
    ----------
    objective : {"pointwise", "pairwise", "lambdarank"}, default="pointwise"
        What each boosting round fits (see the module docstring).
    max_iter : int, default=300
        Boosting rounds (trees).
    learning_rate : float, default=0.05
        Shrinkage of each tree.
    max_leaf_nodes : int, default=31
        Leaves per tree.
    min_samples_leaf : int, default=40
        Least rows per leaf.
    l2_regularization : float, default=1.0
        L2 penalty on leaf values.
    sigma : float, default=1.0
        Slope of the pairwise logistic loss (pair objectives only).
    random_state : int, RandomState instance or None, default=None
        Seed of the tree learner's binning subsample.

    Attributes
    ----------
    model_ : HistGradientBoostingRegressor
        The fitted tree ensemble.
    reference_values_ : ndarray of shape (n_features_in_,)
        Training median of each feature (NaN-aware), the baseline of ``contributions``.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Defined when ``X`` has string column names.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.9], [0.1], [0.8], [0.2]])
    >>> ranker = PlacementRanker(max_iter=20, min_samples_leaf=1).fit(X, [1, 0, 1, 0], groups=[0, 0, 1, 1])
    >>> bool(ranker.predict(X)[0] > ranker.predict(X)[1])
    True
    """

    _parameter_constraints: dict = {
        "objective": [StrOptions(set(OBJECTIVES))],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_leaf_nodes": [Interval(Integral, 2, None, closed="left")],
        "min_samples_leaf": [Interval(Integral, 1, None, closed="left")],
        "l2_regularization": [Interval(Real, 0, None, closed="left")],
        "sigma": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
    }

    def __init__(self, objective="pointwise", max_iter=300, learning_rate=0.05, max_leaf_nodes=31,
                 min_samples_leaf=40, l2_regularization=1.0, sigma=1.0, random_state=None):
        self.objective = objective
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.sigma = sigma
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.target_tags.required = True
        return tags

    def _trees(self, max_iter: int, warm_start: bool) -> HistGradientBoostingRegressor:
        return HistGradientBoostingRegressor(
            max_iter=max_iter, learning_rate=self.learning_rate, max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf, l2_regularization=self.l2_regularization,
            early_stopping=False, warm_start=warm_start, random_state=self.random_state)

    def fit(self, X, y, groups=None):
        """Fit the ranker.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Pair features; NaN means unknown.
        y : array-like of shape (n_samples,)
            Graded relevance (higher is better, e.g. 0-3).
        groups : array-like of shape (n_samples,), default=None
            Query id of each row (the worker); rows of a query are ranked against each other. None: one query.

        Returns
        -------
        self : PlacementRanker
        """
        self._validate_params()
        X, y = validate_data(self, X, y, y_numeric=True, ensure_all_finite="allow-nan", dtype=np.float64)
        if X.shape[0] < 2:
            raise ValueError(f"PlacementRanker needs at least 2 samples to rank, got n_samples={X.shape[0]}")
        groups = np.zeros(X.shape[0], dtype=np.int64) if groups is None else np.asarray(groups).ravel()
        if groups.shape[0] != X.shape[0]:
            raise ValueError(f"groups has {groups.shape[0]} entries for {X.shape[0]} samples")
        _, groups = np.unique(groups, return_inverse=True)
        y = np.asarray(y, dtype=np.float64)
        with _one_thread():
            if self.objective == "pointwise":
                self.model_ = self._trees(self.max_iter, warm_start=False).fit(X, y)
            else:
                self.model_ = self._fit_pairs(X, y, groups)
        with np.errstate(all="ignore"):
            med = np.nanmedian(np.where(np.isnan(X).all(axis=0), 0.0, X), axis=0) if X.size else np.zeros(0)
        self.reference_values_ = np.where(np.isnan(X).all(axis=0), np.nan, med)
        return self

    def _fit_pairs(self, X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> HistGradientBoostingRegressor:
        trees = self._trees(0, warm_start=True)
        raw = np.zeros(X.shape[0])
        for it in range(1, self.max_iter + 1):
            grad, hess = pair_gradients(raw, y, groups, self.sigma, self.objective == "lambdarank")
            if not np.any(hess > 0):  # nothing left to order (e.g. all labels equal): stop, keep a valid model
                if it > 1:
                    break
                grad, hess = np.zeros_like(raw), np.ones_like(raw)
            weight = np.maximum(hess, 1e-12)
            trees.set_params(max_iter=it)
            trees.fit(X, raw - grad / weight, sample_weight=weight)
            raw = trees.predict(X)
        return trees

    def _checked(self, X: Any) -> np.ndarray:
        """``X`` as a float64 array checked against what ``fit`` saw.

        A DataFrame whose columns are exactly the fitted feature names (what serving passes, once per request)
        is converted directly: scikit-learn's full validation of it cost about 3 ms a call on this machine.
        Anything else goes through ``validate_data``.
        """
        names = getattr(self, "feature_names_in_", None)
        if names is not None and isinstance(X, pd.DataFrame) and X.columns.size == names.size \
                and bool((X.columns == names).all()):
            arr = X.to_numpy(dtype=np.float64)
            if not np.isinf(arr).any():
                return arr
        return validate_data(self, X, reset=False, ensure_all_finite="allow-nan", dtype=np.float64)

    def predict(self, X):
        """Relevance scores, one per row (only their order within a worker matters).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = self._checked(X)
        forest = compiled(self.model_)
        if forest is not None:
            return forest.predict(X)
        with _one_thread():
            return self.model_.predict(X)

    def contributions(self, X):
        """Per-feature contribution to each score: ``score(x) - score(x with feature j at its training median)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        contributions : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = self._checked(X)
        n, m = X.shape
        if n == 0:
            return np.zeros((0, m))
        forest = compiled(self.model_)
        if forest is not None:
            return forest.contributions(X, self.reference_values_)
        probe = np.repeat(X[None, :, :], m, axis=0)  # (m, n, m): copy j has feature j replaced
        probe[np.arange(m), :, np.arange(m)] = self.reference_values_[:, None]
        with _one_thread():
            base = self.model_.predict(X)
            moved = self.model_.predict(probe.reshape(m * n, m)).reshape(m, n)
        return (base[None, :] - moved).T

    def score(self, X, y, groups=None):
        """Mean NDCG@10 over the groups that have a relevant row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        groups : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
        """
        scores = self.predict(X)
        y = np.asarray(y, dtype=float).ravel()
        groups = np.zeros(y.size, dtype=np.int64) if groups is None else np.asarray(groups).ravel()
        return mean_ndcg(y, scores, groups)
