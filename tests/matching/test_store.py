"""The store on SQLite and on PostgreSQL: schema on first use, idempotent upserts, all-or-nothing transactions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from matching.errors import NotFound
from matching.storage.store import Store
from matching.storage.tables import Listing, Worker


def _listing(ref: str, licence: str = "L1", **extra: object) -> dict[str, object]:
    return {"listing_ref": ref, "agency_licence": licence, "title": f"Job {ref}", "country": "HK",
            "status": "verified", "embed_text": f"Job {ref}", **extra}


def test_schema_is_created_on_first_use(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    assert (tmp_path / "sub" / "x.db").exists()
    assert store.is_empty() and store.count(Listing) == 0


def test_same_ref_from_same_agency_updates_never_duplicates(db_url: str) -> None:
    store = Store(db_url)
    [(first, previous)] = store.upsert_listings([_listing("A")])
    [(again, again_previous)] = store.upsert_listings([_listing("A", title="Changed")])
    [(other, _)] = store.upsert_listings([_listing("A", licence="L2")])  # same ref, other agency: a new listing
    assert first == again != other
    assert (previous, again_previous) == (None, "verified")
    assert store.count(Listing) == 2
    assert store.get_listing(first).title == "Changed"


def test_a_writer_that_inserts_the_same_listing_between_read_and_write_turns_ours_into_an_update(db_url: str
                                                                                                 ) -> None:
    """Two submissions of one (licence, listing_ref) at once must not fail with a duplicate key: the loser's
    transaction rolls back and is retried, and the retry updates the row the winner inserted."""
    from sqlalchemy import event

    store, other = Store(db_url), Store(db_url)
    raced: list[int] = []

    def other_writer_first(session: object, flush_context: object, instances: object) -> None:
        if not raced:  # only the first flush: after our SELECT saw no row, before our INSERT
            raced.append(other.upsert_listings([_listing("R", title="Theirs")])[0][0])

    event.listen(store._sessions, "before_flush", other_writer_first)
    [(ours, previous)] = store.upsert_listings([_listing("R", title="Ours")])
    assert raced and ours == raced[0] and previous == "verified"  # the retry found their row and updated it
    assert store.count(Listing) == 1 and store.get_listing(ours).title == "Ours"
    other.engine.dispose()


def test_a_failing_batch_writes_nothing(db_url: str) -> None:
    store = Store(db_url)
    with pytest.raises(IntegrityError):
        store.upsert_listings([_listing("A"), _listing("B", country=None)])  # NOT NULL violation on row 2
    assert store.count(Listing) == 0


def test_indexable_listings_are_only_verified(db_url: str) -> None:
    store = Store(db_url)
    ids = [i for i, _ in store.upsert_listings([_listing("A"), _listing("B", status="rejected"),
                                                _listing("C", status="needs_review"), _listing("D")])]
    assert [i for i, _ in store.indexable_listings()] == [ids[0], ids[3]]


def test_the_g2g_channel_is_always_in_the_registry(db_url: str) -> None:
    store = Store(db_url)
    assert store.get_agency("G2G-KP2MI").status == "active"


def test_workers_and_agencies_round_trip(db_url: str) -> None:
    store = Store(db_url)
    store.upsert_workers([{"worker_ref": "W1", "gender": "female", "skills": ["memasak"]}])
    assert store.get_worker("W1")["skills"] == ["memasak"]
    assert store.count(Worker) == 1
    with pytest.raises(NotFound, match="W2"):
        store.get_worker("W2")
    assert store.upsert_agencies([{"licence_no": "L1", "agency_name": "PT A", "status": "active",
                                   "valid_from": date(2026, 1, 1), "valid_until": date(2026, 12, 31)}]) == (1, 0)
    assert store.upsert_agencies([{"licence_no": "L1", "agency_name": "PT A", "status": "suspended",
                                   "valid_from": date(2026, 1, 1), "valid_until": date(2026, 12, 31)}]) == (0, 1)
    assert store.get_agency("L1").status == "suspended"
