"""Recommend: profile -> normalise -> embed -> retrieve -> pair features -> rank -> hard policy -> explain.

The rank stage scores every retrieved candidate with the learned ranker (the MLflow ``champion``, see
``models/registry.py``) before the hard policy removes what a worker must never see; the top ``k`` that pass
are explained, each with the factors that moved its score most (``top_factors``). Without a champion the
transparent v0 score ranks instead, ``score = SIMILARITY_WEIGHT * cosine + COVERAGE_WEIGHT * skill_coverage``,
where skill coverage is the share of the listing's required canonical skills the worker has (1.0 when none
are required); responses then say ``"ranker": {"name": "v0-transparent"}``.

Countries the worker names come first: every open listing in them is a candidate (searched exactly over their
vectors, not only as deep as the overall top candidates reach), and only they make the top ``k``. When fewer than
``k`` of them fit, the best others come in a separate, labelled part (``also_consider``) with the reason.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from features.embed_text import profile_embed_text
from features.factors import describe_factor, reads_against_the_worker
from features.i18n import quantity
from features.levels import RANK_LABELS
from features.pairs import FEATURES, worker_facts
from features.pairs_many import pair_matrix
from features.profiles import NormalisedProfile, WorkerProfile, normalise_profile
from features.reference import Reference, load_reference
from matching.eligibility.courses import Catalogue
from matching.eligibility.explain import labelled, language_gaps, listing_summary, pay_summary, safety_badges
from matching.eligibility.policy import PolicyFacts
from matching.eligibility.readiness import assess
from matching.errors import NotFound
from matching.recommend.ranking import COVERAGE_WEIGHT, SIMILARITY_WEIGHT, V0_NAME, RankingData
from matching.retrieval.index import ListingIndex
from matching.storage.store import Store
from matching.storage.tables import Listing
from models.encoder import SentenceEncoder
from models.exports import LoadedRanker

logger = logging.getLogger(__name__)
SCORER_VERSION = V0_NAME
TOP_FACTORS = 3
ALSO_CONSIDER = 5  # at most this many listings outside the worker's countries, and only when hers run short


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
    ranker: dict[str, Any] = field(default_factory=lambda: {"name": V0_NAME, "version": None})
    also_consider: list[MatchResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form shared by the CLI (--json) and the HTTP API."""
        ranked = [{"rank": i + 1, "listing_id": m.listing_id, "score": m.score, "similarity": m.similarity,
                   "skill_coverage": m.skill_coverage, "listing": m.listing, "explanation": m.explanation}
                  for i, m in enumerate([*self.matches, *self.also_consider])]
        return {
            "worker_ref": self.profile.worker_ref,
            "scorer": self.scorer,
            "ranker": dict(self.ranker),
            "profile_reading": self.reading,
            "candidates_considered": self.candidates,
            "excluded_total": self.excluded_total,
            "excluded_by_policy": dict(sorted(self.excluded.items())),
            "matches": ranked[:len(self.matches)],
            "also_consider": also_consider_part(self.profile, len(self.matches), ranked[len(self.matches):]),
        }


def also_consider_part(profile: NormalisedProfile, n_preferred: int, matches: list[dict[str, Any]]
                       ) -> dict[str, Any] | None:
    """Listings outside the countries the worker chose, only when too few inside them fit, with the reason."""
    if not matches:
        return None
    countries = list(profile.preferred_countries)
    named = ", ".join(countries)
    code = "few_in_preferred" if n_preferred else "none_in_preferred"
    reason = ((f"Only {n_preferred} job(s) in the countries you chose ({named}) fit you, so these jobs in other "
               "countries that fit you are shown too",
               f"Hanya {n_preferred} pekerjaan di negara pilihan Anda ({named}) yang cocok untuk Anda, jadi pekerjaan "
               "yang cocok di negara lain ini juga ditampilkan") if n_preferred else
              (f"No job in the countries you chose ({named}) fits you yet, so these jobs in other countries that fit "
               "you are shown", f"Belum ada pekerjaan di negara pilihan Anda ({named}) yang cocok untuk Anda, jadi "
               "pekerjaan yang cocok di negara lain ini ditampilkan"))
    return {"code": code, "countries": countries, "in_preferred": n_preferred, "reason_en": reason[0],
            "reason_id": reason[1], "matches": matches}


