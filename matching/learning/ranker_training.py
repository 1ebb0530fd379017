"""Fit the ranker on placement outcomes, log and register it in MLflow, promote it to ``champion`` only when it
beats the current champion, and evaluate the champion against baselines (``layak train`` / ``layak evaluate``
reach these through ``matching.workflows``).

Each function takes the parts it needs: the store (outcomes, the demo's snapshot day), the recommender (the same
retrieval, features and policy as serving, so training sees what serving will) and the MLflow tracking URI.

The promotion rule compares like with like: the current champion is scored on the *same* validation workers
as the new model (mean NDCG@10), and the new version becomes ``champion`` only if it is strictly better --
or if there is no champion yet, the champion was trained on other features, or ``force`` is given.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from features.pairs import FEATURE_DOCS, FEATURES
from matching.learning.evaluation import BASELINES, EvaluationReport, baseline_scores, evaluate
from matching.learning.training_data import RankingSet, build_ranking_set
from matching.recommend.pipeline import Recommender
from matching.recommend.ranking import RELEVANCE, RELEVANT_AT, outcomes_frame
from matching.storage.store import Store
from models import registry
from models.ranker import PlacementRanker

logger = logging.getLogger(__name__)

# Chosen by measurement (docs/learned-ranking.md): pointwise boosting on the graded label matched LambdaMART
# and RankNet on validation NDCG@10 within the intervals, at a fraction of the training time.
DEFAULT_PARAMS: dict[str, Any] = {"objective": "pointwise", "max_iter": 300, "learning_rate": 0.05,
                                  "max_leaf_nodes": 31, "min_samples_leaf": 40, "l2_regularization": 1.0,
                                  "random_state": 0}
VALIDATION_METRIC = "valid_ndcg_at_10"


class NoOutcomes(Exception):
    """There is nothing to train on."""


@dataclass
class TrainReport:
    version: str
    run_id: str
    promoted: bool
    reason: str
    valid_ndcg_at_10: float
    champion_before: dict[str, Any] | None
    test: EvaluationReport
    data: dict[str, Any]
    params: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"model": {"name": registry.MODEL_NAME, "version": self.version, "run_id": self.run_id,
                          "params": self.params, "features": list(FEATURES)},
                "promoted": self.promoted, "reason": self.reason, VALIDATION_METRIC: round(self.valid_ndcg_at_10, 4),
                "champion_before": self.champion_before, "test": self.test.to_dict(), "data": self.data,
                "seconds": {k: round(v, 1) for k, v in self.seconds.items()}}


def snapshot_day(store: Store) -> date | None:
    """The day the demo data was generated for (ages, freshness), or None for real data (use the history)."""
    value = store.get_meta("demo_as_of")
    return date.fromisoformat(value) if value else None


def ranking_set(store: Store, recommender: Recommender, outcomes: pd.DataFrame | None = None) -> RankingSet:
    """The labelled, split, featurised outcome history (the store's outcomes unless given)."""
    history = outcomes_frame(store) if outcomes is None else outcomes
    if history.empty:
        raise NoOutcomes("no outcomes to train on: run `layak demo` or give `--outcomes FILE.csv`")
    return build_ranking_set(recommender, recommender.ranking_data, history, snapshot_day(store))


def mean_valid_ndcg(rset: RankingSet, scores: np.ndarray) -> float:
    report = evaluate(rset, {"model": scores}, split="valid", n_boot=1)
    return report.rankers["model"]["ndcg_at_10"].mean


def train(store: Store, recommender: Recommender, tracking_uri: str, outcomes: pd.DataFrame | None = None, *,
          force: bool = False, params: dict[str, Any] | None = None, source: str = "store") -> TrainReport:
    """Train on the outcomes, log and register the model, and promote it if it beats the champion.

    The caller reloads its serving ranker when ``report.promoted`` (``Services.reload_ranker``).
    """
    t0 = time.perf_counter()
    params = {**DEFAULT_PARAMS, **(params or {})}
    rset = ranking_set(store, recommender, outcomes)
    t_data = time.perf_counter()
    X, y, groups = rset.subset("train")
    if not (y >= RELEVANT_AT).any():
        raise NoOutcomes("no placement (hired or completed) among the training workers' outcomes")
    model = PlacementRanker(**params).fit(X, y, groups=groups)
    t_fit = time.perf_counter()
    scores = model.predict(rset.X)
    valid = mean_valid_ndcg(rset, scores)
    before = _current_champion(tracking_uri, rset)
    runs = {"model": scores, **baseline_scores(rset)}
    test = evaluate(rset, runs, split="test")
    valid_report = evaluate(rset, runs, split="valid")
    promoted, reason = _decide(valid, before, force)
    metrics = {**_flat("valid", valid_report), **_flat("test", test), "train_seconds": t_fit - t_data}
    if before and before.get(VALIDATION_METRIC) is not None:
        metrics["champion_before_valid_ndcg_at_10"] = before[VALIDATION_METRIC]
    figure = evaluation_figure(test, model, rset)
    registered = registry.log_ranker(
        model, X, tracking_uri=tracking_uri, metrics=metrics, features=list(FEATURES),
        params={**model.get_params(), "n_features": len(FEATURES), "outcomes_source": source,
                "relevance_labels": RELEVANCE, "relevant_at": RELEVANT_AT, "split": "70/15/15 by worker_ref hash",
                **_split_sizes(rset)},
        figures={"evaluation.png": figure}, texts={"feature_docs.json": _json(FEATURE_DOCS),
                                                   "test_evaluation.txt": test.table()},
        tags={"promoted": str(promoted), "promotion_reason": reason}, run_name=f"train-{params['objective']}")
    import matplotlib.pyplot as plt

    plt.close(figure)
    if promoted:
        registry.promote(tracking_uri, registered.version)
    t_end = time.perf_counter()
    logger.info("trained %s v%s: valid NDCG@10 %.4f; %s", registry.MODEL_NAME, registered.version, valid, reason)
    return TrainReport(version=registered.version, run_id=registered.run_id, promoted=promoted, reason=reason,
                       valid_ndcg_at_10=valid, champion_before=before, test=test, data=rset.summary(), params=params,
                       seconds={"data": t_data - t0, "fit": t_fit - t_data, "evaluate_and_log": t_end - t_fit})


def _current_champion(uri: str, rset: RankingSet) -> dict[str, Any] | None:
    version = registry.champion_version(uri)
    if version is None:
        return None
    loaded = registry.load_version(uri, version)
    if loaded.features != list(FEATURES):
        return {"version": version, VALIDATION_METRIC: None, "comparable": False}
    return {"version": version, "comparable": True,
            VALIDATION_METRIC: round(mean_valid_ndcg(rset, loaded.model.predict(rset.X)), 4)}


def _decide(valid: float, before: dict[str, Any] | None, force: bool) -> tuple[bool, str]:
    if force:
        return True, "--force"
    if before is None:
        return True, "no champion yet"
    if not before["comparable"]:
        return True, f"champion v{before['version']} was trained on other features"
    if valid > before[VALIDATION_METRIC]:
        return True, f"beats champion v{before['version']} on {VALIDATION_METRIC} ({valid:.4f} > " \
                     f"{before[VALIDATION_METRIC]:.4f})"
    return False, f"does not beat champion v{before['version']} on {VALIDATION_METRIC} ({valid:.4f} <= " \
                  f"{before[VALIDATION_METRIC]:.4f}); champion kept"


def _split_sizes(rset: RankingSet) -> dict[str, int]:
    summary = rset.summary()
    return {f"workers_{s}": int(summary[s]["workers"]) for s in ("train", "valid", "test")}  # type: ignore[index]


def _flat(prefix: str, report: EvaluationReport) -> dict[str, float]:
    out = {}
    for name, metrics in report.rankers.items():
        label = "" if name == "model" else f"{name}_"
        for metric, iv in metrics.items():
            out[f"{prefix}_{label}{metric}"] = iv.mean
            if name == "model":
                out[f"{prefix}_{metric}_ci_low"], out[f"{prefix}_{metric}_ci_high"] = iv.low, iv.high
    for name, iv in report.lifts.items():
        out[f"{prefix}_ndcg_at_10_lift_vs_{name}"] = iv.mean
    return out


def _json(data: Any) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False)


