"""The registered champions as served: from a local copy of the registered version when there is one, else
through MLflow (which then writes the copy). The registry is the source of truth (models/exports.py).

* **Ranker** (``load_ranker``): the copy holds the champion's compiled trees (``models.forest.CompiledForest``),
  the training medians ``contributions`` starts from, its feature list and run metrics. ``ExportedRanker`` scores
  with them: ``predict`` and ``contributions`` equal the registered ``PlacementRanker``'s bit for bit (it walks
  the very same arrays), and loading it imports neither MLflow, skops nor scikit-learn (measured: 16 s of the
  30 s a ``layak recommend --profile`` took on the default demo).
* **Listing-risk model** (``load_risk``): the copy holds the ``ListingRiskModel`` the registry returns, encoded
  by ``models.estimator_state`` (no pickle). Before a copy is written it is decoded again and must encode to
  exactly the same thing; it is used only with the scikit-learn and numpy versions that wrote it.

Writing a copy never fails a load: a read-only or full disk, or a model this code cannot copy, is logged and
the MLflow-loaded model serves.
"""

from __future__ import annotations

import json
import logging
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from models import exports
from models.exports import LoadedRanker, Registration, RegistryUnreadable, StaleExport

if TYPE_CHECKING:  # numba loads with the forest: screening, which needs only the risk model, does not pay for it
    from models.forest import CompiledForest

logger = logging.getLogger(__name__)

RANKER_NAME = "layak-ranker"  # models.registry.MODEL_NAME
RISK_NAME = "layak-listing-risk"  # models.registry.RISK_MODEL_NAME
RANKER_KIND, RANKER_FORMAT = "ranker-forest", 1
RISK_KIND, RISK_FORMAT = "risk-model-state", 1


class ExportedRanker:
    """A registered ``PlacementRanker``'s ``predict`` and ``contributions``, from its compiled trees."""

    def __init__(self, forest: CompiledForest, reference_values: np.ndarray, feature_names: list[str]) -> None:
        if len(feature_names) != forest.n_features or reference_values.shape != (forest.n_features,):
            raise ValueError("feature names, medians and trees disagree on the number of features")
        self.forest = forest
        self.reference_values_ = np.ascontiguousarray(reference_values, dtype=np.float64)
        self.feature_names_in_ = np.asarray(feature_names, dtype=object)
        self.n_features_in_ = forest.n_features

    def _checked(self, X: Any) -> np.ndarray:
        """``X`` as float64, refusing what ``PlacementRanker`` would refuse: other columns, infinities."""
        columns = getattr(X, "columns", None)
        if columns is not None and list(columns) != list(self.feature_names_in_):
            raise ValueError("the feature names differ from those the ranker was trained on")
        arr = np.asarray(X.to_numpy(dtype=np.float64) if columns is not None else X, dtype=np.float64)
        if arr.ndim != 2 or arr.shape[1] != self.n_features_in_:
            raise ValueError(f"expected {self.n_features_in_} features, got an array of shape {arr.shape}")
        if np.isinf(arr).any():
            raise ValueError("Input X contains infinity")
        return arr

    def predict(self, X: Any) -> np.ndarray:
        """Scores, one per row (``PlacementRanker.predict``)."""
        return self.forest.predict(self._checked(X))

    def contributions(self, X: Any) -> np.ndarray:
        """Per-feature contributions (``PlacementRanker.contributions``)."""
        arr = self._checked(X)
        if arr.shape[0] == 0:
            return np.zeros((0, self.n_features_in_))
        return self.forest.contributions(arr, self.reference_values_)


def find(tracking_uri: str, name: str, version: str | None = None) -> Registration | None:
    """The registered ``version`` of ``name``, or the one its champion alias names (None: there is none).
    Read straight from a SQLite registry; any other store, through MLflow's client."""
    try:
        return exports.registration(tracking_uri, name, version=version)
    except RegistryUnreadable as exc:
        logger.debug("asking MLflow (%s)", exc)
    from models import registry

    return registry.registration(tracking_uri, name, version=version)


# --- ranker -------------------------------------------------------------------------------------------------

def _read_ranker(folder: Path, reg: Registration) -> LoadedRanker:
    from models.forest import CompiledForest

    header, arrays = exports.read_npz(exports.export_path(folder, reg.name, reg.version))
    exports.check_header(header, RANKER_KIND, RANKER_FORMAT, reg)
    try:
        forest = CompiledForest.from_arrays(arrays)
        model = ExportedRanker(forest, arrays["reference_values"], list(header["feature_names"]))
    except (KeyError, ValueError) as exc:
        raise StaleExport(f"local copy of {reg.name} v{reg.version} is incomplete: {exc}") from exc
    return LoadedRanker(model=model, name=reg.name, version=reg.version, run_id=reg.run_id,
                        features=list(header["features"]), metrics=dict(header["metrics"]))


