"""Which passages a question is scored on: all of a small index; in a large one, each half's top
candidates, and each half's top among the passages of the question's regions and places (their
boost could lift a passage from below both tops).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from common.settings import Settings
from common.types import Chunk
from index.ann import RowSet
from index.engine import DenseSearch, LexicalScores
from retriever.query.parse import Query


def rows_by_tag(tags_by_row: Iterable[Iterable[str]]) -> dict[str, np.ndarray]:
    """Each region and place, with the rows of the passages tagged with it."""
    rows: dict[str, list[int]] = {}
    for i, tags in enumerate(tags_by_row):
        for tag in tags:
            rows.setdefault(tag, []).append(i)
    return {tag: np.asarray(found, dtype=np.int64) for tag, found in rows.items()}


class Candidates:
    """The rows of each region and place of an index's passages, and the row sets questions asked for
    (kept: in a national index a province's rows run to hundreds of thousands, and their selector costs)."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.size = len(chunks)
        self.by_tag = rows_by_tag(dict.fromkeys([*c.regions, *c.places]) for c in chunks)
        self._tagged: dict[tuple[str, ...], RowSet] = {}
        self._lock = threading.Lock()

    def rows(
        self, query: Query, lexical: LexicalScores, dense: DenseSearch, vectors: np.ndarray, settings: Settings
    ) -> np.ndarray:
        """Every row up to `exact_search_max` passages; above it, the union of the top
        `candidate_depth` of BM25 and of each query vector, overall and within the question's tags."""
        if self.size <= settings.exact_search_max:
            return np.arange(self.size)
        depth = settings.candidate_depth
        pools = [lexical.top(depth)]
        tags = tuple(t for t in dict.fromkeys([*query.regions, *query.places]) if t in self.by_tag)
        among = self.tagged(tags, settings.tagged_rows_kept) if tags and settings.use_regions else None
        for vector in vectors:
            pools.append(dense.top(vector, depth)[0])
            if among is not None:
                pools.append(dense.top(vector, depth, among)[0])
        if among is not None:
            pools.append(lexical.top(depth, among))
        return np.unique(np.concatenate(pools))

    def tagged(self, tags: tuple[str, ...], keep: int) -> RowSet:
        """The rows of passages tagged with any of these regions or places, kept (the last `keep` asked
        for) for the next question naming them."""
        with self._lock:
            found = self._tagged.get(tags)
            if found is None:
                rows = self.by_tag[tags[0]] if len(tags) == 1 else self._union(tags)
                found = self._tagged[tags] = RowSet(rows, self.size, tags)
                while len(self._tagged) > keep:
                    self._tagged.pop(next(iter(self._tagged)))
            return found

    def _union(self, tags: tuple[str, ...]) -> np.ndarray:
        """The sorted rows of any of the tags: marked in one pass over the index (np.unique of their
        concatenation sorts hundreds of thousands of rows in a national index)."""
        member = np.zeros(self.size, dtype=bool)
        for tag in tags:
            member[self.by_tag[tag]] = True
        return np.flatnonzero(member)
