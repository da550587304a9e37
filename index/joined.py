"""One index over two parts: the base a full build wrote, and a small delta of the reports added since.

Adding or removing one report in a large index touches only that report (see `index.increment`):
the new generation keeps the base as it was, marks the base's removed or changed reports as gone,
and indexes every report that is new since the base in a small delta. The retriever sees one
index through the same faces as a whole one: its rows are the base's live passages in order, then
the delta's.

BM25 needs the statistics of the whole index, and each part's bm25s matrix holds idf × tf-part
under its own part's: its idf and its mean passage length. The word counts are recovered from a
column's stored scores and the passages' lengths, and scored again with the idf and mean length
over every live passage of both parts: the scores of a full build of the same reports.
"""

from __future__ import annotations

import numpy as np

from common.types import Chunk, DocumentInfo
from index.ann import DenseIndex, RowSet
from index.bm25 import lucene_idf
from index.dense import DIM
from index.engine import DenseSearch, LexicalSearch
from index.lexical import LexicalIndex, ScoreArray, tokenize


class LiveRows:
    """Where the joined rows are: the base's live rows (sorted) first, then every row of the delta."""

    def __init__(self, live: np.ndarray, base_total: int, delta_total: int) -> None:
        self.live = live.astype(np.int64)
        self.base_total = base_total
        self.delta_total = delta_total
        self.alive = np.zeros(base_total, dtype=bool)
        self.alive[self.live] = True
        # Every live row of the base (None when none is gone: a search needs no selector then); its
        # bitmap is made once, on first use.
        self._all_live = RowSet(self.live, base_total) if len(self.live) < base_total else None

    @property
    def size(self) -> int:
        return len(self.live) + self.delta_total

    def split(self, among: RowSet | None) -> tuple[RowSet | None, RowSet | None]:
        """The rows of a joined row set in each part's own numbering (None: all of that part)."""
        if among is None:
            return self._all_live, None
        cut = int(np.searchsorted(among.rows, len(self.live)))
        base = RowSet(self.live[among.rows[:cut]], self.base_total, among.tags)
        return base, RowSet(among.rows[cut:] - len(self.live), self.delta_total, among.tags)

    def from_base(self, rows: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.live, rows).astype(np.int64)

    def from_delta(self, rows: np.ndarray) -> np.ndarray:
        return rows.astype(np.int64) + len(self.live)


class JoinedDense:
    """The dense half over base and delta: each part searched, the two top lists merged."""

    def __init__(self, base: DenseSearch, delta: DenseSearch, rows: LiveRows) -> None:
        self.base, self.delta, self.rows = base, delta, rows
        self.exact = base.exact and delta.exact

    def __len__(self) -> int:
        return self.rows.size

    def scores(self, query: np.ndarray) -> np.ndarray:
        return np.concatenate([self.base.scores(query)[self.rows.live], self.delta.scores(query)])

    def top(self, query: np.ndarray, k: int, among: RowSet | None = None) -> tuple[np.ndarray, np.ndarray]:
        in_base, in_delta = self.rows.split(among)
        base_rows, base_sims = self.base.top(query, k, in_base)
        delta_rows, delta_sims = self.delta.top(query, k, in_delta)
        rows = np.concatenate([self.rows.from_base(base_rows), self.rows.from_delta(delta_rows)])
        sims = np.concatenate([base_sims, delta_sims])
        best = np.argsort(-sims, kind="stable")[:k]
        return rows[best], sims[best]

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        in_base = rows < len(self.rows.live)
        out = np.zeros((len(rows), self.base.vectors(rows[:0]).shape[1]), np.float32)
        out[in_base] = self.base.vectors(self.rows.live[rows[in_base]])
        out[~in_base] = self.delta.vectors(rows[~in_base] - len(self.rows.live))
        return out


