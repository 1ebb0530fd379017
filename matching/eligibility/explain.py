"""Per-match explanation: what fits, what is missing, pay against the legal floor, safety badges.

Labels are given in both languages (``label_en``/``label_id``) so the CLI, API and web page can show
either without another lookup.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from features.levels import RANK_LABELS
from features.listings import WEEKS_PER_MONTH
from features.profiles import NormalisedProfile
from features.reference import Reference
from matching.screening.catalogue import RULES

if TYPE_CHECKING:  # the ORM (SQLAlchemy) is not needed to explain a listing: `layak understand` does not load it
    from matching.storage.tables import Listing


def labelled(ref: Reference, table: str, ids: list[str]) -> list[dict[str, str]]:
    """``[{id, label_en, label_id}]`` for ids of a reference table (skills, certificates, occupations, sectors)."""
    out = []
    for i in ids:
        row = ref.row(table, i)
        out.append({"id": i, "label_en": str(row["label_en"]) if row else i,
                    "label_id": str(row["label_id"]) if row else i})
    return out


def _as_written(listing: Listing, lang: str) -> str | None:
    """The listing's own wording of a language requirement ("N4" from "ja:N4"), if it wrote one."""
    for spec in listing.required_languages or []:
        code, _, level = spec.partition(":")
        if code.strip().lower() == lang and level.strip():
            return level.strip()
    return None


def listing_summary(listing: Listing, ref: Reference) -> dict[str, Any]:
    """The listing facts a card shows (occupation and country labelled in both languages)."""
    occ = listing.occupation_id
    occ_row = ref.row("occupations", occ or "")
    c_row = ref.row("countries", listing.country)
    return {
        "id": listing.id, "listing_ref": listing.listing_ref, "title": listing.title,
        "occupation": None if occ_row is None else {"id": occ, "label_en": occ_row["label_en"],
                                                    "label_id": occ_row["label_id"], "isco08": occ_row["isco08"]},
        "sector": listing.sector_id, "country": listing.country,
        "country_name_en": None if c_row is None else c_row["name_en"],
        "country_name_id": None if c_row is None else c_row["name_id"],
        "city": listing.city, "employer_name": listing.employer_name, "employer_type": listing.employer_type,
        "agency_name": listing.agency_name, "contract_months": listing.contract_months,
        "expires_at": listing.expires_at.isoformat() if listing.expires_at else None,
    }


def language_gaps(profile: NormalisedProfile, listing: Listing, ref: Reference) -> list[dict[str, Any]]:
    """Required languages the worker does not yet reach, with required and current levels.

    ``required_level``/``worker_level`` are on the common CEFR-like rank; ``required_as_written`` keeps the
    listing's wording (e.g. "N4", "eps-topik").
    """
    out = []
    for lang, need in (listing.language_ranks or {}).items():
        have = profile.languages.get(lang, 0)
        if have < need:
            row = ref.row("languages", lang)
            out.append({"lang": lang,
                        "label_en": str(row["label_en"]) if row is not None else lang,
                        "label_id": str(row["label_id"]) if row is not None else lang,
                        "required_rank": need, "required_level": RANK_LABELS.get(need, str(need)),
                        "required_as_written": _as_written(listing, lang),
                        "worker_rank": have, "worker_level": RANK_LABELS.get(have, str(have))})
    return out


def legal_category(listing: Any, ref: Reference) -> str:
    """The worker category whose floor and cost cap apply: domestic for a household employer, else the
    occupation's wage category."""
    occ = ref.row("occupations", listing.occupation_id or "")
    return "domestic" if listing.employer_type == "household" else (str(occ["wage_category"]) if occ else "general")


def legal_floor(listing: Any, ref: Reference, as_of: date) -> dict[str, Any] | None:
    """The legal wage floor in force on ``as_of`` for the listing's corridor and worker category, or None."""
    return ref.wage_floor(listing.country, legal_category(listing, ref), as_of)


def ratio_to_floor(listing: Any, ref: Reference, as_of: date) -> float | None:
    """Offered pay / the legal floor in force (None when there is no floor or the pay cannot be compared)."""
    floor = legal_floor(listing, ref, as_of)
    return _ratio_to_floor(listing, floor, ref) if floor else None


