"""The dense index: exact (flat) up to a size, IVF above it; top-k, a search within some rows,
stored vectors read back, and the kind kept through save and load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.ann import DenseIndex, RowSet


def _clustered(n: int, seed: int = 0) -> np.ndarray:
    """Unit vectors around 50 centres (real passage vectors cluster by topic; random ones do not)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(50, 384))
    vectors = centres[rng.integers(0, 50, n)] + 0.6 * rng.normal(size=(n, 384))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return _clustered(6000)


def test_a_small_index_is_exact_and_a_large_one_is_ivf(vectors: np.ndarray) -> None:
    assert DenseIndex.build(vectors, flat_max=len(vectors)).exact
    assert not DenseIndex.build(vectors, flat_max=1000).exact


def test_ivf_finds_what_exact_search_finds(vectors: np.ndarray) -> None:
    flat, ivf = DenseIndex.build(vectors, flat_max=len(vectors)), DenseIndex.build(vectors, flat_max=1000, nprobe=16)
    queries = _clustered(50, seed=1)
    overlap = [len(set(flat.top(q, 10)[0]) & set(ivf.top(q, 10)[0])) / 10 for q in queries]
    assert np.mean(overlap) >= 0.9
    q = queries[0]
    assert np.allclose(ivf.top(q, 5)[1], np.sort(vectors[ivf.top(q, 5)[0]] @ q)[::-1], atol=1e-5)


@pytest.mark.parametrize("flat_max", [10**6, 1000])
def test_top_within_rows_returns_only_those_rows(vectors: np.ndarray, flat_max: int) -> None:
    index = DenseIndex.build(vectors, flat_max=flat_max)
    among = RowSet(np.array([3, 17, 256, 4000]), len(vectors))
    rows, sims = index.top(vectors[17], 10, among)
    assert set(rows) <= set(among.rows) and rows[0] == 17 and sims[0] == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(index.vectors(np.array([4000, 3])), vectors[[4000, 3]])


def test_exact_scores_cover_every_row_in_order(vectors: np.ndarray) -> None:
    index = DenseIndex.build(vectors[:500])
    assert np.allclose(index.scores(vectors[9]), vectors[:500] @ vectors[9], atol=1e-5)
    assert DenseIndex.build(np.zeros((0, 384), np.float32)).top(vectors[0], 5)[0].size == 0


def test_the_kind_of_index_survives_save_and_load(vectors: np.ndarray, tmp_path: Path) -> None:
    ivf = DenseIndex.build(vectors, flat_max=1000)
    ivf.save(tmp_path / "dense.faiss")
    loaded = DenseIndex.load(tmp_path / "dense.faiss", nprobe=8)
    assert not loaded.exact and loaded.nprobe == 8 and len(loaded) == len(vectors)
    assert list(loaded.top(vectors[5], 3)[0])[:1] == [5]
