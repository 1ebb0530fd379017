"""Listing-risk model: the chosen logistic regression against one alternative, on the demo's listings.

Generates the demo at the given size into a temp store (no index), builds the model frame once, and runs
``models.risk.train_risk_model`` (same split, same out-of-fold threshold rule, same held-out split) with:

* ``logreg`` (the chosen model): word 1-2-gram TF-IDF + structured features -> balanced logistic regression;
* ``hgb`` (the alternative): TruncatedSVD(100) of the same TF-IDF + the structured features ->
  ``HistGradientBoostingClassifier(class_weight="balanced")``, which can model interactions
  (e.g. household × closed country) but has no exact per-term explanation.

Prints held-out figures per model and the alternative's ratio to the chosen one; asserts nothing.
Usage:

    .venv/bin/python benchmarks/bench_risk_models.py [--listings 20000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPORTED = ("roc_auc", "average_precision", "precision_at_threshold", "recall_at_threshold", "false_review_rate")


def hgb_pipeline(random_state: int = 0) -> object:
    from sklearn.compose import ColumnTransformer
    from sklearn.decomposition import TruncatedSVD
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.pipeline import Pipeline, make_pipeline

    from features.listing_features import RISK_TEXT, STRUCTURED_FEATURES
    from models.risk import build_risk_pipeline

    _, words, _ = build_risk_pipeline().named_steps["features"].transformers[0]  # the same TF-IDF, unfitted
    features = ColumnTransformer([
        ("words", make_pipeline(words, TruncatedSVD(100, random_state=random_state)), RISK_TEXT),
        ("fields", "passthrough", list(STRUCTURED_FEATURES)),
    ], sparse_threshold=0.0)
    model = HistGradientBoostingClassifier(class_weight="balanced", random_state=random_state)
    return Pipeline([("features", features), ("model", model)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from matching.demo.load import load_demo
    from matching.learning.risk_training import REGISTRY_ONLY_FLAWS, demo_labelled
    from matching.storage.store import Store
    from models.risk import build_risk_pipeline, train_risk_model

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        t0 = time.perf_counter()
        load_demo(store, args.listings, 100, args.seed, as_of=date.today())
        data, _ = demo_labelled(store)
        store.engine.dispose()
    prep = time.perf_counter() - t0
    out: dict[str, object] = {"listings": len(data), "unsafe": int(data.y.sum()), "prepare_s": round(prep, 1)}
    for name, pipeline in (("logreg", build_risk_pipeline()), ("hgb", hgb_pipeline())):
        t0 = time.perf_counter()
        result = train_risk_model(data.frame, data.y, kinds=data.kinds, exclude_from_training=REGISTRY_ONLY_FLAWS,
                                  pipeline=pipeline)  # type: ignore[arg-type]
        out[name] = {"train_s": round(time.perf_counter() - t0, 1),
                     "heldout": {k: round(result.metrics[k], 4) for k in REPORTED},
                     "heldout_content": {k: round(result.content_metrics[k], 4) for k in REPORTED},
                     "threshold": round(result.threshold, 4)}
    lr, alt = out["logreg"], out["hgb"]
    out["hgb_over_logreg"] = {k: round(alt["heldout_content"][k] / lr["heldout_content"][k], 3)  # type: ignore[index]
                              for k in ("roc_auc", "average_precision", "recall_at_threshold")}
    print(json.dumps(out, indent=2))  # noqa: T201 (a benchmark prints its figures)


if __name__ == "__main__":
    main()
