"""The HTTP API over the real demo store, encoder and index (in-process ASGI client)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from matching.service import Services
from tests.conftest import key_headers
from tests.matching.profile_pairs import PAIRS


@pytest.fixture(scope="module")
def client(demo_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=demo_services), headers=key_headers(demo_services, "admin")) as c:
        yield c


def test_health_reports_index_and_models(client: TestClient, demo_services: Services) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["listings_indexed"] == demo_services.index.ntotal > 0
    assert body["scorer"] == "v0-transparent" and ":384:" in body["encoder"]


def test_recommendations_for_a_profile(client: TestClient) -> None:
    response = client.post("/api/v1/recommendations", json={"profile": PAIRS[1][0], "k": 5})
    assert response.status_code == 200
    body = response.json()
    assert len(body["matches"]) == 5
    first = body["matches"][0]
    assert first["rank"] == 1 and first["explanation"]["safety"]["verdict"] == "verified"
    assert "elderly_care" in {s["id"] for s in body["profile_reading"]["skills"]}


def test_recommendations_for_a_stored_worker(client: TestClient, demo_services: Services) -> None:
    ref = demo_services.store.worker_refs(limit=1)[0]
    via_get = client.get(f"/api/v1/workers/{ref}/recommendations", params={"k": 3}).json()
    via_post = client.post("/api/v1/recommendations", json={"worker_ref": ref, "k": 3}).json()
    assert via_get["worker_ref"] == ref
    assert [m["listing_id"] for m in via_get["matches"]] == [m["listing_id"] for m in via_post["matches"]]


def test_unknown_worker_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/workers/NOPE-1/recommendations")
    assert response.status_code == 404 and "NOPE-1" in response.json()["detail"]


@pytest.mark.parametrize(("body", "loc"), [
    ({"profile": {"birth_year": "sembilan belas"}}, ["body", "profile", "birth_year"]),
    ({"profile": {"skills": "memasak"}}, ["body", "profile", "skills"]),
    ({"profile": {"languages": [{"language": "Jepang", "level": 4}]}}, ["body", "profile", "languages", 0, "level"]),
    ({"profile": {"preferences": {"min_monthly_salary_idr": -5}}},
     ["body", "profile", "preferences", "min_monthly_salary_idr"]),
    ({"profile": {"skil": ["memasak"]}}, ["body", "profile", "skil"]),
])
def test_wrong_types_are_422_naming_the_field(client: TestClient, body: dict[str, object], loc: list[object]) -> None:
    response = client.post("/api/v1/recommendations", json=body)
    assert response.status_code == 422
    assert loc in [d["loc"] for d in response.json()["detail"]]


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/recommendations", content=b'{"profile": {', headers={"content-type":
                                                                                      "application/json"})
    assert response.status_code == 422


def test_unknown_preference_country_is_422_naming_it(client: TestClient) -> None:
    response = client.post("/api/v1/recommendations", json={"profile": {"preferences": {"countries": ["Atlantis"]}}})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "profile", "preferences", "countries", 0] and "Atlantis" in detail["msg"]


def test_understand_text_and_profile(client: TestClient) -> None:
    text = client.post("/api/v1/understand", json={"text": "Bisa las listrik dan merawat lansia, karaoke"}).json()
    assert {s["id"] for s in text["skills"]} >= {"smaw_welding", "elderly_care"}
    assert "karaoke" in text["unknown"]
    prof = client.post("/api/v1/understand", json={"profile": PAIRS[4][0]}).json()
    assert any(o["id"] == "welder" and o["isco08"] == "7212" for o in prof["occupations"])
    assert {"lang": "ja", "rank": 2} in [{"lang": x["lang"], "rank": x["rank"]} for x in prof["languages"]]


def test_understand_codes_a_title_the_phrase_list_missed(client: TestClient) -> None:
    body = client.post("/api/v1/understand", json={"text": "Dicari Staff Gudang untuk Malaysia"}).json()
    assert [(o["id"], o["isco08"]) for o in body["occupations"]] == [("warehouse_worker", "9333")]
    assert body["occupation_coding"]["sure"] and body["occupation_coding"]["candidates"][0]["isco08"] == "9333"


def test_a_story_reads_into_readings_and_a_profile_the_api_accepts(client: TestClient) -> None:
    story = "Saya lulusan SMA, 3 thn jaga lansia, bisa sedikit Mandarin, mau ke Taiwan"
    response = client.post("/api/v1/story", json={"text": story})
    assert response.status_code == 200, response.text
    body = response.json()
    fields = {r["field"]: r for r in body["readings"]}
    assert fields["education_level"]["value"] == "sma" and fields["preferred_country"]["value"] == "TW"
    assert fields["experience"]["value"]["years"] == 3.0 and fields["experience"]["informal"] is False
    assert fields["language"]["value"]["code"] == "zh" and fields["language"]["text"] == "bisa sedikit Mandarin"
    rec = client.post("/api/v1/recommendations", json={"profile": body["profile"], "k": 3})
    assert rec.status_code == 200, rec.text
    assert rec.json()["profile_reading"]["experience_years"] == {"elderly_caretaker": 3.0}


def test_a_bad_story_is_422_naming_the_field(client: TestClient) -> None:
    for payload, loc in (({"text": ""}, ["body", "text"]), ({"text": "x" * 5001}, ["body", "text"]),
                         ({"story": "x"}, ["body", "text"])):
        response = client.post("/api/v1/story", json=payload)
        assert response.status_code == 422, payload
        assert loc in [d["loc"] for d in response.json()["detail"]], response.json()


def test_informal_experience_is_counted_and_shown_as_informal(client: TestClient) -> None:
    profile = {"gender": "female", "birth_year": 1990, "preferences": {"countries": ["TW"], "sectors": ["care"]},
               "experience": [{"occupation": "caring for my elderly parents", "years": 3, "informal": True}]}
    body = client.post("/api/v1/recommendations", json={"profile": profile, "k": 5}).json()
    reading = body["profile_reading"]
    assert reading["experience_years"] == {"elderly_caretaker": 3.0}
    assert reading["informal_experience_years"] == {"elderly_caretaker": 3.0}
    care = [m for m in body["matches"] if m["explanation"]["experience"]["worker_years_informal"]]
    assert care, "a care job should count the informal years"
    assert any("informal" in w["en"] for w in care[0]["explanation"]["why"])


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/recommendations" in spec["paths"] and "/health" in spec["paths"]
    assert client.get("/docs").status_code == 200
