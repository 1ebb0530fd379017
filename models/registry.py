"""The one module that talks to MLflow: log models, register them, promote the champion, load it.

Placement ranker (``log_ranker``, ``promote``, ``champion_version``, ``load_version``, ``load_champion``,
``log_run`` for model-less evaluation runs):

* Models are registered as ``layak-ranker``; the serving model is the version with the alias ``champion``.
  Runs go to the experiment ``layak-ranker``. With a SQLite tracking URI (the default, ``mlflow/mlflow.db``)
  the artifacts go next to the database, in ``mlruns/``, wherever the command is run from.
* Models are saved with skops (MLflow's default for scikit-learn); ``TRUSTED_TYPES`` are the types of a
  fitted ``PlacementRanker`` that skops must be told to trust when loading.

Listing-risk model (the ``*_risk_*`` functions):

* ``log_risk_model`` logs one training run to the experiment ``layak-listing-risk``: parameters, held-out
  metrics (and the out-of-fold validation metrics that chose the threshold), the review threshold, a
  precision-recall plot, and the scikit-learn pipeline (skops format) with its signature and an input
  example. It registers the pipeline as ``layak-listing-risk``. The new version takes the alias
  ``champion`` only if its average precision on the run's held-out split is at least the current
  champion's on the *same* split, or with ``force``.
* ``load_risk_model`` returns the champion as a ``models.risk.ListingRiskModel`` (pipeline, threshold and
  version) or None when there is none yet. Its artifacts go to ``mlartifacts/`` next to a SQLite database.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from models.exports import LoadedRanker, Registration
from models.risk import ListingRiskModel, RiskTrainingResult
from models.risk_gate import gate_from_pipeline

logger = logging.getLogger(__name__)

MODEL_NAME = "layak-ranker"
CHAMPION = "champion"
EXPERIMENT = "layak-ranker"
TRUSTED_TYPES = ["models.ranker.PlacementRanker",
                 "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"]
FEATURES_FILE = "features.json"


@dataclass(frozen=True)
class RegisteredRanker:
    """A logged and registered model version."""

    version: str
    run_id: str
    model_uri: str


def _quiet() -> None:
    # MLflow's telemetry is switched off by matching.settings.apply_library_environment (no network at run time)
    for noisy in ("mlflow", "alembic", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def sqlite_path(tracking_uri: str) -> Path | None:
    """The database file of a ``sqlite:///`` URI (None for other stores)."""
    if tracking_uri.startswith("sqlite:///"):
        return Path(tracking_uri[len("sqlite:///"):])
    return None


def store_exists(tracking_uri: str) -> bool:
    """False when a SQLite store file does not exist yet (nothing was ever logged there)."""
    path = sqlite_path(tracking_uri)
    return path is None or path.exists()


def _client(tracking_uri: str) -> Any:
    _quiet()
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_registry_uri(tracking_uri)
    return mlflow.MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def _experiment_id(client: Any, tracking_uri: str) -> str:
    found = client.get_experiment_by_name(EXPERIMENT)
    if found is not None:
        return str(found.experiment_id)
    path = sqlite_path(tracking_uri)
    location = (path.parent / "mlruns").resolve().as_uri() if path is not None else None
    return str(client.create_experiment(EXPERIMENT, artifact_location=location))


@contextmanager
def _run(tracking_uri: str, run_name: str | None) -> Iterator[Any]:
    """A run in the ``layak-ranker`` experiment, or the run ``mlflow run`` started for us (``MLFLOW_RUN_ID``)."""
    client = _client(tracking_uri)
    import mlflow

    # `mlflow run` starts the run itself and hands its id over in MLFLOW_RUN_ID (MLflow's protocol, not a
    # Layak setting): then the run is resumed in its own experiment
    experiment_id = None if os.environ.get("MLFLOW_RUN_ID") else _experiment_id(client, tracking_uri)
    with mlflow.start_run(experiment_id=experiment_id, run_name=run_name) as run:
        yield run


