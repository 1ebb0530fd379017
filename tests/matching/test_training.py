"""The training-path search: known answers, prerequisite chains, and optimality against brute force."""

from __future__ import annotations

import itertools
import random

import pytest

from features.reference import Reference
from matching.eligibility.courses import Catalogue, Course, TrainingPath, expand


def course(cid: str, weeks: float, cost: int, closes: list[str], prereq: tuple[str, ...] = ()) -> dict[str, object]:
    return {"course_id": cid, "title_en": cid, "title_id": cid, "provider_type": "LPK", "closes": closes,
            "weeks": weeks, "cost_idr": cost, "prerequisites": list(prereq), "source": "test"}


JAPANESE = [  # a small catalogue with the shape of the real one: N5 before N4, a slower free route to N4
    course("n5", 12, 4_000_000, ["lang:ja:1", "cert:jlpt_n5"]),
    course("n4", 12, 4_500_000, ["lang:ja:2", "cert:jlpt_n4"], ("n5",)),
    course("online", 16, 0, ["lang:ja:2"]),
    course("n3", 16, 6_000_000, ["lang:ja:3", "cert:jlpt_n3"], ("n4",)),
]


def test_prerequisite_chain_n5_before_n4(ref: Reference) -> None:
    cat = Catalogue.from_rows(JAPANESE, ref)
    path = cat.path(["cert:jlpt_n4"])  # only the N4 course issues it, and N4 needs N5 first
    assert path.course_ids == ("n5", "n4")
    assert (path.total_weeks, path.total_cost_idr) == (24, 8_500_000)


def test_a_worker_who_meets_the_prerequisite_skips_it(ref: Reference) -> None:
    cat = Catalogue.from_rows(JAPANESE, ref)
    by_level = cat.path(["cert:jlpt_n4"], held=expand("lang:ja:1"))  # reads N5 level, no certificate
    by_certificate = cat.path(["cert:jlpt_n4"], held={"cert:jlpt_n5"})  # holds the certificate only
    assert by_level.course_ids == by_certificate.course_ids == ("n4",)
    assert by_level.total_weeks == 12


def test_a_course_cannot_satisfy_its_own_prerequisite(ref: Reference) -> None:
    # n4 closes lang:ja:2 which implies ja:1, the outcome of its own prerequisite: that must not count.
    cat = Catalogue.from_rows([c for c in JAPANESE if c["course_id"] != "online"], ref)
    assert cat.path(["lang:ja:2"]).course_ids == ("n5", "n4")


def test_another_course_with_the_same_outcome_meets_a_prerequisite(ref: Reference) -> None:
    # "online" teaches N4 level, so N3 (whose listed prerequisite is n4) can follow it: 16 + 16 weeks.
    cat = Catalogue.from_rows(JAPANESE, ref)
    path = cat.path(["lang:ja:3"])
    assert path.course_ids == ("online", "n3") and path.total_weeks == 32


def test_fastest_and_cheapest_objectives(ref: Reference) -> None:
    cat = Catalogue.from_rows(JAPANESE, ref)
    fastest, cheapest = cat.path(["lang:ja:2"], held=expand("lang:ja:1")), \
        cat.path(["lang:ja:2"], held=expand("lang:ja:1"), objective="cheapest")
    assert fastest.course_ids == ("n4",) and (fastest.total_weeks, fastest.total_cost_idr) == (12, 4_500_000)
    assert cheapest.course_ids == ("online",) and (cheapest.total_weeks, cheapest.total_cost_idr) == (16, 0)


def test_nothing_missing_is_an_empty_path_and_unclosable_items_are_refused(ref: Reference) -> None:
    cat = Catalogue.from_rows(JAPANESE, ref)
    assert cat.path(["lang:ja:1"], held=expand("lang:ja:2")) == TrainingPath((), "fastest")
    assert not cat.closable("lang:ms:1")
    with pytest.raises(ValueError, match="lang:ms:1"):
        cat.path(["lang:ms:1", "lang:ja:1"])


def test_broken_catalogues_fail_at_construction(ref: Reference) -> None:
    with pytest.raises(ValueError, match="unknown prerequisite"):
        Catalogue.from_rows([course("a", 1, 0, ["skill:x"], ("nope",))], ref)
    with pytest.raises(ValueError, match="cycle"):
        Catalogue.from_rows([course("a", 1, 0, ["skill:x"], ("b",)), course("b", 1, 0, ["skill:y"], ("a",))], ref)


def test_language_items_expand_downwards() -> None:
    assert expand("lang:de:3") == {"lang:de:1", "lang:de:2", "lang:de:3"}
    assert expand("skill:welding") == {"skill:welding"}


def test_scheme_certificates_close_the_occupation_competency_item(ref: Reference) -> None:
    cat = Catalogue.from_reference(ref)
    assert "competency:housekeeper" in cat.courses["lsp_housekeeper"].closes
    assert cat.closers("competency:housekeeper") == ("lsp_housekeeper",)
    assert cat.chain("lsp_driver") == ("driving_school_car", "lpk_family_driver", "lsp_driver")
    assert "cert:sim_a" in cat.chain_closes("lsp_driver")


