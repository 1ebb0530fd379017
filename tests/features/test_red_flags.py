"""The bilingual red-flag reader: obfuscation and amounts are undone, negations and payers clear a hit, and
what the text says about household work and destinations is read."""

from __future__ import annotations

import pytest

from features.red_flags import (
    clean_text,
    countries_named,
    deobfuscate,
    flag_counts,
    household_work,
    normalise_amounts,
    scan,
)
from features.reference import Reference


@pytest.mark.parametrize(("raw", "expected"), [
    ("b!aya", "biaya"), ("p4sp0r", "paspor"), ("jam1nan", "jaminan"), ("pot0ng g4ji", "potong gaji"),
    ("25jt", "25jt"), ("08123456789", "08123456789"), ("KEP.001/KP2MI/2026", "KEP.001/KP2MI/2026"),
    ("agen.hk@gmail.com", "agen.hk@gmail.com"), ("2nd", "2nd"),
])
def test_deobfuscate_fixes_words_and_leaves_numbers_codes_and_addresses(raw: str, expected: str) -> None:
    assert deobfuscate(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("dua puluh lima juta", "25000000"), ("seratus ribu", "100000"), ("tiga juta lima ratus ribu", "3500000"),
    ("25jt", "25000000"), ("1,5 juta", "1500000"), ("500rb", "500000"), ("Rp25.000.000,-", "rp 25000000"),
    ("Rp 7.500.000", "rp 7500000"), ("HKD 4.500", "HKD 4500"),
])
def test_amounts_in_words_and_shorthand_become_digits(raw: str, expected: str) -> None:
    assert normalise_amounts(raw).split() == expected.split()


def test_clean_text_keeps_clause_boundaries_and_reads_dollar_signs() -> None:
    assert clean_text("Gaji HK$ 3.500, bersih.") == "gaji hkd 3500 xcl bersih xcl"


def flags(text: str) -> set[str]:
    return {h.flag for h in scan(text)}


@pytest.mark.parametrize(("text", "flag"), [
    ("Paspor diamankan oleh bos selama kontrak", "passport_retention"),
    ("Passport nanti di-keep sama employer", "passport_retention"),
    ("biaya proses Rp 25 juta dibayar di muka", "upfront_fee"),
    ("b!aya pendaftaran 2jt", "upfront_fee"),
    ("uang jaminan 5 juta", "upfront_fee"),
    ("biaya pelatihan wajib dibayar", "upfront_fee"),
    ("potong gaji 7 bulan", "salary_deduction"),
    ("The first 6 months of salary go to the agency.", "salary_deduction"),
    ("calling visa, jalur belakang", "non_work_visa"),
    ("job ziarah ke Saudi", "non_work_visa"),
    ("tidak ada hari libur", "no_rest_day"),
    ("HP disita majikan", "movement_restricted"),
    ("DM/japri aja", "personal_contact"),
    ("WA 0812-3456-7890", "personal_contact"),
])
def test_each_flag_is_raised_by_its_phrases(text: str, flag: str) -> None:
    assert flag in flags(text)


@pytest.mark.parametrize("text", [
    "Tanpa biaya. Paspor dipegang sendiri.", "Tidak ada potongan gaji.", "No placement fee.",
    "Biaya pelatihan ditanggung pemerintah.", "Biaya proses: gratis.", "Ora ana potongan gaji.",
    "Passport kept by the worker.", "Bukan visa turis.", "Biaya penempatan Rp 0.",
    "Semua biaya ditanggung oleh majikan.", "rekrutmen@contoh-penempatan.co.id",
])
def test_negations_and_payers_clear_a_hit(text: str) -> None:
    assert flags(text) == set()


def test_flag_counts_has_every_flag_in_order() -> None:
    counts = flag_counts("potong gaji 7 bulan")
    assert counts["salary_deduction"] == 1.0 and sum(counts.values()) == 1.0


@pytest.mark.parametrize(("text", "said"), [
    ("Dicari TKW ke Dubai", "tkw"), ("Lowongan ART", "art"), ("PRT untuk keluarga", "prt"),
    ("Housemaid for a family", "housemaid"), ("Domestic helper wanted", "domestic helper"),
    ("Operator pabrik", None), ("Bukan PRT, kerja di pabrik", None),
])
def test_household_work_is_read_from_the_words_ads_use(text: str, said: str | None) -> None:
    assert household_work(text) == said


def test_countries_named_reads_cities_and_skips_short_words(ref: Reference) -> None:
    rows = zip(ref.countries.index, ref.countries.itertuples(index=False), strict=True)
    names = [(str(c), str(n)) for c, row in rows
             for n in [row.name_en, *row.synonyms]]
    assert countries_named("Dicari TKW ke Dubai", names) == {"AE": "dubai"}
    assert countries_named("keluarga di Riyadh", names) == {"SA": "riyadh"}
    assert countries_named("om my it de la", names) == {}  # "om" is uncle; short codes are words
