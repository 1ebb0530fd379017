"""The listing-risk model's place in screening (issue #3): it may add "needs review", never overrides a rule.

A verified listing needs every rule passing AND a model that can judge its text AND a score below the threshold
calibrated on real labelled scams (docs/risk-model.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from features.i18n import fmt_number
from features.listings import ListingIn, NormalisedListing
from matching.screening.catalogue import Verdict, fire


class RiskScorer(Protocol):
    """The listing-risk model as screening sees it (``models.risk.ListingRiskModel`` satisfies it)."""

    threshold: float  # P(unsafe) at or above which a listing goes to review

    def assess(self, listing: ListingIn, norm: NormalisedListing, as_of: date) -> Any:
        """A ``models.risk.RiskAssessment``: ``probability``, ``version``, ``terms``, ``judgeable``,
        ``cannot_judge`` and ``cannot_judge_detail``."""
        ...


CANNOT_JUDGE_WORDS = {"near_empty": ("teks terlalu pendek", "near-empty text"),
                      "unknown_language": ("bahasa tidak dikenal", "unknown language"),
                      "out_of_distribution": ("teks tidak mirip data latih", "text unlike the training data")}


def _terms(terms: list[dict[str, Any]], key: str) -> str:
    return ", ".join(f"{t.get(key) or t['term']} (+{t['weight']:.2f})" for t in terms)


def apply_risk(verdict: Verdict, risk: RiskScorer, listing: ListingIn, norm: NormalisedListing,
               as_of: date) -> Verdict:
    """The fail-safe policy: verified needs every rule passing AND a model that can judge the text AND a score
    below the threshold calibrated on real scams. Both of its reasons are rules of the catalogue; ``RISK_MODEL``
    cites the model's version.

    The score, version and top terms are recorded whatever the status. A rejected listing stays rejected (no
    reason added). Text the model cannot judge adds ``MODEL_CANNOT_JUDGE`` with the reason; a score at or above
    the threshold adds ``RISK_MODEL`` with the terms behind it, in English and Indonesian.
    """
    found = risk.assess(listing, norm, as_of)
    verdict.risk_score, verdict.risk_model_version = float(found.probability), found.version
    verdict.risk_terms = list(found.terms)
    if verdict.status == "rejected":
        return verdict
    source = (f"Layak listing-risk model v{found.version}; threshold calibrated on real labelled scams "
              "(docs/risk-model.md)")
    if not found.judgeable:
        id_words, en_words = CANNOT_JUDGE_WORDS.get(found.cannot_judge, (found.cannot_judge, found.cannot_judge))
        verdict.reasons.append(fire("MODEL_CANNOT_JUDGE", f"{en_words}: {found.cannot_judge_detail}", id_words))
    elif found.probability >= risk.threshold:
        shown_en = _terms(found.terms, "term") or "no single term stands out"
        shown_id = _terms(found.terms, "term_id") or "tidak ada satu istilah yang menonjol"
        verdict.reasons.append(fire(
            "RISK_MODEL", f"risk {found.probability:.2f} ≥ threshold {risk.threshold:.2f}; top terms: {shown_en}",
            f"risiko {fmt_number(found.probability, 'id', 2)} ≥ ambang {fmt_number(risk.threshold, 'id', 2)}; "
            f"istilah utama: {shown_id}", source=source))
    else:
        return verdict
    verdict.status = "needs_review"
    return verdict