class _Words:
    """One part's BM25 words: its bm25s index and each passage's length in words."""

    def __init__(self, index: LexicalIndex | None, lengths: np.ndarray) -> None:
        self.index = index
        self.lengths = lengths.astype(np.float64)
        self.mean = float(self.lengths.mean()) if len(lengths) else 1.0

    def column(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows, idf × tf-part) of the passages holding `token` (empty when none does)."""
        term = None if self.index is None else self.index.bm25.vocab_dict.get(token)
        if self.index is None or term is None:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        scores = self.index.bm25.scores
        start, end = scores["indptr"][term], scores["indptr"][term + 1]
        return scores["indices"][start:end], scores["data"][start:end]

    def rescored(self, rows: np.ndarray, values: np.ndarray, idf: float, mean: float) -> np.ndarray:
        """A column's scores under the whole index's idf and mean length instead of the part's own.

        bm25s stored idf_p · tf / (tf + k1 · (1 - b + b · len / mean_p)); the word count tf is a
        whole number, so it is recovered exactly and scored again as a full build would."""
        k1, b = self.index.bm25.k1, self.index.bm25.b  # type: ignore[union-attr]
        part = values.astype(np.float64) / lucene_idf(len(rows), len(self.lengths))
        lengths = self.lengths[rows]
        tf = np.rint(part * k1 * (1 - b + b * lengths / self.mean) / (1 - part))
        return (idf * tf / (tf + k1 * (1 - b + b * lengths / mean))).astype(np.float32)


class JoinedLexical:
    """The lexical half over base and delta, scored as one index (idf and mean length over every live passage)."""

    def __init__(self, base: _Words, delta: _Words, rows: LiveRows) -> None:
        self.base, self.delta, self.rows = base, delta, rows
        self.size = rows.size
        total = base.lengths[rows.live].sum() + delta.lengths.sum()
        self.mean = float(total / self.size) if self.size else 1.0

    def _parts(self, token: str) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray], int]:
        """The token's column in each part, and its document frequency over the live passages."""
        base, delta = self.base.column(token), self.delta.column(token)
        return base, delta, int(np.count_nonzero(self.rows.alive[base[0]])) + len(delta[0])

    def scores(self, tokens: list[str]) -> ScoreArray:
        base_out = np.zeros(self.rows.base_total, np.float32)
        delta_out = np.zeros(self.rows.delta_total, np.float32)
        for token in tokens:  # a repeated word counts again, as in bm25s
            (base_rows, base_values), (delta_rows, delta_values), df = self._parts(token)
            if df == 0:
                continue
            idf = lucene_idf(df, self.size)
            # the rows of one column are distinct, so += adds each once
            if len(base_rows):
                base_out[base_rows] += self.base.rescored(base_rows, base_values, idf, self.mean)
            if len(delta_rows):
                delta_out[delta_rows] += self.delta.rescored(delta_rows, delta_values, idf, self.mean)
        return ScoreArray(np.concatenate([base_out[self.rows.live], delta_out]))

    def document_frequency(self, term: str) -> int | None:
        tokens = tokenize(term)
        if not tokens:
            return None
        return min(self._parts(token)[2] for token in tokens)


# One part of a generation as loaded: its reports, passages, source texts and the two search halves.
Part = tuple[dict[str, DocumentInfo], list[Chunk], dict[str, str], DenseSearch, LexicalSearch]


def join(base: Part, delta: Part | None, removed: set[str], lengths: tuple[np.ndarray, np.ndarray]) -> Part:
    """The base's live reports and the delta's as one part: passages in row order, searched as one
    (`lengths`: each part's passages' lengths in BM25 words)."""
    documents, chunks, sources, dense, lexical = base
    if not isinstance(lexical, LexicalIndex):
        raise TypeError("only a FAISS and bm25s generation keeps a base beside a delta")
    live = np.array([row for row, chunk in enumerate(chunks) if chunk.doc not in removed], dtype=np.int64)
    if delta is None:
        delta = {}, [], {}, DenseIndex.build(np.zeros((0, DIM), np.float32)), None
    delta_documents, delta_chunks, delta_sources, delta_dense, delta_lexical = delta
    if delta_lexical is not None and not isinstance(delta_lexical, LexicalIndex):
        raise TypeError("only a FAISS and bm25s generation keeps a base beside a delta")
    rows = LiveRows(live, len(chunks), len(delta_chunks))
    return (
        {**{doc: info for doc, info in documents.items() if doc not in removed}, **delta_documents},
        [chunks[row] for row in live] + delta_chunks,
        {**{doc: text for doc, text in sources.items() if doc not in removed}, **delta_sources},
        JoinedDense(dense, delta_dense, rows),
        JoinedLexical(_Words(lexical, lengths[0]), _Words(delta_lexical, lengths[1]), rows),
    )
