"""Raw cohort counts for the planner view, computed on bit sets of workers.

The figures are defined pair by pair (tests/matching/test_cohort.py checks every one against a plain loop over
matching/gaps.py and matching/reach.py):

- a (worker, listing) pair is *reachable* as in matching/reach.py;
- its missing items are the listing's requirements (matching/gaps.py ``requirements`` without the three
  universal documents, which are counted per worker) the worker does not hold, plus an experience gap when her
  years in the listing's sector fall short;
- a pair is *blocked* when a missing item nothing can close (or experience) stands in the way, *ready* when only
  process documents are missing, *trainable* otherwise; an item is course-closable for a pair only by a course
  that prepares for the listing's country (``Catalogue.closable(item, country)``, as in gaps.find_gaps);
- course ``c`` *unlocks* a trainable pair when ``c`` with its named prerequisite chain
  (``Catalogue.chain_closes``) closes every course-closable item she lacks, i.e. when she already holds every
  course item of the listing that the chain leaves uncovered; ``c`` and every course of its chain must serve the
  listing's country (``Course.serves``).

How. 50,000 workers reach tens of millions of pairs, so pairs are never materialised. Workers are taken in
blocks of ``block`` (a multiple of 64) and each worker becomes one bit of a row of uint64 words: for every
listing, a row of bits says which workers of the block reach it; for every item, which lack it. Every figure is
then a few AND/OR over rows and a popcount. Listings with the same country, sector, occupation, age limits,
gender and employer type share one reachability row, computed with ``ReachTables`` (the same code as the
per-pair definition); the sets "items of listing l that course c leaves uncovered" are shared the same way.

Nothing here is suppressed: matching/cohort.py applies k-anonymity before anything leaves the process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

import numpy as np

from features.profiles import NormalisedProfile
from features.reference import Reference
from matching.eligibility.courses import Catalogue
from matching.eligibility.gaps import UNIVERSAL_DOCUMENTS, holdings, item_gap, requirements
from matching.eligibility.reach import ReachTables

BLOCK_WORKERS = 2048
KIND_COURSE, KIND_PROCESS, KIND_NONE = 0, 1, 2
_REACH_KEY = ("country", "sector_id", "occupation_id", "min_age", "max_age", "gender", "employer_type")


@dataclass
class CohortCounts:
    """Unsuppressed figures for one cohort. Item and course arrays align with ``items`` and ``courses``."""

    workers: int
    listings: int
    pairs: int
    pairs_ready: int
    pairs_blocked: int
    workers_reaching: int
    workers_ready: int
    workers_trainable: int
    listings_reached: int
    items: list[str]
    item_closes: np.ndarray  # (n_items,) KIND_COURSE / KIND_PROCESS / KIND_NONE
    item_workers: np.ndarray
    item_pairs: np.ndarray
    item_listings: np.ndarray
    courses: list[str]
    course_workers: np.ndarray
    course_pairs: np.ndarray
    course_listings: np.ndarray
    documents: list[str]
    document_workers_missing: np.ndarray


class _Csr:
    """Per-row lists of column indices, e.g. each listing's course items."""

    def __init__(self, rows: Sequence[Sequence[int]]) -> None:
        self.indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        self.indptr[1:] = np.cumsum([len(r) for r in rows])
        self.indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(self.indptr[-1]))
        self.rows = np.repeat(np.arange(len(rows), dtype=np.int64), np.diff(self.indptr))

    def reduce(self, bits: np.ndarray, op: np.ufunc, empty: np.ndarray) -> np.ndarray:
        """Per row, ``op`` over ``bits[indices of the row]`` (rows x words); ``empty`` for rows with none."""
        out = np.broadcast_to(empty, (len(self.indptr) - 1, bits.shape[1])).copy()
        full = np.flatnonzero(np.diff(self.indptr))
        if len(full):
            out[full] = op.reduceat(bits[self.indices], self.indptr[:-1][full], axis=0)
        return out


