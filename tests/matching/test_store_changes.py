"""Store behaviour several processes rely on, on SQLite and PostgreSQL: the listing change feed, bulk loads
followed by new listings, and concurrent cache fills."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import IntegrityError

from matching.storage.store import ALL_LISTINGS, Store
from matching.storage.tables import Listing


def _listing(ref: str, status: str = "verified", **extra: object) -> dict[str, object]:
    return {"listing_ref": ref, "agency_licence": "L1", "title": f"Job {ref}", "country": "HK", "status": status,
            "embed_text": f"Job {ref}", **extra}


def test_every_listing_write_moves_the_counter_and_names_the_listings(db_url: str) -> None:
    store = Store(db_url)
    start = store.listing_change_seq()
    ids = [i for i, _ in store.upsert_listings([_listing("A"), _listing("B", status="needs_review")])]
    after_ingest = store.listing_change_seq()
    assert after_ingest == start + 1
    assert store.listing_changes_since(start) == (after_ingest, ids)
    store.review_listing(ids[1], approve=True, reviewer="r", reason="checked the job order")
    store.withdraw_listing(ids[0], actor="agency", reason="filled")
    now, changed = store.listing_changes_since(after_ingest)
    assert now == after_ingest + 2 and changed == [ids[1], ids[0]]
    assert store.listing_changes_since(now) == (now, [])


def test_a_failed_write_leaves_the_counter_alone(db_url: str) -> None:
    store = Store(db_url)
    start = store.listing_change_seq()
    with pytest.raises(IntegrityError):  # NOT NULL on row 2
        store.upsert_listings([_listing("A"), _listing("B", country=None)])
    assert store.listing_change_seq() == start and store.listing_changes_since(start) == (start, [])


def test_new_listings_after_a_bulk_load_get_fresh_ids(db_url: str) -> None:
    store = Store(db_url)
    store.load_bundle(agencies=[], listings=[_listing("A"), _listing("B")], workers=[], courses=[], outcomes=[],
                      meta={"demo_seed": "1"})
    assert store.listing_changes_since(0)[1] == [ALL_LISTINGS]  # followers resynchronise fully
    [(new_id, previous)] = store.upsert_listings([_listing("C")])  # PostgreSQL: the serial moved past 2
    assert new_id == 3 and previous is None and store.count(Listing) == 3


def test_concurrent_reading_cache_fills_do_not_collide(db_url: str) -> None:
    store = Store(db_url)
    rows = [{"worker_ref": f"W{i}", "key": "k", "reading": {"skills": [str(i)]}} for i in range(200)]
    errors: list[BaseException] = []

    def fill() -> None:
        try:
            for _ in range(5):
                store.save_worker_readings(rows)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=fill) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store.save_worker_readings([{"worker_ref": "W1", "key": "k2", "reading": {"skills": ["new"]}}])
    readings = store.worker_readings()
    assert len(readings) == 200 and readings["W1"] == ("k2", {"skills": ["new"]})
