"""The adversarial suite: 223 hand-written listings (157 unsafe, 66 safe) from public scam warnings, screened by
the cited rules and the trained listing-risk model together, as an agency's upload would be.

Each case (``tests/models/data/adversarial_listings.csv``) names its source, the verdict it must get and, for
an unsafe one, the rule it must hit. A case is caught when it is not verified, the rule it names is among the
reasons, and a case expected ``rejected`` is rejected. Targets, with the model in the loop: at least 95 % of
unsafe cases caught and at most 5 % of safe cases rejected. By the cited rules, at least 95 % of the safe cases
(many of them alarming to read) are verified.

With the model in the loop most safe hand-written ads go to review instead: its threshold is set so that no
real validation scam is verified, and a short Indonesian ad reads unlike anything it can vouch for. That is
measured here (``test_what_the_model_adds_on_safe_hand_written_ads``) and documented in docs/risk-model.md.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from features.listings import ListingIn, normalise_listing
from features.reference import Reference
from matching.screening.rules import RULES, Verdict, screen

CASES_FILE = Path(__file__).parent / "data" / "adversarial_listings.csv"
SCREEN_DAY = date(2026, 11, 28)
LICENCE = "KEP.001/KP2MI/2026"
BASE: dict[str, Any] = {
    "occupation": "pengurus rumah tangga", "sector": "domestic", "employer_name": "Mrs. Chan",
    "employer_type": "household", "country": "HK", "city": "Kowloon", "agency_name": "PT Contoh Aman",
    "agency_licence": LICENCE, "job_order_ref": "JO/KJRI-HK/2026/00123", "job_order_verified": True,
    "required_skills": ["tata graha", "memasak"], "required_languages": ["en:basic"], "min_age": 23, "max_age": 45,
    "gender": "female", "salary_amount": 5200, "salary_currency": "HKD", "salary_period": "month",
    "hours_per_week": 60, "rest_days_per_month": 4, "worker_fee_amount": 0, "worker_fee_currency": "IDR",
    "contract_months": 24, "visa_type": "work", "accommodation_provided": True, "passport_held_by": "worker",
    "contact": "rekrut@contohaman.co.id", "posted_at": "2026-11-01", "expires_at": "2027-02-01",
}
EXPECTS = {"rejected", "needs_review", "not_verified", "verified"}


@dataclass(frozen=True)
class Ag:
    agency_name: str
    status: str
    valid_from: date | None
    valid_until: date | None


AGENCIES = {LICENCE: Ag("PT Contoh Aman", "active", date(2026, 1, 1), date(2026, 12, 31))}


def load_cases() -> list[dict[str, str]]:
    with CASES_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


CASES = load_cases()


def listing_of(case: dict[str, str]) -> ListingIn:
    fields = json.loads(case["fields"]) if case["fields"] else {}
    row = {**BASE, "listing_ref": case["case_id"], "title": case["title"], "description": case["description"],
           **fields}
    return ListingIn.model_validate({k: v for k, v in row.items() if v not in ("", None)})


def caught(case: dict[str, str], verdict: Verdict) -> bool:
    rules = {r.rule_id for r in verdict.reasons}
    if verdict.status == "verified" or case["rule"] not in rules:
        return False
    return case["expect"] != "rejected" or verdict.status == "rejected"


def screen_all(ref: Reference, model: Any) -> dict[str, Verdict]:
    out = {}
    for case in CASES:
        listing = listing_of(case)
        out[case["case_id"]] = screen(listing, normalise_listing(listing, ref), AGENCIES, SCREEN_DAY, ref, model)
    return out


@pytest.fixture(scope="module")
def verdicts(ref: Reference, real_risk: Any) -> dict[str, Verdict]:
    """Rules and the trained model together."""
    return screen_all(ref, real_risk.model)


@pytest.fixture(scope="module")
def rule_verdicts(ref: Reference) -> dict[str, Verdict]:
    """The cited rules alone."""
    return screen_all(ref, None)


def test_the_suite_is_big_sourced_and_names_real_rules() -> None:
    assert len(CASES) >= 200
    assert len({c["case_id"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert case["source"].strip() and case["expect"] in EXPECTS, case["case_id"]
        assert (case["kind"] == "safe") == (case["expect"] == "verified"), case["case_id"]
        if case["kind"] == "unsafe":
            assert case["rule"] in RULES or case["rule"] == "RISK_MODEL", case["case_id"]
    groups = " ".join(f"{c['title']} {c['description']}" for c in CASES).lower()
    for must in ("tkw", "art", "prt", "jalur belakang", "calling visa", "job ziarah", "b!aya", "p4sp0r",
                 "dua puluh lima juta", "25jt", "rp25.000.000,-", "japri", "uang jaminan", "potong gaji 7 bulan",
                 "biaya pelatihan wajib", "tanpa biaya", "paspor dipegang sendiri", "ora ", "bersih"):
        assert must in groups, must


def test_at_least_95_percent_of_unsafe_cases_are_caught_by_their_rule(verdicts: dict[str, Verdict]) -> None:
    unsafe = [c for c in CASES if c["kind"] == "unsafe"]
    missed = [(c["case_id"], c["rule"], c["description"][:60], verdicts[c["case_id"]].status,
               sorted(r.rule_id for r in verdicts[c["case_id"]].reasons))
              for c in unsafe if not caught(c, verdicts[c["case_id"]])]
    assert 1 - len(missed) / len(unsafe) >= 0.95, missed


def test_at_most_5_percent_of_safe_cases_are_rejected(verdicts: dict[str, Verdict]) -> None:
    safe = [c for c in CASES if c["kind"] == "safe"]
    rejected = [(c["case_id"], c["description"][:60], [r.rule_id for r in verdicts[c["case_id"]].reasons])
                for c in safe if verdicts[c["case_id"]].status == "rejected"]
    assert len(rejected) / len(safe) <= 0.05, rejected


def test_the_rules_verify_at_least_95_percent_of_safe_cases(rule_verdicts: dict[str, Verdict]) -> None:
    safe = [c for c in CASES if c["kind"] == "safe"]
    not_verified = [(c["case_id"], c["description"][:60], [r.rule_id for r in rule_verdicts[c["case_id"]].reasons])
                    for c in safe if rule_verdicts[c["case_id"]].status != "verified"]
    assert 1 - len(not_verified) / len(safe) >= 0.95, not_verified


def test_the_rules_alone_catch_at_least_90_percent_of_unsafe_cases(rule_verdicts: dict[str, Verdict]) -> None:
    """The cited rules carry the suite; only the cannot-judge cases need the model's gate."""
    unsafe = [c for c in CASES if c["kind"] == "unsafe"]
    assert sum(caught(c, rule_verdicts[c["case_id"]]) for c in unsafe) / len(unsafe) >= 0.90


