"""The FAISS index over verified listings; ids are listing ids.

Inner product on L2-normalised vectors (cosine). The kind is chosen by size when the index is built:

- ``flat`` (exact): ``IndexIDMap2(IndexFlatIP)``, below ``exact_max`` listings;
- ``ivf`` (approximate): ``IndexIVFFlat`` with an inner-product coarse quantiser, ``nlist`` lists and
  ``nprobe`` lists scanned per query (``ivf_params``). IVF keeps the listing ids itself and supports
  ``remove_ids``, so ingest and withdrawal work on it exactly as on the flat index (HNSW cannot remove).

Saved as a generation directory (``index.faiss`` + ``manifest.json``) and published by atomically
replacing the ``CURRENT`` pointer file, so a crash mid-save leaves the previous index in force, never half
a file. The manifest records model, dimension, count, a checksum of the ids, the kind and its parameters;
loading checks all of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import faiss
import numpy as np

from matching.errors import IndexMismatchError, IndexNotReady

MANIFEST = "manifest.json"
INDEX_FILE = "index.faiss"
POINTER = "CURRENT"
IndexKind = Literal["flat", "ivf"]
# Below this many listings the exact index is used (settings.index_exact_max overrides it).
EXACT_MAX = 50_000
# IVF training sample: faiss wants at least ~39 points per list; more only slows k-means down.
TRAIN_POINTS_PER_LIST = 64
IVF_NPROBE = 32


def ivf_params(n: int) -> dict[str, int]:
    """IVF parameters for ``n`` listings: ``nlist`` ~ 2·sqrt(n) lists, ``nprobe`` = 32 lists scanned per query.

    On the clustered 384-d vectors of ``benchmarks/bench_retrieval.py`` recall@10 against exact depended on
    ``nprobe`` far more than on ``n``: 16 probes gave 0.952-0.973 and 32 gave 0.984-0.988 at 10k, 100k and 1M
    (docs/benchmarks.md, "Retrieval"), so 32 keeps recall >= 0.95 with a margin while the share scanned falls as
    n grows.
    """
    nlist = int(max(16, min(4096, round(2 * np.sqrt(max(n, 1))))))
    return {"nlist": nlist, "nprobe": min(nlist, IVF_NPROBE)}


def kind_for(n: int, exact_max: int = EXACT_MAX) -> IndexKind:
    """``flat`` (exact) below ``exact_max`` listings, ``ivf`` (approximate) from there on."""
    return "flat" if n < exact_max else "ivf"


def ids_checksum(ids: Sequence[int] | np.ndarray) -> str:
    """Order-independent checksum of a set of listing ids."""
    arr = np.sort(np.asarray(list(ids), dtype=np.int64))
    return hashlib.sha256(arr.tobytes()).hexdigest()


@dataclass(frozen=True)
class SearchResult:
    """Top-k per query: ``ids`` int64 ``(nq, k)`` (-1 = no hit) and cosine ``scores`` float32 ``(nq, k)``."""

    ids: np.ndarray
    scores: np.ndarray


class ListingIndex:
    """FAISS index with listing ids and a manifest (exact or IVF, see the module docstring)."""

    def __init__(self, dim: int, model_id: str) -> None:
        self.dim = dim
        self.model_id = model_id
        self.kind: IndexKind = "flat"
        self.params: dict[str, int] = {}
        # Any: faiss's stubs type every index as the base Index, without the kind-specific members used here
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        # FAISS indexes are not safe for a write concurrent with reads: the API serves searches from
        # several threads while ingest adds and removes listings.
        self._lock = threading.RLock()

    @classmethod
    def build(cls, ids: Sequence[int], vectors: np.ndarray, model_id: str, kind: IndexKind | None = None,
              exact_max: int = EXACT_MAX, params: dict[str, int] | None = None, seed: int = 0) -> ListingIndex:
        """An index over ``vectors`` float32 ``(n, dim)`` (L2-normalised here) with ``ids`` int ``(n,)``.

        Args:
            kind: ``flat`` or ``ivf``; by default ``kind_for(n, exact_max)``.
            params: IVF ``nlist``/``nprobe``; by default ``ivf_params(n)``.
            seed: the IVF training sample's seed (the same data gives the same index).
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(ids) != vectors.shape[0]:
            raise ValueError(f"need one vector per id: {len(ids)} ids, vectors of shape {vectors.shape}")
        index = cls(vectors.shape[1], model_id)
        kind = kind or kind_for(len(ids), exact_max)
        if kind == "ivf":
            index._make_ivf(vectors, {**ivf_params(len(ids)), **(params or {})}, seed)
        elif kind != "flat":
            raise ValueError(f"unknown index kind '{kind}'; expected 'flat' or 'ivf'")
        index.add(ids, vectors)
        return index

    def _make_ivf(self, vectors: np.ndarray, params: dict[str, int], seed: int) -> None:
        nlist = min(int(params["nlist"]), max(1, vectors.shape[0] // 39))  # k-means needs ~39 points per list
        nprobe = min(int(params["nprobe"]), nlist)
        rng = np.random.default_rng(seed)
        n_train = min(vectors.shape[0], nlist * TRAIN_POINTS_PER_LIST)
        sample = vectors[np.sort(rng.choice(vectors.shape[0], size=n_train, replace=False))].copy()
        faiss.normalize_L2(sample)
        quantizer = faiss.IndexFlatIP(self.dim)
        ivf = faiss.IndexIVFFlat(quantizer, self.dim, nlist, faiss.METRIC_INNER_PRODUCT)
        ivf.cp.seed = seed
        ivf.train(sample)
        ivf.nprobe = nprobe  # faiss's Python wrapper keeps the quantiser alive with the index
        # A hash table from listing id to its slot: removals touch one list each instead of scanning every
        # list, and a listing's stored vector can be read back (``reconstruct``).
        ivf.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]
        self._index, self.kind, self.params = ivf, "ivf", {"nlist": nlist, "nprobe": nprobe}

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal)

    def ids(self) -> np.ndarray:
        """Every listing id held, int64 ``(ntotal,)``."""
        with self._lock:
            if self.kind == "flat":
                return faiss.vector_to_array(self._index.id_map).astype(np.int64)
            lists = self._index.invlists
            parts = [faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                     for i in range(lists.nlist) if lists.list_size(i)]
            return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    def set_nprobe(self, nprobe: int) -> None:
        """IVF lists scanned per query (more = slower, closer to exact). No effect on a flat index."""
        if self.kind == "ivf":
            with self._lock:
                self._index.nprobe = self.params["nprobe"] = int(max(1, min(nprobe, self.params["nlist"])))

    def vectors(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The stored (L2-normalised) vectors of ``ids``, float32 ``(n, dim)``.

        Raises:
            KeyError: an id the index does not hold.
        """
        id_arr = np.asarray(ids, dtype=np.int64)
        if id_arr.size == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            try:  # both kinds look ids up in a hash map; listing every id held (``ids``) costs O(ntotal)
                return self._index.reconstruct_batch(id_arr)
            except RuntimeError:
                missing = np.setdiff1d(id_arr, self.ids())
                raise KeyError(f"listing ids not in the index: {missing[:5].tolist()}") from None

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add (or replace) listings. Vectors are L2-normalised before insertion."""
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).copy()
        faiss.normalize_L2(vectors)
        id_arr = np.asarray(ids, dtype=np.int64)
        with self._lock:
            self.remove(id_arr)  # re-adding an id would otherwise leave two entries
            self._index.add_with_ids(vectors, id_arr)

    def remove(self, ids: Sequence[int] | np.ndarray) -> int:
        """Remove listings by id; unknown ids are ignored. Returns how many were removed."""
        if len(ids) == 0:
            return 0
        id_arr = np.ascontiguousarray(ids, dtype=np.int64)
        with self._lock:
            if self.kind == "flat":
                return int(self._index.remove_ids(id_arr))
            # IVF with a hash-table direct map removes only through an IDSelectorArray.
            return int(self._index.remove_ids(faiss.IDSelectorArray(id_arr.size, faiss.swig_ptr(id_arr))))

    def search(self, queries: np.ndarray, k: int) -> SearchResult:
        """Cosine top-``k`` for ``queries`` float32 ``(nq, dim)``."""
        q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32).copy()
        if q.shape[1] != self.dim:
            raise IndexMismatchError(f"query dimension {q.shape[1]} does not match index dimension {self.dim}")
        faiss.normalize_L2(q)
        with self._lock:
            k = max(1, min(k, max(self.ntotal, 1)))
            scores, ids = self._index.search(q, k)
        return SearchResult(ids=ids.astype(np.int64), scores=scores.astype(np.float32))

    def manifest(self) -> dict[str, object]:
        ids = self.ids()
        return {
            "model": self.model_id,
            "dimension": self.dim,
            "count": int(ids.size),
            "ids_checksum": ids_checksum(ids),
            "metric": "inner_product_on_l2_normalised (cosine)",
            "kind": self.kind,
            "params": dict(self.params),
            "faiss_index": "IndexIDMap2(IndexFlatIP)" if self.kind == "flat" else "IndexIVFFlat(IndexFlatIP)",
            "saved_at": datetime.now(UTC).isoformat(),
        }

    def save(self, directory: Path | str) -> dict[str, object]:
        """Write a new generation and publish it atomically. Returns the manifest."""
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        gen = Path(tempfile.mkdtemp(prefix="gen-", dir=root))
        with self._lock:
            manifest = self.manifest()
            faiss.write_index(self._index, str(gen / INDEX_FILE))
        (gen / MANIFEST).write_text(json.dumps(manifest, indent=2))
        _fsync_dir(gen)
        tmp_pointer = root / f".{POINTER}.tmp"
        tmp_pointer.write_text(gen.name)
        os.replace(tmp_pointer, root / POINTER)  # the publish step: atomic on POSIX
        _fsync_dir(root)
        for old in root.glob("gen-*"):
            if old.name != gen.name:
                shutil.rmtree(old, ignore_errors=True)
        return manifest

    @classmethod
    def load(cls, directory: Path | str, model_id: str | None = None, dim: int | None = None) -> ListingIndex:
        """Load the published generation and check its manifest.

        Raises:
            IndexNotReady: nothing has been saved there yet.
            IndexMismatchError: the manifest disagrees with the file, the model or the dimension.
        """
        root = Path(directory)
        pointer = root / POINTER
        if not pointer.exists():
            raise IndexNotReady(f"no index at {root}; run `layak index rebuild` (or `layak demo`)")
        gen = root / pointer.read_text().strip()
        manifest = json.loads((gen / MANIFEST).read_text())
        if model_id is not None and manifest["model"] != model_id:
            raise IndexMismatchError(
                f"index at {root} was built with model '{manifest['model']}' but the encoder is '{model_id}'; "
                "run `layak index rebuild`")
        if dim is not None and int(manifest["dimension"]) != dim:
            raise IndexMismatchError(
                f"index at {root} has dimension {manifest['dimension']} but the encoder gives {dim}; "
                "run `layak index rebuild`")
        raw = faiss.read_index(str(gen / INDEX_FILE))
        index = cls(int(manifest["dimension"]), str(manifest["model"]))
        kind = manifest.get("kind", "flat")  # manifests written before the IVF kind existed are flat
        expected = faiss.IndexIDMap2 if kind == "flat" else faiss.IndexIVFFlat
        if not isinstance(raw, expected):
            raise IndexMismatchError(f"index file at {gen} is a {type(raw).__name__}, but the manifest says "
                                     f"'{kind}' ({expected.__name__})")
        index._index, index.kind, index.params = raw, kind, {k: int(v) for k, v in manifest.get("params", {}).items()}
        if kind == "ivf":
            index._index.nprobe = index.params["nprobe"]
        ids = index.ids()
        if ids.size != int(manifest["count"]) or ids_checksum(ids) != manifest["ids_checksum"]:
            raise IndexMismatchError(f"index file at {gen} does not match its manifest (count or checksum)")
        return index


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
