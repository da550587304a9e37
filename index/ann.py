"""The dense index: exact inner-product search up to a size, an approximate index above it.

Vectors are L2-normalised, so inner product is cosine. Up to `flat_max` passages every
question is compared with every passage (exact, and a few milliseconds at 100,000).
Above it, an HNSW graph (the default) or an IVF index answers from a small part of the
passages. HNSW walks a neighbour graph from a coarse layer down: a few thousand
comparisons at a million passages, and it finds a passage's own vector even when
thousands of near-copies surround it, where IVF's lists split such a cloud and miss
its centre (`duchaqa bench` measures both against exact search).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import faiss
import numpy as np

from index.dense import DIM

# Training an IVF needs this many vectors per list; a larger sample only costs time.
_TRAIN_PER_LIST = 40


@dataclass(frozen=True)
class AnnOptions:
    """How the approximate index above the flat size is built and searched (`common.settings`)."""

    kind: Literal["hnsw", "ivf"] = "hnsw"
    nprobe: int = 96  # IVF: lists probed
    links: int = 32  # HNSW: neighbours kept per node (M)
    build_depth: int = 40  # HNSW: candidates weighed while linking a node (efConstruction)
    search_depth: int = 256  # HNSW: candidates kept while searching (efSearch), at least k
    exact_among: int = 30_000  # a search within at most this many rows compares the question with each


class RowSet:
    """Rows a search is limited to (sorted, unique), with FAISS's selector for them made once: a
    bitmap, which takes a millisecond where a set of 200,000 ids takes eighty. `tags` names them
    when they are the passages of some regions or places (an engine that filters by tag uses it)."""

    def __init__(self, rows: np.ndarray, total: int, tags: tuple[str, ...] = ()) -> None:
        self.rows = rows
        self.total = total
        self.tags = tags
        self._bitmap: np.ndarray | None = None
        self._selector: faiss.IDSelector | None = None

    def selector(self) -> faiss.IDSelector:
        if self._selector is None:
            member = np.zeros(self.total, dtype=bool)
            member[self.rows] = True
            self._bitmap = np.packbits(member, bitorder="little")  # kept: the selector reads it
            self._selector = faiss.IDSelectorBitmap(self.total, faiss.swig_ptr(self._bitmap))
        return self._selector


class DenseIndex:
    """Top-k (or all) cosine scores of a question over the passages, by row."""

    def __init__(self, index: faiss.Index, options: AnnOptions | None = None) -> None:
        self.index = index
        self.options = options or AnnOptions()
        self.owner: faiss.Index | None = None
        if isinstance(index, faiss.IndexIVF):  # row → (list, offset) once: IVF keeps no row order
            index.make_direct_map()

    @classmethod
    def build(
        cls, vectors: np.ndarray, flat_max: int = 100_000, options: AnnOptions | None = None, total: int = 0
    ) -> DenseIndex:
        """The index of these vectors: flat up to `flat_max`, approximate above it. `total`: the size
        it will reach when more are added later (its kind is chosen by that size)."""
        options = options or AnnOptions()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1] if vectors.size else DIM
        if max(total, len(vectors)) <= flat_max:
            index: faiss.Index = faiss.IndexFlatIP(dim)
        elif options.kind == "ivf":
            index = _trained_ivf(vectors)
        else:
            index = faiss.IndexHNSWFlat(dim, options.links, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = options.build_depth
        built = cls(index, options)
        built.add(vectors)
        return built

    def add(self, vectors: np.ndarray) -> None:
        """More vectors, as the next rows."""
        if len(vectors):
            self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    @property
    def exact(self) -> bool:
        return isinstance(self.index, faiss.IndexFlat)

    @property
    def kind(self) -> str:
        """What answers a search: "flat (exact)", "HNSW" or "IVF", with its search setting."""
        if self.exact:
            return "flat (exact)"
        if isinstance(self.index, faiss.IndexHNSW):
            return f"HNSW, {self.options.links} links, search depth {self.options.search_depth}"
        return f"IVF, nprobe {self.options.nprobe}"

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Exact cosine similarity of the query to every passage, by row."""
        n = len(self)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        if not self.exact:
            return self.vectors(np.arange(n)) @ query.astype(np.float32)
        sims, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), n)
        out = np.zeros(n, dtype=np.float32)
        out[ids[0]] = sims[0]
        return out

    def top(self, query: np.ndarray, k: int, among: RowSet | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rows, cosines) of the k passages nearest the query, optionally only among some rows."""
        k = min(k, len(self) if among is None else len(among.rows))
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if among is not None and (self.exact or len(among.rows) <= self.options.exact_among):
            # Within some rows of a flat index: one product over those rows (FAISS's selector would
            # visit every row, one by one). Within a few rows of an approximate index, too: a graph
            # walk or a probe of lists that may hold none of them finds a fraction of their nearest
            # (HNSW found a third of the exact top 20 among 0.5% of the rows, IVF under half).
            sims = self.vectors(among.rows) @ query.astype(np.float32)
            best = np.argpartition(-sims, k - 1)[:k]
            best = best[np.argsort(-sims[best], kind="stable")]
            return among.rows[best].astype(np.int64), sims[best]
        params = self._params(among, k)
        sims, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k, params=params)
        keep = ids[0] >= 0  # an approximate search may find fewer than k
        return ids[0][keep].astype(np.int64), sims[0][keep]

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors of these rows (exact: flat storage in every kind of index)."""
        if len(rows) == 0:
            return np.zeros((0, self.index.d), np.float32)
        flat = self._flat_storage()
        if flat is None:
            return self.index.reconstruct_batch(np.ascontiguousarray(rows, dtype=np.int64))
        return faiss.rev_swig_ptr(flat.get_xb(), len(self) * self.index.d).reshape(len(self), -1)[rows]

    def exact_view(self) -> DenseIndex | None:
        """The same vectors searched exactly, without a copy, where the index keeps them flat in row
        order (flat and HNSW; None for IVF)."""
        storage = self._flat_storage()
        if storage is None:
            return None
        view = DenseIndex(storage, self.options)
        view.owner = self.index  # the storage belongs to this index: keep it alive with the view
        return view

    def _flat_storage(self) -> faiss.IndexFlat | None:
        """The flat array of vectors in row order, where the index keeps one (flat and HNSW)."""
        if self.exact:
            return self.index
        if isinstance(self.index, faiss.IndexHNSW):
            return faiss.downcast_index(self.index.storage)
        return None

    def _params(self, among: RowSet | None, k: int) -> faiss.SearchParameters | None:
        selector = None if among is None else among.selector()
        if self.exact:
            return None if selector is None else faiss.SearchParameters(sel=selector)
        if isinstance(self.index, faiss.IndexHNSW):
            return faiss.SearchParametersHNSW(sel=selector, efSearch=max(k, self.options.search_depth))
        return faiss.SearchParametersIVF(sel=selector, nprobe=self.options.nprobe)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, options: AnnOptions | None = None) -> DenseIndex:
        """The index as written, whatever its kind; `options` say how to search it."""
        return cls(faiss.read_index(str(path)), options)


def _trained_ivf(vectors: np.ndarray) -> faiss.Index:
    """An IVF-Flat index with about 4·√n lists, trained on a sample of the vectors."""
    nlist = max(1, int(4 * math.sqrt(len(vectors))))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(vectors.shape[1]), vectors.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), nlist * _TRAIN_PER_LIST), replace=False)
    index.train(vectors[np.sort(sample)])
    return index
