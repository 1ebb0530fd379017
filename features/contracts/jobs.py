"""The job order a contract is checked against, as a plain record, and how names and places are compared.

``JobOrder`` holds the listing fields the comparison needs (the listing CSV columns of DESIGN.md plus the
canonical occupation id). ``JobOrder.from_listing`` builds one from a ``ListingIn`` (reading the occupation
with the bilingual taxonomy); ``from_mapping`` from any dict with those keys, e.g. a stored listing's columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from features.listings import ListingIn, normalise_listing
from features.reference import Reference, load_reference
from features.text import fold

# Words that do not tell two names apart: titles, company forms, articles.
_NAME_NOISE = frozenset("""mr mrs ms miss mdm madam madame dr tuan nyonya ny bapak bpk ibu pak bu sdr encik puan
haji hajjah pt cv ud tbk ltd limited co company corp corporation inc llc sdn bhd berhad plc gmbh kk the and of
dan family keluarga household rumah tangga""".split())


@dataclass(frozen=True)
class JobOrder:
    """A verified job order as the contract check sees it. Money in the listing's own currency."""

    listing_ref: str
    title: str
    country: str
    occupation: str | None = None
    occupation_id: str | None = None
    employer_name: str | None = None
    employer_type: str | None = None
    city: str | None = None
    salary_amount: float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    hours_per_week: float | None = None
    rest_days_per_month: float | None = None
    worker_fee_amount: float | None = None
    worker_fee_currency: str | None = None
    contract_months: int | None = None
    accommodation_provided: bool | None = None
    passport_held_by: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> JobOrder:
        """Any mapping with the listing's column names (extra keys are ignored)."""
        names = {f.name for f in fields(cls)}
        values = {k: data[k] for k in names if k in data and data[k] is not None}
        return cls(**values)

    @classmethod
    def from_listing(cls, listing: ListingIn, ref: Reference | None = None) -> JobOrder:
        """A validated listing, with its occupation read into the canonical id."""
        norm = normalise_listing(listing, ref or load_reference())
        return cls.from_mapping({**listing.model_dump(), "occupation_id": norm.occupation_id})

    def country_currency(self, ref: Reference) -> str | None:
        row = ref.row("countries", self.country)
        return str(row["currency"]) if row else None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def name_tokens(name: str) -> set[str]:
    """The tokens of a person's or company's name that identify it (titles and company forms dropped)."""
    return {t for t in fold(name).split() if t not in _NAME_NOISE and len(t) > 1}


def names_match(a: str, b: str, loose: bool = False) -> bool:
    """Two names of one party: the shorter one's tokens are all in the longer one (``Mrs. Chan`` and
    ``CHAN Tai Man``). With ``loose``, one shared token is enough (job titles in two wordings)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return True  # nothing to compare: not evidence of a different party
    if loose:
        return bool(ta & tb)
    small, big = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return small <= big


def place_matches(place: str, city: str) -> bool:
    """The contract's place of work names the job order's city (or the city names the place)."""
    p, c = fold(place), fold(city)
    if not p or not c:
        return True
    return c in p or p in c or bool(name_tokens(city) & name_tokens(place) - {"city", "kota", "county", "district"})
