"""Stretch recommendations on a hand-built store: which listings, in which order, on which path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from features.reference import Reference
from matching.eligibility.courses import Catalogue
from matching.errors import NotFound
from matching.planning.stretch import TrainingPlanner
from matching.service import Services
from matching.storage.store import Store
from tests.conftest import AS_OF as DEMO_AS_OF

AS_OF = date(2026, 1, 15)
SITI = {"worker_ref": "SITI", "gender": "female", "birth_year": 1996, "province": "Jawa Timur",
        "skills": ["menyetrika", "bersih-bersih rumah"], "certificates": ["sertifikat BNSP PRT"],
        "preferences": {"countries": ["HK", "TW"], "sectors": ["domestic"]}}


def _listing(ref: str, pay_idr: float, **fields: Any) -> dict[str, Any]:
    base = {"listing_ref": ref, "title": f"Job {ref}", "country": "HK", "city": "Kowloon",
            "occupation_id": "housekeeper",
            "sector_id": "domestic", "employer_type": "household", "agency_licence": "KEP.1/2025",
            "agency_name": "PT Contoh", "job_order_verified": True, "job_order_ref": "JO/KJRI-HK/2026/1",
            "passport_held_by": "worker", "visa_type": "work",
            "gender": "any", "skill_ids": ["ironing", "housekeeping"], "certificate_ids": [], "language_ranks": {},
            "required_languages": [], "salary_amount": pay_idr, "salary_currency": "IDR", "salary_period": "month",
            "monthly_salary_local": pay_idr, "monthly_salary_idr": pay_idr, "worker_fee_idr": 0.0,
            "contract_months": 24, "status": "verified", "reasons": [], "posted_at": date(2026, 1, 1),
            "expires_at": date(2026, 3, 1)}
    return {**base, **fields}


@pytest.fixture(scope="module")
def planner(tmp_path_factory: pytest.TempPathFactory, ref: Reference) -> Iterator[TrainingPlanner]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('stretch') / 'layak.db'}")
    store.upsert_workers([SITI])
    store.upsert_listings([
        _listing("A", 11_000_000),  # she has everything: ready now
        _listing("B", 10_650_000, skill_ids=["ironing", "fire_safety"]),  # basic K3 course: 1 week, free
        _listing("C", 10_400_000, country="TW", language_ranks={"zh": 1}, required_languages=["zh:basic"]),  # 8 w
        _listing("D", 15_000_000, language_ranks={"ja": 3}, required_languages=["ja:N3"]),  # 32 weeks: over 26
        _listing("E", 13_000_000, min_experience_years=3),  # no course gives experience: blocked
        _listing("H", 12_000_000, occupation_id="laundry_worker", skill_ids=["ironing", "pet_care"]),  # not zero-cost
        _listing("F", 20_000_000, country="MY"),  # not a country she wants
        _listing("G", 20_000_000, status="rejected"),  # never reachable
        _listing("X", 20_000_000, expires_at=date(2026, 1, 1)),  # expired
    ])
    yield TrainingPlanner(store, Catalogue.from_reference(ref), max_weeks=26)
    store.engine.dispose()


def _refs(entries: list[dict[str, Any]]) -> list[str]:
    return [e["listing"]["listing_ref"] for e in entries]


def test_ready_now_stretch_and_the_rest(planner: TrainingPlanner) -> None:
    plan = planner.for_worker("SITI", as_of=AS_OF)
    assert (plan["reachable_listings"], plan["ready_now_count"], plan["within_budget_count"],
            plan["over_budget_count"], plan["blocked_count"]) == (6, 1, 3, 1, 1)
    assert _refs(plan["ready_now"]) == ["A"]
    # value per week of training: B 10.65M / 1 week, H 12M / 8 weeks (LPK housekeeping for pet care),
    # C 10.4M / 8 weeks (Mandarin basic)
    assert _refs(plan["stretch"]) == ["B", "H", "C"]
    assert [e["value_per_week"] for e in plan["stretch"]] == [10_650_000, 1_500_000, 1_300_000]
    b, h, c = plan["stretch"]
    assert [x["course_id"] for x in b["training"]["courses"]] == ["blk_k3_basic"]
    assert (h["training"]["path"], h["training"]["total_weeks"], h["training"]["worker_cost_idr"]) == \
        ("fastest", 8, 3_500_000)  # laundry work is not a zero-cost occupation
    assert (c["training"]["total_cost_idr"], c["training"]["worker_cost_idr"]) == (2_500_000, 0)  # housekeeping is
    assert plan["blocked_by"][0]["id"] == "experience" and plan["blocked_by"][0]["listings"] == 1
    assert {d["id"] for d in plan["documents"]} == {"cert:passport", "cert:medical_certificate",
                                                    "cert:bpjs_ketenagakerjaan"}
    assert any(c["course_id"] == "blk_k3_basic" and c["listings_unlocked"] == 1 for c in plan["courses"])


def test_a_money_budget_switches_to_the_free_path(planner: TrainingPlanner) -> None:
    plan = planner.for_worker("SITI", max_worker_cost_idr=0, as_of=AS_OF)
    assert _refs(plan["stretch"]) == ["B", "C", "H"]  # H now through the free 12-week BLK course: 1M per week
    h = plan["stretch"][2]["training"]
    assert (h["path"], [x["course_id"] for x in h["courses"]], h["worker_cost_idr"]) == \
        ("cheapest", ["blk_housekeeper"], 0)


def test_a_week_budget_limits_the_stretch(planner: TrainingPlanner) -> None:
    plan = planner.for_worker("SITI", max_weeks=4, as_of=AS_OF)
    assert _refs(plan["stretch"]) == ["B"] and plan["over_budget_count"] == 3
    assert planner.for_worker("SITI", max_weeks=0, as_of=AS_OF)["stretch"] == []
    with pytest.raises(NotFound):
        planner.for_worker("NOBODY", as_of=AS_OF)


def test_demo_workers_get_consistent_plans(demo_services: Services) -> None:
    planner = demo_services.training_planner
    for worker_ref in demo_services.store.worker_refs(limit=15):
        plan = planner.for_worker(worker_ref, max_weeks=20, k=50, as_of=DEMO_AS_OF)
        assert plan["reachable_listings"] == sum(plan[k] for k in ("ready_now_count", "within_budget_count",
                                                                   "over_budget_count", "blocked_count"))
        for entry in plan["stretch"]:
            t = entry["training"]
            assert 0 < t["total_weeks"] <= 20 and not t["ready"]
            assert t["total_weeks"] == sum(c["weeks"] for c in t["courses"])
        values = [e["value"] or 0 for e in plan["ready_now"]]
        assert values == sorted(values, reverse=True)
