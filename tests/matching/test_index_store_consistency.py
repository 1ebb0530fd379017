"""The index is rebuilt when it disagrees with the store (e.g. a crash between a commit and an index save)."""

from __future__ import annotations

from pathlib import Path

from matching.retrieval.index import ListingIndex
from matching.retrieval.index_sync import open_index, rebuild_index
from matching.service import Services
from tests.conftest import make_settings


def _listing(ref: str, status: str = "verified") -> dict[str, object]:
    return {"listing_ref": ref, "agency_licence": "L1", "title": ref, "country": "HK", "status": status,
            "embed_text": f"Job: {ref}. Country: Hong Kong."}


def test_open_index_rebuilds_when_the_store_moved_on(tmp_path: Path, encoder_services: Services) -> None:
    services = Services(make_settings(tmp_path))
    encoder = encoder_services.encoder
    ids = [i for i, _ in services.store.upsert_listings([_listing("Housekeeper"), _listing("Welder"),
                                                        _listing("Cook", "rejected")])]
    index = rebuild_index(services.store, encoder, tmp_path / "index")
    assert sorted(index.ids().tolist()) == sorted([ids[0], ids[1]])
    # A committed listing whose index update never happened (crash): the next open notices and rebuilds.
    [(new_id, _)] = services.store.upsert_listings([_listing("Gardener")])
    stale = ListingIndex.load(tmp_path / "index")
    assert new_id not in stale.ids()
    fresh = open_index(services.store, encoder, tmp_path / "index")
    assert sorted(fresh.ids().tolist()) == sorted([ids[0], ids[1], new_id])
    # Search hits are listing ids from the store, best match first.
    hit = fresh.search(encoder.encode(["Job: Gardener. Country: Hong Kong."]), 1).ids[0][0]
    assert hit == new_id


def test_open_index_rebuilds_an_index_of_the_wrong_kind_for_its_size(tmp_path: Path,
                                                                      encoder_services: Services) -> None:
    services = Services(make_settings(tmp_path))
    encoder = encoder_services.encoder
    services.store.upsert_listings([_listing(f"Job {i}") for i in range(60)])
    ivf = rebuild_index(services.store, encoder, tmp_path / "index", exact_max=50)  # 60 >= 50: IVF
    assert ivf.kind == "ivf" and ListingIndex.load(tmp_path / "index").kind == "ivf"
    flat = open_index(services.store, encoder, tmp_path / "index")  # default threshold 50,000: exact
    assert flat.kind == "flat" and sorted(flat.ids().tolist()) == sorted(ivf.ids().tolist())
    assert open_index(services.store, encoder, tmp_path / "index", exact_max=50).kind == "ivf"
