"""Training paths: the fastest (then cheapest) set of catalogue courses that closes a worker's gaps.

Items
    Gaps (matching/gaps.py) and courses speak one vocabulary of items:

    - ``skill:<skill_id>`` and ``cert:<cert_id>``;
    - ``lang:<code>:<rank>``: the language at rank >= ``rank`` on the common 0-6 scale (features/levels.py).
      Holding or closing ``lang:ja:2`` also means ``lang:ja:1``, so the requirement "Japanese N4" (rank 2) is
      the single item ``lang:ja:2``, and a course that closes ``lang:ja:3`` closes it too;
    - ``competency:<occupation_id>``: the work competency certificate (UU 18/2017 Pasal 5 and 13) for that
      occupation. A course closes it when it issues one of the occupation's scheme certificates
      (features/data/competency_schemes.csv).

Prerequisites
    ``prerequisites`` name courses, but a course needs their *outcome*, not attendance: prerequisite ``p`` is
    met when the worker, with the courses taken before, holds every skill and language item ``p`` closes, or
    every certificate ``p`` issues, or the work experience that shows the same outcome (``outcome_by_experience``
    in courses.csv, e.g. two years as a welder for the basic welding course: LSP schemes admit experienced
    applicants). A worker who already reads N5-level Japanese, or holds the JLPT N5 certificate, goes straight
    to the N4 course; someone who did the BLK housekeeping course may sit the LSP assessment whose listed
    prerequisite is the LPK course teaching the same skills; a welder with five years of SMAW sits the BNSP
    welder assessment without the 8-week basic course.

Countries
    A course that prepares for one country's scheme (kaigo for Japan's SSW care track, the Taiwan caregiver
    course, EPS preparation for Korea) names it in ``countries``; a path for a listing elsewhere never uses it.

Objective ("cheapest and fastest")
    Courses are taken one after another: BLK and LPK courses are full time and a prerequisite must finish
    before the next course starts, so a path takes the *sum* of its weeks. ``path`` minimises, in this order,
    total weeks, total catalogue cost (IDR), the number of courses, then the sorted course ids (so equal paths
    always resolve the same way). With ``objective="cheapest"`` cost comes first and weeks second: a free BLK
    course that takes a month longer can matter more to a worker than the month, so both are offered.

Search
    Exact. Dijkstra over what the worker holds: a state is the set of relevant items held, an edge takes one
    course whose prerequisites the state meets and which adds a relevant item. Every course lasts at least a
    day, so edge costs are positive, the first goal state taken off the heap is optimal, and the order of the
    edges is an order in which the courses can really be taken. Results are memoised per (missing items,
    relevant holdings, objective).
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from features.reference import Reference, load_reference

logger = logging.getLogger(__name__)
Objective = Literal["fastest", "cheapest"]
OBJECTIVE_TEXT = {
    "fastest": "fewest total weeks (courses one after another), then lowest catalogue cost, then fewest courses",
    "cheapest": "lowest catalogue cost, then fewest total weeks (courses one after another), then fewest courses",
}


def lang_item(code: str, rank: int) -> str:
    """The item "speaks ``code`` at rank >= ``rank``"."""
    return f"lang:{code}:{rank}"


def experience_item(occupation_id: str, years: float) -> str:
    """The item "has worked at least ``years`` whole years as ``occupation_id``"."""
    return f"experience:{occupation_id}:{int(years)}"


def expand(item: str) -> frozenset[str]:
    """An item with everything it implies: ``lang:ja:2`` -> ``{lang:ja:1, lang:ja:2}``, ``experience:welder:3`` ->
    one to three years as a welder; others -> themselves."""
    if item.startswith(("lang:", "experience:")):
        kind, what, level = item.split(":")
        return frozenset(f"{kind}:{what}:{r}" for r in range(1, int(level) + 1))
    return frozenset((item,))


def schemes(ref: Reference) -> dict[str, frozenset[str]]:
    """occupation_id -> the certificates that prove its work competency (competency_schemes.csv)."""
    schemes = ref.competency_schemes
    return {str(occ): frozenset(row["cert_ids"])
            for occ, row in zip(schemes.index, schemes.to_dict("records"), strict=True)}


@dataclass(frozen=True)
class Course:
    """One course of the catalogue. ``closes`` is expanded (language ranks below, competency items)."""

    course_id: str
    title_en: str
    title_id: str
    provider_type: str
    weeks: float
    cost_idr: int
    closes: frozenset[str]
    listed_closes: tuple[str, ...]
    prerequisites: tuple[str, ...]
    source: str
    countries: frozenset[str] = frozenset()  # empty: any destination
    outcome_by_experience: frozenset[str] = frozenset()  # experience items that show this course's outcome

    def serves(self, country: str | None) -> bool:
        """Whether the course prepares for a job in ``country`` (None: any)."""
        return not self.countries or country is None or country in self.countries

    @cached_property
    def outcome(self) -> tuple[frozenset[str], frozenset[str]]:
        """(skill and language items, certificate items) a later course may require of this one."""
        learned = frozenset().union(*(expand(i) for i in self.listed_closes if not i.startswith("cert:")))
        certs = frozenset(i for i in self.listed_closes if i.startswith("cert:"))
        return learned, certs

    def to_dict(self) -> dict[str, Any]:
        return {"course_id": self.course_id, "title_en": self.title_en, "title_id": self.title_id,
                "provider_type": self.provider_type, "weeks": _number(self.weeks), "cost_idr": int(self.cost_idr)}


@dataclass(frozen=True)
class TrainingPath:
    """Courses in the order to take them (prerequisites first)."""

    courses: tuple[Course, ...]
    objective: Objective = "fastest"

    @property
    def total_weeks(self) -> float:
        return float(sum(c.weeks for c in self.courses))

    @property
    def total_cost_idr(self) -> int:
        return int(sum(c.cost_idr for c in self.courses))

    @property
    def course_ids(self) -> tuple[str, ...]:
        return tuple(c.course_id for c in self.courses)


class Catalogue:
    """The course catalogue with the exact path search. Immutable after construction; safe to share.

    Raises:
        ValueError: a prerequisite names a course that is not in the catalogue, or prerequisites form a cycle.
    """

    def __init__(self, courses: Iterable[Course]) -> None:
        self.courses: dict[str, Course] = {c.course_id: c for c in courses}
        for c in self.courses.values():
            unknown = [p for p in c.prerequisites if p not in self.courses]
            if unknown:
                raise ValueError(f"course '{c.course_id}': unknown prerequisite(s) {unknown}")
        chains = {cid: self._walk(cid) for cid in self.courses}  # fails fast on a cycle
        self._chains = chains
        self._chain_closes = {cid: frozenset().union(*(self.courses[c].closes for c in chain))
                              for cid, chain in chains.items()}

        def with_chain(c: Course) -> tuple[float, int, str]:  # a course is as long as its whole chain
            chain = [self.courses[x] for x in chains[c.course_id]]
            return sum(x.weeks for x in chain), sum(x.cost_idr for x in chain), c.course_id

        closers: dict[str, list[Course]] = {}
        for c in self.courses.values():
            for item in c.closes:
                closers.setdefault(item, []).append(c)
        self._closers = {i: tuple(x.course_id for x in sorted(cs, key=with_chain)) for i, cs in closers.items()}
        self._relevant_cache: dict[tuple[frozenset[str], str | None], tuple[frozenset[str], tuple[str, ...]]] = {}
        self._path_cache: dict[tuple[frozenset[str], frozenset[str], str, str | None], TrainingPath] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], ref: Reference | None = None) -> Catalogue:
        """Build from course rows (the store's ``courses`` table or courses.csv) with list-valued
        ``closes`` and ``prerequisites``."""
        ref = ref or load_reference()
        by_cert: dict[str, set[str]] = {}
        for occ, certs in schemes(ref).items():
            for cert in certs:
                by_cert.setdefault(f"cert:{cert}", set()).add(f"competency:{occ}")
        courses = []
        for r in rows:
            # the store's course table carries prices and content; which countries a course serves and the
            # experience that shows its outcome come from the shipped catalogue when a row does not say
            shipped = ref.row("courses", str(r["course_id"])) or {}
            countries = r.get("countries", shipped.get("countries")) or ()
            by_experience = r.get("outcome_by_experience", shipped.get("outcome_by_experience")) or ()
            listed = tuple(str(i) for i in r["closes"])
            closes = set().union(*(expand(i) for i in listed)) if listed else set()
            for item in listed:
                closes |= by_cert.get(item, set())
            courses.append(Course(str(r["course_id"]), str(r["title_en"]), str(r["title_id"]), str(r["provider_type"]),
                                  float(r["weeks"]), int(float(r["cost_idr"])), frozenset(closes), listed,
                                  tuple(str(p) for p in r["prerequisites"]), str(r.get("source", "")),
                                  frozenset(str(c) for c in countries), frozenset(str(e) for e in by_experience)))
        return cls(courses)

    @classmethod
    def from_reference(cls, ref: Reference | None = None) -> Catalogue:
        """The catalogue shipped in features/data/courses.csv."""
        ref = ref or load_reference()
        rows = [{**row, "course_id": cid}
                for cid, row in zip(ref.courses.index, ref.courses.to_dict("records"), strict=True)]
        return cls.from_rows(rows, ref)

    # ---- look-ups ---------------------------------------------------------------------------------
    def closers(self, item: str, country: str | None = None) -> tuple[str, ...]:
        """Course ids that close ``item`` for a job in ``country`` (None: any), the shortest with their whole
        prerequisite chain first; empty if no course does."""
        return tuple(c for c in self._closers.get(item, ()) if self.courses[c].serves(country))

    def closable(self, item: str, country: str | None = None) -> bool:
        return bool(self.closers(item, country))

    def met(self, prerequisite: str, held: frozenset[str] | set[str]) -> bool:
        """True when ``held`` already gives what course ``prerequisite`` teaches (see the module docstring)."""
        course = self.courses[prerequisite]
        if course.outcome_by_experience & held:
            return True
        learned, certs = course.outcome
        if not learned and not certs:
            return True
        return bool((learned and learned <= held) or (certs and certs <= held))

    def chain(self, course_id: str) -> tuple[str, ...]:
        """The course and its named prerequisites, transitively, prerequisites first."""
        return self._chains[course_id]

    def chain_closes(self, course_id: str) -> frozenset[str]:
        """Everything the course closes together with its named prerequisite chain."""
        return self._chain_closes[course_id]

    def _walk(self, course_id: str) -> tuple[str, ...]:
        """``chain`` computed; raises ValueError when the prerequisites form a cycle."""
        order: list[str] = []

        def visit(cid: str, stack: tuple[str, ...]) -> None:
            if cid in stack:
                raise ValueError(f"prerequisite cycle: {' -> '.join((*stack, cid))}")
            for p in self.courses[cid].prerequisites:
                visit(p, (*stack, cid))
            if cid not in order:
                order.append(cid)

        visit(course_id, ())
        return tuple(order)

    # ---- the search -------------------------------------------------------------------------------
    def path(self, missing: Iterable[str], held: Iterable[str] = (), objective: Objective = "fastest",
             country: str | None = None) -> TrainingPath:
        """The optimal path closing every item of ``missing`` for a worker who holds ``held``.

        Args:
            missing: items to close; items already in ``held`` are ignored.
            held: what the worker holds (gaps.holdings), used to skip prerequisites she already meets.
            objective: "fastest" (weeks, then cost) or "cheapest" (cost, then weeks).
            country: the job's country; courses for another country's scheme are not used (None: any course).

        Raises:
            ValueError: an item no course for ``country`` closes (check ``closable`` first).
        """
        held = frozenset(held)
        need = frozenset(missing) - held
        if not need:
            return TrainingPath((), objective)
        unclosable = sorted(i for i in need if not self.closable(i, country))
        if unclosable:
            raise ValueError(f"no course closes {unclosable}")
        universe, pool = self._relevant(need, country)
        start = held & universe
        key = (need, start, objective, country)
        if key not in self._path_cache:
            self._path_cache[key] = self._dijkstra(need, start, universe, pool, objective)
        return self._path_cache[key]

    def _relevant(self, need: frozenset[str], country: str | None = None
                  ) -> tuple[frozenset[str], tuple[str, ...]]:
        """Items that matter (``need`` plus the outcomes of every useful course's prerequisites, and the work
        experience that shows them) and the courses for ``country`` that close any of them."""
        key = (need, country)
        if key not in self._relevant_cache:
            universe, pool = set(need), set[str]()
            while True:
                grown = {c for i in universe for c in self.closers(i, country)} - pool
                if not grown:
                    break
                pool |= grown
                for cid in grown:
                    for p in self.courses[cid].prerequisites:
                        learned, certs = self.courses[p].outcome
                        universe |= learned | certs | self.courses[p].outcome_by_experience
            ordered = tuple(sorted(pool, key=lambda c: _course_key(self.courses[c])))
            self._relevant_cache[key] = (frozenset(universe), ordered)
        return self._relevant_cache[key]

    def _dijkstra(self, need: frozenset[str], start: frozenset[str], universe: frozenset[str],
                  pool: tuple[str, ...], objective: Objective) -> TrainingPath:
        def priority(weeks: float, cost: int, taken: tuple[str, ...]) -> tuple[Any, ...]:
            first, second = (weeks, cost) if objective == "fastest" else (cost, weeks)
            return first, second, len(taken), tuple(sorted(taken))

        heap: list[tuple[tuple[Any, ...], frozenset[str], tuple[str, ...], float, int]] = [
            (priority(0.0, 0, ()), start, (), 0.0, 0)]
        best: dict[frozenset[str], tuple[Any, ...]] = {start: heap[0][0]}
        while heap:
            prio, state, taken, weeks, cost = heapq.heappop(heap)
            if need <= state:
                return TrainingPath(tuple(self.courses[c] for c in taken), objective)
            if best.get(state, prio) < prio:
                continue
            for cid in pool:
                course = self.courses[cid]
                gain = (course.closes & universe) - state
                if not gain or not all(self.met(p, state) for p in course.prerequisites):
                    continue
                nxt = state | gain
                step = (*taken, cid)
                nprio = priority(weeks + course.weeks, cost + course.cost_idr, step)
                if nxt not in best or nprio < best[nxt]:
                    best[nxt] = nprio
                    heapq.heappush(heap, (nprio, nxt, step, weeks + course.weeks, cost + course.cost_idr))
        raise AssertionError(f"unreachable: every item of {sorted(need)} has a course")  # pragma: no cover


def _course_key(c: Course) -> tuple[float, int, str]:
    return c.weeks, c.cost_idr, c.course_id


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


__all__ = ["Catalogue", "Course", "TrainingPath", "Objective", "OBJECTIVE_TEXT", "expand", "experience_item",
           "lang_item", "schemes"]
