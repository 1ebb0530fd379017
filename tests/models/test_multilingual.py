"""The multilingual encoder wrapper: batching, normalisation and the cache, over a stand-in backend.

The real models (``use-m3``, ``e5-small``) are optional packages measured by ``make bench-language``; the
wrapper logic is the same for them and is tested here without them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models import multilingual
from models.encoder import EmbeddingCache
from models.multilingual import MultilingualEncoder


class Counting:
    """A backend that returns unnormalised vectors and counts the texts it was asked for."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        return np.array([[len(t), 3.0, 4.0] for t in texts], dtype=np.float32)


def test_rows_are_unit_length_and_in_input_order(tmp_path: Path) -> None:
    backend = Counting()
    enc = MultilingualEncoder("stand-in", backend=(backend, 3, "stand-in:1"))
    out = enc.encode(["a", "bbbb", "a"])
    assert out.shape == (3, 3) and out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0)
    assert np.allclose(out[0], out[2]) and not np.allclose(out[0], out[1])
    assert backend.seen == ["a", "bbbb"]  # a text repeated in one call is encoded once
    assert enc.encode([]).shape == (0, 3)


def test_the_cache_is_keyed_by_model_and_text(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    first = Counting()
    MultilingualEncoder("x", cache=cache, backend=(first, 3, "model-a")).encode(["satpam", "sopir"])
    again = Counting()
    MultilingualEncoder("x", cache=cache, backend=(again, 3, "model-a")).encode(["satpam", "kurir"])
    assert again.seen == ["kurir"]
    other = Counting()
    MultilingualEncoder("x", cache=cache, backend=(other, 3, "model-b")).encode(["satpam"])
    assert other.seen == ["satpam"]  # another model never reuses these vectors


def test_long_inputs_go_to_the_backend_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multilingual, "BATCH", 2)
    calls: list[int] = []

    def backend(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return np.ones((len(texts), 2), dtype=np.float32)

    MultilingualEncoder("x", backend=(backend, 2, "m")).encode([str(i) for i in range(5)])
    assert calls == [2, 2, 1]


def test_an_unknown_model_name_says_which_exist() -> None:
    with pytest.raises(ValueError, match="use-m3, e5-small"):
        MultilingualEncoder("labse")