class _Plan:
    """Everything about the listings that does not depend on the workers."""

    def __init__(self, listings: Sequence[Any], catalogue: Catalogue, ref: Reference) -> None:
        reqs = [requirements(x, ref, universal_documents=False) for x in listings]
        self.sectors = sorted({str(x.sector_id) for x in listings if x.sector_id})
        self.items = sorted({i for r in reqs for i in r}) + [f"experience:{s}" for s in [*self.sectors, "any"]]
        index = {n: i for i, n in enumerate(self.items)}
        self.kind = np.array([_kind(n, catalogue, ref) for n in self.items], dtype=np.int8)  # any country
        req_idx = [[index[i] for i in r] for r in reqs]
        # how an item closes for one pair depends on the listing's country, as in gaps.find_gaps: an item only a
        # course for another country's scheme closes is a process item or nothing there (no kaigo for Taiwan)
        kinds: dict[tuple[int, str], int] = {}

        def kind_in(i: int, country: str) -> int:
            if (i, country) not in kinds:
                kinds[i, country] = _kind(self.items[i], catalogue, ref, country)
            return kinds[i, country]

        countries = [str(x.country) for x in listings]
        self.course_items = _Csr([[i for i in r if kind_in(i, c) == KIND_COURSE]
                                  for r, c in zip(req_idx, countries, strict=True)])
        self.unclosable = _Csr([[i for i in r if kind_in(i, c) == KIND_NONE]
                                for r, c in zip(req_idx, countries, strict=True)])
        every = _Csr(req_idx)  # every requirement item of every listing, as (listing, item) entries by item
        order = np.lexsort((every.rows, every.indices))
        self.entry_l, self.entry_i = every.rows[order], every.indices[order]
        self.sector_col = np.array([self.sectors.index(x.sector_id) if x.sector_id in self.sectors
                                    else len(self.sectors) for x in listings], dtype=np.int64)
        self.min_exp = np.array([float(x.min_experience_years or 0.0) for x in listings])
        self.exp_item = np.array([index[f"experience:{s}"] for s in [*self.sectors, "any"]])[self.sector_col]
        by_exp = np.argsort(self.exp_item, kind="stable")
        self.exp_by_item = _Csr(_groups(self.exp_item[by_exp], len(self.items), by_exp))
        keys = [tuple(getattr(x, k) for k in _REACH_KEY) for x in listings]
        self.reach_keys = list(dict.fromkeys(keys))
        code = {k: i for i, k in enumerate(self.reach_keys)}
        self.reach_code = np.array([code[k] for k in keys], dtype=np.int64)
        exp_keys = sorted({(int(c), float(m)) for c, m in zip(self.sector_col, self.min_exp, strict=True) if m > 0})
        self.exp_keys = exp_keys
        exp_code = {k: i for i, k in enumerate(exp_keys)}
        self.exp_code = np.array([exp_code.get((int(c), float(m)), -1)
                                  for c, m in zip(self.sector_col, self.min_exp, strict=True)],
                                 dtype=np.int64)  # int even when no listing is in scope (an empty index array)
        self._combos(catalogue, index, [frozenset(self.course_items.indices[a:b]) for a, b in
                                        zip(self.course_items.indptr[:-1], self.course_items.indptr[1:], strict=True)],
                     countries)

    def _combos(self, catalogue: Catalogue, index: dict[str, int], course_sets: list[frozenset[int]],
                countries: list[str]) -> None:
        """(listing, course, uncovered set) for every course whose chain closes some course item of the listing,
        among the courses that prepare for the listing's country (``Course.serves``: no kaigo course for Taiwan)."""
        self.courses = sorted(catalogue.courses)
        closes = [frozenset(index[i] for i in catalogue.chain_closes(c) if i in index) for c in self.courses]
        uncovered: dict[frozenset[int], int] = {}
        per_set: dict[tuple[frozenset[int], str], list[tuple[int, int]]] = {}
        rows_l, rows_c, rows_d = [], [], []
        for listing, (items, country) in enumerate(zip(course_sets, countries, strict=True)):
            if not items:
                continue
            if (items, country) not in per_set:
                per_set[items, country] = [
                    (c, uncovered.setdefault(items - cl, len(uncovered))) for c, cl in enumerate(closes)
                    if cl & items and all(catalogue.courses[x].serves(country)
                                          for x in catalogue.chain(self.courses[c]))]
            for c, d in per_set[items, country]:
                rows_l.append(listing)
                rows_c.append(c)
                rows_d.append(d)
        order = np.argsort(np.array(rows_c, dtype=np.int64), kind="stable")  # grouped by course
        self.combo_l = np.array(rows_l, dtype=np.int64)[order]
        self.combo_c = np.array(rows_c, dtype=np.int64)[order]
        self.combo_d = np.array(rows_d, dtype=np.int64)[order]
        self.uncovered = _Csr([sorted(s) for s in uncovered])


def _kind(item: str, catalogue: Catalogue, ref: Reference, country: str | None = None) -> int:
    """How ``item`` closes for a job in ``country`` (None: any): by a course for that country, a process, or not."""
    if item.startswith("experience:"):
        return KIND_NONE
    if catalogue.closable(item, country):
        return KIND_COURSE
    return KIND_PROCESS if item_gap(item, _NOBODY, catalogue, ref, country=country).closable else KIND_NONE


