"""Readiness of one worker for one listing: her gaps, the training path that closes them, and who pays.

``assess`` combines matching/gaps.py and matching/training.py into what a match card shows
(``Recommender.explain`` puts ``Readiness.to_dict()`` under ``explanation["training"]``):

- ``ready``: nothing but documents stands between her and applying (no course needed, nothing unclosable).
  Documents (passport, health certificate, BPJS) are arranged during placement, before departure
  (UU 18/2017 Pasal 13), so they never delay "ready"; their steps and costs are listed under ``documents``.
- ``ready_in_weeks``: 0 when ready; the fastest path's total weeks when every gap can be closed; None when a
  gap cannot be closed (``blocked_by`` names it).
- Who pays. In the ten zero-cost occupations (Perban BP2MI 9/2020; ``zero_cost`` in occupations.csv) job
  training and the competency certificate may not be charged to the worker, nor may social security, the
  medical and psychological tests or the passport: the worker's cost is Rp0 there and the catalogue price
  stays visible as paid by the employer or the government. Elsewhere the worker pays the catalogue price.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from features.profiles import NormalisedProfile
from features.reference import Reference
from matching.eligibility.courses import OBJECTIVE_TEXT, Catalogue, TrainingPath
from matching.eligibility.gaps import Gap, ListingLike, find_gaps, holdings

ZERO_COST_SOURCE = "Perban BP2MI 9/2020 (Kompas 17-08-2020); UU 18/2017 Pasal 30"
# Taiwan and the zero-cost rule: a warning on the card, in both languages, never folded into the rule's own text.
TAIWAN_WARNING = {
    "en": "Since 2022 Taiwan has been exempted from the zero placement fee policy, and this is not certain: ask the "
          "agency to write down who pays each cost before you sign",
    "id": "Sejak 2022 Taiwan dikecualikan dari kebijakan bebas biaya penempatan, dan aturan ini belum pasti: minta "
          "agen menuliskan siapa yang membayar setiap biaya sebelum Anda tanda tangan",
    "source": "Taipei Times, 2022-08-06",
}


@dataclass(frozen=True)
class DocumentStep:
    """A document the worker still needs, obtained by a process rather than a course."""

    gap: Gap
    authority_en: str
    authority_id: str
    how_en: str
    how_id: str
    cost_idr: int | None
    worker_cost_idr: int | None
    cost_note: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.gap.id, "label_en": self.gap.label_en, "label_id": self.gap.label_id,
                "authority_en": self.authority_en, "authority_id": self.authority_id, "how_en": self.how_en,
                "how_id": self.how_id, "cost_idr": self.cost_idr, "worker_cost_idr": self.worker_cost_idr,
                "cost_note": self.cost_note, "source": self.source}


@dataclass(frozen=True)
class Readiness:
    """Gaps and the training path of one (worker, listing) pair."""

    gaps: tuple[Gap, ...]
    path: TrainingPath
    cheapest: TrainingPath
    documents: tuple[DocumentStep, ...]
    zero_cost: bool
    country: str

    @property
    def blocked_by(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if not g.closable)

    @property
    def ready(self) -> bool:
        return not self.blocked_by and not self.path.courses

    @property
    def ready_in_weeks(self) -> int | None:
        return None if self.blocked_by else int(math.ceil(self.path.total_weeks))

    def worker_cost(self, path: TrainingPath | None = None) -> int:
        """What the worker pays for ``path`` (default: the fastest): Rp0 in a zero-cost occupation."""
        return 0 if self.zero_cost else (path or self.path).total_cost_idr

    def to_dict(self) -> dict[str, Any]:
        p = self.path
        out: dict[str, Any] = {
            "gaps": [g.to_dict() for g in self.gaps],
            "courses": [c.to_dict() for c in p.courses],
            "total_weeks": _number(p.total_weeks), "total_cost_idr": p.total_cost_idr,
            "worker_cost_idr": self.worker_cost(), "paid_by": self.paid_by(),
            "cost_rule": self.cost_rule(), "ready": self.ready, "ready_in_weeks": self.ready_in_weeks,
            "blocked_by": [g.id for g in self.blocked_by], "objective": OBJECTIVE_TEXT["fastest"],
            "cheapest": None,
            "documents": [d.to_dict() for d in self.documents],
        }
        if self.cheapest.total_cost_idr < p.total_cost_idr:  # a cheaper path (not the same one in another order)
            c = self.cheapest
            out["cheapest"] = {"courses": [x.to_dict() for x in c.courses], "total_weeks": _number(c.total_weeks),
                               "total_cost_idr": c.total_cost_idr, "worker_cost_idr": self.worker_cost(c),
                               "objective": OBJECTIVE_TEXT["cheapest"]}
        return out

    def paid_by(self) -> str | None:
        if not self.path.courses:
            return None
        return "employer_or_government" if self.zero_cost else "worker"

    def cost_rule(self) -> dict[str, Any] | None:
        """The zero-cost rule that applies, in both languages with its source; for Taiwan, ``warning`` says that
        Taiwan was exempted (a separate, visible warning: the exemption's status is not certain)."""
        if not self.zero_cost:
            return None
        return {"en": "Zero-cost occupation: training, the competency certificate, BPJS, the medical check and "
                      "the passport may not be charged to you; the employer or the government pays",
                "id": "Jabatan bebas biaya: pelatihan, sertifikat kompetensi, BPJS, pemeriksaan kesehatan dan "
                      "paspor tidak boleh dibebankan kepada Anda; pemberi kerja atau pemerintah yang membayar",
                "source": ZERO_COST_SOURCE, "warning": dict(TAIWAN_WARNING) if self.country == "TW" else None}


def assess(profile: NormalisedProfile, listing: ListingLike, catalogue: Catalogue, ref: Reference, as_of: date,
           held: frozenset[str] | None = None) -> Readiness:
    """Gaps, the fastest and the cheapest training path, and the documents still to arrange."""
    held = holdings(profile, ref) if held is None else held
    gaps = tuple(find_gaps(profile, listing, catalogue, ref, as_of, held))
    course_items = [g.id for g in gaps if g.closed_by == "course"]
    fastest = catalogue.path(course_items, held, "fastest", listing.country)
    cheapest = catalogue.path(course_items, held, "cheapest", listing.country)
    occ = ref.row("occupations", listing.occupation_id or "")
    zero_cost = bool(occ and occ["zero_cost"])
    months = getattr(listing, "contract_months", None)
    documents = tuple(document_step(g, ref, zero_cost, months) for g in gaps if g.closed_by == "process")
    return Readiness(gaps, fastest, cheapest, documents, zero_cost, listing.country)


def document_step(gap: Gap, ref: Reference, zero_cost: bool, contract_months: int | None) -> DocumentStep:
    """How to get a document, what it costs (where a source gives it) and what the worker pays."""
    key = "competency_certificate" if gap.id.startswith("competency:") else gap.id.removeprefix("cert:")
    row = ref.row("placement_documents", key)
    if row is None:  # a document only this listing asks for (e.g. a seaman's book): its issuer is all we know
        issuer = str(gap.detail.get("issuer") or "")
        cert = ref.row("certificates", key) or {}
        return DocumentStep(gap, issuer or "the issuing office", issuer or "kantor penerbitnya",
                            f"Ask {issuer or 'the issuing office'}", f"Tanyakan ke {issuer or 'kantor penerbitnya'}",
                            None, None, "No sourced tariff", str(cert.get("source", "")))
    cost: int | None = int(float(row["cost_idr"])) if str(row["cost_idr"]).strip() else None
    if key == "bpjs_ketenagakerjaan":
        cost = ref.bpjs_contribution_idr(contract_months)
    worker = 0 if zero_cost and row["zero_cost_covered"] else cost
    return DocumentStep(gap, str(row["authority_en"]), str(row["authority_id"]), str(row["how_en"]),
                        str(row["how_id"]), cost, worker, str(row["cost_note"]), str(row["source"]))


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


__all__ = ["Readiness", "DocumentStep", "assess", "document_step"]