@dataclass
class _Candidate:
    """One retrieved listing with its scores and (learned ranker only) its feature row."""

    listing: Listing
    similarity: float
    coverage: float
    score: float
    features: np.ndarray | None = None


class Recommender:
    """The recommend pipeline over a store, an encoder and an index (all built once, then shared).

    ``ranker`` is the learned ranker (None: the v0 score); ``ranking_data`` the listing facts and track records
    its features need (built from the store on first use when not given, or loaded from ``ranking_cache_dir``
    while the store is unchanged).
    """

    def __init__(self, store: Store, encoder: SentenceEncoder, index: ListingIndex, ref: Reference | None = None,
                 top_k: int = 10, candidate_pool: int = 200, catalogue: Catalogue | None = None,
                 ranker: LoadedRanker | None = None, ranking_data: RankingData | None = None,
                 ranking_cache_dir: Path | None = None) -> None:
        self.store = store
        self.encoder = encoder
        self.index = index
        self.ref = ref or load_reference()
        self.catalogue = catalogue or Catalogue.from_reference(self.ref)
        self.top_k = top_k
        self.candidate_pool = candidate_pool
        self.ranker = ranker
        self._ranking_data = ranking_data
        self.ranking_cache_dir = ranking_cache_dir
        self._refresh_lock = threading.Lock()
        self._refresh_wanted = False
        self._refresh_thread: threading.Thread | None = None

    @property
    def ranking_data(self) -> RankingData:
        if self._ranking_data is None:
            self._ranking_data = self._build_ranking_data()
        return self._ranking_data

    def _build_ranking_data(self) -> RankingData:
        """From the store, or from the copy saved in ``ranking_cache_dir`` while the store has not changed
        (matching/recommend/ranking_cache.py)."""
        if self.ranking_cache_dir is None:
            return RankingData.build(self.store, self.ref)
        from matching.recommend.ranking_cache import load_or_build

        return load_or_build(self.store, self.ref, self.ranking_cache_dir)

    def warm_up(self) -> None:
        """Load now what the first learned ranking would otherwise load: the listing facts and the forest's
        compiled kernels (a server, before taking traffic; one-shot commands skip this, models/forest.py)."""
        if self.ranker is None:
            return
        _ = self.ranking_data
        from models.forest import warm_up

        warm_up()

    def listings_changed(self, listing_ids: list[int]) -> None:
        """Listings changed after the ranking data was built: rebuild it in a background thread.

        Requests keep ranking with the current data meanwhile, and it is swapped in whole when ready. Until
        then a listing the data does not hold yet is held back (never ranked on missing facts), and a changed
        one is ranked on its previous facts: the delay is one rebuild, a few seconds at the demo's size. Changes
        arriving during a rebuild cause one more rebuild after it, never one per change.
        """
        if self.ranker is None or self._ranking_data is None or not listing_ids:
            return  # v0 needs no listing facts; unbuilt data will be built from the store as it is then
        with self._refresh_lock:
            self._refresh_wanted = True
            if self._refresh_thread is None:
                self._refresh_thread = threading.Thread(target=self._refresh, name="ranking-data", daemon=True)
                self._refresh_thread.start()

    def _refresh(self) -> None:
        while True:
            with self._refresh_lock:
                if not self._refresh_wanted:
                    self._refresh_thread = None
                    return
                self._refresh_wanted = False
            try:
                self._ranking_data = self._build_ranking_data()
            except Exception:  # a failed rebuild keeps the current data; the next change tries again
                logger.exception("could not rebuild the ranking data; ranking with the previous data")

    def wait_for_ranking_data(self, timeout: float | None = None) -> bool:
        """Wait until no rebuild is pending (tests, batch jobs). True when the data is up to date."""
        thread = self._refresh_thread
        if thread is not None:
            thread.join(timeout)
        return self._refresh_thread is None

    @property
    def ranker_info(self) -> dict[str, Any]:
        """``{"name", "version"}`` of what ranks: the registered champion, or the v0 score."""
        if self.ranker is None:
            return {"name": V0_NAME, "version": None}
        return {"name": self.ranker.name, "version": self.ranker.version}

    @property
    def scorer(self) -> str:
        return V0_NAME if self.ranker is None else f"{self.ranker.name}:v{self.ranker.version}"

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
        """Recommendations for many profiles: one batched encode, search and ranker call."""
        as_of = as_of or date.today()
        return self.recommend_readings([self.read_profile(p, as_of) for p in profiles], k=k, as_of=as_of)

    def recommend_readings(self, norms: list[NormalisedProfile], k: int | None = None, as_of: date | None = None
                           ) -> list[Recommendations]:
        """``recommend_many`` for profiles already read (e.g. the store's cached readings, matching/readings.py).

        The hard policy runs before the learned ranker, so only candidates a worker may see are scored (the
        policy only removes, and a candidate's score does not depend on the others, so what is shown is the
        same as scoring everything first); the pair features and the ranker run once for every worker's
        candidates together.
        """
        as_of = as_of or date.today()
        k = k or self.top_k
        data = self.ranking_data if self.ranker is not None else None  # one snapshot for the whole call
        queries = self.encoder.encode([profile_embed_text(n, self.ref) for n in norms])
        pool = max(self.candidate_pool, k)
        first = self.index.search(queries, pool)
        hits = [list(zip(first.ids[r], first.scores[r], strict=True)) for r in range(len(norms))]
        for row, norm in enumerate(norms):  # a worker who names countries: their listings are always candidates
            if norm.preferred_countries:
                mine = self._preferred_hits(queries[row], norm.preferred_countries, pool, as_of)
                taken = {i for i, _ in mine}
                hits[row] = mine + [(i, s) for i, s in hits[row] if int(i) not in taken]
        cache = self.store.listings_by_ids(sorted({int(i) for h in hits for i, _ in h if i >= 0}))
        admitted = self._admit(norms, hits, cache, as_of, data)
        self._rank([(n, kept) for n, (kept, _, _) in zip(norms, admitted, strict=True)], as_of, data)
        out = []
        for row, norm in enumerate(norms):
            kept, excluded, seen = admitted[row]
            if len(kept) < k and pool < self.index.ntotal:
                # Widen the search once if the policy removed too many (old or ineligible listings).
                wide = self.index.search(queries[row:row + 1], pool * 4)
                extra = [(i, s) for i, s in zip(wide.ids[0], wide.scores[0], strict=True) if int(i) not in seen]
                cache.update(self.store.listings_by_ids([int(i) for i, _ in extra if i >= 0]))
                more, more_excluded, more_seen = self._admit([norm], [extra], cache, as_of, data)[0]
                self._rank([(norm, more)], as_of, data)
                kept += more
                seen |= more_seen
                for key, n in more_excluded.items():
                    excluded[key] = excluded.get(key, 0) + n
            kept.sort(key=lambda c: (-c.score, c.listing.id))
            shown, also = split_by_preference(kept, norm.preferred_countries, k)
            out.append((norm, shown, also, len(seen), len(kept), excluded))
        factors = self._top_factors([c for _, shown, also, *_ in out for c in (*shown, *also)])
        memo: dict[tuple[str, int], Any] = {}  # what depends on the listing only, once per listing and call
        results = []
        for norm, shown, also, considered, n_kept, excluded in out:
            def match(c: _Candidate, norm: NormalisedProfile = norm) -> MatchResult:
                return MatchResult(c.listing.id, round(c.score, 4), round(c.similarity, 4), round(c.coverage, 4),
                                   self._memo(memo, "card", c.listing, as_of),
                                   {**self.explain(norm, c.listing, as_of, memo), "top_factors": factors[id(c)]})
            results.append(Recommendations(norm, [match(c) for c in shown], candidates=considered,
                                           excluded=excluded, excluded_total=considered - n_kept,
                                           reading=self.reading(norm), scorer=self.scorer, ranker=self.ranker_info,
                                           also_consider=[match(c) for c in also]))
        return results

    def _preferred_hits(self, query: np.ndarray, countries: list[str], n: int, as_of: date
                        ) -> list[tuple[int, float]]:
        """The ``n`` open verified listings in ``countries`` most similar to the query (exact cosine over their
        indexed vectors): a worker's own countries are searched in full, not only as far as the overall top
        candidates reach."""
        rows = self.store.open_verified_listings(as_of, sorted(countries), ("country",))
        ids = np.array([r.id for r in rows], dtype=np.int64)
        try:
            vectors = self.index.vectors(ids)
        except KeyError:  # stored but not (yet) indexed, e.g. while another process adds it: not a candidate yet
            ids = ids[np.isin(ids, self.index.ids())]
            vectors = self.index.vectors(ids)
        if not len(ids):
            return []
        sims = vectors @ np.asarray(query, dtype=np.float32)
        top = np.argsort(-sims, kind="stable")[:n]
        return [(int(ids[j]), float(sims[j])) for j in top]

    def _admit(self, norms: list[NormalisedProfile], hits: list[list[tuple[Any, Any]]], cache: dict[int, Listing],
               as_of: date, data: RankingData | None) -> list[tuple[list[_Candidate], dict[str, int], set[int]]]:
        """The hard policy over every retrieved (id, cosine) hit of each worker, before any ranking.

        Per worker: the candidates she may see (with the v0 score), how many were excluded for each reason, and
        every listing id considered. A listing no longer in the store, or not in the learned ranker's listing
        facts (stored after they were built), counts as ``missing``: it cannot be ranked, so it is not shown.
        """
        ids = sorted({int(i) for worker_hits in hits for i, _ in worker_hits if int(i) in cache})
        facts = PolicyFacts([cache[i] for i in ids])
        pos = {lid: j for j, lid in enumerate(ids)}
        out = []
        for norm, worker_hits in zip(norms, hits, strict=True):
            seen: set[int] = set()
            live: list[tuple[int, float]] = []
            missing = 0
            for raw_id, sim in worker_hits:
                lid = int(raw_id)
                if lid < 0:
                    continue
                seen.add(lid)
                if lid in cache:
                    live.append((lid, float(sim)))
                else:
                    missing += 1
            if data is not None and live:
                known = data.table.rows([lid for lid, _ in live]) >= 0
                missing += int((~known).sum())
                live = [x for x, ok in zip(live, known, strict=True) if ok]
            excluded: dict[str, int] = {"missing": missing} if missing else {}
            counts = facts.exclusions(np.array([pos[lid] for lid, _ in live], dtype=np.int64), norm, as_of)
            blocked = np.zeros(len(live), dtype=bool)
            for code, fired in counts.items():
                excluded[code] = excluded.get(code, 0) + int(fired.sum())
                blocked |= fired > 0
            have = set(norm.skills)
            kept = []
            for (lid, sim), bad in zip(live, blocked, strict=True):
                if bad:
                    continue
                cov = skill_coverage(have, facts.skills[pos[lid]])
                # v0_score's arithmetic on Python floats: the same IEEE operations, without numpy per pair
                kept.append(_Candidate(cache[lid], sim, cov, SIMILARITY_WEIGHT * sim + COVERAGE_WEIGHT * cov))
            out.append((kept, excluded, seen))
        return out

    def _rank(self, groups: list[tuple[NormalisedProfile, list[_Candidate]]], as_of: date,
              data: RankingData | None) -> None:
        """Score every group's candidates with the learned ranker in one call (v0 scores stay without one)."""
        if self.ranker is None or data is None:
            return
        workers, rows, sims, cands = [], [], [], []
        for norm, kept in groups:
            if kept:
                workers.append(worker_facts(norm, data.table))
                rows.append(data.table.rows([c.listing.id for c in kept]))
                sims.append(np.array([c.similarity for c in kept]))
                cands += kept
        if not cands:
            return
        X = pair_matrix(workers, data.table, rows, sims, as_of, data.track)
        scores = self.ranker.model.predict(pd.DataFrame(X, columns=list(FEATURES)))
        for c, score, x in zip(cands, scores, X, strict=True):
            c.score, c.features = float(score), x

    def score_candidates(self, norms: list[NormalisedProfile], hits: list[list[tuple[Any, Any]]],
                         cache: dict[int, Listing], as_of: date) -> list[list[_Candidate]]:
        """The candidates each worker may see among ``hits``, scored (the policy first, then the ranker)."""
        data = self.ranking_data if self.ranker is not None else None
        admitted = self._admit(norms, hits, cache, as_of, data)
        self._rank([(n, kept) for n, (kept, _, _) in zip(norms, admitted, strict=True)], as_of, data)
        return [kept for kept, _, _ in admitted]

    def _memo(self, memo: dict[tuple[str, int], Any] | None, part: str, listing: Listing, as_of: date) -> Any:
        """A part of a card that depends on the listing only (``card``, ``pay``, ``safety``), once per call."""
        key = (part, listing.id)
        if memo is not None and key in memo:
            return memo[key]
        value = (self.listing_summary(listing) if part == "card" else pay_summary(listing, self.ref, as_of)
                 if part == "pay" else safety_badges(listing, self.ref))
        if memo is not None:
            memo[key] = value
        return value

    def _top_factors(self, shown: list[_Candidate]) -> dict[int, list[dict[str, Any]]]:
        """The factors that moved each shown candidate's score most, keyed by ``id(candidate)``, each worded by
        its value against the typical one (features/factors.py).

        Learned ranker: the score change when a feature is set to its training median
        (``PlacementRanker.contributions``), the median being the typical value; a factor that reads against the
        worker (features.factors.reads_against_the_worker) is skipped for the next one. v0: the two weighted terms
        of the transparent score (no typical value: their plain labels).
        """
        out: dict[int, list[dict[str, Any]]] = {}
        learned = [(c, c.features) for c in shown if c.features is not None]
        if learned and self.ranker is not None:
            X = pd.DataFrame(np.stack([f for _, f in learned]), columns=list(FEATURES))
            contrib = self.ranker.model.contributions(X)
            typical = getattr(self.ranker.model, "reference_values_", None)
            for (c, feats), row in zip(learned, contrib, strict=True):
                shown_factors: list[dict[str, Any]] = []
                for j in np.argsort(-np.abs(row), kind="stable"):
                    if abs(row[j]) <= 1e-9 or len(shown_factors) == TOP_FACTORS:
                        break
                    factor = describe_factor(FEATURES[j], feats[j], row[j], None if typical is None else typical[j])
                    if not reads_against_the_worker(factor):  # never "more complaints raised it" on a card
                        shown_factors.append(factor)
                out[id(c)] = shown_factors
        for c in shown:
            if id(c) not in out:
                terms = [("similarity", c.similarity, SIMILARITY_WEIGHT * c.similarity),
                         ("skill_coverage", c.coverage, COVERAGE_WEIGHT * c.coverage)]
                out[id(c)] = [describe_factor(f, v, w) for f, v, w in sorted(terms, key=lambda t: -abs(t[2]))]
        return out

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
            "experience_years": norm.experience_years,
            # years from unpaid or family care ("caring for my parents"): counted, and shown as informal
            "informal_experience_years": norm.informal_experience_years,
            "other_terms": norm.other_terms,
            "unknown": norm.unknown,
        }

    def listing_summary(self, listing: Listing) -> dict[str, Any]:
        """The listing facts a card shows."""
        return listing_summary(listing, self.ref)

    def relevant_experience(self, norm: NormalisedProfile, listing: Listing, informal: bool = False) -> float:
        """Years in the listing's occupation or in any occupation of the same sector (``informal``: only the
        years that came from informal experience, which are already part of the total)."""
        total = 0.0
        for occ, years in (norm.informal_experience_years if informal else norm.experience_years).items():
            row = self.ref.row("occupations", occ)
            if occ == listing.occupation_id or (row and row["sector"] == listing.sector_id):
                total += years
        return total

    def explain(self, norm: NormalisedProfile, listing: Listing, as_of: date,
                memo: dict[tuple[str, int], Any] | None = None) -> dict[str, Any]:
        """Why this listing fits, what is still missing, and the training path that closes it
        (``training``: matching/readiness.py)."""
        have = set(norm.skills)
        required = list(listing.skill_ids or [])
        matched = [s for s in required if s in have]
        missing = [s for s in required if s not in have]
        missing_certs = [c for c in (listing.certificate_ids or []) if c not in set(norm.certificates)]
        exp_needed = listing.min_experience_years or 0.0
        relevant_years = self.relevant_experience(norm, listing)
        why: list[dict[str, Any]] = []  # each with a code and its figures, so a page can word it itself
        if matched:
            why.append({"code": "skills", "have": len(matched), "need": len(required),
                        "en": f"You have {len(matched)} of the {len(required)} skills it asks for",
                        "id": f"Anda punya {len(matched)} dari {len(required)} keahlian yang diminta"})
        if listing.country in norm.preferred_countries:
            why.append({"code": "country", "en": "In a country you chose", "id": "Di negara pilihan Anda"})
        if listing.sector_id in norm.preferred_sectors:
            why.append({"code": "sector", "en": "In a kind of work you chose", "id": "Di bidang kerja pilihan Anda"})
        informal_years = self.relevant_experience(norm, listing, informal=True)
        if relevant_years:
            item: dict[str, Any] = {
                "code": "experience", "years": relevant_years,
                "en": f"{quantity(relevant_years, 'year', 'en')} of experience in this work",
                "id": f"Pengalaman {quantity(relevant_years, 'year', 'id')} di pekerjaan ini"}
            if informal_years:  # shown as informal, so she and an employer both see what it is
                item.update(code="experience_informal", informal_years=informal_years)
                item["en"] += f" ({quantity(informal_years, 'year', 'en')} of them informal, e.g. caring for family)"
                item["id"] += (f" ({quantity(informal_years, 'year', 'id')} di antaranya informal, misalnya merawat "
                               "keluarga)")
            why.append(item)
        return {
            "why": why,
            "matched_skills": labelled(self.ref, "skills", matched),
            "missing_skills": labelled(self.ref, "skills", missing),
            "missing_certificates": labelled(self.ref, "certificates", missing_certs),
            "missing_languages": language_gaps(norm, listing, self.ref),
            "unrecognised_requirements": list(listing.unknown_terms or []),
            "experience": {"required_years": exp_needed, "worker_years_relevant": relevant_years,
                           "worker_years_informal": informal_years,
                           "worker_years_total": norm.total_experience_years,
                           "meets": relevant_years >= exp_needed},
            "pay": self._memo(memo, "pay", listing, as_of),
            "safety": self._memo(memo, "safety", listing, as_of),
            "training": assess(norm, listing, self.catalogue, self.ref, as_of).to_dict(),
        }


def split_by_preference(kept: list[_Candidate], countries: list[str], k: int
                        ) -> tuple[list[_Candidate], list[_Candidate]]:
    """(the top ``k``, the "also consider" part) of candidates already in rank order. A worker who named countries
    sees only their listings in the top ``k``; when fewer than ``k`` of them fit, up to ``ALSO_CONSIDER`` others
    (never more than the places left) come in a part of their own."""
    if not countries:
        return kept[:k], []
    chosen = set(countries)
    mine = [c for c in kept if c.listing.country in chosen][:k]
    others = [c for c in kept if c.listing.country not in chosen]
    return mine, others[:min(ALSO_CONSIDER, k - len(mine))]


__all__ = ["Recommender", "Recommendations", "MatchResult", "NotFound", "profile_embed_text", "skill_coverage"]
