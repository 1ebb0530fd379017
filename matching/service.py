"""Wiring: build the store, encoder, index, ranker and recommender from Settings (used by the CLI and the API)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from matching.settings import Settings, apply_library_environment

if TYPE_CHECKING:  # each part is imported when it is first built: a command pays only for the parts it uses
    from matching.eligibility.courses import Catalogue
    from matching.planning.cohort import CohortPlanner
    from matching.planning.stretch import TrainingPlanner
    from matching.recommend.pipeline import Recommender
    from matching.retrieval.index import ListingIndex
    from matching.retrieval.replicas import IndexFollower
    from matching.screening.desk import ListingDesk
    from matching.screening.risk_policy import RiskScorer
    from matching.storage.keys import ApiKeys
    from matching.storage.store import Store
    from models.encoder import SentenceEncoder
    from models.exports import LoadedRanker

logger = logging.getLogger(__name__)


def limit_threads(n: int | None, torch: bool = True) -> None:
    """Process-wide FAISS (and, with ``torch``, torch) thread counts (``Settings.compute_threads``; None leaves
    the defaults). The ONNX encoder takes its own thread count; importing torch only to limit it would cost the
    seconds of import the ONNX backend saves.

    Requests run in parallel on the server's threads; inside one request, OpenMP threads that spin while the
    other cores are busy cost far more than they save (docs/benchmarks.md).
    """
    if n is None:
        return
    import faiss

    faiss.omp_set_num_threads(n)
    if torch:
        import torch as torch_module

        torch_module.set_num_threads(n)


@dataclass
class Services:
    """Lazily built heavy parts; each is created once per process."""

    settings: Settings
    ranker_status: str = ""  # why the v0 score ranks instead of a champion ("" while a champion serves)

    def __post_init__(self) -> None:
        apply_library_environment()  # before any library that reads it is loaded (encoder, MLflow)

    @cached_property
    def store(self) -> Store:
        from matching.storage.listing_cache import CachedStore
        from matching.storage.store import Store

        if self.settings.listing_cache_size:
            return CachedStore(self.settings.database_url, max_listings=self.settings.listing_cache_size)
        return Store(self.settings.database_url)

    @cached_property
    def keys(self) -> ApiKeys:
        """API keys (hashed in the store)."""
        from matching.storage.keys import ApiKeys

        return ApiKeys(self.store, self.settings.api_key_pepper)

    @cached_property
    def encoder(self) -> SentenceEncoder:
        from models.encoder import EmbeddingCache, SentenceEncoder

        backend = self.settings.encoder_backend
        limit_threads(self.settings.compute_threads, torch=backend == "torch")
        cache = EmbeddingCache(self.settings.embedding_cache_path)  # type: ignore[arg-type]
        return SentenceEncoder(self.settings.resolved_model_path(), batch_size=self.settings.encoder_batch_size,
                               cache=cache, backend=backend, onnx_dir=self.settings.encoder_onnx_dir,
                               threads=self.settings.compute_threads)

    @cached_property
    def index(self) -> ListingIndex:
        from matching.retrieval.index_sync import open_index

        self.__dict__["index_seq"] = self.store.listing_change_seq()  # before loading: changes after it are replayed
        return open_index(self.store, self.encoder, self.settings.index_path,  # type: ignore[arg-type]
                          exact_max=self.settings.index_exact_max, nprobe=self.settings.index_ivf_nprobe)

    @cached_property
    def index_follower(self) -> IndexFollower:
        """Applies listing changes made by other processes sharing the store (matching/replicas.py)."""
        from matching.retrieval.index_sync import IndexSync
        from matching.retrieval.replicas import IndexFollower

        # Its own IndexSync: following must not load what the desk needs (the listing-risk model). It only
        # changes the in-memory index; the published copy is saved on this process's own writes, and a restart
        # rebuilds it from the embedding cache if other processes moved the store on meanwhile (open_index).
        sync = IndexSync(self.store, self.encoder, self.index, self.settings.index_path,  # type: ignore[arg-type]
                         on_applied=self.listings_changed)
        # An index placed here ready-made (tests share one) is taken as in step with the store as it is now.
        seen = self.__dict__.get("index_seq")
        return IndexFollower(self.store, sync, seen=self.store.listing_change_seq() if seen is None else seen,
                             interval_s=self.settings.index_follow_interval_ms / 1000,
                             on_change=getattr(self.store, "forget", None))

    def listings_changed(self, listing_ids: list[int]) -> None:
        """Listings were submitted, reviewed or withdrawn, here or in another process: what was derived from
        them besides the index (the learned ranker's listing facts) follows."""
        recommender = self.__dict__.get("recommender")
        if recommender is not None:
            recommender.listings_changed(listing_ids)

    def follow_listing_changes(self) -> None:
        """Before serving: catch up with other processes' listing changes (cheap; rate-limited)."""
        if "index" in self.__dict__:  # nothing to keep in step before the index is loaded
            self.index_follower.poll()

    @cached_property
    def desk(self) -> ListingDesk:
        """Listing screening and intake, keeping the live index in step."""
        from matching.retrieval.index_sync import IndexSync
        from matching.screening.desk import ListingDesk

        sync = IndexSync(self.store, self.encoder, self.index, self.settings.index_path,  # type: ignore[arg-type]
                         on_applied=self.listings_changed)
        return ListingDesk(self.store, sync, risk=self.risk_model)

    @cached_property
    def screening_desk(self) -> ListingDesk:
        """The desk for dry-run screening only (``layak screen``): the rules and the risk model, without loading the
        encoder and the listing index that storing listings needs."""
        from matching.screening.desk import ListingDesk

        if "desk" in self.__dict__:
            return self.desk
        return ListingDesk(self.store, None, risk=self.risk_model)

    @cached_property
    def risk_model(self) -> RiskScorer | None:
        """The registered listing-risk champion, or None before one is trained (rules only)."""
        from models import champion

        try:
            loaded = champion.load_risk(self.settings.mlflow_tracking_uri, self.settings.cache_dir)
        except Exception as exc:  # a broken registry must not stop screening by the rules
            logger.warning("listing-risk model not loaded (%s); screening by the rules only", exc)
            return None
        return None if loaded is None else loaded[0]

    @cached_property
    def catalogue(self) -> Catalogue:
        """The course catalogue from the store (operators may update prices there), else the shipped CSV."""
        from matching.eligibility.courses import Catalogue

        rows = self.store.courses()
        return Catalogue.from_rows(rows) if rows else Catalogue.from_reference()

    @cached_property
    def training_planner(self) -> TrainingPlanner:
        """A worker's ready-now and stretch lists (no encoder or index needed)."""
        from matching.planning.stretch import TrainingPlanner

        return TrainingPlanner(self.store, self.catalogue, max_weeks=self.settings.training_max_weeks,
                               max_worker_cost_idr=self.settings.training_max_cost_idr, k=self.settings.top_k)

    @cached_property
    def cohort_planner(self) -> CohortPlanner:
        """The planner's k-anonymous cohort view (no encoder or index needed)."""
        from matching.planning.cohort import CohortPlanner

        return CohortPlanner(self.store, self.catalogue, k_anonymity=self.settings.planner_k_anonymity,
                             top_n=self.settings.planner_top_n)

    @cached_property
    def ranker(self) -> LoadedRanker | None:
        """The registered champion (``models:/layak-ranker@champion``), or None: then the v0 score ranks. Loaded from
        its local copy in ``cache_dir`` while that copy is of the registered champion (models/champion.py).

        Never raises: a missing store, a missing champion, a champion trained on other features or one that
        fails to load all fall back to v0, with the reason in ``ranker_status`` (shown by ``/health``).
        """
        from features.pairs import FEATURES
        from models import champion

        uri = self.settings.mlflow_tracking_uri
        try:
            loaded = champion.load_ranker(uri, self.settings.cache_dir)
        except Exception as exc:  # noqa: BLE001 - serving must start; the reason is reported, not swallowed
            logger.exception("could not load the champion ranker from %s", uri)
            self.ranker_status = f"champion failed to load: {type(exc).__name__}: {exc}"
            return None
        if loaded is None:
            self.ranker_status = "no champion registered (run `layak train`)"
            return None
        if loaded.features != list(FEATURES):
            self.ranker_status = (f"champion v{loaded.version} was trained on other features; "
                                  "run `layak train` to register one for this code")
            return None
        self.ranker_status = ""
        return loaded

    @cached_property
    def recommender(self) -> Recommender:
        # the ranking data (listing facts, track records) is built from the store (or its saved copy) on first use
        from matching.recommend.pipeline import Recommender

        return Recommender(self.store, self.encoder, self.index, top_k=self.settings.top_k,
                           candidate_pool=self.settings.candidate_pool, catalogue=self.catalogue,
                           ranker=self.ranker, ranking_cache_dir=self.settings.cache_dir)

    def rebuild_index(self, progress: bool | None = None) -> ListingIndex:
        from matching.retrieval.index_sync import rebuild_index

        seq = self.store.listing_change_seq()
        index = rebuild_index(self.store, self.encoder, self.settings.index_path, progress,  # type: ignore[arg-type]
                              exact_max=self.settings.index_exact_max, nprobe=self.settings.index_ivf_nprobe)
        self.__dict__.update(index=index, index_seq=seq)
        for dependent in ("recommender", "desk", "index_follower"):
            self.__dict__.pop(dependent, None)
        return index

    def reload_ranker(self) -> LoadedRanker | None:
        """Load the champion again (after ``layak train`` moved the alias)."""
        for stale in ("ranker", "recommender"):
            self.__dict__.pop(stale, None)
        return self.ranker
