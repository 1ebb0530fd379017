"""A store that keeps recently read listings in memory (``Settings.listing_cache_size``).

Most of a recommendation's time outside the encoder went into loading ~200 candidate rows through the ORM
(``benchmarks/bench_recommend.py --profile``). The same listings come back request after request, so they are
kept, least recently used out first. Staleness is bounded the same way as the index's: this process's own
listing writes drop their rows at once, and other processes' writes drop theirs when ``IndexFollower`` applies
the change feed (``forget``), at most ``index_follow_interval_ms`` later.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from matching.storage.store import Store
from matching.storage.tables import Listing


class CachedStore(Store):
    """``Store`` with an LRU of ``Listing`` rows behind ``listings_by_ids``; listing writes invalidate it."""

    def __init__(self, url: str, max_listings: int = 50_000) -> None:
        super().__init__(url)
        self.max_listings = max_listings
        self._listings: OrderedDict[int, Listing] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0  # moves on every invalidation: a read that raced one is not cached

    def listings_by_ids(self, ids: Sequence[int]) -> dict[int, Listing]:
        wanted = [int(i) for i in ids]
        with self._lock:
            found = {}
            for i in wanted:
                row = self._listings.get(i)
                if row is not None:
                    self._listings.move_to_end(i)
                    found[i] = row
            generation = self._generation
        missing = [i for i in wanted if i not in found]
        if missing:
            fresh = super().listings_by_ids(missing)
            with self._lock:
                if generation == self._generation:
                    self._listings.update(fresh)
                    while len(self._listings) > self.max_listings:
                        self._listings.popitem(last=False)
            found.update(fresh)
        return found

    def forget(self, ids: Iterable[int] | None = None) -> None:
        """Drop these listings (all with None) from the cache."""
        with self._lock:
            self._generation += 1
            if ids is None:
                self._listings.clear()
                return
            for i in ids:
                self._listings.pop(int(i), None)

    # Listing writes: forget the rows they changed once committed (a failed write changed nothing).
    def upsert_listings(self, records: Sequence[dict[str, Any]], actor: str = "system"
                        ) -> list[tuple[int, str | None]]:
        out = super().upsert_listings(records, actor)
        self.forget([i for i, _ in out])
        return out

    def review_listing(self, listing_id: int, approve: bool, reviewer: str, reason: str) -> Listing:
        listing = super().review_listing(listing_id, approve, reviewer, reason)
        self.forget([listing_id])
        return listing

    def withdraw_listing(self, listing_id: int, actor: str, reason: str) -> Listing:
        listing = super().withdraw_listing(listing_id, actor, reason)
        self.forget([listing_id])
        return listing

    def load_bundle(self, **kwargs: Any) -> None:
        super().load_bundle(**kwargs)
        self.forget()


__all__ = ["CachedStore"]
