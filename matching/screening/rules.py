"""Listing screening: cited rules -> verdict (verified / needs_review / rejected) with every reason.

Each rule has an id, a severity (``reject`` or ``review``), a plain-language reason in Indonesian and
English and the source it rests on (law and article, regulation, or guideline). Rules are pure
functions of the listing, its normalised reading, the licence registry and the date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

from features.i18n import fmt_number
from features.listings import WEEKS_PER_MONTH, ListingIn, NormalisedListing
from features.red_flags import household_work
from features.reference import Reference, load_reference
from features.text_checks import hits_of, text_findings

RULES_VERSION = "2026.12.1"
REJECT, REVIEW = "reject", "review"


class AgencyRecord(Protocol):
    """What screening needs from a registry entry (``matching.storage.store.Agency`` satisfies it)."""

    @property
    def agency_name(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_until(self) -> date | None: ...


@dataclass(frozen=True)
class Rule:
    """A screening rule: ``id``, ``severity``, reasons in both languages, and its ``source``.

    ``country_sources``: the destination's own law or agreement behind the rule, cited only for a listing in
    that country (a Malaysia MoU is not the basis of a Hong Kong verdict). ``uncertain``: the source is not
    settled; such a source is never shown to a worker as the basis of a check.
    """

    id: str
    severity: str
    reason_id: str
    reason_en: str
    source: str
    country_sources: Mapping[str, str] = field(default_factory=dict)
    uncertain: bool = False

    def source_for(self, country: str | None) -> str:
        """The sources that apply to a listing in ``country``: the general one and that country's own."""
        extra = self.country_sources.get(country or "")
        return "; ".join(s for s in (self.source, extra) if s)


@dataclass(frozen=True)
class Reason:
    """One rule that fired on a listing, with what in it made the rule fire: ``detail`` in English and
    ``detail_id`` in Indonesian (figures as the listing gave them)."""

    rule_id: str
    severity: str
    reason_id: str
    reason_en: str
    source: str
    detail: str = ""
    detail_id: str = ""  # the detail in Indonesian

    def to_dict(self, lang: str = "en") -> dict[str, str]:
        """The stored and public form: ``detail`` in ``lang``, with ``detail_en`` and ``detail_id``."""
        out = asdict(self)
        out["detail_en"] = self.detail
        out["detail_id"] = self.detail_id or self.detail
        out["detail"] = out["detail_id"] if lang == "id" else self.detail
        return out


