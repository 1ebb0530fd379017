"""Job listings: the CSV/JSON input schema (docs/contracts.md, "Listing CSV") and the normalised form.

``parse_listing_row`` turns one CSV row (all strings, empty = unknown) into a validated ``ListingIn``
or raises ``FieldError`` naming the row and field. ``normalise_listing`` reads the free text into
canonical ids and converts pay to a monthly amount in local currency and in IDR.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from features.iso import ISO_3166_ALPHA2, ISO_4217
from features.levels import parse_requirement
from features.occupations import code_occupation
from features.reference import Reference, load_reference
from features.skill_reader import read_skills
from features.text import read_item, sector_id, split_list
from features.validation import FieldError, field_errors, no_lone_surrogates

LISTING_COLUMNS: tuple[str, ...] = (
    "listing_ref", "title", "description", "occupation", "sector", "employer_name", "employer_type",
    "country", "city", "agency_name", "agency_licence", "job_order_ref", "job_order_verified",
    "required_skills", "required_certificates", "required_languages", "min_experience_years",
    "min_age", "max_age", "gender", "salary_amount", "salary_currency", "salary_period",
    "hours_per_week", "rest_days_per_month", "worker_fee_amount", "worker_fee_currency",
    "contract_months", "visa_type", "accommodation_provided", "passport_held_by", "contact",
    "posted_at", "expires_at",
)
LIST_COLUMNS = ("required_skills", "required_certificates", "required_languages")
WEEKS_PER_MONTH = 52 / 12
HOURS_PER_DAY = 8.0
MAX_TEXT = 5000


class ListingIn(BaseModel):
    """One job order as submitted by an agency (CSV row or JSON object)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    listing_ref: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=MAX_TEXT)
    occupation: str | None = Field(default=None, max_length=200)
    sector: str | None = Field(default=None, max_length=80)
    employer_name: str | None = Field(default=None, max_length=200)
    employer_type: Literal["company", "household"] | None = None
    country: str = Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2")
    city: str | None = Field(default=None, max_length=120)
    agency_name: str | None = Field(default=None, max_length=200)
    agency_licence: str | None = Field(default=None, max_length=80)
    job_order_ref: str | None = Field(default=None, max_length=120)
    job_order_verified: bool | None = None
    required_skills: list[str] = Field(default_factory=list, max_length=50)
    required_certificates: list[str] = Field(default_factory=list, max_length=30)
    required_languages: list[str] = Field(default_factory=list, max_length=10)
    min_experience_years: float | None = Field(default=None, ge=0, le=60)
    min_age: int | None = Field(default=None, ge=0, le=100)
    max_age: int | None = Field(default=None, ge=0, le=100)
    gender: Literal["any", "female", "male"] = "any"
    salary_amount: float | None = Field(default=None, ge=0, le=1e12)
    salary_currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$", description="ISO 4217")
    salary_period: Literal["month", "day", "hour"] | None = None
    hours_per_week: float | None = Field(default=None, ge=0, le=168)
    rest_days_per_month: float | None = Field(default=None, ge=0, le=31)
    worker_fee_amount: float | None = Field(default=None, ge=0, le=1e13)
    worker_fee_currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    contract_months: int | None = Field(default=None, ge=1, le=120)
    visa_type: Literal["work", "visit", "tourist", "pilgrimage", "student", "other"] | None = None
    accommodation_provided: bool | None = None
    passport_held_by: Literal["worker", "employer", "agency"] | None = None
    contact: str | None = Field(default=None, max_length=300)
    posted_at: date | None = None
    expires_at: date | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _valid_text(cls, value: Any) -> Any:
        return no_lone_surrogates(value)

    @field_validator(*LIST_COLUMNS, mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return split_list(value)
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        code = value.upper()
        if code not in ISO_3166_ALPHA2:
            raise PydanticCustomError(
                "iso_country", "'{value}' is not an ISO 3166 alpha-2 country code (e.g. HK, TW, MY)", {"value": value})
        return code

    @field_validator("salary_currency", "worker_fee_currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.upper()
        if code not in ISO_4217:
            raise PydanticCustomError("iso_currency",
                                      "'{value}' is not an ISO 4217 currency code (e.g. HKD, TWD, MYR, IDR)",
                                      {"value": value})
        return code

    @field_validator("employer_type", "gender", "salary_period", "visa_type", "passport_held_by", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


def parse_listing_row(row: dict[str, Any], row_no: int | None = None) -> ListingIn:
    """A CSV row (strings; empty = unknown) -> ListingIn.

    Raises:
        FieldError: the first bad field, with ``row_no`` and what was expected. Use
            ``listing_row_errors`` to get all of them.
    """
    errors = listing_row_errors(row, row_no)
    if errors:
        raise errors[0]
    return ListingIn.model_validate(_clean_row(row))


def listing_row_errors(row: dict[str, Any], row_no: int | None = None) -> list[FieldError]:
    """Every problem with one CSV row (an empty list means the row is valid)."""
    unknown = [k for k in row if k not in LISTING_COLUMNS and k not in ("flaw",)]
    expected = ", ".join(LISTING_COLUMNS)
    errors = [FieldError(k, f"is not a column of the listing CSV; expected one of {expected}", row_no,
                         f"bukan kolom CSV lowongan; kolom yang dikenal: {expected}", "unknown_column")
              for k in unknown]
    try:
        ListingIn.model_validate(_clean_row(row))
    except ValidationError as exc:
        errors.extend(field_errors(exc, row_no))
    return errors


def _clean_row(row: dict[str, Any]) -> dict[str, Any]:
    """Known columns only; empty cells (and pandas NaN) are left out so the field's default applies."""
    out = {}
    for key in LISTING_COLUMNS:
        value = row.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "" or (isinstance(value, float) and value != value):
            continue
        out[key] = value
    return out


@dataclass
class NormalisedListing:
    """A listing in canonical terms. Money: ``*_local`` in the listing's currency, ``*_idr`` in rupiah."""

    occupation_id: str | None
    sector: str | None
    skills: list[str]
    unknown_skills: list[str]
    certificates: list[str]
    unknown_certificates: list[str]
    languages: dict[str, int]
    unknown_languages: list[str]
    monthly_salary_local: float | None
    monthly_salary_idr: float | None
    worker_fee_idr: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def monthly_salary(amount: float | None, period: str | None, hours_per_week: float | None) -> float | None:
    """Pay per month in the listing's currency.

    Hourly pay × hours/week × 52/12; daily pay × (hours/week ÷ 8) days/week × 52/12. Returns None when
    the period is unknown or hourly/daily pay comes without working hours (it cannot be checked).
    """
    if amount is None:
        return None
    if period in (None, "month"):
        return float(amount) if period == "month" else None
    if not hours_per_week:
        return None
    if period == "hour":
        return float(amount) * hours_per_week * WEEKS_PER_MONTH
    if period == "day":
        return float(amount) * (hours_per_week / HOURS_PER_DAY) * WEEKS_PER_MONTH
    return None


def _occupation_of(listing: ListingIn, ref: Reference) -> str | None:
    """The listing's occupation: the occupation field, else the title, else the description.

    A field or title is read by the taxonomy's phrases and coded to ISCO-08 through the national vocabulary.
    When both read it and disagree on the ISCO group, the coder wins: the phrase list matches single words
    ("helper" in "Staff Gudang Helper") where the coder weighs the whole title. Only a sure reading of a group
    Layak serves names an occupation.
    """
    for text in (listing.occupation, listing.title):
        if not text:
            continue
        reading = read_item(text, ("occupation",), ref)
        phrase = reading.matches[0].id if reading.matches else None
        if phrase is None and text is listing.occupation and reading.fuzzy:
            phrase = reading.fuzzy[1]
        best = code_occupation(text).best
        phrase_row = ref.row("occupations", phrase) if phrase else None
        if best is not None and best.occupation_id and (
                phrase_row is None or str(phrase_row["isco08"]) != best.isco08):
            return best.occupation_id
        if phrase:
            return phrase
    if listing.description:
        reading = read_item(listing.description, ("occupation",), ref)
        if reading.matches:
            return reading.matches[0].id
    return None


def _sector_of(listing: ListingIn, occupation_id: str | None, ref: Reference) -> str | None:
    if listing.sector:
        found = sector_id(listing.sector, ref)
        if found:
            return found
    occ = ref.row("occupations", occupation_id or "")
    return str(occ["sector"]) if occ else None


def normalise_listing(listing: ListingIn, ref: Reference | None = None) -> NormalisedListing:
    """Canonical ids and monthly pay for one listing (pure; never raises on unknown text)."""
    ref = ref or load_reference()
    occupation_id = _occupation_of(listing, ref)
    skills: set[str] = set()
    unknown_skills: list[str] = []
    for item in listing.required_skills:
        reading = read_item(item, ("skill",), ref)
        found = [m.id for m in reading.matches] or ([reading.fuzzy[1]] if reading.fuzzy else [])
        if not found:  # "Mampu mengendarai mobil manual": the vocabulary's skill reader
            found = [r.skill_id for r in read_skills(item) if r.skill_id in ref.skills.index]
        skills.update(found)
        if not found:
            unknown_skills.append(item)
    certs: set[str] = set()
    unknown_certs: list[str] = []
    for item in listing.required_certificates:
        reading = read_item(item, ("certificate",), ref)
        found = [m.id for m in reading.matches] or ([reading.fuzzy[1]] if reading.fuzzy else [])
        certs.update(found)
        if not found:
            unknown_certs.append(item)
    languages: dict[str, int] = {}
    unknown_langs: list[str] = []
    for spec in listing.required_languages:
        parsed = parse_requirement(spec, ref)
        if parsed is None:
            unknown_langs.append(spec)
        else:
            languages[parsed.lang] = max(languages.get(parsed.lang, 0), parsed.rank)
    monthly = monthly_salary(listing.salary_amount, listing.salary_period, listing.hours_per_week)
    monthly_idr = ref.to_idr(monthly, listing.salary_currency or "") if monthly is not None else None
    fee_idr = None
    if listing.worker_fee_amount is not None:
        fee_idr = ref.to_idr(listing.worker_fee_amount, listing.worker_fee_currency or "IDR")
    return NormalisedListing(
        occupation_id=occupation_id,
        sector=_sector_of(listing, occupation_id, ref),
        skills=sorted(skills),
        unknown_skills=unknown_skills,
        certificates=sorted(certs),
        unknown_certificates=unknown_certs,
        languages=dict(sorted(languages.items())),
        unknown_languages=unknown_langs,
        monthly_salary_local=monthly,
        monthly_salary_idr=monthly_idr,
        worker_fee_idr=fee_idr,
    )


# The template's example agency. The demo's licence registry always holds it (matching/demo), so the template's
# own example row is verified on the demo it ships with.
TEMPLATE_AGENCY_NAME = "PT Contoh Penempatan"
TEMPLATE_LICENCE = "KEP.001/KP2MI/2026"
TEMPLATE_OPEN_DAYS = 90  # the example row is posted today and stays open this long


def template_example(today: date | None = None) -> dict[str, str]:
    """The template's example row: a household domestic helper in Hong Kong at the current minimum allowable
    wage, posted ``today`` (default: the real today) and open for ``TEMPLATE_OPEN_DAYS``."""
    from datetime import timedelta

    today = today or date.today()
    return {
        "listing_ref": "HK-2026-0001", "title": "Pengurus rumah tangga / Domestic helper",
        # a complete description, as a job order should read: the work, pay, hours, rest, contract, requirements,
        # fees and the verified job order (three short sentences were sent to review by the listing-risk model)
        "description": ("Keluarga 4 orang di Kowloon, Hong Kong mencari pengurus rumah tangga: membersihkan rumah, "
                        "menyetrika dan memasak untuk keluarga. Gaji HK$5.100 per bulan. 60 jam seminggu. Libur 1 "
                        "hari setiap minggu (4 hari sebulan) dan hari libur resmi. Kontrak standar ID 407, 2 tahun. "
                        "Tinggal bersama majikan, kamar sendiri. Syarat: perempuan, usia 21-45 tahun, sertifikat "
                        "kompetensi BNSP Pengurus Rumah Tangga, bahasa Inggris dan Kanton dasar. Tanpa biaya "
                        "penempatan (bebas biaya menurut Perban BP2MI 9/2020). Job order JO/KJRI-HK/2026/00123 sudah "
                        "diverifikasi KJRI Hong Kong. Paspor dipegang pekerja sendiri."),
        "occupation": "pengurus rumah tangga", "sector": "domestic", "employer_name": "Chan Tai Man",
        "employer_type": "household", "country": "HK", "city": "Kowloon", "agency_name": TEMPLATE_AGENCY_NAME,
        "agency_licence": TEMPLATE_LICENCE, "job_order_ref": "JO/KJRI-HK/2026/00123", "job_order_verified": "true",
        "required_skills": "tata graha;menyetrika;memasak",
        "required_certificates": "Sertifikat BNSP Pengurus Rumah Tangga",
        "required_languages": "en:basic;yue:basic", "min_experience_years": "0", "min_age": "21", "max_age": "45",
        "gender": "female", "salary_amount": "5100", "salary_currency": "HKD", "salary_period": "month",
        "hours_per_week": "60", "rest_days_per_month": "4", "worker_fee_amount": "0", "worker_fee_currency": "IDR",
        "contract_months": "24", "visa_type": "work", "accommodation_provided": "true", "passport_held_by": "worker",
        "contact": "rekrutmen@contoh-penempatan.co.id", "posted_at": today.isoformat(),
        "expires_at": (today + timedelta(days=TEMPLATE_OPEN_DAYS)).isoformat(),
    }


TEMPLATE_EXAMPLE: dict[str, str] = template_example()  # dates as of import; template_csv() uses the day it runs


def template_csv(today: date | None = None) -> str:
    """The listing CSV template: the header and one filled-in example row (``template_example``)."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=LISTING_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(template_example(today))
    return buf.getvalue()
