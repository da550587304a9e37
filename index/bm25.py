"""A bm25s index built with array operations, a batch of passages at a time.

bm25s builds its score matrix one passage at a time, through Python lists of token ids: at a
million passages (some 200 words each) that takes 100-120 s and 5-6 GB of working memory. This
builds the same matrix, the same scores bit for bit for its default Lucene BM25, from arrays:
each batch of passages becomes its (passage, word, count) triples, and the scores are made once
every word's passage count is known. bm25s then searches, saves and loads it as its own
(`build_index_from_tokens` is the method bm25s documents for building an index another way).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import bm25s
import numpy as np

# Passages turned into triples at a time: a batch's word ids and sort keys are the working memory.
_BATCH = 50_000


class ArrayBM25(bm25s.BM25):
    """bm25s's Lucene BM25, indexed with arrays."""

    def build_index_from_tokens(
        self, corpus_tokens: Sequence[Sequence[str]], show_progress: bool = True, leave_progress: bool = False
    ) -> tuple[dict[str, object], dict[str, int]]:
        if self.method != "lucene" or self.idf_method not in (None, "lucene"):
            return super().build_index_from_tokens(corpus_tokens, show_progress, leave_progress)
        vocab: dict[str, int] = {}
        lengths = np.fromiter((len(tokens) for tokens in corpus_tokens), np.int64, len(corpus_tokens))
        batches = [_triples(corpus_tokens, start, vocab) for start in range(0, len(corpus_tokens), _BATCH)]
        self.nonoccurrence_array = None
        return self._matrix(batches, lengths, len(vocab)), vocab

    def _matrix(self, batches: list[Triples], lengths: np.ndarray, n_vocab: int) -> dict[str, object]:
        """The CSC score matrix (a column per word), each batch's scores written straight to their
        places: a column's passages stay in passage order, as bm25s leaves them."""
        n_docs = len(lengths)
        df = np.zeros(n_vocab, dtype=np.int64)
        for _, words, _ in batches:
            df += np.bincount(words, minlength=n_vocab)
        idf = np.array([lucene_idf(d, n_docs) for d in df.tolist()], dtype=self.dtype)
        indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        data = np.empty(int(indptr[-1]), dtype=self.dtype)
        indices = np.empty(int(indptr[-1]), dtype=self.int_dtype)
        filled = indptr[:-1].copy()  # the next free place in each column
        mean_length = lengths.mean()
        while batches:
            docs, words, counts = batches.pop(0)
            order = np.argsort(words, kind="stable")
            docs, words, counts = docs[order], words[order], counts[order]
            # Each triple's place: its column's next free place, plus its rank among the batch's
            # triples of that column.
            first = np.searchsorted(words, words, side="left")
            places = filled[words] + (np.arange(len(words)) - first)
            filled += np.bincount(words, minlength=n_vocab)
            # The same operations, in the same order and types, as bm25s's per-passage code: the
            # length term in float64 (its mean is a NumPy float64), the count in float32 first.
            length_part = self.k1 * ((1 - self.b) + self.b * lengths[docs] / mean_length)
            tf = counts.astype(self.dtype)
            data[places] = idf[words] * (tf / (length_part + tf))
            indices[places] = docs
        return {"data": data, "indices": indices, "indptr": indptr, "num_docs": n_docs}


def lucene_idf(df: int, n: int) -> float:
    """bm25s's default (Lucene) idf of a word held by `df` of `n` passages."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# A batch of passages as (passage, word id, count) of each distinct word, in passage order.
Triples = tuple[np.ndarray, np.ndarray, np.ndarray]


def _triples(corpus_tokens: Sequence[Sequence[str]], start: int, vocab: dict[str, int]) -> Triples:
    """(passage, word id, count) of each distinct word of a batch of passages, in passage order
    (new words join `vocab`)."""
    batch = corpus_tokens[start : start + _BATCH]
    sizes = np.fromiter((len(tokens) for tokens in batch), np.int64, len(batch))
    ids = np.fromiter((vocab.setdefault(t, len(vocab)) for tokens in batch for t in tokens), np.int64, int(sizes.sum()))
    span = len(vocab) + 1
    keys, counts = np.unique(
        np.repeat(np.arange(start, start + len(batch), dtype=np.int64), sizes) * span + ids, return_counts=True
    )
    return (keys // span).astype(np.int32), (keys % span).astype(np.int32), counts.astype(np.int32)
