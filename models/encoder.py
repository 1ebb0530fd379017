"""Sentence embeddings from the bundled all-MiniLM-L6-v2, offline, batched and cached by content.

Vectors are L2-normalised float32 ``(n, dim)`` so inner product equals cosine similarity. The cache key
is sha256(model id + text): an unchanged listing is never encoded twice, across runs and processes.

Two runtimes give the same vectors (``backend``): ``"onnx"`` runs the model exported to ONNX with onnxruntime
(models/onnx_encoder.py: no torch import, 1.8x faster per query), ``"torch"`` runs sentence-transformers. The
model id names the weights, not the runtime, so both share the cache and the index.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from models.onnx_encoder import model_fingerprint as _model_fingerprint

logger = logging.getLogger(__name__)
PROGRESS_MIN_TEXTS = 2_000  # show a progress bar (stderr) only on long runs
Backend = Literal["torch", "onnx"]


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
            # A cache: a power cut may lose the last writes (they are computed again), never corrupt the file. With
            # WAL, NORMAL skips the fsync of every commit, which cost ~3 ms of each recommendation (one write each).
            conn.execute("PRAGMA synchronous=NORMAL")
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
        backend: ``"onnx"`` (onnxruntime) or ``"torch"`` (sentence-transformers); see the module docstring.
        onnx_dir: where the ONNX export of the model lives (default: ``onnx_encoder.default_onnx_dir``); it is
            exported there, offline, if missing.
        threads: onnxruntime threads (the torch backend follows ``torch.set_num_threads``).
    """

    def __init__(self, model_path: str, batch_size: int = 64, cache: EmbeddingCache | None = None,
                 backend: Backend = "torch", onnx_dir: Path | None = None, threads: int | None = 1) -> None:
        # HF_HUB_OFFLINE is set by matching.settings.apply_library_environment; a model path never needs a hub
        self.model_path = str(model_path)
        self.batch_size = batch_size
        self.cache = cache
        self.backend = backend
        fingerprint = _model_fingerprint(Path(self.model_path))
        self._st: Any = None
        self._onnx: Any = None
        if backend == "onnx":
            from models.onnx_encoder import ONNX_FILE, OnnxEmbedder, default_onnx_dir, export_onnx

            folder = onnx_dir or default_onnx_dir(fingerprint)
            path = folder / ONNX_FILE
            if not path.exists():
                logger.warning("no ONNX export of the encoder at %s: exporting it from %s (offline, once)",
                               folder, self.model_path)
                path = export_onnx(self.model_path, folder, fingerprint)
            self._onnx = OnnxEmbedder(path, self.model_path, threads=threads)
            self.dim = self._onnx.dim
        elif backend == "torch":
            dim = self._torch_model().get_embedding_dimension()
            if dim is None:
                raise ValueError(f"the sentence-transformers model at {self.model_path} does not say its dimension")
            self.dim = int(dim)
        else:
            raise ValueError(f"unknown encoder backend '{backend}'; expected 'onnx' or 'torch'")
        self.model_id = f"{Path(self.model_path).name}:{self.dim}:{fingerprint}"
        self._lock = threading.Lock()  # inference from many threads at once only thrashes 2 cores

    @property
    def _model(self) -> Any:
        """The runtime that encodes (the ONNX embedder or the sentence-transformers model)."""
        return self._onnx if self._onnx is not None else self._torch_model()

    def _torch_model(self) -> Any:
        """The sentence-transformers model (loaded on first use: the ONNX backend needs it only for
        ``encode_raw``, the benchmarks' baseline)."""
        if self._st is None:
            from sentence_transformers import SentenceTransformer

            self._st = SentenceTransformer(self.model_path, device="cpu")
        return self._st

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\x00{text}".encode()).hexdigest()

    def encode(self, texts: Sequence[str], progress: bool | None = None) -> np.ndarray:
        """Embed ``texts`` -> float32 array ``(len(texts), dim)``, rows L2-normalised.

        Cached texts are not re-encoded; duplicates in one call are encoded once.
        """
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [as_utf8_text(t) for t in texts]
        keys = [self._key(t) for t in texts]
        found = self.cache.get_many(sorted(set(keys))) if self.cache else {}
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found and key not in missing:
                missing[key] = text
        if missing:
            show = progress if progress is not None else len(missing) >= PROGRESS_MIN_TEXTS
            with self._lock:
                if self._onnx is not None:
                    vecs = self._onnx.encode(list(missing.values()), batch_size=self.batch_size)
                else:
                    vecs = self._torch_model().encode(list(missing.values()), batch_size=self.batch_size,
                                                      normalize_embeddings=True, convert_to_numpy=True,
                                                      show_progress_bar=show)
            fresh = dict(zip(missing.keys(), vecs.astype(np.float32), strict=True))
            if self.cache:
                self.cache.put_many(fresh)
            found.update(fresh)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        """Plain ``SentenceTransformer.encode`` with no cache (the benchmark's baseline)."""
        return self._torch_model().encode([as_utf8_text(t) for t in texts], batch_size=self.batch_size,
                                          normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)


def as_utf8_text(text: str) -> str:
    """``text`` with any lone UTF-16 surrogate (``"\\ud800"``: valid in JSON, not a character) replaced by U+FFFD.

    Input validation refuses such text where it comes in (features/validation.py); this keeps the encoder, its
    cache key (sha256 over UTF-8) and the tokenizer from failing on text that reached it another way.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text
