"""The ranker's listing facts saved between commands: the saved copy equals a fresh build, and anything they are
built from (listings, outcomes, the day, the code) makes the next command build them again."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from features.reference import Reference
from matching.demo.load import load_demo
from matching.recommend import ranking_cache
from matching.recommend.ranking import RankingData
from matching.storage.personal_data import delete_worker
from matching.storage.store import Store
from models import estimator_state

TODAY = date.today()


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'layak.db'}")
    load_demo(s, 300, 30, 5, as_of=TODAY)
    return s


@pytest.fixture()
def builds(monkeypatch: pytest.MonkeyPatch) -> list[date | None]:
    """Every RankingData.build call (its as_of), while still building for real."""
    calls: list[date | None] = []
    real = RankingData.build.__func__  # type: ignore[attr-defined]

    def counting(cls: type[RankingData], store: Store, ref: Reference | None = None,
                 as_of: date | None = None) -> RankingData:
        calls.append(as_of)
        return real(cls, store, ref, as_of)

    monkeypatch.setattr(RankingData, "build", classmethod(counting))
    return calls


def _same(a: RankingData, b: RankingData) -> bool:
    classes = ranking_cache.CLASSES
    return estimator_state.same_encoding(estimator_state.encode(a, classes), estimator_state.encode(b, classes))


def test_the_saved_copy_is_used_while_nothing_changed_and_equals_a_fresh_build(
        store: Store, ref: Reference, tmp_path: Path, builds: list[date | None]) -> None:
    folder = tmp_path / "cache"
    first = ranking_cache.load_or_build(store, ref, folder)
    assert len(builds) == 1 and (folder / ranking_cache.CACHE_FILE).exists()
    second = ranking_cache.load_or_build(store, ref, folder)
    assert len(builds) == 1 and second is not first
    assert _same(second, first) and _same(second, RankingData.build(store, ref, TODAY))
    assert second.ref_to_row == first.ref_to_row and len(second.table) == len(first.table) == 300


def _outcome(store: Store) -> None:
    ref = store.worker_refs(limit=1)[0]
    listing = store.listings_by_ids([1])[1].listing_ref
    store.add_outcomes([{"worker_ref": ref, "listing_ref": listing, "event": "hired",
                         "occurred_at": datetime.now(UTC), "simulated": False}])


def _withdraw(store: Store) -> None:
    store.withdraw_listing(1, "test", "the agency withdrew it")


def _erase_worker(store: Store) -> None:
    with store.transaction() as s:
        ref = s.execute(text("SELECT worker_ref FROM outcomes LIMIT 1")).scalar_one()
    delete_worker(store, ref)


def _outcome_behind_the_stores_back(store: Store) -> None:
    with store.transaction() as s:  # a writer that does not bump the counter: the row count still moves
        s.execute(text("INSERT INTO outcomes (worker_ref, listing_ref, event, occurred_at, simulated) "
                       "SELECT worker_ref, listing_ref, 'complaint', occurred_at, simulated FROM outcomes LIMIT 1"))


def _listing_behind_the_stores_back(store: Store) -> None:
    with store.transaction() as s:
        s.execute(text("UPDATE listings SET monthly_salary_idr = monthly_salary_idr + 1, "
                       "updated_at = '2999-01-01 00:00:00' WHERE id = 2"))


@pytest.mark.parametrize("change", [_outcome, _withdraw, _erase_worker, _outcome_behind_the_stores_back,
                                    _listing_behind_the_stores_back])
def test_a_change_to_the_store_builds_it_again(store: Store, ref: Reference, tmp_path: Path,
                                               builds: list[date | None], change: Any) -> None:
    folder = tmp_path / "cache"
    ranking_cache.load_or_build(store, ref, folder)
    change(store)
    after = ranking_cache.load_or_build(store, ref, folder)
    assert len(builds) == 2
    assert _same(after, RankingData.build(store, ref, TODAY))
    ranking_cache.load_or_build(store, ref, folder)
    assert len(builds) == 3  # the check above; the copy saved after the change serves the next command
    assert builds[-1] == TODAY


def test_another_day_or_other_code_builds_it_again(store: Store, ref: Reference, tmp_path: Path,
                                                    builds: list[date | None], monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    folder = tmp_path / "cache"
    ranking_cache.load_or_build(store, ref, folder)
    ranking_cache.load_or_build(store, ref, folder, as_of=TODAY + timedelta(days=1))  # the wage floors' day
    assert builds == [TODAY, TODAY + timedelta(days=1)]
    monkeypatch.setattr(ranking_cache, "code_fingerprint", lambda: "other code")
    ranking_cache.load_or_build(store, ref, folder, as_of=TODAY + timedelta(days=1))
    assert len(builds) == 3


def test_a_damaged_copy_is_rebuilt_and_replaced(store: Store, ref: Reference, tmp_path: Path,
                                                builds: list[date | None]) -> None:
    folder = tmp_path / "cache"
    ranking_cache.load_or_build(store, ref, folder)
    path = folder / ranking_cache.CACHE_FILE
    path.write_bytes(path.read_bytes()[:1000])
    assert _same(ranking_cache.load_or_build(store, ref, folder), RankingData.build(store, ref, TODAY))
    ranking_cache.load_or_build(store, ref, folder)
    assert len(builds) == 3  # build, rebuild after the damage, the check above; the last load read the copy
