"""Personal data (UU 27/2022): a worker's data is exported and deleted on request, and names, phone numbers and
birth dates never reach the logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from matching.service import Services
from matching.storage.tables import ApiKey, Outcome, Worker, WorkerReading
from tests.conftest import small_demo

NAME, PHONE, BIRTH_DATE, EMAIL = "Siti Nurhaliza Aminah", "0812-3456-7890", "17-08-1995", "siti.aminah@contoh.id"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, encoder_services: Services) -> Iterator[Services]:
    svc = small_demo(tmp_path_factory.mktemp("pii"), encoder_services)
    yield svc
    svc.store.engine.dispose()


@pytest.fixture(scope="module")
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=services)) as c:
        yield c


def test_a_worker_exports_own_data(client: TestClient, services: Services) -> None:
    ref = services.store.worker_refs(limit=1)[0]
    key = services.keys.create("worker", ref, "export")
    services.recommender.recommend_for_worker(ref, k=1)  # nothing cached yet is fine; the export reads the store
    body = client.get(f"/api/v1/workers/{ref}/export", headers={"X-API-Key": key.secret}).json()
    assert body["worker_ref"] == ref and body["profile"] == services.store.get_worker(ref)
    assert {"outcomes", "reading", "api_keys", "stored_columns", "purpose"} <= set(body)
    assert key.id in [k["id"] for k in body["api_keys"]]
    assert all(key.secret not in str(v) for v in body.values())  # the key itself is never stored or shown
    n_outcomes = services.store.count(Outcome, worker_ref=ref)
    assert len(body["outcomes"]) == n_outcomes


def test_a_worker_deletes_own_data_and_the_key_stops_working(client: TestClient, services: Services) -> None:
    ref = services.store.worker_refs(limit=2)[1]
    services.cohort_planner.view()  # caches readings of every worker
    key = services.keys.create("worker", ref, "delete")
    h = {"X-API-Key": key.secret}
    assert services.store.count(Outcome, worker_ref=ref) > 0 and services.store.count(WorkerReading,
                                                                                      worker_ref=ref) == 1
    other = services.store.worker_refs(limit=3)[2]
    assert client.delete(f"/api/v1/workers/{other}", headers=h).status_code == 403
    response = client.delete(f"/api/v1/workers/{ref}", headers=h)
    assert response.status_code == 200
    deleted = response.json()["deleted"]
    assert deleted["profiles"] == 1 and deleted["api_keys"] == 1 and deleted["outcomes"] > 0
    for model in (Worker, WorkerReading, Outcome):
        assert services.store.count(model, worker_ref=ref) == 0
    assert services.store.count(ApiKey, subject=ref) == 0
    assert client.get(f"/api/v1/workers/{ref}/export", headers=h).status_code == 401
    admin = {"X-API-Key": services.keys.create("admin").secret}
    assert client.get(f"/api/v1/workers/{ref}/export", headers=admin).status_code == 404
    assert client.delete(f"/api/v1/workers/{ref}", headers=admin).status_code == 404
    assert services.store.count(Worker, worker_ref=other) == 1  # no one else was touched
    assert services.cohort_planner.view()["cohort"]["workers"] == len(services.store.worker_refs())  # gone there too


def test_no_name_phone_or_birth_date_in_the_logs(client: TestClient, services: Services,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    h = {"X-API-Key": services.keys.create("worker", services.store.worker_refs(limit=1)[0]).secret}
    profile = {"gender": "perempuan", "birth_year": 1995, "province": "Jawa Timur", "skills": ["merawat lansia"],
               "summary": f"Nama saya {NAME}, HP {PHONE}, email {EMAIL}, lahir {BIRTH_DATE}. Pernah merawat lansia."}
    with caplog.at_level(logging.DEBUG):
        logging.getLogger().setLevel(logging.DEBUG)
        ok = client.post("/api/v1/recommendations", headers=h, json={"profile": profile, "k": 3})
        bad = client.post("/api/v1/recommendations", headers=h,
                          json={"profile": {**profile, "birth_year": f"{BIRTH_DATE} {NAME}"}})
        understood = client.post("/api/v1/understand", headers=h, json={"profile": profile})
    assert ok.status_code == 200 and bad.status_code == 422 and understood.status_code == 200
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    for secret in (NAME, PHONE, BIRTH_DATE, EMAIL, "Nurhaliza", "3456-7890"):
        assert secret not in logged
