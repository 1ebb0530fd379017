"""The data of ``layak evaluate-risk``, rebuilt offline from what the repository ships, the same every time:
the real EMSCAD sample (``models.risk_data``) plus ``generate_demo`` listings labelled by their flaw.

It lives with the demo generator (a layer above ``matching.learning``) because it generates listings;
the measuring itself is ``matching.learning.risk_evaluation``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from features.listing_features import listing_frame
from features.listings import ListingIn, normalise_listing
from features.reference import Reference, load_reference
from matching.demo.generate import generate_demo
from matching.learning.risk_evaluation import NOT_TRAINED_ON, Agency, LabelledSet, heldout_verdicts, summarise
from matching.screening.catalogue import AgencyRecord
from models.risk import RiskTrainingResult, train_risk_model
from models.risk_data import EMSCAD_AS_OF, emscad_listings

DEMO_LISTINGS = 8_000
DEMO_SEED = 7


def _agency_map(frame: pd.DataFrame) -> dict[str, AgencyRecord]:
    def day(value: Any) -> date | None:
        return None if value in (None, "") or pd.isna(value) else pd.Timestamp(value).date()

    return {str(r.licence_no): Agency(str(r.agency_name), str(r.status), day(r.valid_from), day(r.valid_until))
            for r in frame.itertuples(index=False)}


def labelled_set(n_demo: int = DEMO_LISTINGS, seed: int = DEMO_SEED, as_of: date = EMSCAD_AS_OF,
                 ref: Reference | None = None) -> LabelledSet:
    """The shipped real postings plus ``n_demo`` generated listings (0: real only)."""
    ref = ref or load_reference()
    real = emscad_listings()
    listings: list[ListingIn] = list(real.listings)
    kinds = ["emscad_fraud" if v else "" for v in real.y]
    agencies: dict[str, AgencyRecord] = {"KEP.001/KP2MI/2026": Agency("PT Contoh Penempatan", "active", None, None)}
    if n_demo:
        demo = generate_demo(n_listings=n_demo, n_workers=0, seed=seed, as_of=as_of, ref=ref)
        for rec in demo.listings.to_dict("records"):
            kinds.append(str(rec.pop("flaw") or ""))
            listings.append(ListingIn.model_validate({k: v for k, v in rec.items() if not _empty(v)}))
        agencies.update(_agency_map(demo.agencies))
    norms = [normalise_listing(listing, ref) for listing in listings]
    frame = listing_frame([(listing, norm, as_of) for listing, norm in zip(listings, norms, strict=True)], ref)
    n_real = len(real.y)
    return LabelledSet(
        listings=listings, norms=norms, frame=frame, y=np.array([int(bool(k)) for k in kinds], dtype=int),
        is_real=np.arange(len(listings)) < n_real,
        groups=np.r_[real.groups, np.array([f"generated-{i}" for i in range(len(listings) - n_real)], dtype=object)],
        kinds=kinds, agencies=agencies)


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def evaluate(n_demo: int = DEMO_LISTINGS, seed: int = DEMO_SEED, random_state: int = 0, n_bootstrap: int = 1000,
             ref: Reference | None = None) -> tuple[RiskTrainingResult, LabelledSet, dict[str, Any]]:
    """Train on the training split, screen the held-out split, and summarise (JSON-ready)."""
    ref = ref or load_reference()
    data = labelled_set(n_demo, seed, EMSCAD_AS_OF, ref)
    result = train_risk_model(data.frame, data.y, data.is_real, data.groups, data.kinds,
                              exclude_from_training=NOT_TRAINED_ON, random_state=random_state,
                              n_bootstrap=n_bootstrap)
    verdicts = heldout_verdicts(result, data, EMSCAD_AS_OF, ref)
    return result, data, summarise(result, data, verdicts)


