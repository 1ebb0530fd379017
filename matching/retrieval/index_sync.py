"""Keeping the FAISS index in step with the store.

The index is derived data: it must hold exactly the verified listings' embeddings. ``rebuild_index``
recomputes it (embeddings come from the content cache, so only changed listings are encoded);
``open_index`` loads the published index and rebuilds it when its ids no longer match the store's
(e.g. after a crash between a store commit and an index save).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

from matching.errors import IndexMismatchError, IndexNotReady
from matching.retrieval.index import EXACT_MAX, ListingIndex, ids_checksum, kind_for
from matching.storage.store import Store
from models.encoder import SentenceEncoder

logger = logging.getLogger(__name__)


class IndexSync:
    """Applies store changes to the live index: verified, open listings in; everything else out.

    The store is the source of truth and is committed first. If the process dies before ``save``,
    ``open_index`` finds the published index out of step with the store and rebuilds it, so a crash
    can delay an index update but never leave store and index disagreeing after a restart.
    """

    def __init__(self, store: Store, encoder: SentenceEncoder, index: ListingIndex, directory: Path,
                 on_applied: Callable[[list[int]], None] | None = None) -> None:
        self.store = store
        self.encoder = encoder
        self.index = index
        self.directory = directory
        self.dirty = False
        # told which listings changed once the index holds them (e.g. the ranker's listing facts follow)
        self.on_applied = on_applied

    def apply(self, listing_ids: list[int], as_of: date | None = None) -> tuple[int, int]:
        """Bring these listings' index entries in line with the store. Returns (added, removed)."""
        as_of = as_of or date.today()
        rows = self.store.listings_by_ids(listing_ids)
        keep = [(i, row.embed_text) for i in listing_ids
                if (row := rows.get(i)) is not None and row.status == "verified"
                and (row.expires_at is None or row.expires_at >= as_of)]
        keep_ids = {i for i, _ in keep}
        drop = [i for i in listing_ids if i not in keep_ids]
        removed = self.index.remove(drop)
        if keep:
            self.index.add([i for i, _ in keep], self.encoder.encode([t for _, t in keep]))
        self.dirty = self.dirty or bool(keep) or removed > 0
        if self.on_applied is not None and listing_ids:
            self.on_applied(list(listing_ids))
        return len(keep), removed

    def save(self) -> None:
        """Publish the index if it changed since the last save."""
        if self.dirty:
            self.index.save(self.directory)
            self.dirty = False


def rebuild_index(store: Store, encoder: SentenceEncoder, directory: Path, progress: bool | None = None,
                  exact_max: int = EXACT_MAX, nprobe: int | None = None) -> ListingIndex:
    """Encode every verified listing (cached) into a new index and publish it atomically.

    The index is exact below ``exact_max`` listings and IVF from there on (``matching.retrieval.index.kind_for``);
    ``nprobe`` overrides the IVF probes chosen by size.
    """
    rows = store.indexable_listings()
    ids = [i for i, _ in rows]
    vectors = encoder.encode([t for _, t in rows], progress=progress) if rows else np.zeros((0, encoder.dim),
                                                                                            dtype=np.float32)
    params = {"nprobe": nprobe} if nprobe else None
    index = ListingIndex.build(ids, vectors, encoder.model_id, exact_max=exact_max, params=params) if rows else (
        ListingIndex(encoder.dim, encoder.model_id))
    index.save(directory)
    logger.info("index rebuilt: %d listings, %s %s", index.ntotal, index.kind, index.params or "")
    return index


def open_index(store: Store, encoder: SentenceEncoder, directory: Path, exact_max: int = EXACT_MAX,
               nprobe: int | None = None) -> ListingIndex:
    """The published index, rebuilt first if missing, built for another model, out of step with the store,
    or of the wrong kind for its size (the store grew past ``exact_max`` or shrank below it)."""
    try:
        index = ListingIndex.load(directory, model_id=encoder.model_id, dim=encoder.dim)
    except (IndexNotReady, IndexMismatchError) as exc:
        logger.warning("rebuilding the index: %s", exc)
        return rebuild_index(store, encoder, directory, exact_max=exact_max, nprobe=nprobe)
    expected = [i for i, _ in store.indexable_listings()]
    if ids_checksum(expected) != ids_checksum(index.ids()):
        logger.warning("index out of step with the store (%d vs %d listings): rebuilding", index.ntotal, len(expected))
        return rebuild_index(store, encoder, directory, exact_max=exact_max, nprobe=nprobe)
    if expected and index.kind != kind_for(len(expected), exact_max):
        logger.warning("a %s index for %d listings (exact below %d): rebuilding", index.kind, len(expected),
                       exact_max)
        return rebuild_index(store, encoder, directory, exact_max=exact_max, nprobe=nprobe)
    if nprobe:
        index.set_nprobe(nprobe)
    return index
