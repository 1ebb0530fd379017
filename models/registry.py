"""The one module that talks to MLflow: log a trained ranker, register it, promote it, load the champion.

Models are registered as ``layak-ranker``; the serving model is the version with the alias ``champion``. Runs
go to the experiment ``layak-ranker``. With a SQLite tracking URI (the default, ``mlflow/mlflow.db``) the
artifacts go next to the database, in ``mlruns/``, wherever the command is run from.

Models are saved with skops (MLflow's default for scikit-learn); ``TRUSTED_TYPES`` are the types of a fitted
``PlacementRanker`` that skops must be told to trust when loading.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

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


@dataclass
class LoadedRanker:
    """A registered ranker loaded for serving, with what it was trained on."""

    model: Any
    name: str
    version: str
    run_id: str
    features: list[str]
    metrics: dict[str, float]


def _quiet() -> None:
    # no usage telemetry: Layak must not reach the network at run time
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
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
