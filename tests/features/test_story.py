"""A worker's own story -> readings she confirms, and a profile the API accepts."""

from __future__ import annotations

from features.profiles import WorkerProfile, normalise_profile
from features.reference import Reference
from features.story import clauses, is_informal, read_story

ISSUE_STORY = "Saya lulusan SMA, 3 thn jaga lansia, bisa sedikit Mandarin, mau ke Taiwan"


def _by_field(text: str, ref: Reference) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    for r in read_story(text, ref).readings:
        out.setdefault(r.field, []).append(r.value)
    return out


def test_the_issue_story_reads_into_education_experience_language_and_destination(ref: Reference) -> None:
    story = read_story(ISSUE_STORY, ref)
    got = _by_field(ISSUE_STORY, ref)
    assert got["education_level"] == ["sma"]
    assert got["preferred_country"] == ["TW"]
    (lang,) = got["language"]
    assert lang == {"lang": "Mandarin Chinese", "code": "zh", "rank": 1, "level": "basic"}
    (exp,) = got["experience"]
    assert exp["occupation_id"] == "elderly_caretaker" and exp["years"] == 3.0 and exp["informal"] is False
    assert story.unknown == []
    # every reading says which words it came from, for the worker to check
    assert all(r.text and r.text in ISSUE_STORY for r in story.readings)


def test_caring_for_ones_own_parents_counts_and_is_marked_informal(ref: Reference) -> None:
    text = "I finished high school. 3 years caring for my elderly parents. I want to work in Hong Kong."
    story = read_story(text, ref)
    (exp,) = [r for r in story.readings if r.field == "experience"]
    assert exp.informal and exp.value["years"] == 3.0 and exp.value["occupation_id"] == "elderly_caretaker"
    profile = WorkerProfile.model_validate(story.profile())
    norm = normalise_profile(profile, ref=ref)
    assert norm.experience_years["elderly_caretaker"] == 3.0
    assert norm.informal_experience_years == {"elderly_caretaker": 3.0}


def test_levels_imply_their_language_and_a_country_alone_is_not_a_language(ref: Reference) -> None:
    got = _by_field("Lulus SMK, punya JLPT N4, ingin ke Jepang", ref)
    assert [v["code"] for v in got["language"]] == ["ja"]  # type: ignore[index]
    assert got["preferred_country"] == ["JP"] and got["education_level"] == ["sma"]


def test_numbers_in_words_and_a_country_of_past_work(ref: Reference) -> None:
    got = _by_field("tiga tahun jadi pembantu rumah tangga di Hongkong, bisa masak dan setrika", ref)
    (exp,) = got["experience"]
    assert exp == {"occupation": "Housekeeper", "occupation_id": "housekeeper", "years": 3.0, "country": "HK",
                   "informal": False}
    assert {"family_cooking", "ironing"} <= set(got["skill"])
    assert "preferred_country" not in got  # a past country is not a wish


def test_what_nothing_reads_is_kept(ref: Reference) -> None:
    story = read_story("Saya suka menyanyi, 2 tahun jaga bayi", ref)
    assert story.unknown == ["Saya suka menyanyi"]


def test_the_profile_draft_validates_and_keeps_the_story_as_summary(ref: Reference) -> None:
    draft = read_story(ISSUE_STORY, ref).profile()
    profile = WorkerProfile.model_validate(draft)
    assert profile.summary == ISSUE_STORY and profile.preferences.countries == ["TW"]
    assert profile.languages[0].language == "Mandarin Chinese"


def test_clauses_and_informal_markers() -> None:
    assert clauses("Saya lulusan SMA. 3 thn jaga lansia, mau ke Taiwan") == [
        "Saya lulusan SMA", "3 thn jaga lansia", "mau ke Taiwan"]
    assert is_informal("merawat orang tua saya 3 tahun") and is_informal("caring for my mother")
    assert not is_informal("merawat nenek di Taiwan 3 tahun")  # someone else's grandmother: a job


def test_the_summary_counts_but_never_twice(ref: Reference) -> None:
    both = normalise_profile(WorkerProfile(experience=[{"occupation": "pengasuh lansia", "years": 3}],
                                           summary="Pengalaman 3 tahun jaga lansia di Taiwan"), ref=ref)
    assert both.experience_years == {"elderly_caretaker": 3.0}
    summary_only = normalise_profile(WorkerProfile(summary="Saya 2 tahun jaga lansia"), ref=ref)
    assert summary_only.experience_years == {"elderly_caretaker": 2.0}
    assert "elderly_caretaker" in summary_only.occupations


def test_a_job_named_without_years_is_an_occupation_and_a_skill_statement_is_not(ref: Reference) -> None:
    got = _by_field("pernah jadi pengasuh bayi di Singapura, bisa masak", ref)
    assert got["occupation"] == ["babysitter"]
    assert "experience" not in got  # no years were said
    norm = normalise_profile(WorkerProfile(summary="Suka anak-anak, pernah jadi pengasuh bayi di Singapura"), ref=ref)
    assert "babysitter" in norm.occupations and norm.experience_years == {}
    assert norm.summary_unread == ["Suka anak-anak"]


def test_a_job_in_the_skills_list_also_gives_its_main_skill(ref: Reference) -> None:
    norm = normalise_profile(WorkerProfile(skills=["operator mesin"]), ref=ref)
    assert norm.occupations == ["machine_operator"] and "machine_operation" in norm.skills
