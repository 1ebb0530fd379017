"""Request and response bodies of the HTTP API (the worker profile and listing schemas live in features)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from features.listings import ListingIn
from features.profiles import WorkerProfile
from features.validation import no_lone_surrogates

Text = Annotated[str, BeforeValidator(no_lone_surrogates)]  # a lone surrogate is a 422 naming the field


class RecommendationRequest(BaseModel):
    """Either a full ``profile`` or the ``worker_ref`` of a stored worker."""

    model_config = ConfigDict(extra="forbid")
    profile: WorkerProfile | None = None
    worker_ref: Text | None = Field(default=None, max_length=64)
    k: int | None = Field(default=None, ge=1, le=100)

    @model_validator(mode="after")
    def _one_of(self) -> RecommendationRequest:
        if (self.profile is None) == (self.worker_ref is None):
            raise PydanticCustomError("one_of", "give exactly one of {fields}",
                                      {"fields": "'profile', 'worker_ref'"})
        return self


class UnderstandRequest(BaseModel):
    """Exactly one of a profile, a listing or free text."""

    model_config = ConfigDict(extra="forbid")
    profile: WorkerProfile | None = None
    listing: ListingIn | None = None
    text: Text | None = Field(default=None, max_length=10_000)

    @model_validator(mode="after")
    def _one_of(self) -> UnderstandRequest:
        if sum(x is not None for x in (self.profile, self.listing, self.text)) != 1:
            raise PydanticCustomError("one_of", "give exactly one of {fields}",
                                      {"fields": "'profile', 'listing', 'text'"})
        return self


class StoryRequest(BaseModel):
    """A worker's story in her own words (Indonesian or English)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=5000)


class Labelled(BaseModel):
    id: str
    label_en: str
    label_id: str


class MatchPublic(BaseModel):
    rank: int
    listing_id: int
    score: float
    similarity: float
    skill_coverage: float
    listing: dict[str, Any]
    explanation: dict[str, Any]


class RankerPublic(BaseModel):
    """What ranks the candidates: ``layak-ranker`` with its registry version, or ``v0-transparent``."""

    name: str
    version: str | None = None
    detail: str | None = None


class AlsoConsiderPublic(BaseModel):
    """Listings outside the countries the worker named, shown apart because too few inside them fit her."""

    code: str = Field(description="few_in_preferred or none_in_preferred")
    countries: list[str] = Field(description="the countries she named")
    in_preferred: int = Field(description="how many listings in them fit her (the main list)")
    reason_en: str
    reason_id: str
    matches: list[MatchPublic]


class RecommendationsPublic(BaseModel):
    worker_ref: str | None
    scorer: str
    ranker: RankerPublic
    profile_reading: dict[str, Any]
    candidates_considered: int
    excluded_total: int | None = None
    excluded_by_policy: dict[str, int]
    matches: list[MatchPublic] = Field(description="best first; only in the countries she named, if she named any")
    also_consider: AlsoConsiderPublic | None = None


class HealthPublic(BaseModel):
    status: str
    listings_indexed: int
    listings_total: int
    workers: int
    encoder: str
    scorer: str
    ranker: RankerPublic
    version: str


class TrainingPlanPublic(BaseModel):
    """A worker's training plan (matching/stretch.py): ready now, stretch within the budget, helpful courses."""

    worker_ref: str | None
    as_of: str
    budget: dict[str, int | None]
    value: str
    reachable_listings: int
    ready_now_count: int
    within_budget_count: int
    over_budget_count: int
    blocked_count: int
    ready_now: list[dict[str, Any]]
    stretch: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    blocked_by: list[dict[str, Any]]
    documents: list[dict[str, Any]]


class PlannerViewPublic(BaseModel):
    """The planner's k-anonymous cohort view (matching/cohort.py). ``null`` figures are suppressed."""

    filters: dict[str, str | None]
    as_of: str
    k_anonymity: int
    suppressed: bool
    cohort: dict[str, int | None]
    top_gaps: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    rows_left_out: dict[str, int]
    demand: dict[str, list[dict[str, Any]]]
    definitions: dict[str, str]


class _Open(BaseModel):
    """A response body whose documented fields are checked; fields a newer server adds pass through unchanged
    (so a route never silently drops what the domain returns)."""

    model_config = ConfigDict(extra="allow")


class ReasonPublic(_Open):
    """One screening rule that fired, in both languages, with the regulation or guideline behind it."""

    rule_id: str
    severity: str = Field(description="reject or review")
    reason_id: str
    reason_en: str
    source: str = Field(description="the law, article or guideline the rule applies")
    detail: str = Field(default="", description="what in this listing made it fire, in the request's language")
    detail_en: str | None = None
    detail_id: str | None = None


class RowErrorPublic(_Open):
    """Why one CSV row (or JSON field) could not be read: the field and what was expected."""

    field: str
    message: str = Field(description="what was expected, in the request's language")
    message_en: str | None = None
    message_id: str | None = None


