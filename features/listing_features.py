"""Risk features of one job listing: its folded free text and structured facts, for the listing-risk model.

``listing_features`` is pure: it reads a ``ListingIn``, its ``NormalisedListing`` and the reference data
and returns one float per name in ``STRUCTURED_FEATURES``. Every feature is 0.0 when the listing looks
normal on that point, so a model's ``coef × value`` contribution is zero for what a listing does not show
(the explanation then names only what is present). ``listing_frame`` stacks many listings into the
DataFrame the model is fitted on and scores (``RISK_TEXT`` + the structured columns).

The facts behind the features are in docs/domain-facts.md §4 (red flags) and §7 (suggested rules): fees in the
zero-cost occupations (Perban BP2MI 9/2020), pay against the corridor's legal floor, rest days, a missing
contract, non-work visas, passport retention, unverified job orders, missing P3MI licences, and the red flags
the text itself raises (``features.red_flags``). No feature is a structural attribute of the job alone
(employer type, sector, gender requirement, destination): see ``FEATURE_WORDS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pandas as pd

from features.listings import HOURS_PER_DAY, WEEKS_PER_MONTH, ListingIn, NormalisedListing
from features.red_flags import EMAIL_OR_URL, NEGATIONS, clean_text, flag_counts
from features.reference import Reference
from features.text import find, fold

RISK_TEXT = "risk_text"  # column: title + description + contact, folded, names masked, negations marked

# name -> (English, Indonesian): what it means, in words shown next to a verdict. Order is the column order.
# Fair by construction: no feature is a structural attribute of the job on its own (employer type, sector,
# gender requirement, destination country). Those decide which cited rules apply (matching.screening), never
# the learned score: a model given "household employer" learns to distrust the job most women take.
FEATURE_WORDS: dict[str, tuple[str, str]] = {
    "fee_in_zero_cost_job": ("worker fee in a zero-cost occupation (Perban BP2MI 9/2020)",
                             "biaya untuk jabatan bebas biaya (Perban BP2MI 9/2020)"),
    "fee_above_cap": ("worker fee above the corridor's placement-cost cap", "biaya di atas batas biaya penempatan"),
    "pay_below_floor": ("pay below the corridor's legal wage floor", "gaji di bawah upah minimum negara tujuan"),
    "pay_shortfall": ("how far pay is below the floor (1 - pay/floor)", "seberapa jauh gaji di bawah upah minimum"),
    "pay_far_above_norm": ("pay at least twice the floor or benchmark", "gaji dua kali lipat upah minimum atau lebih"),
    "pay_unknown": ("pay cannot be converted to a monthly amount", "gaji tidak bisa dihitung per bulan"),
    "rest_days_missing": ("rest days per month not stated", "jumlah hari libur tidak disebut"),
    "rest_days_under_4": ("fewer than 4 rest days a month", "libur kurang dari 4 hari sebulan"),
    "no_rest_day": ("no rest day at all", "tidak ada hari libur"),
    "long_hours": ("more than 60 working hours a week", "lebih dari 60 jam kerja seminggu"),
    "contract_months_missing": ("no contract duration", "lama kontrak tidak disebut"),
    "visa_not_work": ("visit, tourist or pilgrimage visa", "visa kunjungan, turis atau ziarah"),
    "visa_missing": ("visa type not stated", "jenis visa tidak disebut"),
    "visa_other": ("student or other non-work visa", "visa pelajar atau visa lain yang bukan visa kerja"),
    "passport_held_by_others": ("passport held by the employer or agency", "paspor dipegang majikan atau agensi"),
    "passport_holder_missing": ("who holds the passport is not stated", "tidak disebut siapa yang memegang paspor"),
    "job_order_not_verified": ("job order marked as not verified", "job order belum diverifikasi"),
    "job_order_verification_missing": ("job order verification not stated", "verifikasi job order tidak disebut"),
    "job_order_ref_missing": ("no job order reference", "tidak ada nomor job order"),
    "agency_licence_missing": ("no P3MI agency licence given", "tidak ada izin P3MI"),
    "min_age_under_18": ("minimum age under 18", "usia minimum di bawah 18 tahun"),
    "no_requirements": ("no skills, certificates, languages or experience required",
                        "tidak ada syarat keahlian, sertifikat, bahasa atau pengalaman"),
    **{f"flag_{flag}": words for flag, words in {
        "passport_retention": ("the text says the passport or ID papers will be kept",
                               "iklan: paspor/dokumen ditahan"),
        "movement_restricted": ("the text restricts leaving or the phone", "iklan: dilarang keluar atau HP disita"),
        "no_rest_day": ("the text says there is no day off", "iklan: tidak ada hari libur"),
        "non_work_visa": ("the text names a non-work visa or an irregular route",
                          "iklan: visa bukan visa kerja atau jalur non-prosedural"),
        "upfront_fee": ("the text asks the worker for a fee or deposit", "iklan: pekerja diminta biaya atau jaminan"),
        "salary_deduction": ("the text says pay is cut to repay costs", "iklan: gaji dipotong untuk membayar biaya"),
        "personal_contact": ("the text gives a chat app, personal number or free e-mail",
                             "iklan: kontak WA/nomor pribadi/email gratisan"),
        "no_requirements": ("the text says no experience or requirements are needed", "iklan: tanpa syarat apa pun"),
        "online_job_lure": ("the text reads like an online-scam lure", "iklan: pola lowongan kerja online palsu"),
    }.items()},
}
STRUCTURED_FEATURES: dict[str, str] = {name: words[0] for name, words in FEATURE_WORDS.items()}
FEATURE_COLUMNS: tuple[str, ...] = (RISK_TEXT, *STRUCTURED_FEATURES)

NON_WORK_VISAS = ("visit", "tourist", "pilgrimage")
FAR_ABOVE_FACTOR = 2.0  # pay ≥ 2× the floor: the "fantastic salary" red flag (Kemnaker no. 3)
# Corridors without a monthly floor (e.g. the scam hotspots) are compared with a modest regional benchmark,
# the same Rp8 juta that matching.screening.rules uses for its high-pay text rule.
BENCHMARK_MONTHLY_IDR = 8_000_000.0
LONG_HOURS_PER_WEEK = 60.0


# A word after a negation (``features.red_flags.NEGATIONS``, the same words the text rules use), up to the end
# of its clause, is marked "not_": a bag of words then tells "tidak ada potongan gaji" (no salary deduction)
# from "potongan gaji" (a salary deduction).
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


_FREE_MAIL = re.compile(r"@(?:gmail|yahoo|hotmail|outlook|ymail|proton\w*|icloud)\.", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+ ?62|\b62|\b0)8\d(?:[ -]?\d){6,11}\b")
EMAIL_TOKEN, FREE_MAIL_TOKEN, LINK_TOKEN, PHONE_TOKEN = "emailaddress", "freemailaddress", "weblink", "phonenumber"


def _mask_contacts(raw: str) -> str:
    """E-mail addresses, links and mobile numbers -> one token each: the model should learn that an ad gives a
    free-mail address or a mobile number, not the words of one agency's address ("rekrutmen@…")."""
    def mail(m: re.Match[str]) -> str:
        found = m.group(0)
        if "@" not in found:
            return f" {LINK_TOKEN} "
        return f" {FREE_MAIL_TOKEN if _FREE_MAIL.search(found) else EMAIL_TOKEN} "

    return _PHONE.sub(f" {PHONE_TOKEN} ", EMAIL_OR_URL.sub(mail, raw))


