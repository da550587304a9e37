"""The search engine behind the retriever: what each half of hybrid search must offer, and which
engine serves it (chosen by the `engine` setting).

Two engines implement the same faces: FAISS with bm25s on this machine (`index.ann`,
`index.lexical`), and Milvus for a cluster (`index.milvus`: dense HNSW and BM25 sparse in one
collection, milvus-lite for a file). The retriever sees only these faces, so fusion, the region
adjustment and the reader are the same whichever engine holds the passages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from common.settings import Settings
from index.ann import AnnOptions, DenseIndex, RowSet
from index.lexical import LexicalIndex


class EngineUnavailable(RuntimeError):
    """The configured engine cannot be reached (a Milvus server down, a milvus-lite file another process holds)."""


# The files (or collection record) an engine keeps in a generation directory.
FAISS_FILES = ("dense.faiss", "bm25")
MILVUS_RECORD = "milvus.json"
_LENGTHS = "lengths.npy"


class LexicalScores(Protocol):
    """One question's BM25 scores over the passages, read by row."""

    def at(self, rows: np.ndarray) -> np.ndarray:
        """The scores of these rows (zero for a row holding none of the question's words)."""
        ...

    def top(self, k: int, among: RowSet | None = None) -> np.ndarray:
        """Rows of the k best scores (only among `among` if given); a row holding none of the words is never taken."""
        ...

    def best(self) -> float:
        """The highest score over every passage (the scale of the lexical half)."""
        ...


class LexicalSearch(Protocol):
    size: int

    def scores(self, tokens: list[str]) -> LexicalScores: ...

    def document_frequency(self, term: str) -> int | None: ...


class DenseSearch(Protocol):
    exact: bool

    def __len__(self) -> int: ...

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every passage, by row."""
        ...

    def top(self, query: np.ndarray, k: int, among: RowSet | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rows, cosines) of the k nearest passages, optionally among some rows only."""
        ...

    def vectors(self, rows: np.ndarray) -> np.ndarray: ...


@dataclass
class EngineData:
    """What an engine indexes, row by row: vectors, BM25 words, and each passage's regions and places."""

    vectors: np.ndarray
    words: list[list[str]]
    tags: list[list[str]]


def ann_options(settings: Settings) -> AnnOptions:
    """How the dense index above `dense_flat_max` is built and searched, from the settings."""
    return AnnOptions(
        kind=settings.dense_ann,
        nprobe=settings.ivf_nprobe,
        links=settings.hnsw_links,
        build_depth=settings.hnsw_build_depth,
        search_depth=settings.hnsw_search_depth,
        exact_among=settings.dense_exact_among,
    )


def save_engine(settings: Settings, data: EngineData, root: Path, generation: str) -> None:
    """Index `data` with the configured engine as part of the generation being written at `root`."""
    if settings.engine == "milvus":
        from index.milvus import MilvusEngine

        MilvusEngine.connect(settings).write(root, generation, data)
        return
    DenseIndex.build(data.vectors, settings.dense_flat_max, ann_options(settings)).save(root / FAISS_FILES[0])
    LexicalIndex.from_words(data.words).save(root / FAISS_FILES[1])
    # Each passage's length in BM25 words (an empty one holds the placeholder): a delta beside this
    # part rescores its columns with them (index.joined).
    np.save(root / FAISS_FILES[1] / _LENGTHS, np.array([max(1, len(w)) for w in data.words], np.int32))


def open_engine(root: Path, size: int, settings: Settings) -> tuple[DenseSearch, LexicalSearch]:
    """The two halves of a written generation, by what it holds (not by today's setting: a generation
    built with one engine stays readable when the setting changes, until the next build)."""
    if (root / MILVUS_RECORD).is_file():
        from index.milvus import MilvusEngine

        return MilvusEngine.open(root, size, settings)
    dense = DenseIndex.load(root / FAISS_FILES[0], ann_options(settings))
    return dense, LexicalIndex.load(root / FAISS_FILES[1], size)


def passage_lengths(root: Path) -> np.ndarray:
    """The lengths in BM25 words of a FAISS part's passages, as `save_engine` kept them."""
    return np.load(root / FAISS_FILES[1] / _LENGTHS, allow_pickle=False)


def drop_engine(root: Path) -> None:
    """Release what a generation holds outside its directory (a Milvus collection) before it is removed."""
    if (root / MILVUS_RECORD).is_file():
        from index.milvus import MilvusEngine

        MilvusEngine.drop(root)
