"""Request and response bodies of the HTTP API (the worker profile and listing schemas live in features)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from features.listings import ListingIn
from features.profiles import WorkerProfile


class RecommendationRequest(BaseModel):
    """Either a full ``profile`` or the ``worker_ref`` of a stored worker."""

    model_config = ConfigDict(extra="forbid")
    profile: WorkerProfile | None = None
    worker_ref: str | None = Field(default=None, max_length=64)
    k: int | None = Field(default=None, ge=1, le=100)

    @model_validator(mode="after")
    def _one_of(self) -> RecommendationRequest:
        if (self.profile is None) == (self.worker_ref is None):
            raise ValueError("give exactly one of 'profile' or 'worker_ref'")
        return self


class UnderstandRequest(BaseModel):
    """Exactly one of a profile, a listing or free text."""

    model_config = ConfigDict(extra="forbid")
    profile: WorkerProfile | None = None
    listing: ListingIn | None = None
    text: str | None = Field(default=None, max_length=10_000)

    @model_validator(mode="after")
    def _one_of(self) -> UnderstandRequest:
        if sum(x is not None for x in (self.profile, self.listing, self.text)) != 1:
            raise ValueError("give exactly one of 'profile', 'listing' or 'text'")
        return self


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


class RecommendationsPublic(BaseModel):
    worker_ref: str | None
    scorer: str
    ranker: RankerPublic
    profile_reading: dict[str, Any]
    candidates_considered: int
    excluded_by_policy: dict[str, int]
    matches: list[MatchPublic]


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


class ErrorPublic(BaseModel):
    """Every error except validation (422): one sentence saying what was wrong."""

    detail: str


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
