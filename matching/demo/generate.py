"""Realistic demo data: the P3MI licence registry, job listings (clean and unsafe), worker profiles and
SIMULATED placement outcomes.

``generate_demo`` is pure (no store, no files) and deterministic for the same ``(seed, as_of, sizes)``:
every draw comes from ``numpy.random.default_rng`` streams spawned from ``seed`` (one stream each for
agencies, listings, workers and outcomes, so changing ``n_workers`` leaves the listings unchanged).

What is modelled on facts (docs/domain-facts.md, cited below as "domain-facts §n"; sources in ``features/data``):

* corridors and volumes: destination countries weighted by 2024 KP2MI placements (HK, TW, MY first;
  then JP, SG, KR, SA, IT, BN, TR, PL, AE, QA, KW ...; flattened by a power of 0.75 so that small
  corridors still get listings), and occupations by what each corridor really hires (households in
  HK/SG/MY/TW/BN; factories and distant-water fishing in TW; plantations in MY; EPS jobs in KR only
  through the G-to-G channel; SSW care, farming and food work in JP; Triple Win nurses in DE through
  G to G; Saudi domestic jobs only through SPSK syarikah, never a household);
* pay in local currency at or above the legal floor in force (``Reference.wage_floor``) on the posting
  date and on ``as_of``, with a market spread above it; hourly and daily pay convert with
  ``features.listings.monthly_salary``;
* the zero-cost occupations of Perban BP2MI 9/2020 never charge the worker in a clean listing; other
  jobs charge nothing or stay under the country's cost cap (``Reference.fee_cap_idr``);
* age limits per corridor (SG domestic 23-49, KR EPS 18-39, DE 18-38, IJEPA nurses <= 35, fishing 18-35).

About 18 % of listings carry exactly one flaw (column ``flaw``, labels in ``FLAWS``), made the way it
happens in reality (domain-facts §4, §7); everything else in such a listing is clean, so each rule's
effect can be tested alone. ``scam_lure`` is the exception: the online-scam lure comes as a bundle
(no agency, no job order, tourist visa, chat-app contact), exactly as reported by Kemlu and KBRI.

OUTCOMES ARE SIMULATED. No real placement history exists in this repository. For each worker the generator
samples 15-60 clean, unexpired listings plausibly relevant to them (same sector or preferred country,
compatible gender) -- the listings an earlier system "recommended" -- and walks a funnel recommended ->
viewed -> applied -> hired -> completed | complaint. The step probabilities depend on observable fit
(``outcomes._Fit``: share of required skills held, certificates, language levels missing, experience against
the requirement, age within the limits, pay against the worker's wish and against the corridor's typical pay,
the worker fee in months of pay, preferred country and sector) AND on hidden factors: a quality drawn once
per employer and once per agency (never exported; households are separate employers) and noise. Hiring
depends on fit and on both qualities; a complaint is more likely with a low-quality employer or agency, high
fees and low pay; completion the reverse. Layak can see the hidden qualities only indirectly, through the
agencies' and employers' track records in these outcomes. Each worker is placed at most once: when several
employers would hire her she takes the offer she values most (pay against her wish and the market, net of
fees, in a country she asked for) and the others stay at "applied"; so no outcome depends on the order of
her recommendations. A listing that was already open ``outcomes.RECENT_DAYS`` before ``as_of`` was recommended
before then, so most funnels in the history have had time to finish, as in a long real history. Timestamps rise
along the funnel and are before ``as_of``; a step that would fall on or after ``as_of`` has not happened yet
(censored). The time scale is compressed: "completed" means the placement was completed as reported by the
simulation, not that a 24-month contract really ran its course.

Where the parts live (all in ``matching.demo``): ``spec`` (flaw labels, column orders), ``world`` (corridor
tables and reference-derived tables), ``sampling`` (random draws), ``money`` (floors, caps, conversion,
formatting, a listing's pay), ``agencies`` (the P3MI registry), ``job_terms`` and ``listings`` (structured
listing fields and flaws), ``listing_text`` (titles and descriptions), ``workers`` (profiles) and ``outcomes``
(the simulated funnel). This module ties them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from features.reference import Reference, load_reference
from matching.demo.agencies import agency_frame, make_agencies
from matching.demo.listings import make_listings
from matching.demo.outcomes import IMPRESSIONS, make_outcomes
from matching.demo.sampling import Rng, Table
from matching.demo.spec import AGENCY_COLUMNS, FLAWS, LISTING_DEMO_COLUMNS, OUTCOME_COLUMNS, OUTCOME_EVENTS
from matching.demo.workers import UNKNOWN_SKILLS, make_workers
from matching.demo.world import country_shares, job_rows, known_phrase, world_tables
from matching.storage.agencies import G2G_AGENCY, G2G_LICENCE

__all__ = ["AGENCY_COLUMNS", "DemoData", "FLAWS", "G2G_AGENCY", "G2G_LICENCE", "IMPRESSIONS", "LISTING_DEMO_COLUMNS",
           "OUTCOME_COLUMNS", "OUTCOME_EVENTS", "generate_demo"]


@dataclass(frozen=True)
class DemoData:
    """Generated demo data. ``listings`` has the listing CSV columns in order plus ``flaw``."""

    agencies: pd.DataFrame
    listings: pd.DataFrame
    workers: list[dict[str, Any]]
    outcomes: pd.DataFrame


def generate_demo(n_listings: int = 20_000, n_workers: int = 5_000, seed: int = 7, as_of: date | None = None,
                  n_agencies: int = 120, ref: Reference | None = None) -> DemoData:
    """Generate the demo registry, listings, workers and SIMULATED outcomes (see the module docstring).

    Pure and deterministic for the same ``(seed, as_of, sizes)``. ``as_of`` defaults to today; every date is
    relative to it. ``n_agencies`` private P3MI are generated, plus the G-to-G channel row. ``ref`` defaults to
    the packaged reference data (``load_reference()``).

    Raises:
        ValueError: a size out of range (at least 1 listing, 0 workers and 4 agencies).
    """
    if n_listings < 1 or n_workers < 0 or n_agencies < 4:
        raise ValueError("need n_listings >= 1, n_workers >= 0 and n_agencies >= 4")
    as_of = as_of or date.today()
    ref = ref or load_reference()
    t = world_tables(ref)
    s_agency, s_listing, s_worker, s_outcome = np.random.SeedSequence(seed).spawn(4)
    shares = country_shares()
    private = {c: w for c, w in shares.items() if c != "KR"}  # KR EPS runs only through G to G
    agencies = make_agencies(Rng(s_agency), n_agencies, as_of, Table(sorted(private.items())))
    listings, lmeta = make_listings(Rng(s_listing), ref, t, as_of, agencies, n_listings, shares)
    unknown = [s for s in UNKNOWN_SKILLS if not known_phrase(s, t)]
    workers, wmeta = make_workers(Rng(s_worker), t, as_of, job_rows(t, shares), unknown, n_workers)
    outcomes = make_outcomes(Rng(s_outcome), as_of, lmeta, wmeta)
    return DemoData(agencies=agency_frame(agencies), listings=listings, workers=workers, outcomes=outcomes)
