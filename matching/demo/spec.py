"""The published shape of the demo data: the flaw labels (with what each means) and the column order of the
agency registry, the listings and the outcomes. Re-exported by ``matching.demo.generate``."""

from __future__ import annotations

from features.listings import LISTING_COLUMNS

FLAWS: dict[str, str] = {
    "fee_in_zero_cost": "The worker is charged a fee in an occupation that must be free (Perban BP2MI 9/2020).",
    "excessive_fee": "The worker fee is far above the country's placement-cost cap.",
    "visit_visa": "The worker would travel on a visit, tourist or pilgrimage visa instead of a work visa.",
    "below_floor": "Pay is under the destination's legal wage floor in force (hourly or daily pay converted to "
                   "a month).",
    "unlicensed_agency": "The recruiter is not a licensed P3MI: unknown licence, no licence, or an individual "
                         "sponsor.",
    "expired_licence": "The agency is in the registry but its SIP3MI licence has expired.",
    "suspended_agency": "The agency's licence is suspended or revoked.",
    "job_order_unverified": "The job order is not verified by the Indonesian mission (no reference or not "
                            "verified).",
    "household_closed_country": "Household employer in a country closed to household placement (Kepmenaker "
                                "260/2015), or a Saudi household outside SPSK.",
    "passport_held": "The employer or agency keeps the worker's passport.",
    "no_rest_day": "Fewer than four rest days a month (0-2).",
    "no_contract": "No contract length: no written employment contract before departure.",
    "underage": "The minimum age is under 18 (UU 18/2017 Pasal 5).",
    "scam_lure": "Online-scam lure: customer-service/admin job in a scam hotspot, high pay, no requirements, "
                 "chat-app contact, tourist visa.",
    "wa_only_fee_upfront": "A registration fee must be transferred to a personal bank account; WhatsApp-only "
                           "contact.",
    "salary_deduction": "Months of salary deducted to pay agency fees (debt bondage).",
}

AGENCY_COLUMNS: tuple[str, ...] = ("agency_name", "licence_no", "valid_from", "valid_until", "status")
LISTING_DEMO_COLUMNS: tuple[str, ...] = (*LISTING_COLUMNS, "flaw")
OUTCOME_EVENTS: tuple[str, ...] = ("recommended", "viewed", "applied", "hired", "completed", "complaint")
OUTCOME_COLUMNS: tuple[str, ...] = ("worker_ref", "listing_ref", "event", "occurred_at")
