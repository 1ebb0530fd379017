"""The batch on a real Dask cluster (a local one, two worker processes): the same file as one process, resumed
after a failed shard without redoing the others, and never a half file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from matching.recommend.batch import SCHEMA, part_path, recommend_all
from matching.recommend.cluster import parts_dir, run_sharded
from matching.service import Services
from matching.workflows import _node_args, recommend_all_on_cluster, recommend_shard_task
from tests.api.test_cli import layak
from tests.conftest import small_demo

AS_OF = date.today()
SHARD = 7  # 30 workers -> 5 shards


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, encoder_services: Services) -> Services:
    return small_demo(tmp_path_factory.mktemp("cluster"), encoder_services)


def fail_on_shard_two(**kwargs: Any) -> dict[str, Any]:
    """A node task that dies on shard 2 (as a node would mid-run) and works on every other shard."""
    if kwargs["shard_id"] == 2:
        raise RuntimeError("node lost")
    return recommend_shard_task(**kwargs)


def _one_process(store: Services, out: Path) -> pd.DataFrame:
    recommend_all(store.store, store.recommender, out, k=5, as_of=AS_OF, chunk_workers=SHARD)
    return pd.read_parquet(out)


def test_two_worker_processes_write_the_one_process_file(store: Services, tmp_path: Path) -> None:
    expected = _one_process(store, tmp_path / "one.parquet")
    report = recommend_all_on_cluster(store, tmp_path / "out" / "two.parquet", "local:2", k=5, as_of=AS_OF,
                                      shard_workers=SHARD)
    got = pd.read_parquet(tmp_path / "out" / "two.parquet")
    assert list(got.columns) == SCHEMA.names
    pd.testing.assert_frame_equal(got, expected)  # row for row, explanations included
    assert report.shards == 5 and report.shards_reused == 0 and report.workers == 30
    assert report.rows == len(expected) and report.nodes == 2  # both processes took shards
    assert not parts_dir(tmp_path / "out" / "two.parquet").exists()


def test_a_failed_shard_leaves_no_file_and_a_rerun_redoes_only_it(store: Services, tmp_path: Path) -> None:
    out = tmp_path / "resume.parquet"
    shards, identity, args = _node_args(store, k=5, as_of=AS_OF, shard_workers=SHARD)
    with pytest.raises(RuntimeError, match="node lost"):
        run_sharded("local:2", shards, out, identity, fail_on_shard_two, args)
    assert not out.exists() and not list(tmp_path.glob(".resume.parquet.tmp*"))  # never a half file
    folder = parts_dir(out)
    assert not part_path(folder, 2).exists()
    assert json.loads((folder / "run.json").read_text())["shards"] == 5
    report = run_sharded("local:2", shards, out, identity, recommend_shard_task, args)
    assert report.shards_reused >= 1 and report.shards_reused + 1 <= 5
    pd.testing.assert_frame_equal(pd.read_parquet(out), _one_process(store, tmp_path / "one.parquet"))


def test_parts_of_another_run_are_not_reused(store: Services, tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    folder = parts_dir(out)
    folder.mkdir()
    (folder / "run.json").write_text(json.dumps({"k": 99}))
    (part_path(folder, 0)).write_bytes(b"not parquet")
    report = recommend_all_on_cluster(store, out, "local:1", k=5, as_of=AS_OF, shard_workers=SHARD)
    assert report.shards_reused == 0 and pd.read_parquet(out)["worker_ref"].nunique() <= 30


def test_cli_cluster_option(store: Services, tmp_path: Path) -> None:
    out = tmp_path / "cli.parquet"
    proc = layak("recommend", "--all", "--out", str(out), "--k", "5", "--cluster", "local:2", "--json",
                 data_dir=store.settings.data_dir)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["nodes"] >= 1 and report["workers"] == 30 and report["rows"] == len(pd.read_parquet(out))
    proc = layak("recommend", "--worker", "W1", "--cluster", "local:2", data_dir=store.settings.data_dir)
    assert proc.returncode != 0 and "--cluster shards a batch" in proc.stderr
