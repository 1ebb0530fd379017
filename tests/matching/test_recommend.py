"""Recommend v0 end to end: the real encoder, FAISS index and SQLite store filled by the demo."""

from __future__ import annotations

from datetime import date

import pytest

from features.profiles import WorkerProfile
from matching.eligibility.policy import exclusion_reasons
from matching.recommend.pipeline import COVERAGE_WEIGHT, SIMILARITY_WEIGHT, skill_coverage
from matching.service import Services
from matching.storage.tables import Listing
from tests.conftest import AS_OF
from tests.matching.profile_pairs import PAIRS


def test_demo_screening_lets_no_labelled_flaw_through(demo_services: Services) -> None:
    stats = demo_services.demo_stats  # type: ignore[attr-defined]
    assert stats.invalid_rows == 0
    assert stats.unsafe_verified == 0
    assert stats.verified > 0.6 * stats.listings


def test_no_recommendation_is_ever_unverified_expired_or_labelled_unsafe(demo_services: Services) -> None:
    """Over ALL demo workers: every recommended listing is verified, open, and carries no generator flaw."""
    refs = demo_services.store.worker_refs()
    listing_rows = demo_services.store.listings_frame_rows(["id", "status", "expires_at", "posted_at", "demo_flaw"])
    facts = {r[0]: r[1:] for r in listing_rows}
    checked = 0
    for start in range(0, len(refs), 500):
        for rec in demo_services.recommender.recommend_workers(refs[start:start + 500], as_of=AS_OF):
            for match in rec.matches:
                status, expires_at, posted_at, flaw = facts[match.listing_id]
                assert status == "verified", match.listing_id
                assert expires_at is None or expires_at >= AS_OF, match.listing_id
                assert posted_at is None or posted_at <= AS_OF
                assert flaw is None, (match.listing_id, flaw)
                checked += 1
    assert checked >= 0.9 * len(refs) * 10  # nearly every worker gets a full list


def test_indonesian_and_english_profiles_get_the_same_recommendations(demo_services: Services) -> None:
    overlaps = []
    for indonesian, english in PAIRS:
        id_rec = demo_services.recommender.recommend(WorkerProfile.model_validate(indonesian), k=10, as_of=AS_OF)
        en_rec = demo_services.recommender.recommend(WorkerProfile.model_validate(english), k=10, as_of=AS_OF)
        a = {m.listing_id for m in id_rec.matches}
        b = {m.listing_id for m in en_rec.matches}
        assert len(a) == len(b) == 10
        overlaps.append(len(a & b))
    assert sum(overlaps) / len(overlaps) >= 8, overlaps


def test_results_fit_the_profile_and_are_ordered_by_the_transparent_score(demo_services: Services) -> None:
    welder = WorkerProfile.model_validate(PAIRS[4][1])
    rec = demo_services.recommender.recommend(welder, k=10, as_of=AS_OF)
    scores = [m.score for m in rec.matches]
    assert scores == sorted(scores, reverse=True)
    for m in rec.matches:
        assert m.score == pytest.approx(SIMILARITY_WEIGHT * m.similarity + COVERAGE_WEIGHT * m.skill_coverage,
                                        abs=1e-3)
    assert rec.matches[0].listing["occupation"]["id"] == "welder"
    top = rec.matches[0].explanation
    assert {s["id"] for s in top["matched_skills"]} <= set(rec.profile.skills)
    assert top["safety"]["agency_licensed"] and top["safety"]["job_order_verified"]


def test_policy_filters_age_gender_and_legal_requirements(demo_services: Services) -> None:
    rec = demo_services.recommender
    man = WorkerProfile(gender="male", birth_year=AS_OF.year - 30, skills=["merawat bayi", "menyetrika"],
                        preferences={"countries": ["SG"], "sectors": ["care"]})
    for m in rec.recommend(man, k=10, as_of=AS_OF).matches:
        assert m.listing["country"] != "SG" or m.listing["employer_type"] != "household"  # MOM: FDWs are women
    minor = WorkerProfile(birth_year=AS_OF.year - 16, skills=["memasak"])
    result = rec.recommend(minor, k=10, as_of=AS_OF)
    assert result.matches == [] and result.excluded.get("worker_under_18", 0) > 0


def test_exclusion_reasons_known_answers(demo_services: Services) -> None:
    from features.profiles import normalise_profile

    listing = Listing(status="verified", expires_at=date(2026, 1, 31), posted_at=date(2025, 12, 1), min_age=21,
                      max_age=40, gender="female", country="SG", employer_type="household")
    old_man = normalise_profile(WorkerProfile(gender="male", birth_year=1970, education_level="SD"),
                                as_of=date(2026, 1, 1))
    assert set(exclusion_reasons(listing, old_man, date(2026, 1, 1))) == {
        "above_max_age", "gender", "legal_age", "legal_gender", "legal_education"}
    assert "expired" in exclusion_reasons(listing, old_man, date(2026, 2, 1))


def test_skill_coverage_known_values() -> None:
    assert skill_coverage({"a", "b"}, ["a", "b", "c", "d"]) == 0.5
    assert skill_coverage(set(), []) == 1.0
    assert skill_coverage({"x"}, ["a"]) == 0.0


def test_screening_report_on_the_demo_meets_the_targets(demo_services: Services) -> None:
    from matching.learning.screening_eval import screening_report

    report = screening_report(demo_services.store)
    assert report["unsafe"] > 0 and report["clean"] > 0
    assert report["unsafe_recall"] >= 0.98, report["per_flaw"]
    assert report["clean_rejected_share"] <= 0.02, report["clean_statuses"]
    assert all(v["n"] > 0 for v in report["per_flaw"].values())
