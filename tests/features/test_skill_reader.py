"""Skill lines from real postings -> skill ids."""

from __future__ import annotations

import pytest

from features.profiles import WorkerProfile, normalise_profile
from features.reference import Reference
from features.skill_reader import phrase_parts, read_skills


def ids(text: str) -> set[str]:
    return {r.skill_id for r in read_skills(text)}


@pytest.mark.parametrize(("phrase", "skill"), [
    ("Mampu mengendarai mobil manual atau matic", "manual_driving"), ("Menguasai MS Excel", "ms_excel"),
    ("Memahami kebersihan dan sanitasi dapur", "kitchen_cleaning"), ("Bisa packing dengan teliti", "packing"),
    ("merawat lansia", "elderly_care"), ("Knowledge of food hygiene", "food_hygiene"),
])
def test_requirement_lines_read_to_layak_skills(phrase: str, skill: str) -> None:
    assert skill in ids(phrase)


def test_each_part_of_a_list_is_read() -> None:
    assert {"ms_word", "ms_excel"} <= ids("Mampu mengoperasikan Microsoft Word dan Excel dengan baik")


def test_how_a_line_is_phrased_reads_nothing_by_itself() -> None:
    assert ids("Mampu dengan baik") == set()
    assert ids("c. Kemampuan") == set()  # a list marker is not ESCO's "C" language


def test_phrase_parts_split_lists_and_brackets() -> None:
    assert phrase_parts("- Menggunakan alat dapur (panci, kompor)") == [
        "Menggunakan alat dapur (panci, kompor)", "Menggunakan alat dapur", "panci", "kompor"]


def test_a_profile_skill_the_old_phrase_list_missed_now_counts(ref: Reference) -> None:
    norm = normalise_profile(WorkerProfile(skills=["Bisa mengemudikan Truk", "merangkai bunga"]), ref=ref)
    assert "truck_driving" in norm.skills
    assert norm.unknown_skills == ["merangkai bunga"]


@pytest.mark.parametrize(("phrase", "skill"), [
    # Lines of the dev split the first vocabulary missed (features/vocab/sources/slang.csv quotes each).
    ("Perawatan dan perbaikan unit pendingin", "aircon_service"),
    ("Berpengalaman membawa truck engkel minimal 1-2 tahun", "truck_driving"),
    ("Mampu mengendarai kendaraan truck", "truck_driving"),
    ("Menguasai wilayah Jawa Timur", "route_navigation"),
    ("Dapat menggunakan peralatan kebersihan", "office_cleaning"),
    ("Mampu memanggang dan mengolah adonan kue", "baking"),
    ("Mampu mengontrol proses pergudangan", "inventory_management"),
])
def test_postings_own_words_for_a_skill_are_read(phrase: str, skill: str) -> None:
    assert skill in ids(phrase)


def test_a_truck_is_still_not_a_car_and_a_plain_duty_reads_nothing() -> None:
    assert "car_driving" not in ids("Berpengalaman membawa truck engkel")
    assert ids("Bersedia ditempatkan di Dadap Kab. Tangerang") == set()
