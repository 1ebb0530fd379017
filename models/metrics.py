"""Ranking metrics for one query (one worker): NDCG@k, Recall@k and reciprocal rank.

Every metric takes the same keyword signature: ``relevance`` (graded labels of the candidates, float or int
``(n,)``), ``scores`` (the ranker's scores ``(n,)``, higher is better) and ``k``. Ties in ``scores`` are broken
by position (a stable sort), so a ranker cannot profit from ties. ``METRICS`` maps names to functions so
training and evaluation log them under the same names.

Definitions (Järvelin & Kekäläinen 2002; https://en.wikipedia.org/wiki/Discounted_cumulative_gain):

* ``DCG@k = sum_{i=1..k} (2^rel_i - 1) / log2(i + 1)`` ("exponential" gain) or ``rel_i / log2(i + 1)``
  (``gain="linear"``, the form of the Wikipedia example); ``NDCG@k = DCG@k / IDCG@k`` where IDCG is the DCG of
  the ideal ordering of *all* candidates. A query with no relevant candidate has NDCG 0 by convention here;
  callers that want to exclude such queries do so explicitly.
* ``Recall@k`` = relevant candidates in the top k / relevant candidates overall (``n_relevant`` can be given
  to count relevant items the candidate list does not contain, e.g. ones retrieval missed).
* ``reciprocal_rank`` = 1 / rank of the first relevant candidate (0 if none); its mean over queries is MRR.

"Relevant" for Recall and MRR means ``relevance >= threshold`` (default 1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

Gain = Literal["exponential", "linear"]


def _order(scores: np.ndarray) -> np.ndarray:
    """Indices by descending score; ties keep their input order."""
    return np.argsort(-np.asarray(scores, dtype=float), kind="stable")


def _check(relevance: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    rel = np.asarray(relevance, dtype=float).ravel()
    sc = np.asarray(scores, dtype=float).ravel()
    if rel.shape != sc.shape:
        raise ValueError(f"relevance and scores must have the same length, got {rel.size} and {sc.size}")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return rel, sc


def dcg_at_k(relevance: np.ndarray, scores: np.ndarray, k: int = 10, gain: Gain = "exponential") -> float:
    """Discounted cumulative gain of the top ``k`` by ``scores``."""
    rel, sc = _check(relevance, scores, k)
    top = rel[_order(sc)][:k]
    gains = np.power(2.0, top) - 1.0 if gain == "exponential" else top
    return float(np.sum(gains / np.log2(np.arange(2, top.size + 2))))


def ndcg_at_k(relevance: np.ndarray, scores: np.ndarray, k: int = 10, gain: Gain = "exponential") -> float:
    """NDCG@k in [0, 1]; 0 when no candidate is relevant."""
    rel, sc = _check(relevance, scores, k)
    ideal = dcg_at_k(rel, rel, k, gain)
    return 0.0 if ideal <= 0 else dcg_at_k(rel, sc, k, gain) / ideal


def recall_at_k(relevance: np.ndarray, scores: np.ndarray, k: int = 10, threshold: float = 1.0,
                n_relevant: int | None = None) -> float:
    """Share of relevant items found in the top ``k``, in [0, 1]; 0 when nothing is relevant.

    ``n_relevant`` overrides the denominator (it must be at least the relevant candidates present).
    """
    rel, sc = _check(relevance, scores, k)
    hits = rel >= threshold
    total = int(hits.sum()) if n_relevant is None else int(n_relevant)
    if n_relevant is not None and total < int(hits.sum()):
        raise ValueError(f"n_relevant={n_relevant} is below the {int(hits.sum())} relevant candidates given")
    if total == 0:
        return 0.0
    return float(hits[_order(sc)][:k].sum()) / total


def reciprocal_rank(relevance: np.ndarray, scores: np.ndarray, k: int | None = None,
                    threshold: float = 1.0) -> float:
    """1 / rank of the first relevant item (within the top ``k`` if given); 0 if there is none."""
    rel, sc = _check(relevance, scores, k or 1)
    hits = np.flatnonzero(rel[_order(sc)] >= threshold)
    if hits.size == 0 or (k is not None and hits[0] >= k):
        return 0.0
    return 1.0 / (hits[0] + 1)


def ndcg_at_10(relevance: np.ndarray, scores: np.ndarray) -> float:
    return ndcg_at_k(relevance, scores, 10)


def recall_at_10(relevance: np.ndarray, scores: np.ndarray) -> float:
    return recall_at_k(relevance, scores, 10)


def recall_at_50(relevance: np.ndarray, scores: np.ndarray) -> float:
    return recall_at_k(relevance, scores, 50)


def mrr(relevance: np.ndarray, scores: np.ndarray) -> float:
    """Reciprocal rank of one query; averaged over queries it is the mean reciprocal rank."""
    return reciprocal_rank(relevance, scores)


METRICS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    fn.__name__: fn for fn in (ndcg_at_10, recall_at_10, recall_at_50, mrr)
}

__all__ = ["METRICS", "dcg_at_k", "mrr", "ndcg_at_k", "ndcg_at_10", "recall_at_10", "recall_at_50",
           "recall_at_k", "reciprocal_rank"]
