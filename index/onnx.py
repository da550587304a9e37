"""The e5 model on ONNX Runtime: exported once from the built folder, run for every encoding.

On this machine's two cores ONNX Runtime encodes a question about three times faster than PyTorch's
eager BERT (18 ms against 55 ms: on a short text PyTorch's time goes to per-operation overhead, not
arithmetic), and 16 of the reader's short contexts in 240 ms against 330, with the same vectors to
1e-7. On whole passages (hundreds of tokens, padded in batches) the exported graph is two to four
times slower than PyTorch's fused attention, so the encoder sends only short texts here (see
index.dense). PyTorch is the fallback when the export is missing (`encoder_backend = "torch"`).

The set-up also writes the export with 8-bit weights (`quantize_onnx`), which the encoder runs when
`encoder_quantized` is set: a question in 6 ms against 13 alone, and about half the time inside a
serving process, where the 85 MB of 32-bit weights no longer stay in the processor's cache between
questions. Its vectors are within 0.02 in cosine of the 32-bit ones (0.99 on average over the dev
questions). Passages are still embedded in 32 bits by PyTorch: only questions and the reader's short
contexts take the 8-bit path, so an index never mixes the two. It is off by default: it moved one
dev answer and two sealed items (see the README's scale section).
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import onnxruntime
    from sentence_transformers import SentenceTransformer

ONNX_FILE = Path("onnx") / "model.onnx"
QUANTIZED_FILE = Path("onnx") / "model_int8.onnx"
# The folder's max_seq_length (index.model writes it): longer texts are cut, here as in sentence-transformers.
MAX_TOKENS = 512


def onnx_path(model_dir: Path, quantized: bool = False) -> Path:
    return model_dir / (QUANTIZED_FILE if quantized else ONNX_FILE)


def is_quantized(path: Path) -> bool:
    """Whether an export is the one with 8-bit weights."""
    return path.name == QUANTIZED_FILE.name


def runnable_path(model_dir: Path, quantized: bool) -> Path | None:
    """The export the encoder runs: the 8-bit one when asked for and written, else the 32-bit one,
    else none (PyTorch then)."""
    if quantized and onnx_path(model_dir, quantized=True).is_file():
        return onnx_path(model_dir, quantized=True)
    return onnx_path(model_dir) if onnx_path(model_dir).is_file() else None


def export_onnx(model: SentenceTransformer, model_dir: Path) -> Path:
    """Write the transformer of a loaded folder as ONNX (token ids and mask in, token states out),
    atomically, next to its weights."""
    import torch

    bert = model[0].auto_model

    class TokenStates(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    sample = model.tokenizer(["query: 湖南 petitions"], return_tensors="pt")
    target = onnx_path(model_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".onnx", dir=target.parent)
    os.close(fd)
    try:
        dynamic = {0: "batch", 1: "tokens"}
        with warnings.catch_warnings():  # the exporter's notes on tracing BERT's branches: not for users
            warnings.simplefilter("ignore")
            torch.onnx.export(
                TokenStates().eval(),
                (sample["input_ids"], sample["attention_mask"]),
                tmp,
                input_names=["input_ids", "attention_mask"],
                output_names=["token_states"],
                dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "token_states": dynamic},
                opset_version=17,
                dynamo=False,
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def quantize_onnx(model_dir: Path) -> Path:
    """Write the folder's export again with 8-bit weights (dynamic quantization: the matrix products'
    weights in int8, activations scaled per batch), atomically, next to the 32-bit one."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    source, target = onnx_path(model_dir), onnx_path(model_dir, quantized=True)
    fd, tmp = tempfile.mkstemp(prefix=".quantize-", suffix=".onnx", dir=target.parent)
    os.close(fd)
    logging.disable(logging.WARNING)  # its advice to pre-process the graph first: not for users
    try:
        quantize_dynamic(source, tmp, weight_type=QuantType.QInt8)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        logging.disable(logging.NOTSET)
        Path(tmp).unlink(missing_ok=True)
    return target


class OnnxEncoder:
    """Mean-pooled, normalised e5 vectors from the exported model (what the folder's modules compute),
    with the folder's own tokenizer: the PyTorch model is never loaded."""

    def __init__(self, path: Path, threads: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.quantized = is_quantized(path)
        model_dir = path.parents[len(ONNX_FILE.parts) - 1]  # the folder the export sits in
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("<pad>"), pad_token="<pad>")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: the other core may be answering another question.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session: onnxruntime.InferenceSession = ort.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def encode(self, texts: list[str]) -> np.ndarray:
        # The 8-bit graph scales each batch's activations by the range of the whole batch, padding
        # included: a text's vector would move with its companions (by 0.002-0.003 in cosine), and
        # a question's answer with the questions asked before it. Each text goes alone there.
        if self.quantized and len(texts) > 1:
            return np.vstack([self._encode_batch([t]) for t in texts])
        return self._encode_batch(texts)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        # The folder's tokenizer class drops trailing whitespace before the pieces are cut; so does this.
        encodings = self.tokenizer.encode_batch([t.rstrip() for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        states = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)
