"""The store's tables (SQLAlchemy 2 ORM): agencies, listings with their audit trail, workers and their cached
readings, courses, outcomes, API keys, small facts and the listing change feed.

``matching.storage.store.Store`` is the only writer; other modules import these classes to read rows or to
build queries. Listing primary keys are the FAISS ids.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, Float, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

STATUSES = ("verified", "needs_review", "rejected", "withdrawn")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Agency(Base):
    """A P3MI (placement agency) licence from the registry, or the G-to-G channel."""

    __tablename__ = "agencies"
    licence_no: Mapped[str] = mapped_column(String(80), primary_key=True)
    agency_name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # active | suspended | revoked
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Listing(Base):
    """A job order: every listing-CSV field, its normalised reading and its screening verdict."""

    __tablename__ = "listings"
    __table_args__ = (UniqueConstraint("agency_key", "listing_ref", name="uq_listing_per_agency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_key: Mapped[str] = mapped_column(String(80), default="")  # agency_licence or "" (idempotent upsert)
    listing_ref: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    occupation: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(80))
    employer_name: Mapped[str | None] = mapped_column(String(200))
    employer_type: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str | None] = mapped_column(String(120))
    agency_name: Mapped[str | None] = mapped_column(String(200))
    agency_licence: Mapped[str | None] = mapped_column(String(80))
    job_order_ref: Mapped[str | None] = mapped_column(String(120))
    job_order_verified: Mapped[bool | None]
    required_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    required_certificates: Mapped[list[str]] = mapped_column(JSON, default=list)
    required_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_experience_years: Mapped[float | None] = mapped_column(Float)
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    gender: Mapped[str] = mapped_column(String(10), default="any")
    salary_amount: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(10))
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    rest_days_per_month: Mapped[float | None] = mapped_column(Float)
    worker_fee_amount: Mapped[float | None] = mapped_column(Float)
    worker_fee_currency: Mapped[str | None] = mapped_column(String(3))
    contract_months: Mapped[int | None]
    visa_type: Mapped[str | None] = mapped_column(String(20))
    accommodation_provided: Mapped[bool | None]
    passport_held_by: Mapped[str | None] = mapped_column(String(20))
    contact: Mapped[str | None] = mapped_column(String(300))
    posted_at: Mapped[date | None] = mapped_column(Date)
    expires_at: Mapped[date | None] = mapped_column(Date, index=True)
    # normalised reading (features.listings.NormalisedListing)
    occupation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    sector_id: Mapped[str | None] = mapped_column(String(32), index=True)
    skill_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    certificate_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    language_ranks: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    unknown_terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    monthly_salary_local: Mapped[float | None] = mapped_column(Float)
    monthly_salary_idr: Mapped[float | None] = mapped_column(Float)
    worker_fee_idr: Mapped[float | None] = mapped_column(Float)
    embed_text: Mapped[str] = mapped_column(Text, default="")
    # screening verdict
    status: Mapped[str] = mapped_column(String(20), index=True)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    rules_version: Mapped[str] = mapped_column(String(40), default="")
    screened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str] = mapped_column(String(80), default="")
    risk_score: Mapped[float | None] = mapped_column(Float)
    risk_model_version: Mapped[str | None] = mapped_column(String(40))
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_reason: Mapped[str | None] = mapped_column(Text)
    demo_flaw: Mapped[str | None] = mapped_column(String(40))  # demo only: the generator's label
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ListingEvent(Base):
    """The audit trail: every submission, screening, review and withdrawal of a listing."""

    __tablename__ = "listing_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    listing_id: Mapped[int] = mapped_column(Integer, index=True)
    event: Mapped[str] = mapped_column(String(20))  # submitted | resubmitted | reviewed | withdrawn
    status: Mapped[str] = mapped_column(String(20))  # the status after the event
    previous_status: Mapped[str | None] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(Text)
    rules_version: Mapped[str | None] = mapped_column(String(40))
    risk_model_version: Mapped[str | None] = mapped_column(String(40))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Worker(Base):
    """A worker profile (as submitted, JSON) with the few columns cohort filters need."""

    __tablename__ = "workers"
    worker_ref: Mapped[str] = mapped_column(String(64), primary_key=True)
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None]
    province: Mapped[str | None] = mapped_column(String(80), index=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WorkerReading(Base):
    """A cache of how a stored profile was read (features.profiles.NormalisedProfile as JSON).

    ``key`` is a hash of the profile JSON and the reference data's fingerprint: a changed profile or a
    changed taxonomy makes the row stale and it is read again (matching/readings.py). Never an input.
    """

    __tablename__ = "worker_readings"
    worker_ref: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    reading: Mapped[dict[str, Any]] = mapped_column(JSON)


class Course(Base):
    """A course from the catalogue (copied from features/data/courses.csv)."""

    __tablename__ = "courses"
    course_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_id: Mapped[str] = mapped_column(String(300))
    provider_type: Mapped[str] = mapped_column(String(40))
    closes: Mapped[list[str]] = mapped_column(JSON, default=list)
    weeks: Mapped[float] = mapped_column(Float)
    cost_idr: Mapped[int]
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(Text)


class Outcome(Base):
    """A placement event (recommended, viewed, applied, hired, completed, complaint)."""

    __tablename__ = "outcomes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    worker_ref: Mapped[str] = mapped_column(String(64), index=True)
    listing_ref: Mapped[str] = mapped_column(String(64), index=True)
    event: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    simulated: Mapped[bool] = mapped_column(default=False)


class ApiKey(Base):
    """An API key: only its hash is stored (matching/keys.py). ``subject`` is the worker_ref of a worker key
    or the P3MI licence number of an agency key; the other roles have none."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell keys apart in a list
    role: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str | None] = mapped_column(String(80), index=True)
    label: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Meta(Base):
    """Small key/value facts about the store (demo seed, generator version …)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChangeCounter(Base):
    """A named, monotonically increasing counter, bumped under its row lock inside a writing transaction."""

    __tablename__ = "change_counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ListingChange(Base):
    """The listings a transaction changed, under the ``listings`` counter value it committed with.

    ``listing_id`` -1 means "many listings at once" (a bulk load): a follower then resynchronises fully.
    """

    __tablename__ = "listing_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    listing_id: Mapped[int] = mapped_column(Integer)


def table_of(model: type[Base]) -> Table:
    """The Core table behind an ORM class (``model.__table__`` is typed as a plain FromClause)."""
    return Base.metadata.tables[model.__tablename__]
