"""The listing-risk model: P(unsafe) of a job listing from its text and structured features.

A scikit-learn ``Pipeline`` over the frame of ``features.listing_features.listing_frame``:

* the folded text (title + description + contact) -> word 1-2-gram TF-IDF, tokens that start with a
  letter (amounts, phone and job-order numbers are left to the structured features);
* the structured features (already 0 when "nothing unusual") -> ``MaxAbsScaler``, which keeps zeros zero;
* -> ``LogisticRegression(class_weight="balanced")``.

A linear model is used because its explanation is exact: the contribution of a term to the log-odds is
``coef × value``, and ``explain`` lists the largest positive contributions. The alternative measured
(gradient boosting over the structured features and an SVD of the text, ``benchmarks/bench_risk_models.py``)
was not better on held-out average precision and cannot be explained that way.

Training (``train_risk_model``) holds out a stratified 25 % test split. The review threshold is chosen on
out-of-fold predictions of the training split (5-fold): the highest recall whose false-review rate on safe
listings stays within ``max_false_review_rate`` (1 %), and among equal recalls the highest threshold. The
held-out split is used only to measure.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MaxAbsScaler
from threadpoolctl import threadpool_limits

from features.listing_features import (
    AGENCY_TOKEN,
    EMPLOYER_TOKEN,
    FEATURE_COLUMNS,
    NOT_PREFIX,
    RISK_TEXT,
    STRUCTURED_FEATURES,
    listing_frame,
)
from features.listings import ListingIn, NormalisedListing
from features.reference import Reference, load_reference

logger = logging.getLogger(__name__)

TEST_SIZE = 0.25
N_FOLDS = 5
MAX_FALSE_REVIEW_RATE = 0.01  # at most 1 in 100 safe listings sent to review by the model
TOP_TERMS = 5
WORD_TOKENS = r"(?u)\b[^\W\d_]\w+\b"  # at least two characters, starting with a letter
# The solver's BLAS calls are small; on a 2-core machine two OpenBLAS threads made one fit 25x slower
# (17 s vs 0.7 s on 15,000 listings), so fitting and scoring run with one BLAS thread.
BLAS_THREADS = 1


class RiskDataError(ValueError):
    """The labelled data cannot train a model (one class only, or too few of a class to cross-validate)."""


def build_risk_pipeline(C: float = 4.0, min_df: int = 2, max_features: int = 50_000,
                        random_state: int = 0) -> Pipeline:
    """The unfitted pipeline: text TF-IDF + scaled structured features -> balanced logistic regression."""
    features = ColumnTransformer([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, max_features=max_features, sublinear_tf=True,
                                  token_pattern=WORD_TOKENS, dtype=np.float64), RISK_TEXT),
        ("fields", MaxAbsScaler(), list(STRUCTURED_FEATURES)),
    ])
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5_000, random_state=random_state)
    return Pipeline([("features", features), ("model", model)])


def _check_labels(y: np.ndarray, n_folds: int) -> None:
    counts = np.bincount(np.asarray(y, dtype=int), minlength=2)
    if counts.min() < n_folds:
        raise RiskDataError(f"need at least {n_folds} safe and {n_folds} unsafe listings to train and validate; "
                            f"got {counts[0]} safe and {counts[1]} unsafe")


def risk_scores_out_of_fold(frame: pd.DataFrame, y: Sequence[int] | np.ndarray, pipeline: Pipeline | None = None,
                            n_folds: int = N_FOLDS, random_state: int = 0,
                            train_mask: np.ndarray | None = None) -> np.ndarray:
    """P(unsafe) for every row from a model that never saw that row's label (stratified k-fold).

    Use this, not the fitted model, to score the listings a model was trained on (e.g. the demo's own).

    Args:
        frame: ``listing_frame`` rows, ``(n, len(FEATURE_COLUMNS))``.
        y: labels ``(n,)``, 1 = unsafe, 0 = safe.
        pipeline: the unfitted estimator to cross-fit (default ``build_risk_pipeline()``).
        train_mask: bool ``(n,)``; rows that are False are scored but never trained on (default: all train).

    Returns:
        float64 ``(n,)`` probabilities.
    """
    y = np.asarray(y, dtype=int)
    mask = np.ones(len(y), dtype=bool) if train_mask is None else np.asarray(train_mask, dtype=bool)
    _check_labels(y[mask], n_folds)
    est = pipeline if pipeline is not None else build_risk_pipeline(random_state=random_state)
    folds = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=random_state)
    out = np.full(len(y), np.nan)
    with threadpool_limits(BLAS_THREADS, user_api="blas"):
        for fit_idx, score_idx in folds.split(np.zeros(len(y)), y):
            fit_idx = fit_idx[mask[fit_idx]]
            fold_model = clone(est).fit(frame.iloc[fit_idx], y[fit_idx])
            out[score_idx] = fold_model.predict_proba(frame.iloc[score_idx])[:, 1]
    return out


def choose_threshold(y: np.ndarray, scores: np.ndarray, max_false_review_rate: float = MAX_FALSE_REVIEW_RATE
                     ) -> float:
    """The review threshold: the highest recall with false-review rate ≤ the maximum; then the highest threshold.

    "False-review rate" is the share of safe listings scored at or above the threshold (the FPR).
    """
    fpr, tpr, thresholds = roc_curve(y, scores)
    ok = np.flatnonzero((fpr <= max_false_review_rate) & np.isfinite(thresholds))
    if not ok.size:  # every possible threshold costs too many false reviews: review nothing
        logger.warning("no threshold keeps the false-review rate within %.2f%%", 100 * max_false_review_rate)
        return float(np.nextafter(np.max(scores), np.inf))
    best_recall = tpr[ok].max()
    # roc_curve lists thresholds in decreasing order: the first point reaching the best recall has the
    # highest threshold (and the lowest false-review rate) among them.
    first = ok[np.argmax(tpr[ok] >= best_recall)]
    return float(thresholds[first])


def classification_metrics(y: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    """Precision, recall and F1 at 0.5 and at the review ``threshold``; ROC-AUC; average precision;
    the false-review rate (safe listings at or above the threshold)."""
    y = np.asarray(y, dtype=int)
    at_half = (scores >= 0.5).astype(int)
    at_thr = (scores >= threshold).astype(int)
    safe = y == 0
    return {
        "precision": float(precision_score(y, at_half, zero_division=0)),
        "recall": float(recall_score(y, at_half, zero_division=0)),
        "f1": float(f1_score(y, at_half, zero_division=0)),
        "roc_auc": float(roc_auc_score(y, scores)),
        "average_precision": float(average_precision_score(y, scores)),
        "precision_at_threshold": float(precision_score(y, at_thr, zero_division=0)),
        "recall_at_threshold": float(recall_score(y, at_thr, zero_division=0)),
        "false_review_rate": float(at_thr[safe].mean()) if safe.any() else 0.0,
        "threshold": float(threshold),
    }


def recall_by_kind(y: np.ndarray, scores: np.ndarray, kinds: Sequence[str], threshold: float) -> dict[str, float]:
    """Recall at the threshold per kind of unsafe listing (e.g. the demo's flaw labels)."""
    y = np.asarray(y, dtype=int)
    kinds_arr = np.asarray(list(kinds), dtype=object)
    out = {}
    for kind in sorted({k for k, label in zip(kinds_arr, y, strict=True) if label == 1 and k}):
        mask = (kinds_arr == kind) & (y == 1)
        out[str(kind)] = float((scores[mask] >= threshold).mean())
    return out


@dataclass
class RiskTrainingResult:
    """A model fitted on the training split, its threshold and its held-out measurements.

    ``metrics`` are on the whole held-out split; ``content_metrics`` leave out the kinds excluded from
    training (which the model is not meant to see); ``validation_metrics`` are the out-of-fold ones on the
    training split that chose the threshold.
    """

    pipeline: Pipeline
    threshold: float
    metrics: dict[str, float]
    content_metrics: dict[str, float]
    validation_metrics: dict[str, float]
    recall_by_kind: dict[str, float]
    params: dict[str, Any]
    test_frame: pd.DataFrame
    y_test: np.ndarray
    test_scores: np.ndarray
    test_kinds: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))