def log_run(*, tracking_uri: str, run_name: str, params: dict[str, Any] | None = None,
            metrics: dict[str, float] | None = None, texts: dict[str, str] | None = None,
            figures: dict[str, Any] | None = None, tags: dict[str, str] | None = None) -> str:
    """Log a run without a model (evaluations, comparisons). Returns the run id."""
    import mlflow

    with _run(tracking_uri, run_name) as run:
        _log_contents(mlflow, params, metrics, texts, figures, tags)
        return str(run.info.run_id)


def _log_contents(mlflow: Any, params: dict[str, Any] | None, metrics: dict[str, float] | None,
                  texts: dict[str, str] | None, figures: dict[str, Any] | None, tags: dict[str, str] | None) -> None:
    if params:
        mlflow.log_params({k: _param(v) for k, v in params.items()})
    if metrics:
        mlflow.log_metrics({k: float(v) for k, v in metrics.items()})
    if tags:
        mlflow.set_tags(tags)
    for name, text in (texts or {}).items():
        mlflow.log_text(text, name)
    for name, fig in (figures or {}).items():
        mlflow.log_figure(fig, name)


def log_ranker(model: Any, X_example: pd.DataFrame, *, tracking_uri: str, params: dict[str, Any],
               metrics: dict[str, float], features: list[str], figures: dict[str, Any] | None = None,
               texts: dict[str, str] | None = None, tags: dict[str, str] | None = None,
               run_name: str | None = None) -> RegisteredRanker:
    """Log one training run (params, metrics, feature list, figures, model with signature and input example)
    and register the model as ``layak-ranker``. Does not move the ``champion`` alias (see ``promote``)."""
    import mlflow
    from mlflow.models import infer_signature

    example = X_example.head(5)
    signature = infer_signature(example, model.predict(example))
    with _run(tracking_uri, run_name) as run:
        _log_contents(mlflow, params, metrics, {FEATURES_FILE: json.dumps(features, indent=2), **(texts or {})},
                      figures, {"features": ",".join(features), **(tags or {})})
        info = mlflow.sklearn.log_model(model, name="model", signature=signature, input_example=example,
                                        registered_model_name=MODEL_NAME, skops_trusted_types=TRUSTED_TYPES,
                                        pip_requirements=requirements(), await_registration_for=0)
        version = str(info.registered_model_version)
        _client(tracking_uri).set_model_version_tag(MODEL_NAME, version, "features", ",".join(features))
        return RegisteredRanker(version=version, run_id=run.info.run_id, model_uri=info.model_uri)


def requirements() -> list[str]:
    """What the logged model needs, pinned to this environment. Given explicitly: MLflow's inference would
    re-import the model in a subprocess (half a minute here). Loading also needs Layak's ``models`` package."""
    from importlib.metadata import version

    return [f"{dist}=={version(dist)}" for dist in ("scikit-learn", "numpy", "scipy", "skops", "pandas")]


def _param(value: Any) -> str:
    text = json.dumps(value) if isinstance(value, (list, dict)) else str(value)
    return text if len(text) <= 6000 else text[:5997] + "..."


def promote(tracking_uri: str, version: str) -> None:
    """Point the ``champion`` alias at ``version``."""
    _client(tracking_uri).set_registered_model_alias(MODEL_NAME, CHAMPION, str(version))


def champion_version(tracking_uri: str) -> str | None:
    """The version the ``champion`` alias points at, or None (no store, no model, or no alias)."""
    if not store_exists(tracking_uri):
        return None
    client = _client(tracking_uri)
    from mlflow.exceptions import MlflowException

    try:
        aliases = client.get_registered_model(MODEL_NAME).aliases or {}
    except MlflowException as exc:
        if exc.error_code == "RESOURCE_DOES_NOT_EXIST":  # nothing registered yet
            return None
        raise
    version = aliases.get(CHAMPION)
    return None if version is None else str(version)


