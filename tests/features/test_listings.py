"""Listing rows: validation names the row and field; pay converts to a monthly amount with known values."""

from __future__ import annotations

import pytest

from features.listings import LISTING_COLUMNS, listing_row_errors, monthly_salary, parse_listing_row
from features.validation import FieldError

ROW = {c: "" for c in LISTING_COLUMNS} | {
    "listing_ref": "X-1", "title": "Operator produksi", "country": "my", "salary_amount": "1900",
    "salary_currency": "myr", "salary_period": "Month", "job_order_verified": "true",
    "required_skills": "operator mesin; pengemasan ;", "posted_at": "2026-11-01", "contract_months": "24",
}


def test_a_good_row_parses_with_types_and_lists() -> None:
    listing = parse_listing_row(ROW, row_no=3)
    assert listing.country == "MY" and listing.salary_currency == "MYR" and listing.salary_period == "month"
    assert listing.job_order_verified is True and listing.contract_months == 24
    assert listing.required_skills == ["operator mesin", "pengemasan"]
    assert listing.description is None  # empty = unknown


@pytest.mark.parametrize(("field", "value", "expect", "expect_id"), [
    ("salary_amount", "banyak", "must be a number", "harus berupa angka"),
    ("contract_months", "0", "must be at least 1", "paling kecil 1"),
    ("salary_period", "week", "'month', 'day' or 'hour'", "harus salah satu dari: 'month', 'day' atau 'hour'"),
    ("country", "Malaysia", "2-letter country code", "kode negara 2 huruf"),
    ("posted_at", "31/12/2026", "date written like 2026-12-31", "harus tanggal"),
    ("visa_type", "kerja", "'work'", "harus salah satu dari"),
])
def test_a_bad_field_is_named_with_its_row_and_what_was_expected(field: str, value: str, expect: str,
                                                                 expect_id: str) -> None:
    errors = listing_row_errors(ROW | {field: value}, row_no=7)
    assert len(errors) == 1
    err = errors[0]
    assert err.row == 7 and err.field == field
    assert expect in err.message and repr(value) in err.message
    assert expect_id in err.message_id and repr(value) in err.message_id  # the same error in Indonesian
    with pytest.raises(FieldError, match=f"row 7, field '{field}'"):
        parse_listing_row(ROW | {field: value}, row_no=7)


def test_missing_required_fields_and_unknown_columns_are_reported() -> None:
    errors = listing_row_errors(ROW | {"title": "", "colour": "red"}, row_no=2)
    fields = {e.field for e in errors}
    assert fields == {"title", "colour"}


@pytest.mark.parametrize(("amount", "period", "hours", "expected"), [
    (5100, "month", None, 5100.0),
    (10_000, "hour", 40, 10_000 * 40 * 52 / 12),  # 1,733,333.33
    (18, "day", 48, 18 * 6 * 52 / 12),  # B$18/day, 6 days a week -> 468.0
    (100, "hour", None, None),  # hourly pay without hours cannot be converted
    (None, "month", 40, None),
])
def test_monthly_salary_known_values(amount: float | None, period: str, hours: float | None,
                                     expected: float | None) -> None:
    got = monthly_salary(amount, period, hours)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_a_title_as_employers_write_it_names_the_occupation_through_the_vocabulary() -> None:
    from features.listings import ListingIn, normalise_listing

    base = {"listing_ref": "T-1", "country": "MY"}
    assert normalise_listing(ListingIn(title="Staff Gudang Helper", **base)).occupation_id == "warehouse_worker"
    assert normalise_listing(ListingIn(title="Kerja apa saja", **base)).occupation_id is None
    norm = normalise_listing(ListingIn(title="Driver", required_skills=["Mampu mengendarai mobil manual"], **base))
    assert "manual_driving" in norm.skills and norm.unknown_skills == []
