"""Messages in both languages, numbers per locale, lone surrogates refused, factor wording (issue 18)."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from features.factors import FACTOR_PHRASES, describe_factor, reads_against_the_worker
from features.i18n import VALIDATION, error_texts, fmt_number, negotiate, quantity, validation_text
from features.listings import ListingIn
from features.pairs import FEATURES
from features.profiles import WorkerProfile
from features.validation import field_errors

# Words that mark an English sentence; none may appear in an Indonesian message.
ENGLISH = {"the", "is", "are", "must", "be", "of", "and", "or", "at", "least", "most", "expected", "field", "required",
           "number", "not", "valid", "text", "got", "item", "one", "characters", "should", "input", "value", "with"}


@pytest.mark.parametrize(("lang", "header", "expected"), [
    ("id", "en-US,en;q=0.9", "id"),          # the parameter wins
    (None, "id-ID,id;q=0.9,en;q=0.8", "id"),
    (None, "en-US,en;q=0.9,id;q=0.8", "en"),
    (None, "en;q=0.2,id;q=0.7", "id"),       # by q-value, not by order
    (None, "in", "id"),                      # the old code of Indonesian
    (None, "fr-FR,de;q=0.9", "en"),          # neither: the API's own language
    (None, None, "en"),
    ("xx", "id", "id"),                      # an unknown parameter is ignored
])
def test_the_response_language_follows_the_parameter_then_accept_language(lang: str | None, header: str | None,
                                                                           expected: str) -> None:
    assert negotiate(lang, header) == expected


def test_numbers_and_durations_follow_the_locale() -> None:
    assert quantity(3.5, "year", "id") == "3,5 tahun" and quantity(3.5, "year", "en") == "3.5 years"
    assert quantity(1, "week", "en") == "1 week" and quantity(2, "week", "en") == "2 weeks"
    assert quantity(1, "week", "id") == "1 minggu"
    assert fmt_number(1500, "id") == "1.500" and fmt_number(1500, "en") == "1,500"
    assert fmt_number(1234567.25, "id", 2) == "1.234.567,25" and fmt_number(2.0, "en") == "2"


def test_every_validation_message_exists_in_plain_indonesian() -> None:
    for etype, (en, id_) in VALIDATION.items():
        words = set(re.findall(r"[a-z]+", re.sub(r"\{\w+\}", "", id_).lower()))  # placeholders are not words
        assert not words & ENGLISH, (etype, id_, words & ENGLISH)
        assert en != id_, etype
    # an unknown pydantic type still reads as Indonesian, never as pydantic's English sentence
    assert validation_text("some_new_type", {}, "id", "Input should be a frobnicator") == "isian ini tidak sah"
    english = validation_text("some_new_type", {}, "en", "Input should be a frobnicator")
    assert english == "Input should be a frobnicator"


@pytest.mark.parametrize(("data", "field", "en", "id_"), [
    ({"birth_year": 1800}, "birth_year", "must be at least 1940", "paling kecil 1940"),
    ({"gender": "robot"}, "gender", "must be one of: 'female' or 'male'",
     "harus salah satu dari: 'female' atau 'male'"),
    ({"preferences": {"min_monthly_salary_idr": float("nan")}}, "preferences.min_monthly_salary_idr",
     "ordinary number", "angka biasa"),
    ({"experience": [{"occupation": "las", "years": float("inf")}]}, "experience[0].years", "at most 60",
     "paling besar 60"),
    ({"skills": ["las", "a\ud800b"]}, "skills", "lone surrogate, U+D800", "surrogate tunggal, U+D800"),
    ({"languages": [{"language": "\udfff"}]}, "languages[0].language", "U+DFFF", "U+DFFF"),
    ({"worker_ref": "W 1"}, "worker_ref", "letters, digits", "huruf, angka"),
    ({"preferences": {"countries": ["Mars"]}}, "preferences.countries[0]", "'Mars' is not a destination",
     "'Mars' bukan negara tujuan"),
])
def test_a_bad_profile_field_is_named_in_both_languages(data: dict[str, object], field: str, en: str,
                                                        id_: str) -> None:
    with pytest.raises(ValidationError) as info:
        WorkerProfile.model_validate(data)
    errors = {e.field: e for e in field_errors(info.value)}
    assert field in errors, errors
    assert en in errors[field].message and id_ in errors[field].message_id, (errors[field].message,
                                                                            errors[field].message_id)


def test_a_lone_surrogate_in_any_listing_text_is_refused_by_name() -> None:
    with pytest.raises(ValidationError) as info:
        ListingIn.model_validate({"listing_ref": "L1", "title": "Juru las \ud83d", "country": "TW",
                                  "required_skills": ["las", "\udc00"]})
    found = {(tuple(e["loc"]), e["type"]) for e in info.value.errors()}
    assert found == {(("title",), "lone_surrogate"), (("required_skills",), "lone_surrogate")}
    texts = error_texts(info.value.errors()[0])
    assert "U+D83D" in texts["en"] and "U+D83D" in texts["id"]


def test_every_ranking_factor_has_a_phrase_for_each_side() -> None:
    assert set(FACTOR_PHRASES) == set(FEATURES)
    for feature, (higher, lower) in FACTOR_PHRASES.items():
        assert higher != lower and all(higher) and all(lower), feature


def test_complaints_never_read_as_pushing_a_job_up() -> None:
    # fewer complaints than usual raised the job: the words say "fewer complaints", and "raised"
    good = describe_factor("employer_complaint_rate", 0.0, 0.31, reference=0.08)
    assert good["effect"] == "up" and good["side"] == "lower"
    assert good["phrase_id"] == "Pengaduan tentang pemberi kerja ini lebih sedikit dari biasanya"
    assert good["phrase_en"] == "Fewer complaints about the employer than usual"
    bad = describe_factor("employer_complaint_rate", 0.4, -0.2, reference=0.08)
    assert bad["effect"] == "down" and "lebih banyak" in bad["phrase_id"]
    assert not reads_against_the_worker(good) and not reads_against_the_worker(bad)
    # a model that learned "more complaints, higher" from sparse records: true of the model, never a card's reason
    quirk = describe_factor("employer_complaint_rate", 0.4, 0.2, reference=0.08)
    assert reads_against_the_worker(quirk)
    assert not reads_against_the_worker(describe_factor("listing_age_days", 90, 0.1, reference=30))  # no good side
    # no typical value to compare with (v0 score): the plain label, never a guess
    plain = describe_factor("similarity", 0.8, 0.48)
    assert plain["side"] is None and plain["phrase_en"] == plain["label_en"]
    not_chosen = describe_factor("country_preferred", 0.0, -0.11, reference=1.0)
    assert not_chosen["phrase_en"] == "Not in a country you chose" and not_chosen["effect"] == "down"
