"""One worker's training plan: what she can apply for now, and the best listings within a training budget.

The pool is her reachable listings (matching/reach.py); each gets a readiness (matching/readiness.py).

- ``ready_now``: listings where only documents are missing, best value first;
- ``stretch``: listings not ready now with a training path that fits the budget (total weeks <= ``max_weeks``
  and what she pays <= ``max_worker_cost_idr``; she pays Rp0 in the zero-cost occupations), ranked by value
  per week of training. The fastest path is used when it fits, else the cheapest one when that fits (a free
  BLK course that takes longer can be the only way for someone with no money to spend);
- ``courses``: the single courses (with their prerequisite chain) that would make her ready for the most of
  her listings that are not ready yet;
- ``blocked``: why the other listings are out of reach (experience, age, a language no course teaches, ...).

Value of a listing = net monthly pay in IDR (pay minus the worker fee spread over the contract, as on the
card) x safety score, the share of the five safety checks it passes (licensed agency, verified job order,
no illegal fee, passport kept by the worker, work visa). Value per week = value / weeks of training: how much
monthly pay each week of training buys. Listings whose pay is unknown rank last.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from features.profiles import NormalisedProfile, WorkerProfile
from features.reference import Reference, load_reference
from matching.eligibility.courses import Catalogue, TrainingPath
from matching.eligibility.explain import listing_summary, pay_summary, safety_badges
from matching.eligibility.gaps import UNIVERSAL_DOCUMENTS, holdings, item_gap
from matching.eligibility.policy import exclusion_reasons
from matching.eligibility.reach import prefers
from matching.eligibility.readiness import Readiness, assess, document_step
from matching.errors import InputError
from matching.storage.readings import read_profile
from matching.storage.store import Store
from matching.storage.tables import Listing

POOL_COLUMNS = ("status", "posted_at", "expires_at", "country", "sector_id", "occupation_id", "employer_type",
                "gender", "min_age", "max_age")
SAFETY_CHECKS = ("agency_licensed", "job_order_verified", "no_illegal_fee", "passport_with_worker", "work_visa")
VALUE_TEXT = ("value = net monthly pay (IDR) x safety score (share of the 5 safety checks passed); stretch "
              "listings are ranked by value per week of training")


@dataclass(frozen=True)
class _Option:
    listing: Listing
    readiness: Readiness
    value: float | None
    pay: dict[str, Any]
    safety_score: float

    def path_within(self, max_weeks: float, max_cost: int | None) -> TrainingPath | None:
        """The fastest path if it fits the budget, else the cheapest if that fits, else None."""
        r = self.readiness
        for path in (r.path, r.cheapest):
            if path.total_weeks <= max_weeks and (max_cost is None or r.worker_cost(path) <= max_cost):
                return path
        return None

    def to_dict(self, ref: Reference, path: TrainingPath | None = None) -> dict[str, Any]:
        r = self.readiness
        path = path or r.path
        t = r.to_dict()
        training = {"path": path.objective, "courses": [c.to_dict() for c in path.courses],
                    "total_weeks": _number(path.total_weeks), "total_cost_idr": path.total_cost_idr,
                    "worker_cost_idr": r.worker_cost(path), "paid_by": t["paid_by"], "cost_rule": t["cost_rule"],
                    "ready": r.ready, "ready_in_weeks": 0 if r.ready else int(math.ceil(path.total_weeks)),
                    "gaps": [g for g in t["gaps"] if g["closed_by"] != "process"]}
        weeks = path.total_weeks
        per_week = None if self.value is None or not weeks else round(self.value / weeks)
        return {"listing": listing_summary(self.listing, ref), "pay": self.pay,
                "safety_score": round(self.safety_score, 2),
                "value": None if self.value is None else round(self.value),
                "value_per_week": per_week, "training": training}


class TrainingPlanner:
    """Builds a worker's training plan. Routes and the CLI make one call: ``for_worker`` or ``for_profile``."""

    def __init__(self, store: Store, catalogue: Catalogue, ref: Reference | None = None, max_weeks: int = 26,
                 max_worker_cost_idr: int | None = None, k: int = 10) -> None:
        self.store, self.catalogue = store, catalogue
        self.ref = ref or load_reference()
        self.max_weeks, self.max_cost, self.k = max_weeks, max_worker_cost_idr, k

    def for_worker(self, worker_ref: str, max_weeks: int | None = None, max_worker_cost_idr: int | None = None,
                   k: int | None = None, as_of: date | None = None) -> dict[str, Any]:
        """The plan of a stored worker. Raises NotFound for an unknown worker_ref."""
        as_of = as_of or date.today()
        profile = read_profile(self.store.get_worker(worker_ref), self.ref, as_of)
        return self.plan(profile, max_weeks, max_worker_cost_idr, k, as_of)

    def for_profile(self, profile: WorkerProfile, max_weeks: int | None = None,
                    max_worker_cost_idr: int | None = None, k: int | None = None, as_of: date | None = None
                    ) -> dict[str, Any]:
        as_of = as_of or date.today()
        return self.plan(read_profile(profile.model_dump(), self.ref, as_of), max_weeks, max_worker_cost_idr, k,
                         as_of)

    def plan(self, profile: NormalisedProfile, max_weeks: int | None, max_worker_cost_idr: int | None,
             k: int | None, as_of: date) -> dict[str, Any]:
        """Ready-now and stretch lists, the courses that help most, and what blocks the rest."""
        weeks = self.max_weeks if max_weeks is None else max_weeks
        budget = self.max_cost if max_worker_cost_idr is None else max_worker_cost_idr
        k = k or self.k
        if weeks < 0 or (budget is not None and budget < 0):
            raise InputError("a training budget cannot be negative", field="weeks" if weeks < 0 else "budget_idr",
                             message_id="batas pelatihan tidak boleh negatif")
        held = holdings(profile, self.ref)
        options = [self._option(profile, x, held, as_of) for x in self._pool(profile, as_of)]
        ready = sorted((o for o in options if o.readiness.ready), key=_by_value)
        blocked = [o for o in options if o.readiness.blocked_by]
        trainable = [o for o in options if not o.readiness.ready and not o.readiness.blocked_by]
        chosen = [(o, path) for o in trainable if (path := o.path_within(weeks, budget)) is not None]
        chosen.sort(key=lambda op: (op[0].value is None, -(op[0].value or 0.0) / op[1].total_weeks, op[0].listing.id))
        return {
            "worker_ref": profile.worker_ref, "as_of": as_of.isoformat(),
            "budget": {"max_weeks": weeks, "max_worker_cost_idr": budget}, "value": VALUE_TEXT,
            "reachable_listings": len(options), "ready_now_count": len(ready), "within_budget_count": len(chosen),
            "over_budget_count": len(trainable) - len(chosen), "blocked_count": len(blocked),
            "ready_now": [o.to_dict(self.ref) for o in ready[:k]],
            "stretch": [o.to_dict(self.ref, path) for o, path in chosen[:k]],
            "courses": self._courses(trainable, k), "blocked_by": self._blockers(blocked),
            "documents": self._documents(profile, held),
        }

    def _pool(self, profile: NormalisedProfile, as_of: date) -> list[Listing]:
        """Her reachable listings: decided on light rows, then loaded whole (a fraction of what is open)."""
        light = self.store.open_verified_listings(as_of, profile.preferred_countries or None, POOL_COLUMNS)
        ids = [x.id for x in light if prefers(profile, x) and not exclusion_reasons(x, profile, as_of)]
        found = self.store.listings_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def _option(self, profile: NormalisedProfile, listing: Listing, held: frozenset[str], as_of: date) -> _Option:
        readiness = assess(profile, listing, self.catalogue, self.ref, as_of, held)
        pay = pay_summary(listing, self.ref, as_of)
        badges = safety_badges(listing, self.ref)
        score = sum(bool(badges[c]) for c in SAFETY_CHECKS) / len(SAFETY_CHECKS)
        net = pay.get("net_monthly_idr")
        return _Option(listing, readiness, None if net is None else float(net) * score, pay, score)

    def _courses(self, trainable: list[_Option], k: int) -> list[dict[str, Any]]:
        counts: Counter[str] = Counter()
        for o in trainable:
            need = {g.id for g in o.readiness.gaps if g.closed_by == "course"}
            counts.update(c for c in self.catalogue.courses if need <= self.catalogue.chain_closes(c))
        rows = []
        for cid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]:
            chain = [self.catalogue.courses[c] for c in self.catalogue.chain(cid)]
            rows.append({**self.catalogue.courses[cid].to_dict(), "listings_unlocked": n,
                         "with_prerequisites": {"courses": [c.course_id for c in chain],
                                                "weeks": _number(sum(c.weeks for c in chain)),
                                                "cost_idr": int(sum(c.cost_idr for c in chain))}})
        return rows

    def _blockers(self, blocked: list[_Option]) -> list[dict[str, Any]]:
        counts: Counter[str] = Counter()
        labels: dict[str, dict[str, Any]] = {}
        for o in blocked:
            for g in o.readiness.blocked_by:
                counts[g.id] += 1
                labels[g.id] = {"id": g.id, "kind": g.kind, "label_en": g.label_en, "label_id": g.label_id,
                                "why_not": None if g.why_not_en is None else {"en": g.why_not_en, "id": g.why_not_id}}
        return [{**labels[i], "listings": n} for i, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def _documents(self, profile: NormalisedProfile, held: frozenset[str]) -> list[dict[str, Any]]:
        """The documents every placement needs that she lacks (costs for a standard 24-month contract)."""
        out = []
        for item in UNIVERSAL_DOCUMENTS:
            if item not in held:
                step = document_step(item_gap(item, profile, self.catalogue, self.ref), self.ref, False, None)
                out.append({**step.to_dict(), "worker_cost_idr": step.cost_idr,
                            "zero_cost_note": "Rp0 for you in a zero-cost occupation (Perban BP2MI 9/2020)"})
        return out


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def _by_value(o: _Option) -> tuple[bool, float, int]:
    return o.value is None, -(o.value or 0.0), o.listing.id


__all__ = ["TrainingPlanner", "VALUE_TEXT"]
