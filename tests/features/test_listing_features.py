"""Risk features of hand-built listings have known values; the text is folded, names masked, negations marked."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from features.listing_features import (
    AGENCY_TOKEN,
    EMPLOYER_TOKEN,
    FEATURE_COLUMNS,
    NEGATIONS,
    RISK_TEXT,
    STRUCTURED_FEATURES,
    listing_features,
    listing_frame,
    mark_negations,
    risk_text,
)
from features.listings import ListingIn, normalise_listing
from features.reference import Reference
from matching.screening import text_flags

AS_OF = date(2026, 11, 28)

CLEAN: dict[str, Any] = {
    "listing_ref": "HK-1", "title": "Pengurus rumah tangga untuk keluarga di Hong Kong",
    "description": "Merawat rumah keluarga 4 orang. Libur 1 hari setiap minggu.",
    "occupation": "pengurus rumah tangga", "sector": "domestic", "employer_name": "Mrs. Chan",
    "employer_type": "household", "country": "HK", "city": "Kowloon", "agency_name": "PT Contoh Aman",
    "agency_licence": "KEP.001/KP2MI/2026", "job_order_ref": "JO/KJRI-HK/2026/00123", "job_order_verified": True,
    "required_skills": ["tata graha", "menyetrika"], "required_languages": ["en:basic"],
    "min_age": 21, "max_age": 45, "gender": "female", "salary_amount": 5200, "salary_currency": "HKD",
    "salary_period": "month", "hours_per_week": 60, "rest_days_per_month": 4, "worker_fee_amount": 0,
    "worker_fee_currency": "IDR", "contract_months": 24, "visa_type": "work", "accommodation_provided": True,
    "passport_held_by": "worker", "contact": "recruit@contohaman.co.id", "posted_at": "2026-11-01",
}


def features(ref: Reference, **changes: Any) -> dict[str, float]:
    listing = ListingIn.model_validate({**CLEAN, **changes})
    return listing_features(listing, normalise_listing(listing, ref), ref, AS_OF)


def fired(values: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in values.items() if v}


def test_a_clean_household_listing_shows_only_that_it_is_a_household(ref: Reference) -> None:
    values = features(ref)
    assert list(values) == list(STRUCTURED_FEATURES)
    assert fired(values) == {"employer_household": 1.0}


def test_a_company_listing_with_everything_in_order_shows_nothing(ref: Reference) -> None:
    assert fired(features(ref, employer_type="company", employer_name="Kowloon Care Ltd")) == {}


def test_a_fee_in_a_zero_cost_job_is_logged_flagged_and_above_the_zero_cap(ref: Reference) -> None:
    values = fired(features(ref, worker_fee_amount=30_000_000))
    assert values.pop("fee_log10_idr") == pytest.approx(math.log10(30_000_001))  # 7.477
    assert values == {"fee_in_zero_cost_job": 1.0, "fee_above_cap": 1.0, "employer_household": 1.0}


def test_pay_below_the_floor_gives_the_shortfall(ref: Reference) -> None:
    values = features(ref, salary_amount=4000)  # HK$4,000 against the HK$5,100 floor in force since 2025-09-30
    assert values["pay_below_floor"] == 1.0
    assert values["pay_shortfall"] == pytest.approx(1 - 4000 / 5100)  # 0.2157


def test_an_hourly_floor_is_scaled_by_the_listing_hours(ref: Reference) -> None:
    values = features(ref, country="JP", employer_type="company", employer_name="Minori KK", occupation="care worker",
                      salary_amount=1000, salary_currency="JPY", salary_period="hour", hours_per_week=40)
    assert values["pay_below_floor"] == 1.0
    assert values["pay_shortfall"] == pytest.approx(1 - 1000 / 1023)  # JP floor ¥1,023/hour -> 0.0225


def test_hourly_pay_without_hours_is_unknown(ref: Reference) -> None:
    values = features(ref, salary_period="hour", hours_per_week=None)
    assert values["pay_unknown"] == 1.0 and values["pay_below_floor"] == 0.0


def test_the_online_scam_lure_shows_its_bundle(ref: Reference) -> None:
    values = features(ref, country="KH", employer_type="company", employer_name="", occupation="customer service",
                      agency_name="", agency_licence="", job_order_ref="", job_order_verified=None,
                      visa_type="tourist", passport_held_by=None, rest_days_per_month=None, contract_months=None,
                      salary_amount=1200, salary_currency="USD", required_skills=[], required_languages=[])
    assert fired(values) == {
        "pay_far_above_norm": 1.0,  # US$1,200 ≈ Rp19.9 juta ≥ 2 × the Rp8 juta benchmark (no floor in KH)
        "rest_days_missing": 1.0, "contract_months_missing": 1.0, "visa_not_work": 1.0,
        "passport_holder_missing": 1.0, "job_order_verification_missing": 1.0, "job_order_ref_missing": 1.0,
        "agency_licence_missing": 1.0, "scam_hotspot_country": 1.0, "no_requirements": 1.0,
    }


@pytest.mark.parametrize(("changes", "expected"), [
    ({"country": "SA"}, {"household_in_closed_country"}),  # SPSK only: no household employers
    ({"country": "AE"}, {"household_in_closed_country"}),  # closed (Kepmenaker 260/2015)
    ({"rest_days_per_month": 0}, {"rest_days_under_4", "no_rest_day"}),
    ({"rest_days_per_month": 2}, {"rest_days_under_4"}),
    ({"hours_per_week": 72}, {"long_hours"}),
    ({"visa_type": "student"}, {"visa_other"}),
    ({"visa_type": None}, {"visa_missing"}),
    ({"passport_held_by": "agency"}, {"passport_held_by_others"}),
    ({"job_order_verified": False}, {"job_order_not_verified"}),
    ({"min_age": 17}, {"min_age_under_18"}),
    ({"country": "FR"}, {"unknown_country"}),  # a real country Layak has no reference data for
])
def test_each_flag_fires_alone(ref: Reference, changes: dict[str, Any], expected: set[str]) -> None:
    values = features(ref, **changes)
    got = set(fired(values)) - {"employer_household"}
    if changes.get("country") == "FR":  # no floor and no pay check in an unknown corridor
        got -= {"pay_far_above_norm"}
    assert got == expected


def test_risk_text_masks_names_and_marks_negations_clause_by_clause() -> None:
    listing = ListingIn.model_validate({
        **CLEAN, "title": "PLRT Hong Kong", "agency_name": "PT Gapura Bersama Raya",
        "description": "Mrs. Chan mencari PLRT. Tidak ada potongan gaji untuk biaya agen. Potongan gaji 5 bulan.",
        "contact": "rekrutmen@gapurabersamaraya.id"})
    assert risk_text(listing) == (
        f"plrt hong kong {EMPLOYER_TOKEN} mencari plrt "
        "tidak not_ada not_potongan not_gaji not_untuk not_biaya not_agen potongan gaji 5 bulan "
        f"rekrutmen {AGENCY_TOKEN} id")


def test_a_negation_reaches_at_most_its_scope() -> None:
    assert mark_negations("no fee a b c d e f g h i".split()) == [
        "no", *[f"not_{t}" for t in "fee a b c d e f g".split()], "h", "i"]


def test_negation_words_are_the_same_as_the_text_rules() -> None:
    assert NEGATIONS == frozenset(text_flags.NEGATIONS)


def test_listing_frame_has_the_columns_and_dtypes_the_model_expects(ref: Reference) -> None:
    listing = ListingIn.model_validate(CLEAN)
    frame = listing_frame([(listing, normalise_listing(listing, ref), AS_OF)] * 2, ref)
    assert tuple(frame.columns) == FEATURE_COLUMNS
    assert frame[RISK_TEXT].dtype == object
    assert all(frame[c].dtype == "float64" for c in STRUCTURED_FEATURES)
    assert len(frame) == 2
