"""``layak recommend --all --out FILE.parquet --cluster ADDRESS``: the batch sharded over a Dask cluster.

Why Dask (``distributed``) and not Ray, measured on this project's 2-core machine: the installed packages took 70 MB
against 285 MB, and a two-process local cluster started in 1.8 s against 7.4 s (docs/benchmarks.md). Dask's
scheduler model fits the job: a list of independent shards, each a function call; ``Client(address)`` talks to a
scheduler started with ``dask scheduler`` and workers started with ``dask worker ADDRESS``, and
``LocalCluster`` runs the same code on one machine (the tests, the 1 -> 2 process benchmark).

How a run goes (``run_sharded``):

1. The workers are cut into shards (``matching.recommend.batch.plan_shards``, in worker_ref order): the same
   chunks the one-process run makes, so every worker is recommended for in the same company and the output is
   identical row for row.
2. Each shard is one task. The task (``node_task``, given by the caller) builds the node's services once per
   worker process (store, encoder, the published listing index, the pinned ranker version), checks that its
   index and ranker are the ones the run started with, recommends for the shard's workers and writes
   ``part-NNNNN.parquet`` into ``.FILE.parquet.parts/`` next to the output, under a temporary name renamed into
   place: a part is whole or absent.
3. When every part exists, the driver concatenates them in shard order into ``FILE.parquet`` (again a temporary
   name renamed into place) and removes the parts.

A node that dies mid-run loses only the shard it was computing: the Dask scheduler gives that task to another
node (``allowed-failures``, 3 by default) and the parts already written stay. If the driver itself stops, the
same command run again reads ``run.json`` in the parts folder: when the run's identity (workers, shard size,
k, day, index and ranker) is unchanged it computes only the missing parts; otherwise it starts over.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matching.recommend.batch import BatchReport, assemble_parts, part_path, refs_checksum

logger = logging.getLogger(__name__)
RUN_FILE = "run.json"
LOCAL_PREFIX = "local"


def parts_dir(out: Path) -> Path:
    """Where the shards of a run writing ``out`` go: ``.NAME.parts/`` beside it (same filesystem, so the final
    rename is atomic)."""
    return out.with_name(f".{out.name}.parts")


@dataclass
class ClusterReport(BatchReport):
    """``BatchReport`` plus how the shards were spread."""

    shards: int = 0
    shards_reused: int = 0
    nodes: int = 0
    address: str = ""


def _resume_state(folder: Path, identity: dict[str, Any], n_shards: int) -> set[int]:
    """Shards already written by an earlier run with the same identity (none if it differs)."""
    run_file = folder / RUN_FILE
    if run_file.exists():
        try:
            same = json.loads(run_file.read_text()) == identity
        except (OSError, ValueError):
            same = False
        if same:
            return {i for i in range(n_shards) if part_path(folder, i).exists()}
        logger.warning("the parts in %s are from another run (workers, index, ranker, k or day differ): "
                       "starting over", folder)
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{RUN_FILE}.tmp"
    tmp.write_text(json.dumps(identity, indent=2, sort_keys=True))
    tmp.replace(run_file)
    return set()


def open_client(address: str, workers: int | None = None) -> tuple[Any, Any]:
    """A Dask client for ``address`` (``tcp://host:8786``), or for a new local cluster when the address is
    ``local`` or ``local:N`` (N worker processes, one thread each). Returns ``(client, cluster or None)``."""
    from distributed import Client, LocalCluster

    if address == LOCAL_PREFIX or address.startswith(f"{LOCAL_PREFIX}:"):
        n = int(address.partition(":")[2] or workers or 2)
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    return Client(address), None


def run_sharded(address: str, shards: Sequence[Sequence[str]], out: Path, identity: dict[str, Any],
                node_task: Callable[..., dict[str, Any]], task_args: dict[str, Any]) -> ClusterReport:
    """Run ``node_task(shard_id=, refs=, part=, **task_args)`` for every shard not yet written, on the cluster
    at ``address``, then assemble ``out``. See the module docstring for resume and failure handling."""
    from distributed import as_completed

    out = Path(out)
    folder = parts_dir(out)
    identity = {**identity, "shards": len(shards), "shard_refs": [refs_checksum(s) for s in shards]}
    done = _resume_state(folder, identity, len(shards))
    todo = [i for i in range(len(shards)) if i not in done]
    start = time.perf_counter()
    client, cluster = open_client(address)
    nodes: set[str] = set()
    try:
        run_key = identity.get("run_key", "run")
        futures = [client.submit(node_task, shard_id=i, refs=list(shards[i]), part=str(part_path(folder, i)),
                                 key=f"layak-shard-{run_key}-{i}", pure=False, **task_args) for i in todo]
        for future in as_completed(futures):
            result = future.result()
            nodes.add(str(result.get("node", "")))
            logger.info("shard %d written by %s (%d rows)", result["shard"], result.get("node"), result["rows"])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    rows, empty, workers = assemble_parts([part_path(folder, i) for i in range(len(shards))], out)
    shutil.rmtree(folder, ignore_errors=True)
    seconds = time.perf_counter() - start
    return ClusterReport(workers=workers, rows=rows, workers_without_match=empty, seconds=round(seconds, 2),
                         workers_per_s=round(workers / seconds, 1) if seconds else 0.0, out=str(out),
                         shards=len(shards), shards_reused=len(done), nodes=len(nodes), address=address)


__all__ = ["ClusterReport", "open_client", "parts_dir", "run_sharded"]
