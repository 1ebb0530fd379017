"""Batch recommendations for every stored worker, written to one Parquet file (``layak recommend --all``).

Workers are read once through the store's reading cache (``matching/readings.py``), then processed in chunks
through ``Recommender.recommend_readings`` (one batched encode, search and ranker call per chunk) and each chunk
is appended to the file as a Parquet row group, so memory stays flat however
many workers there are. One row per (worker, recommended listing); the full explanation is kept as JSON.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
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
CHUNK_WORKERS = 256

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
    """What ``recommend_all`` wrote."""

    workers: int
    rows: int
    workers_without_match: int
    seconds: float
    workers_per_s: float
    out: str


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _rows(ref: str, rec: Recommendations) -> list[dict[str, Any]]:
    data = rec.to_dict()
    return [{"worker_ref": ref, "rank": m["rank"], "listing_id": m["listing_id"],
             "listing_ref": m["listing"].get("listing_ref"), "title": m["listing"].get("title"),
             "country": m["listing"].get("country"), "score": m["score"], "similarity": m["similarity"],
             "skill_coverage": m["skill_coverage"], "monthly_salary_idr": m["explanation"]["pay"].get("monthly_idr"),
             "missing_skills": [s["id"] for s in m["explanation"]["missing_skills"]], "scorer": data["scorer"],
             "explanation_json": json.dumps(m["explanation"], ensure_ascii=False, default=str)}
            for m in data["matches"]]


def recommend_all(store: Store, recommender: Recommender, out: Path, k: int | None = None,
                  as_of: date | None = None, chunk_workers: int = CHUNK_WORKERS) -> BatchReport:
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
        for chunk in _chunks(refs, chunk_workers):
            norms = [readings[r] for r in chunk]
            batch: list[dict[str, Any]] = []
            for ref, rec in zip(chunk, recommender.recommend_readings(norms, k=k, as_of=as_of), strict=True):
                got = _rows(ref, rec)
                empty += not got
                batch += got
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            rows += len(batch)
            done += len(chunk)
            logger.info("recommended for %d/%d workers", done, len(refs))
    tmp.replace(out)
    seconds = time.perf_counter() - start
    return BatchReport(workers=len(refs), rows=rows, workers_without_match=empty, seconds=round(seconds, 2),
                       workers_per_s=round(len(refs) / seconds, 1) if seconds else 0.0, out=str(out))


__all__ = ["SCHEMA", "BatchReport", "recommend_all"]
