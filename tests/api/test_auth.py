"""Authorisation matrix: every /api/v1 endpoint × every role (and no key, a bad key, a revoked key), plus the
ownership rules (a worker's own data, an agency's own licence). Runs over a small demo store of its own, so the
writes here (submissions, reviews, deletions) never touch the shared demo store."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from features.listings import TEMPLATE_EXAMPLE, template_csv
from matching.service import Services
from matching.storage.access import ROLES
from matching.storage.tables import Listing
from tests.conftest import make_settings, small_demo
from tests.matching.profile_pairs import PAIRS

TODAY = date.today()


@dataclass
class World:
    client: TestClient
    services: Services
    keys: dict[str, str]  # role -> key (worker bound to ``own_worker``, agency to ``licence``)
    own_worker: str
    other_worker: str
    licence: str
    own_listing: int
    other_listing: int

    def h(self, role: str | None) -> dict[str, str]:
        return {"X-API-Key": self.keys[role]} if role else {}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, encoder_services: Services) -> Iterator[World]:
    svc = small_demo(tmp_path_factory.mktemp("auth"), encoder_services, rate_limit_per_minute=100_000,
                     rate_limit_burst=100_000)
    w1, w2 = svc.store.worker_refs(limit=2)
    rows = svc.store.listings_frame_rows(["id", "agency_key", "status"])
    licence = next(k for _, k, st in rows if k and k != "G2G-KP2MI" and st == "verified")
    own = next(i for i, k, _ in rows if k == licence)
    other = next(i for i, k, _ in rows if k and k != licence)
    keys = {role: svc.keys.create(role, {"worker": w1, "agency": licence}.get(role), "test").secret for role in ROLES}
    with TestClient(create_app(services=svc)) as client:
        yield World(client, svc, keys, w1, w2, licence, own, other)
    svc.store.engine.dispose()


def _listing(licence: str, ref: str = "AUTH-1", **changes: Any) -> dict[str, Any]:
    data = {**TEMPLATE_EXAMPLE, "agency_licence": licence, "listing_ref": ref, "posted_at": TODAY.isoformat(),
            "expires_at": date(TODAY.year + 1, 1, 31).isoformat(), **changes}
    return {k: v for k, v in data.items() if v != ""}


def _csv(licence: str, ref: str) -> bytes:
    header, row = template_csv().splitlines()
    row = row.replace(TEMPLATE_EXAMPLE["agency_licence"], licence).replace(TEMPLATE_EXAMPLE["listing_ref"], ref)
    return f"{header}\n{row}\n".encode()


CONTRACT_TEXT = ("Nama Majikan: Mrs. Chan\nJabatan: Pengurus rumah tangga\n1. Kontrak ini berlaku selama 24 bulan.\n"
                 "2. Majikan membayar gaji Pekerja sebesar HK$5,100 per bulan.\n")
Call = Callable[[World, dict[str, str]], Any]
ALL = set(ROLES)
# (name, the OpenAPI "METHOD path" it covers, call, roles allowed). Non-destructive calls only; deletions and
# withdrawals have their own tests below.
MATRIX: list[tuple[str, str, Call, set[str]]] = [
    ("recommend a profile", "POST /api/v1/recommendations",
     lambda w, h: w.client.post("/api/v1/recommendations", headers=h, json={"profile": PAIRS[0][0], "k": 2}),
     {"worker", "admin"}),
    ("recommend own worker_ref", "POST /api/v1/recommendations",
     lambda w, h: w.client.post("/api/v1/recommendations", headers=h, json={"worker_ref": w.own_worker, "k": 2}),
     {"worker", "admin"}),
    ("recommend another worker_ref", "POST /api/v1/recommendations",
     lambda w, h: w.client.post("/api/v1/recommendations", headers=h, json={"worker_ref": w.other_worker, "k": 2}),
     {"admin"}),
    ("own recommendations", "GET /api/v1/workers/{worker_ref}/recommendations",
     lambda w, h: w.client.get(f"/api/v1/workers/{w.own_worker}/recommendations?k=2", headers=h), {"worker", "admin"}),
    ("another's recommendations", "GET /api/v1/workers/{worker_ref}/recommendations",
     lambda w, h: w.client.get(f"/api/v1/workers/{w.other_worker}/recommendations?k=2", headers=h), {"admin"}),
    ("own training plan", "GET /api/v1/workers/{worker_ref}/training-plan",
     lambda w, h: w.client.get(f"/api/v1/workers/{w.own_worker}/training-plan?k=2", headers=h), {"worker", "admin"}),
    ("another's training plan", "GET /api/v1/workers/{worker_ref}/training-plan",
     lambda w, h: w.client.get(f"/api/v1/workers/{w.other_worker}/training-plan?k=2", headers=h), {"admin"}),
    ("own export", "GET /api/v1/workers/{worker_ref}/export",
     lambda w, h: w.client.get(f"/api/v1/workers/{w.own_worker}/export", headers=h), {"worker", "admin"}),
    ("another's export", "GET /api/v1/workers/{worker_ref}/export",
     lambda w, h: w.client.get(f"/api/v1/workers/{w.other_worker}/export", headers=h), {"admin"}),
    ("understand", "POST /api/v1/understand",
     lambda w, h: w.client.post("/api/v1/understand", headers=h, json={"text": "merawat lansia"}), ALL),
    ("read a story", "POST /api/v1/story",
     lambda w, h: w.client.post("/api/v1/story", headers=h, json={"text": "3 thn jaga lansia"}), ALL),
    ("planner view", "GET /api/v1/planning/skill-gaps",
     lambda w, h: w.client.get("/api/v1/planning/skill-gaps?top=3", headers=h), {"planner", "admin"}),
    ("screen own licence", "POST /api/v1/screening",
     lambda w, h: w.client.post("/api/v1/screening", headers=h, json=_listing(w.licence)),
     {"agency", "reviewer", "admin"}),
    ("screen another licence", "POST /api/v1/screening",
     lambda w, h: w.client.post("/api/v1/screening", headers=h, json=_listing("OTHER/1")), {"reviewer", "admin"}),
    ("dry-run CSV, own licence", "POST /api/v1/screening/bulk",
     lambda w, h: w.client.post("/api/v1/screening/bulk", headers=h,
                                files={"file": ("l.csv", _csv(w.licence, "AUTH-DRY"), "text/csv")}),
     {"agency", "reviewer", "admin"}),
    ("planner CSV", "GET /api/v1/planning/skill-gaps.csv",
     lambda w, h: w.client.get("/api/v1/planning/skill-gaps.csv?top=3", headers=h), {"planner", "admin"}),
    ("submit own licence", "POST /api/v1/listings",
     lambda w, h: w.client.post("/api/v1/listings", headers=h, json=_listing(w.licence)), {"agency", "admin"}),
    ("submit another licence", "POST /api/v1/listings",
     lambda w, h: w.client.post("/api/v1/listings", headers=h, json=_listing("OTHER/1")), {"admin"}),
    ("bulk upload", "POST /api/v1/listings/bulk",
     lambda w, h: w.client.post("/api/v1/listings/bulk", headers=h,
                                files={"file": ("l.csv", _csv(w.licence, "AUTH-BULK"), "text/csv")}),
     {"agency", "admin"}),
    ("template", "GET /api/v1/listings/template.csv",
     lambda w, h: w.client.get("/api/v1/listings/template.csv", headers=h), ALL),
    ("read own listing", "GET /api/v1/listings/{listing_id}",
     lambda w, h: w.client.get(f"/api/v1/listings/{w.own_listing}", headers=h), {"agency", "reviewer", "admin"}),
    ("read another's listing", "GET /api/v1/listings/{listing_id}",
     lambda w, h: w.client.get(f"/api/v1/listings/{w.other_listing}", headers=h), {"reviewer", "admin"}),
    ("review", "POST /api/v1/listings/{listing_id}/review",
     lambda w, h: w.client.post(f"/api/v1/listings/{w.own_listing}/review", headers=h,
                                json={"decision": "approve", "reviewer": "ani", "reason": "checked"}), {"reviewer"}),
    ("withdraw another's listing", "POST /api/v1/listings/{listing_id}/withdraw",
     lambda w, h: w.client.post(f"/api/v1/listings/{w.other_listing}/withdraw", headers=h,
                                json={"by": "x", "reason": "y"}), {"admin"}),
    ("agency lookup", "GET /api/v1/agencies/{licence_no}",
     lambda w, h: w.client.get(f"/api/v1/agencies/{w.licence}", headers=h), ALL),
    ("registry import", "POST /api/v1/agencies/import",
     lambda w, h: w.client.post("/api/v1/agencies/import", headers=h, files={"file": (
         "r.csv", f"agency_name,licence_no,valid_from,valid_until,status\nPT X,{w.licence},,,active\n".encode(),
         "text/csv")}), {"admin"}),
    ("check a pasted contract", "POST /api/v1/contracts/check",
     lambda w, h: w.client.post("/api/v1/contracts/check", headers=h,
                                json={"listing_id": w.own_listing, "text": CONTRACT_TEXT}),
     {"worker", "agency", "admin"}),  # a worker key gets a 404 if the listing is not verified
    ("check an uploaded contract", "POST /api/v1/contracts/check",
     lambda w, h: w.client.post("/api/v1/contracts/check", headers=h, data={"listing_id": str(w.own_listing)},
                                files={"file": ("kontrak.txt", CONTRACT_TEXT.encode(), "text/plain")}),
     {"worker", "agency", "admin"}),
    ("check a contract against another's listing", "POST /api/v1/contracts/check",
     lambda w, h: w.client.post("/api/v1/contracts/check", headers=h,
                                json={"listing_id": w.other_listing, "text": CONTRACT_TEXT}),
     {"worker", "agency", "admin"}),  # an agency key gets a 404: it is not its listing
    ("delete another worker", "DELETE /api/v1/workers/{worker_ref}",
     lambda w, h: w.client.delete("/api/v1/workers/NOBODY-1", headers=h), {"admin"}),  # 404 for admin
]


@pytest.mark.parametrize("role", [*ROLES, None])
@pytest.mark.parametrize(("name", "op", "call", "allowed"), MATRIX, ids=[m[0] for m in MATRIX])
def test_matrix(world: World, role: str | None, name: str, op: str, call: Call, allowed: set[str]) -> None:
    response = call(world, world.h(role))
    if role is None:
        assert response.status_code == 401, (name, response.text)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    elif role in allowed:
        assert response.status_code not in (401, 403), (name, role, response.text)
        assert response.status_code < 500
    else:
        assert response.status_code == 403, (name, role, response.status_code, response.text)
        assert role in response.json()["detail"]


def test_matrix_covers_every_api_endpoint(world: World) -> None:
    spec = world.client.get("/openapi.json").json()
    ops = {f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item
           if path.startswith("/api/v1")}
    covered = {m[1] for m in MATRIX}
    assert ops == covered


def test_health_and_pages_are_public(world: World) -> None:
    assert world.client.get("/health").status_code == 200
    assert world.client.get("/").status_code == 200
    assert world.client.get("/static/worker.js").status_code == 200


def test_bad_bearer_and_revoked_keys(world: World) -> None:
    url = f"/api/v1/workers/{world.own_worker}/export"
    assert world.client.get(url, headers={"X-API-Key": "lyk_nope"}).status_code == 401
    assert world.client.get(url, headers={"X-API-Key": "x" * 10_000}).status_code == 401
    assert world.client.get(url, headers={"Authorization": f"Bearer {world.keys['admin']}"}).status_code == 200
    key = world.services.keys.create("worker", world.own_worker, "to revoke")
    assert world.client.get(url, headers={"X-API-Key": key.secret}).status_code == 200
    world.services.keys.revoke(key.id)
    revoked = world.client.get(url, headers={"X-API-Key": key.secret})
    assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]


def test_keys_are_stored_hashed(world: World) -> None:
    listed = world.services.keys.list()
    assert listed and all("key_hash" not in k and "secret" not in k for k in listed)
    import sqlite3

    db = Path(str(world.services.settings.database_url).split("///", 1)[1])
    with sqlite3.connect(db) as conn:
        stored = " ".join(str(r) for r in conn.execute("SELECT * FROM api_keys"))
    assert all(key not in stored for key in world.keys.values())


def test_an_agency_bulk_row_under_another_licence_is_that_rows_error(world: World) -> None:
    body = _csv(world.licence, "AUTH-MINE") + _csv("OTHER/9", "AUTH-THEIRS").split(b"\n", 1)[1]
    report = world.client.post("/api/v1/listings/bulk", headers=world.h("agency"),
                               files={"file": ("l.csv", body, "text/csv")}).json()
    statuses = {r["listing_ref"]: r for r in report["rows"]}
    assert statuses["AUTH-MINE"]["status"] != "error"
    theirs = statuses["AUTH-THEIRS"]
    assert theirs["status"] == "error" and theirs["errors"][0]["field"] == "agency_licence"
    assert world.services.store.count(Listing, listing_ref="AUTH-THEIRS") == 0


def test_the_audit_trail_names_the_key_when_no_submitter_is_given(world: World) -> None:
    created = world.client.post("/api/v1/listings", headers=world.h("agency"), json=_listing(world.licence, "AUD-1"))
    assert created.status_code == 201
    assert created.json()["audit"][-1]["actor"].startswith(f"agency:{world.licence}#key")


def test_withdraw_and_delete(world: World) -> None:
    created = world.client.post("/api/v1/listings", headers=world.h("agency"),
                                json=_listing(world.licence, "WD-1")).json()
    assert world.client.post(f"/api/v1/listings/{created['id']}/withdraw", headers=world.h("agency"),
                             json={"by": "pt", "reason": "filled"}).status_code == 200
    assert world.client.post(f"/api/v1/listings/{world.other_listing}/withdraw", headers=world.h("agency"),
                             json={"by": "pt", "reason": "x"}).status_code == 403
    again = world.client.post("/api/v1/listings", headers=world.h("agency"), json=_listing(world.licence, "WD-2"))
    assert world.client.post(f"/api/v1/listings/{again.json()['id']}/withdraw", headers=world.h("admin"),
                             json={"by": "admin", "reason": "takedown"}).status_code == 200


def test_a_role_that_may_not_read_listings_cannot_tell_which_ids_exist(world: World) -> None:
    for role in ("worker", "planner"):
        for listing_id in (world.other_listing, 987_654_321):
            assert world.client.get(f"/api/v1/listings/{listing_id}", headers=world.h(role)).status_code == 403
            assert world.client.post(f"/api/v1/listings/{listing_id}/withdraw", headers=world.h(role),
                                     json={"by": "x", "reason": "y"}).status_code == 403


def test_rate_limit_is_429_with_retry_after(tmp_path: Path, encoder_services: Services) -> None:
    svc = Services(make_settings(tmp_path, rate_limit_per_minute=60, rate_limit_burst=3))
    svc.__dict__["encoder"] = encoder_services.encoder
    key = {"X-API-Key": svc.keys.create("planner").secret}
    other = {"X-API-Key": svc.keys.create("planner").secret}
    with TestClient(create_app(services=svc)) as client:
        codes = [client.get("/api/v1/listings/template.csv", headers=key).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = client.get("/api/v1/listings/template.csv", headers=key)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert "per minute" in limited.json()["detail"]
        assert client.get("/api/v1/listings/template.csv", headers=other).status_code == 200  # per key
        assert client.get("/health").status_code == 200


def test_body_rows_and_field_limits(tmp_path: Path, encoder_services: Services) -> None:
    svc = Services(make_settings(tmp_path, max_body_bytes=5_000, max_upload_bytes=20_000, max_csv_rows=3))
    svc.__dict__["encoder"] = encoder_services.encoder
    h = {"X-API-Key": svc.keys.create("admin").secret}
    with TestClient(create_app(services=svc), headers=h) as client:
        big = client.post("/api/v1/understand", json={"text": "a" * 6_000})
        assert big.status_code == 413 and "5,000 bytes" in big.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            yield b'{"text": "'
            for _ in range(10):
                yield b"b" * 1_000
            yield b'"}'

        streamed = client.post("/api/v1/understand", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        header, row = template_csv().splitlines()
        rows = "\n".join(row.replace(TEMPLATE_EXAMPLE["listing_ref"], f"R{i}") for i in range(4))
        too_many = client.post("/api/v1/listings/bulk", files={"file": ("l.csv", f"{header}\n{rows}\n".encode(),
                                                                         "text/csv")})
        assert too_many.status_code == 413 and "limit is 3 rows" in too_many.json()["detail"]
        assert svc.store.count(Listing) == 0  # refused whole: nothing stored
        huge_upload = client.post("/api/v1/listings/bulk", files={"file": ("l.csv", b"x" * 30_000, "text/csv")})
        assert huge_upload.status_code == 413
        # declaring multipart does not buy a JSON route the upload limit
        disguised = client.post("/api/v1/understand", files={"file": ("x.json", b"x" * 10_000, "text/plain")})
        assert disguised.status_code == 413 and "5,000 bytes" in disguised.json()["detail"]
        long_field = client.post("/api/v1/understand", json={"profile": {"summary": "s" * 4_900}})
        assert long_field.status_code in (200, 413)
        long_title = client.post("/api/v1/screening", json=_listing("X/1", title="t" * 301))
        assert long_title.status_code == 422 and ["body", "title"] in [d["loc"] for d in long_title.json()["detail"]]
        ok = client.post("/api/v1/listings/bulk", files={"file": ("l.csv", io.BytesIO(
            f"{header}\n{rows.splitlines()[0]}\n".encode()), "text/csv")})
        assert ok.status_code == 200
