"""Synthetic large indexes: the real corpus plus copies of its passages, perturbed, up to a size.

Copy 0 is the real corpus, unchanged (its reports keep their names, so gold evidence still
points at them); every other copy is a set of distractors under other report names: each
passage's vector is moved by noise (cosine about 0.9 with the original) and about a third of
its words are dropped from its BM25 entry, so copies rank near, but not on top of, the
originals. Vectors and words are made, never embedded or tokenised again: a million
passages build in minutes.
"""

from __future__ import annotations

import copy
import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from common.settings import Settings
from index.ann import DenseIndex
from index.dense import Encoder
from index.engine import ann_options
from index.lexical import LexicalIndex, tokenize
from index.store import StoredIndex
from ingest.chunk import contextual_text
from retriever.search.hybrid import Searcher

# Noise added to a copy's vector, relative to its unit length (cosine ≈ 1/√(1 + 0.5²) ≈ 0.89).
NOISE = 0.5
KEEP_WORDS = 0.67
# Vectors made and added at a time (400 MB): an IVF trains on the first batch.
_BATCH = 262_144


@dataclass
class Synthetic:
    """A searcher over `size` passages, and how long each part took to build."""

    searcher: Searcher
    size: int
    build_seconds: dict[str, float]
    dense: DenseIndex
    _exact: Searcher | None = None

    @property
    def exact(self) -> Searcher:
        """The reference: the same passages and words, every passage scored, the dense half exact. Made
        on first use, so the memory the index holds is measured without it."""
        if self._exact is None:
            dense = self.dense
            flat = dense.exact_view() or DenseIndex.build(dense.vectors(np.arange(len(dense))), len(dense))
            exact = copy.copy(self.searcher)
            exact.settings = self.searcher.settings.model_copy(update={"exact_search_max": self.size + 1})
            exact.stored = dataclasses.replace(self.searcher.stored, dense=flat)
            self._exact = exact
        return self._exact


def grow(stored: StoredIndex, encoder: Encoder, settings: Settings, size: int, seed: int = 0) -> Synthetic:
    """The real index grown to `size` passages with perturbed copies of its own.

    The BM25 index is built first: its indexing needs some 2 GB of working memory at a million
    passages, the peak of the whole build if the passages and vectors are held already.
    Vectors are made and added to the dense index a batch at a time, never held whole beside it."""
    vector_rng, word_rng = np.random.default_rng(seed).spawn(2)
    real = len(stored.chunks)
    copies = max(1, -(-size // real))
    rows = np.arange(copies * real)[:size]
    timings: dict[str, float] = {}

    t = time.perf_counter()
    words = [tokenize(contextual_text(c, c.regions)) or ["∅"] for c in stored.chunks]
    lexical = LexicalIndex.from_words([_some(words[i % real], word_rng) if i >= real else words[i] for i in rows])
    timings["lexical index"] = time.perf_counter() - t

    t = time.perf_counter()
    chunks = list(stored.chunks)
    documents = dict(stored.documents)
    sources = dict(stored.sources)
    for c in range(1, copies):
        for chunk in stored.chunks[: min(real, size - c * real)]:
            doc = f"syn{c:06d}-{chunk.doc}"
            chunks.append(chunk.model_copy(update={"id": f"{doc}@{chunk.start}-{chunk.end}", "doc": doc}))
            if doc not in documents:
                documents[doc] = stored.documents[chunk.doc].model_copy(update={"doc": doc})
                sources[doc] = stored.sources[chunk.doc]  # the same string: no memory per copy
    timings["passages"] = time.perf_counter() - t

    t = time.perf_counter()
    base = stored.dense.vectors(np.arange(real))
    dense: DenseIndex | None = None
    for start in range(0, len(rows), _BATCH):
        batch = _copies(base, rows[start : start + _BATCH], vector_rng)
        if dense is None:  # the first batch trains an IVF: a random sample of the copies
            dense = DenseIndex.build(batch, settings.dense_flat_max, ann_options(settings), total=len(rows))
        else:
            dense.add(batch)
    assert dense is not None
    timings["dense index"] = time.perf_counter() - t

    grown = dataclasses.replace(
        stored, chunks=chunks, documents=documents, sources=sources, dense=dense, lexical=lexical
    )
    t = time.perf_counter()
    searcher = Searcher(grown, encoder, settings)
    timings["searcher"] = time.perf_counter() - t
    return Synthetic(searcher, size, timings, dense)


def _copies(base: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The vectors of these rows: row i is passage i mod n, moved by noise past the first n."""
    v = base[rows % len(base)].copy()
    noisy = rows >= len(base)
    v[noisy] += rng.normal(0, NOISE / np.sqrt(v.shape[1]), (int(noisy.sum()), v.shape[1])).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v


def _some(words: list[str], rng: np.random.Generator) -> list[str]:
    kept = [w for w, keep in zip(words, rng.random(len(words)) < KEEP_WORDS, strict=True) if keep]
    return kept or words[:1]
