"""What a match card may say (issue 18): prerequisites judged by outcome (work experience too), courses only for
the country they prepare for, and the rule sources that apply to the card's own listing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from features.profiles import NormalisedProfile, WorkerProfile, normalise_profile
from features.reference import Reference
from matching.eligibility.courses import Catalogue
from matching.eligibility.explain import badge_sources
from matching.eligibility.gaps import find_gaps
from matching.eligibility.readiness import assess
from matching.screening.catalogue import RULES
from matching.storage.tables import Listing

AS_OF = date(2026, 6, 1)


@pytest.fixture(scope="module")
def catalogue(ref: Reference) -> Catalogue:
    return Catalogue.from_reference(ref)


def worker(**fields: Any) -> NormalisedProfile:
    return normalise_profile(WorkerProfile.model_validate(fields), as_of=AS_OF)


def listing(**fields: Any) -> Listing:
    base: dict[str, Any] = {"status": "verified", "country": "KR", "employer_type": "company", "gender": "any",
                            "skill_ids": [], "certificate_ids": [], "language_ranks": {}, "required_languages": [],
                            "min_experience_years": None, "min_age": None, "max_age": None, "contract_months": 36,
                            "occupation_id": None, "sector_id": None, "reasons": []}
    return Listing(**{**base, **fields})


WELDER_JOB = {"occupation_id": "welder", "sector_id": "trades", "country": "PL", "skill_ids": ["smaw_welding"],
              "min_experience_years": 2}


@pytest.mark.parametrize(("years", "basic_course"), [(5, False), (2, False), (1, True), (0, True)])
def test_a_welders_experience_is_the_outcome_of_the_basic_course(ref: Reference, catalogue: Catalogue, years: int,
                                                                  basic_course: bool) -> None:
    experience = [{"occupation": "tukang las", "years": years, "country": "ID"}] if years else []
    welder = worker(gender="male", birth_year=1992, skills=["las SMAW"], certificates=["paspor"],
                    experience=experience)
    r = assess(welder, listing(**WELDER_JOB), catalogue, ref, AS_OF)
    assert [g.id for g in r.gaps if g.closed_by == "course"] == ["competency:welder"]
    if basic_course:  # under two years: the 8-week basic course comes first, as the assessment lists it
        assert r.path.course_ids == ("blk_welding_basic", "lsp_welder"), r.path.course_ids
    else:  # two years or more as a welder show what the basic course teaches: straight to the BNSP test
        assert r.path.course_ids == ("lsp_welder",) and r.path.total_weeks == 1, r.path.course_ids
        assert r.to_dict()["cheapest"] is None  # nothing cheaper than the one test


def test_a_course_for_one_countrys_scheme_is_never_offered_for_another(ref: Reference, catalogue: Catalogue) -> None:
    carer = worker(gender="female", birth_year=1994, certificates=["paspor"])
    needs = ["elderly_care", "dementia_care", "patient_transfer", "personal_hygiene_care", "care_record_keeping"]
    taiwan = listing(occupation_id="care_worker", sector_id="care", country="TW", skill_ids=needs)
    japan = listing(occupation_id="care_worker", sector_id="care", country="JP", skill_ids=needs)
    japan_only = {c for c, course in catalogue.courses.items() if course.countries == {"JP"}}
    assert {"lpk_kaigo", "lpk_kaigo_test_prep"} <= japan_only
    in_taiwan = assess(carer, taiwan, catalogue, ref, AS_OF)
    offered = set(in_taiwan.path.course_ids) | set(in_taiwan.cheapest.course_ids)
    offered |= {c for g in in_taiwan.gaps for c in g.courses}
    assert not offered & japan_only, offered & japan_only
    assert "lpk_kaigo" in {c for g in find_gaps(carer, japan, catalogue, ref, AS_OF) for c in g.courses}


def _sources(ref: Reference, **fields: Any) -> list[str]:
    return [s for group in badge_sources(listing(**fields), ref).values() for s in group]


def test_the_rule_sources_of_a_card_are_those_of_its_listing(ref: Reference) -> None:
    hong_kong = _sources(ref, occupation_id="housekeeper", country="HK", employer_type="household")
    malaysia = _sources(ref, occupation_id="housekeeper", country="MY", employer_type="household")
    taiwan = _sources(ref, occupation_id="housekeeper", country="TW", employer_type="household")
    factory = _sources(ref, occupation_id="production_operator", country="TW")
    assert not [s for s in hong_kong if "Malaysia" in s], hong_kong
    assert [s for s in malaysia if "MoU RI-Malaysia" in s], malaysia
    for shown in (hong_kong, malaysia, taiwan, factory):
        assert not [s for s in shown if "UNCERTAIN" in s], shown  # an unsettled source is never a basis
    zero_cost = RULES["FEE_ZERO_COST"].source
    assert zero_cost in hong_kong  # a zero-cost occupation: the zero-cost rule ...
    assert zero_cost not in factory  # ... a factory job: not it, but the corridor's cost cap with its own source
    assert [s for s in factory if s.startswith(RULES["FEE_ABOVE_CAP"].source + "; ")], factory
    assert len(set(hong_kong)) < 15  # not the same full list on every card
