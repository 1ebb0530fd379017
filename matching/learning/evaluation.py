"""Offline evaluation of rankers on held-out workers, with 95 % bootstrap intervals over workers.

Every ranker orders the same candidates of the same workers (``matching.learning.training_data.RankingSet``). A worker
counts when at least one of her candidates is relevant (label >= ``RELEVANT_AT``: hired or completed, never a
complaint). Per worker: NDCG@10 on the graded labels (exponential gain), Recall@10 and Recall@50 and the
reciprocal rank of the first relevant listing. Intervals come from resampling workers with replacement
(``n_boot`` times, the same resamples for every ranker, so differences between rankers are paired).

Baselines:

* ``random`` -- a seeded random order;
* ``popularity`` -- how many training workers applied or better to the listing (ties in random order);
* ``similarity`` -- cosine similarity of profile and listing embeddings (the retrieval score);
* ``v0`` -- the transparent score, 0.6 x similarity + 0.4 x skill coverage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from matching.learning.training_data import RankingSet
from matching.recommend.ranking import RELEVANT_AT
from models.metrics import ndcg_at_k, recall_at_k, reciprocal_rank

METRIC_NAMES: tuple[str, ...] = ("ndcg_at_10", "recall_at_10", "recall_at_50", "mrr")
BASELINES: tuple[str, ...] = ("v0", "similarity", "popularity", "random")
N_BOOT = 1000


def worker_metrics(y: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The four metrics of one worker's candidates, in ``METRIC_NAMES`` order."""
    return np.array([ndcg_at_k(y, scores, 10), recall_at_k(y, scores, 10, threshold=RELEVANT_AT),
                     recall_at_k(y, scores, 50, threshold=RELEVANT_AT),
                     reciprocal_rank(y, scores, threshold=RELEVANT_AT)])


def baseline_scores(rset: RankingSet, seed: int = 0) -> dict[str, np.ndarray]:
    """Scores of every baseline for every row of ``rset`` (popularity counts training workers only)."""
    rng = np.random.default_rng(seed)
    train = rset.rows("train")
    positive = train[rset.y[train] >= 1]
    ids, counts = np.unique(rset.listing_id[positive], return_counts=True)
    popularity = dict(zip(ids.tolist(), counts.tolist(), strict=True))
    pop = np.asarray([popularity.get(int(i), 0) for i in rset.listing_id], dtype=float)
    return {
        "v0": np.asarray(rset.v0, dtype=float),
        "similarity": rset.X["similarity"].to_numpy(dtype=float),
        "popularity": pop + rng.random(pop.size) * 1e-3,  # random tie-break, never enough to pass a count
        "random": rng.random(rset.y.size),
    }


@dataclass
class Interval:
    mean: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float | list[float]]:
        return {"mean": round(self.mean, 4), "ci95": [round(self.low, 4), round(self.high, 4)]}


@dataclass
class EvaluationReport:
    """Metrics with intervals per ranker, and the relative NDCG@10 lift of ``primary`` over each other ranker."""

    split: str
    workers: int
    rankers: dict[str, dict[str, Interval]]
    lifts: dict[str, Interval]
    primary: str
    per_worker: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    worker_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "split": self.split, "workers": self.workers, "primary": self.primary,
            "relevant": f"label >= {RELEVANT_AT} (hired or completed; a complaint is never relevant)",
            "bootstrap": {"resamples": N_BOOT, "over": "workers", "interval": "95% percentile"},
            "rankers": {name: {m: iv.to_dict() for m, iv in metrics.items()}
                        for name, metrics in self.rankers.items()},
            "ndcg_at_10_lift": {name: iv.to_dict() for name, iv in self.lifts.items()},
        }

    def table(self) -> str:
        """A plain-text table for people."""
        head = f"{'ranker':<16}" + "".join(f"{m:>24}" for m in METRIC_NAMES)
        lines = [f"held-out {self.split} workers: {self.workers} (with a placement); 95% bootstrap intervals",
                 head, "-" * len(head)]
        for name, metrics in self.rankers.items():
            cells = "".join(f"{iv.mean:>8.3f} [{iv.low:.3f}, {iv.high:.3f}]" for iv in metrics.values())
            lines.append(f"{name:<16}{cells}")
        lines.append("")
        for name, iv in self.lifts.items():
            lines.append(f"NDCG@10 of {self.primary} vs {name}: {iv.mean:+.1%} [{iv.low:+.1%}, {iv.high:+.1%}]")
        return "\n".join(lines)


