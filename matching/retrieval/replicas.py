"""Several API processes over one database: each keeps its in-memory index in step with listing changes.

Every process applies its own writes to its index at once (``matching/desk.py``). Writes made by other
processes reach it through the store's change feed: each transaction that changes listings bumps the
``listings`` counter under its row lock and records the listing ids under the new value
(``Store.listing_changes_since``). ``IndexFollower.poll`` runs before a request is served, at most once
every ``interval_s``; it reads the counter (one indexed primary-key lookup) and, when it moved, applies the
changed listings to the index through ``IndexSync.apply`` (verified and open: in, with their current text;
anything else: out). Applying a change twice is harmless, so the feed is read "at least once".

Each process keeps its own index directory and embedding cache (``LAYAK_DATA_DIR``); only the database is
shared. A process that restarts loads its saved index and ``open_index`` rebuilds it if it lags the store.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from matching.retrieval.index_sync import IndexSync
from matching.storage.store import ALL_LISTINGS, Store

logger = logging.getLogger(__name__)


class IndexFollower:
    """Applies listing changes committed by any process to this process's index.

    Args:
        store: the shared store.
        sync: the ``IndexSync`` over this process's live index.
        seen: the counter value the index is known to include (read *before* the index was loaded).
        interval_s: the longest a change made elsewhere may go unseen; the counter is read at most this often.
        on_change: called with the changed listing ids before they are applied (to drop cached rows and
            anything else derived from them).
    """

    def __init__(self, store: Store, sync: IndexSync, seen: int, interval_s: float = 0.5,
                 on_change: Callable[[list[int]], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.sync = sync
        self.seen = seen
        self.interval_s = interval_s
        self.on_change = on_change
        self._clock = clock
        self._last = float("-inf")
        self._lock = threading.Lock()

    def poll(self, force: bool = False) -> tuple[int, int] | None:
        """Catch up if the interval has passed (or ``force``). Returns (added, removed), or None if not checked.

        Never blocks a request behind another one: if a thread is already catching up, this returns None.
        """
        if not force and self._clock() - self._last < self.interval_s:
            return None
        if not self._lock.acquire(blocking=False):
            return None
        try:
            self._last = self._clock()
            if self.store.listing_change_seq() == self.seen:
                return 0, 0
            now, ids = self.store.listing_changes_since(self.seen)
            if ALL_LISTINGS in ids:  # a bulk load: compare everything
                ids = sorted({i for i, _ in self.store.indexable_listings()} | set(self.sync.index.ids().tolist()))
            if self.on_change is not None and ids:
                self.on_change(ids)  # first: so that apply reads the changed rows, not this process's cached ones
            added, removed = self.sync.apply(ids) if ids else (0, 0)
            self.seen = now
            logger.info("index caught up to change %d: %d listings in, %d out", now, added, removed)
            return added, removed
        finally:
            self._lock.release()


__all__ = ["IndexFollower"]
