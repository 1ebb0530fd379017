"""Recommend v0: profile -> normalise -> embed -> retrieve -> hard policy -> transparent score -> explain.

The score is deliberately simple and inspectable (the learned ranker is a separate stage):
``score = SIMILARITY_WEIGHT * cosine + COVERAGE_WEIGHT * skill_coverage``, where skill coverage is the
share of the listing's required canonical skills the worker has (1.0 when none are required).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from features.embed_text import render
from features.levels import RANK_LABELS
from features.profiles import NormalisedProfile, WorkerProfile, normalise_profile
from features.reference import Reference, load_reference
from matching.errors import NotFound
from matching.explain import labelled, language_gaps, listing_summary, pay_summary, safety_badges
from matching.index import ListingIndex
from matching.policy import exclusion_reasons
from matching.readiness import assess
from matching.store import Listing, Store
from matching.training import Catalogue
from models.encoder import SentenceEncoder

logger = logging.getLogger(__name__)
SIMILARITY_WEIGHT = 0.6
COVERAGE_WEIGHT = 0.4
SCORER_VERSION = "v0-transparent"


def profile_embed_text(p: NormalisedProfile, ref: Reference) -> str:
    """The canonical English text a profile is embedded as."""
    sectors = list(p.preferred_sectors) or sorted({str(row["sector"]) for o in p.occupations
                                                   if (row := ref.row("occupations", o))})
    return render(occupations=p.occupations, sectors=sectors, countries=p.preferred_countries, skills=p.skills,
                  certificates=p.certificates, languages=p.languages, unknown=p.unknown_skills, ref=ref)


def skill_coverage(profile_skills: set[str], required: list[str]) -> float:
    """Share of required skills the worker has, in [0, 1]; 1.0 when nothing is required."""
    if not required:
        return 1.0
    return sum(1 for s in required if s in profile_skills) / len(required)


@dataclass
class MatchResult:
    """One recommended listing with its score parts and explanation."""

    listing_id: int
    score: float
    similarity: float
    skill_coverage: float
    listing: dict[str, Any]
    explanation: dict[str, Any]


@dataclass
class Recommendations:
    """Top-k matches for one profile plus how the profile was read and what the policy removed."""

    profile: NormalisedProfile
    matches: list[MatchResult]
    candidates: int
    excluded: dict[str, int] = field(default_factory=dict)
    excluded_total: int = 0
    reading: dict[str, Any] = field(default_factory=dict)
    scorer: str = SCORER_VERSION

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form shared by the CLI (--json) and the HTTP API."""
        return {
            "worker_ref": self.profile.worker_ref,
            "scorer": self.scorer,
            "profile_reading": self.reading,
            "candidates_considered": self.candidates,
            "excluded_total": self.excluded_total,
            "excluded_by_policy": dict(sorted(self.excluded.items())),
            "matches": [{"rank": i + 1, "listing_id": m.listing_id, "score": m.score, "similarity": m.similarity,
                         "skill_coverage": m.skill_coverage, "listing": m.listing, "explanation": m.explanation}
                        for i, m in enumerate(self.matches)],
        }


