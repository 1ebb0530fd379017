"""The training planner's cohort view: common gaps, courses that unlock placements, demand — k-anonymous.

Cohort. Workers from ``province`` (any spelling of the 38 official names), who want ``sector`` (a preferred
sector, or an occupation of theirs in it) and ``country`` (preferred, or no country named). Listings: verified
and open, in ``sector`` and ``country`` when given. Each worker's reachable listings follow matching/reach.py.

Figures (matching/cohort_counts.py computes them):
- top gaps: for each missing item, how many cohort workers lack it for at least one listing they reach,
  for how many (worker, listing) pairs and how many distinct listings. Passport, health certificate and
  BPJS are every placement's documents, so they are counted once per worker under ``documents``;
- courses: how many workers a course (with its prerequisite chain) would make ready for at least one more
  listing, for how many listings and pairs ("unlock" counts);
- demand: verified open listings by country, sector and required skill (listings are public job orders,
  not people, so these are never suppressed).

k-anonymity (``planner_k_anonymity`` in Settings, default 10). No figure may describe fewer than k workers:
a count of workers is published only when it is 0, or when both it and the rest of the cohort (the cohort
size minus it) are 0 or at least k, since "all but 3" describes those 3. A row whose worker count cannot be
published is left out entirely (its pair and listing counts derive from the same few workers) and only the
number of rows left out is reported. A cohort smaller than k yields no worker figure at all. Nothing personal
(worker_ref, name, age, birth year) is ever part of the view. Figures of two overlapping cohorts can still be
subtracted from each other; the view does not track what a planner asked before.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from features.levels import level_names
from features.profiles import NormalisedProfile, country_code
from features.reference import Reference, load_reference
from features.regions import province_name
from features.text import sector_id
from matching.eligibility.courses import Catalogue
from matching.eligibility.gaps import item_gap
from matching.errors import InputError
from matching.planning.cohort_counts import KIND_COURSE, KIND_NONE, CohortCounts, count_cohort
from matching.storage.readings import stored_readings
from matching.storage.store import Store

logger = logging.getLogger(__name__)
COHORT_COLUMNS = ("country", "sector_id", "occupation_id", "employer_type", "gender", "min_age", "max_age",
                  "min_experience_years", "skill_ids", "certificate_ids", "language_ranks")
DEFINITIONS = {
    "reachable": "verified, open listing that the hard policy lets the worker see (age, gender, schooling), in a "
                 "country she prefers (or any if she named none) and in a sector she prefers or an occupation of hers",
    "ready": "nothing but documents (passport, health certificate, BPJS) is missing for the listing",
    "unlock": "the course together with its named prerequisites closes every gap a course can close for a "
              "(worker, listing) pair, and no gap that nothing can close (experience, a missing course) remains",
    "courses": "a course that unlocks exactly the pairs one of its own prerequisites unlocks is not listed again",
    "suppression": "a worker count is shown only when it and the rest of the cohort are each 0 or at least k",
}


@dataclass(frozen=True)
class CohortFilter:
    """Canonical cohort filters (None = everyone)."""

    province: str | None = None
    sector: str | None = None
    country: str | None = None

    @classmethod
    def parse(cls, province: str | None = None, sector: str | None = None, country: str | None = None,
              ref: Reference | None = None) -> CohortFilter:
        """Read filters in any spelling. Raises InputError naming the filter that is not understood."""
        ref = ref or load_reference()
        out: dict[str, str | None] = {}
        name_id = {"province": "provinsi", "sector": "bidang kerja", "country": "negara"}
        for name, value, read, known in (
                ("province", province, province_name, lambda: "the 38 provinces, e.g. Jawa Timur, Jatim, East Java"),
                ("sector", sector, sector_id, lambda: ", ".join(ref.sectors.index)),
                ("country", country, country_code, lambda: ", ".join(ref.countries.index))):
            text = (value or "").strip()
            found = read(text, ref) if text else None
            if text and found is None:
                known_id = "38 provinsi, misalnya Jawa Timur" if name == "province" else known()
                raise InputError(f"'{text}' is not a {name} Layak knows; expected one of {known()}", field=name,
                                 message_id=f"'{text}' bukan {name_id[name]} yang dikenal Layak; pilih salah satu "
                                            f"dari {known_id}")
            out[name] = found
        return cls(**out)

    def admits(self, worker: NormalisedProfile, ref: Reference) -> bool:
        if self.province and worker.province != self.province:
            return False
        if self.country and worker.preferred_countries and self.country not in worker.preferred_countries:
            return False
        if self.sector and self.sector not in worker.preferred_sectors and not any(
                (row := ref.row("occupations", o)) and row["sector"] == self.sector for o in worker.occupations):
            return False
        return True


def publishable(count: int, cohort: int, k: int) -> bool:
    """The k-anonymity rule of the module docstring for one count of workers out of ``cohort``."""
    rest = cohort - count
    return count == 0 or (count >= k and (rest == 0 or rest >= k))


class CohortPlanner:
    """Builds the planner view from the store. Routes and the CLI make exactly one call: ``view``."""

    def __init__(self, store: Store, catalogue: Catalogue, k_anonymity: int = 10, top_n: int = 20,
                 ref: Reference | None = None) -> None:
        if k_anonymity < 2:
            raise ValueError("k_anonymity must be at least 2")
        self.store, self.catalogue, self.k, self.top_n = store, catalogue, k_anonymity, top_n
        self.ref = ref or load_reference()

    def cohort(self, filters: CohortFilter, as_of: date) -> tuple[list[NormalisedProfile], list[Any]]:
        """The cohort's workers and the open verified listings in scope (internal: never leaves the process)."""
        workers = [w for w in stored_readings(self.store, self.ref, as_of) if filters.admits(w, self.ref)]
        listings = [x for x in self.store.open_verified_listings(as_of, [filters.country] if filters.country else None,
                                                                 COHORT_COLUMNS)
                    if not filters.sector or x.sector_id == filters.sector]
        return workers, listings

    def view(self, province: str | None = None, sector: str | None = None, country: str | None = None,
             as_of: date | None = None, top_n: int | None = None) -> dict[str, Any]:
        """The k-anonymous planner view as a JSON-ready dict (see the module docstring)."""
        as_of = as_of or date.today()
        filters = CohortFilter.parse(province, sector, country, self.ref)
        workers, listings = self.cohort(filters, as_of)
        counts = count_cohort(workers, listings, self.catalogue, self.ref, as_of)
        logger.info("cohort %s: %d workers, %d listings, %d reachable pairs", filters, counts.workers,
                    counts.listings, counts.pairs)
        return self.render(counts, listings, filters, as_of, top_n or self.top_n)

    def render(self, c: CohortCounts, listings: list[Any], filters: CohortFilter, as_of: date, top_n: int
               ) -> dict[str, Any]:
        """Apply k-anonymity to raw counts and label everything for people."""
        n, k = c.workers, self.k
        hidden = n < k
        show = (lambda x: None) if hidden else (lambda x: int(x) if publishable(int(x), n, k) else None)
        gaps, gaps_left_out = ([], 0) if hidden else self._gap_rows(c, top_n, filters.country)
        courses, courses_left_out = ([], 0) if hidden else self._course_rows(c, top_n)
        documents = [] if hidden else [
            {**self._labels(d), "workers_missing": show(m)}
            for d, m in zip(c.documents, c.document_workers_missing, strict=True)]
        return {
            "filters": {"province": filters.province, "sector": filters.sector, "country": filters.country},
            "as_of": as_of.isoformat(), "k_anonymity": k, "suppressed": hidden,
            "cohort": {"workers": None if hidden else n, "workers_reaching_a_listing": show(c.workers_reaching),
                       "workers_ready_now": show(c.workers_ready), "workers_trainable": show(c.workers_trainable),
                       "pairs": None if hidden else c.pairs, "pairs_ready": None if hidden else c.pairs_ready,
                       "pairs_blocked": None if hidden else c.pairs_blocked, "listings_in_scope": c.listings,
                       "listings_reached": None if hidden else c.listings_reached},
            "top_gaps": gaps, "courses": courses, "documents": documents,
            "rows_left_out": {"top_gaps": gaps_left_out, "courses": courses_left_out},
            "demand": self._demand(listings, top_n), "definitions": DEFINITIONS,
        }

    def _labels(self, item: str) -> dict[str, Any]:
        if item.startswith("experience:"):
            sector = self.ref.row("sectors", item.split(":", 1)[1])
            return {"kind": "experience", "id": item,
                    "label_en": "Work experience" + (f" in {sector['label_en'].lower()}" if sector else ""),
                    "label_id": "Pengalaman kerja" + (f" di bidang {sector['label_id'].lower()}" if sector else "")}
        gap = item_gap(item, _nobody(), self.catalogue, self.ref)
        if gap.kind == "language":  # "Japanese: JLPT N4 or higher"
            en, id_ = level_names(gap.detail["lang"], gap.detail["required_rank"], self.ref)
            return {"kind": gap.kind, "id": item, "label_en": f"{gap.label_en}: {en} or higher",
                    "label_id": f"{gap.label_id}: {id_} atau lebih"}
        return {"kind": gap.kind, "id": item, "label_en": gap.label_en, "label_id": gap.label_id}

    def _gap_rows(self, c: CohortCounts, top_n: int, country: str | None = None
                  ) -> tuple[list[dict[str, Any]], int]:
        """The top gaps; the courses named for each are those that prepare for ``country`` (all, without one)."""
        rows: list[dict[str, Any]] = []
        left_out = 0
        order = sorted(range(len(c.items)), key=lambda i: (-c.item_workers[i], -c.item_pairs[i], c.items[i]))
        for i in order:
            workers = int(c.item_workers[i])
            if workers == 0:
                break
            if not publishable(workers, c.workers, self.k):
                left_out += 1
                continue
            if len(rows) < top_n:
                closes = int(c.item_closes[i])
                rows.append({**self._labels(c.items[i]), "workers": workers,
                             "share_of_cohort": round(workers / c.workers, 3), "pairs": int(c.item_pairs[i]),
                             "listings": int(c.item_listings[i]), "closable": closes != KIND_NONE,
                             "closed_by": {KIND_COURSE: "course", KIND_NONE: None}.get(closes, "process"),
                             "courses": list(self.catalogue.closers(c.items[i], country)[:3])})
        return rows, left_out

    def _course_rows(self, c: CohortCounts, top_n: int) -> tuple[list[dict[str, Any]], int]:
        rows: list[dict[str, Any]] = []
        left_out = 0
        order = sorted(range(len(c.courses)), key=lambda i: (-c.course_workers[i], -c.course_listings[i],
                                                             c.courses[i]))
        pairs = dict(zip(c.courses, c.course_pairs, strict=True))
        for i in order:
            workers = int(c.course_workers[i])
            if workers == 0:
                break
            chain = self.catalogue.chain(c.courses[i])
            if any(pairs[p] == c.course_pairs[i] for p in chain[:-1]):
                continue  # it unlocks exactly what one of its own prerequisites does (a superset of equal size)
            if not publishable(workers, c.workers, self.k):
                left_out += 1
                continue
            if len(rows) < top_n:
                course = self.catalogue.courses[c.courses[i]]
                path = [self.catalogue.courses[x] for x in self.catalogue.chain(course.course_id)]
                rows.append({**course.to_dict(), "workers_unlocked": workers,
                             "listings_unlocked": int(c.course_listings[i]), "pairs_unlocked": int(c.course_pairs[i]),
                             "with_prerequisites": {"courses": [x.course_id for x in path],
                                                    "weeks": _number(sum(x.weeks for x in path)),
                                                    "cost_idr": int(sum(x.cost_idr for x in path))}})
        return rows, left_out

    def _demand(self, listings: list[Any], top_n: int) -> dict[str, list[dict[str, Any]]]:
        def table(counter: Counter[str], name: str, en: str, id_: str) -> list[dict[str, Any]]:
            out = []
            for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]:
                row = self.ref.row(name, key) or {}
                out.append({"id": key, "label_en": str(row.get(en, key)), "label_id": str(row.get(id_, key)),
                            "listings": count})
            return out

        return {"by_country": table(Counter(x.country for x in listings), "countries", "name_en", "name_id"),
                "by_sector": table(Counter(x.sector_id or "unknown" for x in listings), "sectors", "label_en",
                                   "label_id"),
                "by_skill": table(Counter(s for x in listings for s in (x.skill_ids or [])), "skills", "label_en",
                                  "label_id")}


def _nobody() -> NormalisedProfile:
    return NormalisedProfile(None, None, None, None, None, None, None, [], [], [], [], {}, [], {}, 0.0, [], [], None)


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


__all__ = ["CohortPlanner", "CohortFilter", "publishable", "DEFINITIONS"]
