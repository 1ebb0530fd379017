"""Numbers and money as contracts write them: local digit formats, numbers in words, currencies."""

from __future__ import annotations

import pytest

from features.contracts.numbers import find_money, find_numbers, parse_digits, words_to_number


@pytest.mark.parametrize(("words", "value"), [
    ("dua puluh lima juta", 25_000_000), ("lima ribu seratus", 5_100), ("seribu tujuh ratus", 1_700),
    ("satu setengah juta", 1_500_000), ("enam koma lima juta", 6_500_000), ("sebelas", 11), ("dua belas", 12),
    ("sembilan ratus sembilan puluh sembilan ribu", 999_000), ("five thousand one hundred", 5_100),
    ("twenty eight thousand five hundred and ninety", 28_590), ("two hundred five", 205),
])
def test_numbers_in_words(words: str, value: float) -> None:
    assert words_to_number(words.split()) == value


@pytest.mark.parametrize(("raw", "value"), [
    ("25.000.000", 25e6), ("25.000.000,-", 25e6), ("28,590", 28_590), ("1.700", 1_700), ("6,5", 6.5),
    ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("5100", 5100),
])
def test_local_digit_formats(raw: str, value: float) -> None:
    assert parse_digits(raw) == value


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("Rp25.000.000,- (dua puluh lima juta rupiah)", 25e6, "IDR"), ("NT$28,590 per month", 28_590, "TWD"),
    ("HK$ 5,100", 5_100, "HKD"), ("gaji RM1.700 sebulan", 1_700, "MYR"), ("Rp 6,5 juta", 6.5e6, "IDR"),
    ("₩2,096,270", 2_096_270, "KRW"), ("KRW 2,156,880", 2_156_880, "KRW"), ("SAR 1,500", 1_500, "SAR"),
    ("1.500 ringgit", 1_500, "MYR"), ("US$550", 550, "USD"), ("lima ribu seratus dolar Hong Kong", 5_100, "HKD"),
    ("dua puluh lima juta rupiah", 25e6, "IDR"),
])
def test_money_with_its_currency(text: str, amount: float, currency: str) -> None:
    found = find_money(text)
    assert [(m.amount, m.currency) for m in found] == [(amount, currency)]


def test_words_that_disagree_with_the_digits_are_kept_and_the_lower_one_is_known() -> None:
    [m] = find_money("SAR 1,500 (one thousand two hundred Saudi Riyals)")
    assert (m.amount, m.words_value, m.lowest) == (1500, 1200, 1200)
    [same] = find_money("HK$5,100 (five thousand one hundred Hong Kong dollars)")
    assert same.words_value is None


def test_a_bare_dollar_sign_takes_the_contracts_dollar_and_bare_numbers_need_a_default() -> None:
    assert [(m.amount, m.currency) for m in find_money("a wage of $5,100 a month", dollar="HKD")] == [(5100, "HKD")]
    assert find_money("2 (dua) tahun") == []
    assert [n.value for n in find_numbers("2 (dua) tahun")] == [2]
    assert [m.currency for m in find_money("gaji 1.700 sebulan", default_currency="MYR")] == ["MYR"]
