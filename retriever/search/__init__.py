"""Search: hybrid dense + BM25 scores, region-aware and answer-aware (`hybrid`), the hits it hands
on (`hits`), and the numbered-heading series of the index (`headings`)."""

from retriever.search.hits import Coverage, Hit
from retriever.search.hybrid import Searcher

__all__ = ["Coverage", "Hit", "Searcher"]