def _groups(sorted_keys: np.ndarray, n: int, values: np.ndarray) -> list[list[int]]:
    """``values`` split by their (already sorted) keys 0..n-1."""
    bounds = np.searchsorted(sorted_keys, np.arange(n + 1))
    return [values[a:b].tolist() for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


_NOBODY = NormalisedProfile(None, None, None, None, None, None, None, [], [], [], [], {}, [], {}, 0.0, [], [], None)


def _pack(matrix: np.ndarray) -> np.ndarray:
    """(workers, k) bool -> (k, words) uint64: worker j of the block is bit j % 64 of word j // 64."""
    rows = np.zeros((matrix.shape[1], -(-matrix.shape[0] // 64) * 64), dtype=bool)
    rows[:, :matrix.shape[0]] = matrix.T
    return np.packbits(rows, axis=1, bitorder="little").view("<u8").astype(np.uint64, copy=False)


_BYTE_BITS = np.array([bin(b).count("1") for b in range(256)], dtype=np.uint8)


def _bit_counts(bits: np.ndarray) -> np.ndarray:
    """Set bits of every uint64 (same shape); ``np.bitwise_count`` where numpy has it (2.0+)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(bits)
    return _BYTE_BITS[bits.view(np.uint8)].reshape(*bits.shape, 8).sum(axis=-1)  # pragma: no cover


def _or_by_key(bits: np.ndarray, keys: np.ndarray, n: int) -> np.ndarray:
    """(n, words): OR of the rows of ``bits`` sharing each key; ``keys`` must be sorted (grouped)."""
    out = np.zeros((n, bits.shape[1]), dtype=np.uint64)
    if len(keys):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        out[keys[starts]] = np.bitwise_or.reduceat(bits, starts, axis=0)
    return out


def _popcount(bits: np.ndarray) -> np.ndarray:
    """Set bits per row of a (rows, words) uint64 array."""
    return _bit_counts(bits).sum(axis=1, dtype=np.int64)


def count_cohort(workers: Sequence[NormalisedProfile], listings: Sequence[Any], catalogue: Catalogue,
                 ref: Reference, as_of: date, block: int = BLOCK_WORKERS) -> CohortCounts:
    """Every figure of the planner view for ``workers`` against open verified ``listings`` (no suppression)."""
    if block <= 0 or block % 64:
        raise ValueError("block must be a positive multiple of 64")
    plan = _Plan(listings, catalogue, ref)
    index = {n: i for i, n in enumerate(plan.items)}
    n, n_items = len(workers), len(plan.items)
    held = np.zeros((n, n_items), dtype=bool)
    docs = np.zeros((n, len(UNIVERSAL_DOCUMENTS)), dtype=bool)
    for w, profile in enumerate(workers):
        h = holdings(profile, ref)
        held[w, [index[i] for i in h if i in index]] = True
        docs[w] = [d in h for d in UNIVERSAL_DOCUMENTS]
    years = _years_by_sector(workers, plan.sectors, ref)
    reps = [SimpleNamespace(**dict(zip(_REACH_KEY, k, strict=True))) for k in plan.reach_keys]
    tables = ReachTables.build(workers, reps)
    acc = _Accumulator(plan, len(listings))
    for start in range(0, n, block):
        stop = min(n, start + block)
        exp_short = np.column_stack([years[start:stop, c] < m for c, m in plan.exp_keys]) if plan.exp_keys \
            else np.zeros((stop - start, 0), dtype=bool)
        acc.add(_pack(tables.block(start, stop))[plan.reach_code], _pack(held[start:stop]),
                _pack(~held[start:stop]), _pack(exp_short), stop - start)
    return acc.result(n, docs)


def _years_by_sector(workers: Sequence[NormalisedProfile], sectors: list[str], ref: Reference) -> np.ndarray:
    """(workers, sectors + 1): years in each sector's occupations (matching/gaps.py ``relevant_years``), and
    all years last (for listings whose sector is unknown)."""
    occupations = {str(o): i for i, o in enumerate(ref.occupations.index)}
    in_sector = np.zeros((len(occupations), len(sectors)))
    for occ, i in occupations.items():
        sector = ref.row("occupations", occ)["sector"]  # type: ignore[index]
        if sector in sectors:
            in_sector[i, sectors.index(sector)] = 1.0
    by_occupation = np.zeros((len(workers), len(occupations)))
    for w, profile in enumerate(workers):
        for occ, years in profile.experience_years.items():
            if occ in occupations:
                by_occupation[w, occupations[occ]] += years
    total = np.array([[p.total_experience_years] for p in workers]).reshape(len(workers), 1)
    return np.hstack([by_occupation @ in_sector, total])


class _Accumulator:
    def __init__(self, plan: _Plan, n_listings: int) -> None:
        self.plan = plan
        self.pairs = self.pairs_ready = self.pairs_blocked = 0
        self.workers_reaching = self.workers_ready = self.workers_trainable = 0
        self.listing_reached = np.zeros(n_listings, dtype=bool)
        self.item_pairs = np.zeros(len(plan.items), dtype=np.int64)
        self.item_workers = np.zeros(len(plan.items), dtype=np.int64)
        self.entry_seen = np.zeros(len(plan.entry_i), dtype=bool)
        self.exp_seen = np.zeros(n_listings, dtype=bool)
        self.course_pairs = np.zeros(len(plan.courses), dtype=np.int64)
        self.course_workers = np.zeros(len(plan.courses), dtype=np.int64)
        self.combo_seen = np.zeros(len(plan.combo_l), dtype=bool)

    def add(self, reach: np.ndarray, has: np.ndarray, lacks: np.ndarray, exp_bits: np.ndarray, n_block: int) -> None:
        """One block of workers. ``reach``: (listings, words); ``has``/``lacks``: (items, words)."""
        p, zero = self.plan, np.zeros(reach.shape[1], dtype=np.uint64)
        short = np.zeros_like(reach)
        with_exp = p.exp_code >= 0
        short[with_exp] = exp_bits[p.exp_code[with_exp]] & reach[with_exp]
        blocked = reach & (short | p.unclosable.reduce(lacks, np.bitwise_or, zero))
        needs = p.course_items.reduce(lacks, np.bitwise_or, zero)
        open_ = reach & ~blocked
        trainable, ready = open_ & needs, open_ & ~needs
        self.pairs += int(_popcount(reach).sum())
        self.pairs_ready += int(_popcount(ready).sum())
        self.pairs_blocked += int(_popcount(blocked).sum())
        for name, bits in (("workers_reaching", reach), ("workers_ready", ready), ("workers_trainable", trainable)):
            setattr(self, name, getattr(self, name) + int(_bit_counts(np.bitwise_or.reduce(bits, axis=0)).sum()))
        self.listing_reached |= reach.any(axis=1)
        # gaps: every missing requirement item of every reachable pair, then experience
        missing = reach[p.entry_l] & lacks[p.entry_i]
        self.item_pairs += np.bincount(p.entry_i, _popcount(missing), len(p.items)).astype(np.int64)
        self.entry_seen |= missing.any(axis=1)
        self.item_workers += _popcount(_or_by_key(missing, p.entry_i, len(p.items)))
        exp_pairs = _popcount(short)
        self.item_pairs += np.bincount(p.exp_item, exp_pairs, len(p.items)).astype(np.int64)
        self.exp_seen |= exp_pairs > 0
        self.item_workers += _popcount(p.exp_by_item.reduce(short, np.bitwise_or, zero))
        # unlocks: trainable workers who hold everything the course's chain leaves uncovered
        full = ~zero
        holds_rest = p.uncovered.reduce(has, np.bitwise_and, full)
        unlocked = trainable[p.combo_l] & holds_rest[p.combo_d]
        self.course_pairs += np.bincount(p.combo_c, _popcount(unlocked), len(p.courses)).astype(np.int64)
        self.combo_seen |= unlocked.any(axis=1)
        self.course_workers += _popcount(_or_by_key(unlocked, p.combo_c, len(p.courses)))

    def result(self, n_workers: int, docs: np.ndarray) -> CohortCounts:
        p = self.plan
        item_listings = np.bincount(p.entry_i, self.entry_seen, len(p.items))
        item_listings += np.bincount(p.exp_item, self.exp_seen, len(p.items))
        return CohortCounts(
            workers=n_workers, listings=len(self.listing_reached), pairs=self.pairs, pairs_ready=self.pairs_ready,
            pairs_blocked=self.pairs_blocked, workers_reaching=self.workers_reaching,
            workers_ready=self.workers_ready, workers_trainable=self.workers_trainable,
            listings_reached=int(self.listing_reached.sum()), items=p.items, item_closes=p.kind,
            item_workers=self.item_workers, item_pairs=self.item_pairs, item_listings=item_listings.astype(np.int64),
            courses=p.courses, course_workers=self.course_workers, course_pairs=self.course_pairs,
            course_listings=np.bincount(p.combo_c, self.combo_seen, len(p.courses)).astype(np.int64),
            documents=list(UNIVERSAL_DOCUMENTS), document_workers_missing=(~docs).sum(axis=0))


__all__ = ["CohortCounts", "count_cohort", "KIND_COURSE", "KIND_PROCESS", "KIND_NONE"]
