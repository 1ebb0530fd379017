"""Raw cohort counts for the planner view, vectorised over (worker, listing) pairs.

The figures are defined pair by pair (tests/matching/test_cohort.py checks them against a plain loop over
matching/gaps.py and matching/reach.py); this module only computes them fast enough for 50,000 workers
against 20,000 listings. Workers are processed in blocks; within a block:

1. ``ReachTables.block`` gives the reachable pairs (matching/reach.py);
2. each pair expands into the listing's requirement items (matching/gaps.py ``requirements``, without the
   three universal documents, which are counted per worker) and keeps the ones the worker lacks, plus an
   experience gap where her years in the listing's sector fall short;
3. a pair is *blocked* when a missing item no course or process can close (or experience) stands in the way,
   *ready* when nothing but process documents is missing, *trainable* otherwise;
4. course ``c`` *unlocks* a trainable pair when ``c`` together with its named prerequisite chain closes every
   course-closable item the worker lacks (``Catalogue.chain_closes``). The courses that unlock a pair are the
   bitwise AND, over its missing items, of the bit sets of courses closing each item.

Nothing here is suppressed: matching/cohort.py applies k-anonymity before anything leaves the process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from features.profiles import NormalisedProfile
from features.reference import Reference
from matching.gaps import UNIVERSAL_DOCUMENTS, holdings, item_gap, relevant_years, requirements
from matching.reach import ReachTables
from matching.training import Catalogue

BLOCK_WORKERS = 512
KIND_COURSE, KIND_PROCESS, KIND_NONE = 0, 1, 2


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


class _Items:
    """The item vocabulary of one cohort: listing requirements in CSR form, classification, course bit sets."""

    def __init__(self, listings: Sequence[Any], catalogue: Catalogue, ref: Reference, sectors: list[str]) -> None:
        reqs = [requirements(x, ref, universal_documents=False) for x in listings]
        names = sorted({i for r in reqs for i in r}) + [f"experience:{s}" for s in sectors] + ["experience:any"]
        self.names = names
        self.index = {n: i for i, n in enumerate(names)}
        self.indptr = np.zeros(len(reqs) + 1, dtype=np.int64)
        self.indptr[1:] = np.cumsum([len(r) for r in reqs])
        self.indices = np.array([self.index[i] for r in reqs for i in r], dtype=np.int32)
        kinds = []
        for n in names:
            if n.startswith("experience:"):
                kinds.append(KIND_NONE)
            elif catalogue.closable(n):
                kinds.append(KIND_COURSE)
            else:
                kinds.append(KIND_PROCESS if item_gap(n, _NOBODY, catalogue, ref).closable else KIND_NONE)
        self.kind = np.array(kinds, dtype=np.int8)
        self.course_ids = sorted(catalogue.courses)
        words = max(1, (len(self.course_ids) + 63) // 64)
        self.course_bits = np.zeros((len(names), words), dtype=np.uint64)
        for c, cid in enumerate(self.course_ids):
            for item in catalogue.chain_closes(cid):
                if item in self.index:
                    self.course_bits[self.index[item], c // 64] |= np.uint64(1) << np.uint64(c % 64)


_NOBODY = NormalisedProfile(None, None, None, None, None, None, None, [], [], [], [], {}, [], {}, 0.0, [], [], None)


def count_cohort(workers: Sequence[NormalisedProfile], listings: Sequence[Any], catalogue: Catalogue,
                 ref: Reference, as_of: date, block: int = BLOCK_WORKERS) -> CohortCounts:
    """Every figure of the planner view for ``workers`` against open verified ``listings`` (no suppression)."""
    sectors = sorted({str(x.sector_id) for x in listings if x.sector_id})
    items = _Items(listings, catalogue, ref, sectors)
    n, m, n_items, n_courses = len(workers), len(listings), len(items.names), len(items.course_ids)
    held = np.zeros((n, n_items), dtype=bool)
    docs = np.zeros((n, len(UNIVERSAL_DOCUMENTS)), dtype=bool)
    years = np.zeros((n, len(sectors) + 1), dtype=np.float32)
    for w, profile in enumerate(workers):
        h = holdings(profile, ref)
        held[w, [items.index[i] for i in h if i in items.index]] = True
        docs[w] = [d in h for d in UNIVERSAL_DOCUMENTS]
        years[w] = [relevant_years(profile, s, ref) for s in sectors] + [profile.total_experience_years]
    sector_col = np.array([sectors.index(x.sector_id) if x.sector_id in sectors else len(sectors) for x in listings],
                          dtype=np.int32)
    exp_item = np.array([items.index[f"experience:{s}"] for s in [*sectors, "any"]], dtype=np.int32)[sector_col]
    min_exp = np.array([float(x.min_experience_years or 0.0) for x in listings], dtype=np.float32)
    tables = ReachTables.build(workers, listings)
    acc = _Accumulator(n, m, n_items, n_courses)
    for start in range(0, n, block):
        stop = min(n, start + block)
        reach = tables.block(start, stop)
        wi, li = np.nonzero(reach)
        acc.workers_reaching += int(reach.any(axis=1).sum())
        _count_pairs(acc, items, held[start:stop], years[start:stop], wi.astype(np.int32), li.astype(np.int32),
                     sector_col, exp_item, min_exp, stop - start)
    return CohortCounts(
        workers=n, listings=m, pairs=acc.pairs, pairs_ready=acc.pairs_ready, pairs_blocked=acc.pairs_blocked,
        workers_reaching=acc.workers_reaching, workers_ready=acc.workers_ready,
        workers_trainable=acc.workers_trainable, listings_reached=int(acc.listing_reached.sum()),
        items=items.names, item_closes=items.kind, item_workers=acc.item_workers, item_pairs=acc.item_pairs,
        item_listings=acc.item_listings.sum(axis=0), courses=items.course_ids, course_workers=acc.course_workers,
        course_pairs=acc.course_pairs, course_listings=acc.course_listings.sum(axis=0),
        documents=list(UNIVERSAL_DOCUMENTS), document_workers_missing=(~docs).sum(axis=0))


class _Accumulator:
    def __init__(self, n: int, m: int, n_items: int, n_courses: int) -> None:
        self.pairs = self.pairs_ready = self.pairs_blocked = 0
        self.workers_reaching = self.workers_ready = self.workers_trainable = 0
        self.listing_reached = np.zeros(m, dtype=bool)
        self.item_workers = np.zeros(n_items, dtype=np.int64)
        self.item_pairs = np.zeros(n_items, dtype=np.int64)
        self.item_listings = np.zeros((m, n_items), dtype=bool)
        self.course_workers = np.zeros(n_courses, dtype=np.int64)
        self.course_pairs = np.zeros(n_courses, dtype=np.int64)
        self.course_listings = np.zeros((m, n_courses), dtype=bool)


def _count_pairs(acc: _Accumulator, items: _Items, held: np.ndarray, years: np.ndarray, wi: np.ndarray,
                 li: np.ndarray, sector_col: np.ndarray, exp_item: np.ndarray, min_exp: np.ndarray, n_block: int
                 ) -> None:
    """Add one block's pairs (``wi`` local worker rows, ``li`` listing rows) to the accumulator."""
    n_pairs = len(wi)
    acc.pairs += n_pairs
    acc.listing_reached[li] = True
    # (pair, item) entries for every requirement of the pair's listing, kept where the worker lacks it
    counts = items.indptr[li + 1] - items.indptr[li]
    entry_pair = np.repeat(np.arange(n_pairs, dtype=np.int32), counts)
    offsets = np.arange(len(entry_pair), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    entry_item = items.indices[np.repeat(items.indptr[li], counts) + offsets]
    lacking = ~held[wi[entry_pair], entry_item]
    entry_pair, entry_item = entry_pair[lacking], entry_item[lacking]
    kind = items.kind[entry_item]
    short = (min_exp[li] > 0) & (years[wi, sector_col[li]] < min_exp[li])
    blocked = (np.bincount(entry_pair[kind == KIND_NONE], minlength=n_pairs) > 0) | short
    course_entry = kind == KIND_COURSE
    needs_course = np.bincount(entry_pair[course_entry], minlength=n_pairs) > 0
    ready = ~blocked & ~needs_course
    trainable = ~blocked & needs_course
    acc.pairs_ready += int(ready.sum())
    acc.pairs_blocked += int(blocked.sum())
    acc.workers_ready += int((np.bincount(wi[ready], minlength=n_block) > 0).sum())
    acc.workers_trainable += int((np.bincount(wi[trainable], minlength=n_block) > 0).sum())
    # gap figures: every missing item of every reachable pair, experience included
    all_pair = np.concatenate([entry_pair, np.flatnonzero(short).astype(np.int32)])
    all_item = np.concatenate([entry_item, exp_item[li[short]]])
    acc.item_pairs += np.bincount(all_item, minlength=len(acc.item_pairs))
    seen = np.zeros((n_block, len(acc.item_workers)), dtype=bool)
    seen[wi[all_pair], all_item] = True
    acc.item_workers += seen.sum(axis=0)
    acc.item_listings[li[all_pair], all_item] = True
    _count_unlocks(acc, items, wi, li, entry_pair[course_entry & trainable[entry_pair]],
                   entry_item[course_entry & trainable[entry_pair]], n_block)


def _count_unlocks(acc: _Accumulator, items: _Items, wi: np.ndarray, li: np.ndarray, pair: np.ndarray,
                   item: np.ndarray, n_block: int) -> None:
    """Courses that alone (with their prerequisite chain) close all of a trainable pair's course gaps."""
    if not len(pair):
        return
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])  # entries are grouped by pair already
    common = np.bitwise_and.reduceat(items.course_bits[item], starts, axis=0)
    keep = common.any(axis=1)
    common, pairs = common[keep], pair[starts][keep]
    # course c is bit c % 64 of word c // 64: as explicit little-endian bytes, bit c of the row
    raw = common.astype("<u8", copy=False).view(np.uint8)
    bits = np.unpackbits(raw, axis=1, bitorder="little")[:, :len(acc.course_pairs)].astype(bool)
    rows, cols = np.nonzero(bits)
    acc.course_pairs += bits.sum(axis=0)
    seen = np.zeros((n_block, len(acc.course_pairs)), dtype=bool)
    seen[wi[pairs[rows]], cols] = True
    acc.course_workers += seen.sum(axis=0)
    acc.course_listings[li[pairs[rows]], cols] = True


__all__ = ["CohortCounts", "count_cohort", "KIND_COURSE", "KIND_PROCESS", "KIND_NONE"]
