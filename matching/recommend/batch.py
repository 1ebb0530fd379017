"""Batch recommendations for every stored worker, written to one Parquet file (``layak recommend --all``).

The workers (in worker_ref order) are cut into shards of ``SHARD_WORKERS``. Each shard is read through the store's
reading cache (``matching/storage/readings.py``) and recommended for in one ``Recommender.recommend_readings``
call (one batched encode, search and ranker call); its rows become one Parquet row group, so memory stays flat
however many workers there are. One process (``recommend_all``) or a Dask cluster
(``matching/recommend/cluster.py``) runs the same shards through the same ``shard_table``, so both write the same
file row for row. The file is written under a temporary name and renamed into place: whole or not at all.
One row per (worker, recommended listing); the full explanation is kept as JSON.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from matching.recommend.pipeline import Recommendations, Recommender
from matching.storage.readings import stored_readings
from matching.storage.store import Store

logger = logging.getLogger(__name__)
SHARD_WORKERS = 256
CHUNK_WORKERS = SHARD_WORKERS  # the name before shards existed
COUNTS_KEY = b"layak.counts"  # Parquet metadata of a part: {"workers": n, "without_match": m}

SCHEMA = pa.schema([
    ("worker_ref", pa.string()),
    ("rank", pa.int16()),
    ("listing_id", pa.int64()),
    ("listing_ref", pa.string()),
    ("title", pa.string()),
    ("country", pa.string()),
    ("score", pa.float64()),
    ("similarity", pa.float64()),
    ("skill_coverage", pa.float64()),
    ("monthly_salary_idr", pa.float64()),
    ("missing_skills", pa.list_(pa.string())),
    ("scorer", pa.string()),
    ("explanation_json", pa.string()),
])


@dataclass
class BatchReport:
    """What a batch run wrote."""

    workers: int
    rows: int
    workers_without_match: int
    seconds: float
    workers_per_s: float
    out: str


def plan_shards(refs: Sequence[str], size: int = SHARD_WORKERS) -> list[list[str]]:
    """Consecutive slices of ``size`` worker refs (the last one shorter)."""
    return [list(refs[start:start + size]) for start in range(0, len(refs), size)]


def refs_checksum(refs: Sequence[str]) -> str:
    """A short, order-sensitive checksum of a list of worker refs (a shard's identity)."""
    return hashlib.sha256("\n".join(refs).encode()).hexdigest()[:16]


def _rows(ref: str, rec: Recommendations) -> list[dict[str, Any]]:
    data = rec.to_dict()
    return [{"worker_ref": ref, "rank": m["rank"], "listing_id": m["listing_id"],
             "listing_ref": m["listing"].get("listing_ref"), "title": m["listing"].get("title"),
             "country": m["listing"].get("country"), "score": m["score"], "similarity": m["similarity"],
             "skill_coverage": m["skill_coverage"], "monthly_salary_idr": m["explanation"]["pay"].get("monthly_idr"),
             "missing_skills": [s["id"] for s in m["explanation"]["missing_skills"]], "scorer": data["scorer"],
             "explanation_json": json.dumps(m["explanation"], ensure_ascii=False, default=str)}
            for m in data["matches"]]


def shard_table(recommender: Recommender, refs: Sequence[str], readings: Mapping[Any, Any], k: int | None,
                as_of: date) -> pa.Table:
    """One shard's rows as an Arrow table (``SCHEMA``), with its counts in the schema metadata."""
    rows: list[dict[str, Any]] = []
    empty = 0
    recs = recommender.recommend_readings([readings[r] for r in refs], k=k, as_of=as_of)
    for ref, rec in zip(refs, recs, strict=True):
        got = _rows(ref, rec)
        empty += not got
        rows += got
    counts = json.dumps({"workers": len(refs), "without_match": empty}).encode()
    return pa.Table.from_pylist(rows, schema=SCHEMA).replace_schema_metadata({COUNTS_KEY: counts})


def shard_counts(table_or_schema: pa.Table | pa.Schema) -> dict[str, int]:
    """The ``{"workers", "without_match"}`` a part recorded."""
    schema = table_or_schema.schema if isinstance(table_or_schema, pa.Table) else table_or_schema
    return dict(json.loads((schema.metadata or {}).get(COUNTS_KEY, b'{"workers": 0, "without_match": 0}')))


def part_path(folder: Path, shard: int) -> Path:
    return folder / f"part-{shard:05d}.parquet"


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name, flush it to disk, then rename it into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    tmp.replace(path)


def assemble_parts(parts: Sequence[Path], out: Path) -> tuple[int, int, int]:
    """Concatenate part files, in order, into ``out`` (temporary name, then rename). Returns
    ``(rows, workers without a match, workers)``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    rows = empty = workers = 0
    with pq.ParquetWriter(tmp, SCHEMA) as writer:
        for part in parts:
            table = pq.read_table(part)
            counts = shard_counts(table)
            workers += counts["workers"]
            empty += counts["without_match"]
            if table.num_rows:
                writer.write_table(table.replace_schema_metadata(None).cast(SCHEMA))
            rows += table.num_rows
    tmp.replace(out)
    return rows, empty, workers


def recommend_all(store: Store, recommender: Recommender, out: Path, k: int | None = None,
                  as_of: date | None = None, chunk_workers: int = SHARD_WORKERS) -> BatchReport:
    """Recommendations for every stored worker into the Parquet file ``out`` (written whole or not at all)."""
    as_of = as_of or date.today()
    refs = store.worker_refs()
    # Every profile read once and cached in the store (worker_readings): a second batch skips the reading.
    readings = {n.worker_ref: n for n in stored_readings(store, recommender.ref, as_of)}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    start = time.perf_counter()
    rows = empty = done = 0
    with pq.ParquetWriter(tmp, SCHEMA) as writer:
        for shard in plan_shards(refs, chunk_workers):
            table = shard_table(recommender, shard, readings, k, as_of)
            if table.num_rows:
                writer.write_table(table.replace_schema_metadata(None))
            rows += table.num_rows
            empty += shard_counts(table)["without_match"]
            done += len(shard)
            logger.info("recommended for %d/%d workers", done, len(refs))
    tmp.replace(out)
    seconds = time.perf_counter() - start
    return BatchReport(workers=len(refs), rows=rows, workers_without_match=empty, seconds=round(seconds, 2),
                       workers_per_s=round(len(refs) / seconds, 1) if seconds else 0.0, out=str(out))


__all__ = ["SCHEMA", "SHARD_WORKERS", "BatchReport", "assemble_parts", "part_path", "plan_shards", "recommend_all",
           "refs_checksum", "shard_counts", "shard_table", "write_atomic"]
