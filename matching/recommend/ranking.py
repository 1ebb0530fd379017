"""The ranking stage's data: listing facts from the store, agency/employer track records from outcomes,
relevance labels from the placement funnel, and the v0 transparent score (a baseline and the fallback).

Relevance labels (one per worker and listing, the furthest funnel stage reached):

=========================  =====
completed                    3
hired (not yet completed)    2
applied                      1
recommended or viewed        0
any placement that ended
in a complaint               0
=========================  =====

A listing retrieved for a worker with no event at all is labelled 0 (not relevant).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
from sqlalchemy import select

from features import pairs
from features.pairs import ListingTable, TrackRecord, track_record
from features.reference import Reference, load_reference
from matching.eligibility.explain import ratio_to_floor
from matching.eligibility.policy import LEGAL_REQUIREMENTS
from matching.storage.store import Store
from matching.storage.tables import Outcome

logger = logging.getLogger(__name__)

EVENTS: tuple[str, ...] = ("recommended", "viewed", "applied", "hired", "completed", "complaint")
RELEVANCE: dict[str, int] = {"recommended": 0, "viewed": 0, "applied": 1, "hired": 2, "completed": 3}
RELEVANT_AT = 2  # Recall and MRR count a listing as relevant from this label up (hired or completed, no complaint)
SIMILARITY_WEIGHT = 0.6
COVERAGE_WEIGHT = 0.4
V0_NAME = "v0-transparent"

_STORE_COLUMNS = ("id", "country", "sector_id", "occupation_id", "skill_ids", "certificate_ids", "language_ranks",
                  "min_experience_years", "min_age", "max_age", "gender", "monthly_salary_idr", "worker_fee_idr",
                  "contract_months", "posted_at", "agency_licence", "agency_name", "employer_name", "employer_type",
                  "city", "monthly_salary_local", "salary_currency", "hours_per_week", "listing_ref")


def v0_score(similarity: np.ndarray | float, skill_coverage: np.ndarray | float) -> np.ndarray:
    """The transparent v0 score: ``0.6 * cosine + 0.4 * unweighted skill coverage`` (arrays of the same shape, or
    scalars: then a 0-d array)."""
    return SIMILARITY_WEIGHT * np.asarray(similarity, dtype=float) + COVERAGE_WEIGHT * np.asarray(skill_coverage)


def employer_key(country: str, employer_type: str | None, name: str | None, city: str | None) -> str:
    """Who the employer is, for its track record. Households are told apart by city as well as name."""
    if not name:
        return ""
    if employer_type == "household":
        return f"{country}|household|{city or ''}|{name}"
    return f"{country}|{name}"


def _legal_limits(country: str, employer_type: str | None) -> tuple[int | None, int | None, str | None, int | None]:
    lo = hi = edu = None
    gender = None
    for (c, etype), req in LEGAL_REQUIREMENTS.items():
        if c == country and etype in (None, employer_type):
            lo = req.min_age if lo is None or (req.min_age or 0) > lo else lo
            hi = req.max_age if hi is None or (req.max_age is not None and req.max_age < hi) else hi
            gender = req.gender or gender
            edu = req.min_education_rank if edu is None or (req.min_education_rank or 0) > edu else edu
    return lo, hi, gender, edu


def _tighter(pick: Callable[[list[int]], int], *values: int | None) -> int | None:
    known = [v for v in values if v is not None]
    return pick(known) if known else None


def listing_frame(store: Store, ref: Reference | None = None, as_of: date | None = None) -> pd.DataFrame:
    """Every stored listing with the columns ``features.pairs.TABLE_COLUMNS`` (plus ``listing_ref``).

    Age, gender and education limits are the stricter of the listing's own and the destination scheme's
    (``matching.eligibility.policy.LEGAL_REQUIREMENTS``); ``pay_to_floor`` uses the floor in force on ``as_of``.
    """
    ref = ref or load_reference()
    as_of = as_of or date.today()
    rows = store.listings_frame_rows(_STORE_COLUMNS)
    out = []
    for r in rows:
        d = dict(zip(_STORE_COLUMNS, r, strict=True))
        lo, hi, legal_gender, edu = _legal_limits(d["country"], d["employer_type"])
        min_age = _tighter(max, d["min_age"], lo)
        max_age = _tighter(min, d["max_age"], hi)
        gender = d["gender"] if d["gender"] in ("female", "male") else (legal_gender or "any")
        out.append({
            pairs.LISTING_ID: d["id"], pairs.COUNTRY: d["country"], pairs.SECTOR: d["sector_id"],
            pairs.OCCUPATION: d["occupation_id"], pairs.SKILLS: d["skill_ids"] or [],
            pairs.CERTIFICATES: d["certificate_ids"] or [], pairs.LANGUAGES: d["language_ranks"] or {},
            pairs.MIN_EXPERIENCE: d["min_experience_years"], pairs.MIN_AGE: min_age, pairs.MAX_AGE: max_age,
            pairs.GENDER: gender, pairs.MIN_EDUCATION: edu, pairs.PAY_IDR: d["monthly_salary_idr"],
            pairs.FEE_IDR: d["worker_fee_idr"], pairs.CONTRACT_MONTHS: d["contract_months"],
            pairs.PAY_TO_FLOOR: ratio_to_floor(SimpleNamespace(**d), ref, as_of), pairs.POSTED_AT: d["posted_at"],
            pairs.AGENCY: d["agency_licence"] or d["agency_name"] or "",
            pairs.EMPLOYER: employer_key(d["country"], d["employer_type"], d["employer_name"], d["city"]),
            "listing_ref": d["listing_ref"],
        })
    columns = [*pairs.TABLE_COLUMNS, "listing_ref"]
    return pd.DataFrame(out, columns=columns)


def outcomes_frame(store: Store) -> pd.DataFrame:
    """Every stored outcome event: ``worker_ref, listing_ref, event, occurred_at, simulated``."""
    with store.transaction() as s:
        rows = s.execute(select(Outcome.worker_ref, Outcome.listing_ref, Outcome.event, Outcome.occurred_at,
                                Outcome.simulated)).all()
    return pd.DataFrame(rows, columns=["worker_ref", "listing_ref", "event", "occurred_at", "simulated"])


def labels(outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per (worker_ref, listing_ref): ``label`` (see the module docstring), ``hired``, ``completed``,
    ``complaint`` (booleans) and ``first_at`` (the earliest event)."""
    if outcomes.empty:
        return pd.DataFrame(columns=["worker_ref", "listing_ref", "label", "hired", "completed", "complaint",
                                     "first_at"])
    ev = outcomes.assign(
        stage=outcomes["event"].map(RELEVANCE).fillna(0).astype(int),
        is_hired=outcomes["event"].isin(("hired", "completed", "complaint")),
        is_completed=outcomes["event"] == "completed",
        is_complaint=outcomes["event"] == "complaint")
    g = ev.groupby(["worker_ref", "listing_ref"], sort=True).agg(
        stage=("stage", "max"), hired=("is_hired", "any"), completed=("is_completed", "any"),
        complaint=("is_complaint", "any"), first_at=("occurred_at", "min")).reset_index()
    g["label"] = np.where(g["complaint"], 0, g["stage"]).astype(int)
    g["completed"] = g["completed"] & ~g["complaint"]
    return g[["worker_ref", "listing_ref", "label", "hired", "completed", "complaint", "first_at"]]