def evaluate_champion(store: Store, recommender: Recommender, n_boot: int = 1000
                      ) -> tuple[EvaluationReport, dict[str, Any]]:
    """The recommender's champion and the baselines on the held-out test workers.

    Raises:
        NoChampion: the recommender ranks without a champion (the caller says why).
    """
    ranker = recommender.ranker
    if ranker is None:
        raise NoChampion("no champion ranker")
    rset = ranking_set(store, recommender)
    name = f"champion v{ranker.version}"
    scores = {name: ranker.model.predict(rset.X), **baseline_scores(rset)}
    report = evaluate(rset, scores, split="test", n_boot=n_boot)
    return report, {"name": ranker.name, "version": ranker.version, "run_id": ranker.run_id, "data": rset.summary()}


class NoChampion(Exception):
    """No model carries the champion alias."""


def compare_objectives(store: Store, recommender: Recommender, tracking_uri: str, objectives: list[str],
                       params: dict[str, Any] | None = None, log: bool = True) -> list[dict[str, Any]]:
    """Fit one ranker per objective on the same split with the same tree settings; validation and test NDCG@10
    with intervals and the fitting time of each. Logged as MLflow runs (nothing is registered)."""
    rset = ranking_set(store, recommender)
    X, y, groups = rset.subset("train")
    rows = []
    for objective in objectives:
        p = {**DEFAULT_PARAMS, **(params or {}), "objective": objective}
        t0 = time.perf_counter()
        model = PlacementRanker(**p).fit(X, y, groups=groups)
        seconds = time.perf_counter() - t0
        scores = {"model": model.predict(rset.X), **baseline_scores(rset)}
        valid, test = evaluate(rset, scores, split="valid"), evaluate(rset, scores, split="test")
        row = {"objective": objective, "fit_seconds": round(seconds, 1),
               "valid_ndcg_at_10": valid.rankers["model"]["ndcg_at_10"].to_dict(),
               "test_ndcg_at_10": test.rankers["model"]["ndcg_at_10"].to_dict(),
               "test_mrr": test.rankers["model"]["mrr"].to_dict(),
               "test_lift_vs_similarity": test.lifts["similarity"].to_dict(),
               "test_lift_vs_v0": test.lifts["v0"].to_dict()}
        rows.append(row)
        if log:
            registry.log_run(tracking_uri=tracking_uri, run_name=f"compare-{objective}",
                             params=model.get_params(), metrics={**_flat("valid", valid), **_flat("test", test),
                                                                 "fit_seconds": seconds},
                             texts={"test_evaluation.txt": test.table()}, tags={"comparison": "objectives"})
        logger.info("%s: %s", objective, row)
    return rows