def train_risk_model(frame: pd.DataFrame, y: Sequence[int] | np.ndarray, kinds: Sequence[str] | None = None,
                     exclude_from_training: Collection[str] = (), test_size: float = TEST_SIZE,
                     max_false_review_rate: float = MAX_FALSE_REVIEW_RATE, n_folds: int = N_FOLDS,
                     random_state: int = 0, pipeline: Pipeline | None = None) -> RiskTrainingResult:
    """Split, choose the threshold out-of-fold on the training split, fit, measure on the held-out split.

    Args:
        frame: ``listing_frame`` rows ``(n, len(FEATURE_COLUMNS))``.
        y: ``(n,)`` 1 = unsafe, 0 = safe.
        kinds: optional ``(n,)`` kind of each unsafe listing ("" for safe) for recall per kind.
        exclude_from_training: kinds that stay in the held-out split (and are measured) but are never
            trained on, e.g. flaws the model's inputs cannot show.
        pipeline: the unfitted estimator (default ``build_risk_pipeline()``).

    Raises:
        RiskDataError: too few listings of a class.
    """
    y = np.asarray(y, dtype=int)
    kinds_arr = np.asarray(list(kinds) if kinds is not None else [""] * len(y), dtype=object)
    trainable = ~np.isin(kinds_arr, list(exclude_from_training))
    _check_labels(y[trainable], n_folds)
    idx_train, idx_test = train_test_split(np.arange(len(y)), test_size=test_size, stratify=y,
                                           random_state=random_state)
    idx_train = idx_train[trainable[idx_train]]
    x_train, x_test = frame.iloc[idx_train].reset_index(drop=True), frame.iloc[idx_test].reset_index(drop=True)
    y_train, y_test = y[idx_train], y[idx_test]
    est = pipeline if pipeline is not None else build_risk_pipeline(random_state=random_state)
    oof = risk_scores_out_of_fold(x_train, y_train, est, n_folds, random_state)
    threshold = choose_threshold(y_train, oof, max_false_review_rate)
    with threadpool_limits(BLAS_THREADS, user_api="blas"):
        fitted = clone(est).fit(x_train, y_train)
        scores = fitted.predict_proba(x_test)[:, 1]
    seen = trainable[idx_test]
    params = {"test_size": test_size, "n_folds": n_folds, "max_false_review_rate": max_false_review_rate,
              "random_state": random_state, "n_train": len(idx_train), "n_test": len(idx_test),
              "n_unsafe": int(y.sum()), "n_safe": int((y == 0).sum()),
              "excluded_from_training": ",".join(sorted(exclude_from_training)) or "-",
              **_estimator_params(fitted)}
    return RiskTrainingResult(
        pipeline=fitted, threshold=threshold, metrics=classification_metrics(y_test, scores, threshold),
        content_metrics=classification_metrics(y_test[seen], scores[seen], threshold),
        validation_metrics=classification_metrics(y_train, oof, threshold),
        recall_by_kind=recall_by_kind(y_test, scores, kinds_arr[idx_test], threshold), params=params,
        test_frame=x_test, y_test=y_test, test_scores=scores, test_kinds=kinds_arr[idx_test])


