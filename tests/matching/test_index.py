"""The FAISS index equals brute-force cosine top-k, before and after save/load; manifests are enforced."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matching.errors import IndexMismatchError, IndexNotReady
from matching.retrieval.index import POINTER, ListingIndex


def _data(n: int = 500, dim: int = 32, nq: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xb = rng.normal(size=(n, dim)).astype(np.float32)
    xq = rng.normal(size=(nq, dim)).astype(np.float32)
    ids = rng.choice(10**9, size=n, replace=False).astype(np.int64)  # ids are listing ids, never row numbers
    return xb, xq, ids


def brute_force(xb: np.ndarray, xq: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Cosine top-k by numpy: normalise, dot, argsort."""
    b = xb / np.linalg.norm(xb, axis=1, keepdims=True)
    q = xq / np.linalg.norm(xq, axis=1, keepdims=True)
    sims = q @ b.T
    order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return ids[order], np.take_along_axis(sims, order, axis=1)


def test_search_equals_brute_force_before_and_after_save(tmp_path: Path) -> None:
    xb, xq, ids = _data()
    index = ListingIndex.build(ids, xb, model_id="m")
    want_ids, want_scores = brute_force(xb, xq, ids, 10)
    got = index.search(xq, 10)
    np.testing.assert_array_equal(got.ids, want_ids)
    np.testing.assert_allclose(got.scores, want_scores, atol=1e-5)

    manifest = index.save(tmp_path)
    assert manifest["count"] == 500 and manifest["dimension"] == 32 and manifest["model"] == "m"
    loaded = ListingIndex.load(tmp_path, model_id="m", dim=32)
    again = loaded.search(xq, 10)
    np.testing.assert_array_equal(again.ids, want_ids)
    np.testing.assert_allclose(again.scores, want_scores, atol=1e-5)


def test_add_replaces_and_remove_drops(tmp_path: Path) -> None:
    xb, xq, ids = _data(n=50)
    index = ListingIndex.build(ids, xb, model_id="m")
    index.add(ids[:5], xb[:5])  # re-adding must not duplicate
    assert index.ntotal == 50
    assert index.remove(ids[:10]) == 10
    assert index.ntotal == 40
    want_ids, _ = brute_force(xb[10:], xq, ids[10:], 5)
    np.testing.assert_array_equal(index.search(xq, 5).ids, want_ids)


def test_load_rejects_other_model_and_dimension(tmp_path: Path) -> None:
    xb, _, ids = _data(n=20)
    ListingIndex.build(ids, xb, model_id="model-a").save(tmp_path)
    with pytest.raises(IndexMismatchError, match="model-a"):
        ListingIndex.load(tmp_path, model_id="model-b")
    with pytest.raises(IndexMismatchError, match="dimension"):
        ListingIndex.load(tmp_path, dim=384)


def test_load_detects_a_file_that_disagrees_with_its_manifest(tmp_path: Path) -> None:
    xb, _, ids = _data(n=20)
    ListingIndex.build(ids, xb, model_id="m").save(tmp_path)
    gen = tmp_path / (tmp_path / POINTER).read_text()
    other = ListingIndex.build(ids[:10], xb[:10], model_id="m")
    import faiss

    faiss.write_index(other._index, str(gen / "index.faiss"))
    with pytest.raises(IndexMismatchError, match="manifest"):
        ListingIndex.load(tmp_path)


def test_missing_index_is_not_ready(tmp_path: Path) -> None:
    with pytest.raises(IndexNotReady, match="layak index rebuild"):
        ListingIndex.load(tmp_path / "nothing")


def test_a_crash_before_publish_keeps_the_old_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xb, xq, ids = _data(n=30)
    ListingIndex.build(ids, xb, model_id="m").save(tmp_path)

    def crash(*_: object) -> None:
        raise OSError("disk full")

    import matching.retrieval.index as mod

    monkeypatch.setattr(mod.os, "replace", crash)
    with pytest.raises(OSError):
        ListingIndex.build(ids[:3], xb[:3], model_id="m").save(tmp_path)
    monkeypatch.undo()
    loaded = ListingIndex.load(tmp_path, model_id="m")
    assert loaded.ntotal == 30  # the published generation is untouched


def test_vectors_by_id_give_the_search_scores(tmp_path: Path) -> None:
    """The stored vectors of given ids reproduce the search's cosine (training computes similarity this way)."""
    xb, xq, ids = _data(n=100)
    index = ListingIndex.build(ids, xb, model_id="m")
    hits = index.search(xq[:1], 7)
    q = xq[0] / np.linalg.norm(xq[0])
    np.testing.assert_allclose(index.vectors(hits.ids[0]) @ q, hits.scores[0], atol=1e-5)
    assert index.vectors([]).shape == (0, 32)
    with pytest.raises(KeyError, match="not in the index"):
        index.vectors([ids[0], -5])