@dataclass
class Verdict:
    """``status`` is verified, needs_review or rejected; ``reasons`` lists every rule that fired.

    ``risk_score``, ``risk_model_version`` and ``risk_terms`` record the listing-risk model's reading when
    one was used (for the audit trail), whatever the status; they stay None/empty otherwise.
    """

    status: str
    reasons: list[Reason] = field(default_factory=list)
    rules_version: str = RULES_VERSION
    risk_score: float | None = None
    risk_model_version: str | None = None
    risk_terms: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"status": self.status, "rules_version": self.rules_version,
                "reasons": [r.to_dict(lang) for r in self.reasons], "risk_score": self.risk_score,
                "risk_model_version": self.risk_model_version, "risk_terms": list(self.risk_terms)}


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("AGENCY_MISSING", REJECT,
         "Tidak ada izin P3MI: perekrut perseorangan dilarang menempatkan PMI.",
         "No P3MI licence given: individuals may not place migrant workers.",
         "UU 18/2017 Pasal 69 jo. Pasal 81"),
    Rule("AGENCY_UNLICENSED", REJECT,
         "Nomor izin agensi tidak terdaftar sebagai P3MI resmi.",
         "The agency licence number is not in the P3MI licence registry.",
         "UU 18/2017 Pasal 69; Permen P2MI 1/2025 (SIP3MI)"),
    Rule("AGENCY_EXPIRED", REJECT,
         "Izin P3MI agensi sudah habis masa berlakunya.",
         "The agency's P3MI licence has expired.",
         "Permen P2MI 1/2025 (SIP3MI berlaku 1 tahun)"),
    Rule("AGENCY_SUSPENDED", REJECT,
         "Izin P3MI agensi sedang dibekukan atau sudah dicabut.",
         "The agency's P3MI licence is suspended or revoked.",
         "Permen P2MI 1/2025; UU 18/2017 Pasal 69"),
    Rule("JOB_ORDER_UNVERIFIED", REJECT,
         "Job order belum diverifikasi oleh Perwakilan RI (atase ketenagakerjaan).",
         "The job order has not been verified by the Indonesian mission (labour attaché).",
         "UU 18/2017 Pasal 9-10"),
    Rule("JOB_ORDER_UNKNOWN", REVIEW,
         "Tidak jelas apakah job order sudah diverifikasi Perwakilan RI.",
         "It is not stated whether the Indonesian mission verified the job order.",
         "UU 18/2017 Pasal 9-10"),
    Rule("FEE_ZERO_COST", REJECT,
         "Pekerja dibebani biaya penempatan, padahal jabatan ini bebas biaya penempatan.",
         "The worker is charged a fee in an occupation that must be free of placement costs.",
         "UU 18/2017 Pasal 30; Perban BP2MI 9/2020"),
    Rule("FEE_ZERO_COST_TAIWAN", REVIEW,
         "Biaya untuk pekerja di jabatan bebas biaya; Taiwan punya pengecualian, perlu diperiksa petugas.",
         "A worker fee in a zero-cost occupation; Taiwan has an exception, so an officer must check it.",
         "Perban BP2MI 9/2020; Taiwan exemption (Taipei Times 2022-08-06) [UNCERTAIN]", uncertain=True),
    Rule("FEE_ABOVE_CAP", REJECT,
         "Biaya yang dibebankan ke pekerja melebihi batas biaya penempatan negara tujuan.",
         "The fee charged to the worker is above the destination's allowed placement cost.",
         "Perban BP2MI 2/2020 Pasal 3; KEPKA struktur biaya per negara"),
    Rule("FEE_UNCAPPED", REVIEW,
         "Pekerja dibebani biaya dan batas biaya untuk negara ini tidak diketahui.",
         "The worker is charged a fee and no cost ceiling is known for this corridor.",
         "ILO General Principles for Fair Recruitment (employer pays), 2019"),
    Rule("VISA_NOT_WORK", REJECT,
         "Berangkat dengan visa kunjungan, turis atau ziarah untuk bekerja adalah penempatan ilegal.",
         "Working on a visit, tourist or pilgrimage visa is an illegal placement.",
         "UU 18/2017 Pasal 13 (visa kerja wajib); Kemnaker red flags (Kompas 2022-08-28)"),
    Rule("VISA_UNCLEAR", REVIEW,
         "Jenis visa tidak disebut atau bukan visa kerja.",
         "The visa type is missing or is not a work visa.",
         "UU 18/2017 Pasal 13"),
    Rule("PAY_BELOW_FLOOR", REJECT,
         "Gaji di bawah upah minimum resmi negara tujuan untuk jenis pekerjaan ini.",
         "Pay is below the destination's legal minimum for this kind of work.",
         "corridor wage floor (see detail)"),
    Rule("PAY_UNCHECKABLE", REVIEW,
         "Gaji tidak bisa diperiksa: jumlah, mata uang, periode atau jam kerja tidak lengkap.",
         "Pay cannot be checked: amount, currency, period or working hours are missing.",
         "UU 18/2017 Pasal 15 (upah wajib ada di perjanjian kerja)"),
    Rule("HOUSEHOLD_CLOSED_COUNTRY", REJECT,
         "Penempatan pada pengguna perseorangan (rumah tangga) di negara ini dihentikan.",
         "Placement with household (individual) employers in this country is banned.",
         "Kepmenaker 260/2015"),
    Rule("HOUSEHOLD_SPSK_ONLY", REJECT,
         "Di Arab Saudi, pekerjaan rumah tangga hanya lewat SPSK dengan majikan berbadan hukum (syarikah).",
         "In Saudi Arabia, domestic work is allowed only through SPSK with a company (syarikah) employer.",
         "Kepmenaker 260/2015; Kepmenaker 291/2018 (SPSK)"),
    Rule("PASSPORT_RETAINED", REJECT,
         "Paspor ditahan oleh majikan atau agensi. Paspor harus dipegang pekerja sendiri.",
         "The passport is held by the employer or agency. Workers must keep their own passport.",
         "ILO forced-labour indicator: retention of identity documents (2012)",
         {"MY": "MoU RI-Malaysia 2022"}),
    Rule("NO_REST_DAY", REJECT,
         "Tidak ada hari libur.",
         "No rest day.",
         "ILO forced-labour indicator: excessive overtime (2012); UU 18/2017 Pasal 15 (istirahat dan cuti)"),
    Rule("REST_BELOW_MINIMUM", REJECT,
         "Hari libur kurang dari satu hari per minggu yang diwajibkan negara tujuan.",
         "Fewer rest days than the one day a week the destination requires.",
         "UU 18/2017 Pasal 15 (istirahat dan cuti)",
         {"HK": "HK Employment Ordinance (1 rest day per 7 days)", "MY": "MoU RI-Malaysia 2022",
          "BN": "Brunei terms 2015"}),
    Rule("REST_LOW", REVIEW,
         "Hari libur kurang dari 4 hari per bulan.",
         "Fewer than 4 rest days a month.",
         "UU 18/2017 Pasal 15 (istirahat dan cuti)"),
    Rule("REST_UNKNOWN", REVIEW,
         "Jumlah hari libur tidak disebut.",
         "The number of rest days is not stated.",
         "UU 18/2017 Pasal 15"),
    Rule("NO_CONTRACT_DURATION", REJECT,
         "Lama kontrak tidak disebut: perjanjian kerja wajib memuat jangka waktu.",
         "No contract duration: the employment contract must state it.",
         "UU 18/2017 Pasal 15"),
    Rule("UNDERAGE", REJECT,
         "Usia minimum di bawah 18 tahun.",
         "The minimum age is below 18.",
         "UU 18/2017 Pasal 5 (usia minimal 18 tahun) jo. Pasal 80"),
    Rule("AGE_OUTSIDE_SCHEME", REVIEW,
         "Batas usia tidak sesuai dengan skema penempatan negara tujuan.",
         "The age range does not fit the destination scheme's limits.",
         "scheme age limits (see detail)"),
    Rule("TEXT_PASSPORT_RETENTION", REJECT,
         "Iklan menyebut paspor akan dipegang majikan atau agensi.",
         "The ad says the passport will be kept by the employer or agency.",
         "ILO forced-labour indicator: retention of identity documents (2012)"),
    Rule("TEXT_VISA_CONVERSION", REJECT,
         "Iklan menyebut visa kunjungan/turis/ziarah/umroh, 'calling visa' atau jalur non-prosedural, bukan "
         "visa kerja.",
         "The ad names a visit/tourist/pilgrimage visa, a 'calling visa' or an irregular route instead of a "
         "work visa.",
         "Kemnaker red flags no. 7 (Kompas 2022-08-28); UU 18/2017 Pasal 13"),
    Rule("TEXT_NO_REST_DAY", REJECT,
         "Iklan menyebut tidak ada hari libur atau kerja 7 hari seminggu.",
         "The ad says there is no day off, or work seven days a week.",
         "ILO forced-labour indicator: excessive overtime (2012); UU 18/2017 Pasal 15 (istirahat dan cuti)"),
    Rule("TEXT_MOVEMENT_RESTRICTED", REJECT,
         "Iklan menyebut pekerja dilarang keluar, dikunci, atau HP-nya disita.",
         "The ad says the worker may not go out, is locked in, or has the phone taken away.",
         "ILO forced-labour indicators: restriction of movement, isolation (2012)"),
    Rule("TEXT_HOUSEHOLD_CLOSED_COUNTRY", REJECT,
         "Iklan menyebut pekerjaan rumah tangga (TKW/ART/PRT) di negara yang menutup penempatan pada pengguna "
         "perseorangan.",
         "The ad describes household work (TKW/ART/PRT) in a country closed to household placement.",
         "Kepmenaker 260/2015; Kepmenaker 291/2018 (SPSK: syarikah only in Saudi Arabia)"),
    Rule("FIELD_TEXT_MISMATCH", REVIEW,
         "Isi iklan bertentangan dengan data job order (jenis pekerjaan, negara atau gaji); petugas perlu memeriksa.",
         "The ad's text contradicts the job order's fields (kind of work, country or pay); an officer must check.",
         "UU 18/2017 Pasal 9-10 (job order diverifikasi); Pasal 82 (pekerjaan tidak sesuai perjanjian kerja)"),
    Rule("TEXT_PAY_BELOW_FLOOR", REJECT,
         "Gaji yang disebut di iklan (misalnya gaji bersih) di bawah upah minimum negara tujuan.",
         "Pay quoted in the ad (e.g. net pay) is below the destination's legal minimum.",
         "corridor wage floor (see detail)"),
    Rule("TEXT_UPFRONT_FEE", REJECT,
         "Iklan meminta biaya pendaftaran/proses di muka atau transfer ke rekening pribadi.",
         "The ad asks for a registration or processing fee up front or to a personal account.",
         "Kemnaker red flags no. 4 (Kompas 2022-08-28); UU 18/2017 Pasal 30"),
    Rule("TEXT_SALARY_DEDUCTION", REJECT,
         "Iklan menyebut potongan gaji untuk membayar biaya: jerat utang.",
         "The ad mentions salary deductions to repay fees: debt bondage.",
         "ILO forced-labour indicator: debt bondage (2012); UU 21/2007 Pasal 1 (penjeratan utang)"),
    Rule("TEXT_SCAM_LURE", REJECT,
         "Pola penipuan kerja online: 'admin/customer service online' di negara rawan TPPO.",
         "Online-scam pattern: 'online admin / customer service' job in a trafficking hotspot.",
         "Kemlu data 2020-2024 (Tempo 2024-07-04); Kemnaker red flags no. 2-3"),
    Rule("TEXT_HIGH_PAY_NO_REQUIREMENTS", REVIEW,
         "Gaji jauh di atas biasanya tanpa syarat apa pun.",
         "Pay far above the norm with no requirements at all.",
         "Kemnaker red flags no. 2-3 (Kompas 2022-08-28)"),
    Rule("TEXT_PERSONAL_CONTACT", REVIEW,
         "Kontak lewat WhatsApp/Telegram/DM/japri, nomor pribadi atau email gratisan, bukan kantor resmi.",
         "Contact is through WhatsApp/Telegram/DM, a personal number or free e-mail, not an office.",
         "Kemnaker red flags no. 1 (Kompas 2022-08-28); Polres Muara Enim (Liputan6 2024-12-23)"),
    Rule("DESCRIPTION_MISSING", REVIEW,
         "Iklan tanpa deskripsi: jenis pekerjaan dan kondisi kerja harus dijelaskan; petugas perlu memeriksa.",
         "The listing has no description: the job and its working conditions must be described; an officer must "
         "check it.",
         "UU 18/2017 Pasal 15 (jenis pekerjaan dan kondisi kerja); PP 59/2021 Pasal 4 (informasi lowongan)"),
    Rule("MODEL_CANNOT_JUDGE", REVIEW,
         "Teks iklan tidak bisa dinilai model risiko (terlalu pendek, bahasa tidak dikenal, atau tidak mirip data "
         "latihnya); petugas perlu membacanya.",
         "The listing-risk model cannot judge this text (near-empty, an unknown language, or unlike its training "
         "data); an officer must read it.",
         "Layak listing-risk policy: a score on text the model cannot read verifies nothing (docs/risk-model.md)"),
    Rule("UNKNOWN_CORRIDOR", REVIEW,
         "Negara tujuan belum ada di data Layak; perlu diperiksa petugas.",
         "The destination is not in Layak's reference data; an officer must check it.",
         "PP 59/2021 Pasal 4 (daftar negara tujuan)"),
)}

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