def export_ranker(loaded: LoadedRanker, reg: Registration, folder: Path) -> Path | None:
    """Write the local copy of a ranker loaded through MLflow (None: its trees cannot be compiled)."""
    from models.ranker import compiled

    model = loaded.model
    forest = compiled(model.model_)
    if forest is None:
        return None
    names = [str(n) for n in getattr(model, "feature_names_in_", loaded.features)]
    header = {"kind": RANKER_KIND, "format": RANKER_FORMAT, "registration": reg.to_dict(), "features": loaded.features,
              "feature_names": names, "metrics": {k: float(v) for k, v in loaded.metrics.items()}}
    path = exports.export_path(folder, reg.name, reg.version)
    exports.write_npz(path, header, {**forest.to_arrays(), "reference_values": np.asarray(model.reference_values_)})
    return path


def load_ranker(tracking_uri: str, folder: Path | None, version: str | None = None) -> LoadedRanker | None:
    """The champion ranker (or the registered ``version``), from its local copy in ``folder`` when that copy was
    made from the registered version, else through MLflow (then the copy is written). None: no champion."""
    reg = find(tracking_uri, RANKER_NAME, version)
    if reg is None:
        return None
    if folder is not None:
        try:
            loaded = _read_ranker(folder, reg)
            logger.info("loaded %s version %s from its local copy", reg.name, reg.version)
            return loaded
        except StaleExport as exc:
            logger.info("%s; loading %s v%s through MLflow", exc, reg.name, reg.version)
    from models import registry

    loaded = registry.load_version(tracking_uri, reg.version)
    if folder is not None:
        _write_quietly(lambda: export_ranker(loaded, reg, folder), reg)
    return loaded


# --- listing-risk model -------------------------------------------------------------------------------------

def _versions() -> dict[str, str]:
    return {dist: dist_version(dist) for dist in ("scikit-learn", "numpy", "scipy")}


def _read_risk(folder: Path, reg: Registration) -> Any:
    from models import estimator_state

    header, arrays = exports.read_npz(exports.export_path(folder, reg.name, reg.version))
    exports.check_header(header, RISK_KIND, RISK_FORMAT, reg)
    if header.get("versions") != _versions():
        raise StaleExport(f"local copy of {reg.name} v{reg.version} was written with {header.get('versions')}")
    try:
        return estimator_state.decode(json.loads(header["state"]), arrays)
    except (estimator_state.Unsupported, KeyError, ValueError, ImportError, AttributeError) as exc:
        raise StaleExport(f"local copy of {reg.name} v{reg.version} cannot be decoded: {exc}") from exc


def export_risk(model: Any, reg: Registration, folder: Path) -> Path | None:
    """Write the local copy of a listing-risk model loaded through MLflow (None: it cannot be copied exactly)."""
    from models import estimator_state

    try:
        tree, arrays = estimator_state.encode(model)
        again = estimator_state.encode(estimator_state.decode(tree, arrays))
    except estimator_state.Unsupported as exc:
        logger.info("%s v%s is not copied locally (%s)", reg.name, reg.version, exc)
        return None
    if not estimator_state.same_encoding((tree, arrays), again):
        logger.warning("%s v%s does not survive encoding unchanged; not copied locally", reg.name, reg.version)
        return None
    header = {"kind": RISK_KIND, "format": RISK_FORMAT, "registration": reg.to_dict(), "versions": _versions(),
              "state": json.dumps(tree)}
    path = exports.export_path(folder, reg.name, reg.version)
    exports.write_npz(path, header, arrays)
    return path


def load_risk(tracking_uri: str, folder: Path | None) -> tuple[Any, str] | None:
    """``(ListingRiskModel, version)`` of the listing-risk champion, as ``models.registry.load_risk_model`` returns
    it: from its local copy in ``folder`` when that copy was made from the champion, else through MLflow (then
    the copy is written). None: no champion yet."""
    reg = find(tracking_uri, RISK_NAME)
    if reg is None:
        return None
    if folder is not None:
        try:
            model = _read_risk(folder, reg)
            logger.info("loaded %s version %s from its local copy", reg.name, reg.version)
            return model, reg.version
        except StaleExport as exc:
            logger.info("%s; loading %s v%s through MLflow", exc, reg.name, reg.version)
    from models import registry

    loaded = registry.load_risk_model(tracking_uri)
    if loaded is not None and folder is not None and loaded[1] == reg.version:  # the alias did not move meanwhile
        model = loaded[0]
        _write_quietly(lambda: export_risk(model, reg, folder), reg)
    return loaded


def _write_quietly(write: Any, reg: Registration) -> None:
    try:
        path = write()
    except OSError as exc:
        logger.warning("could not write the local copy of %s v%s (%s); it loads through MLflow each time",
                       reg.name, reg.version, exc)
        return
    if path is not None:
        logger.info("wrote the local copy of %s v%s to %s", reg.name, reg.version, path)


__all__ = ["ExportedRanker", "LoadedRanker", "RANKER_NAME", "RISK_NAME", "export_ranker", "export_risk", "find",
           "load_ranker", "load_risk"]