JOB_TOKEN, PLACE_TOKEN, NUMBER_TOKEN = "jobterm", "placeterm", "nmbr"  # numbers: amounts, hours, phone digits
_MASKED_KINDS = {"occupation": JOB_TOKEN, "skill": JOB_TOKEN, "country": PLACE_TOKEN}


def _mask_job_and_place(folded: str, ref: Reference | None) -> str:
    """Occupations, skills and countries the bilingual taxonomy knows -> one token each.

    Fair by construction: the words that name the kind of job ("housekeeper", "hotel", "nelayan") or the
    destination ("Dubai", "Jepang") are the text's proxies of sector and destination. Masked, the model cannot
    learn that a sector or a country is risky; it learns how a listing reads around them.
    """
    toks = folded.split()
    matches = sorted(find(folded, tuple(_MASKED_KINDS), ref), key=lambda m: m.start)
    out, i = [], 0
    for m in matches:
        if m.start < i:
            continue
        out += toks[i:m.start] + [_MASKED_KINDS[m.kind]]
        i = m.end
    return " ".join(out + toks[i:])


def risk_text(listing: ListingIn, ref: Reference | None = None) -> str:
    """Title, description and contact of a listing as one folded string, as the model reads it.

    Contacts are masked (``_mask_contacts``), agency and employer names replaced by a placeholder, obfuscated
    words and amounts read as ``features.red_flags.clean_text`` does ("b!aya" -> "biaya", "25jt" -> 25000000),
    job and place names masked (``_mask_job_and_place``), and negated words marked, clause by clause.
    """
    raw = " \n ".join(t for t in (listing.title, listing.description, listing.contact) if t)
    raw = _mask_raw_names(_mask_contacts(raw), listing)
    clauses = (_mask_job_and_place(_mask_names(c, listing), ref).split() for c in clean_text(raw).split(" xcl "))
    return " ".join(NUMBER_TOKEN if tok.isdigit() else tok
                    for clause in clauses for tok in mark_negations(clause) if tok != "xcl")


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
    # Not the fee's size: a disclosed fee within the cap is legal in formal jobs and absent from the zero-cost
    # ones, so its size mostly tells the sector. Only an unlawful fee is a risk term.
    fee = norm.worker_fee_idr or 0.0
    out = {"fee_in_zero_cost_job": 0.0, "fee_above_cap": 0.0}
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


