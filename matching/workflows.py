"""The multi-step workflows, written once: the CLI (``layak demo``, ``layak train``, ``layak evaluate``) and the
MLflow entry points (``mlflow/train.py``, ``evaluate.py``, ``compare.py``) call these and only format the result.

This is the top layer of ``matching``: it may use the wired ``Services`` and every capability below it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from matching.demo.keys import demo_keys_path, write_demo_keys
from matching.demo.load import load_demo
from matching.errors import InputError
from matching.learning import ranker_training as training
from matching.learning.evaluation import EvaluationReport
from matching.learning.outcomes import read_outcomes_csv, store_outcomes
from matching.service import Services

logger = logging.getLogger(__name__)


def train_ranker(services: Services, outcomes: pd.DataFrame | None = None, *, force: bool = False,
                 params: dict[str, Any] | None = None, source: str = "store") -> training.TrainReport:
    """Train, log and register the ranker on ``outcomes`` (the store's outcomes when None); when it becomes
    champion, ``services`` serves it from the next request on."""
    report = training.train(services.store, services.recommender, services.settings.mlflow_tracking_uri, outcomes,
                            force=force, params=params, source=source)
    if report.promoted:
        services.reload_ranker()
    return report


@dataclass
class OutcomesTraining:
    """What ``train_from_outcomes`` did: the training report, and what became of the outcomes file if one was
    given (``file`` is None for the stored outcomes). ``row_errors`` are the file's bad rows, one line each."""

    report: training.TrainReport
    file: dict[str, Any] | None = None
    row_errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = self.report.to_dict()
        if self.file is not None:
            out["outcomes_file"] = self.file
        return out


def train_from_outcomes(services: Services, outcomes_csv: Path | None = None, *, force: bool = False,
                        on_row_error: Callable[[str], None] | None = None) -> OutcomesTraining:
    """``layak train [--outcomes FILE.csv]``: read and check the file (every bad row named, every good row kept),
    store its good rows, then train on them; without a file, train on the stored outcomes.

    Raises:
        InputError: the file has no usable row at all (the per-row errors went to ``on_row_error`` first).
        training.NoOutcomes: there is nothing to train on.
    """
    if outcomes_csv is None:
        return OutcomesTraining(train_ranker(services, force=force))
    parsed = read_outcomes_csv(outcomes_csv, services.store)
    errors = [str(err) for err in parsed.errors]
    for line in errors:
        if on_row_error is not None:
            on_row_error(line)
    if parsed.rows.empty:
        raise InputError("no usable outcome rows (see the errors above)", source=str(outcomes_csv))
    added = store_outcomes(services.store, parsed.rows)
    report = train_ranker(services, parsed.rows.drop(columns=["row"]), force=force, source=str(outcomes_csv))
    return OutcomesTraining(report, {**parsed.report(), "stored": added}, errors)


def evaluate_ranker(services: Services, n_boot: int = 1000) -> tuple[EvaluationReport, dict[str, Any]]:
    """``layak evaluate``: the serving champion and the baselines on the held-out test workers.

    Raises:
        training.NoChampion: no champion serves; the message says why (``Services.ranker_status``).
    """
    if services.ranker is None:
        why = f" ({services.ranker_status})" if services.ranker_status else ""
        raise training.NoChampion(f"no champion in {services.settings.mlflow_tracking_uri}: run `layak train` "
                                  f"first{why}")
    return training.evaluate_champion(services.store, services.recommender, n_boot=n_boot)


def compare_objectives(services: Services, objectives: list[str]) -> list[dict[str, Any]]:
    """One ranker per training objective on the same split (MLproject ``compare``); nothing is registered."""
    return training.compare_objectives(services.store, services.recommender, services.settings.mlflow_tracking_uri,
                                       objectives)


def build_demo(services: Services, listings: int, workers: int, seed: int, *, train_models: bool = True,
               progress: bool | None = None) -> dict[str, Any]:
    """``layak demo``: fill an EMPTY store with generated data screened like any upload, build the index, write
    one API key per role, and (unless ``train_models`` is False) train and register the listing-risk model and
    the ranker on the SIMULATED outcomes. Returns a JSON-ready summary.

    Raises:
        StoreNotEmpty: the store already holds data (``matching.demo.load``).
    """
    from matching.learning.risk_training import train_and_register_risk

    stats = load_demo(services.store, listings, workers, seed)
    index = services.rebuild_index(progress=progress)
    out: dict[str, Any] = {**stats.to_dict(), "indexed": index.ntotal}
    out["demo_keys"] = str(write_demo_keys(services))
    if train_models:
        risk = train_and_register_risk(services.store, services.settings.mlflow_tracking_uri)
        out["risk_model"] = {"version": risk["version"], "promoted": risk["promoted"],
                             "heldout_real_roc_auc": risk["heldout_real"]["roc_auc"],
                             "heldout_real_frauds_verified": risk["heldout_real_verdicts"]["frauds_verified"],
                             "fairness_max_gap": risk["fairness"]["max_gap"]}
        logger.info("training the ranker on the simulated outcomes ...")
        report = train_ranker(services, source="demo (simulated)")
        out["ranker"] = {"version": report.version, "promoted": report.promoted, "reason": report.reason,
                         "test_ndcg_at_10_lift": {k: round(v.mean, 4) for k, v in report.test.lifts.items()}}
    return out


def ensure_demo_keys(services: Services) -> Path:
    """The demo-keys file of a store that already has data; a store from before API keys gets its keys once."""
    keys_file = demo_keys_path(services.settings)
    if not keys_file.exists():
        write_demo_keys(services)
    return keys_file


def evaluate_risk(services: Services | None, n_generated: int = 8_000, seed: int = 7, *, log: bool = True,
                  n_bootstrap: int = 1_000) -> dict[str, Any]:
    """``layak evaluate-risk``: rebuild the evaluation offline (the shipped real postings + generated listings),
    train on the training split, screen the held-out split, audit it, and (with ``log``) record it all as an
    MLflow run of the experiment ``layak-listing-risk`` (no model is registered). Returns the JSON document.

    Raises:
        InputError: ``n_generated`` is negative.
    """
    from matching.demo.risk_set import evaluate
    from models.registry import log_risk_run

    if n_generated < 0:
        raise InputError(f"--generated must be 0 or more; got {n_generated}")
    result, _, summary = evaluate(n_generated, seed, n_bootstrap=n_bootstrap)
    summary["data"].update(generated_seed=seed)
    if log and services is not None:
        summary["mlflow_run_id"] = log_risk_run(result, services.settings.mlflow_tracking_uri, summary)
    return summary


# --- batch recommendations sharded over a Dask cluster (matching/recommend/cluster.py) ---------------------------

_NODE_SERVICES: dict[tuple[str, str], Services] = {}
_NODE_LOCK = threading.Lock()


def _node_services(settings_json: str, ranker_version: str | None, run_key: str) -> Services:
    """This worker process's services for a run: built on the first shard, reused for every later shard of the same
    run (the store, the encoder, the listing index and the ranker are loaded once per process). A long-lived
    Dask worker drops the previous run's services when a new run (another day, index or ranker) arrives."""
    key = (settings_json, run_key)
    with _NODE_LOCK:
        if key not in _NODE_SERVICES:
            _NODE_SERVICES.clear()
            from matching.settings import Settings
            from models import champion

            services = Services(Settings.model_validate_json(settings_json))
            # the version the run started with, even if the champion alias moved since (from the node's local
            # copy of that version when it has one)
            ranker = None
            if ranker_version is not None:
                uri = services.settings.mlflow_tracking_uri
                ranker = champion.load_ranker(uri, services.settings.cache_dir, version=ranker_version)
                if ranker is None:
                    raise LookupError(f"ranker version {ranker_version} is not registered in {uri}")
            services.__dict__["ranker"] = ranker
            _NODE_SERVICES[key] = services
        return _NODE_SERVICES[key]


def recommend_shard_task(*, shard_id: int, refs: list[str], part: str, settings_json: str, expect: dict[str, Any],
                         k: int | None, as_of: str) -> dict[str, Any]:
    """One shard on a cluster node: recommend for ``refs`` and write the part file (whole or not at all).

    Raises:
        IndexMismatchError: the node's listing index is not the one the run started with.
    """
    import os
    import socket

    from matching.errors import IndexMismatchError
    from matching.recommend.batch import shard_table, write_atomic
    from matching.retrieval.index import ids_checksum
    from matching.storage.readings import stored_readings

    services = _node_services(settings_json, expect["ranker"]["version"], str(expect.get("run_key", "")))
    held = ids_checksum(services.index.ids())
    if held != expect["index_ids"]:
        raise IndexMismatchError(f"node {socket.gethostname()}: its listing index ({held[:12]}) is not the run's "
                                 f"({str(expect['index_ids'])[:12]}); publish the same index to every node")
    day = date.fromisoformat(as_of)
    recommender = services.recommender
    readings = {n.worker_ref: n for n in stored_readings(services.store, recommender.ref, day, refs=refs)}
    table = shard_table(recommender, refs, readings, k, day)
    write_atomic(table, Path(part))
    return {"shard": shard_id, "rows": table.num_rows, "node": f"{socket.gethostname()}:{os.getpid()}"}


def _node_args(services: Services, k: int | None, as_of: date | None, shard_workers: int | None,
               limit: int | None = None) -> tuple[list[list[str]], dict[str, Any], dict[str, Any]]:
    """(shards, the run's identity, the node task's arguments) of a cluster batch over ``services``' store (its
    first ``limit`` workers when given: benchmarks)."""
    import hashlib
    import json

    from matching.recommend.batch import SHARD_WORKERS, plan_shards
    from matching.retrieval.index import ids_checksum
    from matching.storage.readings import stored_readings

    day = as_of or date.today()
    size = shard_workers or SHARD_WORKERS
    recommender = services.recommender
    refs = services.store.worker_refs(limit=limit)
    stored_readings(services.store, recommender.ref, day)  # every profile read once, here, into the store's cache
    expect = {"index_ids": ids_checksum(services.index.ids()), "ranker": recommender.ranker_info}
    identity: dict[str, Any] = {"k": k or recommender.top_k, "as_of": day.isoformat(), "shard_workers": size,
                                "workers": len(refs), **expect}
    identity["run_key"] = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:12]
    expect = {**expect, "run_key": identity["run_key"]}
    args = {"settings_json": services.settings.model_dump_json(), "expect": expect, "k": k, "as_of": day.isoformat()}
    return plan_shards(refs, size), identity, args


def recommend_all_on_cluster(services: Services, out: Path, address: str, k: int | None = None,
                             as_of: date | None = None, shard_workers: int | None = None,
                             limit: int | None = None) -> Any:
    """``layak recommend --all --out FILE --cluster ADDRESS``: every stored worker's recommendations, sharded over
    the Dask cluster at ``address`` (``local:N`` starts N local worker processes). Returns a ``ClusterReport``."""
    from matching.recommend.cluster import run_sharded

    shards, identity, args = _node_args(services, k, as_of, shard_workers, limit)
    return run_sharded(address, shards, Path(out), identity, recommend_shard_task, args)
