"""Pair features on a hand-made listing table, every value checked by hand."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from features import pairs
from features.pairs import FEATURES, ListingTable, pair_features, track_record, worker_facts
from features.profiles import NormalisedProfile
from features.reference import Reference

AS_OF = date(2026, 3, 1)


def _listing(listing_id: int, **kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        pairs.LISTING_ID: listing_id, pairs.COUNTRY: "HK", pairs.SECTOR: "domestic", pairs.OCCUPATION: "housekeeper",
        pairs.SKILLS: [], pairs.CERTIFICATES: [], pairs.LANGUAGES: {}, pairs.MIN_EXPERIENCE: None,
        pairs.MIN_AGE: None, pairs.MAX_AGE: None, pairs.GENDER: "any", pairs.MIN_EDUCATION: None,
        pairs.PAY_IDR: 10_000_000.0, pairs.FEE_IDR: 0.0, pairs.CONTRACT_MONTHS: 24, pairs.PAY_TO_FLOOR: 1.1,
        pairs.POSTED_AT: date(2026, 2, 19), pairs.AGENCY: "A1", pairs.EMPLOYER: "HK|E1",
    }
    row.update(kw)
    return row


@pytest.fixture(scope="module")
def table(ref: Reference) -> ListingTable:
    rows = [
        # 1: a housekeeper job: 4 skills, 3 of them core for the occupation (weight 2), Cantonese A2 required
        _listing(11, **{pairs.SKILLS: ["housekeeping", "ironing", "laundry", "pet_care"],
                        pairs.LANGUAGES: {"yue": 2}, pairs.MIN_EXPERIENCE: 2.0, pairs.MIN_AGE: 23,
                        pairs.MAX_AGE: 49, pairs.GENDER: "female", pairs.MIN_EDUCATION: 2,
                        pairs.FEE_IDR: 12_000_000.0, pairs.CONTRACT_MONTHS: 24}),
        # 2: a welder job in Taiwan: nothing the worker has; a certificate no course closes is not possible here,
        # so it asks for a BNSP housekeeper certificate (closed by an assessment whose prerequisite is a course)
        _listing(22, **{pairs.COUNTRY: "TW", pairs.SECTOR: "trades", pairs.OCCUPATION: "welder",
                        pairs.SKILLS: ["smaw_welding"], pairs.CERTIFICATES: ["bnsp_housekeeper"],
                        pairs.LANGUAGES: {"ja": 2}, pairs.PAY_IDR: None, pairs.PAY_TO_FLOOR: None,
                        pairs.POSTED_AT: None, pairs.AGENCY: "A2", pairs.EMPLOYER: "TW|E2"}),
        # 3: no requirements at all
        _listing(33, **{pairs.AGENCY: "", pairs.EMPLOYER: ""}),
    ]
    return ListingTable(pd.DataFrame(rows), ref)


def _worker(**kw: object) -> NormalisedProfile:
    base: dict[str, object] = dict(
        worker_ref="W1", gender="female", birth_year=1996, age=30, province=None, education_level="sma",
        education_rank=3, skills=["housekeeping", "ironing", "cooking_unknown_to_table"], unknown_skills=[],
        certificates=[], unknown_certificates=[], languages={"yue": 1, "en": 3}, occupations=["housekeeper"],
        experience_years={"housekeeper": 3.0, "welder": 1.0}, total_experience_years=4.0,
        preferred_countries=["HK"], preferred_sectors=["domestic"], min_monthly_salary_idr=8_000_000)
    base.update(kw)
    return NormalisedProfile(**base)  # type: ignore[arg-type]


def test_rows_map_ids_and_unknown_ids(table: ListingTable) -> None:
    assert table.rows([33, 11, 99, 22]).tolist() == [2, 0, -1, 1]


def test_every_feature_by_hand(table: ListingTable, ref: Reference) -> None:
    w = worker_facts(_worker(), table)
    X = pair_features(w, table, table.rows([11, 22, 33]), np.array([0.8, 0.3, 0.5]), AS_OF)
    assert list(X.columns) == list(FEATURES)
    a, b, c = (X.iloc[i] for i in range(3))
    assert a["similarity"] == pytest.approx(0.8)
    # housekeeping and ironing are core (2 each), laundry core (2), pet_care not (1): has 2+2 of 7
    assert a["skill_coverage"] == pytest.approx(4 / 7)
    assert (a["skills_missing"], b["skills_missing"], c["skills_missing"]) == (2, 1, 0)
    assert c["skill_coverage"] == 1.0 and b["skill_coverage"] == 0.0
    assert (a["certificates_missing"], b["certificates_missing"]) == (0, 1)
    assert (a["language_gap"], b["language_gap"], c["language_gap"]) == (1, 2, 0)
    # experience: housekeeper years count for the housekeeper job; the welder year for the trades job
    assert (a["experience_years"], b["experience_years"]) == (3.0, 1.0)
    assert a["experience_margin"] == 1.0 and b["experience_margin"] == 1.0
    assert (a["occupation_match"], b["occupation_match"]) == (1.0, 0.0)
    assert a["age_margin"] == 7 and math.isnan(c["age_margin"])  # 30 - 23 = 7, 49 - 30 = 19
    assert (a["gender_restricted"], c["gender_restricted"]) == (1.0, 0.0)
    assert a["education_margin"] == 1 and c["education_margin"] == 3
    # pay: 10 M IDR a month minus a 12 M fee over 24 months
    assert a["net_pay_idr_m"] == pytest.approx(9.5)
    assert a["net_pay_vs_wish"] == pytest.approx(9.5 / 8)
    assert a["fee_months"] == pytest.approx(1.2)
    assert a["pay_vs_floor"] == pytest.approx(1.1) and math.isnan(b["pay_vs_floor"])
    # jobs 1 and 3 are the table's only Hong Kong housekeeper jobs, both paying 10 M: the market median
    assert a["pay_vs_market"] == pytest.approx(1.0) and math.isnan(b["pay_vs_market"])
    assert math.isnan(b["net_pay_idr_m"]) and math.isnan(b["fee_months"])
    assert (a["country_preferred"], b["country_preferred"]) == (1.0, 0.0)
    assert (a["sector_preferred"], b["sector_preferred"]) == (1.0, 0.0)
    assert a["listing_age_days"] == 10 and math.isnan(b["listing_age_days"])
    # no track record given: unknown
    assert X["agency_completion_rate"].isna().all()


def _course_plan(ref: Reference, items: list[str]) -> float:
    """Weeks of the union of each item's shortest course and its prerequisites (recursive, by hand)."""
    courses = ref.courses

    def closure(cid: str) -> set[str]:
        return {cid}.union(*[closure(p) for p in courses.loc[cid, "prerequisites"]])

    def weeks(ids: set[str]) -> float:
        return float(sum(float(courses.loc[c, "weeks"]) for c in ids))

    chosen: set[str] = set()
    for item in items:
        options = [cid for cid, closes in zip(courses.index, courses["closes"], strict=True) if item in closes]
        chosen |= closure(min(options, key=lambda cid: weeks(closure(cid))))
    return weeks(chosen)


