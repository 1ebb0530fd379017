"""Every stored worker, read into canonical ids, with a persistent cache.

Reading a profile (features.profiles.normalise_profile) takes about a millisecond and a half, so a cohort of
50,000 workers would take over a minute each time a planner asks. Readings are therefore cached in the
store's ``worker_readings`` table, keyed by a hash of the profile JSON and of the reference data: a changed
profile or a changed taxonomy is simply read again. Age is not cached (it depends on the day).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date
from typing import Any

from features.profiles import NormalisedProfile, WorkerProfile, normalise_profile
from features.reference import Reference
from features.regions import province_name
from matching.storage.store import Store

logger = logging.getLogger(__name__)
_FIELDS = {f.name for f in fields(NormalisedProfile)}


def reading_key(profile_text: str, ref: Reference) -> str:
    """The cache key of one stored profile (its JSON text as stored) under the current reference data."""
    return hashlib.sha256((profile_text + ref.fingerprint).encode("utf-8")).hexdigest()


def read_profile(profile: dict[str, Any], ref: Reference, as_of: date) -> NormalisedProfile:
    """One stored profile read as of ``as_of``; ``province`` becomes the official name when recognised."""
    norm = normalise_profile(WorkerProfile.model_validate(profile), as_of=as_of, ref=ref)
    return replace(norm, province=province_name(norm.province, ref) or norm.province)


def stored_readings(store: Store, ref: Reference, as_of: date, refs: Sequence[str] | None = None
                    ) -> list[NormalisedProfile]:
    """Every stored worker's reading (or those of ``refs``; by worker_ref), reading and caching the ones that are
    new or stale."""
    cached = store.worker_readings(refs)
    out, fresh = [], []
    for worker_ref, text in store.worker_profile_texts(refs):
        key = reading_key(text, ref)
        hit = cached.get(worker_ref)
        if hit is not None and hit[0] == key:
            reading = {k: v for k, v in hit[1].items() if k in _FIELDS}
            birth = reading.get("birth_year")
            out.append(NormalisedProfile(**{**reading, "age": as_of.year - birth if birth else None}))
            continue
        norm = read_profile(json.loads(text), ref, as_of)
        fresh.append({"worker_ref": worker_ref, "key": key, "reading": {**norm.to_dict(), "age": None}})
        out.append(norm)
    if fresh:
        store.save_worker_readings(fresh)
        logger.info("read and cached %d worker profiles (%d from the cache)", len(fresh), len(out) - len(fresh))
    return out


__all__ = ["stored_readings", "read_profile", "reading_key"]
