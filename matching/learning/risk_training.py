"""Labelled listings for the listing-risk model: real postings, the demo's listings and a user's labelled CSV.

* **Real** postings: the EMSCAD sample shipped in ``models/data`` (``models.risk_data``) is always part of the
  data. It alone (with any labelled CSV) calibrates the review threshold and is what the model is judged on.
* Demo listings are labelled by the generator: unsafe when ``demo_flaw`` is set. Only listings stored by
  ``layak demo`` (``submitted_by == "demo"``) count; an agency's upload carries no label. They join training
  and are measured apart; they never choose the threshold.
* A labelled CSV has the listing CSV columns plus ``label``: ``unsafe`` or ``safe`` (also ``1``/``0``,
  ``true``/``false``; true means unsafe). Its rows are taken as real labelled listings. A bad row is reported
  with its row number and column, like ``layak ingest`` does, and every good row is used.

``train_risk`` trains and measures the model (``models.risk.train_risk_model``); ``train_and_register_risk``
also screens the held-out split, audits it for fairness (``matching.learning.risk_evaluation``) and logs
everything to MLflow.
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

from features.listing_features import listing_frame
from features.listings import LISTING_COLUMNS, ListingIn, NormalisedListing, listing_row_errors, normalise_listing
from features.reference import Reference, load_reference
from features.validation import FieldError
from matching.errors import InputError
from matching.learning.risk_evaluation import NOT_TRAINED_ON, Agency, LabelledSet, heldout_verdicts, summarise
from matching.screening.ingest import IGNORED_COLUMNS, REQUIRED_COLUMNS
from matching.storage.csv_stream import iter_records
from matching.storage.store import Store
from models.risk import RiskDataError, RiskTrainingResult, risk_scores_out_of_fold, train_risk_model
from models.risk_data import EMSCAD_AS_OF, emscad_listings

logger = logging.getLogger(__name__)

LABEL = "label"
DEMO_SUBMITTER = "demo"
LABEL_VALUES = {"unsafe": 1, "1": 1, "true": 1, "safe": 0, "0": 0, "false": 0}
LABEL_EXPECTED = "expected unsafe or safe (also 1/0, true/false)"
# Demo flaws the model's inputs cannot show (registry status, or a structural attribute only the cited rules
# may act on): they stay in the held-out split and are measured, never trained on.
REGISTRY_ONLY_FLAWS = NOT_TRAINED_ON
_NORM_COLUMNS = ("occupation_id", "sector_id", "skill_ids", "certificate_ids", "language_ranks",
                 "monthly_salary_local", "monthly_salary_idr", "worker_fee_idr")
STORE_COLUMNS = ("id", *LISTING_COLUMNS, *_NORM_COLUMNS, "demo_flaw", "submitted_by", "screened_at")


@dataclass
class LabelledListings:
    """Listings with labels, aligned: the listings, their readings and ``as_of`` days, ``y`` (1 = unsafe),
    ``kinds`` (flaw or "unsafe"/""), ``sources`` (real, demo or csv) and near-duplicate ``groups``."""

    listings: list[ListingIn]
    norms: list[NormalisedListing]
    days: list[date]
    y: np.ndarray
    kinds: list[str]
    sources: list[str]
    groups: list[str]
    errors: list[FieldError] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.y)

    @property
    def is_real(self) -> np.ndarray:
        return np.array([s != "demo" for s in self.sources], dtype=bool)

    def to_set(self, agencies: Mapping[str, Any], ref: Reference) -> LabelledSet:
        """The model frame and everything screening needs (``matching.learning.risk_evaluation.LabelledSet``)."""
        frame = listing_frame(list(zip(self.listings, self.norms, self.days, strict=True)), ref)
        return LabelledSet(listings=self.listings, norms=self.norms, frame=frame, y=self.y, is_real=self.is_real,
                           groups=np.asarray(self.groups, dtype=object), kinds=self.kinds, agencies=dict(agencies),
                           days=self.days)


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
    rows = [dict(zip(STORE_COLUMNS, r, strict=True)) for r in store.listings_frame_rows(STORE_COLUMNS)]
    rows = [r for r in rows if r["submitted_by"] == DEMO_SUBMITTER]
    listings, norms, days = [], [], []
    for r in rows:
        listing, norm = stored_listing(r)
        screened: datetime | None = r["screened_at"]
        listings.append(listing)
        norms.append(norm)
        days.append(screened.date() if screened else listing.posted_at or date.today())
    kinds = [r["demo_flaw"] or "" for r in rows]
    data = LabelledListings(listings, norms, days, np.array([int(bool(k)) for k in kinds], dtype=int), kinds,
                            ["demo"] * len(rows), [f"demo-{r['id']}" for r in rows])
    return data, [int(r["id"]) for r in rows]


def real_labelled(ref: Reference | None = None) -> LabelledListings:
    """The real EMSCAD postings shipped with the model (``models/data/SOURCES.md``)."""
    ref = ref or load_reference()
    real = emscad_listings()
    return LabelledListings(real.listings, [normalise_listing(x, ref) for x in real.listings],
                            [EMSCAD_AS_OF] * len(real.listings), real.y,
                            ["emscad_fraud" if v else "" for v in real.y], ["real"] * len(real.y),
                            [str(g) for g in real.groups])


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
    listings: list[ListingIn] = []
    y: list[int] = []
    errors: list[FieldError] = []
    with _open_binary(source, label_name) as stream:
        for rec in iter_records(stream, required=(*REQUIRED_COLUMNS, LABEL), expected=(*LISTING_COLUMNS, LABEL),
                                source=label_name):
            listing, label, row_errors = _labelled_row(rec.row, rec.values, rec.errors)
            if row_errors:
                errors.extend(row_errors)
                continue
            assert listing is not None and label is not None
            listings.append(listing)
            y.append(label)
    return LabelledListings(listings, [normalise_listing(x, ref) for x in listings],
                            [x.posted_at or as_of or date.today() for x in listings], np.array(y, dtype=int),
                            ["unsafe" if v else "" for v in y], ["csv"] * len(y),
                            [f"csv-{x.listing_ref}" for x in listings], errors)


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
    """Concatenate labelled sets (listings, labels, kinds, sources, groups and errors)."""
    parts = list(parts)
    return LabelledListings(
        [x for p in parts for x in p.listings], [x for p in parts for x in p.norms],
        [x for p in parts for x in p.days],
        np.concatenate([p.y for p in parts]).astype(int), [k for p in parts for k in p.kinds],
        [s for p in parts for s in p.sources], [g for p in parts for g in p.groups],
        [e for p in parts for e in p.errors])


def training_data(store: Store, labelled: Path | None = None, ref: Reference | None = None) -> LabelledListings:
    """The real postings, the demo's labelled listings and the good rows of an optional labelled CSV.

    Raises:
        InputError: a bad CSV file (missing, empty, no label column), or a CSV with no good row.
    """
    ref = ref or load_reference()
    parts = [real_labelled(ref), demo_labelled(store, ref)[0]]
    if labelled is not None:
        csv_part = labelled_csv(labelled, ref)
        if not len(csv_part) and csv_part.errors:
            raise InputError(f"no good row to train on; the first problem: {csv_part.errors[0]} "
                             f"({len(csv_part.errors)} problems in all)", source=str(labelled))
        parts.append(csv_part)
    return combine(parts)


def train_risk(data: LabelledListings, ref: Reference | None = None, random_state: int = 0,
               agencies: Mapping[str, Any] | None = None) -> tuple[RiskTrainingResult, LabelledSet]:
    """Train and measure the listing-risk model on labelled listings.

    Raises:
        InputError: too few safe or unsafe listings to train and validate.
    """
    ref = ref or load_reference()
    full = data.to_set(agencies or {}, ref)
    try:
        result = train_risk_model(full.frame, full.y, full.is_real, full.groups, full.kinds,
                                  exclude_from_training=REGISTRY_ONLY_FLAWS, random_state=random_state)
    except RiskDataError as exc:
        raise InputError(str(exc)) from None
    result.params.update(n_demo=data.sources.count("demo"), n_csv=data.sources.count("csv"),
                         n_csv_rows_rejected=len({e.row for e in data.errors}))
    return result, full


def demo_risk_scores(store: Store, ref: Reference | None = None, random_state: int = 0) -> dict[int, float]:
    """Honest P(unsafe) for every demo listing: out-of-fold, so no listing is scored by a model that saw it."""
    ref = ref or load_reference()
    demo, ids = demo_labelled(store, ref)
    data = combine([real_labelled(ref), demo])
    full = data.to_set({}, ref)
    trainable = ~np.isin(np.asarray(data.kinds, dtype=object), REGISTRY_ONLY_FLAWS)
    scores = risk_scores_out_of_fold(full.frame, full.y, random_state=random_state, train_mask=trainable,
                                     groups=full.groups, is_real=full.is_real)
    return dict(zip(ids, (float(s) for s in scores[len(data) - len(ids):]), strict=True))


def train_and_register_risk(store: Store, tracking_uri: str, labelled: Path | None = None, force: bool = False,
                            ref: Reference | None = None) -> dict[str, Any]:
    """``layak train-risk``: gather labelled listings, train and measure, screen and audit the held-out split,
    log it all to MLflow, register, promote.

    Returns a JSON-ready summary; ``labelled_errors`` lists the CSV rows that were left out.
    """
    from models.registry import log_risk_model

    ref = ref or load_reference()
    data = training_data(store, labelled, ref)
    agencies: dict[str, Any] = {"KEP.001/KP2MI/2026": Agency("PT Contoh Penempatan", "active", None, None),
                                **store.agencies()}  # the first: the clean job order the real postings carry
    result, full = train_risk(data, ref, agencies=agencies)
    evaluation = summarise(result, full, heldout_verdicts(result, full, ref=ref))
    reg = log_risk_model(result, tracking_uri, force=force, evaluation=evaluation)
    return {
        **reg.to_dict(), **evaluation,
        "data": {k: result.params[k] for k in ("n_train", "n_test", "n_real", "n_real_unsafe", "n_generated",
                                               "n_demo", "n_csv", "excluded_from_training")},
        "labelled_errors": [{"row": e.row, "field": e.field, "message": e.message} for e in data.errors],
    }
