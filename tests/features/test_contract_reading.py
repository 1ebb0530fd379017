"""Clauses read from single sentences in Indonesian and English, including negations and schedules."""

from __future__ import annotations

from typing import Any

import pytest

from features.contracts.clauses import read_contract
from features.contracts.layout import language_of, segment, split_columns


def _one(text: str, topic: str, currency: str = "HKD") -> dict[str, Any]:
    found = read_contract(text, currency=currency, dollar=currency).of(topic)
    assert found, f"no {topic} clause in {text!r}"
    return found[0].value


@pytest.mark.parametrize(("text", "holder"), [
    ("Paspor Pekerja disimpan oleh Majikan selama masa kontrak.", "employer"),
    ("The Employer shall keep the Worker's passport for safekeeping.", "employer"),
    ("The Helper shall surrender her passport to the agency on arrival.", "agency"),
    ("Majikan tidak boleh menahan paspor Pekerja.", "worker"),
    ("The employer shall not keep the employee's passport.", "worker"),
    ("The Worker shall keep her passport in her own possession.", "worker"),
    ("Paspor dipegang sendiri oleh Pekerja.", "worker"),
])
def test_who_keeps_the_passport(text: str, holder: str) -> None:
    assert _one(text, "passport")["holder"] == holder


@pytest.mark.parametrize(("text", "per_month"), [
    ("Pekerja berhak atas satu hari libur setiap minggu.", 4.33),
    ("The Helper shall have one rest day every two weeks.", 2.17),
    ("Pekerja mendapat 2 hari libur per bulan.", 2.0),
    ("The Worker shall not be entitled to any rest days.", 0.0),
    ("Weekly holidays: Saturday and Sunday (two days off per week).", 8.67),
])
def test_rest_days_a_month(text: str, per_month: float) -> None:
    assert _one(text, "rest_days")["per_month"] == pytest.approx(per_month, abs=0.01)


def test_hours_from_a_day_a_week_and_a_clock_range_with_a_break() -> None:
    assert _one("Jam kerja 10 jam sehari.", "hours") == {"per_day": 10}
    assert _one("Working hours are 48 hours per week.", "hours") == {"per_week": 48}
    assert _one("Working hours: from 8:00 a.m. to 6:00 p.m. with a one hour lunch break.", "hours") == {"per_day": 9}


@pytest.mark.parametrize(("text", "expected"), [
    ("Biaya agen HK$7,000 dipotong dari gaji selama 7 bulan, HK$1,000 per bulan.",
     {"category": "placement", "total": 7000, "per_instalment": 1000, "instalments": 7}),
    ("A training fee of HK$3,000 shall be deducted in 3 instalments.",
     {"category": "training", "total": 3000, "per_instalment": 1000, "instalments": 3}),
    ("Potongan asrama RM100 per bulan dari upah Pekerja.", {"category": "accommodation", "per_instalment": 100}),
    ("Pekerja wajib membayar biaya medis Rp1.500.000.", {"category": "travel_documents", "total": 1_500_000}),
])
def test_deductions_with_their_schedule(text: str, expected: dict[str, Any]) -> None:
    value = _one(text, "deduction", "MYR" if "RM" in text else "HKD")
    assert {k: value[k] for k in expected} == expected


def test_what_the_employer_pays_or_refuses_to_deduct_is_not_a_charge() -> None:
    for text in ("The Employer shall not deduct any fee from the Helper's wages.",
                 "Seluruh biaya penempatan ditanggung oleh Majikan.",
                 "Tiket pulang dibayar oleh Majikan."):
        assert read_contract(text, currency="HKD").of("deduction") == []


@pytest.mark.parametrize(("text", "paid_by"), [
    ("Tiket pulang ke Indonesia ditanggung oleh Majikan.", "employer"),
    ("The return air ticket shall be at the Helper's own expense.", "worker"),
    ("The Worker shall pay her own return air ticket to Indonesia.", "worker"),
    ("Biaya pemulangan tidak ditanggung oleh Majikan.", "worker"),
])
def test_who_pays_the_ticket_home(text: str, paid_by: str) -> None:
    assert _one(text, "repatriation")["paid_by"] == paid_by


def test_wage_gross_net_period_and_a_number_in_words() -> None:
    assert _one("Gaji bersih yang diterima Pekerja HK$4,600 per bulan.", "wage")["basis"] == "net"
    day = _one("Upah RM60 per hari kerja, dengan 26 hari kerja sebulan.", "wage", "MYR")
    assert (day["amount"], day["period"], day["days_per_month"]) == (60, "day", 26)
    words = _one("Gaji pokok sebesar dua puluh lima juta rupiah sebulan.", "wage", "IDR")
    assert (words["amount"], words["currency"], words["period"]) == (25_000_000, "IDR", "month")


def test_contract_length_is_not_confused_with_notice_or_probation() -> None:
    assert _one("Kontrak ini berlaku selama 2 (dua) tahun.", "contract_length")["months"] == 24
    text = "The contract period is three (3) years; probation period: 1 month."
    assert _one(text, "contract_length")["months"] == 36
    assert read_contract("Either party may end this contract with one month's notice.").of("contract_length") == []


def test_languages_and_two_columns() -> None:
    assert language_of("Majikan wajib membayar gaji pekerja setiap bulan") == "id"
    assert language_of("The employer shall pay the wage every month") == "en"
    text = "\n".join(f"{'Pekerja berhak atas cuti tahunan ' + str(i):<50}    The worker is entitled to leave {i}"
                     for i in range(8))
    assert len(split_columns(text)) == 2
    assert {s.column for s in segment(text)} == {0, 1}


@pytest.mark.parametrize(("text", "topic", "expected"), [
    ("Salary: HK$5,100 per month", "wage", {"amount": 5100, "period": "month"}),
    ("Wages shall be HKD5100/month.", "wage", {"amount": 5100, "currency": "HKD"}),
    ("Basic salary RM 1,700.00 monthly.", "wage", {"amount": 1700, "currency": "MYR"}),
    ("Upah sebesar Rp 6.500.000 (enam juta lima ratus ribu rupiah) setiap bulan.", "wage", {"amount": 6_500_000}),
    ("The Helper is entitled to not less than one rest day in every period of seven days.", "rest_days",
     {"per_month": 4.33}),
    ("Passport will be held by the agency until the end of the contract.", "passport", {"holder": "agency"}),
    ("The Worker's travel documents shall remain in the custody of the Company.", "passport", {"holder": "employer"}),
    ("Working hours: 8 am to 8 pm, six days a week.", "hours", {"per_day": 12, "days_per_week": 6}),
    ("Jam kerja pukul 07.00 - 16.00 dengan istirahat 1 jam.", "hours", {"per_day": 8}),
    ("Mess/hostel charges of RM150 will be deducted every month.", "deduction",
     {"category": "accommodation", "per_instalment": 150, "recurring": True}),
    ("Uang makan ditanggung sendiri oleh pekerja sebesar RM300 sebulan.", "deduction", {"category": "food"}),
    ("This Agreement shall remain in force for a period of two years.", "contract_length", {"months": 24}),
    ("The worker will work as a caregiver for an elderly person in Taichung.", "job",
     {"occupation_id": "elderly_caretaker"}),
])
def test_paraphrases_not_in_the_test_contracts(text: str, topic: str, expected: dict[str, Any]) -> None:
    value = _one(text, topic, "MYR" if ("RM" in text or "pekerja" in text) else "HKD")
    assert {k: value[k] for k in expected} == expected