def evaluate(rset: RankingSet, scores: Mapping[str, np.ndarray], split: str = "test", primary: str | None = None,
             n_boot: int = N_BOOT, seed: int = 0) -> EvaluationReport:
    """Evaluate each ranker's ``scores`` (one per row of ``rset``) on the workers of ``split``.

    ``primary`` (default: the first ranker given) is compared with every other ranker (relative NDCG@10).
    """
    idx = rset.rows(split)
    order = idx[np.argsort(rset.group[idx], kind="stable")]
    groups, starts = np.unique(rset.group[order], return_index=True)
    bounds = list(zip(starts, [*starts[1:], order.size], strict=True))
    keep = [i for i, (a, b) in enumerate(bounds) if rset.y[order[a:b]].max(initial=0) >= RELEVANT_AT]
    per_worker: dict[str, np.ndarray] = {}
    for name, s in scores.items():
        s = np.asarray(s, dtype=float)
        per_worker[name] = np.array([worker_metrics(rset.y[order[a:b]], s[order[a:b]])
                                     for a, b in (bounds[i] for i in keep)]).reshape(len(keep), len(METRIC_NAMES))
    primary = primary or next(iter(scores))
    rng = np.random.default_rng(seed)
    resample = rng.integers(0, len(keep), size=(n_boot, len(keep))) if keep else np.zeros((n_boot, 0), dtype=int)
    boot = {name: m[resample].mean(axis=1) if keep else np.zeros((n_boot, len(METRIC_NAMES)))
            for name, m in per_worker.items()}
    rankers = {}
    for name, m in per_worker.items():
        means = m.mean(axis=0) if keep else np.zeros(len(METRIC_NAMES))
        lo, hi = np.percentile(boot[name], [2.5, 97.5], axis=0)
        rankers[name] = {metric: Interval(float(means[j]), float(lo[j]), float(hi[j]))
                         for j, metric in enumerate(METRIC_NAMES)}
    lifts = {}
    for name in per_worker:
        if name == primary:
            continue
        base = per_worker[name][:, 0].mean() if keep else 0.0
        if base <= 0:
            continue
        ratio = boot[primary][:, 0] / np.where(boot[name][:, 0] > 0, boot[name][:, 0], np.nan) - 1.0
        lo, hi = np.nanpercentile(ratio, [2.5, 97.5])
        lifts[name] = Interval(float(per_worker[primary][:, 0].mean() / base - 1.0), float(lo), float(hi))
    return EvaluationReport(split=split, workers=len(keep), rankers=rankers, lifts=lifts, primary=primary,
                            per_worker=per_worker, worker_index=groups[keep])


def breakdown(rset: RankingSet, report: EvaluationReport, by: str = "sector") -> pd.DataFrame:
    """Mean NDCG@10 per ranker for each worker's most common candidate ``sector`` or ``country`` (the corridor)."""
    values = getattr(rset, by)
    key = []
    for g in report.worker_index:
        rows = np.flatnonzero(rset.group == g)
        uniq, counts = np.unique(values[rows].astype(str), return_counts=True)
        key.append(uniq[np.argmax(counts)])
    frame = pd.DataFrame({by: key, **{name: m[:, 0] for name, m in report.per_worker.items()}})
    out = frame.groupby(by).agg(["mean"]).droplevel(1, axis=1)
    out.insert(0, "workers", frame.groupby(by).size())
    return out.sort_values("workers", ascending=False)
