"""The model on ONNX Runtime gives the vectors the PyTorch model gives: the 32-bit export to 1e-5,
the 8-bit one (what questions and the reader's contexts run on with `encoder_quantized`) close enough
to rank alike."""

from __future__ import annotations

import numpy as np

from common.settings import get_settings
from index.dense import Encoder
from index.onnx import onnx_path

TEXTS = [
    "How many petitions did Hunan close?",
    "湖南信访件办结率",
    "青海森林覆蓋率提高到了多少",
    "交办的3321件信访件已办结3177件,阶段办结121件,正在整改23件,办结率95.7%。" * 12,  # past 512 tokens: cut alike
    "",
]
# Passages a question should find before the others, by the 32-bit vectors and the 8-bit ones alike.
PASSAGES = [
    "督察组交办的群众信访件已全部办结，责令整改企业两千余家。",
    "全省森林覆盖率提高到百分之七点五，湿地保护率达到百分之六十四。",
    "约谈党政领导干部三百余人，问责四百余人。",
]


def _vectors(encoder: Encoder, encode: str) -> np.ndarray:
    return np.vstack(getattr(encoder, encode)(TEXTS))


def _quantized() -> Encoder:
    return Encoder.from_settings(get_settings().model_copy(update={"encoder_quantized": True}))


def test_the_set_up_exports_the_model_in_32_and_8_bits(encoder: Encoder) -> None:
    model_path = get_settings().model_path
    assert onnx_path(model_path).is_file()
    assert onnx_path(model_path, quantized=True).is_file()
    assert encoder.backend == "onnx"  # the 32-bit export, by default
    assert _quantized().backend == "onnx-int8"


def test_the_32_bit_export_gives_the_torch_vectors(encoder: Encoder) -> None:
    onnx32 = Encoder.from_settings(get_settings().model_copy(update={"encoder_quantized": False}))
    torch_encoder = Encoder(encoder.model, encoder.name)  # the same loaded folder, no ONNX file given
    assert (onnx32.backend, torch_encoder.backend) == ("onnx", "torch")
    # Questions and the reader's contexts (the short texts the runtime encodes), both prompts.
    for encode in ("queries", "contexts"):
        ours, theirs = _vectors(onnx32, encode), _vectors(torch_encoder, encode)
        assert ours.shape == theirs.shape == (len(TEXTS), 384)
        assert np.abs(ours - theirs).max() < 1e-5
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_the_8_bit_export_stays_close_and_ranks_passages_alike(encoder: Encoder) -> None:
    torch_encoder, quantized = Encoder(encoder.model, encoder.name), _quantized()
    for encode in ("queries", "contexts"):
        ours, theirs = _vectors(quantized, encode), _vectors(torch_encoder, encode)
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
        assert np.min(np.sum(ours * theirs, axis=1)[:-1]) > 0.97  # the empty text (the prompt alone) aside
    # Each question's passage, embedded in 32 bits as the index does, is its nearest in 8 bits too.
    stored = torch_encoder.passages(PASSAGES)
    questions = ["How many petitions were closed?", "森林覆盖率是多少", "问责了多少人"]
    assert np.argmax(quantized.queries(questions) @ stored.T, axis=1).tolist() == [0, 1, 2]
    assert np.argmax(torch_encoder.queries(questions) @ stored.T, axis=1).tolist() == [0, 1, 2]


def test_an_8_bit_vector_does_not_depend_on_the_texts_encoded_with_it() -> None:
    # Its activations are scaled by their batch's range: each text is encoded alone (see index.onnx).
    alone, together = _quantized(), _quantized()
    assert alone.backend == "onnx-int8"
    texts = ["问责428人", "责令整改2306家，立案处罚1120家，罚款8650万元；约谈312人，问责428人。"]
    assert np.array_equal(alone.contexts(texts[:1])[0], together.contexts(texts[::-1])[1])
    assert np.array_equal(alone.queries(texts[:1])[0], together.queries(texts)[0])