class VerdictPublic(_Open):
    """A screening verdict: ``verified`` (shown to workers), ``needs_review`` or ``rejected``."""

    listing_ref: str | None = Field(default=None, description="the job code the listing was sent with")
    status: str
    rules_version: str
    reasons: list[ReasonPublic]
    risk_score: float | None = None
    risk_model_version: str | None = None
    risk_terms: list[dict[str, Any]] = Field(default_factory=list)


class ScreenedRowPublic(_Open):
    """One row of a CSV: its verdict and reasons, or its errors (``status`` = ``error``)."""

    row: int | None
    listing_ref: str | None
    status: str
    listing_id: int | None = Field(default=None, description="set when the row was stored")
    rules_version: str | None = None
    reasons: list[ReasonPublic] = Field(default_factory=list)
    risk_score: float | None = None
    risk_model_version: str | None = None
    risk_terms: list[dict[str, Any]] = Field(default_factory=list)
    errors: list[RowErrorPublic] = Field(default_factory=list)


class ScreeningReportPublic(_Open):
    """Per-row results of a CSV and the counts by status; ``index``: verified listings added to or removed from
    the index (always 0 for a dry run)."""

    counts: dict[str, int]
    index: dict[str, int]
    rows: list[ScreenedRowPublic]


class ListingReviewPublic(_Open):
    by: str
    at: str | None
    reason: str | None


class ListingReadingPublic(_Open):
    """How the listing was read: canonical ids, levels, pay and fee in IDR, and the terms left unknown."""

    occupation_id: str | None
    sector: str | None
    skills: list[str]
    certificates: list[str]
    languages: dict[str, int]
    unknown: list[str]
    monthly_salary_idr: float | None
    worker_fee_idr: float | None


class AuditEventPublic(_Open):
    event: str
    status: str
    previous_status: str | None
    actor: str
    reason: str | None
    rules_version: str | None
    risk_model_version: str | None
    at: str | None


class ListingPublic(_Open):
    """A stored listing: every listing-CSV column as stored, its verdict with reasons, its reading and its audit
    trail (who submitted, screened, reviewed or withdrew it, and when)."""

    id: int
    listing_ref: str
    title: str
    description: str | None
    occupation: str | None
    sector: str | None
    employer_name: str | None
    employer_type: str | None
    country: str
    city: str | None
    agency_name: str | None
    agency_licence: str | None
    job_order_ref: str | None
    job_order_verified: bool | None
    required_skills: list[str]
    required_certificates: list[str]
    required_languages: list[str]
    min_experience_years: float | None
    min_age: int | None
    max_age: int | None
    gender: str
    salary_amount: float | None
    salary_currency: str | None
    salary_period: str | None
    hours_per_week: float | None
    rest_days_per_month: float | None
    worker_fee_amount: float | None
    worker_fee_currency: str | None
    contract_months: int | None
    visa_type: str | None
    accommodation_provided: bool | None
    passport_held_by: str | None
    contact: str | None
    posted_at: str | None
    expires_at: str | None
    status: str
    reasons: list[ReasonPublic]
    rules_version: str
    risk_score: float | None
    risk_model_version: str | None
    review: ListingReviewPublic | None
    reading: ListingReadingPublic
    audit: list[AuditEventPublic]


class AgencyPublic(_Open):
    """A P3MI registry entry and whether its licence allows placing workers today."""

    licence_no: str
    agency_name: str
    valid_from: str | None
    valid_until: str | None
    status: str = Field(description="active, suspended or revoked")
    licensed_today: bool
    source: str


class AgencyImportPublic(_Open):
    inserted: int
    updated: int


class WorkerExportPublic(_Open):
    """Everything stored about one worker (UU 27/2022 Pasal 7 and 13): the profile as submitted, the columns kept
    for cohort filters, how the profile was read, her outcomes, her keys' metadata, and why it is kept."""

    worker_ref: str
    exported_at: str
    profile: dict[str, Any]
    stored_columns: dict[str, Any]
    reading: dict[str, Any] | None
    outcomes: list[dict[str, Any]]
    api_keys: list[dict[str, Any]]
    purpose: str


class WorkerDeletionPublic(_Open):
    """What was deleted (UU 27/2022 Pasal 8): rows per kind (profiles, readings, outcomes, api_keys)."""

    worker_ref: str
    deleted: dict[str, int]


class ErrorPublic(BaseModel):
    """Every error except validation (422): one sentence saying what was wrong, in the request's language
    (``lang``, else ``Accept-Language``, else English), and in both languages."""

    detail: str
    detail_en: str | None = None
    detail_id: str | None = None


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorPublic, "description": description}


# Documented on every /api/v1 route (the fuzz test checks responses against them).
API_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("no API key, or an unknown or revoked one"),
    403: _error("the key's role or owner may not do this"),
    404: _error("no such worker, listing or agency"),
    413: _error("request body or CSV over the configured limit"),
    429: _error("rate limit of the key exceeded; see Retry-After"),
    503: _error("the index is not ready"),
}
CONFLICT: dict[int | str, dict[str, Any]] = {409: _error("the listing is not in a state that allows this")}
