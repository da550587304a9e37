"""The dense index: exact (flat) up to a size, HNSW or IVF above it; top-k, a search within some
rows, stored vectors read back, and the kind kept through save and load."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.ann import AnnOptions, DenseIndex, RowSet

HNSW, IVF = AnnOptions(kind="hnsw"), AnnOptions(kind="ivf", nprobe=16)


def _clustered(n: int, seed: int = 0) -> np.ndarray:
    """Unit vectors around 50 centres (real passage vectors cluster by topic; random ones do not)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(50, 384))
    vectors = centres[rng.integers(0, 50, n)] + 0.6 * rng.normal(size=(n, 384))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return _clustered(6000)


def test_a_small_index_is_exact_and_a_large_one_is_approximate(vectors: np.ndarray) -> None:
    assert DenseIndex.build(vectors, flat_max=len(vectors)).exact
    assert isinstance(DenseIndex.build(vectors, flat_max=1000).index, faiss.IndexHNSW)  # the default
    assert isinstance(DenseIndex.build(vectors, flat_max=1000, options=IVF).index, faiss.IndexIVF)


@pytest.mark.parametrize("options", [HNSW, IVF], ids=["hnsw", "ivf"])
def test_an_approximate_index_finds_what_exact_search_finds(vectors: np.ndarray, options: AnnOptions) -> None:
    flat, approximate = DenseIndex.build(vectors, flat_max=len(vectors)), DenseIndex.build(vectors, 1000, options)
    queries = _clustered(50, seed=1)
    overlap = [len(set(flat.top(q, 10)[0]) & set(approximate.top(q, 10)[0])) / 10 for q in queries]
    assert np.mean(overlap) >= 0.9
    q = queries[0]
    rows, sims = approximate.top(q, 5)
    assert np.allclose(sims, np.sort(vectors[rows] @ q)[::-1], atol=1e-5)


@pytest.mark.parametrize("options", [HNSW, IVF, None], ids=["hnsw", "ivf", "flat"])
def test_top_within_rows_returns_only_those_rows(vectors: np.ndarray, options: AnnOptions | None) -> None:
    # The index's own filtered search (FAISS's selector), not the product over a few rows.
    options = None if options is None else dataclasses.replace(options, exact_among=0)
    index = DenseIndex.build(vectors, flat_max=10**6 if options is None else 1000, options=options)
    among = RowSet(np.array([3, 17, 256, 4000]), len(vectors))
    rows, sims = index.top(vectors[17], 10, among)
    assert set(rows) <= set(among.rows) and rows[0] == 17 and sims[0] == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(index.vectors(np.array([4000, 3])), vectors[[4000, 3]])


@pytest.mark.parametrize("options", [HNSW, IVF], ids=["hnsw", "ivf"])
def test_every_kind_scores_every_row_in_order(vectors: np.ndarray, options: AnnOptions) -> None:
    assert np.allclose(DenseIndex.build(vectors[:500]).scores(vectors[9]), vectors[:500] @ vectors[9], atol=1e-5)
    approximate = DenseIndex.build(vectors[:1500], flat_max=1000, options=options)
    assert np.allclose(approximate.scores(vectors[9]), vectors[:1500] @ vectors[9], atol=1e-5)
    assert DenseIndex.build(np.zeros((0, 384), np.float32)).top(vectors[0], 5)[0].size == 0


@pytest.mark.parametrize("options", [HNSW, IVF], ids=["hnsw", "ivf"])
def test_the_kind_of_index_survives_save_and_load(vectors: np.ndarray, tmp_path: Path, options: AnnOptions) -> None:
    DenseIndex.build(vectors, flat_max=1000, options=options).save(tmp_path / "dense.faiss")
    # Read with today's options, whatever kind the setting names now: the file says what it holds.
    loaded = DenseIndex.load(tmp_path / "dense.faiss", AnnOptions(kind="hnsw", nprobe=8, search_depth=64))
    assert not loaded.exact and len(loaded) == len(vectors)
    assert loaded.kind.startswith(options.kind.upper())
    assert list(loaded.top(vectors[5], 3)[0])[:1] == [5]


@pytest.mark.parametrize("options", [HNSW, IVF], ids=["hnsw", "ivf"])
def test_a_search_within_a_small_share_of_the_rows_is_exact(vectors: np.ndarray, options: AnnOptions) -> None:
    """A county's passages in a national index: 0.5% of the rows. A graph walk or a few probed lists
    meet few of them; they are compared with the question one by one."""
    index = DenseIndex.build(vectors, flat_max=1000, options=options)
    rows = np.sort(np.random.default_rng(4).choice(len(vectors), 30, replace=False))
    for q in _clustered(10, seed=5):
        found, sims = index.top(q, 10, RowSet(rows, len(vectors)))
        exact = rows[np.argsort(-(vectors[rows] @ q))[:10]]
        assert list(found) == list(exact) and np.allclose(sims, vectors[found] @ q, atol=1e-5)
