"""The fast recommend path agrees with the plain definitions: the vectorised policy with ``exclusion_reasons``, and
batch recommendations with single ones, on a small real store (real encoder, FAISS and SQLite)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from features.profiles import NormalisedProfile
from matching.eligibility.policy import PolicyFacts, exclusion_reasons
from matching.service import Services
from matching.storage.readings import stored_readings
from matching.storage.store import Store
from tests.conftest import small_demo

AS_OF = date.today()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, encoder_services: Services) -> Services:
    return small_demo(tmp_path_factory.mktemp("fast"), encoder_services)


def test_vectorised_policy_counts_every_reason_like_exclusion_reasons(store: Services) -> None:
    fresh = Store(store.settings.database_url)  # rows of its own: the changes below stay out of the listing cache
    listings = list(fresh.listings_by_ids(list(range(1, 401))).values())
    fresh.engine.dispose()
    listings[0].status, listings[1].expires_at = "rejected", AS_OF - timedelta(days=1)  # in memory only
    listings[2].posted_at = AS_OF + timedelta(days=3)
    facts = PolicyFacts(listings)
    rows = np.arange(len(listings))
    base = stored_readings(store.store, store.recommender.ref, AS_OF)[0]
    people = [replace(base, age=age, gender=gender, education_rank=edu)
              for age in (None, 16, 22, 30, 45, 60) for gender in (None, "female", "male") for edu in (None, 1, 3)]
    for person in people:
        want = Counter(code for x in listings for code in exclusion_reasons(x, person, AS_OF))
        got = facts.exclusions(rows, person, AS_OF)
        assert {k: int(v.sum()) for k, v in got.items()} == dict(want), person
        blocked = np.zeros(len(listings), dtype=bool)
        for v in got.values():
            blocked |= v > 0
        assert blocked.tolist() == [bool(exclusion_reasons(x, person, AS_OF)) for x in listings]


def test_batch_equals_single_for_every_worker(store: Services) -> None:
    rec = store.recommender
    readings: list[NormalisedProfile] = stored_readings(store.store, rec.ref, AS_OF)
    batch = rec.recommend_readings(readings, k=10, as_of=AS_OF)
    for norm, got in zip(readings, batch, strict=True):
        one = rec.recommend_for_worker(norm.worker_ref or "", k=10, as_of=AS_OF).to_dict()
        many = got.to_dict()
        assert many["matches"] == one["matches"] and many["excluded_by_policy"] == one["excluded_by_policy"]


def test_learned_ranker_batch_equals_single(trained: tuple[Services, object], tmp_path: Path) -> None:
    services, _ = trained
    rec = services.recommender
    refs = services.store.worker_refs(limit=40)
    readings = {n.worker_ref: n for n in stored_readings(services.store, rec.ref, AS_OF)}
    batch = rec.recommend_readings([readings[r] for r in refs], k=10, as_of=AS_OF)
    for ref, got in zip(refs, batch, strict=True):
        one = rec.recommend_for_worker(ref, k=10, as_of=AS_OF).to_dict()
        assert got.to_dict()["matches"] == one["matches"]
        assert one["ranker"]["name"] == "layak-ranker"
