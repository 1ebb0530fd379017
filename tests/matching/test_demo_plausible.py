"""The demo looks like real job orders (issue 18; docs/demo.md): what a listing asks comes from its occupation's
trade, household employers are named as people are, and the CSV template's example agency is in the registry."""

from __future__ import annotations

import collections
from datetime import date

import numpy as np

from features.listings import TEMPLATE_LICENCE, ListingIn, normalise_listing, template_example
from features.reference import Reference
from matching.demo.generate import generate_demo
from matching.demo.job_terms import household_name, skills
from matching.demo.sampling import Rng
from matching.demo.world import CROSS_CUTTING_FAMILIES, world_tables
from matching.screening.rules import screen

AS_OF = date(2026, 6, 1)


def test_a_listing_asks_for_cross_cutting_skills_only_where_its_occupation_does(ref: Reference) -> None:
    t = world_tables(ref)
    family = {str(s): str(row["family"]) for s, row in ref.skills.iterrows()}
    rng = Rng(np.random.SeedSequence(18))
    asked: collections.Counter[str] = collections.Counter()
    for occ, o in t.occ.items():
        assert not {family[s] for s in o.related} & CROSS_CUTTING_FAMILIES, occ  # never "related" to a trade
        for _ in range(40):
            for skill in skills(rng, t, occ, "HK"):
                asked[skill] += 1
                if family[skill] in CROSS_CUTTING_FAMILIES:
                    assert skill in o.core, (occ, skill)  # e.g. first aid for a babysitter, never swimming for a cook
    # swimming and basic computing were asked of almost every trade before: now only where an occupation names them
    core_anywhere = {s for o in t.occ.values() for s in o.core}
    for skill in ("swimming", "computer_basics"):
        assert skill in core_anywhere or asked[skill] == 0, skill


def test_household_employers_are_named_as_people_and_the_template_agency_is_registered(ref: Reference) -> None:
    rng = Rng(np.random.SeedSequence(7))
    names = [household_name(rng, country) for country in ("HK", "TW", "SG", "MY", "BN", "SA") for _ in range(30)]
    assert not [n for n in names if "household" in n.lower() or "family" in n.lower() or "&" in n], names
    demo = generate_demo(n_listings=300, n_workers=10, seed=3, as_of=AS_OF, n_agencies=6, ref=ref)
    row = demo.agencies.set_index("licence_no").loc[TEMPLATE_LICENCE]
    assert row["status"] == "active" and date.fromisoformat(row["valid_from"]) <= AS_OF <= date.fromisoformat(
        row["valid_until"])
    assert not demo.listings["agency_licence"].eq(TEMPLATE_LICENCE).any()  # it posts no demo listing
    households = demo.listings[demo.listings["employer_type"] == "household"]["employer_name"]
    assert len(households) and not households.str.contains("household|family", case=False).any()


def test_the_template_row_is_verified_against_the_demo_registry(ref: Reference) -> None:
    demo = generate_demo(n_listings=50, n_workers=0, seed=5, as_of=AS_OF, n_agencies=4, ref=ref)

    class Entry:
        def __init__(self, r: dict[str, str]) -> None:
            self.agency_name, self.status = r["agency_name"], r["status"]
            self.valid_from, self.valid_until = date.fromisoformat(r["valid_from"]), date.fromisoformat(
                r["valid_until"])

    registry = {r["licence_no"]: Entry(r) for r in demo.agencies.to_dict("records")}
    listing = ListingIn.model_validate({k: v for k, v in template_example(AS_OF).items() if v != ""})
    verdict = screen(listing, normalise_listing(listing, ref), registry, AS_OF, ref)
    assert verdict.status == "verified", [r.rule_id for r in verdict.reasons]
