"""The contract check against a stored listing: which listing a key may check against, and what comes back."""

from __future__ import annotations

from typing import Any

import pytest

from features.contracts import ContractInputError
from features.listings import ListingIn, normalise_listing
from matching.contracts import check_listing_contract, find_listing, job_order_of
from matching.errors import Forbidden, InputError, NotFound, TooLarge
from matching.storage.access import Principal
from matching.storage.store import Store
from tests.features.contract_samples import manifest, render_text

HK = next(f for f in manifest()[1] if f.id == "hk_id407")


def _record(licence: str, status: str = "verified", **changes: Any) -> dict[str, Any]:
    listing = ListingIn.model_validate({**HK.listing, "agency_licence": licence, **changes})
    norm = normalise_listing(listing)
    return {**listing.model_dump(), "occupation_id": norm.occupation_id, "status": status,
            "embed_text": listing.title}


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url)
    s.upsert_listings([_record("L1"), _record("L2"), _record("L1", listing_ref="HK-REVIEW", status="needs_review")])
    return s


def test_each_role_finds_only_the_listings_it_may_check(store: Store) -> None:
    assert find_listing(store, Principal("agency", "L1"), "HK-2026-0001").agency_key == "L1"
    assert find_listing(store, Principal("agency", "L2"), "HK-2026-0001").agency_key == "L2"
    assert find_listing(store, Principal("agency", "L1"), "HK-REVIEW").status == "needs_review"
    with pytest.raises(NotFound, match="among verified listings"):
        find_listing(store, Principal("worker", "W1"), "HK-REVIEW")
    with pytest.raises(InputError, match="names 2 listings"):
        find_listing(store, Principal("admin"), "HK-2026-0001")
    one = find_listing(store, Principal("agency", "L2"), "HK-2026-0001")
    assert find_listing(store, Principal("worker", "W1"), listing_id=one.id).id == one.id
    with pytest.raises(NotFound):  # another agency's listing is "not found", like one that does not exist
        find_listing(store, Principal("agency", "L1"), listing_id=one.id, listing_ref="HK-2026-0001")
    for role in ("planner", "reviewer"):
        with pytest.raises(Forbidden):
            find_listing(store, Principal(role), "HK-2026-0001")
    with pytest.raises(InputError, match="listing_ref"):
        find_listing(store, Principal("admin"))


def test_the_stored_job_order_is_what_the_contract_is_checked_against(store: Store) -> None:
    listing = find_listing(store, Principal("agency", "L1"), "HK-2026-0001")
    order = job_order_of(listing)
    assert (order.salary_amount, order.salary_currency, order.occupation_id, order.rest_days_per_month) == \
        (5100, "HKD", "housekeeper", 4)


def test_a_check_returns_findings_the_listing_and_says_nothing_was_stored(store: Store) -> None:
    planted = render_text(HK.planted(*HK.substitutions), HK.layout)
    result = check_listing_contract(store, Principal("agency", "L1"), listing_ref="HK-2026-0001", text=planted)
    assert result["stored"] is False and result["listing"]["agency_licence"] == "L1"
    assert result["summary"]["unlawful"] >= 3 and result["input"]["kind"] == "pasted"
    faithful = render_text(HK.source, HK.layout).encode()
    clean = check_listing_contract(store, Principal("agency", "L1"), listing_ref="HK-2026-0001", data=faithful,
                                   filename="kontrak.txt")
    assert clean["summary"]["unlawful"] == clean["summary"]["mismatch"] == clean["summary"]["missing"] == 0
    assert clean["input"]["kind"] == "text_file"


def test_bad_input_is_named(store: Store) -> None:
    who = Principal("admin")
    lid = find_listing(store, Principal("agency", "L1"), "HK-2026-0001").id
    with pytest.raises(InputError, match="either as a file or as text"):
        check_listing_contract(store, who, listing_id=lid)
    with pytest.raises(TooLarge, match="at most 10 MB"):
        check_listing_contract(store, who, listing_id=lid, data=b"%PDF-1.4" + b" " * 11_000_000)
    with pytest.raises(ContractInputError, match="empty"):
        check_listing_contract(store, who, listing_id=lid, text="  ")