def _fire(rule_id: str, detail: str = "", detail_id: str = "", source: str | None = None,
          country: str | None = None) -> Reason:
    """The rule's reason, with what in this listing made it fire in English (``detail``) and Indonesian, and the
    sources that apply in the listing's ``country``."""
    rule = RULES[rule_id]
    return Reason(rule.id, rule.severity, rule.reason_id, rule.reason_en, source or rule.source_for(country), detail,
                  detail_id or detail)


def _rp(amount: float, lang: str) -> str:
    """Rupiah as each language writes it: Rp1,500,000 / Rp1.500.000."""
    return f"Rp{amount:,.0f}" if lang == "en" else "Rp" + f"{amount:,.0f}".replace(",", ".")


def _agency(c: _Ctx) -> list[Reason]:
    licence = (c.listing.agency_licence or "").strip()
    if not licence:
        name = c.listing.agency_name
        return [_fire("AGENCY_MISSING", f"recruiter: {name or 'not named'}",
                      f"perekrut: {name or 'tidak disebut'}")]
    agency = c.agencies.get(licence)
    if agency is None:
        return [_fire("AGENCY_UNLICENSED", f"licence '{licence}' not found",
                      f"izin '{licence}' tidak ada di daftar P3MI")]
    if agency.status != "active":
        status_id = {"suspended": "dibekukan", "revoked": "dicabut"}.get(agency.status, agency.status)
        return [_fire("AGENCY_SUSPENDED", f"{agency.agency_name}: {agency.status}",
                      f"{agency.agency_name}: {status_id}")]
    if agency.valid_until is not None and agency.valid_until < c.as_of:
        return [_fire("AGENCY_EXPIRED", f"{agency.agency_name}: valid until {agency.valid_until.isoformat()}",
                      f"{agency.agency_name}: berlaku sampai {agency.valid_until.isoformat()}")]
    if agency.valid_from is not None and agency.valid_from > c.as_of:
        return [_fire("AGENCY_EXPIRED", f"{agency.agency_name}: valid only from {agency.valid_from.isoformat()}",
                      f"{agency.agency_name}: baru berlaku mulai {agency.valid_from.isoformat()}")]
    return []


