"""The dense index: exact inner-product search up to a size, inverted lists (IVF) above it.

Vectors are L2-normalised, so inner product is cosine. Up to `flat_max` passages every
question is compared with every passage (exact, and a few milliseconds at 100,000).
Above it, an IVF index compares the question with `nlist` centroids and then only the
passages of the `nprobe` nearest lists: at a million passages that is a few thousand
comparisons instead of a million, and the recall it loses is measured by `duchaqa bench`.
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from index.dense import DIM

# Training an IVF needs this many vectors per list; a larger sample only costs time.
_TRAIN_PER_LIST = 40


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

    def __init__(self, index: faiss.Index, nprobe: int = 32) -> None:
        self.index = index
        self.nprobe = nprobe
        if not self.exact:  # row → (list, offset) once, so a vector can be read back (IVF keeps no row order)
            faiss.extract_index_ivf(index).make_direct_map()

    @classmethod
    def build(cls, vectors: np.ndarray, flat_max: int = 100_000, nprobe: int = 32) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1] if vectors.size else DIM
        if len(vectors) <= flat_max:
            index: faiss.Index = faiss.IndexFlatIP(dim)
        else:
            index = _trained_ivf(vectors)
        if len(vectors):
            index.add(vectors)
        return cls(index, nprobe)

    @property
    def exact(self) -> bool:
        return isinstance(self.index, faiss.IndexFlat)

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
        if among is not None and self.exact:
            # Within some rows of a flat index: one product over those rows (FAISS's selector would
            # visit every row, one by one).
            sims = self.vectors(among.rows) @ query.astype(np.float32)
            best = np.argpartition(-sims, k - 1)[:k]
            best = best[np.argsort(-sims[best], kind="stable")]
            return among.rows[best].astype(np.int64), sims[best]
        params = self._params(among)
        sims, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k, params=params)
        keep = ids[0] >= 0  # an IVF probe may hold fewer than k
        return ids[0][keep].astype(np.int64), sims[0][keep]

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors of these rows (exact: flat storage in both kinds of index)."""
        if len(rows) == 0:
            return np.zeros((0, self.index.d), np.float32)
        if self.exact:
            return faiss.rev_swig_ptr(self.index.get_xb(), len(self) * self.index.d).reshape(len(self), -1)[rows]
        return self.index.reconstruct_batch(np.ascontiguousarray(rows, dtype=np.int64))

    def _params(self, among: RowSet | None) -> faiss.SearchParameters | None:
        selector = None if among is None else among.selector()
        if self.exact:
            return None if selector is None else faiss.SearchParameters(sel=selector)
        return faiss.SearchParametersIVF(sel=selector, nprobe=self.nprobe)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, nprobe: int = 32) -> DenseIndex:
        return cls(faiss.read_index(str(path)), nprobe)


def _trained_ivf(vectors: np.ndarray) -> faiss.Index:
    """An IVF-Flat index with about 4·√n lists, trained on a sample of the vectors."""
    nlist = max(1, int(4 * math.sqrt(len(vectors))))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(vectors.shape[1]), vectors.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), nlist * _TRAIN_PER_LIST), replace=False)
    index.train(vectors[np.sort(sample)])
    return index
