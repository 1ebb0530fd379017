"""The in-memory listing cache: hits are served from memory, listing writes and forget() invalidate, LRU bound."""

from __future__ import annotations

from sqlalchemy import text

from matching.storage.listing_cache import CachedStore


def _listing(ref: str, status: str = "verified", **extra: object) -> dict[str, object]:
    return {"listing_ref": ref, "agency_licence": "L1", "title": f"Job {ref}", "country": "HK", "status": status,
            "embed_text": f"Job {ref}", **extra}


def test_reads_are_cached_and_writes_invalidate(db_url: str) -> None:
    store = CachedStore(db_url, max_listings=2)
    a, b, c = [i for i, _ in store.upsert_listings([_listing("A"), _listing("B", status="needs_review"),
                                                    _listing("C")])]
    first = store.listings_by_ids([a, b])
    again = store.listings_by_ids([a, b])
    assert again[a] is first[a] and again[b] is first[b]  # served from memory
    store.review_listing(b, approve=True, reviewer="r", reason="ok")
    assert store.listings_by_ids([b])[b].status == "verified"
    store.withdraw_listing(a, actor="agency", reason="filled")
    assert store.listings_by_ids([a])[a].status == "withdrawn"
    store.upsert_listings([_listing("C", title="Renamed")])
    assert store.listings_by_ids([c])[c].title == "Renamed"
    assert len(store._listings) <= 2  # least recently used out first
    # A change made elsewhere (another process): visible once the follower calls forget().
    with store.transaction() as s:
        s.execute(text("UPDATE listings SET title = 'Elsewhere' WHERE id = :i"), {"i": c})
    assert store.listings_by_ids([c])[c].title == "Renamed"
    store.forget([c])
    assert store.listings_by_ids([c])[c].title == "Elsewhere"
    assert set(store.listings_by_ids([a, b, c, 999])) == {a, b, c}