def _job_order(c: _Ctx) -> list[Reason]:
    if c.listing.job_order_verified is False:
        return [_fire("JOB_ORDER_UNVERIFIED", "job_order_verified = false",
                      "job order tertulis belum diverifikasi (job_order_verified = false)")]
    if not c.listing.job_order_ref:
        return [_fire("JOB_ORDER_UNVERIFIED", "no job order reference", "tidak ada nomor job order")]
    if c.listing.job_order_verified is None:
        return [_fire("JOB_ORDER_UNKNOWN")]
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
        return [_fire(rule, f"{shown} for {occ['label_en']}", f"{shown_id} untuk {occ['label_id']}")]
    cap = c.ref.fee_cap_idr(c.listing.country, _wage_category(c))
    if cap is None:
        return [_fire("FEE_UNCAPPED", shown, shown_id)]
    if fee > cap["max_idr"]:
        return [_fire("FEE_ABOVE_CAP", f"{shown} > cap {_rp(cap['max_idr'], 'en')}",
                      f"{shown_id} > batas {_rp(cap['max_idr'], 'id')}",
                      source=f"{RULES['FEE_ABOVE_CAP'].source}; {cap['source']}")]
    return []


def _visa(c: _Ctx) -> list[Reason]:
    visa = c.listing.visa_type
    if visa in ("visit", "tourist", "pilgrimage"):
        return [_fire("VISA_NOT_WORK", f"visa_type = {visa}", f"jenis visa: {VISA_ID.get(visa, visa)}")]
    if visa != "work":
        return [_fire("VISA_UNCLEAR", f"visa_type = {visa or 'missing'}",
                      f"jenis visa: {VISA_ID.get(visa, visa) if visa else 'tidak disebut'}")]
    return []


