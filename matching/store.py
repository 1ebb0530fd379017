"""The store: agencies, listings (raw, normalised, screening verdict), workers, courses, outcomes.

SQLAlchemy 2 over any URL (SQLite file under the data dir by default). The schema is created on first
use. Every write runs in one transaction (``Store.transaction``): it commits whole or not at all.
Listing primary keys are the FAISS ids, so a search hit is a row lookup, never a row number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON, Date, DateTime, Float, Integer, String, Text, UniqueConstraint, create_engine, event,
    func, select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from matching.errors import NotFound

STATUSES = ("verified", "needs_review", "rejected", "withdrawn")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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
    demo_flaw: Mapped[str | None] = mapped_column(String(40))  # demo only: the generator's label
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Worker(Base):
    """A worker profile (as submitted, JSON) with the few columns cohort filters need."""

    __tablename__ = "workers"
    worker_ref: Mapped[str] = mapped_column(String(64), primary_key=True)
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None]
    province: Mapped[str | None] = mapped_column(String(80), index=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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


class Meta(Base):
    """Small key/value facts about the store (demo seed, generator version …)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


_LISTING_FIELDS = {c.name for c in Listing.__table__.columns} - {"id", "created_at", "updated_at"}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the one writer
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class Store:
    """Access to the database. Cheap to share; every method opens its own short transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            _ensure_sqlite_dir(url)
        self.engine: Engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits at the end or rolls back entirely on any error."""
        with self._sessions.begin() as session:
            yield session

    # ---- counts ---------------------------------------------------------------------------------
    def count(self, model: type[Base], **filters: Any) -> int:
        with self.transaction() as s:
            stmt = select(func.count()).select_from(model)
            for key, value in filters.items():
                stmt = stmt.where(getattr(model, key) == value)
            return int(s.scalar(stmt) or 0)

    def is_empty(self) -> bool:
        """True when there are no listings and no workers (demo data may be loaded)."""
        return self.count(Listing) == 0 and self.count(Worker) == 0

    # ---- agencies ---------------------------------------------------------------------------------
    def upsert_agencies(self, rows: Iterable[dict[str, Any]]) -> tuple[int, int]:
        """Insert or update agencies by licence number. Returns (inserted, updated)."""
        inserted = updated = 0
        with self.transaction() as s:
            for row in rows:
                existing = s.get(Agency, row["licence_no"])
                if existing is None:
                    s.add(Agency(**row))
                    inserted += 1
                else:
                    for key, value in row.items():
                        setattr(existing, key, value)
                    updated += 1
        return inserted, updated

    def agencies(self) -> dict[str, Agency]:
        """All agencies keyed by licence number."""
        with self.transaction() as s:
            return {a.licence_no: a for a in s.scalars(select(Agency))}

    def get_agency(self, licence_no: str) -> Agency:
        with self.transaction() as s:
            agency = s.get(Agency, licence_no)
            if agency is None:
                raise NotFound(f"no agency with licence '{licence_no}' in the registry")
            return agency

    # ---- listings ---------------------------------------------------------------------------------
    def upsert_listings(self, records: Sequence[dict[str, Any]]) -> list[int]:
        """Insert or update listings keyed by (agency_licence, listing_ref), in one transaction.

        Returns the listing ids in input order.
        """
        ids: list[int] = []
        with self.transaction() as s:
            for rec in records:
                data = {k: v for k, v in rec.items() if k in _LISTING_FIELDS}
                data["agency_key"] = rec.get("agency_licence") or ""
                existing = s.scalar(select(Listing).where(Listing.agency_key == data["agency_key"],
                                                          Listing.listing_ref == data["listing_ref"]))
                if existing is None:
                    obj = Listing(**data)
                    s.add(obj)
                else:
                    for key, value in data.items():
                        setattr(existing, key, value)
                    obj = existing
                s.flush()
                ids.append(obj.id)
        return ids

    def get_listing(self, listing_id: int) -> Listing:
        with self.transaction() as s:
            listing = s.get(Listing, listing_id)
            if listing is None:
                raise NotFound(f"no listing with id {listing_id}")
            return listing

    def listings_by_ids(self, ids: Sequence[int]) -> dict[int, Listing]:
        """Listings for the given ids (missing ids are simply absent)."""
        if not len(ids):
            return {}
        wanted = [int(i) for i in ids]
        out: dict[int, Listing] = {}
        with self.transaction() as s:
            for start in range(0, len(wanted), 30_000):  # SQLite caps the parameters of one statement
                out.update({x.id: x for x in s.scalars(select(Listing).where(
                    Listing.id.in_(wanted[start:start + 30_000])))})
        return out

    def indexable_listings(self) -> list[tuple[int, str]]:
        """(id, embed_text) of every verified listing, by id: what the FAISS index must hold."""
        with self.transaction() as s:
            rows = s.execute(select(Listing.id, Listing.embed_text)
                             .where(Listing.status == "verified").order_by(Listing.id))
            return [(int(i), t) for i, t in rows]

    def listings_frame_rows(self, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        """Selected listing columns for every listing (analytics, tests)."""
        with self.transaction() as s:
            return list(s.execute(select(*[getattr(Listing, c) for c in columns])))

    # ---- workers ----------------------------------------------------------------------------------
    def upsert_workers(self, profiles: Iterable[dict[str, Any]]) -> int:
        """Insert or replace worker profiles by worker_ref. Returns how many were written."""
        n = 0
        with self.transaction() as s:
            for p in profiles:
                s.merge(Worker(worker_ref=p["worker_ref"], gender=p.get("gender"), birth_year=p.get("birth_year"),
                               province=p.get("province"), profile=json.loads(json.dumps(p))))
                n += 1
        return n

    def get_worker(self, worker_ref: str) -> dict[str, Any]:
        """The stored profile JSON of a worker."""
        with self.transaction() as s:
            worker = s.get(Worker, worker_ref)
            if worker is None:
                raise NotFound(f"no worker with worker_ref '{worker_ref}'")
            return dict(worker.profile)

    def workers_by_refs(self, refs: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Stored profile JSON of many workers at once (unknown refs are simply absent)."""
        out: dict[str, dict[str, Any]] = {}
        with self.transaction() as s:
            for start in range(0, len(refs), 900):
                chunk = list(refs[start:start + 900])
                out.update({w.worker_ref: dict(w.profile)
                            for w in s.scalars(select(Worker).where(Worker.worker_ref.in_(chunk)))})
        return out

    def worker_refs(self, limit: int | None = None) -> list[str]:
        with self.transaction() as s:
            stmt = select(Worker.worker_ref).order_by(Worker.worker_ref)
            if limit:
                stmt = stmt.limit(limit)
            return list(s.scalars(stmt))

    # ---- courses and outcomes ---------------------------------------------------------------------
    def replace_courses(self, rows: Iterable[dict[str, Any]]) -> int:
        with self.transaction() as s:
            s.execute(Course.__table__.delete())
            objs = [Course(**r) for r in rows]
            s.add_all(objs)
            return len(objs)

    def add_outcomes(self, rows: Sequence[dict[str, Any]]) -> int:
        with self.transaction() as s:
            if rows:
                s.execute(Outcome.__table__.insert(), list(rows))
            return len(rows)

    def load_bundle(self, *, agencies: Sequence[dict[str, Any]], listings: Sequence[dict[str, Any]],
                    workers: Sequence[dict[str, Any]], courses: Sequence[dict[str, Any]],
                    outcomes: Sequence[dict[str, Any]], meta: Mapping[str, str]) -> None:
        """Load a whole data set (the demo) in ONE transaction: all of it lands, or none of it."""
        now = utcnow()
        listing_rows = []
        for rec in listings:
            data = {k: v for k, v in rec.items() if k in _LISTING_FIELDS}
            data["agency_key"] = rec.get("agency_licence") or ""
            data.setdefault("created_at", now)
            data.setdefault("updated_at", now)
            listing_rows.append(data)
        worker_rows = [{"worker_ref": p["worker_ref"], "gender": p.get("gender"), "birth_year": p.get("birth_year"),
                        "province": p.get("province"), "profile": p, "created_at": now} for p in workers]
        with self.transaction() as s:
            for row in agencies:
                s.merge(Agency(**row))
            for table, rows in ((Listing.__table__, listing_rows), (Worker.__table__, worker_rows),
                                (Outcome.__table__, list(outcomes))):
                if rows:
                    s.execute(table.insert(), rows)
            s.execute(Course.__table__.delete())
            s.add_all([Course(**c) for c in courses])
            for key, value in meta.items():
                s.merge(Meta(key=key, value=value))

    # ---- meta -------------------------------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as s:
            s.merge(Meta(key=key, value=value))

    def get_meta(self, key: str) -> str | None:
        with self.transaction() as s:
            row = s.get(Meta, key)
            return row.value if row else None


def _ensure_sqlite_dir(url: str) -> None:
    from pathlib import Path

    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


__all__ = ["Store", "Agency", "Listing", "Worker", "Course", "Outcome", "Meta", "STATUSES"]
