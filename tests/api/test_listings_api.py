"""The listings and agencies endpoints over a real store, encoder and index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from features.listings import TEMPLATE_EXAMPLE
from matching.service import Services
from tests.conftest import key_headers, make_settings

TODAY = date.today()
LICENCE = TEMPLATE_EXAMPLE["agency_licence"]


@pytest.fixture()
def client(tmp_path: Path, encoder_services: Services) -> Iterator[TestClient]:
    svc = Services(make_settings(tmp_path))
    svc.__dict__["encoder"] = encoder_services.encoder
    svc.store.upsert_agencies([{"licence_no": LICENCE, "agency_name": "PT Contoh Penempatan", "status": "active",
                                "valid_from": date(TODAY.year - 1, 1, 1),
                                "valid_until": date(TODAY.year + 1, 12, 31)}])
    with TestClient(create_app(services=svc), headers=key_headers(svc, "admin")) as c:
        c.reviewer = key_headers(svc, "reviewer")  # type: ignore[attr-defined]
        yield c


def body(**changes: object) -> dict[str, object]:
    data = {**TEMPLATE_EXAMPLE, "posted_at": TODAY.isoformat(), "expires_at": date(TODAY.year + 1, 1, 31).isoformat(),
            **changes}
    return {k: v for k, v in data.items() if v != ""}


def test_dry_run_screening_names_rules_and_sources_and_stores_nothing(client: TestClient) -> None:
    verdict = client.post("/api/v1/screening", json=body(visa_type="tourist", worker_fee_amount=30_000_000)).json()
    assert verdict["status"] == "rejected"
    rules = {r["rule_id"]: r for r in verdict["reasons"]}
    assert {"VISA_NOT_WORK", "FEE_ZERO_COST"} <= set(rules)
    assert "Perban BP2MI 9/2020" in rules["FEE_ZERO_COST"]["source"]
    assert rules["VISA_NOT_WORK"]["reason_id"] and rules["VISA_NOT_WORK"]["reason_en"]
    assert client.get("/health").json()["listings_total"] == 0


def test_submit_read_resubmit_review(client: TestClient) -> None:
    created = client.post("/api/v1/listings", params={"submitted_by": "pt-contoh"}, json=body())
    assert created.status_code == 201
    listing = created.json()
    assert listing["status"] == "verified" and listing["audit"][0]["actor"] == "pt-contoh"
    again = client.post("/api/v1/listings", json=body(job_order_verified=None)).json()
    assert again["id"] == listing["id"] and again["status"] == "needs_review"
    assert client.get("/health").json()["listings_indexed"] == 0  # left the index with its new status
    reviewed = client.post(f"/api/v1/listings/{listing['id']}/review", headers=client.reviewer,  # type: ignore[attr-defined]
                           json={"decision": "approve", "reviewer": "ani", "reason": "KJRI confirmed"}).json()
    assert reviewed["status"] == "verified" and reviewed["review"]["by"] == "ani"
    assert client.get("/health").json()["listings_indexed"] == 1
    conflict = client.post(f"/api/v1/listings/{listing['id']}/review", headers=client.reviewer,  # type: ignore[attr-defined]
                           json={"decision": "reject", "reviewer": "ani", "reason": "again"})
    assert conflict.status_code == 409
    assert client.get("/api/v1/listings/99999").status_code == 404
    withdrawn = client.post(f"/api/v1/listings/{listing['id']}/withdraw", json={"by": "pt-contoh", "reason": "filled"})
    assert withdrawn.json()["status"] == "withdrawn"
    assert client.get("/health").json()["listings_indexed"] == 0


def test_bulk_upload_of_the_template_plus_a_bad_row(client: TestClient) -> None:
    template = client.get("/api/v1/listings/template.csv")
    assert template.status_code == 200 and template.headers["content-type"].startswith("text/csv")
    lines = template.text.splitlines()
    bad = lines[1].replace("HK-2026-0001", "HK-2026-0002").replace(",HKD,", ",XYZ,")
    upload = "\n".join([lines[0], lines[1], bad]) + "\n"
    report = client.post("/api/v1/listings/bulk", files={"file": ("listings.csv", upload.encode(), "text/csv")}).json()
    assert report["counts"]["rows"] == 2 and report["counts"]["error"] == 1
    error = next(r for r in report["rows"] if r["status"] == "error")
    assert error["row"] == 2 and error["errors"][0]["field"] == "salary_currency"


def test_a_listing_with_wrong_types_is_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/listings", json=body(salary_amount="lima ribu"))
    assert response.status_code == 422
    assert ["body", "salary_amount"] in [d["loc"] for d in response.json()["detail"]]


def test_agency_lookup_with_slashes_in_the_licence(client: TestClient) -> None:
    agency = client.get(f"/api/v1/agencies/{LICENCE}").json()
    assert agency["agency_name"] == "PT Contoh Penempatan" and agency["licensed_today"] is True
    assert client.get("/api/v1/agencies/G2G-KP2MI").json()["status"] == "active"
    assert client.get("/api/v1/agencies/NOPE/1").status_code == 404


def test_bulk_dry_run_screening_gives_a_verdict_or_errors_per_row_and_stores_nothing(client: TestClient) -> None:
    lines = client.get("/api/v1/listings/template.csv").text.splitlines()
    unsafe = (lines[1].replace("HK-2026-0001", "HK-2026-0002").replace(",work,", ",tourist,")
              .replace(",0,IDR,", ",30000000,IDR,"))
    bad = lines[1].replace("HK-2026-0001", "HK-2026-0003").replace(",HKD,", ",XYZ,")
    upload = "\n".join([lines[0], lines[1].replace("2026-11-01", TODAY.isoformat())
                        .replace("2027-01-31", date(TODAY.year + 1, 1, 31).isoformat()), unsafe, bad]) + "\n"
    report = client.post("/api/v1/screening/bulk", files={"file": ("l.csv", upload.encode(), "text/csv")}).json()
    assert report["counts"]["rows"] == 3 and report["counts"]["rejected"] == 1 and report["counts"]["error"] == 1
    rows = {r["row"]: r for r in report["rows"]}
    assert rows[1]["status"] == "verified", rows[1]
    rules = {r["rule_id"]: r for r in rows[2]["reasons"]}
    assert {"VISA_NOT_WORK", "FEE_ZERO_COST"} <= set(rules)
    assert all(r["reason_id"] and r["reason_en"] and r["source"] for r in rules.values())
    assert rows[3]["errors"][0]["field"] == "salary_currency"
    assert client.get("/health").json()["listings_total"] == 0
    missing = client.post("/api/v1/screening/bulk", files={"file": ("l.csv", b"title\nx\n", "text/csv")})
    assert missing.status_code == 422 and "listing_ref" in missing.text
