"""The learned ranker's listing facts follow listing changes made after the service started.

Without this a listing verified after start-up would be held back from every recommendation until a restart
(the ranker cannot score a listing its data does not hold), and a re-submitted one ranked on its old facts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from matching.demo.load import load_demo
from matching.recommend.pipeline import Recommender
from matching.retrieval.index import ListingIndex
from matching.retrieval.index_sync import IndexSync
from matching.service import Services
from matching.storage.store import Store
from matching.storage.tables import Listing
from tests.conftest import make_settings


def _clone_listing(store: Store, new_ref: str, salary_idr: float) -> int:
    """A new verified listing copied from an existing one (as an agency submitting a similar job order)."""
    with store.transaction() as s:
        src = s.query(Listing).filter(Listing.status == "verified").order_by(Listing.id).first()
        assert src is not None
        values = {c.name: getattr(src, c.name) for c in Listing.__table__.columns if c.name != "id"}
        clone = Listing(**{**values, "listing_ref": new_ref, "monthly_salary_idr": salary_idr})
        s.add(clone)
        s.flush()
        return int(clone.id)


def test_a_listing_stored_after_start_is_rankable_once_the_data_is_rebuilt(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'layak.db'}")
    load_demo(store, 300, 20, 5, as_of=date.today())
    # encoder and index are not touched by the ranking data; a non-None ranker turns the learned path on
    rec = Recommender(store, encoder=None, index=None, ranker=object())  # type: ignore[arg-type]
    before = rec.ranking_data
    new_id = _clone_listing(store, "LATE-1", 12_345_678.0)
    assert before.table.rows([new_id])[0] == -1  # built before it existed

    rec.listings_changed([new_id])
    assert rec.wait_for_ranking_data(timeout=120)
    after = rec.ranking_data
    assert after is not before
    assert after.table.rows([new_id])[0] >= 0
    assert len(after.table) == len(before.table) + 1


def test_changes_are_ignored_while_v0_ranks_or_before_the_data_is_built(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'layak.db'}")
    load_demo(store, 200, 10, 5, as_of=date.today())
    v0 = Recommender(store, encoder=None, index=None, ranker=None)  # type: ignore[arg-type]
    v0.listings_changed([1, 2])
    assert v0._refresh_thread is None and v0._ranking_data is None
    learned = Recommender(store, encoder=None, index=None, ranker=object())  # type: ignore[arg-type]
    learned.listings_changed([1, 2])  # nothing built yet: the first use builds from the store as it is then
    assert learned._refresh_thread is None


class _Encoder:
    """Deterministic unit vectors (this test is about who is told of a change, not about embeddings)."""

    dim = 8
    model_id = "fake"

    def encode(self, texts: list[str], progress: bool | None = None) -> np.ndarray:
        rng = np.random.default_rng(len(texts))
        v = rng.normal(size=(len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_index_sync_tells_the_services_which_listings_changed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    services = Services(settings)
    load_demo(services.store, 200, 10, 5, as_of=date.today())
    told: list[list[int]] = []

    class _Recommender:
        def listings_changed(self, ids: list[int]) -> None:
            told.append(ids)

    services.__dict__["recommender"] = _Recommender()
    sync = IndexSync(services.store, _Encoder(), ListingIndex(8, "fake"), tmp_path / "index",  # type: ignore[arg-type]
                     on_applied=services.listings_changed)
    verified = [i for i, _ in services.store.indexable_listings()][:3]
    assert sync.apply(verified + [999_999]) == (3, 0)
    assert told == [verified + [999_999]]
