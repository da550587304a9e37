"""A Chatchat-style baseline built in the same run, for the ratio `duchaqa bench` prints.

What a Langchain-Chatchat knowledge base does by default with these reports: 750-character
chunks with 150 of overlap, cut at paragraph and sentence ends; jieba BM25 and FAISS over the
same e5 model; the two lists fused by reciprocal rank (k = 60); the top five passages returned.
No regions, no reader, no answer: only retrieval, which is all it does without an LLM.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import bm25s
import jieba
import numpy as np

from common.settings import Settings
from index.ann import DenseIndex
from index.dense import EmbeddingCache, Encoder

CHUNK = 750
OVERLAP = 150
RRF_K = 60
_CUT = re.compile(r"(?<=\n\n)|(?<=[。！？；])")


@dataclass(frozen=True)
class BaselinePassage:
    doc: str
    start: int
    end: int
    text: str


class Baseline:
    """Chunks, a BM25 index and a flat FAISS index over one corpus."""

    def __init__(self, sources: dict[str, str], encoder: Encoder, settings: Settings) -> None:
        self.encoder = encoder
        self.passages = [p for doc, text in sorted(sources.items()) for p in _split(doc, text)]
        cache = EmbeddingCache(settings.cache_dir, settings.model_name)
        vectors, _ = cache.embed(encoder, [p.text for p in self.passages], settings.embed_batch_size)
        cache.save()
        self.dense = DenseIndex.build(vectors)
        self.bm25 = bm25s.BM25()
        self.bm25.index([_words(p.text) or ["∅"] for p in self.passages], show_progress=False)

    def search(self, question: str, k: int = 5) -> tuple[list[BaselinePassage], float]:
        """The top k passages, and the milliseconds the question's encoding took."""
        t = time.perf_counter()
        vector = self.encoder.queries([question])[0]
        encoding = (time.perf_counter() - t) * 1e3
        depth = min(len(self.passages), 50)
        dense_rows, _ = self.dense.top(vector, depth)
        words = [w for w in _words(question) if w in self.bm25.vocab_dict]
        lexical = np.asarray(self.bm25.get_scores(words)) if words else np.zeros(len(self.passages))
        lexical_rows = np.argsort(-lexical, kind="stable")[:depth]
        fused: dict[int, float] = {}
        for ranking in (dense_rows, lexical_rows):
            for rank, row in enumerate(ranking):
                fused[int(row)] = fused.get(int(row), 0.0) + 1.0 / (RRF_K + rank + 1)
        best = sorted(fused, key=lambda row: -fused[row])[:k]
        return [self.passages[row] for row in best], encoding


def _words(text: str) -> list[str]:
    return [w for w in jieba.lcut(text) if w.strip() and re.search(r"\w", w)]


def _split(doc: str, text: str) -> list[BaselinePassage]:
    """Windows of at most CHUNK characters ending at a paragraph or sentence end where one falls in
    the window's last half, each starting OVERLAP characters before the previous one's end."""
    ends = [m.start() for m in _CUT.finditer(text)]
    passages, start = [], 0
    while start < len(text):
        limit = min(len(text), start + CHUNK)
        cut = max((e for e in ends if start + CHUNK // 2 < e <= limit), default=limit)
        if limit == len(text):
            cut = limit
        if text[start:cut].strip():
            passages.append(BaselinePassage(doc, start, cut, text[start:cut]))
        if cut >= len(text):
            break
        start = max(cut - OVERLAP, start + 1)
    return passages
