"""The planner's cohort view: counts against a plain per-pair loop, k-anonymity, filters, no personal data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from features.reference import Reference
from matching.demo.load import load_demo
from matching.eligibility.courses import Catalogue
from matching.eligibility.gaps import experience_gap, holdings, item_gap, requirements
from matching.eligibility.reach import reachable
from matching.errors import InputError
from matching.planning.cohort import CohortFilter, CohortPlanner, publishable
from matching.planning.cohort_counts import KIND_COURSE, KIND_NONE, count_cohort
from matching.service import Services
from matching.settings import Settings
from matching.storage.readings import stored_readings
from matching.storage.store import Store
from tests.conftest import AS_OF


def _plain_counts(workers: list[Any], listings: list[Any], cat: Catalogue, ref: Reference) -> dict[str, Any]:
    """The figures of matching/cohort_counts.py, computed one pair at a time from their definitions."""
    item_workers: dict[str, set[str]] = {}
    item_pairs: dict[str, int] = {}
    item_listings: dict[str, set[int]] = {}
    course_workers: dict[str, set[str]] = {}
    course_pairs: dict[str, int] = {}
    course_listings: dict[str, set[int]] = {}
    ready_w, trainable_w, reaching_w = set(), set(), set()
    pairs = pairs_ready = pairs_blocked = 0
    reached: set[int] = set()
    chains = {c: cat.chain_closes(c) for c in cat.courses}
    # a course unlocks a pair only when it and its whole chain prepare for the listing's country (Course.serves)
    serves = {c: {x.country: all(cat.courses[p].serves(x.country) for p in cat.chain(c)) for x in listings}
              for c in cat.courses}
    for w in workers:
        held = holdings(w, ref)
        for x in listings:
            if not reachable(w, x, AS_OF):
                continue
            pairs += 1
            reaching_w.add(w.worker_ref)
            reached.add(x.id)
            missing = [i for i in requirements(x, ref, universal_documents=False) if i not in held]
            exp = experience_gap(w, x, ref)
            named = missing + ([f"experience:{x.sector_id or 'any'}"] if exp else [])
            for item in named:
                item_workers.setdefault(item, set()).add(w.worker_ref)
                item_pairs[item] = item_pairs.get(item, 0) + 1
                item_listings.setdefault(item, set()).add(x.id)
            # closable as on the worker's card (gaps.find_gaps): by the courses for the listing's country
            course_items = [i for i in missing if cat.closable(i, x.country)]
            blocked = exp is not None or any(
                not cat.closable(i, x.country) and not item_gap(i, w, cat, ref, country=x.country).closable
                for i in missing)
            if blocked:
                pairs_blocked += 1
            elif not course_items:
                pairs_ready += 1
                ready_w.add(w.worker_ref)
            else:
                trainable_w.add(w.worker_ref)
                for c, closes in chains.items():
                    if serves[c][x.country] and set(course_items) <= closes:
                        course_workers.setdefault(c, set()).add(w.worker_ref)
                        course_pairs[c] = course_pairs.get(c, 0) + 1
                        course_listings.setdefault(c, set()).add(x.id)
    return {"pairs": pairs, "pairs_ready": pairs_ready, "pairs_blocked": pairs_blocked,
            "workers_reaching": len(reaching_w), "workers_ready": len(ready_w), "workers_trainable": len(trainable_w),
            "listings_reached": len(reached),
            "items": {i: (len(item_workers[i]), item_pairs[i], len(item_listings[i])) for i in item_pairs},
            "courses": {c: (len(course_workers[c]), course_pairs[c], len(course_listings[c])) for c in course_pairs}}


@pytest.fixture(scope="module")
def sample(demo_services: Services, ref: Reference) -> tuple[list[Any], list[Any], dict[str, Any]]:
    workers = stored_readings(demo_services.store, ref, AS_OF)[:150]
    listings = demo_services.store.open_verified_listings(AS_OF)
    return workers, listings, _plain_counts(workers, listings, demo_services.catalogue, ref)


@pytest.mark.parametrize("block", [64, 192])  # three blocks of one word, or one partial block of three words
def test_vectorised_counts_equal_the_per_pair_definitions(demo_services: Services, ref: Reference, block: int,
                                                          sample: tuple[list[Any], list[Any], dict[str, Any]]) -> None:
    workers, listings, slow = sample
    fast = count_cohort(workers, listings, demo_services.catalogue, ref, AS_OF, block=block)
    for name in ("pairs", "pairs_ready", "pairs_blocked", "workers_reaching", "workers_ready", "workers_trainable",
                 "listings_reached"):
        assert getattr(fast, name) == slow[name], name
    got_items = {i: (int(a), int(b), int(c)) for i, a, b, c in
                 zip(fast.items, fast.item_workers, fast.item_pairs, fast.item_listings, strict=True) if b}
    assert got_items == slow["items"]
    got_courses = {c: (int(a), int(b), int(d)) for c, a, b, d in
                   zip(fast.courses, fast.course_workers, fast.course_pairs, fast.course_listings, strict=True) if b}
    assert got_courses == slow["courses"]
    assert fast.pairs > 1000 and got_courses, "the sample is too small to mean anything"
    assert set(fast.item_closes[[fast.items.index(i) for i in got_items]]) >= {KIND_COURSE, KIND_NONE}
    assert list(fast.document_workers_missing) == [
        sum(d not in holdings(w, ref) for w in workers) for d in fast.documents]


def test_publishable_rule() -> None:
    k = 10
    assert publishable(0, 100, k) and publishable(10, 100, k) and publishable(90, 100, k)
    assert publishable(100, 100, k)
    assert not publishable(9, 100, k) and not publishable(1, 100, k)
    assert not publishable(91, 100, k) and not publishable(99, 100, k)  # "all but 1..9" describes those few
    assert not publishable(5, 5, k)  # a cohort of 5 is never described


# ---------------------------------------------------------------------------------------------------
# k-anonymity on a small store of our own (three workers from a province the demo never uses)
# ---------------------------------------------------------------------------------------------------

FEW = [{"worker_ref": f"PAPUA-{i}", "gender": "female", "birth_year": 1994 + i, "province": "Papua Pegunungan",
        "skills": ["merawat lansia", "memasak"], "languages": [{"language": "Mandarin", "level": "dasar"}],
        "preferences": {"countries": ["TW"], "sectors": ["care"]}} for i in range(3)]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('cohort') / 'layak.db'}")
    load_demo(store, 1500, 120, 11, as_of=AS_OF)
    store.upsert_workers(FEW)
    yield store
    store.engine.dispose()


def _worker_figures(view: dict[str, Any]) -> list[int | None]:
    c = view["cohort"]
    out = [c["workers"], c["workers_reaching_a_listing"], c["workers_ready_now"], c["workers_trainable"]]
    out += [g["workers"] for g in view["top_gaps"]] + [r["workers_unlocked"] for r in view["courses"]]
    return out + [d["workers_missing"] for d in view["documents"]]


def test_a_cohort_smaller_than_k_is_suppressed_never_shown(small_store: Store, ref: Reference) -> None:
    planner = CohortPlanner(small_store, Catalogue.from_rows(small_store.courses(), ref), k_anonymity=10)
    workers, _ = planner.cohort(CohortFilter.parse(province="Papua Pegunungan"), AS_OF)
    assert len(workers) == 3  # the filter isolates our three workers ...
    view = planner.view(province="papua pegunungan", as_of=AS_OF)
    assert view["suppressed"] is True  # ... and the view says nothing about them
    assert all(v is None for k, v in view["cohort"].items() if k != "listings_in_scope")
    assert view["top_gaps"] == view["courses"] == view["documents"] == []
    assert view["demand"]["by_country"], "listings are public: demand is still shown"
    text = json.dumps(view)
    assert "PAPUA-" not in text and "1994" not in text


def test_every_published_worker_figure_respects_k(small_store: Store, ref: Reference) -> None:
    for k in (5, 10, 25):
        planner = CohortPlanner(small_store, Catalogue.from_rows(small_store.courses(), ref), k_anonymity=k)
        for filters in ({}, {"sector": "care"}, {"country": "TW"}, {"province": "Jawa Timur"}):
            view = planner.view(**filters, as_of=AS_OF)
            n = view["cohort"]["workers"]
            if n is None:
                continue
            assert n >= k
            for value in _worker_figures(view):
                assert value is None or value == 0 or (value >= k and (n - value == 0 or n - value >= k)), \
                    (k, filters, value, n)


def test_no_personal_data_in_the_planner_view(small_store: Store, ref: Reference) -> None:
    planner = CohortPlanner(small_store, Catalogue.from_rows(small_store.courses(), ref), k_anonymity=10)
    view = planner.view(as_of=AS_OF)
    assert view["cohort"]["workers"] == 123 and view["top_gaps"] and view["courses"]
    text = json.dumps(view, ensure_ascii=False)
    for worker_ref, _ in small_store.worker_profiles():
        assert worker_ref not in text
    for forbidden in ("worker_ref", "birth_year", "summary", "\"age\""):
        assert forbidden not in text


def test_cohort_filters_read_any_spelling_and_reject_unknown_ones(ref: Reference) -> None:
    f = CohortFilter.parse(province="Jatim", sector="care", country="Taiwan")
    assert (f.province, f.sector, f.country) == ("Jawa Timur", "care", "TW")
    assert CohortFilter.parse(province="", sector=None, country="  ") == CohortFilter()
    for field, kwargs in (("province", {"province": "Atlantis"}), ("sector", {"sector": "space travel"}),
                          ("country", {"country": "Narnia"})):
        with pytest.raises(InputError) as err:
            CohortFilter.parse(**kwargs)
        assert err.value.field == field and "Layak knows" in str(err.value)


def test_k_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).planner_k_anonymity == 10
    monkeypatch.setenv("LAYAK_PLANNER_K_ANONYMITY", "25")
    assert Settings(data_dir=tmp_path).planner_k_anonymity == 25
    monkeypatch.setenv("LAYAK_PLANNER_K_ANONYMITY", "1")
    with pytest.raises(ValueError):
        Settings(data_dir=tmp_path)


def test_the_view_is_a_real_analysis(small_store: Store, ref: Reference) -> None:
    view = CohortPlanner(small_store, Catalogue.from_rows(small_store.courses(), ref)).view(as_of=AS_OF)
    gaps = view["top_gaps"]
    assert [g["workers"] for g in gaps] == sorted((g["workers"] for g in gaps), reverse=True)
    assert {g["kind"] for g in gaps} <= {"skill", "certificate", "language", "document", "experience"}
    courses = view["courses"]
    assert [c["workers_unlocked"] for c in courses] == sorted((c["workers_unlocked"] for c in courses), reverse=True)
    top = courses[0]
    assert top["with_prerequisites"]["courses"][-1] == top["course_id"]
    assert sum(r["listings"] for r in view["demand"]["by_country"]) == view["cohort"]["listings_in_scope"]
