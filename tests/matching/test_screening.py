"""Each screening rule fires on the one flaw it is about, cites its source, and never on a clean listing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from features.listings import ListingIn, normalise_listing
from features.reference import Reference
from matching.screening.catalogue import RULES
from matching.screening.rules import screen
from matching.screening.text_flags import scan

AS_OF = date(2026, 11, 28)


@dataclass
class Ag:
    agency_name: str
    status: str
    valid_from: date | None
    valid_until: date | None


AGENCIES = {
    "KEP.001/KP2MI/2026": Ag("PT Contoh Aman", "active", date(2026, 1, 1), date(2026, 12, 31)),
    "KEP.002/KP2MI/2025": Ag("PT Lama", "active", date(2025, 1, 1), date(2025, 12, 31)),
    "KEP.003/KP2MI/2026": Ag("PT Beku", "suspended", date(2026, 1, 1), date(2026, 12, 31)),
}

CLEAN: dict[str, Any] = {
    "listing_ref": "HK-1", "title": "Pengurus rumah tangga untuk keluarga di Hong Kong",
    "description": "Merawat rumah keluarga 4 orang. Libur 1 hari setiap minggu. Paspor dipegang pekerja sendiri, "
                   "tanpa potongan gaji, no placement fee.",
    "occupation": "pengurus rumah tangga", "sector": "domestic", "employer_name": "Mrs. Chan",
    "employer_type": "household", "country": "HK", "city": "Kowloon", "agency_name": "PT Contoh Aman",
    "agency_licence": "KEP.001/KP2MI/2026", "job_order_ref": "JO/KJRI-HK/2026/00123", "job_order_verified": True,
    "required_skills": ["tata graha", "menyetrika", "memasak"], "required_languages": ["en:basic"],
    "min_age": 21, "max_age": 45, "gender": "female", "salary_amount": 5200, "salary_currency": "HKD",
    "salary_period": "month", "hours_per_week": 60, "rest_days_per_month": 4, "worker_fee_amount": 0,
    "worker_fee_currency": "IDR", "contract_months": 24, "visa_type": "work", "accommodation_provided": True,
    "passport_held_by": "worker", "contact": "recruit@contohaman.co.id", "posted_at": "2026-11-01",
    "expires_at": "2027-02-01",
}


def run(ref: Reference, **changes: Any) -> tuple[str, set[str], list[Any]]:
    listing = ListingIn.model_validate({**CLEAN, **changes})
    verdict = screen(listing, normalise_listing(listing, ref), AGENCIES, AS_OF, ref)
    return verdict.status, {r.rule_id for r in verdict.reasons}, verdict.reasons


def test_clean_listing_is_verified(ref: Reference) -> None:
    status, rules, _ = run(ref)
    assert (status, rules) == ("verified", set())


@pytest.mark.parametrize(("changes", "rule", "status"), [
    ({"agency_licence": None}, "AGENCY_MISSING", "rejected"),
    ({"agency_licence": "KEP.999/FAKE"}, "AGENCY_UNLICENSED", "rejected"),
    ({"agency_licence": "KEP.002/KP2MI/2025"}, "AGENCY_EXPIRED", "rejected"),
    ({"agency_licence": "KEP.003/KP2MI/2026"}, "AGENCY_SUSPENDED", "rejected"),
    ({"job_order_verified": False}, "JOB_ORDER_UNVERIFIED", "rejected"),
    ({"job_order_verified": None}, "JOB_ORDER_UNKNOWN", "needs_review"),
    ({"worker_fee_amount": 25_000_000}, "FEE_ZERO_COST", "rejected"),
    ({"visa_type": "tourist"}, "VISA_NOT_WORK", "rejected"),
    ({"visa_type": "pilgrimage"}, "VISA_NOT_WORK", "rejected"),
    ({"salary_amount": 4500}, "PAY_BELOW_FLOOR", "rejected"),
    ({"salary_amount": None}, "PAY_UNCHECKABLE", "needs_review"),
    ({"passport_held_by": "employer"}, "PASSPORT_RETAINED", "rejected"),
    ({"rest_days_per_month": 0}, "NO_REST_DAY", "rejected"),
    ({"rest_days_per_month": 2}, "REST_BELOW_MINIMUM", "rejected"),
    ({"contract_months": None}, "NO_CONTRACT_DURATION", "rejected"),
    ({"min_age": 17}, "UNDERAGE", "rejected"),
    ({"country": "AE", "salary_currency": "AED", "salary_amount": 2000}, "HOUSEHOLD_CLOSED_COUNTRY", "rejected"),
    ({"country": "SA", "salary_currency": "SAR", "salary_amount": 1800}, "HOUSEHOLD_SPSK_ONLY", "rejected"),
    ({"description": "Paspor dipegang majikan untuk keamanan."}, "TEXT_PASSPORT_RETENTION", "rejected"),
    ({"description": "Berangkat pakai visa kunjungan, nanti diurus visa kerja."}, "TEXT_VISA_CONVERSION",
     "rejected"),
    ({"description": "Transfer biaya pendaftaran Rp3.500.000 ke rekening pribadi."}, "TEXT_UPFRONT_FEE", "rejected"),
    ({"description": "Potongan gaji 7 bulan untuk biaya agen."}, "TEXT_SALARY_DEDUCTION", "rejected"),
    ({"contact": "WA 0812-3456-7890"}, "TEXT_PERSONAL_CONTACT", "needs_review"),
])
def test_each_rule_fires_alone_with_its_source(ref: Reference, changes: dict[str, Any], rule: str,
                                               status: str) -> None:
    got_status, rules, reasons = run(ref, **changes)
    assert rule in rules
    assert got_status == status
    for reason in reasons:
        assert reason.source and reason.reason_id and reason.reason_en


def test_hourly_pay_is_converted_with_the_listings_hours(ref: Reference) -> None:
    # KR 2026 floor: 2,156,880 KRW/month. 10,000 KRW/h × 40 h × 52/12 = 1,733,333 -> below the floor.
    base = {"country": "KR", "employer_type": "company", "occupation": "operator produksi", "sector": "manufacturing",
            "salary_currency": "KRW", "salary_period": "hour", "hours_per_week": 40, "gender": "any",
            "min_age": 20, "max_age": 39, "required_languages": ["ko:eps-topik"]}
    status, rules, _ = run(ref, **base, salary_amount=10_000)
    assert "PAY_BELOW_FLOOR" in rules and status == "rejected"
    # 13,000 KRW/h × 40 × 52/12 = 2,253,333 -> above the floor.
    _, rules, _ = run(ref, **base, salary_amount=13_000)
    assert "PAY_BELOW_FLOOR" not in rules


def test_floor_depends_on_the_date(ref: Reference) -> None:
    # HK$5,000 is above the HK$4,990 MAW in force before 30 Sep 2025 and below HK$5,100 after it.
    listing = ListingIn.model_validate({**CLEAN, "salary_amount": 5000})
    norm = normalise_listing(listing, ref)
    before = screen(listing, norm, {k: Ag(v.agency_name, v.status, None, None) for k, v in AGENCIES.items()},
                    date(2025, 9, 1), ref)
    after = screen(listing, norm, AGENCIES, AS_OF, ref)
    assert "PAY_BELOW_FLOOR" not in {r.rule_id for r in before.reasons}
    assert "PAY_BELOW_FLOOR" in {r.rule_id for r in after.reasons}
    cited = next(r for r in after.reasons if r.rule_id == "PAY_BELOW_FLOOR")
    assert "2025-09-30" in cited.source


def test_scam_lure_in_a_hotspot(ref: Reference) -> None:
    status, rules, _ = run(
        ref, title="Lowongan admin online di Kamboja", country="KH", employer_type="company",
        occupation="customer service", sector="services", salary_amount=1200, salary_currency="USD",
        description="Gaji 1.200 USD, tanpa pengalaman, semua umur, tiket ditanggung.", required_skills=[],
        required_languages=[], min_age=18, max_age=None, gender="any")
    assert "TEXT_SCAM_LURE" in rules and status == "rejected"


@pytest.mark.parametrize("text", [
    "Paspor dipegang sendiri oleh pekerja.", "Tanpa potongan gaji.", "No placement fee.",
    "Bukan visa turis: visa kerja resmi.", "Biaya proses ditanggung majikan.", "Passport kept by the worker.",
    "We never deduct fees from your salary.", "Placement fee: none",
])
def test_text_rules_respect_negations(text: str) -> None:
    assert scan(text) == []


def test_every_rule_cites_a_source_in_both_languages() -> None:
    for rule in RULES.values():
        assert rule.source.strip()
        assert rule.reason_id.strip() and rule.reason_en.strip()
        assert rule.severity in ("reject", "review")


@pytest.mark.parametrize(("rule", "indonesian", "english"), [
    ("TEXT_PASSPORT_RETENTION", "Paspor akan dipegang agen selama kontrak.",
     "Your passport will be held by the agency during the contract."),
    ("TEXT_VISA_CONVERSION", "Berangkat dengan visa turis, nanti diubah jadi visa kerja di sana.",
     "You fly on a tourist visa and we convert it to a work visa later."),
    ("TEXT_UPFRONT_FEE", "Biaya pendaftaran Rp2.500.000 ditransfer ke rekening pribadi Bu Sari.",
     "A registration fee of Rp2,500,000 must be paid before the interview."),
    ("TEXT_SALARY_DEDUCTION", "Gaji dipotong 6 bulan untuk biaya agen.",
     "Fees are deducted from your salary for the first 6 months."),
])
def test_text_rules_in_both_languages(ref: Reference, rule: str, indonesian: str, english: str) -> None:
    for text in (indonesian, english):
        status, rules, _ = run(ref, description=text)
        assert rule in rules and status == "rejected", text


@pytest.mark.parametrize(("indonesian", "english"), [
    ("Paspor dipegang pekerja sendiri selama kontrak.", "The worker keeps her own passport."),
    ("Visa kerja resmi, bukan visa turis.", "Official work visa, not a tourist visa."),
    ("Tanpa biaya pendaftaran. Biaya proses ditanggung majikan.",
     "No registration fee; processing is paid by the employer."),
    ("Tanpa potongan gaji.", "No salary deductions."),
])
def test_the_same_topics_phrased_safely_pass_in_both_languages(ref: Reference, indonesian: str, english: str) -> None:
    for text in (indonesian, english):
        status, rules, _ = run(ref, description=text)
        assert status == "verified", (text, rules)


def test_personal_contact_passes_with_an_office_address(ref: Reference) -> None:
    assert run(ref, contact="Kantor: (021) 555-0100, rekrut@contoh.co.id")[0] == "verified"
    for contact in ("WA 0812-3456-7890", "Telegram @kerja_luar", "lowongan.hk@gmail.com"):
        assert "TEXT_PERSONAL_CONTACT" in run(ref, contact=contact)[1], contact
