"""The model on ONNX Runtime gives the vectors the PyTorch model gives (the index mixes both:
vectors cached by either are reused by the other)."""

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


def test_the_set_up_exports_the_model_and_the_encoder_runs_it(encoder: Encoder) -> None:
    assert onnx_path(get_settings().model_path).is_file()
    assert encoder.backend == "onnx"


def test_onnx_and_torch_give_the_same_vectors(encoder: Encoder) -> None:
    torch_encoder = Encoder(encoder.model, encoder.name)  # the same loaded folder, no ONNX file given
    assert torch_encoder.backend == "torch"
    # Questions and the reader's contexts (the short texts the runtime encodes), both prompts.
    for encode in ("queries", "contexts"):
        ours = np.vstack(getattr(encoder, encode)(TEXTS))
        theirs = np.vstack(getattr(torch_encoder, encode)(TEXTS))
        assert ours.shape == theirs.shape == (len(TEXTS), 384)
        assert np.abs(ours - theirs).max() < 1e-5
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
