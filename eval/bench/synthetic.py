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
from index.lexical import LexicalIndex, tokenize
from index.store import StoredIndex
from ingest.chunk import contextual_text
from retriever.search.hybrid import Searcher

# Noise added to a copy's vector, relative to its unit length (cosine ≈ 1/√(1 + 0.5²) ≈ 0.89).
NOISE = 0.5
KEEP_WORDS = 0.67


@dataclass
class Synthetic:
    """A searcher over `size` passages, and how long each part took to build."""

    searcher: Searcher
    size: int
    build_seconds: dict[str, float]
    _exact: Searcher | None = None

    @property
    def exact(self) -> Searcher:
        """The reference: the same passages and words, every passage scored, the dense half exact. Made
        on first use, so the memory the index holds is measured without it."""
        if self._exact is None:
            dense = self.searcher.stored.dense
            flat = dense if dense.exact else DenseIndex.build(dense.vectors(np.arange(len(dense))), len(dense))
            exact = copy.copy(self.searcher)
            exact.settings = self.searcher.settings.model_copy(update={"exact_search_max": self.size + 1})
            exact.stored = dataclasses.replace(self.searcher.stored, dense=flat)
            self._exact = exact
        return self._exact


def grow(stored: StoredIndex, encoder: Encoder, settings: Settings, size: int, seed: int = 0) -> Synthetic:
    """The real index grown to `size` passages with perturbed copies of its own."""
    rng = np.random.default_rng(seed)
    real = len(stored.chunks)
    copies = max(1, -(-size // real))
    rows = np.arange(copies * real)[:size]
    timings: dict[str, float] = {}

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
    vectors = np.empty((len(rows), base.shape[1]), np.float32)
    for start in range(0, len(rows), 65536):
        part = rows[start : start + 65536]
        v = base[part % real].copy()
        noisy = part >= real
        v[noisy] += rng.normal(0, NOISE / np.sqrt(v.shape[1]), (int(noisy.sum()), v.shape[1])).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        vectors[start : start + len(part)] = v
    timings["vectors"] = time.perf_counter() - t

    t = time.perf_counter()
    dense = DenseIndex.build(vectors, settings.dense_flat_max, settings.ivf_nprobe)
    timings["dense index"] = time.perf_counter() - t
    del vectors

    t = time.perf_counter()
    words = [tokenize(contextual_text(c, c.regions)) or ["∅"] for c in stored.chunks]
    corpus = [_some(words[i % real], rng) if i >= real else words[i] for i in rows]
    lexical = LexicalIndex.from_words(corpus)
    del corpus
    timings["lexical index"] = time.perf_counter() - t

    grown = dataclasses.replace(
        stored, chunks=chunks, documents=documents, sources=sources, dense=dense, lexical=lexical
    )
    t = time.perf_counter()
    searcher = Searcher(grown, encoder, settings)
    timings["searcher"] = time.perf_counter() - t
    return Synthetic(searcher, size, timings)


def _some(words: list[str], rng: np.random.Generator) -> list[str]:
    kept = [w for w, keep in zip(words, rng.random(len(words)) < KEEP_WORDS, strict=True) if keep]
    return kept or words[:1]
