"""The real bundled encoder: offline, normalised, deterministic, and cached by content."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matching.settings import Settings
from models.encoder import EmbeddingCache, SentenceEncoder


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> SentenceEncoder:
    cache = EmbeddingCache(tmp_path_factory.mktemp("cache") / "emb.sqlite")
    return SentenceEncoder(Settings().resolved_model_path(), batch_size=16, cache=cache)


def test_embeddings_are_normalised_float32_of_the_model_dimension(encoder: SentenceEncoder) -> None:
    vecs = encoder.encode(["Job: Housekeeper. Skills: Ironing.", "Job: Welder. Skills: TIG welding."])
    assert vecs.shape == (2, encoder.dim) and encoder.dim == 384 and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_meaning_is_captured(encoder: SentenceEncoder) -> None:
    care, elderly, welding = encoder.encode(["caring for elderly people", "elderly care", "TIG welding of pipes"])
    assert float(care @ elderly) > float(care @ welding) + 0.2


def test_cache_hits_never_reencode_and_match_a_fresh_encode(encoder: SentenceEncoder,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Job: Babysitter. Country: Singapore.", "Job: Farm worker. Country: Japan."]
    first = encoder.encode(texts)
    calls = []
    real = encoder._model.encode
    monkeypatch.setattr(encoder._model, "encode", lambda *a, **k: calls.append(a) or real(*a, **k))
    second = encoder.encode(texts + texts)  # duplicates within a call are fine too
    assert calls == []
    np.testing.assert_array_equal(second[:2], first)
    np.testing.assert_allclose(first, encoder.encode_raw(texts), atol=1e-6)


def test_cache_survives_a_new_process_view(encoder: SentenceEncoder, tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    enc = SentenceEncoder(encoder.model_path, cache=cache)
    vec = enc.encode(["Job: Cook."])
    again = EmbeddingCache(tmp_path / "c.sqlite").get_many([enc._key("Job: Cook.")])
    np.testing.assert_array_equal(next(iter(again.values())), vec[0])

