"""POST /api/v1/contracts/check over HTTP (in-process ASGI): a file or pasted text, every error with a clear
message in both languages, who may check against which listing, and that nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from features.listings import ListingIn, normalise_listing
from matching.service import Services
from matching.storage.tables import Listing
from tests.conftest import key_headers, make_settings
from tests.features.contract_samples import manifest, render_pdf, render_text

HK = next(f for f in manifest()[1] if f.id == "hk_id407")
PATH = "/api/v1/contracts/check"


@dataclass
class World:
    client: TestClient
    services: Services
    headers: dict[str, dict[str, str]]
    own: int
    other: int
    review: int


def _record(licence: str, ref: str, status: str = "verified") -> dict[str, object]:
    listing = ListingIn.model_validate({**HK.listing, "agency_licence": licence, "listing_ref": ref})
    return {**listing.model_dump(), "occupation_id": normalise_listing(listing).occupation_id, "status": status,
            "embed_text": listing.title}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    svc = Services(make_settings(tmp_path_factory.mktemp("contracts"), rate_limit_per_minute=100_000,
                                 rate_limit_burst=100_000))
    (own, _), (other, _), (review, _) = svc.store.upsert_listings([
        _record("L1", "HK-1"), _record("L2", "HK-1"), _record("L1", "HK-2", status="needs_review")])
    headers = {role: key_headers(svc, role, {"worker": "W1", "agency": "L1"}.get(role))
               for role in ("worker", "agency", "admin", "planner", "reviewer")}
    with TestClient(create_app(services=svc)) as client:
        yield World(client, svc, headers, own, other, review)
    svc.store.engine.dispose()


def _planted() -> str:
    return render_text(HK.planted(*HK.substitutions), HK.layout)


def test_a_pasted_contract_gives_findings_worst_first_with_sources(world: World) -> None:
    r = world.client.post(PATH, headers=world.headers["worker"], json={"listing_id": world.own, "text": _planted()})
    assert r.status_code == 200, r.text
    data = r.json()
    kinds = [f["kind"] for f in data["findings"]]
    assert kinds[0] == "unlawful" and set(kinds) <= {"unlawful", "mismatch", "missing", "ok"}
    assert all(f["rule"]["source"] for f in data["findings"])
    worst = data["findings"][0]
    assert worst["contract_sentence"] and worst["message_id"] and worst["message_en"] and worst["advice"]["id"]
    assert data["stored"] is False and data["listing"]["id"] == world.own
    assert any("2157 9537" in c["contact"] for c in data["help"]["contacts"])
    assert data["money_at_stake"]["idr"] > 0


def test_a_pdf_upload_by_listing_ref_under_the_agencys_own_licence(world: World) -> None:
    pdf = render_pdf(HK.source, HK.layout)
    r = world.client.post(PATH, headers=world.headers["agency"], data={"listing_ref": "HK-1"},
                          files={"file": ("kontrak.pdf", pdf, "application/pdf")})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["listing"]["id"] == world.own and data["input"]["kind"] == "pdf"
    assert data["summary"]["unlawful"] == data["summary"]["mismatch"] == data["summary"]["missing"] == 0


def test_who_may_check_against_which_listing(world: World) -> None:
    text = {"text": _planted()}
    assert world.client.post(PATH, headers=world.headers["agency"], json={"listing_id": world.other, **text}
                             ).status_code == 404  # another agency's listing: not found, as if it did not exist
    assert world.client.post(PATH, headers=world.headers["worker"], json={"listing_id": world.review, **text}
                             ).status_code == 404  # workers check against verified listings only
    assert world.client.post(PATH, headers=world.headers["agency"], json={"listing_id": world.review, **text}
                             ).status_code == 200
    ambiguous = world.client.post(PATH, headers=world.headers["admin"], json={"listing_ref": "HK-1", **text})
    assert ambiguous.status_code == 422 and "give the listing_id" in ambiguous.text
    for role in ("planner", "reviewer"):
        r = world.client.post(PATH, headers=world.headers[role], json={"listing_id": world.own, **text})
        assert r.status_code == 403 and role in r.json()["detail"]


def _error(r: object) -> dict[str, object]:
    body = r.json()  # type: ignore[attr-defined]
    return body["detail"][0] if isinstance(body["detail"], list) else {"msg": body["detail"]}


@pytest.mark.parametrize(("name", "content", "status", "expected"), [
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 500, 422, "PNG image"),
    ("kontrak.docx", b"PK\x03\x04" + b"\0" * 500, 422, "Word"),
    ("kontrak.pdf", b"%PDF-1.4 broken" * 10, 422, "cannot be read"),
    ("besar.pdf", b"%PDF-1.4\n" + b" " * 12_000_000, 413, "at most 10 MB"),
    ("kosong.txt", b"   ", 422, "empty"),
])
def test_bad_files_get_a_clear_error_in_both_languages(world: World, name: str, content: bytes, status: int,
                                                       expected: str) -> None:
    r = world.client.post(PATH, headers=world.headers["admin"], data={"listing_id": str(world.own)},
                          files={"file": (name, content, "application/octet-stream")})
    assert r.status_code == status, r.text
    err = _error(r)
    assert expected in str(err["msg"])
    if status == 422:
        assert err["loc"] == ["body", "file"] and err["msg_id"]


def test_an_encrypted_pdf_and_a_50_mb_body(world: World) -> None:
    locked = render_pdf(HK.source, HK.layout, password="rahasia")
    r = world.client.post(PATH, headers=world.headers["admin"], data={"listing_id": str(world.own)},
                          files={"file": ("kontrak.pdf", locked, "application/pdf")})
    assert r.status_code == 422 and "password" in r.text and "kata sandi" in _error(r)["msg_id"]  # type: ignore[operator]
    big = world.client.post(PATH, headers=world.headers["admin"], data={"listing_id": str(world.own)},
                            files={"file": ("besar.pdf", b"%PDF-1.4\n" + b" " * 50_000_000, "application/pdf")})
    assert big.status_code == 413 and "limit" in big.json()["detail"]


def test_bad_json_bodies_name_the_field(world: World) -> None:
    h = world.headers["admin"]
    empty = world.client.post(PATH, headers=h, json={"listing_id": world.own, "text": "  \n "})
    assert empty.status_code == 422 and _error(empty)["loc"] == ["body", "text"]
    missing = world.client.post(PATH, headers=h, json={"listing_id": world.own})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "text"]
    no_listing = world.client.post(PATH, headers=h, json={"text": _planted()})
    assert no_listing.status_code == 422 and "listing_ref" in no_listing.text
    wrong_type = world.client.post(PATH, headers={**h, "Content-Type": "text/plain"}, content=b"hello")
    assert wrong_type.status_code == 422 and "multipart/form-data" in wrong_type.text
    bad_id = world.client.post(PATH, headers=h, data={"listing_id": "abc"},
                               files={"file": ("k.txt", b"x" * 100, "text/plain")})
    assert bad_id.status_code == 422 and "listing_id" in bad_id.text


def test_nothing_is_stored(world: World, tmp_path: Path) -> None:
    before = world.services.store.count(Listing), world.services.store.listing_change_seq()
    files_before = sorted(p.name for p in world.services.settings.data_dir.rglob("*"))
    marker = "SANGAT-RAHASIA-12345"
    text = _planted().replace("SITI AMINAH", marker)
    assert world.client.post(PATH, headers=world.headers["worker"], json={"listing_id": world.own, "text": text}
                             ).status_code == 200
    assert (world.services.store.count(Listing), world.services.store.listing_change_seq()) == before
    assert sorted(p.name for p in world.services.settings.data_dir.rglob("*")) == files_before
    for path in world.services.settings.data_dir.rglob("*"):
        if path.is_file():
            assert marker.encode() not in path.read_bytes(), path
