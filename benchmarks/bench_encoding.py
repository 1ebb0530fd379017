"""Encoding benchmark: Layak's encoder against raw ``SentenceTransformer.encode`` in the same process.

Asserts nothing (shared, noisy machines). Usage:

    .venv/bin/python benchmarks/bench_encoding.py [--listings 5000] [--queries 200]

The texts are the embed texts of a generated demo store (``load_demo`` into a temp SQLite file).

1. Batch throughput (texts/s): a plain ``SentenceTransformer(path).encode(texts)``, the code a user would write
   (default batch size 32), against Layak's ``SentenceEncoder.encode`` with an empty cache (it encodes each
   distinct text once, batch size ``encoder_batch_size``) and with a warm cache (a re-index after a restart).
2. One query at a time (the recommend path): p50/p99 ms of each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _pcts(times_ms: list[float]) -> dict[str, float]:
    arr = np.array(times_ms)
    return {"p50_ms": round(float(np.percentile(arr, 50)), 2), "p99_ms": round(float(np.percentile(arr, 99)), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer

    from matching.demo.load import load_demo
    from matching.service import limit_threads
    from matching.settings import Settings
    from matching.storage.store import Store
    from models.encoder import EmbeddingCache, SentenceEncoder

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        limit_threads(settings.compute_threads)  # both encoders share the process's torch threads
        store = Store(settings.database_url)
        load_demo(store, args.listings, 10, 7, as_of=date.today())
        texts = [t for (t,) in store.listings_frame_rows(["embed_text"])]
        raw = SentenceTransformer(settings.resolved_model_path(), device="cpu")
        layak = SentenceEncoder(settings.resolved_model_path(), batch_size=settings.encoder_batch_size,
                                cache=EmbeddingCache(Path(tmp) / "cache.sqlite"))
        raw.encode(texts[:64])  # warm up torch
        layak.encode_raw(texts[:64])

        t0 = time.perf_counter()
        raw.encode(texts)
        raw_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        layak.encode(texts, progress=False)
        cold_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        layak.encode(texts, progress=False)
        warm_s = time.perf_counter() - t0

        queries = texts[: args.queries]
        raw_q, layak_q = [], []
        for q in queries:  # distinct texts never seen by the cache: the cold single-query path
            t0 = time.perf_counter()
            raw.encode([q + " (query)"])
            raw_q.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            layak.encode([q + " (query text)"])
            layak_q.append((time.perf_counter() - t0) * 1000)

    n = len(texts)
    print(json.dumps({
        "texts": n, "distinct_texts": len(set(texts)), "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(), "loadavg": [round(x, 2) for x in os.getloadavg()],
        "batch": {"raw_sentence_transformers_texts_per_s": round(n / raw_s, 1),
                  "layak_cold_cache_texts_per_s": round(n / cold_s, 1),
                  "layak_warm_cache_texts_per_s": round(n / warm_s, 1),
                  "layak_cold_over_raw": round(raw_s / cold_s, 2), "layak_warm_over_raw": round(raw_s / warm_s, 1)},
        "single_query": {"raw_sentence_transformers": _pcts(raw_q), "layak_uncached": _pcts(layak_q)},
    }, indent=2))


if __name__ == "__main__":
    main()
