"""Sentence embeddings from the bundled all-MiniLM-L6-v2, offline, batched and cached by content.

Vectors are L2-normalised float32 ``(n, dim)`` so inner product equals cosine similarity. The cache key
is sha256(model id + text): an unchanged listing is never encoded twice, across runs and processes.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)
PROGRESS_MIN_TEXTS = 2_000  # show a progress bar (stderr) only on long runs


class EmbeddingCache:
    """A SQLite key/value table of vectors. Safe for several threads and processes (WAL, short writes)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        conn = self._conn()
        for start in range(0, len(keys), 500):
            chunk = list(keys[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in conn.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", chunk):
                out[key] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        conn = self._conn()
        with conn:
            conn.executemany("INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)",
                             [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])


class SentenceEncoder:
    """Wrapper over a local sentence-transformers model.

    Args:
        model_path: a directory ``SentenceTransformer`` loads offline (the bundled model by default).
        batch_size: texts per forward pass.
        cache: optional EmbeddingCache; None disables caching.
    """

    def __init__(self, model_path: str, batch_size: int = 64, cache: EmbeddingCache | None = None) -> None:
        # HF_HUB_OFFLINE is set by matching.settings.apply_library_environment; a model path never needs a hub
        from sentence_transformers import SentenceTransformer

        self.model_path = str(model_path)
        self.batch_size = batch_size
        self.cache = cache
        self._model = SentenceTransformer(self.model_path, device="cpu")
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise ValueError(f"the sentence-transformers model at {self.model_path} does not say its dimension")
        self.dim = int(dim)
        self.model_id = f"{Path(self.model_path).name}:{self.dim}:{_model_fingerprint(Path(self.model_path))}"
        self._lock = threading.Lock()  # torch inference from many threads at once only thrashes 2 cores

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\x00{text}".encode()).hexdigest()

    def encode(self, texts: Sequence[str], progress: bool | None = None) -> np.ndarray:
        """Embed ``texts`` -> float32 array ``(len(texts), dim)``, rows L2-normalised.

        Cached texts are not re-encoded; duplicates in one call are encoded once.
        """
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [self._key(t) for t in texts]
        found = self.cache.get_many(sorted(set(keys))) if self.cache else {}
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found and key not in missing:
                missing[key] = text
        if missing:
            show = progress if progress is not None else len(missing) >= PROGRESS_MIN_TEXTS
            with self._lock:
                vecs = self._model.encode(list(missing.values()), batch_size=self.batch_size,
                                          normalize_embeddings=True, convert_to_numpy=True,
                                          show_progress_bar=show)
            fresh = dict(zip(missing.keys(), vecs.astype(np.float32), strict=True))
            if self.cache:
                self.cache.put_many(fresh)
            found.update(fresh)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        """Plain ``SentenceTransformer.encode`` with no cache (the benchmark's baseline)."""
        return self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)


def _model_fingerprint(path: Path) -> str:
    """A short hash of the model's weight files' names and sizes: a swapped model gets new cache keys."""
    h = hashlib.sha256()
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file() and f.suffix in {".safetensors", ".bin", ".json"}:
                h.update(f"{f.relative_to(path)}:{f.stat().st_size}".encode())
    return h.hexdigest()[:12]
