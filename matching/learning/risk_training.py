"""Labelled listings for the listing-risk model: the demo's (from the store) and a user's labelled CSV.

* Demo listings are labelled by the generator: unsafe when ``demo_flaw`` is set. Only listings stored by
  ``layak demo`` (``submitted_by == "demo"``) count; an agency's upload carries no label.
* A labelled CSV has the listing CSV columns plus ``label``: ``unsafe`` or ``safe`` (also ``1``/``0``,
  ``true``/``false``; true means unsafe). A bad row is reported with its row number and column, like
  ``layak ingest`` does, and every good row is used.

``train_risk`` turns them into the model's frame (``features.listing_features.listing_frame``), trains and
measures the model (``models.risk.train_risk_model``) and returns the result for logging to MLflow.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from features.listing_features import listing_frame
from features.listings import LISTING_COLUMNS, ListingIn, NormalisedListing, listing_row_errors, normalise_listing
from features.reference import Reference, load_reference
from features.validation import FieldError
from matching.errors import InputError
from matching.screening.ingest import IGNORED_COLUMNS, REQUIRED_COLUMNS
from matching.storage.csv_stream import iter_records
from matching.storage.store import Store
from models.risk import RiskDataError, RiskTrainingResult, risk_scores_out_of_fold, train_risk_model

logger = logging.getLogger(__name__)

LABEL = "label"
DEMO_SUBMITTER = "demo"
LABEL_VALUES = {"unsafe": 1, "1": 1, "true": 1, "safe": 0, "0": 0, "false": 0}
LABEL_EXPECTED = "expected unsafe or safe (also 1/0, true/false)"
# Demo flaws that only the P3MI licence registry can show: the listing itself reads like a clean one. The
# rules check the registry (matching.screening.rules AGENCY_*), so the model is not trained on them (it would
# learn agency names, i.e. memorise the registry); they stay in the held-out split and are measured.
REGISTRY_ONLY_FLAWS = ("expired_licence", "suspended_agency")
_NORM_COLUMNS = ("occupation_id", "sector_id", "skill_ids", "certificate_ids", "language_ranks",
                 "monthly_salary_local", "monthly_salary_idr", "worker_fee_idr")
STORE_COLUMNS = ("id", *LISTING_COLUMNS, *_NORM_COLUMNS, "demo_flaw", "submitted_by", "screened_at")


@dataclass
class LabelledListings:
    """Listings with labels: ``frame`` (model input), ``y`` (1 = unsafe), ``kinds`` (flaw or "unsafe"/"")."""

    frame: pd.DataFrame
    y: np.ndarray
    kinds: list[str]
    sources: list[str]
    errors: list[FieldError] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.y)


def stored_listing(row: Mapping[str, Any]) -> tuple[ListingIn, NormalisedListing]:
    """A stored listing row (``STORE_COLUMNS``) back to the listing and its normalised reading."""
    listing = ListingIn.model_validate({c: row[c] for c in LISTING_COLUMNS if row[c] not in (None, "")})
    norm = NormalisedListing(
        occupation_id=row["occupation_id"], sector=row["sector_id"], skills=list(row["skill_ids"] or []),
        unknown_skills=[], certificates=list(row["certificate_ids"] or []), unknown_certificates=[],
        languages=dict(row["language_ranks"] or {}), unknown_languages=[],
        monthly_salary_local=row["monthly_salary_local"], monthly_salary_idr=row["monthly_salary_idr"],
        worker_fee_idr=row["worker_fee_idr"])
    return listing, norm


def demo_labelled(store: Store, ref: Reference | None = None) -> tuple[LabelledListings, list[int]]:
    """The demo's listings with the generator's labels, and their listing ids (same order)."""
    ref = ref or load_reference()
    rows = [dict(zip(STORE_COLUMNS, r, strict=True)) for r in store.listings_frame_rows(STORE_COLUMNS)]
    rows = [r for r in rows if r["submitted_by"] == DEMO_SUBMITTER]
    items = []
    for r in rows:
        listing, norm = stored_listing(r)
        screened: datetime | None = r["screened_at"]
        items.append((listing, norm, screened.date() if screened else listing.posted_at or date.today()))
    kinds = [r["demo_flaw"] or "" for r in rows]
    data = LabelledListings(frame=listing_frame(items, ref), y=np.array([int(bool(k)) for k in kinds], dtype=int),
                            kinds=kinds, sources=["demo"] * len(rows))
    return data, [int(r["id"]) for r in rows]


def parse_label(value: Any) -> int | None:
    """``unsafe``/``safe`` (or 1/0, true/false, any case) -> 1/0; None when it is none of these."""
    return LABEL_VALUES.get(str(value if value is not None else "").strip().lower())


def labelled_csv(source: Path | str | IO[bytes], ref: Reference | None = None, as_of: date | None = None,
                 name: str | None = None) -> LabelledListings:
    """Good rows of a labelled listing CSV; bad rows come back in ``errors`` (row number and column).

    The file is read like an upload (``matching.storage.csv_stream``: streamed, a bad record never stops it).
    The wage floor applied to a row is the one in force on its ``posted_at`` (else ``as_of``, else today).

    Raises:
        InputError: the file is missing, empty, or lacks a required column (``label`` included).
    """
    ref = ref or load_reference()
    label_name = name or (str(source) if isinstance(source, (str, Path)) else "upload")
    items, y, errors = [], [], []
    with _open_binary(source, label_name) as stream:
        for rec in iter_records(stream, required=(*REQUIRED_COLUMNS, LABEL), expected=(*LISTING_COLUMNS, LABEL),
                                source=label_name):
            listing, label, row_errors = _labelled_row(rec.row, rec.values, rec.errors)
            if row_errors:
                errors.extend(row_errors)
                continue
            assert listing is not None and label is not None
            items.append((listing, normalise_listing(listing, ref), listing.posted_at or as_of or date.today()))
            y.append(label)
    return LabelledListings(frame=listing_frame(items, ref), y=np.array(y, dtype=int),
                            kinds=["unsafe" if v else "" for v in y], sources=["csv"] * len(y), errors=errors)


@contextmanager
def _open_binary(source: Path | str | IO[bytes], name: str) -> Iterator[IO[bytes]]:
    if not isinstance(source, (str, Path)):
        yield source
        return
    try:
        fh = Path(source).open("rb")
    except FileNotFoundError:
        raise InputError(f"file not found: {source}", source=name) from None
    with fh:
        yield fh


def _labelled_row(row_no: int, raw: Mapping[str, str], record_errors: list[FieldError]
                  ) -> tuple[ListingIn | None, int | None, list[FieldError]]:
    if record_errors:  # unreadable record (bad bytes, wrong number of values): nothing more to check
        return None, None, list(record_errors)
    raw = {k: v for k, v in raw.items() if k not in IGNORED_COLUMNS}
    given = raw.pop(LABEL, "")
    label = parse_label(given)
    errors = [] if label is not None else [FieldError(LABEL, f"{LABEL_EXPECTED} (got {given!r})", row_no)]
    errors += listing_row_errors(raw, row_no)
    if errors:
        return None, None, errors
    listing = ListingIn.model_validate({k: v for k, v in raw.items() if v not in ("", None)})
    return listing, label, []


def combine(parts: Iterable[LabelledListings]) -> LabelledListings:
    """Concatenate labelled sets (frames, labels, kinds, sources and errors)."""
    parts = [p for p in parts]
    frames = [p.frame for p in parts if len(p)]
    return LabelledListings(
        frame=pd.concat(frames, ignore_index=True) if frames else parts[0].frame.iloc[0:0],
        y=np.concatenate([p.y for p in parts]).astype(int), kinds=[k for p in parts for k in p.kinds],
        sources=[s for p in parts for s in p.sources], errors=[e for p in parts for e in p.errors])


def training_data(store: Store, labelled: Path | None = None, ref: Reference | None = None) -> LabelledListings:
    """The demo's labelled listings plus the good rows of an optional labelled CSV.

    Raises:
        InputError: nothing labelled to train on (no demo in the store and no CSV), or a bad CSV file.
    """
    ref = ref or load_reference()
    parts = [demo_labelled(store, ref)[0]]
    if labelled is not None:
        parts.append(labelled_csv(labelled, ref))
    data = combine(parts)
    if not len(data) and data.errors:
        raise InputError(f"no good row to train on; the first problem: {data.errors[0]} "
                         f"({len(data.errors)} problems in all)", source=str(labelled))
    if not len(data):
        raise InputError("no labelled listings to train on: run `layak demo` first or give --labelled FILE.csv")
    return data


def train_risk(data: LabelledListings, random_state: int = 0) -> RiskTrainingResult:
    """Train and measure the listing-risk model on labelled listings.

    Raises:
        InputError: too few safe or unsafe listings to train and validate.
    """
    try:
        result = train_risk_model(data.frame, data.y, kinds=data.kinds, exclude_from_training=REGISTRY_ONLY_FLAWS,
                                  random_state=random_state)
    except RiskDataError as exc:
        raise InputError(str(exc)) from None
    result.params.update(n_demo=data.sources.count("demo"), n_csv=data.sources.count("csv"),
                         n_csv_rows_rejected=len({e.row for e in data.errors}))
    return result


def demo_risk_scores(store: Store, ref: Reference | None = None, random_state: int = 0) -> dict[int, float]:
    """Honest P(unsafe) for every demo listing: out-of-fold, so no listing is scored by a model that saw it."""
    data, ids = demo_labelled(store, ref)
    trainable = ~np.isin(np.asarray(data.kinds, dtype=object), REGISTRY_ONLY_FLAWS)
    scores = risk_scores_out_of_fold(data.frame, data.y, random_state=random_state, train_mask=trainable)
    return dict(zip(ids, (float(s) for s in scores), strict=True))


def train_and_register_risk(store: Store, tracking_uri: str, labelled: Path | None = None, force: bool = False,
                            ref: Reference | None = None) -> dict[str, Any]:
    """``layak train-risk``: gather labelled listings, train and measure, log to MLflow, register, promote.

    Returns a JSON-ready summary; ``labelled_errors`` lists the CSV rows that were left out.
    """
    from models.registry import log_risk_model

    data = training_data(store, labelled, ref)
    result = train_risk(data)
    reg = log_risk_model(result, tracking_uri, force=force)
    return {
        **reg.to_dict(), "threshold": result.threshold,
        "heldout": result.metrics, "heldout_content": result.content_metrics,
        "validation": result.validation_metrics, "heldout_recall_by_kind": result.recall_by_kind,
        "data": {k: result.params[k] for k in ("n_train", "n_test", "n_safe", "n_unsafe", "n_demo", "n_csv",
                                               "excluded_from_training")},
        "labelled_errors": [{"row": e.row, "field": e.field, "message": e.message} for e in data.errors],
    }
