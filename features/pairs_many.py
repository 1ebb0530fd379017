"""Pair features of many workers' candidates in one vectorised pass (the batch and single recommend paths).

``features.pairs.pair_features`` computes one worker's candidates; called once per worker of a 256-worker batch
chunk it cost 8 ms a worker (scipy and pandas overhead on 200 rows at a time). ``pair_matrix`` computes the same
values for every (worker, candidate) pair of many workers at once: the workers' facts are stacked into arrays and
each pair reads its worker's row. It returns exactly the rows ``pair_features`` gives, worker after worker, as
one float array with the columns ``FEATURES`` (``tests/features/test_pairs_many.py`` checks equality on a demo).

Why the values are the same and not merely close: every feature is either elementwise arithmetic done in the
same order, or a sum of small integers (skills, certificates, language steps, course weeks; exact in float64
whatever the order).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from scipy import sparse

from features.pairs import EXPERIENCE_CLIP, FEATURES, MAX_RANK, ListingTable, TrackRecord, WorkerFacts, _day_numbers

_COLUMN = {name: j for j, name in enumerate(FEATURES)}


def _lookup(workers: Sequence[WorkerFacts], attr: str, size: int, none_is_nan: bool) -> np.ndarray:
    """(n_workers, size + 1) table: 1.0 where the worker lists the code, else 0.0 (NaN rows: lists none)."""
    out = np.zeros((len(workers), size + 1))
    for w, facts in enumerate(workers):
        codes = getattr(facts, attr)
        if none_is_nan and not codes.size:
            out[w] = np.nan
        else:
            out[w, codes] = 1.0
    return out


def _lacking(req: sparse.csr_matrix, have: np.ndarray, who: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The entries of ``req`` (pairs x items) the pair's worker lacks, as a 0/1 CSR matrix, and their count."""
    n = req.shape[0]
    row = np.repeat(np.arange(n), np.diff(req.indptr))
    lack = have[who[row], req.indices] == 0
    miss = sparse.csr_matrix((np.ones(int(lack.sum())), (row[lack], req.indices[lack])), shape=req.shape)
    return miss, np.bincount(row[lack], minlength=n).astype(float)