def registration(tracking_uri: str, name: str = MODEL_NAME, alias: str = CHAMPION, version: str | None = None
                 ) -> Registration | None:
    """The registered ``version`` of ``name``, or the one ``alias`` names, through MLflow's client (any tracking
    store); None when there is none. ``models.exports.registration`` reads the same from a SQLite store
    directly."""
    if not store_exists(tracking_uri):
        return None
    client = _client(tracking_uri)
    from mlflow.exceptions import MlflowException

    try:
        mv = (client.get_model_version(name, str(version)) if version is not None
              else client.get_model_version_by_alias(name, alias))
    except MlflowException as exc:
        if exc.error_code in ("RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "INVALID_PARAMETER_VALUE"):
            return None
        raise
    return Registration(name=name, version=str(mv.version), run_id=str(mv.run_id or ""),
                        created_ms=int(mv.creation_timestamp or 0), source=str(mv.source or ""))


def load_version(tracking_uri: str, version: str) -> LoadedRanker:
    """Load one registered version with its feature list and run metrics."""
    client = _client(tracking_uri)
    import mlflow

    mv = client.get_model_version(MODEL_NAME, str(version))
    model = mlflow.sklearn.load_model(f"models:/{MODEL_NAME}/{mv.version}")
    features = (mv.tags or {}).get("features", "")
    run = client.get_run(mv.run_id) if mv.run_id else None
    return LoadedRanker(model=model, name=MODEL_NAME, version=str(mv.version), run_id=str(mv.run_id or ""),
                        features=[f for f in features.split(",") if f],
                        metrics=dict(run.data.metrics) if run else {})


def load_champion(tracking_uri: str) -> LoadedRanker | None:
    """The model behind ``models:/layak-ranker@champion``, or None when there is no champion."""
    version = champion_version(tracking_uri)
    if version is None:
        return None
    loaded = load_version(tracking_uri, version)
    logger.info("loaded %s version %s (models:/%s@%s)", MODEL_NAME, version, MODEL_NAME, CHAMPION)
    return loaded


# --- listing-risk model ---

RISK_MODEL_NAME = "layak-listing-risk"
RISK_EXPERIMENT = "layak-listing-risk"
RISK_ALIAS = "champion"
RISK_THRESHOLD_TAG = "review_threshold"
RISK_AP_TAG = "heldout_real_average_precision"
# The project's own estimator in the risk pipeline, which skops must be told to trust when loading.
RISK_TRUSTED_TYPES = ["models.risk.DocFrequencyFilter"]
RISK_GATE_TAGS = {"min_words": "gate_min_words", "min_known_share": "gate_min_known_share",
                  "min_coverage": "gate_min_coverage"}
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
    """The champion's average precision on this run's real held-out postings (None if it cannot score them)."""
    import mlflow
    from sklearn.metrics import average_precision_score

    model = mlflow.sklearn.load_model(f"models:/{RISK_MODEL_NAME}/{champion.version}")
    real = np.asarray(result.test_is_real, dtype=bool)
    try:
        scores = model.predict_proba(result.test_frame[real])[:, 1]
    except (KeyError, ValueError) as exc:  # a different feature schema: it cannot be compared
        logger.warning("champion v%s cannot score the new held-out split (%s); promoting the new model",
                       champion.version, exc)
        return None
    return float(average_precision_score(result.y_test[real], scores))


def log_risk_evaluation(result: RiskTrainingResult, evaluation: dict[str, Any] | None) -> None:
    """Inside an active run: held-out metrics (real, with bootstrap CIs; generated; out-of-fold validation), the
    threshold and gate, a precision-recall plot of the real held-out postings, and the evaluation document
    (fairness audit included) as ``risk_evaluation.json`` and ``fairness_audit.json``."""
    import mlflow

    real = np.asarray(result.test_is_real, dtype=bool)
    mlflow.log_params({k: v for k, v in result.params.items() if v is not None})
    mlflow.log_param("review_threshold", result.threshold)
    mlflow.log_metrics({f"heldout_real_{k}": v for k, v in result.metrics.items() if np.isfinite(v)})
    mlflow.log_metrics({f"heldout_generated_{k}": v for k, v in result.synthetic_metrics.items() if np.isfinite(v)})
    mlflow.log_metrics({f"validation_real_{k}": v for k, v in result.validation_metrics.items() if np.isfinite(v)})
    mlflow.log_metrics({f"heldout_recall_{k}": v for k, v in result.recall_by_kind.items()})
    mlflow.log_figure(_risk_pr_curve_figure(result.y_test[real], result.test_scores[real], result.threshold),
                      "heldout_real_pr_curve.png")
    if evaluation is not None:
        mlflow.log_dict(evaluation, "risk_evaluation.json")
        fairness = evaluation.get("fairness")
        if fairness is not None:
            mlflow.log_dict(fairness, "fairness_audit.json")
            mlflow.log_metric("fairness_max_gap", float(fairness["max_gap"]))
        verdicts = evaluation.get("heldout_real_verdicts", {})
        if "frauds_verified" in verdicts:
            mlflow.log_metric("heldout_real_frauds_verified", float(verdicts["frauds_verified"]))


def log_risk_run(result: RiskTrainingResult, tracking_uri: str, evaluation: dict[str, Any],
                 run_name: str = "evaluate-risk") -> str:
    """Log an evaluation run (metrics, plot, evaluation and fairness documents) without registering a model;
    returns the run id."""
    import mlflow

    _client(tracking_uri)  # points mlflow at the tracking URI (tracking and registry)
    with mlflow.start_run(experiment_id=_risk_experiment_id(tracking_uri), run_name=run_name) as run:
        log_risk_evaluation(result, evaluation)
    return str(run.info.run_id)


def log_risk_model(result: RiskTrainingResult, tracking_uri: str, *, force: bool = False,
                   run_name: str = "listing-risk", evaluation: dict[str, Any] | None = None) -> RiskRegistration:
    """Log a trained listing-risk model to MLflow, register it and maybe make it the champion.

    Args:
        result: the output of ``models.risk.train_risk_model``.
        tracking_uri: the MLflow tracking URI (``Settings.mlflow_tracking_uri``).
        force: give the new version the ``champion`` alias even if it is worse than the current one.
        evaluation: the screening evaluation (``matching.learning.risk_evaluation.summarise``), logged as
            artifacts with the fairness audit.
    """
    import mlflow
    import sklearn
    import skops
    from mlflow.models import infer_signature

    client = _client(tracking_uri)  # tracking AND registry: an inherited MLFLOW_REGISTRY_URI must not win
    example = result.test_frame.head(RISK_INPUT_EXAMPLE_ROWS)
    with mlflow.start_run(experiment_id=_risk_experiment_id(tracking_uri), run_name=run_name) as run:
        log_risk_evaluation(result, evaluation)
        info = mlflow.sklearn.log_model(
            result.pipeline, name="model", registered_model_name=RISK_MODEL_NAME,
            signature=infer_signature(example, result.pipeline.predict_proba(example)), input_example=example,
            serialization_format="skops", pyfunc_predict_fn="predict_proba", skops_trusted_types=RISK_TRUSTED_TYPES,
            pip_requirements=[f"scikit-learn=={sklearn.__version__}", f"skops=={skops.__version__}"])
    version = str(info.registered_model_version)
    ap = float(result.metrics["average_precision"])
    client.set_model_version_tag(RISK_MODEL_NAME, version, RISK_THRESHOLD_TAG, str(result.threshold))
    client.set_model_version_tag(RISK_MODEL_NAME, version, RISK_AP_TAG, str(ap))
    for key, tag in RISK_GATE_TAGS.items():
        client.set_model_version_tag(RISK_MODEL_NAME, version, tag, str(result.gate.to_params()[key]))
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

    version = _risk_version_by_alias(_client(tracking_uri), alias)
    if version is None:
        return None
    pipeline = mlflow.sklearn.load_model(f"models:/{RISK_MODEL_NAME}@{alias}")
    threshold = float(version.tags[RISK_THRESHOLD_TAG])
    gate = None
    if all(tag in version.tags for tag in RISK_GATE_TAGS.values()):
        gate = gate_from_pipeline(pipeline, *(float(version.tags[RISK_GATE_TAGS[k]])
                                              for k in ("min_words", "min_known_share", "min_coverage")))
    model = ListingRiskModel(pipeline=pipeline, threshold=threshold, version=str(version.version), gate=gate)
    return model, str(version.version)
