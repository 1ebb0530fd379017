"""Listing-risk model: the chosen character + word n-gram model against the earlier word-only model, on real
held-out scams.

Builds the evaluation data once (the shipped EMSCAD sample + generated listings, as ``layak evaluate-risk``
does), then runs ``models.risk.train_risk_model`` (same split, same real-data threshold rule) with:

* ``char+word`` (the chosen model): character 3-5-grams and word 1-2-grams + structured features;
* ``word`` (the earlier model's text reading): word 1-2-grams only + structured features.

Prints, per model, the real held-out ROC-AUC and PR-AUC with bootstrap CIs, the threshold, the real and
generated false-review rates, and the alternative's ratio to the chosen one; asserts nothing. The word-only
pipeline has no character n-grams, which the "cannot judge" gate (``models.risk_gate``) is built from; it
borrows the chosen model's gate, which depends only on the training texts (the same split) and enters none of
the figures printed. Usage:

    .venv/bin/python benchmarks/bench_risk_models.py [--generated 8000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPORTED = ("roc_auc", "roc_auc_ci_low", "roc_auc_ci_high", "average_precision", "average_precision_ci_low",
            "average_precision_ci_high", "recall_at_threshold", "false_review_rate")


def word_pipeline() -> object:
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import MaxAbsScaler

    from features.listing_features import RISK_TEXT, STRUCTURED_FEATURES
    from models.risk import WORD_TOKENS

    words = make_pipeline(HashingVectorizer(ngram_range=(1, 2), token_pattern=WORD_TOKENS, n_features=2**19,
                                            alternate_sign=False, norm=None), TfidfTransformer(sublinear_tf=True))
    features = ColumnTransformer([
        ("words", words, RISK_TEXT),
        ("fields", MaxAbsScaler(), list(STRUCTURED_FEATURES)),
    ])
    return Pipeline([("features", features), ("model", LogisticRegression(C=4.0, max_iter=5_000))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=8_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from matching.demo.risk_set import labelled_set
    from matching.learning.risk_evaluation import NOT_TRAINED_ON
    from models.risk import build_risk_pipeline, train_risk_model
    from models.risk_gate import fit_gate

    t0 = time.perf_counter()
    data = labelled_set(args.generated, args.seed)
    out: dict[str, object] = {"listings": len(data.y), "real": int(data.is_real.sum()),
                              "real_frauds": int(data.y[data.is_real].sum()),
                              "prepare_s": round(time.perf_counter() - t0)}
    gates: list[Any] = []

    def gate_of(pipeline: Any, texts: Any) -> Any:
        """The chosen model's own gate; the word-only model, without character n-grams, borrows it."""
        if not gates:
            gates.append(fit_gate(pipeline, texts))
        return gates[0]

    for name, pipeline in (("char+word", build_risk_pipeline()), ("word", word_pipeline())):
        t0 = time.perf_counter()
        with mock.patch("models.risk.fit_gate", gate_of):
            result = train_risk_model(data.frame, data.y, data.is_real, data.groups, data.kinds,
                                      exclude_from_training=NOT_TRAINED_ON,
                                      pipeline=pipeline)
        out[name] = {"train_s": round(time.perf_counter() - t0), "threshold": round(result.threshold, 4),
                     "heldout_real": {k: round(result.metrics[k], 4) for k in REPORTED},
                     "heldout_generated_false_review_rate": round(result.synthetic_metrics["false_review_rate"], 4)}
    chosen, alt = out["char+word"], out["word"]
    out["word_over_char+word"] = {k: round(alt["heldout_real"][k] / chosen["heldout_real"][k], 3)  # type: ignore[index]
                                  for k in ("roc_auc", "average_precision")}
    print(json.dumps(out, indent=2))  # noqa: T201 (a benchmark prints its figures)


if __name__ == "__main__":
    main()