def _pay(c: _Ctx) -> list[Reason]:
    ln = c.listing
    floor = c.ref.wage_floor(ln.country, _wage_category(c), c.as_of)
    if ln.salary_amount is None or not ln.salary_currency or ln.salary_period is None:
        return [_fire("PAY_UNCHECKABLE", "salary amount, currency or period missing",
                      "jumlah gaji, mata uang atau periode gaji tidak disebut")]
    if floor is None:
        return []
    if floor["period"] == "month":
        offered = c.norm.monthly_salary_local
        unit = "month"
    else:  # hourly (or daily) floors compare per hour (or day) actually worked
        if not ln.hours_per_week:
            period_id = {"hour": "per jam", "day": "per hari"}.get(floor["period"], floor["period"])
            return [_fire("PAY_UNCHECKABLE", f"{floor['period']}ly floor but no hours_per_week",
                          f"upah minimum dihitung {period_id}, tetapi jam kerja per minggu tidak disebut")]
        per_month_hours = ln.hours_per_week * WEEKS_PER_MONTH
        monthly = c.norm.monthly_salary_local
        if monthly is None:
            return [_fire("PAY_UNCHECKABLE", "pay period cannot be converted", "periode gaji tidak bisa dihitung")]
        offered = monthly / per_month_hours if floor["period"] == "hour" else monthly / (per_month_hours / 8.0)
        unit = floor["period"]
    if offered is None:
        return [_fire("PAY_UNCHECKABLE", "pay period cannot be converted", "periode gaji tidak bisa dihitung")]
    offered_in_floor = c.ref.convert(offered, ln.salary_currency, floor["currency"])
    if offered_in_floor is None:
        return [_fire("PAY_UNCHECKABLE", f"unknown currency {ln.salary_currency}",
                      f"mata uang {ln.salary_currency} tidak dikenal")]
    if offered_in_floor + 1e-6 < floor["amount"]:
        cur, since = floor["currency"], floor["effective_from"].isoformat()
        unit_id = {"month": "bulan", "hour": "jam", "day": "hari"}.get(unit, unit)
        detail = (f"{offered_in_floor:,.2f} {cur}/{unit} < floor {floor['amount']:,.2f} {cur}/{unit} (from {since})")
        detail_id = (f"{fmt_number(offered_in_floor, 'id', 2)} {cur}/{unit_id} < upah minimum "
                     f"{fmt_number(floor['amount'], 'id', 2)} {cur}/{unit_id} (sejak {since})")
        source = f"{floor['source']} (effective {since})"
        return [_fire("PAY_BELOW_FLOOR", detail, detail_id, source=source)]
    return []


