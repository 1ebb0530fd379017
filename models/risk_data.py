"""The real labelled postings shipped with the listing-risk model (``models/data/emscad_sample.csv.gz``).

EMSCAD postings (University of the Aegean; sources, commits and licence in ``models/data/SOURCES.md``) are
turned into Layak listings whose structured fields are those of one clean, verified Hong Kong job order
(``CLEAN_FIELDS``): only the free text (title; description, requirements and benefits) differs between a scam
and a genuine posting, so every rule but the text rules passes and what is measured is what the text alone
tells the model. ``near_duplicate_group`` gives each posting a group so that a posting repeated with small
edits (EMSCAD has many) never sits on both sides of a split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from features.listings import MAX_TEXT, ListingIn
from features.text import fold

EMSCAD_FILE = "emscad_sample.csv.gz"
EMSCAD_AS_OF = date(2026, 11, 28)  # the day the wage floors of CLEAN_FIELDS are checked against
GROUP_PREFIX_WORDS = 40
# One clean job order (as in the listing CSV template): every structured rule passes on it.
CLEAN_FIELDS: dict[str, object] = {
    "occupation": "caregiver", "sector": "care", "employer_type": "company", "country": "HK", "city": "Kowloon",
    "agency_name": "PT Contoh Penempatan", "agency_licence": "KEP.001/KP2MI/2026",
    "job_order_ref": "JO/KJRI-HK/2026/00123", "job_order_verified": True, "required_skills": ["perawatan lansia"],
    "required_languages": ["en:basic"], "min_age": 21, "max_age": 45, "salary_amount": 6000,
    "salary_currency": "HKD", "salary_period": "month", "hours_per_week": 48, "rest_days_per_month": 4,
    "worker_fee_amount": 0, "worker_fee_currency": "IDR", "contract_months": 24, "visa_type": "work",
    "accommodation_provided": True, "passport_held_by": "worker", "posted_at": date(2026, 11, 1),
    "expires_at": date(2027, 1, 31),
}


@dataclass
class RealPostings:
    """Real labelled postings as Layak listings: ``listings``, labels ``y`` (1 = fraudulent) and ``groups``."""

    listings: list[ListingIn]
    y: np.ndarray
    groups: np.ndarray
    sources: list[str]
    frame: pd.DataFrame  # the shipped rows, as read


@lru_cache(maxsize=1)
def read_emscad() -> pd.DataFrame:
    """The shipped EMSCAD sample, as strings (empty cells are "")."""
    with resources.files("models").joinpath("data", EMSCAD_FILE).open("rb") as fh:
        frame = pd.read_csv(fh, compression="gzip", dtype=str, keep_default_na=False)
    frame["fraudulent"] = frame["fraudulent"].astype(int)
    return frame


def near_duplicate_group(title: str, description: str) -> str:
    """The first ``GROUP_PREFIX_WORDS`` folded words of the description (of the title when it has none)."""
    words = fold(description).split()[:GROUP_PREFIX_WORDS] or fold(title).split()
    return " ".join(words)


def _description(row: pd.Series) -> str:
    parts = [str(row[c]).strip() for c in ("description", "requirements", "benefits") if str(row[c]).strip()]
    text = "\n".join(parts)
    return text[:MAX_TEXT]


def emscad_listings(frame: pd.DataFrame | None = None) -> RealPostings:
    """The EMSCAD sample as listings with ``CLEAN_FIELDS`` (only title and description come from the posting)."""
    frame = read_emscad() if frame is None else frame
    listings, groups = [], []
    for i, row in enumerate(frame.itertuples(index=False)):
        series = pd.Series(row._asdict())
        title = re.sub(r"\s+", " ", str(series["title"])).strip()[:300] or "(no title)"
        description = _description(series)
        listings.append(ListingIn.model_validate({**CLEAN_FIELDS, "listing_ref": f"EMSCAD-{i:05d}", "title": title,
                                                  "description": description or None}))
        groups.append(near_duplicate_group(title, description))
    return RealPostings(listings=listings, y=frame["fraudulent"].to_numpy(dtype=int),
                        groups=np.asarray(groups, dtype=object), sources=frame["source"].tolist(), frame=frame)
