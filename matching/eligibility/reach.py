"""Which listings a worker "could otherwise reach": the pool behind the planner view and the stretch list.

A listing is reachable for a worker when

1. it is verified and open on the day (posted, not yet expired);
2. the hard policy lets her see it (matching/policy.py: her age, gender and schooling against the listing's
   and the scheme's rules);
3. it is in a country she prefers, or she named no country; and
4. it is in a sector she prefers or its occupation is one of hers (named as a skill, worked in, or in her
   summary); a worker who named neither is open to every sector.

Skills, certificates, language levels, documents and experience do not limit reach: they are the gaps that
training (or time) closes. ``reachable`` decides one pair; ``ReachTables`` decides blocks of pairs at once for
the cohort view and must agree with it (tests/matching/test_reach.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from features.profiles import NormalisedProfile
from matching.eligibility.policy import eligible_block, exclusion_reasons

NONE = "-"  # code for an unknown country, sector or occupation: no worker preference matches it


def is_open(listing: Any, as_of: date) -> bool:
    """Verified, already posted and not expired on ``as_of``."""
    return listing.status == "verified" and (listing.expires_at is None or listing.expires_at >= as_of) \
        and (listing.posted_at is None or listing.posted_at <= as_of)


def prefers(profile: NormalisedProfile, listing: Any) -> bool:
    """Rules 3 and 4 of the module docstring."""
    if profile.preferred_countries and listing.country not in profile.preferred_countries:
        return False
    if not profile.preferred_sectors and not profile.occupations:
        return True
    return listing.sector_id in profile.preferred_sectors or listing.occupation_id in profile.occupations


def reachable(profile: NormalisedProfile, listing: Any, as_of: date) -> bool:
    """All four rules of the module docstring for one (worker, listing) pair."""
    return is_open(listing, as_of) and prefers(profile, listing) and not exclusion_reasons(listing, profile, as_of)


def _codes(values: Sequence[str | None], vocab: dict[str, int]) -> np.ndarray:
    return np.array([vocab.setdefault(v or NONE, len(vocab)) for v in values], dtype=np.int32)


@dataclass
class ReachTables:
    """Workers and (already open, verified) listings as arrays, for ``block``."""

    age: np.ndarray
    gender: np.ndarray
    education_rank: np.ndarray
    wants_country: np.ndarray  # (n, n_countries) bool; a row of True for "any country"
    wants_sector: np.ndarray  # (n, n_sectors) bool; a row of True for "any sector"
    has_occupation: np.ndarray  # (n, n_occupations) bool
    min_age: np.ndarray
    max_age: np.ndarray
    listing_gender: np.ndarray
    country: np.ndarray
    employer_type: np.ndarray
    country_code: np.ndarray  # (m,) int: column of wants_country
    sector_code: np.ndarray
    occupation_code: np.ndarray

    @classmethod
    def build(cls, workers: Sequence[NormalisedProfile], listings: Sequence[Any]) -> ReachTables:
        countries: dict[str, int] = {NONE: 0}
        sectors: dict[str, int] = {NONE: 0}
        occupations: dict[str, int] = {NONE: 0}
        l_country = _codes([x.country for x in listings], countries)
        l_sector = _codes([x.sector_id for x in listings], sectors)
        l_occ = _codes([x.occupation_id for x in listings], occupations)
        n = len(workers)
        wants_country = np.zeros((n, len(countries)), dtype=bool)
        wants_sector = np.zeros((n, len(sectors)), dtype=bool)
        has_occ = np.zeros((n, len(occupations)), dtype=bool)
        for i, w in enumerate(workers):
            if w.preferred_countries:
                wants_country[i, [countries[c] for c in w.preferred_countries if c in countries]] = True
            else:
                wants_country[i] = True
            if not w.preferred_sectors and not w.occupations:
                wants_sector[i] = True
            wants_sector[i, [sectors[s] for s in w.preferred_sectors if s in sectors]] = True
            has_occ[i, [occupations[o] for o in w.occupations if o in occupations]] = True
        wants_sector[:, 0] &= wants_sector.all(axis=1)  # an unknown sector only for "any sector" workers

        def num(values: Sequence[Any]) -> np.ndarray:
            return np.array([np.nan if v is None else float(v) for v in values], dtype=float)

        return cls(
            age=num([w.age for w in workers]), gender=np.array([w.gender for w in workers], dtype=object),
            education_rank=num([w.education_rank for w in workers]), wants_country=wants_country,
            wants_sector=wants_sector, has_occupation=has_occ, min_age=num([x.min_age for x in listings]),
            max_age=num([x.max_age for x in listings]),
            listing_gender=np.array([x.gender or "any" for x in listings], dtype=object),
            country=np.array([x.country for x in listings], dtype=object),
            employer_type=np.array([x.employer_type for x in listings], dtype=object),
            country_code=l_country, sector_code=l_sector, occupation_code=l_occ)

    def block(self, start: int, stop: int) -> np.ndarray:
        """(stop - start, m) bool: which listings workers ``start:stop`` can reach."""
        w = slice(start, stop)
        ok = self.wants_country[w][:, self.country_code]
        ok &= self.wants_sector[w][:, self.sector_code] | self.has_occupation[w][:, self.occupation_code]
        ok &= eligible_block(self.age[w], self.gender[w], self.education_rank[w], self.min_age, self.max_age,
                             self.listing_gender, self.country, self.employer_type)
        return ok


__all__ = ["ReachTables", "reachable", "prefers", "is_open"]
