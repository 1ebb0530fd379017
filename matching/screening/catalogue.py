"""The screening rule catalogue: every rule Layak applies to a listing, its severity, its reason in Indonesian
and English and the source it rests on, and the verdict and reasons a screening returns.

The checks that decide when a rule fires live in ``matching.screening.rules``; the listing-risk model's policy in
``matching.screening.risk_policy``. Both build their reasons here (``fire``), so a reason always carries its rule's
words and source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

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
    Rule("RISK_MODEL", REVIEW,
         "Model risiko Layak menilai iklan ini mirip iklan penipuan; petugas perlu memeriksanya.",
         "Layak's risk model finds this listing similar to scams; an officer must check it.",
         "Layak listing-risk model, threshold calibrated on real labelled scams (docs/risk-model.md)"),
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


def fire(rule_id: str, detail: str = "", detail_id: str = "", source: str | None = None,
          country: str | None = None) -> Reason:
    """The rule's reason, with what in this listing made it fire in English (``detail``) and Indonesian, and the
    sources that apply in the listing's ``country``."""
    rule = RULES[rule_id]
    return Reason(rule.id, rule.severity, rule.reason_id, rule.reason_en, source or rule.source_for(country), detail,
                  detail_id or detail)