def _household(c: _Ctx) -> list[Reason]:
    country = c.ref.row("countries", c.listing.country)
    if c.listing.employer_type != "household" or country is None:
        return []
    status = country["household_placement"]
    if status == "closed":
        return [_fire("HOUSEHOLD_CLOSED_COUNTRY", f"household employer in {country['name_en']}",
                      f"pemberi kerja rumah tangga di {country['name_id']}")]
    if status == "spsk_only":
        return [_fire("HOUSEHOLD_SPSK_ONLY", f"household employer in {country['name_en']}",
                      f"pemberi kerja rumah tangga di {country['name_id']}")]
    return []


def _passport(c: _Ctx) -> list[Reason]:
    if c.listing.passport_held_by in ("employer", "agency"):
        holder = c.listing.passport_held_by
        return [_fire("PASSPORT_RETAINED", f"passport_held_by = {holder}",
                      f"paspor dipegang oleh {'pemberi kerja' if holder == 'employer' else 'agensi'}",
                      country=c.listing.country)]
    return []


def _rest_and_contract(c: _Ctx) -> list[Reason]:
    out = []
    rest = c.listing.rest_days_per_month
    if rest is None:
        out.append(_fire("REST_UNKNOWN"))
    elif rest < 1:
        out.append(_fire("NO_REST_DAY", f"rest_days_per_month = {rest:g}",
                         f"hari libur per bulan: {fmt_number(rest, 'id')}"))
    elif rest < 4:
        rule = "REST_BELOW_MINIMUM" if c.listing.country in WEEKLY_REST_COUNTRIES else "REST_LOW"
        out.append(_fire(rule, f"rest_days_per_month = {rest:g}", f"hari libur per bulan: {fmt_number(rest, 'id')}",
                         country=c.listing.country))
    if c.listing.contract_months is None:
        out.append(_fire("NO_CONTRACT_DURATION"))
    return out


