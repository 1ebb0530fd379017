"""The SIMULATED outcome funnel (see ``matching.demo.generate``): for each worker, 15-60 clean, unexpired
listings an earlier system "recommended", walked through recommended -> viewed -> applied -> hired ->
completed | complaint with step probabilities from the observable fit (``_Fit``) and hidden employer and agency
qualities that are never exported. No real placement history exists in this repository."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from matching.demo.listings import POSTED_WITHIN_DAYS, ListingMeta
from matching.demo.sampling import Rng
from matching.demo.spec import OUTCOME_COLUMNS
from matching.demo.workers import WorkerMeta

IMPRESSIONS = (15, 60)  # listings recommended to each worker in the simulated history (inclusive range)
RECENT_DAYS = 45  # a listing open before this many days ago was recommended before then (a mature history)


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def make_outcomes(rng: Rng, as_of: date, listings: list[ListingMeta], workers: list[WorkerMeta]
                  ) -> pd.DataFrame:
    """The simulated event history (``OUTCOME_COLUMNS``): each worker's funnel over the listings recommended to
    her, at most one placement per worker, every timestamp before ``as_of``."""
    eligible = [m for m in listings if not m.flaw and not m.expired and m.posted < as_of]
    by_sc: dict[tuple[str, str], list[int]] = {}
    by_s: dict[str, list[int]] = {}
    by_c: dict[str, list[int]] = {}
    market: dict[tuple[str, str], list[float]] = {}
    for j, m in enumerate(eligible):
        by_sc.setdefault((m.sector, m.country), []).append(j)
        by_s.setdefault(m.sector, []).append(j)
        by_c.setdefault(m.country, []).append(j)
        if m.monthly_idr:
            market.setdefault((m.country, m.occupation), []).append(m.monthly_idr)
    typical = {key: float(np.median(v)) for key, v in market.items()}
    # hidden qualities, drawn once per employer and per agency in a fixed (sorted) order; never exported
    quality = {name: rng.normal() for name in sorted({m.employer for m in eligible})}
    agency_quality = {lic: rng.normal() for lic in sorted({m.agency for m in eligible})}
    end = datetime.combine(as_of, time())
    rows: list[tuple[str, str, str, str]] = []
    for w in workers:
        pools = [p for p in ([j for s in w.sectors for c in w.countries for j in by_sc.get((s, c), [])],
                             [j for s in w.sectors for j in by_s.get(s, [])],
                             [j for c in w.countries for j in by_c.get(c, [])]) if p]
        if not pools:
            continue
        k = rng.randint(IMPRESSIONS[0], IMPRESSIONS[1])
        chosen: list[int] = []
        seen: set[int] = set()
        for _ in range(k * 6):
            if len(chosen) >= k:
                break
            r = rng.u()
            pool = pools[0] if r < 0.55 or len(pools) == 1 else pools[1] if r < 0.85 or len(pools) == 2 else pools[2]
            j = rng.pick(pool)
            m = eligible[j]
            if j in seen or (m.gender != "any" and m.gender != w.gender):
                continue
            seen.add(j)
            chosen.append(j)
        # recommendation times first, then walk the worker's history in time order
        recs = []
        for j in chosen:
            m = eligible[j]
            start = datetime.combine(max(m.posted, as_of - timedelta(days=POSTED_WITHIN_DAYS)), time())
            # most of the history is old enough for its funnels to have run their course (see RECENT_DAYS)
            stop = end - timedelta(days=RECENT_DAYS) if end - timedelta(days=RECENT_DAYS) > start else end
            recs.append((start + timedelta(seconds=int(rng.u() * (stop - start).total_seconds() * 0.9)), j))
        recs.sort()
        offers: list[tuple[float, int, int, _Fit]] = []  # (worker's utility, rec index, listing, fit)
        history: list[list[tuple[str, datetime]]] = []
        for n, (ts, j) in enumerate(recs):
            m = eligible[j]
            fit = _fit(w, m, typical)
            q, qa = quality[m.employer], agency_quality.get(m.agency, 0.0)
            p_view = _sig(-0.4 + 0.9 * fit.pay_ok + 0.8 * fit.pref_country + 0.5 * fit.pref_sector
                          + 1.0 * fit.overlap + 0.5 * rng.normal())
            p_apply = _sig(
                -3.6 + 2.6 * fit.overlap + 0.5 * fit.lang_ok + 0.4 * fit.exp_ok + 0.8 * fit.pay_ok + 1.5 * fit.pay_wish
                + 1.5 * fit.pay_market + 0.5 * fit.pref_country + 0.4 * fit.pref_sector - 1.0 * fit.fee_months
                + 0.4 * rng.normal())
            p_hire = _sig(-4.3 + 3.0 * fit.overlap + 1.2 * fit.cert_ok - 0.8 * fit.lang_gap + 0.6 * fit.exp_ok
                          + 1.0 * fit.age_ok + 0.6 * q + 0.4 * qa + 0.5 * rng.normal())
            events = [("recommended", ts)]
            for event, p, (lo, hi) in (("viewed", p_view, (0.02, 3)), ("applied", p_apply, (0.1, 7)),
                                       ("hired", p_hire, (5, 35))):
                if rng.u() >= p:
                    break
                ts = ts + timedelta(seconds=int(rng.uniform(lo, hi) * 86400))
                if ts >= end:
                    break
                events.append((event, ts))
            history.append(events)
            if events[-1][0] == "hired":
                utility = fit.pay_wish + fit.pay_market - 0.3 * fit.fee_months + 0.5 * fit.pref_country
                offers.append((utility + 0.3 * rng.normal(), n, j, fit))
        # one placement per worker: she takes the offer she values most (pay against her wish and the market,
        # net of fees, in a country she wants); the other employers' offers are declined and stay at "applied"
        accepted = max(offers, key=lambda o: (o[0], -o[1])) if offers else None
        for n, ((_, j), events) in enumerate(zip(recs, history, strict=True)):
            m = eligible[j]
            if accepted is None or n != accepted[1]:
                events = [e for e in events if e[0] != "hired"]
            rows.extend((w.ref, m.ref, event, t.isoformat(timespec="seconds")) for event, t in events)
        if accepted is not None:
            _, n, j, fit = accepted
            m = eligible[j]
            q, qa = quality[m.employer], agency_quality.get(m.agency, 0.0)
            p_complaint = _sig(-2.3 - 1.1 * q - 0.9 * qa + 0.7 * fit.fee_months - 1.2 * fit.pay_market
                               - 0.5 * fit.overlap)
            p_done = _sig(0.3 + 0.8 * q + 0.6 * qa + 0.7 * fit.overlap + 0.8 * fit.pay_market - 0.4 * fit.fee_months)
            r = rng.u()
            event = "complaint" if r < p_complaint else "completed" if r < p_complaint + (1 - p_complaint) * p_done \
                else ""
            ts = history[n][-1][1] + timedelta(seconds=int(rng.uniform(14, 90) * 86400))
            if event and ts < end:
                rows.append((w.ref, m.ref, event, ts.isoformat(timespec="seconds")))
    return pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))


@dataclass(frozen=True)
class _Fit:
    """The observable fit of a worker and a listing that drives the simulated funnel (all visible to Layak)."""

    overlap: float        # share of required skills the worker has
    cert_ok: float        # share of required certificates held (1.0 when none)
    lang_gap: float       # language levels missing, summed (capped at 3)
    lang_ok: float        # 1.0 when no level is missing
    exp_ok: float         # 1.0 when relevant experience meets the requirement
    age_ok: float         # 1.0 when within the listing's age limits
    pay_ok: float         # 1.0 when pay meets the worker's wish
    pay_wish: float       # log(pay / wish), clipped to [-1, 1] (0 without a wish)
    pay_market: float     # log(pay / typical pay for the corridor and occupation), clipped to [-0.7, 0.7]
    fee_months: float     # worker fee in months of pay
    pref_country: float
    pref_sector: float


def _fit(w: WorkerMeta, m: ListingMeta, typical: dict[tuple[str, str], float]) -> _Fit:
    """The observable fit of worker ``w`` and listing ``m``; ``typical`` is the median pay per corridor and
    occupation."""
    years = w.exp_occ.get(m.occupation, 0.0) + 0.5 * w.exp_sector.get(m.sector, 0.0)
    gap = sum(max(0, need - w.languages.get(code, 0)) for code, need in m.languages.items())
    pay = m.monthly_idr or 0.0
    wish = float(w.min_salary_idr or 0)
    usual = typical.get((m.country, m.occupation), pay)
    return _Fit(
        overlap=len(w.skills & m.skills) / max(1, len(m.skills)),
        cert_ok=(sum(c in w.certs for c in m.certs) / len(m.certs)) if m.certs else 1.0,
        lang_gap=float(min(gap, 3)), lang_ok=1.0 if gap == 0 else 0.0,
        exp_ok=1.0 if years >= m.min_exp else 0.0,
        age_ok=1.0 if (m.min_age is None or w.age >= m.min_age) and (m.max_age is None or w.age <= m.max_age)
        else 0.0,
        pay_ok=1.0 if pay and pay >= wish else 0.0,
        pay_wish=float(np.clip(math.log(pay / wish), -1, 1)) if pay and wish else 0.0,
        pay_market=float(np.clip(math.log(pay / usual), -0.7, 0.7)) if pay and usual else 0.0,
        fee_months=m.fee_idr / pay if pay else 0.0,
        pref_country=1.0 if m.country in w.countries else 0.0,
        pref_sector=1.0 if m.sector in w.sectors else 0.0,
    )


