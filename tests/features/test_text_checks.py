"""Text against fields: household work named in the text, destinations named in the text, net pay quoted."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from features.listings import ListingIn, normalise_listing
from features.red_flags import clean_text
from features.reference import Reference
from features.text_checks import pay_mentions, text_findings
from tests.features.test_listing_features import CLEAN

AS_OF = date(2026, 11, 28)


def findings(ref: Reference, category: str = "domestic", **changes: Any) -> set[str]:
    listing = ListingIn.model_validate({**CLEAN, **changes})
    return {f.rule_id for f in text_findings(listing, normalise_listing(listing, ref), ref, AS_OF, category)}


def test_a_clean_listing_has_no_findings(ref: Reference) -> None:
    assert findings(ref) == set()


@pytest.mark.parametrize("employer_type", [None, "company"])
def test_tkw_to_dubai_is_household_work_in_a_closed_country_whatever_the_field(ref: Reference,
                                                                               employer_type: str | None) -> None:
    got = findings(ref, title="Dicari TKW ke Dubai", description="Keluarga baik.", employer_type=employer_type,
                   country="AE", salary_currency="AED", salary_amount=2500)
    assert got == {"TEXT_HOUSEHOLD_CLOSED_COUNTRY"}


def test_a_closed_country_named_in_the_text_counts_for_a_household_listing(ref: Reference) -> None:
    assert findings(ref, description="Penempatan di Dubai, keluarga besar.") == {"TEXT_HOUSEHOLD_CLOSED_COUNTRY"}


def test_saudi_domestic_work_with_a_syarikah_is_not_flagged(ref: Reference) -> None:
    got = findings(ref, title="Housemaid SPSK", description="Syarikah resmi, visa kerja.", employer_type="company",
                   country="SA", salary_currency="SAR", salary_amount=1800)
    assert got == set()


def test_household_words_under_a_company_field_are_a_contradiction(ref: Reference) -> None:
    got = findings(ref, "general", title="Operator pabrik", description="Dicari TKW, kerja di rumah majikan.",
                   employer_type="company")
    assert got == {"FIELD_TEXT_MISMATCH"}


def test_another_destination_in_the_text_is_a_contradiction(ref: Reference) -> None:
    assert findings(ref, description="Penempatan di Taiwan, keluarga 4 orang.") == {"FIELD_TEXT_MISMATCH"}


def test_net_pay_under_the_floor_in_the_text_is_caught_with_the_floor_source(ref: Reference) -> None:
    listing = ListingIn.model_validate({**CLEAN, "description": "Gaji HKD 5.200, bersih diterima HKD 3.000."})
    found = text_findings(listing, normalise_listing(listing, ref), ref, AS_OF, "domestic")
    assert [f.rule_id for f in found] == ["TEXT_PAY_BELOW_FLOOR"]
    assert "5,100" in found[0].detail and found[0].source and "effective 2025-09-30" in found[0].source


def test_net_pay_above_the_floor_but_under_the_declared_salary_is_a_contradiction(ref: Reference) -> None:
    assert findings(ref, description="Take home HKD 5,150 per bulan.", salary_amount=6000) == {"FIELD_TEXT_MISMATCH"}


def test_pay_mentions_read_currency_and_whether_it_is_net() -> None:
    found = pay_mentions(clean_text("Salary HKD 5,100 gross; net pay HKD 2,900."))
    assert [(m.amount, m.currency, m.net) for m in found] == [(5100.0, "HKD", False), (2900.0, "HKD", True)]
