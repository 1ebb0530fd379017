"""The store: agencies, listings (raw, normalised, screening verdict), workers, courses, outcomes.

SQLAlchemy 2 over SQLite (a file under the data dir by default) or PostgreSQL (``postgresql+psycopg://…``),
the same code on both. The schema is created on first use. Every write runs in one transaction
(``Store.transaction``): it commits whole or not at all. Listing primary keys are the FAISS ids, so a search
hit is a row lookup, never a row number.

Every transaction that changes a listing bumps the ``listings`` change counter and records the listing ids
under the new value (``listing_changes``). Writers take the counter's row lock, so counter order is commit
order: a process that has applied every change up to ``n`` and then reads the changes after ``n`` misses
none, even with several API processes writing to one PostgreSQL database (``matching/replicas.py``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import (
    Text,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from matching.errors import InvalidTransition, NotFound
from matching.storage.tables import (
    STATUSES,
    Agency,
    ApiKey,
    Base,
    ChangeCounter,
    Course,
    Listing,
    ListingChange,
    ListingEvent,
    Meta,
    Outcome,
    Worker,
    WorkerReading,
    table_of,
    utcnow,
)

logger = logging.getLogger(__name__)

ALL_LISTINGS = -1
LISTINGS_COUNTER = "listings"
OUTCOMES_COUNTER = "outcomes"  # moves when outcomes are added or deleted: what was derived from them is stale

_LISTING_FIELDS = {c.name for c in table_of(Listing).columns} - {"id", "created_at", "updated_at"}


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
        else:
            kwargs["pool_pre_ping"] = True  # a server restart must not fail the next request
        self.engine: Engine = create_engine(url, **kwargs)
        self.dialect = self.engine.dialect.name  # "sqlite" or "postgresql"
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._ensure_g2g_channel()
        self._ensure_counter(LISTINGS_COUNTER)
        self._ensure_counter(OUTCOMES_COUNTER)

    def _ensure_g2g_channel(self) -> None:
        from matching.storage.agencies import G2G_AGENCY, G2G_LICENCE

        with self.transaction() as s:
            if s.get(Agency, G2G_LICENCE) is None:
                s.add(Agency(licence_no=G2G_LICENCE, agency_name=G2G_AGENCY, valid_from=None, valid_until=None,
                             status="active"))

    def _insert(self, table: Any) -> Any:
        """The dialect's INSERT, which has ``on_conflict_do_nothing``/``on_conflict_do_update``."""
        return (pg_insert if self.dialect == "postgresql" else sqlite_insert)(table)

    def _ensure_counter(self, name: str) -> None:
        with self.transaction() as s:
            s.execute(self._insert(table_of(ChangeCounter)).values(name=name, value=0)
                      .on_conflict_do_nothing(index_elements=["name"]))

    def _record_listing_changes(self, s: Session, listing_ids: Iterable[int]) -> int:
        """Bump the listings counter (taking its row lock until commit) and record ``listing_ids`` under it."""
        seq = int(s.execute(update(ChangeCounter).where(ChangeCounter.name == LISTINGS_COUNTER)
                            .values(value=ChangeCounter.value + 1).returning(ChangeCounter.value)).scalar_one())
        rows = [{"seq": seq, "listing_id": int(i)} for i in dict.fromkeys(listing_ids)]
        if rows:
            s.execute(insert(ListingChange), rows)
        return seq

    def record_outcome_change(self, s: Session) -> None:
        """Bump the outcomes counter inside the transaction ``s`` that adds or deletes outcomes."""
        s.execute(update(ChangeCounter).where(ChangeCounter.name == OUTCOMES_COUNTER)
                  .values(value=ChangeCounter.value + 1))

    def outcomes_state(self) -> tuple[int, int, int]:
        """``(outcomes counter, outcome rows, highest outcome id)``: changes whenever the stored outcomes do, also
        through a writer that does not bump the counter (rows or highest id move)."""
        with self.transaction() as s:
            seq = int(s.scalar(select(ChangeCounter.value).where(ChangeCounter.name == OUTCOMES_COUNTER)) or 0)
            rows, top = s.execute(select(func.count(), func.coalesce(func.max(Outcome.id), 0))
                                  .select_from(Outcome)).one()
            return seq, int(rows), int(top)

    def listings_state(self) -> tuple[int, int, int, str]:
        """``(listings counter, listing rows, highest listing id, latest update)``: changes whenever the stored
        listings do, also through a writer that does not bump the counter."""
        with self.transaction() as s:
            seq = int(s.scalar(select(ChangeCounter.value).where(ChangeCounter.name == LISTINGS_COUNTER)) or 0)
            rows, top, latest = s.execute(select(func.count(), func.coalesce(func.max(Listing.id), 0),
                                                 func.max(Listing.updated_at)).select_from(Listing)).one()
            return seq, int(rows), int(top), str(latest or "")

    def listing_change_seq(self) -> int:
        """The listings counter: it moves whenever a committed transaction changed a listing."""
        with self.transaction() as s:
            return int(s.scalar(select(ChangeCounter.value).where(ChangeCounter.name == LISTINGS_COUNTER)) or 0)

    def listing_changes_since(self, seq: int) -> tuple[int, list[int]]:
        """``(now, listing_ids)``: the counter and the listings changed after ``seq`` (``ALL_LISTINGS`` = all)."""
        with self.transaction() as s:
            now = int(s.scalar(select(ChangeCounter.value).where(ChangeCounter.name == LISTINGS_COUNTER)) or 0)
            rows = s.execute(select(ListingChange.seq, ListingChange.listing_id).where(ListingChange.seq > seq)
                             .order_by(ListingChange.id))
            ids: dict[int, None] = {}
            for row_seq, listing_id in rows:
                now = max(now, int(row_seq))  # a change committed after the counter was read: take it too
                ids[int(listing_id)] = None
            return now, list(ids)

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
                raise NotFound(f"no agency with licence '{licence_no}' in the registry",
                               message_id=f"tidak ada agensi dengan izin '{licence_no}' di daftar P3MI")
            return agency

    # ---- listings ---------------------------------------------------------------------------------
    def upsert_listings(self, records: Sequence[dict[str, Any]], actor: str = "system"
                        ) -> list[tuple[int, str | None]]:
        """Insert or update screened listings keyed by (agency_licence, listing_ref), in ONE transaction,
        and write an audit event for each. Returns ``(listing_id, previous_status)`` in input order
        (previous_status is None for a new listing)."""
        try:
            return self._upsert_listings_once(records, actor)
        except IntegrityError:
            # Another writer (thread or process) inserted one of these keys between our SELECT and INSERT; the
            # whole transaction rolled back. Read again: those rows now exist and are updated like any other.
            logger.info("listing upsert raced another writer; retrying once")
            return self._upsert_listings_once(records, actor)

    def _upsert_listings_once(self, records: Sequence[dict[str, Any]], actor: str) -> list[tuple[int, str | None]]:
        out: list[tuple[int, str | None]] = []
        with self.transaction() as s:
            keys = [(rec.get("agency_licence") or "", rec["listing_ref"]) for rec in records]
            existing: dict[tuple[str, str], Listing] = {}
            for start in range(0, len(keys), 400):  # one SELECT per 400 keys, not one per row
                chunk = keys[start:start + 400]
                stmt = select(Listing).where(tuple_(Listing.agency_key, Listing.listing_ref).in_(chunk))
                existing.update({(x.agency_key, x.listing_ref): x for x in s.scalars(stmt)})
            touched: list[tuple[Listing, str | None]] = []
            for key, rec in zip(keys, records, strict=True):
                data = {k: v for k, v in rec.items() if k in _LISTING_FIELDS}
                data["agency_key"] = key[0]
                obj = existing.get(key)
                previous = None if obj is None else obj.status
                if obj is None:
                    obj = Listing(**data)
                    s.add(obj)
                    existing[key] = obj  # the same listing twice in one batch: the later row updates it
                else:
                    for name, value in data.items():
                        setattr(obj, name, value)
                    obj.reviewed_by = obj.reviewed_at = obj.review_reason = None  # a new version needs a new review
                touched.append((obj, previous))
            s.flush()  # assigns ids to the new listings, in one batched INSERT
            for obj, previous in touched:
                s.add(ListingEvent(listing_id=obj.id, event="submitted" if previous is None else "resubmitted",
                                   status=obj.status, previous_status=previous, actor=actor,
                                   rules_version=obj.rules_version, risk_model_version=obj.risk_model_version,
                                   reasons=obj.reasons or []))
                out.append((obj.id, previous))
            self._record_listing_changes(s, [i for i, _ in out])
        return out

    def review_listing(self, listing_id: int, approve: bool, reviewer: str, reason: str) -> Listing:
        """A reviewer's decision on a needs_review listing (recorded with who and why).

        Raises:
            NotFound: no such listing.
            InvalidTransition: the listing is not waiting for review.
        """
        with self.transaction() as s:
            listing = s.get(Listing, listing_id, with_for_update=True)
            if listing is None:
                raise NotFound(f"no listing with id {listing_id}",
                               message_id=f"tidak ada lowongan dengan id {listing_id}")
            if listing.status != "needs_review":
                raise InvalidTransition(f"listing {listing_id} is '{listing.status}'; only a listing that needs "
                                        "review can be approved or rejected")
            previous = listing.status
            listing.status = "verified" if approve else "rejected"
            listing.reviewed_by, listing.reviewed_at, listing.review_reason = reviewer, utcnow(), reason
            s.add(ListingEvent(listing_id=listing_id, event="reviewed", status=listing.status,
                               previous_status=previous, actor=reviewer, reason=reason,
                               rules_version=listing.rules_version, risk_model_version=listing.risk_model_version,
                               reasons=listing.reasons or []))
            self._record_listing_changes(s, [listing_id])
            return listing

    def withdraw_listing(self, listing_id: int, actor: str, reason: str) -> Listing:
        """Take a listing off the market (the agency filled it or cancelled it)."""
        with self.transaction() as s:
            listing = s.get(Listing, listing_id, with_for_update=True)
            if listing is None:
                raise NotFound(f"no listing with id {listing_id}",
                               message_id=f"tidak ada lowongan dengan id {listing_id}")
            if listing.status == "withdrawn":
                raise InvalidTransition(f"listing {listing_id} is already withdrawn")
            previous = listing.status
            listing.status = "withdrawn"
            s.add(ListingEvent(listing_id=listing_id, event="withdrawn", status="withdrawn", previous_status=previous,
                               actor=actor, reason=reason, rules_version=listing.rules_version,
                               risk_model_version=listing.risk_model_version, reasons=listing.reasons or []))
            self._record_listing_changes(s, [listing_id])
            return listing

    def listing_events(self, listing_id: int) -> list[ListingEvent]:
        """The audit trail of one listing, oldest first."""
        with self.transaction() as s:
            return list(s.scalars(select(ListingEvent).where(ListingEvent.listing_id == listing_id)
                                  .order_by(ListingEvent.id)))

    def get_listing(self, listing_id: int) -> Listing:
        with self.transaction() as s:
            listing = s.get(Listing, listing_id)
            if listing is None:
                raise NotFound(f"no listing with id {listing_id}",
                               message_id=f"tidak ada lowongan dengan id {listing_id}")
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

    def indexable_listings(self, as_of: date | None = None) -> list[tuple[int, str]]:
        """(id, embed_text) of every verified, unexpired listing, by id: what the FAISS index must hold."""
        as_of = as_of or date.today()
        with self.transaction() as s:
            rows = s.execute(select(Listing.id, Listing.embed_text)
                             .where(Listing.status == "verified")
                             .where((Listing.expires_at.is_(None)) | (Listing.expires_at >= as_of))
                             .order_by(Listing.id))
            return [(int(i), t) for i, t in rows]

    def open_verified_listings(self, as_of: date, countries: Sequence[str] | None = None,
                               columns: Sequence[str] | None = None) -> list[Any]:
        """Verified listings open on ``as_of`` (posted, not expired), optionally only in ``countries``, by id.

        With ``columns`` the result is light rows carrying just those attributes (plus ``id``), which is
        several times faster for thousands of listings than whole ``Listing`` objects.
        """
        with self.transaction() as s:
            what = select(Listing) if columns is None else select(
                *[getattr(Listing, c) for c in dict.fromkeys(["id", *columns])])
            stmt = what.where(Listing.status == "verified")
            stmt = stmt.where((Listing.expires_at.is_(None)) | (Listing.expires_at >= as_of))
            stmt = stmt.where((Listing.posted_at.is_(None)) | (Listing.posted_at <= as_of))
            if countries:
                stmt = stmt.where(Listing.country.in_(list(countries)))
            stmt = stmt.order_by(Listing.id)
            return list(s.scalars(stmt)) if columns is None else list(s.execute(stmt))

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
                raise NotFound(f"no worker with worker_ref '{worker_ref}'",
                               message_id=f"tidak ada pekerja dengan nomor pendaftaran '{worker_ref}'")
            return dict(worker.profile)

    def worker_profiles(self) -> list[tuple[str, dict[str, Any]]]:
        """(worker_ref, profile JSON) of every stored worker, by worker_ref."""
        with self.transaction() as s:
            return [(ref, dict(p)) for ref, p in s.execute(select(Worker.worker_ref, Worker.profile)
                                                           .order_by(Worker.worker_ref))]

    def worker_profile_texts(self, refs: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """(worker_ref, profile as stored JSON text) of every worker (or of ``refs``), by worker_ref: cheap to
        hash, no decoding."""
        stmt = select(Worker.worker_ref, cast(Worker.profile, Text))
        with self.transaction() as s:
            if refs is None:
                return [(ref, str(text)) for ref, text in s.execute(stmt.order_by(Worker.worker_ref))]
            out = []
            for start in range(0, len(refs), 900):
                chunk = list(refs[start:start + 900])
                out += [(ref, str(text)) for ref, text in s.execute(stmt.where(Worker.worker_ref.in_(chunk)))]
            return sorted(out)

    def worker_readings(self, refs: Sequence[str] | None = None) -> dict[str, tuple[str, dict[str, Any]]]:
        """worker_ref -> (key, cached reading) for every cached reading (or those of ``refs``)."""
        stmt = select(WorkerReading.worker_ref, WorkerReading.key, WorkerReading.reading)
        with self.transaction() as s:
            if refs is None:
                return {ref: (key, dict(r)) for ref, key, r in s.execute(stmt)}
            out: dict[str, tuple[str, dict[str, Any]]] = {}
            for start in range(0, len(refs), 900):
                chunk = list(refs[start:start + 900])
                out.update({ref: (key, dict(r)) for ref, key, r in
                            s.execute(stmt.where(WorkerReading.worker_ref.in_(chunk)))})
            return out

    def save_worker_readings(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert or replace cached readings (``worker_ref``, ``key``, ``reading``) in one transaction."""
        if not rows:
            return 0
        # An upsert, not delete + insert: two requests filling the cache at once would otherwise both insert
        # the same worker_ref, a duplicate key on PostgreSQL.
        stmt = self._insert(table_of(WorkerReading))
        stmt = stmt.on_conflict_do_update(index_elements=["worker_ref"],
                                          set_={"key": stmt.excluded.key, "reading": stmt.excluded.reading})
        unique = list({r["worker_ref"]: r for r in rows}.values())
        with self.transaction() as s:
            for start in range(0, len(unique), 2000):
                s.execute(stmt, unique[start:start + 2000])
        return len(rows)

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
    def courses(self) -> list[dict[str, Any]]:
        """The course catalogue as stored (empty until `layak demo` or an import fills it)."""
        cols = [c.name for c in table_of(Course).columns]
        with self.transaction() as s:
            return [dict(zip(cols, row, strict=True)) for row in s.execute(select(*[getattr(Course, c) for c in cols])
                                                                .order_by(Course.course_id))]

    def replace_courses(self, rows: Iterable[dict[str, Any]]) -> int:
        with self.transaction() as s:
            s.execute(delete(Course))
            objs = [Course(**r) for r in rows]
            s.add_all(objs)
            return len(objs)

    def add_outcomes(self, rows: Sequence[dict[str, Any]]) -> int:
        with self.transaction() as s:
            if rows:
                s.execute(insert(Outcome), list(rows))
                self.record_outcome_change(s)
            return len(rows)

    def load_bundle(self, *, agencies: Sequence[dict[str, Any]], listings: Sequence[dict[str, Any]],
                    workers: Sequence[dict[str, Any]], courses: Sequence[dict[str, Any]],
                    outcomes: Sequence[dict[str, Any]], meta: Mapping[str, str], actor: str = "demo") -> None:
        """Load a whole data set (the demo) into an EMPTY store in ONE transaction: all of it lands, or none.

        Listing ids are assigned 1..n in input order, and each listing gets its "submitted" audit event.
        """
        now = utcnow()
        listing_rows, events = [], []
        for i, rec in enumerate(listings, start=1):
            data = {k: v for k, v in rec.items() if k in _LISTING_FIELDS}
            data.update(id=i, agency_key=rec.get("agency_licence") or "", created_at=now, updated_at=now)
            listing_rows.append(data)
            events.append({"listing_id": i, "event": "submitted", "status": data["status"], "previous_status": None,
                           "actor": actor, "reason": None, "rules_version": data.get("rules_version"),
                           "risk_model_version": data.get("risk_model_version"), "reasons": data.get("reasons", []),
                           "at": now})
        worker_rows = [{"worker_ref": p["worker_ref"], "gender": p.get("gender"), "birth_year": p.get("birth_year"),
                        "province": p.get("province"), "profile": p, "created_at": now} for p in workers]
        with self.transaction() as s:
            for row in agencies:
                s.merge(Agency(**row))
            for table, rows in ((table_of(Listing), listing_rows), (table_of(ListingEvent), events),
                                (table_of(Worker), worker_rows), (table_of(Outcome), list(outcomes))):
                if rows:
                    s.execute(table.insert(), rows)
            s.execute(delete(Course))
            s.add_all([Course(**c) for c in courses])
            for key, value in meta.items():
                s.merge(Meta(key=key, value=value))
            if self.dialect == "postgresql" and listing_rows:
                # Ids were given explicitly: move the serial past them, or the next new listing collides.
                s.execute(text("SELECT setval(pg_get_serial_sequence('listings', 'id'), "
                               "(SELECT MAX(id) FROM listings))"))
            self._record_listing_changes(s, [ALL_LISTINGS])
            if outcomes:
                self.record_outcome_change(s)

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


__all__ = ["Store", "Agency", "Listing", "ListingEvent", "Worker", "WorkerReading", "Course", "Outcome", "ApiKey",
           "Meta", "ChangeCounter", "ListingChange", "ALL_LISTINGS", "STATUSES"]