def test_training_weeks_count_shared_courses_once(table: ListingTable, ref: Reference) -> None:
    w = worker_facts(_worker(), table)
    X = pair_features(w, table, table.rows([11, 22, 33]), np.zeros(3), AS_OF)
    # job 1: laundry and pet care (one housekeeper course closes both: counted once); Cantonese A2 has no
    # course in the catalogue (only A1 has), so it is a gap without a course
    plan_1 = _course_plan(ref, ["skill:laundry", "skill:pet_care"])
    assert X.iloc[0]["training_weeks"] == pytest.approx(plan_1)
    assert plan_1 < _course_plan(ref, ["skill:laundry"]) + _course_plan(ref, ["skill:pet_care"])
    assert X.iloc[0]["gaps_without_course"] == 1
    # job 2: welding, the BNSP housekeeper assessment (its prerequisite course included) and Japanese A2
    assert X.iloc[1]["training_weeks"] == pytest.approx(
        _course_plan(ref, ["skill:smaw_welding", "cert:bnsp_housekeeper", "lang:ja:2"]))
    assert X.iloc[2]["training_weeks"] == 0 and X.iloc[2]["gaps_without_course"] == 0


def test_a_worker_with_every_skill_needs_no_training(table: ListingTable) -> None:
    w = worker_facts(_worker(skills=["housekeeping", "ironing", "laundry", "pet_care"], languages={"yue": 3}),
                     table)
    row = pair_features(w, table, table.rows([11]), np.ones(1), AS_OF).iloc[0]
    assert row["skill_coverage"] == 1.0 and row["skills_missing"] == 0 and row["language_gap"] == 0
    assert row["training_weeks"] == 0


def test_no_preferences_and_no_wish_are_unknown_not_zero(table: ListingTable) -> None:
    w = worker_facts(_worker(preferred_countries=[], preferred_sectors=[], min_monthly_salary_idr=None, age=None,
                             education_rank=None), table)
    row = pair_features(w, table, table.rows([11]), np.ones(1), AS_OF).iloc[0]
    for name in ("country_preferred", "sector_preferred", "net_pay_vs_wish", "age_margin", "education_margin"):
        assert math.isnan(row[name]), name


def test_track_record_is_smoothed_towards_the_overall_rate(table: ListingTable) -> None:
    rows = table.rows([11, 11, 11, 22])
    tr = track_record(table, rows, completed=np.array([True, True, False, False]),
                      complaint=np.array([False, False, True, False]), strength=2.0)
    # overall: 2 of 4 completed, 1 of 4 complaint. Agency A1 (3 placements): (2 + 2 * 0.5) / (3 + 2) = 0.6
    a1, a2, none = table.rows([11, 22, 33])
    assert tr.agency_completion[a1] == pytest.approx(0.6)
    assert tr.agency_complaint[a1] == pytest.approx((1 + 2 * 0.25) / 5)
    assert tr.agency_completion[a2] == pytest.approx((0 + 1) / 3)
    assert tr.agency_placements[a1] == pytest.approx(math.log(4))
    # a listing with no known agency gets the overall rate
    assert tr.agency_completion[none] == pytest.approx(0.5) and tr.agency_placements[none] == 0
    X = pair_features(worker_facts(_worker(), table), table, np.array([a1, none]), np.zeros(2), AS_OF, tr)
    assert X["employer_completion_rate"].tolist() == pytest.approx([0.6, 0.5])


def test_empty_candidate_block(table: ListingTable) -> None:
    X = pair_features(worker_facts(_worker(), table), table, np.zeros(0, dtype=int), np.zeros(0), AS_OF)
    assert X.shape == (0, len(FEATURES))


def test_missing_table_columns_are_named(ref: Reference) -> None:
    with pytest.raises(ValueError, match="missing columns.*pay_to_floor"):
        ListingTable(pd.DataFrame([_listing(1)]).drop(columns=[pairs.PAY_TO_FLOOR]), ref)
