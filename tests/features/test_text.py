"""Free text -> canonical ids, in Indonesian and English, with unknowns kept."""

from __future__ import annotations

import pytest

from features.levels import parse_education, parse_language, parse_requirement
from features.profiles import WorkerProfile, normalise_profile
from features.reference import Reference
from features.text import find, fold, read_item


def ids(text: str, kind: str) -> list[str]:
    return [m.id for m in find(text, (kind,))]


def test_fold_handles_case_accents_and_punctuation() -> None:
    assert fold("  Las MIG/MAG,  Café ") == "las mig mag cafe"


@pytest.mark.parametrize(("text", "skill"), [
    ("Menyetrika", "ironing"), ("nyetrika baju", "ironing"), ("IRONING CLOTHES", "ironing"),
    ("merawat lansia", "elderly_care"), ("elderly care", "elderly_care"),
    ("las listrik", "smaw_welding"), ("stick welding", "smaw_welding"),
    ("panen sawit", "oil_palm_harvesting"), ("memperbaiki jaring", "net_mending"),
])
def test_indonesian_and_english_synonyms_reach_the_same_skill(text: str, skill: str) -> None:
    assert ids(text, "skill") == [skill]


def test_multi_word_phrases_inside_free_text() -> None:
    text = "Saya bisa merawat lansia, memasak, dan mengemudi mobil manual. Pernah kerja di Taiwan."
    assert set(ids(text, "skill")) >= {"elderly_care", "family_cooking"}
    assert ids(text, "country") == ["TW"]


def test_longest_phrase_wins() -> None:
    # "pengasuh lansia" (an occupation) must not be read as the shorter "pengasuh".
    assert ids("pengasuh lansia", "occupation") == ["elderly_caretaker"]


def test_misspellings_are_read_fuzzily_and_nonsense_is_not() -> None:
    assert read_item("menyetrikka", ("skill",)).fuzzy == ("skill", "ironing")
    assert not read_item("karaoke", ("skill", "occupation")).known


def test_unknown_skills_are_kept_verbatim(ref: Reference) -> None:
    profile = WorkerProfile(skills=["memasak", "merangkai bunga", "Karaoke"])
    norm = normalise_profile(profile, ref=ref)
    assert norm.skills == ["family_cooking"]
    assert norm.unknown_skills == ["merangkai bunga", "Karaoke"]


@pytest.mark.parametrize(("language", "level", "lang", "rank"), [
    ("bahasa Jepang", "N4", "ja", 2), ("Japanese", "JLPT N4", "ja", 2), ("Jepang", "JFT-Basic A2", "ja", 2),
    ("Inggris", "dasar", "en", 1), ("English", "basic", "en", 1),
    ("Mandarin", "menengah", "zh", 3), ("Chinese", "intermediate", "zh", 3),
    ("bahasa Korea", "lulus EPS-TOPIK", "ko", 2), ("German", "B1", "de", 3),
    ("Inggris", "fasih", "en", 5), ("English", "fluent", "en", 5),
])
def test_language_levels_in_either_language(language: str, level: str, lang: str, rank: int) -> None:
    parsed = parse_language(language, level)
    assert parsed is not None and (parsed.lang, parsed.rank) == (lang, rank)


def test_listing_language_requirements() -> None:
    assert (parse_requirement("ja:N4").lang, parse_requirement("ja:N4").rank) == ("ja", 2)  # type: ignore[union-attr]
    assert parse_requirement("ko:eps-topik").rank == 2  # type: ignore[union-attr]
    assert parse_requirement("xx:N4") is None


@pytest.mark.parametrize(("text", "level"), [
    ("SD", "sd"), ("tamat SMP", "smp"), ("SMK Teknik Mesin", "sma"), ("senior high school", "sma"),
    ("D3 Keperawatan", "d3"), ("Diploma III", "d3"), ("S1 Ners", "s1"), ("bachelor's degree", "s1"),
])
def test_education_levels(text: str, level: str) -> None:
    parsed = parse_education(text)
    assert parsed is not None and parsed[0] == level


def test_a_language_certificate_proves_its_level(ref: Reference) -> None:
    norm = normalise_profile(WorkerProfile(certificates=["JLPT N3"]), ref=ref)
    assert norm.languages == {"ja": 3}


def test_close_match_answers_what_difflib_answers(ref: Reference) -> None:
    import difflib
    import random

    from features.text import FUZZY_CUTOFF, _char_counts, _phrases_of, close_match

    kinds = ("skill", "occupation")
    phrases = list(_phrases_of(kinds, ref))
    table = _char_counts(kinds, ref)
    rng = random.Random(0)
    words = ["memsak", "setrka baju", "perawat lansiaa", "", "zzzzzzzzzz", "caregiver"]
    for phrase in rng.sample(phrases, 150):  # misspell real phrases: drop, swap or add a letter
        chars = list(phrase)
        i = rng.randrange(len(chars))
        op = rng.choice(["drop", "swap", "add"])
        if op == "drop":
            del chars[i]
        elif op == "swap" and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars.insert(i, rng.choice("aeiouxyz"))
        words.append("".join(chars))
    for cutoff in (FUZZY_CUTOFF, 0.6):
        for word in words:
            want = difflib.get_close_matches(word, phrases, n=1, cutoff=cutoff)
            assert close_match(word, table, cutoff) == (want[0] if want else None), word