def test_real_catalogue_known_paths(ref: Reference) -> None:
    cat = Catalogue.from_reference(ref)
    fastest = cat.path(["competency:housekeeper"])
    assert fastest.course_ids == ("lpk_housekeeper", "lsp_housekeeper")
    assert (fastest.total_weeks, fastest.total_cost_idr) == (9, 4_250_000)
    cheapest = cat.path(["competency:housekeeper"], objective="cheapest")
    assert cheapest.course_ids == ("blk_housekeeper", "lsp_housekeeper")  # same skills, so it meets the LSP's need
    assert (cheapest.total_weeks, cheapest.total_cost_idr) == (13, 750_000)
    assert cat.path(["lang:ja:2"]).course_ids == ("kemnaker_online_japanese",)  # 16 weeks beats N5 + N4 (24)


def test_every_item_a_course_closes_has_a_path(ref: Reference) -> None:
    cat = Catalogue.from_reference(ref)
    for c in cat.courses.values():
        for item in c.listed_closes:
            path = cat.path([item])
            assert path.courses and _feasible(cat, path.course_ids, frozenset(), {item}), (c.course_id, item)


# ---------------------------------------------------------------------------------------------------
# Optimality against brute force
# ---------------------------------------------------------------------------------------------------

def _feasible(cat: Catalogue, ids: tuple[str, ...], held: frozenset[str], need: set[str]) -> bool:
    """Some order of ``ids`` meets every prerequisite in turn, and together they close ``need``."""
    state, left = set(held), list(ids)
    while left:
        ready = [c for c in left if all(cat.met(p, state) for p in cat.courses[c].prerequisites)]
        if not ready:
            return False
        for c in ready:
            state |= cat.courses[c].closes
            left.remove(c)
    return need <= state


def _brute_force(cat: Catalogue, need: set[str], held: frozenset[str], objective: str) -> tuple[object, ...]:
    best = None
    ids = sorted(cat.courses)
    for n in range(0, len(ids) + 1):
        for combo in itertools.combinations(ids, n):
            if not _feasible(cat, combo, held, need):
                continue
            weeks = sum(cat.courses[c].weeks for c in combo)
            cost = sum(cat.courses[c].cost_idr for c in combo)
            key = (weeks, cost, n, combo) if objective == "fastest" else (cost, weeks, n, combo)
            best = key if best is None or key < best else best
    assert best is not None
    return best


def _random_catalogue(rng: random.Random, ref: Reference) -> Catalogue:
    items = [f"skill:s{i}" for i in range(7)] + ["lang:xx:1", "lang:xx:2", "lang:xx:3", "cert:c1", "cert:c2"]
    rows = []
    for i in range(rng.randint(5, 10)):
        closes = rng.sample(items, rng.randint(1, 3))
        prereq = tuple(rng.sample([r["course_id"] for r in rows], rng.randint(0, min(2, len(rows)))))
        rows.append(course(f"k{i}", rng.choice([1, 2, 3, 4, 6, 8]), rng.choice([0, 500_000, 1_000_000, 2_500_000]),
                           closes, prereq))
    return Catalogue.from_rows(rows, ref)


@pytest.mark.parametrize("seed", range(60))
def test_path_is_optimal_against_brute_force(seed: int, ref: Reference) -> None:
    rng = random.Random(seed)
    cat = _random_catalogue(rng, ref)
    closable = sorted({i for c in cat.courses.values() for i in c.closes})
    for _ in range(4):
        need = set(rng.sample(closable, rng.randint(1, min(4, len(closable)))))
        held = frozenset(rng.sample(closable, rng.randint(0, 2))) - need
        for objective in ("fastest", "cheapest"):
            path = cat.path(need, held, objective)  # type: ignore[arg-type]
            weeks, cost = path.total_weeks, path.total_cost_idr
            key = (weeks, cost) if objective == "fastest" else (cost, weeks)
            best = _brute_force(cat, need, held, objective)
            assert (*key, len(path.courses)) == best[:3], (seed, sorted(need), objective, path.course_ids, best)
            assert _feasible(cat, path.course_ids, held, need)
            assert _in_prerequisite_order(cat, path.course_ids, held)


def _in_prerequisite_order(cat: Catalogue, ids: tuple[str, ...], held: frozenset[str]) -> bool:
    state = set(held)
    for c in ids:
        if not all(cat.met(p, state) for p in cat.courses[c].prerequisites):
            return False
        state |= cat.courses[c].closes
    return True


def test_course_to_dict_has_the_card_fields(ref: Reference) -> None:
    c: Course = Catalogue.from_reference(ref).courses["lpk_ja_n4"]
    assert c.to_dict() == {"course_id": "lpk_ja_n4", "title_en": "Japanese elementary (JLPT N4)",
                           "title_id": "Bahasa Jepang Lanjutan (JLPT N4)", "provider_type": "LPK", "weeks": 12,
                           "cost_idr": 4_500_000}
