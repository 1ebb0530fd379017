"""Risk features of one job listing: its folded free text and structured facts, for the listing-risk model.

``listing_features`` is pure: it reads a ``ListingIn``, its ``NormalisedListing`` and the reference data
and returns one float per name in ``STRUCTURED_FEATURES``. Every feature is 0.0 when the listing looks
normal on that point, so a model's ``coef × value`` contribution is zero for what a listing does not show
(the explanation then names only what is present). ``listing_frame`` stacks many listings into the
DataFrame the model is fitted on and scores (``RISK_TEXT`` + the structured columns).

The facts behind the features are in docs/domain-facts.md §4 (red flags) and §7 (suggested rules): fees in the
zero-cost occupations (Perban BP2MI 9/2020), pay against the corridor's legal floor, rest days, a missing
contract, non-work visas, passport retention, unverified job orders, missing P3MI licences, household
employers in closed countries (Kepmenaker 260/2015) and the online-scam hotspots (Kemlu 2020-2024).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date

import pandas as pd

from features.listings import HOURS_PER_DAY, WEEKS_PER_MONTH, ListingIn, NormalisedListing
from features.reference import Reference
from features.text import fold

RISK_TEXT = "risk_text"  # column: title + description + contact, folded, names masked, negations marked

# name -> what it means, in words shown next to a verdict. Order is the column order of the frame.
STRUCTURED_FEATURES: dict[str, str] = {
    "fee_log10_idr": "worker fee charged (log10 of the rupiah amount)",
    "fee_in_zero_cost_job": "worker fee in a zero-cost occupation (Perban BP2MI 9/2020)",
    "fee_above_cap": "worker fee above the corridor's placement-cost cap",
    "pay_below_floor": "pay below the corridor's legal wage floor",
    "pay_shortfall": "how far pay is below the floor (1 - pay/floor)",
    "pay_far_above_norm": "pay at least twice the floor or benchmark",
    "pay_unknown": "pay cannot be converted to a monthly amount",
    "rest_days_missing": "rest days per month not stated",
    "rest_days_under_4": "fewer than 4 rest days a month",
    "no_rest_day": "no rest day at all",
    "long_hours": "more than 60 working hours a week",
    "contract_months_missing": "no contract duration",
    "visa_not_work": "visit, tourist or pilgrimage visa",
    "visa_missing": "visa type not stated",
    "visa_other": "student or other non-work visa",
    "passport_held_by_others": "passport held by the employer or agency",
    "passport_holder_missing": "who holds the passport is not stated",
    "job_order_not_verified": "job order marked as not verified",
    "job_order_verification_missing": "job order verification not stated",
    "job_order_ref_missing": "no job order reference",
    "agency_licence_missing": "no P3MI agency licence given",
    "employer_household": "household (individual) employer",
    "household_in_closed_country": "household employer in a country closed to household placement",
    "scam_hotspot_country": "destination is an online-scam trafficking hotspot",
    "unknown_country": "destination not in Layak's reference data",
    "min_age_under_18": "minimum age under 18",
    "no_requirements": "no skills, certificates, languages or experience required",
}
FEATURE_COLUMNS: tuple[str, ...] = (RISK_TEXT, *STRUCTURED_FEATURES)

NON_WORK_VISAS = ("visit", "tourist", "pilgrimage")
FAR_ABOVE_FACTOR = 2.0  # pay ≥ 2× the floor: the "fantastic salary" red flag (Kemnaker no. 3)
# Corridors without a monthly floor (e.g. the scam hotspots) are compared with a modest regional benchmark,
# the same Rp8 juta that matching.screening.rules uses for its high-pay text rule.
BENCHMARK_MONTHLY_IDR = 8_000_000.0
LONG_HOURS_PER_WEEK = 60.0


# The negation words of matching.screening.text_flags (a test keeps the two lists equal; features imports nothing of
# matching). A word after one of them, up to the end of its clause, is marked "not_": a bag of words then
# tells "tidak ada potongan gaji" (no salary deduction) from "potongan gaji" (a salary deduction).
NEGATIONS = frozenset(("tanpa", "tidak", "tak", "bukan", "no", "not", "without", "never", "free", "gratis",
                       "bebas", "zero", "nol", "non", "dilarang", "prohibited", "forbidden", "tdk", "gak",
                       "nggak", "jangan"))
NOT_PREFIX = "not_"
NEGATION_SCOPE = 8  # tokens after a negation that it can reach, at most (and never past the clause)
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]]+(?=\s|$)|\n+|\s[-\u2013\u2014/|]\s")  # as in text_flags
AGENCY_TOKEN, EMPLOYER_TOKEN = "agencyname", "employername"


def _name_forms(name: str | None) -> list[str]:
    """A name's folded phrase and its run-together form (as in an e-mail domain), longest first."""
    words = fold(name or "").split()
    if not words:
        return []
    core = [w for w in words if w not in ("pt", "cv", "sdn", "bhd", "co", "ltd", "inc")] or words
    forms = {" ".join(words), " ".join(core), "".join(core)}
    return sorted((f for f in forms if len(f) >= 4), key=len, reverse=True)


