"""Ranking benchmark: the learned ranker's time per request for 200 candidates, and its share of a whole
recommend request. Prints figures and ratios measured in the same process; asserts nothing. Usage:

    .venv/bin/python benchmarks/bench_ranking.py [--requests 200]

Needs a store with a champion (``layak demo`` trains one), taken from Layak's settings (``LAYAK_DATA_DIR``,
``LAYAK_MLFLOW_TRACKING_URI``). Per request, over N stored workers:

1. ``rank``: pair features for the 200 retrieved candidates + the champion's scores (what the learned stage adds);
2. ``v0``: the transparent score for the same candidates (the baseline it replaces);
3. ``recommend``: the whole request (normalise, embed, retrieve 200, rank, policy, explain with top factors).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(1, str(ROOT))


def _ms(values: list[float]) -> dict[str, float]:
    arr = np.asarray(values) * 1000
    return {"p50_ms": round(float(np.percentile(arr, 50)), 2), "p99_ms": round(float(np.percentile(arr, 99)), 2),
            "mean_ms": round(float(arr.mean()), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from features.pairs import pair_features, worker_facts
    from features.profiles import WorkerProfile
    from matching.recommend.pipeline import profile_embed_text, skill_coverage
    from matching.recommend.ranking import v0_score
    from matching.service import Services
    from matching.settings import get_settings

    services = Services(get_settings())
    rec = services.recommender
    if rec.ranker is None:
        raise SystemExit(f"no champion to benchmark ({services.ranker_status}); run `layak demo` or `layak train`")
    rec.warm_up()  # as `layak serve` does: ranking data, the forest's compiled kernels
    data = rec.ranking_data
    refs = services.store.worker_refs(limit=args.requests)
    today = date.today()
    profiles = [WorkerProfile.model_validate(p) for p in services.store.workers_by_refs(refs).values()]
    norms = [rec.read_profile(p, today) for p in profiles]
    queries = rec.encoder.encode([profile_embed_text(n, rec.ref) for n in norms])
    hits = rec.index.search(queries, rec.candidate_pool)
    listings = services.store.listings_by_ids(sorted({int(i) for i in hits.ids.ravel() if i >= 0}))
    rec.recommend_for_worker(refs[0])  # warm up (imports, caches, first predict)

    rank_t, v0_t, total_t, sizes = [], [], [], []
    for i, norm in enumerate(norms):
        ids = hits.ids[i][hits.ids[i] >= 0]
        sims = hits.scores[i][: ids.size]
        t0 = time.perf_counter()
        X = pair_features(worker_facts(norm, data.table), data.table, data.table.rows(ids), sims, today, data.track)
        rec.ranker.model.predict(X)
        rank_t.append(time.perf_counter() - t0)
        sizes.append(ids.size)
        t0 = time.perf_counter()
        have = set(norm.skills)
        v0_score(sims, np.array([skill_coverage(have, list(listings[int(j)].skill_ids or [])) for j in ids]))
        v0_t.append(time.perf_counter() - t0)
    for ref in refs:
        t0 = time.perf_counter()
        rec.recommend_for_worker(ref)
        total_t.append(time.perf_counter() - t0)

    rank, v0, total = _ms(rank_t), _ms(v0_t), _ms(total_t)
    print(json.dumps({
        "ranker": rec.ranker_info, "requests": len(refs), "candidates_per_request": int(np.median(sizes)),
        "rank_200_candidates": rank, "v0_score_200_candidates": v0, "recommend_request": total,
        "rank_share_of_request_p50": round(rank["p50_ms"] / total["p50_ms"], 3),
        "rank_share_of_request_mean": round(rank["mean_ms"] / total["mean_ms"], 3),
        "rank_vs_v0_p50": round(rank["p50_ms"] / max(v0["p50_ms"], 1e-6), 1),
    }, indent=2))


if __name__ == "__main__":
    main()
