"""Evaluation: baselines and metrics on a hand-made set with known answers; the worker split; and the claims the
README makes about the champion on held-out demo workers."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from features.pairs import FEATURES
from matching.learning.evaluation import baseline_scores, breakdown, evaluate
from matching.learning.training_data import RankingSet, worker_split
from tests.conftest import DEMO_WORKERS


def _tiny() -> RankingSet:
    """Four workers. A and B are test workers with a placement; C (test) only applied; D trains."""
    rows = [  # (worker, listing, label, similarity, v0)
        (0, 11, 3, 0.9, 0.5), (0, 12, 0, 0.8, 0.9), (0, 13, 0, 0.7, 0.1), (0, 14, 1, 0.6, 0.2),
        (1, 21, 0, 0.9, 0.1), (1, 22, 2, 0.5, 0.9), (1, 23, 0, 0.1, 0.2),
        (2, 31, 1, 0.5, 0.5), (2, 32, 0, 0.4, 0.4),
        (3, 22, 2, 0.3, 0.3), (3, 41, 0, 0.2, 0.2),
    ]
    g, lid, y, sim, v0 = (np.array(c) for c in zip(*rows, strict=True))
    X = pd.DataFrame(np.zeros((len(rows), len(FEATURES))), columns=list(FEATURES))
    X["similarity"] = sim
    return RankingSet(X=X, y=y.astype(float), group=g, listing_id=lid, v0=v0.astype(float),
                      sector=np.array(["domestic"] * 7 + ["care"] * 4, dtype=object),
                      country=np.array(["HK"] * 11, dtype=object), workers=["A", "B", "C", "D"],
                      split=np.array(["test", "test", "test", "train"]), as_of=date(2026, 3, 1))


def test_metrics_of_the_baselines_by_hand() -> None:
    rset = _tiny()
    report = evaluate(rset, {"similarity": baseline_scores(rset)["similarity"], "v0": rset.v0}, n_boot=200)
    assert report.workers == 2  # C has no placement (label >= 2) and is left out
    # A by similarity: gains 7, 0, 0, 1 at ranks 1-4; ideal 7, 1
    ndcg_a = (7 + 1 / math.log2(5)) / (7 + 1 / math.log2(3))
    # B by similarity: the placement (gain 3) at rank 2
    ndcg_b = (3 / math.log2(3)) / 3
    sim = report.rankers["similarity"]
    assert sim["ndcg_at_10"].mean == pytest.approx((ndcg_a + ndcg_b) / 2)
    assert sim["mrr"].mean == pytest.approx((1 + 1 / 2) / 2)
    assert sim["recall_at_10"].mean == 1.0 and sim["recall_at_50"].mean == 1.0
    # v0 puts A's placement second (0.5 < 0.9) and B's first
    v0 = report.rankers["v0"]
    assert v0["mrr"].mean == pytest.approx((1 / 2 + 1) / 2)
    assert v0["ndcg_at_10"].low <= v0["ndcg_at_10"].mean <= v0["ndcg_at_10"].high
    assert set(report.lifts) == {"v0"} and report.primary == "similarity"


def test_popularity_counts_training_workers_only_and_random_is_seeded() -> None:
    rset = _tiny()
    base = baseline_scores(rset, seed=1)
    # listing 22 was a placement of training worker D: the only popular listing
    assert base["popularity"][rset.listing_id == 22].min() >= 1
    assert (base["popularity"][rset.listing_id != 22] < 1).all()
    report = evaluate(rset, {"popularity": base["popularity"]}, n_boot=50)
    assert report.per_worker["popularity"][1, 3] == 1.0  # B's placement first
    np.testing.assert_array_equal(base["random"], baseline_scores(rset, seed=1)["random"])


def test_intervals_shrink_to_the_mean_when_every_worker_agrees() -> None:
    rset = _tiny()
    perfect = rset.y.copy()
    report = evaluate(rset, {"perfect": perfect, "similarity": rset.X["similarity"].to_numpy()}, n_boot=300)
    iv = report.rankers["perfect"]["ndcg_at_10"]
    assert (iv.mean, iv.low, iv.high) == (1.0, 1.0, 1.0)
    lift = report.lifts["similarity"]
    assert lift.low <= lift.mean <= lift.high and lift.mean > 0
    table = report.table()
    assert "perfect" in table and "95% bootstrap intervals" in table
    assert breakdown(rset, report, by="sector").loc["domestic", "workers"] == 2


def test_worker_split_is_stable_and_about_70_15_15() -> None:
    refs = [f"W{i:06d}" for i in range(6000)]
    splits = pd.Series([worker_split(r) for r in refs]).value_counts(normalize=True)
    assert splits["train"] == pytest.approx(0.70, abs=0.02)
    assert splits["valid"] == pytest.approx(0.15, abs=0.02) and splits["test"] == pytest.approx(0.15, abs=0.02)
    assert [worker_split(r) for r in refs[:50]] == [worker_split(r) for r in refs[:50]]


def test_champion_beats_similarity_and_v0_on_held_out_demo_workers(trained) -> None:
    """The README's claim: on held-out demo workers the champion beats similarity-only by at least 15 % and the
    v0 score by at least 5 % relative NDCG@10 (SIMULATED outcomes; test split, never trained or selected on)."""
    if DEMO_WORKERS < 5000:
        pytest.skip(f"the claim is about the default demo (5000 workers); this run has {DEMO_WORKERS}")
    _, report = trained
    test = report.test
    assert test.split == "test" and test.workers >= 300
    print("\n" + test.table())
    assert test.lifts["similarity"].mean >= 0.15, test.table()
    assert test.lifts["v0"].mean >= 0.05, test.table()
    assert test.lifts["v0"].low > 0 and test.lifts["similarity"].low > 0  # and the intervals exclude no gain
    for name in ("popularity", "random"):
        assert test.rankers["model"]["ndcg_at_10"].mean > test.rankers[name]["ndcg_at_10"].mean
    data = report.data
    assert sum(data[s]["workers"] for s in ("train", "valid", "test")) <= 5000  # each worker in one split