def _names(listing: ListingIn) -> tuple[tuple[str | None, str], ...]:
    return (listing.agency_name, AGENCY_TOKEN), (listing.employer_name, EMPLOYER_TOKEN)


def _mask_raw_names(raw: str, listing: ListingIn) -> str:
    """Names as written ("Mrs. Chan") -> placeholder, before clause splitting cuts them at the dot."""
    for name, token in _names(listing):
        if name and len(name.strip()) >= 4:
            raw = re.sub(re.escape(name.strip()), f" {token} ", raw, flags=re.IGNORECASE)
    return raw


def _mask_names(folded: str, listing: ListingIn) -> str:
    """Agency and employer names -> one placeholder token each: whether a recruiter is licensed is the
    registry's question (matching.screening.rules); the text model should learn how a listing reads, not who
    posted it."""
    for name, token in _names(listing):
        for form in _name_forms(name):
            folded = re.sub(rf"\b{re.escape(form)}\b", token, folded)
    return folded


def mark_negations(tokens: list[str]) -> list[str]:
    """Prefix the tokens a negation word reaches with ``not_`` (``["tanpa", "potongan"]`` ->
    ``["tanpa", "not_potongan"]``). ``tokens`` is one clause."""
    out, reach = [], 0
    for tok in tokens:
        if tok in NEGATIONS:
            out.append(tok)
            reach = NEGATION_SCOPE
        elif reach > 0:
            out.append(NOT_PREFIX + tok)
            reach -= 1
        else:
            out.append(tok)
    return out


def risk_text(listing: ListingIn) -> str:
    """Title, description and contact of a listing as one folded string (``features.text.fold``), with
    agency and employer names masked and negated words marked, clause by clause."""
    raw = _mask_raw_names(" \n ".join(t for t in (listing.title, listing.description, listing.contact) if t), listing)
    clauses = (_mask_names(fold(c), listing).split() for c in _CLAUSE_END.split(raw))
    return " ".join(tok for clause in clauses for tok in mark_negations(clause))


def wage_category(listing: ListingIn, norm: NormalisedListing, ref: Reference) -> str:
    """The wage-floor category: household employers are ``domestic``, else the occupation's category."""
    if listing.employer_type == "household":
        return "domestic"
    occ = ref.row("occupations", norm.occupation_id or "")
    return str(occ["wage_category"]) if occ else "general"


def floor_monthly_idr(listing: ListingIn, norm: NormalisedListing, ref: Reference, as_of: date) -> float | None:
    """The legal wage floor in force on ``as_of`` as a monthly rupiah amount, or None if unknown.

    Hourly and daily floors are scaled by the listing's own hours (no hours: None).
    """
    floor = ref.wage_floor(listing.country, wage_category(listing, norm, ref), as_of)
    if floor is None:
        return None
    amount = floor["amount"]
    if floor["period"] != "month":
        if not listing.hours_per_week:
            return None
        per_month_hours = listing.hours_per_week * WEEKS_PER_MONTH
        amount = amount * (per_month_hours if floor["period"] == "hour" else per_month_hours / HOURS_PER_DAY)
    return ref.to_idr(amount, floor["currency"])


def _fee_features(listing: ListingIn, norm: NormalisedListing, ref: Reference) -> dict[str, float]:
    fee = norm.worker_fee_idr or 0.0
    out = {"fee_log10_idr": math.log10(1.0 + fee) if fee > 0 else 0.0,
           "fee_in_zero_cost_job": 0.0, "fee_above_cap": 0.0}
    if fee <= 0:
        return out
    occ = ref.row("occupations", norm.occupation_id or "")
    if occ and occ["zero_cost"]:
        out["fee_in_zero_cost_job"] = 1.0
    cap = ref.fee_cap_idr(listing.country, wage_category(listing, norm, ref))
    if cap is not None and fee > cap["max_idr"]:
        out["fee_above_cap"] = 1.0
    return out


