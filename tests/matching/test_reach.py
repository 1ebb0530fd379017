"""Reachability: the vectorised tables agree with the per-pair definition on the demo store."""

from __future__ import annotations

from datetime import date

import numpy as np

from features.profiles import WorkerProfile, normalise_profile
from features.reference import Reference
from matching.eligibility.policy import eligible_block, exclusion_reasons
from matching.eligibility.reach import ReachTables, prefers, reachable
from matching.service import Services
from matching.storage.readings import stored_readings
from matching.storage.tables import Listing
from tests.conftest import AS_OF


def test_vectorised_reach_equals_the_per_pair_definition(demo_services: Services, ref: Reference) -> None:
    workers = stored_readings(demo_services.store, ref, AS_OF)[:120]
    listings = demo_services.store.open_verified_listings(AS_OF)
    tables = ReachTables.build(workers, listings)
    fast = np.vstack([tables.block(s, min(s + 50, len(workers))) for s in range(0, len(workers), 50)])
    slow = np.array([[reachable(w, x, AS_OF) for x in listings] for w in workers])
    assert fast.shape == slow.shape and fast.any()
    assert np.array_equal(fast, slow), np.argwhere(fast != slow)[:5]


def test_eligible_block_equals_exclusion_reasons_on_edge_cases() -> None:
    as_of = date(2026, 1, 1)
    people = [normalise_profile(WorkerProfile.model_validate(p), as_of=as_of) for p in (
        {"gender": "female", "birth_year": 2003, "education_level": "SMP"},  # 23
        {"gender": "male", "birth_year": 1970, "education_level": "SD"},  # 56
        {"birth_year": 2010},  # 16: never eligible
        {},  # nothing known: only what is known can exclude
        {"gender": "female", "birth_year": 1987, "education_level": "SMA"},  # 39
    )]
    listings = [Listing(status="verified", country=c, employer_type=t, gender=g, min_age=lo, max_age=hi)
                for c, t, g, lo, hi in (("SG", "household", "any", None, None), ("KR", "company", "male", 20, None),
                                        ("HK", "household", "female", None, 40), ("TW", None, "any", 23, 23),
                                        ("JP", "company", "any", None, None))]
    tables = ReachTables.build(people, listings)
    got = eligible_block(tables.age, tables.gender, tables.education_rank, tables.min_age, tables.max_age,
                         tables.listing_gender, tables.country, tables.employer_type)
    want = np.array([[not exclusion_reasons(x, p, as_of) for x in listings] for p in people])
    assert np.array_equal(got, want)
    assert not want[2].any() and want[3].all()


def test_preferences_decide_the_pool() -> None:
    as_of = date(2026, 1, 1)
    nurse = normalise_profile(WorkerProfile(skills=["perawat"], preferences={"countries": ["JP"]}), as_of=as_of)
    anyone = normalise_profile(WorkerProfile(), as_of=as_of)
    in_japan = Listing(country="JP", sector_id="nursing", occupation_id="nurse")
    care_in_japan = Listing(country="JP", sector_id="care", occupation_id="care_worker")
    nurse_in_taiwan = Listing(country="TW", sector_id="nursing", occupation_id="nurse")
    assert "nurse" in nurse.occupations
    assert prefers(nurse, in_japan) and not prefers(nurse, care_in_japan) and not prefers(nurse, nurse_in_taiwan)
    assert all(prefers(anyone, x) for x in (in_japan, care_in_japan, nurse_in_taiwan))
