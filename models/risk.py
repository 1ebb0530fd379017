"""The listing-risk model: P(unsafe) of a job listing from its text and its terms, validated on real scams.

A scikit-learn ``Pipeline`` over the frame of ``features.listing_features.listing_frame``:

* the folded text (``risk_text``: title + description + contact, contacts, names, jobs, places and numbers
  masked, obfuscation and amounts read, negations marked) -> **character** 3-5-gram TF-IDF within word
  boundaries, and word 1-2-gram TF-IDF, both hashed. Character n-grams do not depend on English words:
  "potongan", "dipotong" and "potong" share n-grams, so do code-mixed and misspelt forms, and a word the
  training data never had still counts through its pieces;
* the structured features (0 when "nothing unusual"; the project's bilingual red-flag reading included,
  and no structural attribute of the job: see ``features.listing_features.FEATURE_WORDS``) -> ``MaxAbsScaler``;
* -> ``LogisticRegression(class_weight="balanced")``: the explanation is exact (``coef × value``), summed from
  n-grams back to the words that hold them (``models.risk_explain``).

Training (``train_risk_model``) keeps a stratified held-out split that nothing is fitted or tuned on. Real and
generated listings are split separately, real ones by near-duplicate groups (``groups``) so a posting repeated
with small edits never sits on both sides. The review threshold is calibrated on **real** listings only: the
out-of-fold scores of the real training split, taking the highest threshold that still sends
``target_recall`` (default every one) of the real validation scams to review. Generated listings may join
training; they never choose the threshold and are measured separately.

The model also says when it cannot judge (``RiskGate``): text that is near-empty, in no language it knows,
or out of distribution (too few of its character n-grams were ever seen in training). Such a listing goes to
review with the reason; it is never verified on the model's word.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MaxAbsScaler
from threadpoolctl import threadpool_limits

from features.listing_features import FEATURE_COLUMNS, RISK_TEXT, STRUCTURED_FEATURES, listing_frame
from features.listings import ListingIn, NormalisedListing
from features.reference import Reference, load_reference
from models.risk_explain import explain
from models.risk_gate import RiskGate, fit_gate

logger = logging.getLogger(__name__)

TEST_SIZE = 0.25
N_FOLDS = 5
TARGET_RECALL = 1.0  # share of the real validation scams the threshold must send to review
TOP_TERMS = 5
# The solver's BLAS calls are small; on a 2-core machine two OpenBLAS threads made one fit 25x slower
# (17 s vs 0.7 s on 15,000 listings), so fitting and scoring run with one BLAS thread.
BLAS_THREADS = 1
N_BOOTSTRAP = 1000


class RiskDataError(ValueError):
    """The labelled data cannot train a model (one class only, or too few of a class to cross-validate)."""


WORD_TOKENS = r"(?u)\b[^\W\d_]\w+\b"  # at least two characters, starting with a letter


CHAR_FEATURES = 2**19
WORD_FEATURES = 2**19
MIN_DF = 2  # an n-gram in fewer training texts is noise (its IDF would be the largest) and gets no weight


class DocFrequencyFilter(TransformerMixin, BaseEstimator):
    """Zero the hashed columns that fewer than ``min_df`` training texts have (``min_df`` for hashed n-grams).

    The columns stay where they are, so an n-gram's column is the same before and after (the explanation
    re-hashes words and needs that); only the kept mask (a boolean array) is stored.
    """

    def __init__(self, min_df: int = MIN_DF) -> None:
        self.min_df = min_df

    def fit(self, x: Any, y: Any = None) -> DocFrequencyFilter:
        df = np.asarray((x > 0).sum(axis=0)).ravel()
        self.keep_ = df >= self.min_df
        return self

    def transform(self, x: Any) -> Any:
        return x @ sp.diags(self.keep_.astype(np.float64))


def build_risk_pipeline(C: float = 4.0, char_features: int = CHAR_FEATURES, word_features: int = WORD_FEATURES,
                        random_state: int = 0) -> Pipeline:
    """The unfitted pipeline: hashed character and word n-grams with TF-IDF + scaled structured features ->
    logistic regression.

    The n-grams are hashed (``HashingVectorizer``) rather than kept in a vocabulary: a fitted vocabulary of
    hundreds of thousands of n-grams makes the skops file MLflow stores grow to gigabytes and take hours to
    write; hashed, the model is two IDF arrays and the coefficients. ``models.risk_explain`` hashes a listing's
    own words to hand the weights back to them. Class balance comes from the sample weights of
    ``source_weights``, not from ``class_weight``.
    """
    def hashed(**kwargs: Any) -> Pipeline:
        return Pipeline([("hash", HashingVectorizer(alternate_sign=False, norm=None, dtype=np.float64, **kwargs)),
                         ("min_df", DocFrequencyFilter()), ("tfidf", TfidfTransformer(sublinear_tf=True))])

    features = ColumnTransformer([
        ("chars", hashed(analyzer="char_wb", ngram_range=(3, 5), n_features=char_features), RISK_TEXT),
        ("words", hashed(ngram_range=(1, 2), token_pattern=WORD_TOKENS, n_features=word_features), RISK_TEXT),
        ("fields", MaxAbsScaler(), list(STRUCTURED_FEATURES)),
    ])
    model = LogisticRegression(C=C, max_iter=5_000, random_state=random_state)
    return Pipeline([("features", features), ("model", model)])


def source_weights(y: np.ndarray, is_real: np.ndarray, balance_sources: bool = False) -> np.ndarray:
    """Sample weights that balance the classes: unsafe and safe listings count for half each.

    With ``balance_sources`` each (source, class) cell counts for a quarter instead (real scams, real genuine
    postings, generated unsafe, generated safe). Measured (docs/risk-model.md): it did not raise the real
    held-out ROC-AUC, and it left the model so unsure of generated listings that 40 % of the safe ones scored
    above the real-data threshold; so the classes are balanced over both sources together."""
    y = np.asarray(y, dtype=int)
    real = np.asarray(is_real, dtype=bool) if balance_sources else np.ones(len(y), dtype=bool)
    cells = [(r, c) for r in (True, False) for c in (0, 1) if ((real == r) & (y == c)).any()]
    w = np.zeros(len(y))
    for r, c in cells:
        mask = (real == r) & (y == c)
        w[mask] = len(y) / (len(cells) * mask.sum())
    return w


BALANCE_SOURCES = False


def _fit(est: Pipeline, x: pd.DataFrame, y: np.ndarray, is_real: np.ndarray) -> Pipeline:
    return clone(est).fit(x, y, model__sample_weight=source_weights(y, is_real, BALANCE_SOURCES))


def _check_labels(y: np.ndarray, n_folds: int, what: str = "") -> None:
    counts = np.bincount(np.asarray(y, dtype=int), minlength=2)
    if counts.min() < n_folds:
        raise RiskDataError(f"need at least {n_folds} safe and {n_folds} unsafe {what}listings to train and "
                            f"validate; got {counts[0]} safe and {counts[1]} unsafe")


def _folds(y: np.ndarray, groups: np.ndarray | None, n_folds: int, random_state: int) -> list[tuple[np.ndarray,
                                                                                                   np.ndarray]]:
    x = np.zeros(len(y))
    if groups is None:
        return list(StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=random_state).split(x, y))
    return list(StratifiedGroupKFold(n_splits=n_folds, shuffle=True, random_state=random_state).split(x, y, groups))


def risk_scores_out_of_fold(frame: pd.DataFrame, y: Sequence[int] | np.ndarray, pipeline: Pipeline | None = None,
                            n_folds: int = N_FOLDS, random_state: int = 0, train_mask: np.ndarray | None = None,
                            groups: np.ndarray | None = None, is_real: np.ndarray | None = None) -> np.ndarray:
    """P(unsafe) for every row from a model that never saw that row's label (stratified, grouped k-fold).

    Args:
        frame: ``listing_frame`` rows, ``(n, len(FEATURE_COLUMNS))``.
        y: labels ``(n,)``, 1 = unsafe, 0 = safe.
        pipeline: the unfitted estimator to cross-fit (default ``build_risk_pipeline()``).
        train_mask: bool ``(n,)``; rows that are False are scored but never trained on (default: all train).
        groups: ``(n,)`` near-duplicate group of each row; a group never spans two folds.
        is_real: ``(n,)`` True for real listings (for ``source_weights``; default all real).

    Returns:
        float64 ``(n,)`` probabilities.
    """
    y = np.asarray(y, dtype=int)
    mask = np.ones(len(y), dtype=bool) if train_mask is None else np.asarray(train_mask, dtype=bool)
    _check_labels(y[mask], n_folds)
    real = np.ones(len(y), dtype=bool) if is_real is None else np.asarray(is_real, dtype=bool)
    est = pipeline if pipeline is not None else build_risk_pipeline(random_state=random_state)
    out = np.full(len(y), np.nan)
    with threadpool_limits(BLAS_THREADS, user_api="blas"):
        for fit_idx, score_idx in _folds(y, groups, n_folds, random_state):
            fit_idx = fit_idx[mask[fit_idx]]
            fold_model = _fit(est, frame.iloc[fit_idx], y[fit_idx], real[fit_idx])
            out[score_idx] = fold_model.predict_proba(frame.iloc[score_idx])[:, 1]
    return out


def choose_threshold(y: np.ndarray, scores: np.ndarray, target_recall: float = TARGET_RECALL) -> float:
    """The highest threshold that still puts ``target_recall`` of the unsafe listings at or above it.

    With ``target_recall`` 1.0 it is the lowest score of an unsafe listing: every validation scam is sent to
    review, and as few safe listings as that allows.
    """
    y = np.asarray(y, dtype=int)
    unsafe = np.sort(np.asarray(scores)[y == 1])
    if not unsafe.size:
        raise RiskDataError("no unsafe listing to calibrate the threshold on")
    k = int(np.floor((1.0 - target_recall) * unsafe.size + 1e-9))  # how many may fall below it
    return float(unsafe[min(k, unsafe.size - 1)])


def classification_metrics(y: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    """Precision, recall and F1 at 0.5 and at the review ``threshold``; ROC-AUC; average precision (PR-AUC);
    the false-review rate (safe listings at or above the threshold)."""
    y = np.asarray(y, dtype=int)
    at_half = (scores >= 0.5).astype(int)
    at_thr = (scores >= threshold).astype(int)
    safe = y == 0
    both = 0 < y.sum() < len(y)
    return {
        "n": float(len(y)), "n_unsafe": float(y.sum()),
        "precision": float(precision_score(y, at_half, zero_division=0)),
        "recall": float(recall_score(y, at_half, zero_division=0)),
        "f1": float(f1_score(y, at_half, zero_division=0)),
        "roc_auc": float(roc_auc_score(y, scores)) if both else float("nan"),
        "average_precision": float(average_precision_score(y, scores)) if both else float("nan"),
        "precision_at_threshold": float(precision_score(y, at_thr, zero_division=0)),
        "recall_at_threshold": float(recall_score(y, at_thr, zero_division=0)),
        "false_review_rate": float(at_thr[safe].mean()) if safe.any() else 0.0,
        "threshold": float(threshold),
    }


def bootstrap_ci(y: np.ndarray, scores: np.ndarray, n: int = N_BOOTSTRAP, random_state: int = 0,
                 level: float = 0.95) -> dict[str, float]:
    """Percentile bootstrap CIs of ROC-AUC and average precision (resampling safe and unsafe separately, so
    every resample has both classes).

    Returns:
        ``{"roc_auc_ci_low", "roc_auc_ci_high", "average_precision_ci_low", "average_precision_ci_high"}``.
    """
    y = np.asarray(y, dtype=int)
    rng = np.random.default_rng(random_state)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    aucs, aps = np.empty(n), np.empty(n)
    for i in range(n):
        idx = np.concatenate([rng.choice(pos, pos.size), rng.choice(neg, neg.size)])
        aucs[i] = roc_auc_score(y[idx], scores[idx])
        aps[i] = average_precision_score(y[idx], scores[idx])
    lo, hi = 100 * (1 - level) / 2, 100 * (1 + level) / 2
    return {"roc_auc_ci_low": float(np.percentile(aucs, lo)), "roc_auc_ci_high": float(np.percentile(aucs, hi)),
            "average_precision_ci_low": float(np.percentile(aps, lo)),
            "average_precision_ci_high": float(np.percentile(aps, hi))}


def recall_by_kind(y: np.ndarray, scores: np.ndarray, kinds: Sequence[str], threshold: float) -> dict[str, float]:
    """Recall at the threshold per kind of unsafe listing (e.g. the demo's flaw labels)."""
    y = np.asarray(y, dtype=int)
    kinds_arr = np.asarray(list(kinds), dtype=object)
    out = {}
    for kind in sorted({k for k, label in zip(kinds_arr, y, strict=True) if label == 1 and k}):
        mask = (kinds_arr == kind) & (y == 1)
        out[str(kind)] = float((scores[mask] >= threshold).mean())
    return out


def split_heldout(y: np.ndarray, is_real: np.ndarray, groups: np.ndarray | None, test_size: float = TEST_SIZE,
                  random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(train, test)``: a stratified held-out split of real and generated listings, each on its own.

    Real listings are split by near-duplicate ``groups`` (a group is wholly in train or wholly in test); the
    test share is ``1 / round(1 / test_size)`` of each stratum.
    """
    n_splits = max(2, round(1 / test_size))
    strata = np.asarray(y, dtype=int) + 2 * np.asarray(is_real, dtype=int)
    grp = np.arange(len(y)) if groups is None else np.asarray(groups)
    folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    _, test = next(folds.split(np.zeros(len(y)), strata, grp))
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test] = True
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)


@dataclass
class RiskTrainingResult:
    """A model fitted on the training split, its threshold and gate, and its held-out measurements.

    ``metrics`` are on the **real** held-out listings (with bootstrap CIs); ``synthetic_metrics`` on the
    generated held-out listings; ``validation_metrics`` are the out-of-fold ones on the real training split
    that chose the threshold. ``test_*`` hold the whole held-out split (real and generated), ``test_is_real``
    tells them apart.
    """

    pipeline: Pipeline
    threshold: float
    gate: RiskGate
    metrics: dict[str, float]
    synthetic_metrics: dict[str, float]
    validation_metrics: dict[str, float]
    recall_by_kind: dict[str, float]
    params: dict[str, Any]
    test_frame: pd.DataFrame
    y_test: np.ndarray
    test_scores: np.ndarray
    test_is_real: np.ndarray
    test_index: np.ndarray
    test_kinds: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))


def train_risk_model(frame: pd.DataFrame, y: Sequence[int] | np.ndarray, is_real: Sequence[bool] | np.ndarray,
                     groups: Sequence[Any] | np.ndarray | None = None, kinds: Sequence[str] | None = None,
                     exclude_from_training: Collection[str] = (), test_size: float = TEST_SIZE,
                     target_recall: float = TARGET_RECALL, n_folds: int = N_FOLDS, random_state: int = 0,
                     pipeline: Pipeline | None = None, n_bootstrap: int = N_BOOTSTRAP) -> RiskTrainingResult:
    """Split, calibrate the threshold out-of-fold on real training listings, fit, measure on the held-out split.

    Args:
        frame: ``listing_frame`` rows ``(n, len(FEATURE_COLUMNS))``.
        y: ``(n,)`` 1 = unsafe, 0 = safe.
        is_real: ``(n,)`` True for real labelled listings (they alone calibrate the threshold).
        groups: ``(n,)`` near-duplicate group ids (default: each row its own group).
        kinds: optional ``(n,)`` kind of each unsafe listing ("" for safe) for recall per kind.
        exclude_from_training: kinds that stay in the held-out split (and are measured) but are never
            trained on, e.g. flaws the model's inputs cannot show.
        pipeline: the unfitted estimator (default ``build_risk_pipeline()``).

    Raises:
        RiskDataError: too few listings of a class, or too few real ones to calibrate on.
    """
    y = np.asarray(y, dtype=int)
    real = np.asarray(is_real, dtype=bool)
    grp = np.asarray(groups if groups is not None else np.arange(len(y)), dtype=object).astype(str)
    kinds_arr = np.asarray(list(kinds) if kinds is not None else [""] * len(y), dtype=object)
    trainable = ~np.isin(kinds_arr, list(exclude_from_training))
    _check_labels(y[trainable], n_folds)
    _check_labels(y[real], n_folds, "real ")
    idx_train, idx_test = split_heldout(y, real, grp, test_size, random_state)
    idx_train = idx_train[trainable[idx_train]]
    x_train = frame.iloc[idx_train].reset_index(drop=True)
    x_test = frame.iloc[idx_test].reset_index(drop=True)
    y_train, y_test = y[idx_train], y[idx_test]
    est = pipeline if pipeline is not None else build_risk_pipeline(random_state=random_state)
    real_train = real[idx_train]
    oof = risk_scores_out_of_fold(x_train, y_train, est, n_folds, random_state, groups=grp[idx_train],
                                  is_real=real_train)
    threshold = choose_threshold(y_train[real_train], oof[real_train], target_recall)
    with threadpool_limits(BLAS_THREADS, user_api="blas"):
        fitted = _fit(est, x_train, y_train, real_train)
        scores = fitted.predict_proba(x_test)[:, 1]
    gate = fit_gate(fitted, x_train[RISK_TEXT])
    real_test = real[idx_test]
    metrics = classification_metrics(y_test[real_test], scores[real_test], threshold)
    metrics.update(bootstrap_ci(y_test[real_test], scores[real_test], n_bootstrap, random_state))
    synthetic = ~real_test
    params = {"test_size": test_size, "n_folds": n_folds, "target_recall": target_recall,
              "random_state": random_state, "n_train": len(idx_train), "n_test": len(idx_test),
              "n_real": int(real.sum()), "n_real_unsafe": int(y[real].sum()), "n_generated": int((~real).sum()),
              "n_unsafe": int(y.sum()), "n_safe": int((y == 0).sum()), "n_bootstrap": n_bootstrap,
              "excluded_from_training": ",".join(sorted(exclude_from_training)) or "-",
              "gate_min_coverage": gate.min_coverage, "gate_min_words": gate.min_words, **_estimator_params(fitted)}
    return RiskTrainingResult(
        pipeline=fitted, threshold=threshold, gate=gate, metrics=metrics,
        synthetic_metrics=(classification_metrics(y_test[synthetic], scores[synthetic], threshold)
                           if synthetic.any() else {}),
        validation_metrics=classification_metrics(y_train[real_train], oof[real_train], threshold),
        recall_by_kind=recall_by_kind(y_test, scores, kinds_arr[idx_test], threshold), params=params,
        test_frame=x_test, y_test=y_test, test_scores=scores, test_is_real=real_test, test_index=idx_test,
        test_kinds=kinds_arr[idx_test])


def _estimator_params(pipeline: Pipeline) -> dict[str, Any]:
    """The hyper-parameters worth logging (the full nested ``get_params()`` is mostly defaults)."""
    out: dict[str, Any] = {"estimator": type(pipeline.steps[-1][1]).__name__}
    for key, value in pipeline.get_params().items():
        if key.startswith("model__") or key.split("__")[-1] in ("ngram_range", "n_features", "sublinear_tf",
                                                               "analyzer"):
            if isinstance(value, (int, float, str, bool, tuple)) or value is None:
                out[key] = value
    return out


@dataclass(frozen=True)
class RiskAssessment:
    """What the model says about one listing: its score, the threshold, whether it could judge, and why."""

    probability: float
    threshold: float
    version: str
    terms: list[dict[str, Any]]
    judgeable: bool = True
    cannot_judge: str = ""  # near_empty | unknown_language | out_of_distribution
    cannot_judge_detail: str = ""

    @property
    def above_threshold(self) -> bool:
        return self.probability >= self.threshold


@dataclass
class ListingRiskModel:
    """A fitted pipeline with its review threshold, its gate and registry version; a ``RiskScorer`` for screening."""

    pipeline: Pipeline
    threshold: float
    version: str
    gate: RiskGate | None = None
    ref: Reference | None = None

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """P(unsafe) ``(n,)`` for ``listing_frame`` rows."""
        return np.asarray(self.pipeline.predict_proba(frame[list(FEATURE_COLUMNS)])[:, 1], dtype=np.float64)

    def explain(self, frame: pd.DataFrame, k: int = TOP_TERMS) -> list[list[dict[str, Any]]]:
        return explain(self.pipeline, frame[list(FEATURE_COLUMNS)], k)

    def assess_frame(self, frame: pd.DataFrame, k: int = TOP_TERMS) -> list[RiskAssessment]:
        """One ``RiskAssessment`` per ``listing_frame`` row."""
        probs = self.predict_proba(frame)
        terms = self.explain(frame, k)
        checks = (self.gate.check(text) for text in frame[RISK_TEXT]) if self.gate is not None else None
        out = []
        for i, p in enumerate(probs):
            reason, detail = next(checks) if checks is not None else ("", "")
            out.append(RiskAssessment(float(p), self.threshold, self.version, terms[i], not reason, reason, detail))
        return out

    def assess(self, listing: ListingIn, norm: NormalisedListing, as_of: date) -> RiskAssessment:
        """The model's reading of one listing."""
        return self.assess_frame(listing_frame([(listing, norm, as_of)], self.ref or load_reference()))[0]

    def score(self, listing: ListingIn, norm: NormalisedListing, as_of: date
              ) -> tuple[float, str, list[dict[str, Any]]]:
        """``(P(unsafe), model version, top contributing terms)`` of one listing."""
        found = self.assess(listing, norm, as_of)
        return found.probability, self.version, found.terms