def _channel_features(listing: ListingIn, norm: NormalisedListing) -> dict[str, float]:
    return {
        "job_order_not_verified": float(listing.job_order_verified is False),
        "job_order_verification_missing": float(listing.job_order_verified is None),
        "job_order_ref_missing": float(not listing.job_order_ref),
        "agency_licence_missing": float(not (listing.agency_licence or "").strip()),
        "no_requirements": float(not (norm.skills or norm.unknown_skills or listing.required_certificates
                                      or listing.required_languages or listing.min_experience_years)),
    }


def _flag_features(listing: ListingIn) -> dict[str, float]:
    """The project's own bilingual red-flag reading of the text (``features.red_flags``), one 0/1 per flag."""
    text = " \n ".join(t for t in (listing.title, listing.description, listing.contact) if t)
    return {f"flag_{name}": value for name, value in flag_counts(text).items()}


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
              **_terms_features(listing), **_channel_features(listing, norm), **_flag_features(listing)}
    return {name: float(values[name]) for name in STRUCTURED_FEATURES}


def listing_frame(items: Iterable[tuple[ListingIn, NormalisedListing, date]], ref: Reference) -> pd.DataFrame:
    """One row per listing with the columns ``FEATURE_COLUMNS`` (text: str, structured: float64).

    Args:
        items: ``(listing, normalised reading, as_of date for the wage floor)`` per listing.
        ref: the reference data.
    """
    rows = [{RISK_TEXT: risk_text(listing, ref), **listing_features(listing, norm, ref, as_of)}
            for listing, norm, as_of in items]
    frame = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))
    frame[RISK_TEXT] = frame[RISK_TEXT].astype(object)
    return frame.astype({name: "float64" for name in STRUCTURED_FEATURES})