class Recommender:
    """The recommend pipeline over a store, an encoder and an index (all built once, then shared)."""

    def __init__(self, store: Store, encoder: SentenceEncoder, index: ListingIndex, ref: Reference | None = None,
                 top_k: int = 10, candidate_pool: int = 200, catalogue: Catalogue | None = None) -> None:
        self.store = store
        self.encoder = encoder
        self.index = index
        self.ref = ref or load_reference()
        self.catalogue = catalogue or Catalogue.from_reference(self.ref)
        self.top_k = top_k
        self.candidate_pool = candidate_pool

    def read_profile(self, profile: WorkerProfile, as_of: date | None = None) -> NormalisedProfile:
        return normalise_profile(profile, as_of=as_of, ref=self.ref)

    def recommend_for_worker(self, worker_ref: str, k: int | None = None, as_of: date | None = None
                             ) -> Recommendations:
        """Recommendations for a stored worker. Raises NotFound for an unknown worker_ref."""
        data = self.store.get_worker(worker_ref)
        return self.recommend(WorkerProfile.model_validate(data), k=k, as_of=as_of)

    def recommend_workers(self, worker_refs: list[str], k: int | None = None, as_of: date | None = None
                          ) -> list[Recommendations]:
        """Recommendations for many stored workers (batched)."""
        profiles = [WorkerProfile.model_validate(self.store.get_worker(ref)) for ref in worker_refs]
        return self.recommend_many(profiles, k=k, as_of=as_of)

    def recommend(self, profile: WorkerProfile, k: int | None = None, as_of: date | None = None) -> Recommendations:
        """Top ``k`` safe, eligible listings for ``profile``, best first."""
        return self.recommend_many([profile], k=k, as_of=as_of)[0]

    def recommend_many(self, profiles: list[WorkerProfile], k: int | None = None, as_of: date | None = None
                       ) -> list[Recommendations]:
        """Recommendations for many profiles: one batched encode and one batched search."""
        as_of = as_of or date.today()
        k = k or self.top_k
        norms = [self.read_profile(p, as_of) for p in profiles]
        queries = self.encoder.encode([profile_embed_text(n, self.ref) for n in norms])
        pool = max(self.candidate_pool, k)
        first = self.index.search(queries, pool)
        cache = self.store.listings_by_ids(sorted({int(i) for i in first.ids.ravel() if i >= 0}))
        out = []
        for row, norm in enumerate(norms):
            hits = list(zip(first.ids[row], first.scores[row]))
            kept, excluded, seen = self._admit(hits, norm, as_of, cache)
            if len(kept) < k and pool < self.index.ntotal:
                # Widen the search once if the policy removed too many (old or ineligible listings).
                wide = self.index.search(queries[row:row + 1], pool * 4)
                extra = [(i, s) for i, s in zip(wide.ids[0], wide.scores[0]) if int(i) not in seen]
                cache.update(self.store.listings_by_ids([int(i) for i, _ in extra if i >= 0]))
                more, more_excluded, more_seen = self._admit(extra, norm, as_of, cache)
                kept += more
                seen |= more_seen
                for key, n in more_excluded.items():
                    excluded[key] = excluded.get(key, 0) + n
            out.append(self._rank(norm, kept, k, as_of, len(seen), excluded))
        return out

    def _admit(self, hits: list[tuple[Any, Any]], norm: NormalisedProfile, as_of: date, cache: dict[int, Listing]
               ) -> tuple[list[tuple[Listing, float]], dict[str, int], set[int]]:
        """Apply the hard policy to retrieved (id, cosine) hits."""
        kept: list[tuple[Listing, float]] = []
        excluded: dict[str, int] = {}
        seen: set[int] = set()
        for raw_id, sim in hits:
            lid = int(raw_id)
            if lid < 0:
                continue
            seen.add(lid)
            listing = cache.get(lid)
            if listing is None:  # deleted after the index was built
                excluded["missing"] = excluded.get("missing", 0) + 1
                continue
            reasons = exclusion_reasons(listing, norm, as_of)
            for r in reasons:
                excluded[r] = excluded.get(r, 0) + 1
            if not reasons:
                kept.append((listing, float(sim)))
        return kept, excluded, seen

    def _rank(self, norm: NormalisedProfile, kept: list[tuple[Listing, float]], k: int, as_of: date,
              considered: int, excluded: dict[str, int]) -> Recommendations:
        skills = set(norm.skills)
        scored = []
        for listing, sim in kept:
            cov = skill_coverage(skills, list(listing.skill_ids or []))
            scored.append((SIMILARITY_WEIGHT * sim + COVERAGE_WEIGHT * cov, sim, cov, listing))
        scored.sort(key=lambda t: (-t[0], t[3].id))
        matches = [MatchResult(listing.id, round(score, 4), round(sim, 4), round(cov, 4),
                               self.listing_summary(listing), self.explain(norm, listing, as_of))
                   for score, sim, cov, listing in scored[:k]]
        return Recommendations(norm, matches, candidates=considered, excluded=excluded,
                               excluded_total=considered - len(kept), reading=self.reading(norm))

    def reading(self, norm: NormalisedProfile) -> dict[str, Any]:
        """How the profile was read, with labels in both languages (shown back to the worker)."""
        ref = self.ref
        languages = []
        for code, rank in norm.languages.items():
            row = ref.row("languages", code)
            languages.append({"lang": code, "label_en": row["label_en"] if row else code,
                              "label_id": row["label_id"] if row else code, "rank": rank,
                              "level": RANK_LABELS.get(rank, str(rank))})
        return {
            "skills": labelled(ref, "skills", norm.skills),
            "occupations": labelled(ref, "occupations", norm.occupations),
            "certificates": labelled(ref, "certificates", norm.certificates),
            "languages": languages,
            "education_level": norm.education_level,
            "preferred_countries": norm.preferred_countries,
            "preferred_sectors": labelled(ref, "sectors", norm.preferred_sectors),
            "unknown": norm.unknown,
        }

    def listing_summary(self, listing: Listing) -> dict[str, Any]:
        """The listing facts a card shows."""
        return listing_summary(listing, self.ref)

    def relevant_experience(self, norm: NormalisedProfile, listing: Listing) -> float:
        """Years in the listing's occupation or in any occupation of the same sector."""
        total = 0.0
        for occ, years in norm.experience_years.items():
            row = self.ref.row("occupations", occ)
            if occ == listing.occupation_id or (row and row["sector"] == listing.sector_id):
                total += years
        return total

    def explain(self, norm: NormalisedProfile, listing: Listing, as_of: date) -> dict[str, Any]:
        """Why this listing fits, what is still missing, and the training path that closes it
        (``training``: matching/readiness.py)."""
        have = set(norm.skills)
        required = list(listing.skill_ids or [])
        matched = [s for s in required if s in have]
        missing = [s for s in required if s not in have]
        missing_certs = [c for c in (listing.certificate_ids or []) if c not in set(norm.certificates)]
        exp_needed = listing.min_experience_years or 0.0
        relevant_years = self.relevant_experience(norm, listing)
        why = []
        if matched:
            why.append({"en": f"You have {len(matched)} of {len(required)} required skills",
                        "id": f"Anda punya {len(matched)} dari {len(required)} keahlian yang diminta"})
        if listing.country in norm.preferred_countries:
            why.append({"en": "In a country you prefer", "id": "Di negara pilihan Anda"})
        if listing.sector_id in norm.preferred_sectors:
            why.append({"en": "In a sector you prefer", "id": "Di bidang pilihan Anda"})
        if relevant_years:
            why.append({"en": f"{relevant_years:g} years of experience in this job",
                        "id": f"Pengalaman {relevant_years:g} tahun di pekerjaan ini"})
        return {
            "why": why,
            "matched_skills": labelled(self.ref, "skills", matched),
            "missing_skills": labelled(self.ref, "skills", missing),
            "missing_certificates": labelled(self.ref, "certificates", missing_certs),
            "missing_languages": language_gaps(norm, listing, self.ref),
            "unrecognised_requirements": list(listing.unknown_terms or []),
            "experience": {"required_years": exp_needed, "worker_years_relevant": relevant_years,
                           "worker_years_total": norm.total_experience_years,
                           "meets": relevant_years >= exp_needed},
            "pay": pay_summary(listing, self.ref, as_of),
            "safety": safety_badges(listing),
            "training": assess(norm, listing, self.catalogue, self.ref, as_of).to_dict(),
        }


__all__ = ["Recommender", "Recommendations", "MatchResult", "NotFound", "profile_embed_text", "skill_coverage"]
