"""The hard eligibility and safety policy applied to every candidate before it reaches a worker.

Nothing here is a preference: a listing that fails any check is never shown. Only verified, open
listings pass; the worker must meet the listing's and the scheme's legal requirements (age, gender,
schooling). Gaps that training can close (skills, certificates, languages) are not filtered here:
they are shown to the worker instead.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date
from typing import Any

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


_NEVER = np.iinfo(np.int64).max
# listing row -> what the policy reads of it, while the row object lives (the listing cache keeps rows; a changed
# listing is a new row object, so nothing stale is ever read)
_FACTS: weakref.WeakKeyDictionary[Listing, tuple[Any, ...]] = weakref.WeakKeyDictionary()


def _facts(x: Listing) -> tuple[Any, ...]:
    found = _FACTS.get(x)
    if found is None:
        found = (x.status == "verified", x.expires_at.toordinal() if x.expires_at is not None else _NEVER,
                 x.posted_at.toordinal() if x.posted_at is not None else -_NEVER,
                 np.nan if x.min_age is None else x.min_age, np.nan if x.max_age is None else x.max_age,
                 x.gender if x.gender in ("female", "male") else "", x.country, x.employer_type,
                 list(x.skill_ids or []))
        _FACTS[x] = found
    return found


class PolicyFacts:
    """What the policy reads of many listings, as arrays (read once per batch instead of once per pair).

    ``exclusions(rows, profile, as_of)`` gives, for the listings at ``rows``, how many times each reason of
    ``exclusion_reasons`` fires: the same reasons, counted the same way (a reason two legal requirements give is
    counted twice), pair by pair (tests/matching/test_recommend_fast.py).
    """

    def __init__(self, listings: list[Listing]) -> None:
        rows = [_facts(x) for x in listings]
        self.verified = np.array([r[0] for r in rows], dtype=bool)
        self.expires = np.array([r[1] for r in rows], dtype=np.int64)
        self.posted = np.array([r[2] for r in rows], dtype=np.int64)
        self.min_age = np.array([r[3] for r in rows], dtype=float)
        self.max_age = np.array([r[4] for r in rows], dtype=float)
        self.gender = np.array([r[5] for r in rows], dtype=object)
        country = np.array([r[6] for r in rows], dtype=object)
        etype = np.array([r[7] for r in rows], dtype=object)
        self.skills: list[list[str]] = [r[8] for r in rows]  # read once, used per pair
        # one mask per legal requirement: the listings it applies to
        self.legal = [(req, (country == c) & (np.ones(len(rows), dtype=bool) if t is None else (etype == t)))
                      for (c, t), req in LEGAL_REQUIREMENTS.items()]

    def exclusions(self, rows: np.ndarray, profile: NormalisedProfile, as_of: date) -> dict[str, np.ndarray]:
        """reason -> int ``(len(rows),)`` times it fires for each listing (reasons that never fire are left out)."""
        out: dict[str, np.ndarray] = {}
        n = rows.size

        def add(code: str, mask: np.ndarray) -> None:
            if mask.any():
                out[code] = out.get(code, np.zeros(n, dtype=np.int64)) + mask

        day = as_of.toordinal()
        add("not_verified", ~self.verified[rows])
        add("expired", self.expires[rows] < day)
        add("not_yet_open", self.posted[rows] > day)
        age = profile.age
        if age is not None:
            if age < MIN_WORKER_AGE:
                add("worker_under_18", np.ones(n, dtype=bool))
            with np.errstate(invalid="ignore"):
                add("below_min_age", age < self.min_age[rows])  # NaN (no limit) compares False
                add("above_max_age", age > self.max_age[rows])
        if profile.gender:
            g = self.gender[rows]
            add("gender", (g != "") & (g != profile.gender))
        for req, applies in self.legal:
            hit = applies[rows]
            if not hit.any():
                continue
            if age is not None and ((req.min_age and age < req.min_age) or (req.max_age and age > req.max_age)):
                add("legal_age", hit)
            if req.gender and profile.gender and profile.gender != req.gender:
                add("legal_gender", hit)
            if req.min_education_rank is not None and profile.education_rank is not None \
                    and profile.education_rank < req.min_education_rank:
                add("legal_education", hit)
        return out
