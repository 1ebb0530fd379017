"""The learned ranker's listing facts (``RankingData``) kept on disk, so that a command does not rebuild them.

Building them reads every stored listing and every outcome: 9-14 s on the default demo (20,000 listings, 414,000
outcomes), paid by every ``layak recommend`` before (docs/benchmarks.md). Loading the saved copy takes tens of
milliseconds.

The copy is used only when everything it was built from is unchanged. Its key:

* the store: its URL; the listings change counter (every committed listing change moves it) with the number of
  listings, the highest id and the latest update (``Store.listings_state``); the outcomes counter with the number
  of outcome rows and the highest outcome id (``Store.outcomes_state``). The counts guard against a writer that
  bypasses the store's methods and so the counters;
* the day: ``pay_to_floor`` uses the wage floor in force that day;
* the reference data (``Reference.fingerprint``) and the code that builds the facts: a hash of every ``.py`` file
  of the ``features``, ``matching`` and ``models`` packages.

The key is read *before* the data is built, so a change that lands during a build leaves a copy under the older
key, which the next reader does not take. The file is one ``.npz`` (``models.exports.write_npz``: written under a
temporary name and renamed, checksummed, read without pickle); the objects in it are rebuilt by
``models.estimator_state``, which may create only the four classes below. A missing, damaged or stale copy is
rebuilt from the store and replaced; failing to write it only costs the next command a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from features.reference import Reference
from matching.recommend.ranking import RankingData
from matching.settings import PROJECT_ROOT
from matching.storage.store import Store
from models import estimator_state, exports
from models.exports import StaleExport

logger = logging.getLogger(__name__)

CACHE_FILE = "ranking-data.npz"
KIND, FORMAT = "ranking-data", 1
CLASSES = ("features.pairs:ListingTable", "features.pairs:Courses", "features.pairs:TrackRecord",
           "matching.recommend.ranking:RankingData")
CODE_PACKAGES = ("features", "matching", "models")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over the path and bytes of every ``.py`` file of ``CODE_PACKAGES`` (changed code: a new key)."""
    digest = hashlib.sha256()
    for package in CODE_PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(store: Store, ref: Reference, as_of: date) -> dict[str, Any]:
    """What ``RankingData.build(store, ref, as_of)`` depends on, as it is now."""
    return {"store": store.url, "listings": list(store.listings_state()), "outcomes": list(store.outcomes_state()),
            "as_of": as_of.isoformat(), "reference": ref.fingerprint, "code": code_fingerprint()}


def read(path: Path, key: dict[str, Any]) -> RankingData:
    """The saved ranking data if it was built under ``key``. Raises StaleExport otherwise."""
    header, arrays = exports.read_npz(path)
    if header.get("kind") != KIND or header.get("format") != FORMAT:
        raise StaleExport(f"{path} is not ranking data of format {FORMAT}")
    if header.get("key") != key:
        raise StaleExport(f"{path} was built from another state of the store")
    try:
        data = estimator_state.decode(json.loads(header["state"]), arrays, CLASSES)
    except (estimator_state.Unsupported, KeyError, ValueError, ImportError, AttributeError) as exc:
        raise StaleExport(f"{path} cannot be decoded: {exc}") from exc
    if not isinstance(data, RankingData):
        raise StaleExport(f"{path} does not hold ranking data")
    return data


def write(path: Path, key: dict[str, Any], data: RankingData) -> None:
    """Save ``data`` built under ``key`` (atomically). Raises OSError or estimator_state.Unsupported."""
    tree, arrays = estimator_state.encode(data, CLASSES)
    exports.write_npz(path, {"kind": KIND, "format": FORMAT, "key": key, "state": json.dumps(tree)}, arrays)


def load_or_build(store: Store, ref: Reference, folder: Path, as_of: date | None = None) -> RankingData:
    """The ranking data for the store as it is on ``as_of`` (default today): the saved copy in ``folder`` when its
    key matches, else built from the store (``RankingData.build``) and saved for the next command."""
    as_of = as_of or date.today()
    key = cache_key(store, ref, as_of)
    path = Path(folder) / CACHE_FILE
    try:
        data = read(path, key)
        logger.info("ranking data: %d listings, from %s", len(data.table), path)
        return data
    except StaleExport as exc:
        logger.info("%s; building the ranking data from the store", exc)
    data = RankingData.build(store, ref, as_of)
    try:
        write(path, key, data)
    except (OSError, estimator_state.Unsupported) as exc:
        logger.warning("could not save the ranking data to %s (%s); the next command builds it again", path, exc)
    return data


__all__ = ["CACHE_FILE", "cache_key", "code_fingerprint", "load_or_build", "read", "write"]
