"""Milvus as the search engine: one collection per index generation, holding each passage's vector
(HNSW, inner product) and its BM25 words (a sparse field that Milvus's BM25 function fills).

The words are the ones the FAISS engine indexes: our own tokenizer's (jieba over folded text,
the glossary's terms, stop words dropped), so a traditional-script question meets simplified text
the same way on both engines. Milvus's analyzers differ between milvus-lite and a server, so each
word goes in as the hex of its UTF-8 bytes: a run of [0-9a-f] that every Milvus tokenizer keeps
whole. Milvus scores BM25 as bm25s does (same IDF, k1 and b) times (k1 + 1); that factor is
divided out, so a passage's lexical score is the same number on either engine.

A generation's collection is named in `milvus.json` in its directory: building a generation
writes that record first, so a build killed half-way leaves a collection the sweep can drop.
"""

from index.milvus.client import disconnect, encode_words
from index.milvus.collection import MilvusEngine

__all__ = ["MilvusEngine", "disconnect", "encode_words"]
