"""``layak demo``: generate the demo data set, screen it like any upload, store it, build the index."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from features.reference import Reference, load_reference
from matching.demo.generate import DemoData, generate_demo
from matching.errors import LayakError
from matching.screening.ingest import listing_record, screen_rows
from matching.storage.store import Store

logger = logging.getLogger(__name__)


class StoreNotEmpty(LayakError):
    """``layak demo`` only fills an empty store."""


@dataclass(frozen=True)
class DemoStats:
    agencies: int
    listings: int
    verified: int
    needs_review: int
    rejected: int
    invalid_rows: int
    workers: int
    outcomes: int
    unsafe_verified: int  # labelled-unsafe listings the rules let through (should be 0)

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def course_rows(ref: Reference) -> list[dict[str, Any]]:
    """The course catalogue as store rows."""
    return [{"course_id": cid, "title_en": r["title_en"], "title_id": r["title_id"],
             "provider_type": r["provider_type"], "closes": list(r["closes"]), "weeks": float(r["weeks"]),
             "cost_idr": int(float(r["cost_idr"])), "prerequisites": list(r["prerequisites"]), "source": r["source"]}
            for cid, r in ref.courses.iterrows()]


def load_demo(store: Store, n_listings: int, n_workers: int, seed: int, as_of: date | None = None,
              ref: Reference | None = None) -> DemoStats:
    """Generate, screen and store the demo data set in one transaction.

    Raises:
        StoreNotEmpty: the store already holds listings or workers.
    """
    if not store.is_empty():
        raise StoreNotEmpty("the store already has data; `layak demo` only fills an empty store "
                            f"({store.url})")
    ref = ref or load_reference()
    as_of = as_of or date.today()
    data: DemoData = generate_demo(n_listings=n_listings, n_workers=n_workers, seed=seed, as_of=as_of)
    agencies = [_agency_row(r) for r in data.agencies.to_dict("records")]
    registry = {a["licence_no"]: _AgencyView(**a) for a in agencies}
    rows = list(enumerate(data.listings.to_dict("records"), start=1))
    results = list(screen_rows(rows, registry, as_of, ref))
    records = []
    invalid = 0
    for (_, raw), result in zip(rows, results, strict=True):
        if result.errors:
            invalid += 1
            logger.error("demo row %s invalid: %s", result.row, "; ".join(str(e) for e in result.errors))
            continue
        rec = listing_record(result.listing, result.normalised, result.verdict, ref, "demo")  # type: ignore[arg-type]
        rec["demo_flaw"] = raw.get("flaw") or None
        records.append(rec)
    outcomes = [{"worker_ref": o["worker_ref"], "listing_ref": o["listing_ref"], "event": o["event"],
                 "occurred_at": _as_datetime(o["occurred_at"]), "simulated": True}
                for o in data.outcomes.to_dict("records")]
    store.load_bundle(agencies=agencies, listings=records, workers=data.workers, courses=course_rows(ref),
                      outcomes=outcomes, meta={"demo_seed": str(seed), "demo_as_of": as_of.isoformat(),
                                               "demo_listings": str(n_listings), "demo_workers": str(n_workers)})
    statuses = [r["status"] for r in records]
    return DemoStats(
        agencies=len(agencies), listings=len(records), verified=statuses.count("verified"),
        needs_review=statuses.count("needs_review"), rejected=statuses.count("rejected"), invalid_rows=invalid,
        workers=len(data.workers), outcomes=len(outcomes),
        unsafe_verified=sum(1 for r in records if r["demo_flaw"] and r["status"] == "verified"))


@dataclass  # not frozen: screening's AgencyRecord protocol declares plain (settable) attributes
class _AgencyView:
    licence_no: str
    agency_name: str
    valid_from: date | None
    valid_until: date | None
    status: str


def _agency_row(r: dict[str, Any]) -> dict[str, Any]:
    return {"licence_no": str(r["licence_no"]), "agency_name": str(r["agency_name"]),
            "valid_from": _as_date(r.get("valid_from")), "valid_until": _as_date(r.get("valid_until")),
            "status": str(r["status"])}


def _as_date(value: Any) -> date | None:
    if value in (None, "") or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        dt = value
    else:
        dt = datetime.fromisoformat(str(value))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
