"""The approximate (IVF) index chosen by size: recall@10 against brute force, round trip, removals."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest

from matching.errors import IndexMismatchError
from matching.retrieval.index import MANIFEST, POINTER, ListingIndex, ivf_params, kind_for
from tests.matching.test_index import brute_force


def clustered(n: int, dim: int = 128, seed: int = 0) -> np.ndarray:
    """Normalised vectors near a clustered 32-d subspace, as sentence embeddings are
    (benchmarks/bench_retrieval.py)."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(100, 32))
    proj = np.linalg.qr(rng.normal(size=(dim, 32)))[0].T
    z = centers[rng.integers(0, 100, size=n)] + rng.normal(size=(n, 32))
    x = (z @ proj + rng.normal(scale=0.05, size=(n, dim))).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = clustered(60_200)
    ids = np.random.default_rng(1).choice(10**9, size=60_000, replace=False).astype(np.int64)
    return x[:60_000], x[60_000:], ids


def recall(want: np.ndarray, got: np.ndarray) -> float:
    return float(np.mean([len(set(w) & set(g)) / len(w) for w, g in zip(want, got, strict=True)]))


def test_kind_is_chosen_by_size() -> None:
    assert kind_for(49_999) == "flat" and kind_for(50_000) == "ivf"
    assert kind_for(10, exact_max=5) == "ivf"
    small = ListingIndex.build(np.arange(100), clustered(100), "m")
    assert small.kind == "flat" and small.manifest()["kind"] == "flat"


def test_ivf_recall_at_10_against_brute_force(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    xb, xq, ids = data
    index = ListingIndex.build(ids, xb, "m")  # 60k >= the default threshold of 50k: IVF
    assert index.kind == "ivf" and index.params == ivf_params(60_000)
    want, _ = brute_force(xb, xq, ids, 10)
    got = index.search(xq, 10)
    assert recall(want, got.ids) >= 0.95
    assert set(got.ids.ravel()) <= set(ids)  # listing ids, never row numbers
    # Scores are true cosines of the ids returned.
    b = dict(zip(ids.tolist(), xb, strict=True))
    np.testing.assert_allclose(got.scores[0], [xq[0] @ b[int(i)] for i in got.ids[0]], atol=1e-5)


def test_ivf_round_trip_keeps_kind_params_and_results(tmp_path: Path,
                                                      data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    xb, xq, ids = data
    index = ListingIndex.build(ids[:5000], xb[:5000], "m", exact_max=1000)
    manifest = index.save(tmp_path)
    assert manifest["kind"] == "ivf" and manifest["params"] == index.params
    loaded = ListingIndex.load(tmp_path, model_id="m", dim=xb.shape[1])
    assert (loaded.kind, loaded.params) == ("ivf", index.params)
    np.testing.assert_array_equal(loaded.search(xq, 10).ids, index.search(xq, 10).ids)
    assert loaded.remove(ids[:3]) == 3  # still removable after a load (the id hash table is saved too)


def test_ivf_removals_and_replacements(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    xb, xq, ids = data
    n = 5000
    index = ListingIndex.build(ids[:n], xb[:n], "m", kind="ivf", params={"nprobe": 10**6})  # every list: exact
    assert index.params["nprobe"] == index.params["nlist"]
    index.add(ids[:50], xb[:50])  # re-adding replaces, never duplicates
    assert index.ntotal == n
    assert index.remove(ids[:100]) == 100 and index.remove(ids[:100]) == 0
    assert index.ntotal == n - 100 and sorted(index.ids().tolist()) == sorted(ids[100:n].tolist())
    want, _ = brute_force(xb[100:n], xq, ids[100:n], 10)
    np.testing.assert_array_equal(index.search(xq, 10).ids, want)
    # A listing whose text changed gets its new vector.
    index.add(ids[100:101], xb[n:n + 1])
    hit = index.search(xb[n:n + 1], 1)
    assert hit.ids[0, 0] == ids[100]


def test_a_manifest_that_names_another_kind_is_refused(tmp_path: Path) -> None:
    x = clustered(3000)
    ListingIndex.build(np.arange(3000), x, "m", kind="flat").save(tmp_path)
    gen = tmp_path / (tmp_path / POINTER).read_text()
    ivf = ListingIndex.build(np.arange(3000), x, "m", kind="ivf")
    faiss.write_index(ivf._index, str(gen / "index.faiss"))
    with pytest.raises(IndexMismatchError, match="flat"):
        ListingIndex.load(tmp_path)
    assert '"kind": "flat"' in (gen / MANIFEST).read_text()
