"""Training and evaluation data for the ranker: (X, y, groups) from placement outcomes, split by worker.

Each query is one worker; its candidates are the listings she was recommended in the outcome history that the
hard policy still allows, each labelled from the funnel (``matching.recommend.ranking.RELEVANCE``). Features come from
``features.pairs`` exactly as at serving: the same normalised profile, the same embedding of her profile, the
similarity from the same FAISS vectors, the same listing facts.

Why only logged listings and not also the listings retrieval would have returned: a retrieved listing she was
never shown has no outcome, and counting it as "not relevant" next to listings she was shown teaches a model to
recognise what the earlier system showed, not what she would take. On the demo data that protocol ranks a
random order above cosine similarity, which says more about the protocol than about either ranker (see
docs/learned-ranking.md). Serving still ranks the retrieved candidates with the model trained here.

Only mature pairs are used: a listing first recommended less than ``MATURITY_DAYS`` before the end of the
history may still be heading for an application or a hire (the funnel takes weeks), and counting it as "not
relevant" would teach the model that recently recommended listings are bad.

Workers are split by a salted hash of ``worker_ref`` -- 70 % train, 15 % validation, 15 % test -- never by
row, so no worker's outcomes are on both sides. Agency and employer track records never contain the outcome
being predicted: for a training worker they come from the training workers of the other ``folds`` (out of
fold, by worker); for validation and test workers from all training workers.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from features.pairs import FEATURES, TrackRecord, pair_features, worker_facts
from features.profiles import WorkerProfile
from matching.eligibility.policy import exclusion_reasons
from matching.recommend.pipeline import Recommender, profile_embed_text, skill_coverage
from matching.recommend.ranking import RELEVANT_AT, RankingData, labels, track_record_from_labels, v0_score

logger = logging.getLogger(__name__)

SPLITS = ("train", "valid", "test")
MATURITY_DAYS = 40  # recommended -> applied takes up to a week, applied -> hired up to five more
SPLIT_SALT = "layak-split-v1"
FOLDS = 5


def worker_split(worker_ref: str, salt: str = SPLIT_SALT) -> str:
    """``train`` (70 %), ``valid`` (15 %) or ``test`` (15 %), fixed for a worker_ref."""
    bucket = int(hashlib.sha256(f"{salt}:{worker_ref}".encode()).hexdigest()[:12], 16) % 100
    return "train" if bucket < 70 else "valid" if bucket < 85 else "test"


def _fold(worker_ref: str) -> int:
    return int(hashlib.sha256(f"{SPLIT_SALT}:fold:{worker_ref}".encode()).hexdigest()[:12], 16) % FOLDS


@dataclass
class RankingSet:
    """Rows = (worker, listing) candidates, grouped by worker.

    ``X`` has the columns ``FEATURES``; per row also ``y`` (label), ``group`` (index into ``workers``),
    ``listing_id``, ``v0`` (the transparent score), ``sector`` and ``country`` (for breakdowns). Per worker:
    ``workers`` (refs) and ``split``.
    """

    X: pd.DataFrame
    y: np.ndarray
    group: np.ndarray
    listing_id: np.ndarray
    v0: np.ndarray
    sector: np.ndarray
    country: np.ndarray
    workers: list[str]
    split: np.ndarray
    as_of: date
    skipped: dict[str, int] = field(default_factory=dict)

    def rows(self, split: str) -> np.ndarray:
        """Row indices of the workers in ``split``."""
        return np.flatnonzero(self.split[self.group] == split)

    def subset(self, split: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
        """``(X, y, group)`` of one split."""
        idx = self.rows(split)
        return self.X.iloc[idx].reset_index(drop=True), self.y[idx], self.group[idx]

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"as_of": self.as_of.isoformat(), "rows": int(self.y.size),
                                  "skipped": dict(self.skipped)}
        for s in SPLITS:
            idx = self.rows(s)
            groups = np.unique(self.group[idx])
            with_relevant = np.unique(self.group[idx][self.y[idx] >= RELEVANT_AT])
            out[s] = {"workers": int(groups.size), "rows": int(idx.size),
                      "workers_with_placement": int(with_relevant.size)}
        return out


def build_ranking_set(recommender: Recommender, data: RankingData, outcomes: pd.DataFrame,
                      as_of: date | None = None) -> RankingSet:
    """Label, split and featurise an outcome history (``worker_ref, listing_ref, event, occurred_at``).

    ``as_of`` (default: the day after the last event) is the end of the history: profiles are read on that day
    (ages) and pairs first recommended in the ``MATURITY_DAYS`` before it are left out. The hard policy and
    listing freshness are applied as of the day each listing was first recommended to the worker.
    Outcomes naming a worker or listing the store does not hold are skipped and counted in ``skipped``.
    """
    lab = labels(outcomes)
    lab["row"] = lab["listing_ref"].map(data.ref_to_row).fillna(-1).astype(np.int64)
    skipped = {"unknown_listing": int((lab["row"] < 0).sum())}
    lab = lab[lab["row"] >= 0]
    if as_of is None:
        last = pd.to_datetime(outcomes["occurred_at"], utc=True).max() if len(outcomes) else pd.Timestamp.now("UTC")
        as_of = (last + pd.Timedelta(days=1)).date()
    horizon = pd.Timestamp(as_of, tz="UTC") - pd.Timedelta(days=MATURITY_DAYS)
    immature = pd.to_datetime(lab["first_at"], utc=True) >= horizon
    skipped["immature"] = int(immature.sum())
    lab = lab[~immature]
    refs = sorted(lab["worker_ref"].unique())
    stored = recommender.store.workers_by_refs(refs)
    skipped["unknown_worker"] = len(refs) - len(stored)
    refs = [r for r in refs if r in stored]
    lab = lab[lab["worker_ref"].isin(set(refs))]
    split = np.asarray([worker_split(r) for r in refs])
    tracks = _leak_free_tracks(data, lab, refs, split)
    table = data.table

    norms = [recommender.read_profile(WorkerProfile.model_validate(stored[r]), as_of) for r in refs]
    queries = recommender.encoder.encode([profile_embed_text(n, recommender.ref) for n in norms])
    listing_ids = np.unique(table.ids[lab["row"].to_numpy()])
    listings = recommender.store.listings_by_ids(listing_ids.tolist())
    indexed = np.intersect1d(listing_ids, recommender.index.ids())
    vec_of = dict(zip(indexed.tolist(), recommender.index.vectors(indexed), strict=True))
    by_worker = {w: g for w, g in lab.groupby("worker_ref", sort=False)}

    blocks, ys, groups, ids_out, v0s = [], [], [], [], []
    excluded = 0
    for g, (ref_, norm) in enumerate(zip(refs, norms, strict=True)):
        rows_ = by_worker[ref_]
        lids = table.ids[rows_["row"].to_numpy()]
        days = [ts.date() for ts in pd.to_datetime(rows_["first_at"], utc=True)]
        keep = np.asarray([int(i) in vec_of and not exclusion_reasons(listings[int(i)], norm, d)
                           for i, d in zip(lids, days, strict=True)], dtype=bool)
        excluded += int((~keep).sum())
        if not keep.any():
            continue
        lids, y = lids[keep], rows_["label"].to_numpy()[keep]
        sims = np.stack([vec_of[int(i)] for i in lids]) @ queries[g]
        X = pair_features(worker_facts(norm, table), table, table.rows(lids), sims,
                          [d for d, k in zip(days, keep, strict=True) if k], tracks[g])
        have = set(norm.skills)
        cov = np.asarray([skill_coverage(have, list(listings[int(i)].skill_ids or [])) for i in lids])
        blocks.append(X)
        ys.append(y)
        groups.append(np.full(y.size, g))
        ids_out.append(lids)
        v0s.append(v0_score(sims, cov))
    skipped["excluded_by_policy"] = excluded
    X = pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(columns=list(FEATURES), dtype=float)
    ids_all = np.concatenate(ids_out) if ids_out else np.zeros(0, dtype=np.int64)
    rows_all = table.rows(ids_all)
    inv_sector = {v: k for k, v in table.sector_vocab.items()}
    inv_country = {v: k for k, v in table.country_vocab.items()}
    logger.info("ranking set: %d workers, %d rows, skipped %s", len(refs), ids_all.size, skipped)
    return RankingSet(
        X=X, y=np.concatenate(ys).astype(float) if ys else np.zeros(0),
        group=np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64), listing_id=ids_all,
        v0=np.concatenate(v0s) if v0s else np.zeros(0),
        sector=np.asarray([inv_sector.get(c, "") for c in table.sector[rows_all]], dtype=object),
        country=np.asarray([inv_country.get(c, "") for c in table.country[rows_all]], dtype=object),
        workers=refs, split=split, as_of=as_of, skipped=skipped)


def _leak_free_tracks(data: RankingData, lab: pd.DataFrame, refs: list[str], split: np.ndarray
                      ) -> list[TrackRecord]:
    """The track record each worker's features may use (see the module docstring)."""
    train_refs = {r for r, s in zip(refs, split, strict=True) if s == "train"}
    train_lab = lab[lab["worker_ref"].isin(train_refs)]
    fold_of = {r: _fold(r) for r in train_refs}
    folds = train_lab["worker_ref"].map(fold_of).to_numpy()
    by_fold = [track_record_from_labels(data.table, data.ref_to_row, train_lab[folds != f]) for f in range(FOLDS)]
    held_out = track_record_from_labels(data.table, data.ref_to_row, train_lab)
    return [by_fold[fold_of[r]] if s == "train" else held_out for r, s in zip(refs, split, strict=True)]
