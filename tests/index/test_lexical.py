"""The BM25 half's top-k: the k best scores of every passage, or of some rows, exactly as sorting
them all would give, however many passages hold a question term."""

from __future__ import annotations

import numpy as np
import pytest

from index.ann import RowSet
from index.lexical import LexicalIndex, ScoreArray


def _scores(n: int, share: float, seed: int) -> np.ndarray:
    """Scores of n passages, a `share` of them holding some term (distinct values: no ties)."""
    rng = np.random.default_rng(seed)
    values = rng.permutation(n).astype(np.float32) + 1
    return np.where(rng.random(n) < share, values, 0).astype(np.float32)


def _sorted_top(values: np.ndarray, rows: np.ndarray, k: int) -> set[int]:
    held = rows[values[rows] > 0]
    return set(held[np.argsort(-values[held])[:k]].tolist())


@pytest.mark.parametrize("share", [0.0005, 0.05, 0.6, 1.0])
@pytest.mark.parametrize("k", [1, 7, 200])
def test_top_k_is_the_k_best_of_the_passages_holding_a_term(share: float, k: int) -> None:
    values = _scores(200_000, share, seed=k)
    every = np.arange(len(values))
    assert set(ScoreArray(values).top(k).tolist()) == _sorted_top(values, every, k)
    among = RowSet(np.sort(np.random.default_rng(1).choice(len(values), 50_000, replace=False)), len(values))
    assert set(ScoreArray(values).top(k, among).tolist()) == _sorted_top(values, among.rows, k)


def test_a_sampled_threshold_that_keeps_too_few_falls_back_to_every_row() -> None:
    """With k = 125 among 100,000 rows every 100th row is sampled. Only the sampled rows score high,
    so the sample's floor keeps four rows, fewer than k, and every row is ranked instead."""
    values = np.full(100_000, 1.0, np.float32)
    values[::100] = 5.0 + np.arange(1000)
    every = np.arange(len(values))
    assert set(ScoreArray(values).top(125).tolist()) == _sorted_top(values, every, 125)


def test_no_term_held_gives_no_rows() -> None:
    assert ScoreArray(np.zeros(1000, np.float32)).top(5).size == 0
    index = LexicalIndex.from_words([["水", "质"], ["空", "气"]])
    assert index.scores(["土"]).top(5).size == 0 and index.scores(["水"]).top(5).tolist() == [0]