def track_record_from_labels(table: ListingTable, refs_to_rows: dict[str, int], lab: pd.DataFrame
                             ) -> TrackRecord:
    """Agency and employer track record from the placements (hires) in ``lab`` (a ``labels`` frame)."""
    hires = lab[lab["hired"]]
    rows = np.asarray([refs_to_rows.get(r, -1) for r in hires["listing_ref"]], dtype=np.int64)
    keep = rows >= 0
    return track_record(table, rows[keep], hires["completed"].to_numpy(bool)[keep],
                        hires["complaint"].to_numpy(bool)[keep])


@dataclass
class RankingData:
    """What the ranking stage needs at serving time, built once from the store."""

    table: ListingTable
    track: TrackRecord
    ref_to_row: dict[str, int]

    @classmethod
    def build(cls, store: Store, ref: Reference | None = None, as_of: date | None = None) -> RankingData:
        ref = ref or load_reference()
        frame = listing_frame(store, ref, as_of)
        table = ListingTable(frame, ref)
        ref_to_row = listing_ref_rows(frame)
        track = track_record_from_labels(table, ref_to_row, labels(outcomes_frame(store)))
        logger.info("ranking data: %d listings, track record from stored outcomes", len(table))
        return cls(table=table, track=track, ref_to_row=ref_to_row)


def listing_ref_rows(frame: pd.DataFrame) -> dict[str, int]:
    """listing_ref -> table row, for refs that name exactly one listing (ambiguous refs are left out)."""
    counts = frame["listing_ref"].value_counts()
    unique = set(counts[counts == 1].index)
    return {r: i for i, r in enumerate(frame["listing_ref"]) if r in unique}