def evaluation_figure(report: EvaluationReport, model: PlacementRanker, rset: RankingSet) -> Any:
    """Metrics with 95 % intervals per ranker, and the mean absolute contribution of each feature."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5))
    names = list(report.rankers)
    width = 0.2
    for j, metric in enumerate(("ndcg_at_10", "recall_at_10", "mrr")):
        means = [report.rankers[n][metric].mean for n in names]
        err = [[m - report.rankers[n][metric].low for n, m in zip(names, means, strict=True)],
               [report.rankers[n][metric].high - m for n, m in zip(names, means, strict=True)]]
        ax1.bar(np.arange(len(names)) + (j - 1) * width, means, width, yerr=err, capsize=3, label=metric)
    ax1.set_xticks(np.arange(len(names)), names, rotation=20)
    ax1.set_title(f"Held-out {report.split} workers (n={report.workers}), 95% bootstrap intervals")
    ax1.legend()
    sample = rset.X.iloc[rset.rows(report.split)[:3000]]
    importance = np.abs(model.contributions(sample)).mean(axis=0) if len(sample) else np.zeros(len(FEATURES))
    order = np.argsort(importance)[-15:]
    ax2.barh([FEATURES[i] for i in order], importance[order])
    ax2.set_title("Mean |score change| with the feature at its median")
    fig.tight_layout()
    return fig


__all__ = ["BASELINES", "DEFAULT_PARAMS", "NoChampion", "NoOutcomes", "TrainReport", "evaluate_champion", "train"]
