"""Listing screening: the checks behind the cited rules -> verdict (verified / needs_review / rejected) with
every reason.

Each rule (``matching.screening.catalogue``) has an id, a severity (``reject`` or ``review``), a plain-language
reason in Indonesian and English and the source it rests on (law and article, regulation, or guideline). The
checks here are pure functions of the listing, its normalised reading, the licence registry and the date;
``screen`` runs them all and then, when given one, the listing-risk model's policy
(``matching.screening.risk_policy``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from features.i18n import fmt_number
from features.listings import WEEKS_PER_MONTH, ListingIn, NormalisedListing
from features.red_flags import household_work
from features.reference import Reference, load_reference
from features.text_checks import hits_of, text_findings
from matching.screening.catalogue import REJECT, RULES, AgencyRecord, Reason, Verdict, fire
from matching.screening.risk_policy import RiskScorer, apply_risk

# Age limits of placement schemes: (country, employer_type or None, occupation or None) -> (min, max, source)
SCHEME_AGES: dict[tuple[str, str | None, str | None], tuple[int, int, str]] = {
    ("SG", "household", None): (23, 49, "MOM FDW eligibility: aged 23 to under 50"),
    ("KR", None, None): (18, 39, "EPS G to G (KP2MI PENG.2062/2025): age 18-39"),
    ("DE", None, "nurse"): (18, 38, "Triple Win batch VII (PENG.2980/2025): age 18-38"),
    ("JP", None, "nurse"): (18, 35, "IJEPA nurse candidates: age up to 35"),
}
WEEKLY_REST_COUNTRIES = {"HK", "MY", "BN"}
VISA_ID = {"visit": "kunjungan", "tourist": "turis", "pilgrimage": "umrah/haji", "student": "pelajar",
           "other": "lainnya", "work": "kerja"}
HIGH_PAY_FACTOR = 2.0  # pay at least this multiple of the floor with "no requirements" looks like a lure
PERSONAL_CONTACT_HINT = ("wa", "whatsapp", "telegram", "gmail", "yahoo", "hotmail", "08", "+62", "62 8")

Check = Callable[["_Ctx"], list[Reason]]


@dataclass
class _Ctx:
    listing: ListingIn
    norm: NormalisedListing
    agencies: Mapping[str, AgencyRecord]
    as_of: date
    ref: Reference
    text_hits: dict[str, str]
    household_text: str | None = None  # what in the text says household work ("tkw", "pembantu"), if anything


def _rp(amount: float, lang: str) -> str:
    """Rupiah as each language writes it: Rp1,500,000 / Rp1.500.000."""
    return f"Rp{amount:,.0f}" if lang == "en" else "Rp" + f"{amount:,.0f}".replace(",", ".")


def _agency(c: _Ctx) -> list[Reason]:
    licence = (c.listing.agency_licence or "").strip()
    if not licence:
        name = c.listing.agency_name
        return [fire("AGENCY_MISSING", f"recruiter: {name or 'not named'}",
                      f"perekrut: {name or 'tidak disebut'}")]
    agency = c.agencies.get(licence)
    if agency is None:
        return [fire("AGENCY_UNLICENSED", f"licence '{licence}' not found",
                      f"izin '{licence}' tidak ada di daftar P3MI")]
    if agency.status != "active":
        status_id = {"suspended": "dibekukan", "revoked": "dicabut"}.get(agency.status, agency.status)
        return [fire("AGENCY_SUSPENDED", f"{agency.agency_name}: {agency.status}",
                      f"{agency.agency_name}: {status_id}")]
    if agency.valid_until is not None and agency.valid_until < c.as_of:
        return [fire("AGENCY_EXPIRED", f"{agency.agency_name}: valid until {agency.valid_until.isoformat()}",
                      f"{agency.agency_name}: berlaku sampai {agency.valid_until.isoformat()}")]
    if agency.valid_from is not None and agency.valid_from > c.as_of:
        return [fire("AGENCY_EXPIRED", f"{agency.agency_name}: valid only from {agency.valid_from.isoformat()}",
                      f"{agency.agency_name}: baru berlaku mulai {agency.valid_from.isoformat()}")]
    return []


def _job_order(c: _Ctx) -> list[Reason]:
    if c.listing.job_order_verified is False:
        return [fire("JOB_ORDER_UNVERIFIED", "job_order_verified = false",
                      "job order tertulis belum diverifikasi (job_order_verified = false)")]
    if not c.listing.job_order_ref:
        return [fire("JOB_ORDER_UNVERIFIED", "no job order reference", "tidak ada nomor job order")]
    if c.listing.job_order_verified is None:
        return [fire("JOB_ORDER_UNKNOWN")]
    return []


def _wage_category(c: _Ctx) -> str:
    # The text decides only when the field is silent: "Dicari TKW" with no employer type is household work.
    if c.listing.employer_type == "household" or (c.listing.employer_type is None and c.household_text):
        return "domestic"
    occ = c.ref.row("occupations", c.norm.occupation_id or "")
    return str(occ["wage_category"]) if occ else "general"


def _fees(c: _Ctx) -> list[Reason]:
    fee = c.norm.worker_fee_idr
    if not fee or fee <= 0:
        return []
    occ = c.ref.row("occupations", c.norm.occupation_id or "")
    shown, shown_id = f"worker fee {_rp(fee, 'en')}", f"biaya pekerja {_rp(fee, 'id')}"
    if occ and occ["zero_cost"]:
        rule = "FEE_ZERO_COST_TAIWAN" if c.listing.country == "TW" else "FEE_ZERO_COST"
        return [fire(rule, f"{shown} for {occ['label_en']}", f"{shown_id} untuk {occ['label_id']}")]
    cap = c.ref.fee_cap_idr(c.listing.country, _wage_category(c))
    if cap is None:
        return [fire("FEE_UNCAPPED", shown, shown_id)]
    if fee > cap["max_idr"]:
        return [fire("FEE_ABOVE_CAP", f"{shown} > cap {_rp(cap['max_idr'], 'en')}",
                      f"{shown_id} > batas {_rp(cap['max_idr'], 'id')}",
                      source=f"{RULES['FEE_ABOVE_CAP'].source}; {cap['source']}")]
    return []


def _visa(c: _Ctx) -> list[Reason]:
    visa = c.listing.visa_type
    if visa in ("visit", "tourist", "pilgrimage"):
        return [fire("VISA_NOT_WORK", f"visa_type = {visa}", f"jenis visa: {VISA_ID.get(visa, visa)}")]
    if visa != "work":
        return [fire("VISA_UNCLEAR", f"visa_type = {visa or 'missing'}",
                      f"jenis visa: {VISA_ID.get(visa, visa) if visa else 'tidak disebut'}")]
    return []


def _pay(c: _Ctx) -> list[Reason]:
    ln = c.listing
    floor = c.ref.wage_floor(ln.country, _wage_category(c), c.as_of)
    if ln.salary_amount is None or not ln.salary_currency or ln.salary_period is None:
        return [fire("PAY_UNCHECKABLE", "salary amount, currency or period missing",
                      "jumlah gaji, mata uang atau periode gaji tidak disebut")]
    if floor is None:
        return []
    if floor["period"] == "month":
        offered = c.norm.monthly_salary_local
        unit = "month"
    else:  # hourly (or daily) floors compare per hour (or day) actually worked
        if not ln.hours_per_week:
            period_id = {"hour": "per jam", "day": "per hari"}.get(floor["period"], floor["period"])
            return [fire("PAY_UNCHECKABLE", f"{floor['period']}ly floor but no hours_per_week",
                          f"upah minimum dihitung {period_id}, tetapi jam kerja per minggu tidak disebut")]
        per_month_hours = ln.hours_per_week * WEEKS_PER_MONTH
        monthly = c.norm.monthly_salary_local
        if monthly is None:
            return [fire("PAY_UNCHECKABLE", "pay period cannot be converted", "periode gaji tidak bisa dihitung")]
        offered = monthly / per_month_hours if floor["period"] == "hour" else monthly / (per_month_hours / 8.0)
        unit = floor["period"]
    if offered is None:
        return [fire("PAY_UNCHECKABLE", "pay period cannot be converted", "periode gaji tidak bisa dihitung")]
    offered_in_floor = c.ref.convert(offered, ln.salary_currency, floor["currency"])
    if offered_in_floor is None:
        return [fire("PAY_UNCHECKABLE", f"unknown currency {ln.salary_currency}",
                      f"mata uang {ln.salary_currency} tidak dikenal")]
    if offered_in_floor + 1e-6 < floor["amount"]:
        cur, since = floor["currency"], floor["effective_from"].isoformat()
        unit_id = {"month": "bulan", "hour": "jam", "day": "hari"}.get(unit, unit)
        detail = (f"{offered_in_floor:,.2f} {cur}/{unit} < floor {floor['amount']:,.2f} {cur}/{unit} (from {since})")
        detail_id = (f"{fmt_number(offered_in_floor, 'id', 2)} {cur}/{unit_id} < upah minimum "
                     f"{fmt_number(floor['amount'], 'id', 2)} {cur}/{unit_id} (sejak {since})")
        source = f"{floor['source']} (effective {since})"
        return [fire("PAY_BELOW_FLOOR", detail, detail_id, source=source)]
    return []


def _household(c: _Ctx) -> list[Reason]:
    country = c.ref.row("countries", c.listing.country)
    if c.listing.employer_type != "household" or country is None:
        return []
    status = country["household_placement"]
    if status == "closed":
        return [fire("HOUSEHOLD_CLOSED_COUNTRY", f"household employer in {country['name_en']}",
                      f"pemberi kerja rumah tangga di {country['name_id']}")]
    if status == "spsk_only":
        return [fire("HOUSEHOLD_SPSK_ONLY", f"household employer in {country['name_en']}",
                      f"pemberi kerja rumah tangga di {country['name_id']}")]
    return []


def _passport(c: _Ctx) -> list[Reason]:
    if c.listing.passport_held_by in ("employer", "agency"):
        holder = c.listing.passport_held_by
        return [fire("PASSPORT_RETAINED", f"passport_held_by = {holder}",
                      f"paspor dipegang oleh {'pemberi kerja' if holder == 'employer' else 'agensi'}",
                      country=c.listing.country)]
    return []


def _rest_and_contract(c: _Ctx) -> list[Reason]:
    out = []
    rest = c.listing.rest_days_per_month
    if rest is None:
        out.append(fire("REST_UNKNOWN"))
    elif rest < 1:
        out.append(fire("NO_REST_DAY", f"rest_days_per_month = {rest:g}",
                         f"hari libur per bulan: {fmt_number(rest, 'id')}"))
    elif rest < 4:
        rule = "REST_BELOW_MINIMUM" if c.listing.country in WEEKLY_REST_COUNTRIES else "REST_LOW"
        out.append(fire(rule, f"rest_days_per_month = {rest:g}", f"hari libur per bulan: {fmt_number(rest, 'id')}",
                         country=c.listing.country))
    if c.listing.contract_months is None:
        out.append(fire("NO_CONTRACT_DURATION"))
    return out


def _age(c: _Ctx) -> list[Reason]:
    ln = c.listing
    if ln.min_age is not None and ln.min_age < 18:
        return [fire("UNDERAGE", f"min_age = {ln.min_age}", f"usia minimal: {ln.min_age} tahun")]
    for (country, employer_type, occ), (lo, hi, source) in SCHEME_AGES.items():
        if country == ln.country and employer_type in (None, ln.employer_type) and occ in (None, c.norm.occupation_id):
            low_ok = ln.min_age is None or ln.min_age >= lo
            high_ok = ln.max_age is None or ln.max_age <= hi
            if not (low_ok and high_ok):
                return [fire("AGE_OUTSIDE_SCHEME", f"{ln.min_age}-{ln.max_age} vs scheme {lo}-{hi}",
                              f"usia {ln.min_age}-{ln.max_age}, skema {lo}-{hi}", source=source)]
    return []


def _corridor(c: _Ctx) -> list[Reason]:
    if c.ref.row("countries", c.listing.country) is None:
        return [fire("UNKNOWN_CORRIDOR", f"country = {c.listing.country}", f"negara: {c.listing.country}")]
    return []


def _text(c: _Ctx) -> list[Reason]:
    """What the text says (``features.text_checks``), then the lure, high-pay and contact red flags."""
    out = [fire(f.rule_id, f.detail, f.detail_id, source=f.source, country=c.listing.country)
           for f in text_findings(c.listing, c.norm, c.ref, c.as_of, _wage_category(c))]
    if not (c.listing.description or "").strip():
        out.append(fire("DESCRIPTION_MISSING", "description is empty", "deskripsi kosong"))
    hits = c.text_hits
    country = c.listing.country
    row = c.ref.row("countries", country)
    hotspot = bool(row and row["scam_hotspot"])
    lure = "online_job_lure" in hits or c.norm.occupation_id == "customer_service_agent"
    if hotspot and lure:
        name_en, name_id = (row["name_en"], row["name_id"]) if row else (country, country)
        lure_text = hits.get("online_job_lure")
        out.append(fire("TEXT_SCAM_LURE", f"{lure_text or 'customer service job'} in {name_en}",
                         f"{lure_text or 'pekerjaan layanan pelanggan'} di {name_id}"))
    if "no_requirements" in hits and _pay_ratio(c) >= HIGH_PAY_FACTOR:
        out.append(fire("TEXT_HIGH_PAY_NO_REQUIREMENTS",
                         f"\"{hits['no_requirements']}\", pay ≥ {HIGH_PAY_FACTOR:g}× the floor",
                         f"\"{hits['no_requirements']}\", gaji ≥ {HIGH_PAY_FACTOR:g}× upah minimum"))
    contact = c.listing.contact or ""
    if "personal_contact" in hits_of(contact) or (contact and _looks_personal_phone(contact)):
        out.append(fire("TEXT_PERSONAL_CONTACT", f"contact: {contact[:60]}", f"kontak: {contact[:60]}"))
    elif "personal_contact" in hits:
        out.append(fire("TEXT_PERSONAL_CONTACT", f"the text says \"{hits['personal_contact']}\"",
                         f"teks menyebut \"{hits['personal_contact']}\""))
    return out


def _looks_personal_phone(contact: str) -> bool:
    digits = "".join(ch for ch in contact if ch.isdigit() or ch == "+")
    has_mail_or_web = "@" in contact or "www" in contact.lower() or ".com" in contact.lower()
    return not has_mail_or_web and (digits.startswith("08") or digits.startswith("+628") or digits.startswith("628"))


def _pay_ratio(c: _Ctx) -> float:
    floor = c.ref.wage_floor(c.listing.country, _wage_category(c), c.as_of)
    monthly_idr = c.norm.monthly_salary_idr
    if monthly_idr is None:
        return 0.0
    if floor is None or floor["period"] != "month":
        # No monthly floor to compare with: compare with a modest regional benchmark (Rp8 juta).
        return monthly_idr / 8_000_000
    floor_idr = c.ref.to_idr(floor["amount"], floor["currency"]) or 0
    return monthly_idr / floor_idr if floor_idr else 0.0


CHECKS: tuple[Check, ...] = (_corridor, _agency, _job_order, _fees, _visa, _pay, _household, _passport,
                             _rest_and_contract, _age, _text)


def screen(listing: ListingIn, norm: NormalisedListing, agencies: Mapping[str, AgencyRecord],
           as_of: date | None = None, ref: Reference | None = None, risk: RiskScorer | None = None) -> Verdict:
    """Run every rule. Any ``reject`` reason -> rejected; else any ``review`` -> needs_review; else verified.

    With ``risk``, the listing-risk model is consulted after the rules (``apply_risk``): it can add
    needs_review, never remove a reason or change a rejection.
    """
    ref = ref or load_reference()
    text = " \n ".join(t for t in (listing.title, listing.description or "") if t)
    ctx = _Ctx(listing, norm, agencies, as_of or date.today(), ref, hits_of(text), household_work(text))
    reasons = [r for check in CHECKS for r in check(ctx)]
    if any(r.severity == REJECT for r in reasons):
        status = "rejected"
    elif reasons:
        status = "needs_review"
    else:
        status = "verified"
    verdict = Verdict(status, reasons)
    return apply_risk(verdict, risk, listing, norm, ctx.as_of) if risk is not None else verdict
