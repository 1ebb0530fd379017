"""Ranking metrics against values a person can check by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from models.metrics import METRICS, dcg_at_k, ndcg_at_k, recall_at_k, reciprocal_rank


def test_wikipedia_dcg_example() -> None:
    # https://en.wikipedia.org/wiki/Discounted_cumulative_gain: the engine shows D1..D6 with relevance
    # 3, 2, 3, 0, 1, 2; two more judged documents, D7 (3) and D8 (2), were not shown. DCG6 = 6.861; the ideal
    # order of all judged documents (3, 3, 3, 2, 2, 2) gives IDCG6 = 8.740, so nDCG6 = 0.785.
    rel = np.array([3, 2, 3, 0, 1, 2, 3, 2])
    shown = np.array([8, 7, 6, 5, 4, 3, 2, 1])  # D7 and D8 come after the six shown
    assert dcg_at_k(rel, shown, k=6, gain="linear") == pytest.approx(6.861, abs=1e-3)
    assert dcg_at_k(rel, rel, k=6, gain="linear") == pytest.approx(8.740, abs=1e-3)
    assert ndcg_at_k(rel, shown, k=6, gain="linear") == pytest.approx(0.785, abs=1e-3)


def test_exponential_gain_by_hand() -> None:
    rel = np.array([0, 2, 1])
    scores = np.array([0.9, 0.5, 0.1])  # shown order: 0, 2, 1
    dcg = 0 / math.log2(2) + 3 / math.log2(3) + 1 / math.log2(4)
    idcg = 3 / math.log2(2) + 1 / math.log2(3)
    assert dcg_at_k(rel, scores, k=3) == pytest.approx(dcg)
    assert ndcg_at_k(rel, scores, k=3) == pytest.approx(dcg / idcg)
    # the cut-off: only the first item counts at k=1, and it is irrelevant
    assert ndcg_at_k(rel, scores, k=1) == 0.0


def test_all_hits_no_hits_and_ties() -> None:
    rel = np.array([1, 1, 0, 0])
    assert ndcg_at_k(rel, np.array([4, 3, 2, 1]), k=2) == 1.0
    assert ndcg_at_k(np.zeros(4), np.array([4, 3, 2, 1]), k=2) == 0.0
    assert recall_at_k(np.zeros(4), np.arange(4), k=2) == 0.0
    assert reciprocal_rank(np.zeros(4), np.arange(4)) == 0.0
    # ties are broken by input order, never in the ranker's favour
    assert reciprocal_rank(np.array([0, 0, 1]), np.zeros(3)) == pytest.approx(1 / 3)


def test_recall_and_reciprocal_rank_by_hand() -> None:
    rel = np.array([0, 2, 0, 1, 0, 3])
    scores = np.array([6, 5, 4, 3, 2, 1])  # shown order = input order
    assert recall_at_k(rel, scores, k=2) == pytest.approx(1 / 3)
    assert recall_at_k(rel, scores, k=4) == pytest.approx(2 / 3)
    assert recall_at_k(rel, scores, k=6) == 1.0
    assert recall_at_k(rel, scores, k=6, threshold=2) == 1.0
    assert recall_at_k(rel, scores, k=2, threshold=2) == pytest.approx(1 / 2)
    # two relevant items the candidate list never contained halve the recall
    assert recall_at_k(rel, scores, k=6, n_relevant=6) == pytest.approx(1 / 2)
    assert reciprocal_rank(rel, scores) == pytest.approx(1 / 2)
    assert reciprocal_rank(rel, scores, threshold=3) == pytest.approx(1 / 6)
    assert reciprocal_rank(rel, scores, k=1) == 0.0


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="same length"):
        ndcg_at_k(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="k must be at least 1"):
        recall_at_k(np.ones(3), np.ones(3), k=0)
    with pytest.raises(ValueError, match="n_relevant=1"):
        recall_at_k(np.ones(3), np.ones(3), n_relevant=1)


def test_registry_names() -> None:
    assert set(METRICS) == {"ndcg_at_10", "recall_at_10", "recall_at_50", "mrr"}
    perfect = np.array([3, 2, 1, 0])
    assert all(fn(perfect, perfect) == 1.0 for fn in METRICS.values())