def test_what_the_model_adds_on_safe_hand_written_ads(verdicts: dict[str, Verdict],
                                                     rule_verdicts: dict[str, Verdict]) -> None:
    """The model only ever adds a review (never a rejection, never removes a rule's reason)."""
    for case in CASES:
        with_model, rules_only = verdicts[case["case_id"]], rule_verdicts[case["case_id"]]
        added = {r.rule_id for r in with_model.reasons} - {r.rule_id for r in rules_only.reasons}
        assert added <= {"RISK_MODEL", "MODEL_CANNOT_JUDGE"}, case["case_id"]
        assert {r.rule_id for r in rules_only.reasons} <= {r.rule_id for r in with_model.reasons}
        if rules_only.status == "rejected":
            assert with_model.status == "rejected"


def test_every_reason_cites_its_source(verdicts: dict[str, Verdict]) -> None:
    for verdict in verdicts.values():
        for reason in verdict.reasons:
            assert reason.source.strip() and reason.reason_id.strip() and reason.reason_en.strip()


def one(ref: Reference, real_risk: Any, **changes: Any) -> Verdict:
    listing = ListingIn.model_validate({**BASE, "listing_ref": "X", **changes})
    return screen(listing, normalise_listing(listing, ref), AGENCIES, SCREEN_DAY, ref, real_risk.model)


def test_the_named_misses_are_fixed(ref: Reference, real_risk: Any) -> None:
    kept = one(ref, real_risk, title="Helper HK", description="Paspor diamankan oleh bos selama kontrak.")
    assert kept.status == "rejected" and "TEXT_PASSPORT_RETENTION" in {r.rule_id for r in kept.reasons}
    fee = one(ref, real_risk, title="Helper HK", description="Biaya proses Rp 25 juta dibayar di muka.")
    assert fee.status == "rejected" and "TEXT_UPFRONT_FEE" in {r.rule_id for r in fee.reasons}
    dubai = one(ref, real_risk, title="Dicari TKW ke Dubai", description="Dicari TKW ke Dubai, keluarga baik.",
                employer_type=None, country="AE", salary_currency="AED", salary_amount=2500)
    assert dubai.status == "rejected"
    assert "TEXT_HOUSEHOLD_CLOSED_COUNTRY" in {r.rule_id for r in dubai.reasons}
    ban = next(r for r in dubai.reasons if r.rule_id == "TEXT_HOUSEHOLD_CLOSED_COUNTRY")
    assert "Kepmenaker 260/2015" in ban.source


def test_the_csv_template_example_passes_every_rule_and_its_email_is_no_risk_term(ref: Reference,
                                                                                  real_risk: Any) -> None:
    from features.listings import TEMPLATE_EXAMPLE

    listing = ListingIn.model_validate({k: v for k, v in TEMPLATE_EXAMPLE.items() if v != ""})
    agencies = {listing.agency_licence: Ag("PT Contoh Penempatan", "active", None, None)}
    norm = normalise_listing(listing, ref)
    assert screen(listing, norm, agencies, SCREEN_DAY, ref).status == "verified"
    verdict = screen(listing, norm, agencies, SCREEN_DAY, ref, real_risk.model)
    assert {r.rule_id for r in verdict.reasons} <= {"RISK_MODEL"}  # no rule; at most the model's review
    assert not any("rekrutmen" in t["term"] for t in verdict.risk_terms)  # the address is masked
