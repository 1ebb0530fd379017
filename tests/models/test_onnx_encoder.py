"""The ONNX backend gives the torch backend's embeddings, runs without torch, and exports offline, atomically."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matching.settings import Settings
from models.encoder import EmbeddingCache, SentenceEncoder
from models.onnx_encoder import ONNX_FILE, check_model, default_onnx_dir

TEXTS = [
    "Job: Housekeeper. Sector: Domestic work and housekeeping. Country: Singapore. Skills: Ironing, Laundry.",
    "Job: Welder. Skills: TIG welding.",
    "caring for elderly people",
    "Job: Family cook. Sector: Child and elderly care, Domestic work and housekeeping. Country: Hong Kong, South "
    "Korea. Skills: Family cooking, Food hygiene, Grocery shopping, Home safety, Knife skills, Laundry. "
    "Certificates: BNSP competency certificate: Family cooking. Languages: English B1, Cantonese A2. " * 12,
]


@pytest.fixture(scope="module")
def onnx_encoder(tmp_path_factory: pytest.TempPathFactory) -> SentenceEncoder:
    cache = EmbeddingCache(tmp_path_factory.mktemp("onnx") / "emb.sqlite")
    return SentenceEncoder(Settings().resolved_model_path(), batch_size=2, cache=cache, backend="onnx")


def test_onnx_embeddings_equal_the_torch_ones_within_float32_rounding(onnx_encoder: SentenceEncoder) -> None:
    onnx = onnx_encoder.encode(TEXTS)  # batches of 2, sorted by length: padding must not matter
    torch = onnx_encoder.encode_raw(TEXTS)  # sentence-transformers on torch, the same weights
    assert onnx.shape == (4, 384) and onnx.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    assert float(np.min(np.sum(onnx * torch, axis=1))) > 0.99999
    np.testing.assert_allclose(onnx, torch, atol=2e-6)
    one_by_one = np.vstack([onnx_encoder._model.encode([t]) for t in TEXTS])
    np.testing.assert_allclose(one_by_one, onnx, atol=2e-6)


def test_both_backends_share_the_model_id_and_so_the_cache(onnx_encoder: SentenceEncoder) -> None:
    torch = SentenceEncoder(onnx_encoder.model_path, cache=onnx_encoder.cache, backend="torch")
    assert torch.model_id == onnx_encoder.model_id and torch.dim == onnx_encoder.dim


def test_the_onnx_backend_does_not_import_torch() -> None:
    code = ("import sys; from matching.settings import Settings; from models.encoder import SentenceEncoder; "
            "e = SentenceEncoder(Settings().resolved_model_path(), backend='onnx'); e.encode(['Job: Cook.']); "
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_a_missing_export_is_made_offline_into_the_given_folder(tmp_path: Path) -> None:
    folder = tmp_path / "onnx"
    enc = SentenceEncoder(Settings().resolved_model_path(), backend="onnx", onnx_dir=folder)
    assert (folder / ONNX_FILE).exists() and not list(folder.glob(".model-*"))  # no temporary file left
    assert json.loads((folder / "source.json").read_text())["max_seq_length"] == 256
    np.testing.assert_allclose(enc.encode(TEXTS[:2]), enc.encode_raw(TEXTS[:2]), atol=2e-6)


def test_models_the_onnx_backend_cannot_run_are_refused(tmp_path: Path) -> None:
    model = Path(Settings().resolved_model_path())
    check_model(model)
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "modules.json").write_text((model / "modules.json").read_text())
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    with pytest.raises(ValueError, match="mean pooling"):
        check_model(tmp_path)
    with pytest.raises(ValueError, match="unknown encoder backend"):
        SentenceEncoder(str(model), backend="tf")  # type: ignore[arg-type]
    assert default_onnx_dir("abc").name == "abc"
