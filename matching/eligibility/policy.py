"""The hard eligibility and safety policy applied to every candidate before it reaches a worker.

Nothing here is a preference: a listing that fails any check is never shown. Only verified, open
listings pass; the worker must meet the listing's and the scheme's legal requirements (age, gender,
schooling). Gaps that training can close (skills, certificates, languages) are not filtered here:
they are shown to the worker instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from features.profiles import NormalisedProfile
from matching.storage.tables import Listing

MIN_WORKER_AGE = 18  # UU 18/2017 Pasal 5


@dataclass(frozen=True)
class LegalRequirement:
    """A destination scheme's legal requirement on the worker, with its source."""

    min_age: int | None
    max_age: int | None
    gender: str | None
    min_education_rank: int | None
    source: str


# (country, employer_type or None) -> requirement. Education rank 2 = SMP (at least 8–9 years of school).
LEGAL_REQUIREMENTS: dict[tuple[str, str | None], LegalRequirement] = {
    ("SG", "household"): LegalRequirement(23, 49, "female", 2, "MOM FDW eligibility (female, 23 to under 50, "
                                                                "8 years of formal education)"),
    ("KR", None): LegalRequirement(18, 39, None, 2, "EPS G to G requirements: age 18-39, at least SLTP"),
}


def exclusion_reasons(listing: Listing, profile: NormalisedProfile, as_of: date) -> list[str]:
    """Why ``listing`` must not be shown to this worker (empty list = allowed).

    Codes: not_verified, expired, not_yet_open, worker_under_18, below_min_age, above_max_age, gender,
    legal_age, legal_gender, legal_education.
    """
    out: list[str] = []
    if listing.status != "verified":
        out.append("not_verified")
    if listing.expires_at is not None and listing.expires_at < as_of:
        out.append("expired")
    if listing.posted_at is not None and listing.posted_at > as_of:
        out.append("not_yet_open")
    age = profile.age
    if age is not None:
        if age < MIN_WORKER_AGE:
            out.append("worker_under_18")
        if listing.min_age is not None and age < listing.min_age:
            out.append("below_min_age")
        if listing.max_age is not None and age > listing.max_age:
            out.append("above_max_age")
    if listing.gender in ("female", "male") and profile.gender and profile.gender != listing.gender:
        out.append("gender")
    for (country, employer_type), req in LEGAL_REQUIREMENTS.items():
        if listing.country != country or employer_type not in (None, listing.employer_type):
            continue
        if age is not None and ((req.min_age and age < req.min_age) or (req.max_age and age > req.max_age)):
            out.append("legal_age")
        if req.gender and profile.gender and profile.gender != req.gender:
            out.append("legal_gender")
        if req.min_education_rank is not None and profile.education_rank is not None \
                and profile.education_rank < req.min_education_rank:
            out.append("legal_education")
    return out


def eligible_block(age: np.ndarray, gender: np.ndarray, education_rank: np.ndarray, min_age: np.ndarray,
                   max_age: np.ndarray, listing_gender: np.ndarray, country: np.ndarray,
                   employer_type: np.ndarray) -> np.ndarray:
    """The worker rules of ``exclusion_reasons`` for many workers against many listings at once.

    Args:
        age: (n,) float, NaN when unknown.
        gender: (n,) object, "female", "male" or None.
        education_rank: (n,) float, NaN when unknown.
        min_age, max_age: (m,) float, NaN when the listing sets none.
        listing_gender: (m,) object, "any", "female" or "male".
        country: (m,) object, ISO alpha-2.
        employer_type: (m,) object, "company", "household" or None.

    Returns:
        (n, m) bool: True where no worker rule excludes the pair. The listing's own state (verified,
        open) is not checked here. Agrees with ``exclusion_reasons`` pair by pair (tests/matching/test_reach.py).
    """
    known = ~np.isnan(age)
    a = age[:, None]
    ok = np.ones((len(age), len(min_age)), dtype=bool)
    ok &= ~(known & (age < MIN_WORKER_AGE))[:, None]
    with np.errstate(invalid="ignore"):
        ok &= ~(known[:, None] & ~np.isnan(min_age)[None, :] & (a < min_age[None, :]))
        ok &= ~(known[:, None] & ~np.isnan(max_age)[None, :] & (a > max_age[None, :]))
    for g in ("female", "male"):
        ok &= ~(((gender != None) & (gender != g))[:, None] & (listing_gender == g)[None, :])  # noqa: E711
    edu_known = ~np.isnan(education_rank)
    for (c, etype), req in LEGAL_REQUIREMENTS.items():
        applies = (country == c) & (True if etype is None else (employer_type == etype))
        if not applies.any():
            continue
        bad = np.zeros(len(age), dtype=bool)
        if req.min_age:
            bad |= known & (age < req.min_age)
        if req.max_age:
            bad |= known & (age > req.max_age)
        if req.gender:
            bad |= (gender != None) & (gender != req.gender)  # noqa: E711
        if req.min_education_rank is not None:
            bad |= edu_known & (education_rank < req.min_education_rank)
        ok &= ~(bad[:, None] & applies[None, :])
    return ok