def pair_matrix(workers: Sequence[WorkerFacts], table: ListingTable, rows: Sequence[np.ndarray],
                similarity: Sequence[np.ndarray], as_of: date, track: TrackRecord | None = None) -> np.ndarray:
    """Features of each worker against her candidates: float ``(sum of len(rows[w]), len(FEATURES))``.

    Args:
        workers: the workers (``features.pairs.worker_facts`` against ``table``).
        rows: per worker, int ``(n_w,)`` table rows of her candidates.
        similarity: per worker, float ``(n_w,)`` cosine of her profile and each candidate.
        as_of: the day the ranking is for.
        track: agency/employer track record; ``None`` leaves those features NaN.
    """
    t = table
    sizes = np.array([len(r) for r in rows], dtype=np.int64)
    n = int(sizes.sum())
    out = np.full((n, len(FEATURES)), np.nan)
    if n == 0 or not workers:
        return out
    who = np.repeat(np.arange(len(workers)), sizes)
    r = np.concatenate([np.asarray(x, dtype=np.int64) for x in rows])

    def put(name: str, values: np.ndarray) -> None:
        out[:, _COLUMN[name]] = values

    put("similarity", np.concatenate([np.asarray(s, dtype=float).reshape(-1) for s in similarity]))
    skills = np.vstack([w.skills for w in workers])
    certs = np.vstack([w.certs for w in workers])
    langs = np.vstack([w.languages for w in workers])

    req = t.skills[r]
    row_of = np.repeat(np.arange(n), np.diff(req.indptr))
    have_w = np.bincount(row_of, weights=req.data * skills[who[row_of], req.indices], minlength=n)
    weight = t.skill_weight[r]
    put("skill_coverage", np.where(weight > 0, have_w / np.maximum(weight, 1e-9), 1.0))
    miss_skills, n_skills = _lacking(req, skills, who)
    put("skills_missing", n_skills)
    miss_certs, n_certs = _lacking(t.certs[r], certs, who)
    put("certificates_missing", n_certs)
    need = t.lang_need[r]
    put("language_gap", np.clip(need - langs[who], 0, None).sum(axis=1).astype(float))

    slots = max((len(w.occupation_years) for w in workers), default=0)
    occ = np.full((len(workers), slots), -2, dtype=np.int64)  # -2 matches no code (unknown occupations are -1)
    sec = np.full((len(workers), slots), -2, dtype=np.int64)
    yrs = np.zeros((len(workers), slots))
    for w, facts in enumerate(workers):
        for k, (o, s, y) in enumerate(facts.occupation_years):
            occ[w, k], sec[w, k], yrs[w, k] = o, s, y
    years = np.zeros(n)
    t_occ, t_sec = t.occupation[r], t.sector[r]
    for k in range(slots):  # the same additions, in the same order, as pair_features
        years += yrs[who, k] * ((t_occ == occ[who, k]) | (t_sec == sec[who, k]))
    put("experience_years", years)
    put("experience_margin", np.clip(years - np.nan_to_num(t.min_exp[r]), -EXPERIENCE_CLIP, EXPERIENCE_CLIP))
    put("occupation_match", _lookup(workers, "occupations", len(t.occupation_vocab), False)[who, t_occ])

    age = np.array([w.age for w in workers])[who]
    put("age_margin", np.fmin(age - t.min_age[r], t.max_age[r] - age))
    put("gender_restricted", (t.gender[r] > 0).astype(float))
    put("education_margin", np.array([w.education for w in workers])[who] - np.nan_to_num(t.min_edu[r]))

    pay, fee, months = t.pay[r], np.nan_to_num(t.fee[r]), t.contract[r]
    net = pay - np.where(months > 0, fee / np.where(months > 0, months, 1.0), fee / 12.0)
    put("net_pay_idr_m", net / 1e6)
    wish = np.array([w.wish_idr for w in workers])[who]
    with np.errstate(divide="ignore", invalid="ignore"):
        put("net_pay_vs_wish", np.where(wish > 0, net / np.where(wish > 0, wish, 1.0), np.nan))
    put("pay_vs_floor", t.pay_to_floor[r])
    put("pay_vs_market", pay / t.market_pay[r])
    put("fee_months", np.where(pay > 0, fee / np.where(pay > 0, pay, 1.0), np.nan))
    put("country_preferred", _lookup(workers, "countries", len(t.country_vocab), True)[who, t.country[r]])
    put("sector_preferred", _lookup(workers, "sectors", len(t.sector_vocab), True)[who, t_sec])

    c = t.courses
    levels = MAX_RANK + 1
    cand, lang = np.nonzero(need > langs[who])
    lang_gap = sparse.csr_matrix((np.ones(cand.size), (cand, lang * levels + need[cand, lang])),
                                 shape=(n, need.shape[1] * levels))
    chosen = ((miss_skills @ c.skill) + (miss_certs @ c.cert) + (lang_gap @ c.lang)).tocsr()
    chosen.eliminate_zeros()
    chosen.data[:] = 1.0
    put("training_weeks", np.asarray(chosen @ c.weeks).ravel())
    closable = [np.asarray(m.sum(axis=1)).ravel() > 0 for m in (c.skill, c.cert, c.lang)]
    put("gaps_without_course", np.asarray(miss_skills @ (~closable[0]).astype(float)
                                          + miss_certs @ (~closable[1]).astype(float)
                                          + lang_gap @ (~closable[2]).astype(float)).ravel())
    if track is not None:
        for name, arr in (("agency_completion_rate", track.agency_completion),
                          ("agency_complaint_rate", track.agency_complaint),
                          ("agency_placements_log", track.agency_placements),
                          ("employer_completion_rate", track.employer_completion),
                          ("employer_complaint_rate", track.employer_complaint),
                          ("employer_placements_log", track.employer_placements)):
            put(name, arr[r])
    put("listing_age_days", _day_numbers(as_of, n) - t.posted[r])
    return out


__all__ = ["pair_matrix"]