def pay_summary(listing: Listing, ref: Reference, as_of: date) -> dict[str, Any]:
    """Pay as offered, per month in local currency and IDR, net of the worker fee, against the legal floor."""
    floor = legal_floor(listing, ref, as_of)
    monthly_idr = listing.monthly_salary_idr
    fee_idr = listing.worker_fee_idr or 0.0
    months = listing.contract_months or 0
    net = monthly_idr - fee_idr / months if monthly_idr is not None and months else monthly_idr
    out: dict[str, Any] = {
        "amount": listing.salary_amount, "currency": listing.salary_currency, "period": listing.salary_period,
        "monthly_local": _round(listing.monthly_salary_local), "monthly_idr": _round(monthly_idr),
        "worker_fee_idr": _round(fee_idr), "net_monthly_idr": _round(net), "contract_months": listing.contract_months,
        "floor": None, "ratio_to_floor": None,
    }
    if floor:
        out["floor"] = {"amount": floor["amount"], "currency": floor["currency"], "period": floor["period"],
                        "effective_from": floor["effective_from"].isoformat(), "source": floor["source"],
                        "uncertain": floor["uncertain"]}
        out["ratio_to_floor"] = _ratio_to_floor(listing, floor, ref)
    return out


def _ratio_to_floor(listing: Any, floor: dict[str, Any], ref: Reference) -> float | None:
    """Offered pay ÷ legal floor in the floor's currency and period (hourly floors: per hour worked)."""
    monthly = listing.monthly_salary_local
    if monthly is None or not floor["amount"]:
        return None
    fx = ref.fx
    if listing.salary_currency != floor["currency"]:
        if listing.salary_currency not in fx or floor["currency"] not in fx:
            return None
        monthly = monthly * fx[listing.salary_currency] / fx[floor["currency"]]
    if floor["period"] == "month":
        offered = monthly
    else:
        hours = (listing.hours_per_week * WEEKS_PER_MONTH if listing.hours_per_week
                 else floor.get("hours_basis_per_month"))
        if not hours:
            return None
        offered = monthly / hours if floor["period"] == "hour" else monthly / (hours / 8.0)
    return round(offered / floor["amount"], 3)


# badge -> the screening rules whose absence establishes it
BADGE_RULES: dict[str, tuple[str, ...]] = {
    "agency_licensed": ("AGENCY_MISSING", "AGENCY_UNLICENSED", "AGENCY_EXPIRED", "AGENCY_SUSPENDED"),
    "job_order_verified": ("JOB_ORDER_UNVERIFIED", "JOB_ORDER_UNKNOWN"),
    "no_illegal_fee": ("FEE_ZERO_COST", "FEE_ZERO_COST_TAIWAN", "FEE_ABOVE_CAP", "TEXT_UPFRONT_FEE",
                       "TEXT_SALARY_DEDUCTION"),
    "passport_with_worker": ("PASSPORT_RETAINED", "TEXT_PASSPORT_RETENTION"),
    "work_visa": ("VISA_NOT_WORK", "VISA_UNCLEAR", "TEXT_VISA_CONVERSION"),
}


def badge_sources(listing: Any, ref: Reference | None = None) -> dict[str, list[str]]:
    """The sources behind each badge that apply to this listing: the rules that check it, each cited as it
    applies in the listing's country; the fee rules of its kind of job only (the zero-cost rule for the ten
    zero-cost occupations, the corridor's cost cap with its own source otherwise); never a source that is not
    settled (``Rule.uncertain``, e.g. the Taiwan exemption, which the training path states as a warning)."""
    occ = ref.row("occupations", listing.occupation_id or "") if ref is not None else None
    zero_cost = bool(occ and occ["zero_cost"])
    out: dict[str, list[str]] = {}
    for badge, rules in BADGE_RULES.items():
        sources: list[str] = []
        for rule_id in rules:
            rule = RULES[rule_id]
            if rule.uncertain or (rule_id == "FEE_ZERO_COST" and occ is not None and not zero_cost):
                continue
            if rule_id == "FEE_ABOVE_CAP":
                if zero_cost:
                    continue
                cap = ref.fee_cap_idr(listing.country, legal_category(listing, ref)) if ref is not None else None
                sources.append(f"{rule.source}; {cap['source']}" if cap else rule.source)
                continue
            sources.append(rule.source_for(listing.country))
        out[badge] = sorted(set(sources))
    return out


def safety_badges(listing: Listing, ref: Reference | None = None) -> dict[str, Any]:
    """What a worker can trust about this listing; ``sources[badge]`` cites the rules behind each badge that apply
    to it (``badge_sources``)."""
    fired = {r.get("rule_id") for r in (listing.reasons or [])}
    facts = {
        "agency_licensed": bool(listing.agency_licence),
        "job_order_verified": bool(listing.job_order_verified) and bool(listing.job_order_ref),
        "no_illegal_fee": True,
        "passport_with_worker": listing.passport_held_by == "worker",
        "work_visa": listing.visa_type == "work",
    }
    out: dict[str, Any] = {"verdict": listing.status, "agency_name": listing.agency_name,
                           "agency_licence": listing.agency_licence, "rules_version": listing.rules_version}
    for badge, rules in BADGE_RULES.items():
        out[badge] = facts[badge] and not fired & set(rules)
    out["sources"] = badge_sources(listing, ref)
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)
