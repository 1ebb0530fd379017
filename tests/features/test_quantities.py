"""Durations as workers write them, in digits, words and abbreviations."""

from __future__ import annotations

import pytest

from features.quantities import durations, number_at, tokens, total_years


@pytest.mark.parametrize(("text", "years"), [
    ("3 thn jaga lansia", 3.0), ("tiga tahun", 3.0), ("1,5 tahun", 1.5), ("2.5 yrs", 2.5), ("setahun", 1.0),
    ("6 bln", 0.5), ("18 bulan", 1.5), ("sebulan", 1 / 12), ("two years", 2.0), ("half a year", 0.5),
    ("satu setengah tahun", 1.5), ("1 tahun setengah", 1.5), ("two and a half years", 2.5), ("3thn", 3.0),
    ("dua belas tahun", 12.0), ("dua puluh lima tahun", 25.0), ("twenty five years", 25.0),
])
def test_durations_in_digits_words_and_abbreviations(text: str, years: float) -> None:
    assert total_years(text) == pytest.approx(years)


def test_numbers_that_are_not_durations_are_left_alone() -> None:
    for text in ("JLPT N4", "lulus SMK 2015", "umur 25", "nomor 3", ""):
        assert durations(text) == []


def test_every_duration_in_a_sentence_with_its_words() -> None:
    found = durations("2 tahun di Hongkong lalu 6 bulan di Taiwan")
    assert [(d.years, d.text) for d in found] == [(2.0, "2 tahun"), (0.5, "6 bulan")]


def test_a_decimal_comma_stays_one_number() -> None:
    assert tokens("1,5 tahun") == ["1,5", "tahun"]
    assert number_at(["dua", "belas"], 0) == (12.0, 2)
    assert number_at(["nope"], 0) is None


def test_years_are_capped_at_the_profile_schema_bound() -> None:
    assert total_years("900 tahun") == 60.0
