"""One real evaluation of the listing-risk model per test session (real EMSCAD postings + generated ones)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from matching.demo.risk_set import evaluate
from matching.learning.risk_evaluation import LabelledSet
from models.risk import ListingRiskModel, RiskTrainingResult

# As ``layak evaluate-risk`` (8,000 generated listings) but 200 bootstrap resamples instead of 1,000, to keep the
# suite faster; the real postings are the same 1,903.
TEST_DEMO_LISTINGS = 8_000
TEST_BOOTSTRAP = 200


@dataclass
class RealRisk:
    """A model trained on the training split, its held-out evaluation and the data behind it."""

    model: ListingRiskModel
    result: RiskTrainingResult
    data: LabelledSet
    summary: dict[str, Any]


@pytest.fixture(scope="session")
def real_risk() -> RealRisk:
    result, data, summary = evaluate(n_demo=TEST_DEMO_LISTINGS, n_bootstrap=TEST_BOOTSTRAP)
    model = ListingRiskModel(result.pipeline, result.threshold, "test", result.gate)
    return RealRisk(model, result, data, summary)
