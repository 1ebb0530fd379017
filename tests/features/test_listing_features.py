"""Risk features of hand-built listings have known values; the text is folded, names masked, negations marked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from features.listing_features import (
    AGENCY_TOKEN,
    EMAIL_TOKEN,
    EMPLOYER_TOKEN,
    FEATURE_COLUMNS,
    FREE_MAIL_TOKEN,
    JOB_TOKEN,
    NEGATIONS,
    NUMBER_TOKEN,
    PHONE_TOKEN,
    PLACE_TOKEN,
    RISK_TEXT,
    STRUCTURED_FEATURES,
    listing_features,
    listing_frame,
    mark_negations,
    risk_text,
)
from features.listings import ListingIn, normalise_listing
from features.red_flags import NEGATIONS as FLAG_NEGATIONS
from features.reference import Reference

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


def test_a_clean_household_listing_shows_nothing(ref: Reference) -> None:
    values = features(ref)
    assert list(values) == list(STRUCTURED_FEATURES)
    assert fired(values) == {}


@pytest.mark.parametrize("changes", [
    {"employer_type": "company", "employer_name": "Kowloon Care Ltd"}, {"gender": "male"}, {"gender": "any"},
    {"sector": "care", "occupation": "caregiver"},
    {"country": "SG", "salary_currency": "SGD", "salary_amount": 700},
])
def test_no_structural_attribute_is_a_feature(ref: Reference, changes: dict[str, Any]) -> None:
    """Employer type, sector, gender requirement and destination change no feature on their own."""
    assert fired(features(ref, **changes)) == fired(features(ref))


def test_closed_countries_and_scam_hotspots_are_not_features(ref: Reference) -> None:
    assert not {"employer_household", "household_in_closed_country", "scam_hotspot_country",
                "unknown_country"} & set(STRUCTURED_FEATURES)
    assert fired(features(ref, country="AE", salary_currency="AED", salary_amount=2500)) == {}


def test_a_company_listing_with_everything_in_order_shows_nothing(ref: Reference) -> None:
    assert fired(features(ref, employer_type="company", employer_name="Kowloon Care Ltd")) == {}


def test_a_fee_in_a_zero_cost_job_is_flagged_and_above_the_zero_cap(ref: Reference) -> None:
    assert fired(features(ref, worker_fee_amount=30_000_000)) == {"fee_in_zero_cost_job": 1.0, "fee_above_cap": 1.0}


def test_a_legal_fee_within_the_cap_is_no_feature(ref: Reference) -> None:
    """A disclosed fee under the cap is lawful in formal jobs; its size would only tell the sector."""
    company = {"employer_type": "company", "employer_name": "Kowloon Electronics", "occupation": "operator produksi",
               "sector": "manufacturing", "worker_fee_currency": "IDR"}
    assert fired(features(ref, **company, worker_fee_amount=0)) == fired(features(ref, **company,
                                                                                  worker_fee_amount=1_000_000))


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
        "agency_licence_missing": 1.0, "no_requirements": 1.0,
    }


@pytest.mark.parametrize(("changes", "expected"), [
    ({"rest_days_per_month": 0}, {"rest_days_under_4", "no_rest_day"}),
    ({"rest_days_per_month": 2}, {"rest_days_under_4"}),
    ({"hours_per_week": 72}, {"long_hours"}),
    ({"visa_type": "student"}, {"visa_other"}),
    ({"visa_type": None}, {"visa_missing"}),
    ({"passport_held_by": "agency"}, {"passport_held_by_others"}),
    ({"job_order_verified": False}, {"job_order_not_verified"}),
    ({"min_age": 17}, {"min_age_under_18"}),
    ({"description": "Paspor diamankan oleh bos selama kontrak."}, {"flag_passport_retention"}),
    ({"description": "B!aya proses 25jt dibayar di muka."}, {"flag_upfront_fee"}),
    ({"description": "Potong gaji 7 bulan."}, {"flag_salary_deduction"}),
    ({"contact": "WA 0812 3456 7890"}, {"flag_personal_contact"}),
])
def test_each_flag_fires_alone(ref: Reference, changes: dict[str, Any], expected: set[str]) -> None:
    values = features(ref, **changes)
    assert set(fired(values)) == expected


def test_risk_text_masks_names_and_contacts_and_marks_negations_clause_by_clause() -> None:
    listing = ListingIn.model_validate({
        **CLEAN, "title": "PLRT Hong Kong", "agency_name": "PT Gapura Bersama Raya",
        "description": "Mrs. Chan mencari PLRT. Tidak ada potongan gaji untuk biaya agen. Potongan gaji 5 bulan. "
                       "PT Gapura Bersama Raya, WA 0812-3456-7890.",
        "contact": "rekrutmen@gapurabersamaraya.id"})
    assert risk_text(listing) == (
        f"{JOB_TOKEN} {PLACE_TOKEN} {EMPLOYER_TOKEN} mencari {JOB_TOKEN} "
        f"tidak not_ada not_potongan not_gaji not_untuk not_biaya not_agen potongan gaji {NUMBER_TOKEN} bulan "
        f"{AGENCY_TOKEN} wa {PHONE_TOKEN} {EMAIL_TOKEN}")


def test_job_and_place_names_are_masked_so_sector_and_destination_cannot_be_learnt() -> None:
    a = ListingIn.model_validate({**CLEAN, "title": "Nelayan kapal ikan Taiwan", "description": "Kerja di kapal."})
    b = ListingIn.model_validate({**CLEAN, "title": "Pengurus rumah tangga Hong Kong",
                                  "description": "Kerja di kapal."})
    assert risk_text(a).startswith(f"{JOB_TOKEN} kapal ikan {PLACE_TOKEN}")
    assert risk_text(b).startswith(f"{JOB_TOKEN} {PLACE_TOKEN}")
    assert not {"nelayan", "taiwan", "pengurus", "rumah", "hong"} & set(risk_text(a).split() + risk_text(b).split())


def test_risk_text_reads_obfuscated_words_and_amounts_and_free_mail() -> None:
    listing = ListingIn.model_validate({**CLEAN, "description": "B!aya pr0ses Rp25.000.000,- atau 25jt.",
                                        "contact": "agen.hk@gmail.com"})
    assert risk_text(listing).endswith(f"biaya proses rp {NUMBER_TOKEN} atau {NUMBER_TOKEN} {FREE_MAIL_TOKEN}")


def test_a_negation_reaches_at_most_its_scope() -> None:
    assert mark_negations("no fee a b c d e f g h i".split()) == [
        "no", *[f"not_{t}" for t in "fee a b c d e f g".split()], "h", "i"]


def test_negation_words_are_the_same_as_the_text_rules() -> None:
    assert NEGATIONS is FLAG_NEGATIONS


def test_listing_frame_has_the_columns_and_dtypes_the_model_expects(ref: Reference) -> None:
    listing = ListingIn.model_validate(CLEAN)
    frame = listing_frame([(listing, normalise_listing(listing, ref), AS_OF)] * 2, ref)
    assert tuple(frame.columns) == FEATURE_COLUMNS
    assert frame[RISK_TEXT].dtype == object
    assert all(frame[c].dtype == "float64" for c in STRUCTURED_FEATURES)
    assert len(frame) == 2
