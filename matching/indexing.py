"""Keeping the FAISS index in step with the store.

The index is derived data: it must hold exactly the verified listings' embeddings. ``rebuild_index``
recomputes it (embeddings come from the content cache, so only changed listings are encoded);
``open_index`` loads the published index and rebuilds it when its ids no longer match the store's
(e.g. after a crash between a store commit and an index save).
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from matching.errors import IndexMismatchError, IndexNotReady
from matching.index import ListingIndex, ids_checksum
from matching.store import Store
from models.encoder import SentenceEncoder

logger = logging.getLogger(__name__)


def rebuild_index(store: Store, encoder: SentenceEncoder, directory: Path, progress: bool | None = None
                  ) -> ListingIndex:
    """Encode every verified listing (cached) into a new exact index and publish it atomically."""
    rows = store.indexable_listings()
    ids = [i for i, _ in rows]
    vectors = encoder.encode([t for _, t in rows], progress=progress) if rows else np.zeros((0, encoder.dim),
                                                                                            dtype=np.float32)
    index = ListingIndex.build(ids, vectors, encoder.model_id) if rows else ListingIndex(encoder.dim,
                                                                                          encoder.model_id)
    index.save(directory)
    logger.info("index rebuilt: %d listings", index.ntotal)
    return index


def open_index(store: Store, encoder: SentenceEncoder, directory: Path) -> ListingIndex:
    """The published index, rebuilt first if missing, built for another model, or out of step with the store."""
    try:
        index = ListingIndex.load(directory, model_id=encoder.model_id, dim=encoder.dim)
    except (IndexNotReady, IndexMismatchError) as exc:
        logger.warning("rebuilding the index: %s", exc)
        return rebuild_index(store, encoder, directory)
    expected = [i for i, _ in store.indexable_listings()]
    if ids_checksum(expected) != ids_checksum(index.ids()):
        logger.warning("index out of step with the store (%d vs %d listings): rebuilding", index.ntotal, len(expected))
        return rebuild_index(store, encoder, directory)
    return index
