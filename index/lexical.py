"""BM25 over jieba tokens of folded text: the lexical half of hybrid search.

Tokens are words only: jieba keeps spaces and punctuation as tokens, and an English
question's "tokens" then match chunks full of spaces and colons, so we drop every
token without a letter or digit, and stop words. Both the index and the questions
go through `tokenize`, so traditional/simplified and full/half width never matter.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import bm25s
import jieba
import numpy as np

from common.memory import release_freed
from index.ann import RowSet
from index.bm25 import ArrayBM25
from ingest.glossary import domain_terms
from ingest.normalize import fold

STOPWORDS_PATH = Path(__file__).parent / "data" / "stopwords_zh.txt"
_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
_PUNCT_ONLY = re.compile(r"^[\W_]+$")

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _teach_jieba() -> None:
    """The glossary's Chinese terms become jieba words (once per process, before any tokenizing)."""
    for term in domain_terms():
        jieba.add_word(fold(term))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    if not STOPWORDS_PATH.is_file():
        return frozenset()
    lines = STOPWORDS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w.strip()) for w in lines if w.strip() and not w.startswith("#"))


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (words and their sub-words) of the folded text, minus noise."""
    _teach_jieba()
    stop = stopwords()
    tokens = []
    for tok in jieba.cut_for_search(fold(text)):
        tok = tok.strip()
        if tok and _WORDLIKE.search(tok) and not _PUNCT_ONLY.match(tok) and tok not in stop:
            tokens.append(tok)
    return tokens


class ScoreArray:
    """One question's BM25 scores, every passage scored (bm25s scores them all in one pass)."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values

    def at(self, rows: np.ndarray) -> np.ndarray:
        return self.values[rows]

    def top(self, k: int, among: RowSet | None = None) -> np.ndarray:
        """Rows of the k best scores, optionally only among some rows; rows that hold none of the
        question's terms are never taken."""
        pool = self.values if among is None else self.values[among.rows]
        held = np.flatnonzero(pool > 0)
        k = min(k, len(held))
        if k <= 0:
            return np.zeros(0, np.int64)
        best = _top_k(pool, held, k)
        return best if among is None else among.rows[best]

    def best(self) -> float:
        return float(self.values.max()) if self.values.size else 0.0


def _top_k(values: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """The rows of the k largest values among `rows` (1 <= k <= len(rows)), in no order.

    Partitioning a million scores costs 10-20 ms. When the rows far outnumber k, a threshold read
    from every step-th row's score (below some 2·k of the scores, as the sample suggests) keeps
    only the rows at or above it: if k or more remain, the k largest are among them, exactly."""
    step = len(rows) // (8 * k)
    if step > 1:
        sample = values[rows[::step]]
        rank = min(len(sample), max(4, -(-2 * k // step)))
        floor = np.partition(sample, len(sample) - rank)[len(sample) - rank]
        above = rows[values[rows] >= floor]
        if len(above) >= k:
            rows = above
    return rows[np.argpartition(-values[rows], k - 1)[:k]]


class LexicalIndex:
    """A bm25s index whose rows line up with the chunk list."""

    def __init__(self, bm25: bm25s.BM25, size: int) -> None:
        self.bm25 = bm25
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        return cls.from_words([tokenize(t) for t in texts])

    @classmethod
    def from_words(cls, words: list[list[str]]) -> LexicalIndex:
        """The index over passages already tokenised (a passage with no word gets a placeholder)."""
        bm25 = ArrayBM25()  # bm25s's index, built with arrays (index.bm25)
        bm25.index([w or ["∅"] for w in words], show_progress=False)
        release_freed()  # the indexing's working memory: gigabytes at a million passages
        return cls(bm25, len(words))

    def scores(self, tokens: list[str]) -> ScoreArray:
        """BM25 score of every chunk for these query tokens (zeros when none is known)."""
        if not tokens or self.size == 0:
            return ScoreArray(np.zeros(self.size, dtype=np.float32))
        return ScoreArray(np.asarray(self.bm25.get_scores(tokens), dtype=np.float32))

    def document_frequency(self, term: str) -> int | None:
        """Passages holding every word of `term`, at most (the rarest word's count); None when the
        term has no word the tokenizer keeps. Read from the index, whatever its size."""
        tokens = tokenize(term)
        if not tokens:
            return None
        ids = [self.bm25.vocab_dict.get(t) for t in tokens]
        if any(i is None for i in ids):
            return 0
        indptr = self.bm25.scores["indptr"]
        return int(min(indptr[i + 1] - indptr[i] for i in ids))

    def save(self, path: Path) -> None:
        self.bm25.save(str(path), show_progress=False)

    @classmethod
    def load(cls, path: Path, size: int) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(path), show_progress=False), size)
