"""The listing desk over a real store, encoder and FAISS index: intake, review, withdrawal, audit trail."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from features.listings import LISTING_COLUMNS, TEMPLATE_EXAMPLE, ListingIn
from matching.errors import InvalidTransition, NotFound
from matching.retrieval.index import ListingIndex
from matching.service import Services
from matching.storage.tables import Listing
from tests.conftest import make_settings
from tests.matching.test_csv_stream import csv_line

TODAY = date.today()
LICENCE = "KEP.001/KP2MI/2026"


@pytest.fixture()
def services(tmp_path: Path, encoder_services: Services) -> Services:
    svc = Services(make_settings(tmp_path))
    svc.__dict__["encoder"] = encoder_services.encoder  # share the loaded model
    svc.store.upsert_agencies([{"licence_no": LICENCE, "agency_name": "PT Contoh", "status": "active",
                                "valid_from": date(TODAY.year - 1, 1, 1),
                                "valid_until": date(TODAY.year + 1, 12, 31)}])
    return svc


def listing(ref: str, **changes: object) -> ListingIn:
    data = {**TEMPLATE_EXAMPLE, "listing_ref": ref, "posted_at": TODAY.isoformat(),
            "expires_at": date(TODAY.year + 1, 1, 31).isoformat(), **changes}
    return ListingIn.model_validate({k: v for k, v in data.items() if v != ""})


def test_verified_listing_enters_the_index_at_once_and_resubmission_updates(services: Services) -> None:
    desk = services.desk
    first = desk.submit_one(listing("A-1"), "agency-x")
    assert first.status == "verified" and first.listing_id in services.index.ids()
    again = desk.submit_one(listing("A-1", title="Pengurus rumah tangga (revisi)"), "agency-x")
    assert again.listing_id == first.listing_id
    assert services.store.count(Listing) == 1
    view = desk.get(first.listing_id)
    assert view["title"] == "Pengurus rumah tangga (revisi)"
    assert [e["event"] for e in view["audit"]] == ["submitted", "resubmitted"]
    assert view["audit"][0]["actor"] == "agency-x" and view["audit"][0]["rules_version"]
    # An update that now breaks a rule takes the listing out of the index.
    worse = desk.submit_one(listing("A-1", passport_held_by="employer"), "agency-x")
    assert worse.status == "rejected" and first.listing_id not in services.index.ids()
    # The published index agrees with the store.
    assert ListingIndex.load(services.settings.index_path).ntotal == 0


def test_review_moves_a_needs_review_listing_and_is_recorded(services: Services) -> None:
    desk = services.desk
    pending = desk.submit_one(listing("R-1", job_order_verified=None), "agency-x")
    assert pending.status == "needs_review" and pending.listing_id not in services.index.ids()
    view = desk.review(pending.listing_id, True, "reviewer-ani", "job order confirmed with KJRI by phone")
    assert view["status"] == "verified" and pending.listing_id in services.index.ids()
    assert view["review"]["by"] == "reviewer-ani"
    assert view["audit"][-1] == {**view["audit"][-1], "event": "reviewed", "actor": "reviewer-ani",
                                 "previous_status": "needs_review", "status": "verified"}
    with pytest.raises(InvalidTransition):
        desk.review(pending.listing_id, False, "reviewer-ani", "changed my mind")
    with pytest.raises(NotFound):
        desk.review(999_999, True, "x", "y")


def test_withdrawn_and_expired_listings_leave_the_index(services: Services) -> None:
    desk = services.desk
    a = desk.submit_one(listing("W-1"), "agency-x")
    b = desk.submit_one(listing("W-2", expires_at=date(TODAY.year - 1, 1, 1).isoformat(),
                                posted_at=date(TODAY.year - 1, 1, 1).isoformat()), "agency-x")
    assert a.listing_id in services.index.ids()
    assert b.status == "verified" and b.listing_id not in services.index.ids()  # verified but already expired
    desk.withdraw(a.listing_id, "agency-x", "position filled")
    assert a.listing_id not in services.index.ids()
    assert desk.get(a.listing_id)["audit"][-1]["event"] == "withdrawn"


def test_bulk_csv_stores_good_rows_and_reports_bad_ones(services: Services) -> None:
    header = ",".join(LISTING_COLUMNS)
    rows = [csv_line({**TEMPLATE_EXAMPLE, "listing_ref": f"B-{i}", "agency_licence": LICENCE,
                      "posted_at": TODAY.isoformat(), "expires_at": date(TODAY.year + 1, 1, 31).isoformat()})
            for i in range(5)]
    rows.insert(2, csv_line({**TEMPLATE_EXAMPLE, "listing_ref": "B-BAD", "salary_amount": "banyak"}))
    data = (header + "\n" + "\n".join(rows) + "\n").encode()
    report = services.desk.ingest_csv(io.BytesIO(data), "agency-x", chunk_rows=2)
    assert report.counts() == {"rows": 6, "verified": 5, "needs_review": 0, "rejected": 0, "error": 1}
    bad = next(r for r in report.results if r.errors)
    assert bad.row == 3 and bad.errors[0].field == "salary_amount"
    assert report.added_to_index == 5
    assert len(services.store.indexable_listings()) == services.index.ntotal == 5
    # The same file again: no duplicates.
    services.desk.ingest_csv(io.BytesIO(data), "agency-x")
    assert services.store.count(Listing) == 5