def _estimator_params(pipeline: Pipeline) -> dict[str, Any]:
    """The hyper-parameters worth logging (the full nested ``get_params()`` is mostly defaults)."""
    out: dict[str, Any] = {"estimator": type(pipeline.steps[-1][1]).__name__}
    for key, value in pipeline.get_params().items():
        if key.startswith("model__") or key.split("__")[-1] in ("ngram_range", "min_df", "max_features",
                                                               "sublinear_tf", "analyzer"):
            if isinstance(value, (int, float, str, bool, tuple)) or value is None:
                out[key] = value
    return out


_PLACEHOLDERS = {AGENCY_TOKEN: "(agency name)", EMPLOYER_TOKEN: "(employer name)"}


def _readable_token(tok: str) -> str:
    if tok.startswith(NOT_PREFIX):
        return f"(not) {_readable_token(tok[len(NOT_PREFIX):])}"
    return _PLACEHOLDERS.get(tok, tok)


def _readable_ngram(ngram: str) -> str:
    """``"not_potongan not_gaji"`` -> ``"(not) potongan (not) gaji"``; ``agencyname`` -> ``(agency name)``."""
    return " ".join(_readable_token(tok) for tok in ngram.split())


def _term_names(pipeline: Pipeline) -> np.ndarray:
    """Human-readable names of the model's inputs: the n-gram for text, the sentence for a field."""
    names = pipeline.named_steps["features"].get_feature_names_out()
    out = []
    for name in names:
        block, _, raw = str(name).partition("__")
        out.append(STRUCTURED_FEATURES.get(raw, raw) if block == "fields" else _readable_ngram(raw))
    return np.asarray(out, dtype=object)


def explain(pipeline: Pipeline, frame: pd.DataFrame, k: int = TOP_TERMS) -> list[list[dict[str, Any]]]:
    """The top ``k`` positive contributions (``coef × value`` to the log-odds of unsafe) per row.

    Returns:
        one list per row of ``{"term", "weight", "kind"}`` (kind ``text`` or ``field``), largest first;
        only terms that push towards "unsafe" are listed.
    """
    features = pipeline.named_steps["features"]
    coef = pipeline.named_steps["model"].coef_.ravel()
    names = _term_names(pipeline)
    n_text = len(features.named_transformers_["words"].vocabulary_)
    x = features.transform(frame)
    x = x.tocsr() if hasattr(x, "tocsr") else np.asarray(x)
    out = []
    for i in range(x.shape[0]):
        row = x[i]
        cols, vals = (row.indices, row.data) if hasattr(row, "indices") else (np.flatnonzero(row), row[row != 0])
        contrib = coef[cols] * vals
        order = np.argsort(-contrib, kind="stable")[:k]
        out.append([{"term": str(names[cols[j]]), "weight": round(float(contrib[j]), 4),
                     "kind": "text" if cols[j] < n_text else "field"}
                    for j in order if contrib[j] > 0])
    return out


@dataclass
class ListingRiskModel:
    """A fitted pipeline with its review threshold and registry version; a ``RiskScorer`` for screening."""

    pipeline: Pipeline
    threshold: float
    version: str
    ref: Reference | None = None

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """P(unsafe) ``(n,)`` for ``listing_frame`` rows."""
        return np.asarray(self.pipeline.predict_proba(frame[list(FEATURE_COLUMNS)])[:, 1], dtype=np.float64)

    def explain(self, frame: pd.DataFrame, k: int = TOP_TERMS) -> list[list[dict[str, Any]]]:
        return explain(self.pipeline, frame[list(FEATURE_COLUMNS)], k)

    def score(self, listing: ListingIn, norm: NormalisedListing, as_of: date
              ) -> tuple[float, str, list[dict[str, Any]]]:
        """``(P(unsafe), model version, top contributing terms)`` of one listing."""
        frame = listing_frame([(listing, norm, as_of)], self.ref or load_reference())
        return float(self.predict_proba(frame)[0]), self.version, self.explain(frame)[0]
