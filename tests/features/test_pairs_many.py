"""``pair_matrix`` (many workers at once) gives exactly the rows of ``pair_features`` (one worker at a time)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from features import pairs
from features.pairs import FEATURES, ListingTable, pair_features, track_record, worker_facts
from features.pairs_many import pair_matrix
from features.profiles import NormalisedProfile
from features.reference import Reference

AS_OF = date(2026, 3, 1)


def _random_table(ref: Reference, rng: np.random.Generator, n: int = 400) -> ListingTable:
    skills, certs = list(ref.skills.index), list(ref.certificates.index)
    occupations, sectors = list(ref.occupations.index), list(ref.sectors.index)
    rows = []
    for i in range(n):
        occ = occupations[rng.integers(len(occupations))]
        rows.append({
            pairs.LISTING_ID: 1000 + i, pairs.COUNTRY: ["HK", "TW", "SG", "KR", "JP", ""][rng.integers(6)],
            pairs.SECTOR: sectors[rng.integers(len(sectors))], pairs.OCCUPATION: occ if rng.random() > 0.05 else "",
            pairs.SKILLS: list(rng.choice(skills, size=rng.integers(0, 7), replace=False)),
            pairs.CERTIFICATES: list(rng.choice(certs, size=rng.integers(0, 3), replace=False)),
            pairs.LANGUAGES: {c: int(rng.integers(1, 6)) for c in rng.choice(["en", "ja", "yue", "ko", "zh"],
                                                                             size=rng.integers(0, 3), replace=False)},
            pairs.MIN_EXPERIENCE: [None, 0.0, 1.0, 2.5][rng.integers(4)],
            pairs.MIN_AGE: [None, 18, 23][rng.integers(3)], pairs.MAX_AGE: [None, 39, 49][rng.integers(3)],
            pairs.GENDER: ["any", "female", "male"][rng.integers(3)], pairs.MIN_EDUCATION: [None, 2][rng.integers(2)],
            pairs.PAY_IDR: [None, 0.0, float(rng.integers(5, 30)) * 1e6][rng.integers(3)],
            pairs.FEE_IDR: [None, 0.0, float(rng.integers(1, 20)) * 1e6][rng.integers(3)],
            pairs.CONTRACT_MONTHS: [None, 0, 24][rng.integers(3)], pairs.PAY_TO_FLOOR: [None, 1.2][rng.integers(2)],
            pairs.POSTED_AT: None if rng.random() < 0.1 else AS_OF - timedelta(days=int(rng.integers(0, 90))),
            pairs.AGENCY: f"A{rng.integers(0, 30)}", pairs.EMPLOYER: f"E{rng.integers(0, 80)}",
        })
    return ListingTable(pd.DataFrame(rows), ref)


def _random_worker(ref: Reference, rng: np.random.Generator, i: int) -> NormalisedProfile:
    occupations = list(ref.occupations.index)
    occs = list(rng.choice(occupations, size=rng.integers(0, 3), replace=False))
    return NormalisedProfile(
        worker_ref=f"W{i}", gender=[None, "female", "male"][rng.integers(3)], birth_year=1990,
        age=[None, 17, 25, 44][rng.integers(4)], province=None, education_level="sma",
        education_rank=[None, 1, 3][rng.integers(3)],
        skills=list(rng.choice(list(ref.skills.index), size=rng.integers(0, 8), replace=False)) + ["not_a_skill"],
        unknown_skills=[], certificates=list(rng.choice(list(ref.certificates.index), size=rng.integers(0, 3),
                                                       replace=False)), unknown_certificates=[],
        languages={c: int(rng.integers(0, 6)) for c in rng.choice(["en", "ja", "yue", "id"], size=rng.integers(0, 3),
                                                                  replace=False)},
        occupations=occs, experience_years={**{o: float(rng.integers(0, 6)) / 2 for o in occs}, "unknown_job": 1.5},
        total_experience_years=3.0, preferred_countries=list(rng.choice(["HK", "TW", "SG"], size=rng.integers(0, 3),
                                                                        replace=False)),
        preferred_sectors=list(rng.choice(list(ref.sectors.index), size=rng.integers(0, 2), replace=False)),
        min_monthly_salary_idr=[None, 0, 9_000_000][rng.integers(3)])


@pytest.mark.parametrize("seed", [0, 1])
def test_many_workers_at_once_equal_one_at_a_time_bit_for_bit(ref: Reference, seed: int) -> None:
    rng = np.random.default_rng(seed)
    table = _random_table(ref, rng)
    track = track_record(table, rng.integers(0, len(table), size=300), rng.random(300) < 0.7, rng.random(300) < 0.1)
    facts, rows, sims, expected = [], [], [], []
    for i in range(25):
        worker = worker_facts(_random_worker(ref, rng, i), table)
        cand = rng.choice(len(table), size=int(rng.integers(0, 60)), replace=False)
        sim = rng.random(cand.size).astype(np.float32)
        facts.append(worker)
        rows.append(cand)
        sims.append(sim)
        expected.append(pair_features(worker, table, cand, sim, AS_OF, track).to_numpy())
    got = pair_matrix(facts, table, rows, sims, AS_OF, track)
    want = np.vstack(expected)
    assert got.shape == want.shape == (sum(len(r) for r in rows), len(FEATURES))
    np.testing.assert_array_equal(got, want)  # NaN where NaN, every other value identical
    without_track = pair_matrix(facts[:3], table, rows[:3], sims[:3], AS_OF)
    np.testing.assert_array_equal(without_track, np.vstack([pair_features(f, table, r, s, AS_OF).to_numpy()
                                                            for f, r, s in zip(facts[:3], rows[:3], sims[:3],
                                                                               strict=True)]))


def test_no_candidates(ref: Reference) -> None:
    table = _random_table(ref, np.random.default_rng(3), n=5)
    worker = worker_facts(_random_worker(ref, np.random.default_rng(3), 0), table)
    empty = pair_matrix([worker], table, [np.zeros(0, dtype=np.int64)], [np.zeros(0)], AS_OF)
    assert empty.shape == (0, len(FEATURES))
    assert pair_matrix([], table, [], [], AS_OF).shape == (0, len(FEATURES))
