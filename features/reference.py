"""Reference data shipped inside the package: taxonomy, corridors, wage floors, certificates, courses.

Every CSV under ``features/data`` carries a ``source`` column (law, article, guideline or "[gen]").
``load_reference()`` reads them once per process into pandas frames; multi-valued columns (``a|b|c``)
become Python lists so callers never parse separators themselves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import pandas as pd

LIST_SEP = "|"
# Bumped when the code that reads text into ids changes in a way the data files do not show (cached
# readings keyed by ``Reference.fingerprint`` are then read again).
READER_VERSION = "14.1"

# file -> (index column or None, multi-valued columns, boolean columns)
_FILES: dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]] = {
    "sectors": ("sector_id", (), ()),
    "occupations": ("occupation_id", ("synonyms_en", "synonyms_id", "core_skills"), ("zero_cost",)),
    "skills": ("skill_id", ("synonyms_en", "synonyms_id"), ()),
    "countries": ("country", ("synonyms",), ("scam_hotspot",)),
    "wage_floors": (None, (), ("uncertain",)),
    "fx_rates": ("currency", (), ()),
    "fee_caps": (None, (), ()),
    "languages": ("lang_code", ("synonyms",), ()),
    "language_levels": (None, ("synonyms",), ()),
    "education_levels": ("level_id", ("synonyms",), ()),
    "certificates": ("cert_id", ("synonyms",), ()),
    "courses": ("course_id", ("closes", "prerequisites", "countries", "outcome_by_experience"), ()),
    "competency_schemes": ("occupation_id", ("cert_ids",), ()),
    "placement_documents": ("cert_id", (), ("zero_cost_covered",)),
    "bpjs_contributions": (None, (), ()),
    "provinces": ("province", ("synonyms",), ()),
}


def _split(value: Any) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return []
    return [part.strip() for part in value.split(LIST_SEP) if part.strip()]


def _to_bool(value: Any) -> bool:
    return str(value).strip().lower() in {"true", "1", "yes", "y"}


def _read(name: str) -> pd.DataFrame:
    index_col, list_cols, bool_cols = _FILES[name]
    with resources.files("features").joinpath("data", f"{name}.csv").open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    for col in list_cols:
        if col in df.columns:
            df[col] = df[col].map(_split)
    for col in bool_cols:
        if col in df.columns:
            df[col] = df[col].map(_to_bool)
    if index_col:
        df = df.set_index(index_col, drop=False)
        df.index.name = None
    return df


@dataclass(frozen=True, eq=False)  # identity hash: usable as an lru_cache key
class Reference:
    """All reference tables. Frames are shared: treat them as read-only."""

    sectors: pd.DataFrame
    occupations: pd.DataFrame
    skills: pd.DataFrame
    countries: pd.DataFrame
    wage_floors: pd.DataFrame
    fx_rates: pd.DataFrame
    fee_caps: pd.DataFrame
    languages: pd.DataFrame
    language_levels: pd.DataFrame
    education_levels: pd.DataFrame
    certificates: pd.DataFrame
    courses: pd.DataFrame
    competency_schemes: pd.DataFrame
    placement_documents: pd.DataFrame
    bpjs_contributions: pd.DataFrame
    provinces: pd.DataFrame

    @cached_property
    def fingerprint(self) -> str:
        """sha256 over every reference CSV: anything derived from the taxonomy is stale when this changes."""
        digest = hashlib.sha256(READER_VERSION.encode())
        for name in sorted(_FILES):
            digest.update(name.encode())
            digest.update(resources.files("features").joinpath("data", f"{name}.csv").read_bytes())
        # The built vocabulary (features/data/vocab) reads text too: a rebuilt one makes old readings stale.
        digest.update(resources.files("features").joinpath("data", "vocab", "manifest.json").read_bytes())
        return digest.hexdigest()

    def bpjs_contribution_idr(self, contract_months: int | None) -> int:
        """JKK + JKM contribution (IDR) a PMI pays for a contract of ``contract_months`` (Permenaker 4/2023).

        The table lists 6-, 12- and 24-month terms; another length uses the longest listed term not above
        it (at least 6 months) plus the per-month rate for the months beyond. The pre-departure part is
        always added. An unknown length is taken as the standard 24 months, which gives Rp370,000.
        """
        amount = self._bpjs
        terms = sorted(m for c, m in amount if c == "contract")
        months = contract_months if contract_months and contract_months > 0 else 24
        term = max([m for m in terms if m <= months] or [terms[0]])
        extra = max(0, months - term) * amount[("extra_month", 1)]
        return amount[("pre_departure", 0)] + amount[("contract", term)] + extra

    @cached_property
    def _bpjs(self) -> dict[tuple[str, int], int]:
        rows = self.bpjs_contributions.to_dict("records")
        return {(r["component"], int(r["months"])): int(r["amount_idr"]) for r in rows}

    @cached_property
    def fx(self) -> dict[str, float]:
        """Currency (ISO 4217) -> IDR per unit. Approximate reference rates; see fx_rates.csv."""
        return {cur: float(v) for cur, v in self.fx_rates["idr_per_unit"].items()}

    def row(self, table: str, key: str) -> dict[str, Any] | None:
        """One row of an indexed table as a dict (fast path for hot loops), or None."""
        return self._rows(table).get(key)

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:
        cache = self.__dict__.setdefault("_row_cache", {})
        if table not in cache:
            frame = getattr(self, table)
            cache[table] = {str(k): rec for k, rec in zip(frame.index, frame.to_dict("records"), strict=True)}
        return cache[table]

    @cached_property
    def _floors(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        out: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in self.wage_floors.to_dict("records"):
            hours = row.get("hours_basis_per_month", "")
            out.setdefault((row["country"], row["wage_category"]), []).append({
                "amount": float(row["amount"]),
                "currency": row["currency"],
                "period": row["period"],
                "hours_basis_per_month": float(hours) if hours else None,
                "effective_from": date.fromisoformat(row["effective_from"]),
                "effective_until": date.fromisoformat(row["effective_until"]) if row["effective_until"] else None,
                "uncertain": bool(row["uncertain"]),
                "note": row.get("note", ""),
                "source": row["source"],
            })
        return out

    def to_idr(self, amount: float, currency: str) -> float | None:
        """``amount`` in ``currency`` converted to IDR, or None for an unknown currency."""
        rate = self.fx.get((currency or "").upper())
        return None if rate is None else float(amount) * rate

    def convert(self, amount: float, from_cur: str, to_cur: str) -> float | None:
        """``amount`` in ``from_cur`` expressed in ``to_cur`` (through IDR), or None for an unknown currency."""
        if from_cur == to_cur:
            return amount
        fx = self.fx
        if from_cur not in fx or to_cur not in fx:
            return None
        return amount * fx[from_cur] / fx[to_cur]

    def wage_floor(self, country: str, wage_category: str, on: date) -> dict[str, Any] | None:
        """The legal wage floor in force on ``on`` for a corridor and worker category.

        Returns ``{amount, currency, period, hours_basis_per_month, effective_from, uncertain, note, source}``
        or None when the corridor has no known floor for that category.
        """
        best: dict[str, Any] | None = None
        for row in self._floors.get((country, wage_category), []):
            start, end = row["effective_from"], row["effective_until"]
            if start <= on and (end is None or on < end) and (best is None or start > best["effective_from"]):
                best = row
        if best is None:
            return None
        return {k: v for k, v in best.items() if k != "effective_until"}

    def fee_cap_idr(self, country: str, wage_category: str) -> dict[str, Any] | None:
        """Maximum placement cost (IDR) a worker may pay in a non-zero-cost job, or None if unknown."""
        fc = self.fee_caps
        rows = fc[(fc["country"] == country) & (fc["wage_category"] == wage_category)]
        if rows.empty:
            return None
        row = rows.iloc[0]
        return {"max_idr": float(row["max_worker_fee_idr"]), "note": row.get("note", ""), "source": row["source"]}


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    """Read every reference CSV once per process."""
    return Reference(**{name: _read(name) for name in _FILES})