def _pay_features(listing: ListingIn, norm: NormalisedListing, ref: Reference, as_of: date) -> dict[str, float]:
    out = {"pay_below_floor": 0.0, "pay_shortfall": 0.0, "pay_far_above_norm": 0.0, "pay_unknown": 0.0}
    pay = norm.monthly_salary_idr
    if pay is None:
        out["pay_unknown"] = 1.0
        return out
    floor = floor_monthly_idr(listing, norm, ref, as_of)
    norm_idr = floor if floor else BENCHMARK_MONTHLY_IDR
    if floor and pay + 1e-6 < floor:
        out["pay_below_floor"] = 1.0
        out["pay_shortfall"] = min(1.0, 1.0 - pay / floor)
    if pay >= FAR_ABOVE_FACTOR * norm_idr:
        out["pay_far_above_norm"] = 1.0
    return out


def _terms_features(listing: ListingIn) -> dict[str, float]:
    rest, visa, holder = listing.rest_days_per_month, listing.visa_type, listing.passport_held_by
    return {
        "rest_days_missing": float(rest is None),
        "rest_days_under_4": float(rest is not None and rest < 4),
        "no_rest_day": float(rest is not None and rest < 1),
        "long_hours": float((listing.hours_per_week or 0) > LONG_HOURS_PER_WEEK),
        "contract_months_missing": float(listing.contract_months is None),
        "visa_not_work": float(visa in NON_WORK_VISAS),
        "visa_missing": float(visa is None),
        "visa_other": float(visa in ("student", "other")),
        "passport_held_by_others": float(holder in ("employer", "agency")),
        "passport_holder_missing": float(holder is None),
        "min_age_under_18": float(listing.min_age is not None and listing.min_age < 18),
    }


def _channel_features(listing: ListingIn, norm: NormalisedListing, ref: Reference) -> dict[str, float]:
    country = ref.row("countries", listing.country)
    household = listing.employer_type == "household"
    closed = bool(country) and country["household_placement"] in ("closed", "spsk_only")  # type: ignore[index]
    return {
        "job_order_not_verified": float(listing.job_order_verified is False),
        "job_order_verification_missing": float(listing.job_order_verified is None),
        "job_order_ref_missing": float(not listing.job_order_ref),
        "agency_licence_missing": float(not (listing.agency_licence or "").strip()),
        "employer_household": float(household),
        "household_in_closed_country": float(household and closed),
        "scam_hotspot_country": float(bool(country) and bool(country["scam_hotspot"])),  # type: ignore[index]
        "unknown_country": float(country is None),
        "no_requirements": float(not (norm.skills or norm.unknown_skills or listing.required_certificates
                                      or listing.required_languages or listing.min_experience_years)),
    }


def listing_features(listing: ListingIn, norm: NormalisedListing, ref: Reference, as_of: date) -> dict[str, float]:
    """The structured risk features of one listing, keyed and ordered as ``STRUCTURED_FEATURES``.

    Args:
        listing: the listing as submitted.
        norm: its normalised reading (``features.listings.normalise_listing``).
        ref: the reference data (wage floors, fee caps, countries, occupations).
        as_of: the date whose wage floor applies.

    Returns:
        ``{feature name: float}``; 0.0 means "nothing unusual here".
    """
    values = {**_fee_features(listing, norm, ref), **_pay_features(listing, norm, ref, as_of),
              **_terms_features(listing), **_channel_features(listing, norm, ref)}
    return {name: float(values[name]) for name in STRUCTURED_FEATURES}


def listing_frame(items: Iterable[tuple[ListingIn, NormalisedListing, date]], ref: Reference) -> pd.DataFrame:
    """One row per listing with the columns ``FEATURE_COLUMNS`` (text: str, structured: float64).

    Args:
        items: ``(listing, normalised reading, as_of date for the wage floor)`` per listing.
        ref: the reference data.
    """
    rows = [{RISK_TEXT: risk_text(listing), **listing_features(listing, norm, ref, as_of)}
            for listing, norm, as_of in items]
    frame = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))
    frame[RISK_TEXT] = frame[RISK_TEXT].astype(object)
    return frame.astype({name: "float64" for name in STRUCTURED_FEATURES})