def _age(c: _Ctx) -> list[Reason]:
    ln = c.listing
    if ln.min_age is not None and ln.min_age < 18:
        return [_fire("UNDERAGE", f"min_age = {ln.min_age}", f"usia minimal: {ln.min_age} tahun")]
    for (country, employer_type, occ), (lo, hi, source) in SCHEME_AGES.items():
        if country == ln.country and employer_type in (None, ln.employer_type) and occ in (None, c.norm.occupation_id):
            low_ok = ln.min_age is None or ln.min_age >= lo
            high_ok = ln.max_age is None or ln.max_age <= hi
            if not (low_ok and high_ok):
                return [_fire("AGE_OUTSIDE_SCHEME", f"{ln.min_age}-{ln.max_age} vs scheme {lo}-{hi}",
                              f"usia {ln.min_age}-{ln.max_age}, skema {lo}-{hi}", source=source)]
    return []


def _corridor(c: _Ctx) -> list[Reason]:
    if c.ref.row("countries", c.listing.country) is None:
        return [_fire("UNKNOWN_CORRIDOR", f"country = {c.listing.country}", f"negara: {c.listing.country}")]
    return []


def _text(c: _Ctx) -> list[Reason]:
    """What the text says (``features.text_checks``), then the lure, high-pay and contact red flags."""
    out = [_fire(f.rule_id, f.detail, f.detail_id, source=f.source, country=c.listing.country)
           for f in text_findings(c.listing, c.norm, c.ref, c.as_of, _wage_category(c))]
    if not (c.listing.description or "").strip():
        out.append(_fire("DESCRIPTION_MISSING", "description is empty", "deskripsi kosong"))
    hits = c.text_hits
    country = c.listing.country
    row = c.ref.row("countries", country)
    hotspot = bool(row and row["scam_hotspot"])
    lure = "online_job_lure" in hits or c.norm.occupation_id == "customer_service_agent"
    if hotspot and lure:
        name_en, name_id = (row["name_en"], row["name_id"]) if row else (country, country)
        lure_text = hits.get("online_job_lure")
        out.append(_fire("TEXT_SCAM_LURE", f"{lure_text or 'customer service job'} in {name_en}",
                         f"{lure_text or 'pekerjaan layanan pelanggan'} di {name_id}"))
    if "no_requirements" in hits and _pay_ratio(c) >= HIGH_PAY_FACTOR:
        out.append(_fire("TEXT_HIGH_PAY_NO_REQUIREMENTS",
                         f"\"{hits['no_requirements']}\", pay ≥ {HIGH_PAY_FACTOR:g}× the floor",
                         f"\"{hits['no_requirements']}\", gaji ≥ {HIGH_PAY_FACTOR:g}× upah minimum"))
    contact = c.listing.contact or ""
    if "personal_contact" in hits_of(contact) or (contact and _looks_personal_phone(contact)):
        out.append(_fire("TEXT_PERSONAL_CONTACT", f"contact: {contact[:60]}", f"kontak: {contact[:60]}"))
    elif "personal_contact" in hits:
        out.append(_fire("TEXT_PERSONAL_CONTACT", f"the text says \"{hits['personal_contact']}\"",
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


# ---- the listing-risk model (issue #3): it may add "needs review", never overrides a rule -----------------

class RiskScorer(Protocol):
    """The listing-risk model as screening sees it (``models.risk.ListingRiskModel`` satisfies it)."""

    threshold: float  # P(unsafe) at or above which a listing goes to review

    def assess(self, listing: ListingIn, norm: NormalisedListing, as_of: date) -> Any:
        """A ``models.risk.RiskAssessment``: ``probability``, ``version``, ``terms``, ``judgeable``,
        ``cannot_judge`` and ``cannot_judge_detail``."""
        ...


RISK_RULE = Rule("RISK_MODEL", REVIEW,
                 "Model risiko Layak menilai iklan ini mirip iklan penipuan; petugas perlu memeriksanya.",
                 "Layak's risk model finds this listing similar to scams; an officer must check it.",
                 "Layak listing-risk model, threshold calibrated on real labelled scams (docs/risk-model.md)")
CANNOT_JUDGE_WORDS = {"near_empty": ("teks terlalu pendek", "near-empty text"),
                      "unknown_language": ("bahasa tidak dikenal", "unknown language"),
                      "out_of_distribution": ("teks tidak mirip data latih", "text unlike the training data")}


def _terms(terms: list[dict[str, Any]], key: str) -> str:
    return ", ".join(f"{t.get(key) or t['term']} (+{t['weight']:.2f})" for t in terms)


def apply_risk(verdict: Verdict, risk: RiskScorer, listing: ListingIn, norm: NormalisedListing,
               as_of: date) -> Verdict:
    """The fail-safe policy: verified needs every rule passing AND a model that can judge the text AND a score
    below the threshold calibrated on real scams.

    The score, version and top terms are recorded whatever the status. A rejected listing stays rejected (no
    reason added). Text the model cannot judge adds ``MODEL_CANNOT_JUDGE`` with the reason; a score at or above
    the threshold adds ``RISK_MODEL`` with the terms behind it, in English and Indonesian.
    """
    found = risk.assess(listing, norm, as_of)
    verdict.risk_score, verdict.risk_model_version = float(found.probability), found.version
    verdict.risk_terms = list(found.terms)
    if verdict.status == "rejected":
        return verdict
    source = (f"Layak listing-risk model v{found.version}; threshold calibrated on real labelled scams "
              "(docs/risk-model.md)")
    if not found.judgeable:
        id_words, en_words = CANNOT_JUDGE_WORDS.get(found.cannot_judge, (found.cannot_judge, found.cannot_judge))
        verdict.reasons.append(_fire("MODEL_CANNOT_JUDGE", f"{en_words}: {found.cannot_judge_detail}", id_words))
    elif found.probability >= risk.threshold:
        shown_en = _terms(found.terms, "term") or "no single term stands out"
        shown_id = _terms(found.terms, "term_id") or "tidak ada satu istilah yang menonjol"
        verdict.reasons.append(Reason(
            RISK_RULE.id, RISK_RULE.severity, RISK_RULE.reason_id, RISK_RULE.reason_en, source,
            f"risk {found.probability:.2f} ≥ threshold {risk.threshold:.2f}; top terms: {shown_en}",
            f"risiko {fmt_number(found.probability, 'id', 2)} ≥ ambang {fmt_number(risk.threshold, 'id', 2)}; "
            f"istilah utama: {shown_id}"))
    else:
        return verdict
    verdict.status = "needs_review"
    return verdict
