"""The one module that talks to MLflow: log, register, promote and load models.

Listing-risk model (the ``*_risk_*`` functions):

* ``log_risk_model`` logs one training run to the experiment ``layak-listing-risk``: parameters, held-out
  metrics (and the out-of-fold validation metrics that chose the threshold), the review threshold, a
  precision-recall plot, and the scikit-learn pipeline (skops format) with its signature and an input
  example. It registers the pipeline as ``layak-listing-risk``. The new version takes the alias
  ``champion`` only if its average precision on the run's held-out split is at least the current
  champion's on the *same* split, or with ``force``.
* ``load_risk_model`` returns the champion as a ``models.risk.ListingRiskModel`` (pipeline, threshold and
  version) or None when there is none yet.

With a SQLite tracking URI (``sqlite:///.../mlflow.db``) artifacts go to ``mlartifacts/`` next to the
database, never to the working directory.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.risk import ListingRiskModel, RiskTrainingResult

logger = logging.getLogger(__name__)

RISK_MODEL_NAME = "layak-listing-risk"
RISK_EXPERIMENT = "layak-listing-risk"
RISK_ALIAS = "champion"
RISK_THRESHOLD_TAG = "review_threshold"
RISK_AP_TAG = "heldout_average_precision"
# Signature inference runs the model on the example; three rows are enough and keep the artifact small.
RISK_INPUT_EXAMPLE_ROWS = 3


@dataclass(frozen=True)
class RiskRegistration:
    """What ``log_risk_model`` did: the run, the registered version and whether it became the champion."""

    run_id: str
    version: str
    promoted: bool
    previous_champion: str | None
    average_precision: float
    previous_champion_average_precision: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _risk_artifact_location(tracking_uri: str) -> str | None:
    """``<dir of the SQLite file>/mlartifacts`` for a local SQLite store; a server decides for itself."""
    if tracking_uri.startswith("sqlite:///"):
        db_path = Path(tracking_uri.removeprefix("sqlite:///"))
        return (db_path.parent / "mlartifacts").resolve().as_uri()
    return None


def _risk_experiment_id(tracking_uri: str) -> str:
    import mlflow

    found = mlflow.get_experiment_by_name(RISK_EXPERIMENT)
    if found is not None:
        return str(found.experiment_id)
    return str(mlflow.create_experiment(RISK_EXPERIMENT, artifact_location=_risk_artifact_location(tracking_uri)))


def _risk_pr_curve_figure(y: np.ndarray, scores: np.ndarray, threshold: float) -> Any:
    """Precision-recall curve on the held-out split, with the review threshold marked."""
    import matplotlib

    matplotlib.use("Agg")  # no display: the figure only goes to a file
    import matplotlib.pyplot as plt
    from sklearn.metrics import average_precision_score, precision_recall_curve

    precision, recall, _ = precision_recall_curve(y, scores)
    at = scores >= threshold
    p_thr = float(y[at].mean()) if at.any() else 1.0
    r_thr = float(at[y == 1].mean()) if (y == 1).any() else 0.0
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.plot(recall, precision, label=f"held-out (AP {average_precision_score(y, scores):.3f})")
    ax.scatter([r_thr], [p_thr], color="red", zorder=3, label=f"review threshold {threshold:.3f}")
    ax.set_xlabel("recall (unsafe listings caught)")
    ax.set_ylabel("precision")
    ax.set_title("Listing-risk model")
    ax.set_xlim(0, 1.01)
    ax.set_ylim(0, 1.01)
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig


def _risk_version_by_alias(client: Any, alias: str) -> Any | None:
    """The model version with ``alias``, or None when the model or the alias does not exist yet."""
    from mlflow.exceptions import MlflowException

    try:
        return client.get_model_version_by_alias(RISK_MODEL_NAME, alias)
    except MlflowException as exc:
        if exc.error_code in ("RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "INVALID_PARAMETER_VALUE"):
            return None
        raise


def _risk_champion_ap(result: RiskTrainingResult, champion: Any) -> float | None:
    """The champion's average precision on this run's held-out split (None if it cannot score it)."""
    import mlflow
    from sklearn.metrics import average_precision_score

    model = mlflow.sklearn.load_model(f"models:/{RISK_MODEL_NAME}/{champion.version}")
    try:
        scores = model.predict_proba(result.test_frame)[:, 1]
    except (KeyError, ValueError) as exc:  # a different feature schema: it cannot be compared
        logger.warning("champion v%s cannot score the new held-out split (%s); promoting the new model",
                       champion.version, exc)
        return None
    return float(average_precision_score(result.y_test, scores))


def log_risk_model(result: RiskTrainingResult, tracking_uri: str, *, force: bool = False,
                   run_name: str = "listing-risk") -> RiskRegistration:
    """Log a trained listing-risk model to MLflow, register it and maybe make it the champion.

    Args:
        result: the output of ``models.risk.train_risk_model``.
        tracking_uri: the MLflow tracking URI (``Settings.mlflow_tracking_uri``).
        force: give the new version the ``champion`` alias even if it is worse than the current one.
    """
    import mlflow
    import sklearn
    import skops
    from mlflow.models import infer_signature

    mlflow.set_tracking_uri(tracking_uri)
    client = mlflow.MlflowClient(tracking_uri)
    example = result.test_frame.head(RISK_INPUT_EXAMPLE_ROWS)
    with mlflow.start_run(experiment_id=_risk_experiment_id(tracking_uri), run_name=run_name) as run:
        mlflow.log_params({k: v for k, v in result.params.items() if v is not None})
        mlflow.log_param("review_threshold", result.threshold)
        mlflow.log_metrics({f"heldout_{k}": v for k, v in result.metrics.items()})
        mlflow.log_metrics({f"heldout_content_{k}": v for k, v in result.content_metrics.items()})
        mlflow.log_metrics({f"validation_{k}": v for k, v in result.validation_metrics.items()})
        mlflow.log_metrics({f"heldout_recall_{k}": v for k, v in result.recall_by_kind.items()})
        mlflow.log_figure(_risk_pr_curve_figure(result.y_test, result.test_scores, result.threshold),
                          "heldout_pr_curve.png")
        info = mlflow.sklearn.log_model(
            result.pipeline, name="model", registered_model_name=RISK_MODEL_NAME,
            signature=infer_signature(example, result.pipeline.predict_proba(example)), input_example=example,
            serialization_format="skops", pyfunc_predict_fn="predict_proba",
            pip_requirements=[f"scikit-learn=={sklearn.__version__}", f"skops=={skops.__version__}"])
    version = str(info.registered_model_version)
    ap = float(result.metrics["average_precision"])
    client.set_model_version_tag(RISK_MODEL_NAME, version, RISK_THRESHOLD_TAG, str(result.threshold))
    client.set_model_version_tag(RISK_MODEL_NAME, version, RISK_AP_TAG, str(ap))
    champion = _risk_version_by_alias(client, RISK_ALIAS)
    champion_ap = _risk_champion_ap(result, champion) if champion is not None else None
    promoted = force or champion_ap is None or ap >= champion_ap
    if promoted:
        client.set_registered_model_alias(RISK_MODEL_NAME, RISK_ALIAS, version)
    logger.info("listing-risk model v%s: AP %.4f vs champion %s (%s) -> %s", version, ap,
                champion.version if champion else "-", champion_ap, "champion" if promoted else "kept the champion")
    return RiskRegistration(run_id=run.info.run_id, version=version, promoted=promoted,
                            previous_champion=str(champion.version) if champion else None,
                            average_precision=ap, previous_champion_average_precision=champion_ap)


def load_risk_model(tracking_uri: str, alias: str = RISK_ALIAS) -> tuple[ListingRiskModel, str] | None:
    """The listing-risk model with ``alias`` (default the champion) and its version, or None if none yet."""
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    version = _risk_version_by_alias(mlflow.MlflowClient(tracking_uri), alias)
    if version is None:
        return None
    pipeline = mlflow.sklearn.load_model(f"models:/{RISK_MODEL_NAME}@{alias}")
    threshold = float(version.tags[RISK_THRESHOLD_TAG])
    return ListingRiskModel(pipeline=pipeline, threshold=threshold, version=str(version.version)), str(version.version)
