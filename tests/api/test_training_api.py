"""Training plans, planner view and explanation.training over HTTP, against the real demo store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from matching.service import Services
from tests.conftest import key_headers
from tests.matching.profile_pairs import PAIRS

TRAINING_KEYS = {"gaps", "courses", "total_weeks", "total_cost_idr", "worker_cost_idr", "ready", "ready_in_weeks"}
COURSE_KEYS = {"course_id", "title_en", "title_id", "provider_type", "weeks", "cost_idr"}


@pytest.fixture(scope="module")
def client(demo_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=demo_services), headers=key_headers(demo_services, "admin")) as c:
        yield c


def test_every_recommendation_carries_its_training_path(client: TestClient) -> None:
    body = client.post("/api/v1/recommendations", json={"profile": PAIRS[1][0], "k": 10}).json()
    assert body["matches"]
    for m in body["matches"]:
        t = m["explanation"]["training"]
        assert TRAINING_KEYS <= set(t)
        assert all(COURSE_KEYS <= set(c) for c in t["courses"])
        assert t["total_weeks"] == sum(c["weeks"] for c in t["courses"])
        assert t["total_cost_idr"] == sum(c["cost_idr"] for c in t["courses"])
        assert t["ready"] == (not t["courses"] and not t["blocked_by"])
        assert (t["ready_in_weeks"] is None) == bool(t["blocked_by"])
        assert "missing_skills" in m["explanation"]  # the older keys stay


def test_training_plan_of_a_stored_worker(client: TestClient, demo_services: Services) -> None:
    ref = demo_services.store.worker_refs(limit=3)[2]
    body = client.get(f"/api/v1/workers/{ref}/training-plan", params={"weeks": 12, "k": 5}).json()
    assert body["worker_ref"] == ref and body["budget"] == {"max_weeks": 12, "max_worker_cost_idr": None}
    assert body["reachable_listings"] == (body["ready_now_count"] + body["within_budget_count"]
                                          + body["over_budget_count"] + body["blocked_count"])
    assert len(body["stretch"]) <= 5 and len(body["ready_now"]) <= 5
    for o in body["stretch"]:
        assert not o["training"]["ready"] and o["training"]["ready_in_weeks"] <= 12
    per_week = [o["value_per_week"] or 0 for o in body["stretch"]]
    assert per_week == sorted(per_week, reverse=True)
    assert all(o["training"]["ready"] for o in body["ready_now"])
    tight = client.get(f"/api/v1/workers/{ref}/training-plan", params={"weeks": 12, "budget_idr": 0}).json()
    assert all(o["training"]["worker_cost_idr"] == 0 for o in tight["stretch"])
    assert tight["within_budget_count"] <= body["within_budget_count"]


def test_training_plan_errors(client: TestClient) -> None:
    assert client.get("/api/v1/workers/NOPE-1/training-plan").status_code == 404
    bad = client.get("/api/v1/workers/W000001/training-plan", params={"weeks": -1})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "weeks"]
    bad = client.get("/api/v1/workers/W000001/training-plan", params={"budget_idr": "lots"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "budget_idr"]


def test_planner_view_over_http(client: TestClient, demo_services: Services) -> None:
    body = client.get("/api/v1/planning/skill-gaps", params={"top": 5}).json()
    k = body["k_anonymity"]
    assert k == demo_services.settings.planner_k_anonymity == 10
    n = body["cohort"]["workers"]
    assert n == len(demo_services.store.worker_refs())
    assert 0 < len(body["top_gaps"]) <= 5 and 0 < len(body["courses"]) <= 5
    for row in body["top_gaps"]:
        assert row["workers"] >= k and (n - row["workers"] == 0 or n - row["workers"] >= k)
    empty = client.get("/api/v1/planning/skill-gaps?province=&sector=&country=&top=5").json()
    assert empty["cohort"] == body["cohort"]  # empty parameters mean "no filter"
    narrow = client.get("/api/v1/planning/skill-gaps", params={"province": "Jatim", "sector": "care",
                                                                "country": "Taiwan"}).json()
    assert narrow["filters"] == {"province": "Jawa Timur", "sector": "care", "country": "TW"}
    assert narrow["cohort"]["listings_in_scope"] == sum(r["listings"] for r in narrow["demand"]["by_country"])
    assert [r["id"] for r in narrow["demand"]["by_country"]] == ["TW"]


def test_a_filter_isolating_fewer_than_k_workers_is_suppressed(client: TestClient) -> None:
    body = client.get("/api/v1/planning/skill-gaps", params={"province": "Papua Pegunungan"}).json()
    assert body["suppressed"] is True  # the demo has no worker from there: 0 < k
    assert body["cohort"]["workers"] is None and body["top_gaps"] == [] and body["courses"] == []
    assert body["demand"]["by_country"]


@pytest.mark.parametrize(("params", "loc"), [
    ({"sector": "space travel"}, ["query", "sector"]),
    ({"province": "Atlantis"}, ["query", "province"]),
    ({"country": "Narnia"}, ["query", "country"]),
    ({"top": 0}, ["query", "top"]),
])
def test_bad_planner_parameters_are_422_naming_the_field(client: TestClient, params: dict[str, object],
                                                         loc: list[str]) -> None:
    response = client.get("/api/v1/planning/skill-gaps", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_openapi_lists_the_new_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/workers/{worker_ref}/training-plan" in paths and "/api/v1/planning/skill-gaps" in paths
