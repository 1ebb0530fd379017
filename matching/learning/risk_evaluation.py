"""The listing-risk model measured on real held-out scams, and audited for fairness (``layak evaluate-risk``,
``layak train-risk``).

The data (built by ``matching.demo.risk_set`` for ``evaluate-risk``, from the store for ``train-risk``):

* **real**: the EMSCAD sample (``models/data/emscad_sample.csv.gz``; 1,903 real postings, 641 fraudulent) as
  listings whose fields are one clean job order, so only their text differs (``models.risk_data``);
* **generated**: ``generate_demo`` listings (deterministic for a seed), labelled by their flaw. They may join
  training; they never choose the threshold and are reported apart.

``models.risk.train_risk_model`` keeps a stratified held-out split (real postings grouped by near-duplicates)
that nothing is fitted or tuned on, calibrates the review threshold on the real training split, and fits.
Then every held-out listing is **screened** (cited rules + the fail-safe model policy of
``matching.screening.risk_policy.apply_risk``), which gives the figures the issue asks for:

* ROC-AUC and PR-AUC (average precision) on real held-out postings, with bootstrap 95 % CIs;
* how many real held-out frauds come out **verified** (the bar is none);
* the fairness audit: among **safe** held-out listings, the share sent to review or rejected by sector, by
  employer type and by destination; the gap between the worst and the best group (groups of at least
  ``MIN_GROUP`` listings) must stay within ``MAX_GAP`` (2 percentage points).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from features.listings import ListingIn, NormalisedListing
from features.reference import Reference, load_reference
from matching.screening.catalogue import AgencyRecord, Verdict
from matching.screening.rules import screen
from models.risk import ListingRiskModel, RiskAssessment, RiskTrainingResult
from models.risk_data import EMSCAD_AS_OF

logger = logging.getLogger(__name__)

MIN_GROUP = 30
MAX_GAP = 0.02
AUDIT_GROUPS = ("sector", "employer_type", "country")
# Generated flaws the model's inputs cannot show (a registry status, or a structural attribute that only the
# cited rules may act on): measured, never trained on.
NOT_TRAINED_ON = ("expired_licence", "suspended_agency", "household_closed_country", "unlicensed_agency")


@dataclass(frozen=True)
class Agency:
    """A registry row as screening reads it (``AgencyRecord``)."""

    agency_name: str
    status: str
    valid_from: date | None
    valid_until: date | None


@dataclass
class LabelledSet:
    """Real and generated labelled listings, aligned: ``frame`` rows, labels, sources, groups, kinds."""

    listings: list[ListingIn]
    norms: list[NormalisedListing]
    frame: pd.DataFrame
    y: np.ndarray
    is_real: np.ndarray
    groups: np.ndarray
    kinds: list[str]
    agencies: dict[str, AgencyRecord]
    days: list[date] | None = None  # the day each listing is screened on (default: the evaluation day)


class _Precomputed:
    """A ``RiskScorer`` that hands screening the assessments already computed for a batch (by listing_ref)."""

    def __init__(self, threshold: float, found: Mapping[str, RiskAssessment]) -> None:
        self.threshold = threshold
        self.found = found

    def assess(self, listing: ListingIn, norm: NormalisedListing, as_of: date) -> RiskAssessment:
        return self.found[listing.listing_ref]


def heldout_verdicts(result: RiskTrainingResult, data: LabelledSet, as_of: date = EMSCAD_AS_OF,
                     ref: Reference | None = None, version: str = "heldout") -> list[Verdict]:
    """The screening verdict (rules + model policy) of every held-out listing, in ``result.test_index`` order,
    each on its own day (``data.days``) when it has one, else on ``as_of``."""
    ref = ref or load_reference()
    model = ListingRiskModel(result.pipeline, result.threshold, version, result.gate, ref)
    found = model.assess_frame(result.test_frame)
    refs = [data.listings[i].listing_ref for i in result.test_index]
    scorer = _Precomputed(result.threshold, dict(zip(refs, found, strict=True)))
    days = data.days or [as_of] * len(data.listings)
    return [screen(data.listings[i], data.norms[i], data.agencies, days[i], ref, scorer) for i in result.test_index]


def fairness_audit(verdicts: Sequence[Verdict], listings: Sequence[ListingIn], y: Sequence[int],
                   groups: Sequence[str] = AUDIT_GROUPS, min_group: int = MIN_GROUP,
                   max_gap: float = MAX_GAP) -> dict[str, Any]:
    """Review and reject rates of the **safe** listings per group, and the worst-to-best gap per attribute.

    Returns:
        ``{"by": {attribute: {"groups": {value: {n, review_rate, reject_rate, flagged_rate}}, "gap",
        "worst", "best", "small_groups"}}, "max_gap", "passes", "n_safe", "max_gap_allowed", "min_group"}``;
        "flagged" is review or reject; groups under ``min_group`` listings are listed but not compared.
    """
    rows = [{"status": v.status, **{g: str(getattr(listing, g) or "unknown") for g in groups}}
            for v, listing, label in zip(verdicts, listings, y, strict=True) if label == 0]
    frame = pd.DataFrame(rows, columns=["status", *groups])
    out: dict[str, Any] = {"by": {}, "n_safe": len(frame), "max_gap_allowed": max_gap, "min_group": min_group}
    gaps = []
    for attr in groups:
        table: dict[str, dict[str, float]] = {}
        for value, part in frame.groupby(attr):
            table[str(value)] = {"n": int(len(part)), "review_rate": float((part.status == "needs_review").mean()),
                                 "reject_rate": float((part.status == "rejected").mean()),
                                 "flagged_rate": float((part.status != "verified").mean())}
        big = {k: v for k, v in table.items() if v["n"] >= min_group}
        entry: dict[str, Any] = {"groups": table, "small_groups": sorted(set(table) - set(big))}
        if len(big) >= 2:
            worst = max(big, key=lambda k: big[k]["flagged_rate"])
            best = min(big, key=lambda k: big[k]["flagged_rate"])
            entry.update(gap=big[worst]["flagged_rate"] - big[best]["flagged_rate"], worst=worst, best=best)
            gaps.append(entry["gap"])
        out["by"][attr] = entry
    out["max_gap"] = max(gaps) if gaps else 0.0
    out["passes"] = out["max_gap"] <= max_gap
    return out


def _status_rates(verdicts: Sequence[Verdict]) -> dict[str, float]:
    n = max(len(verdicts), 1)
    return {s: sum(v.status == s for v in verdicts) / n for s in ("verified", "needs_review", "rejected")}


def summarise(result: RiskTrainingResult, data: LabelledSet, verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """The figures of an evaluation as one JSON-ready document."""
    idx = result.test_index
    real = data.is_real[idx]
    y = data.y[idx]
    listings = [data.listings[i] for i in idx]
    pick = lambda mask: [v for v, m in zip(verdicts, mask, strict=True) if m]  # noqa: E731
    frauds_verified = [listings[int(j)].listing_ref for j in np.flatnonzero(real & (y == 1))
                       if verdicts[int(j)].status == "verified"]
    generated = ~real
    return {
        "threshold": result.threshold, "gate": result.gate.to_params(),
        "data": {k: result.params[k] for k in ("n_real", "n_real_unsafe", "n_generated", "n_train", "n_test")},
        "heldout_real": result.metrics,
        "heldout_real_verdicts": {
            "n_frauds": int((real & (y == 1)).sum()), "frauds_verified": len(frauds_verified),
            "frauds_verified_refs": frauds_verified,
            "frauds": _status_rates(pick(real & (y == 1))), "genuine": _status_rates(pick(real & (y == 0)))},
        "heldout_generated": result.synthetic_metrics,
        "heldout_generated_verdicts": {"unsafe": _status_rates(pick(generated & (y == 1))),
                                       "safe": _status_rates(pick(generated & (y == 0)))},
        "heldout_generated_recall_by_kind": result.recall_by_kind,
        "validation_real": result.validation_metrics,
        "fairness": fairness_audit(pick(generated), [x for x, m in zip(listings, generated, strict=True) if m],
                                   y[generated]),
    }
