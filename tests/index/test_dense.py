"""The encoder: its cache of context vectors (the same vectors as encoding afresh, even when it overflows;
the least recently read go first), and passages embedded out of order and put back in order."""

from __future__ import annotations

import numpy as np

from index.dense import Encoder


def test_context_vectors_survive_a_cache_overflow(encoder: Encoder) -> None:
    small = Encoder(encoder.model, encoder.name, context_cache_size=2)
    texts = ["交办的信访件已办结3177件", "办结率95.7%", "森林覆盖率提高到7.5%"]
    fresh = small.contexts(texts)  # three texts overflow a cache of two
    again = small.contexts([texts[2], texts[0], texts[2]])  # one cached, one cleared, one repeated
    assert all(v is not None and v.shape == fresh[0].shape for v in again)
    assert np.allclose(again[0], fresh[2], atol=1e-5) and np.allclose(again[1], fresh[0], atol=1e-5)
    assert np.allclose(again[2], fresh[2], atol=1e-5)


def test_passages_come_back_in_their_order_whatever_order_they_are_embedded_in(encoder: Encoder) -> None:
    texts = ["湖南" * 200, "短", "交办的3321件信访件已办结3177件", "x" * 50, "青海森林覆盖率" * 20]
    together = encoder.passages(texts, batch_size=2)
    alone = np.vstack([encoder.passages([t]) for t in texts])
    assert together.shape == (len(texts), 384)
    assert np.abs(together - alone).max() < 1e-4


def test_the_least_recently_read_context_leaves_the_cache_first(encoder: Encoder) -> None:
    small = Encoder(encoder.model, encoder.name, context_cache_size=2)
    small.contexts(["办结率95.7%", "森林覆盖率提高到7.5%"])
    small.contexts(["办结率95.7%"])  # read again: now the newer of the two
    small.contexts(["问责428人"])
    assert small.cached_contexts() == {"办结率95.7%", "问责428人"}
