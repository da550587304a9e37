"""Search at scale, on the real index and on each engine (FAISS with bm25s, Milvus): scoring only each
half's top candidates (what a large index does) finds the passages scoring every passage finds; the
lexical index's word counts stand in for a scan of every passage."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from common.settings import Settings
from index.ann import RowSet
from index.dense import Encoder
from retriever import Pipeline
from retriever.query.parse import parse_query
from retriever.search.hybrid import Searcher

DEV = Path(__file__).resolve().parents[2] / "eval" / "dev.jsonl"


def _questions(n: int) -> list[str]:
    return [json.loads(line)["question"] for line in DEV.read_text(encoding="utf-8").splitlines()[:n]]


def _top(searcher: Searcher, question: str, weigh: Searcher) -> list[str]:
    query = parse_query(question)
    weigh.weigh_terms(query)
    return [hit.chunk.id for hit in searcher.search(query, 5)]


def test_top_k_candidates_find_the_passages_exact_search_finds(
    pipeline: Pipeline, encoder: Encoder, settings: Settings
) -> None:
    # On FAISS; Milvus's candidates are held to FAISS's own in tests/index/test_milvus.py.
    exact = pipeline.searcher
    assert len(exact.chunks) <= settings.exact_search_max  # the seed corpus is scored whole
    # The same index, searched as a large one is: a third of the passages from each half's top.
    depth = len(exact.chunks) // 3
    candidates = Searcher(
        exact.stored, encoder, settings.model_copy(update={"exact_search_max": 0, "candidate_depth": depth})
    )
    questions = _questions(60)
    same = [_top(candidates, q, exact) == _top(exact, q, exact) for q in questions]
    assert sum(same) / len(same) >= 0.95


def test_candidates_include_the_questions_region_beyond_either_halfs_top(
    engine_pipeline: Pipeline, encoder: Encoder, settings: Settings
) -> None:
    exact = engine_pipeline.searcher
    small = Searcher(exact.stored, encoder, settings.model_copy(update={"exact_search_max": 0, "candidate_depth": 3}))
    query = parse_query("青海森林覆盖率提高到了多少")
    exact.weigh_terms(query)
    rows = small.candidates(query, exact.stored.lexical.scores(query.bm25_tokens))
    qinghai = [i for i in rows if "青海" in exact.chunks[i].regions]
    assert len(rows) <= 4 * 3 and len(qinghai) >= 3
    # The region's rows are made once and kept for the next question naming it.
    keep = settings.tagged_rows_kept
    assert small.pools.tagged(("青海",), keep) is small.pools.tagged(("青海",), keep)
    both = small.pools.tagged(("青海", "湖南"), keep).rows
    assert list(both) == sorted({*small.pools.tagged(("青海",), keep).rows, *small.pools.tagged(("湖南",), keep).rows})


def test_word_counts_of_the_lexical_index(engine_pipeline: Pipeline) -> None:
    stored = engine_pipeline.searcher.stored
    assert stored.lexical.document_frequency("信访件") == sum("信访件" in c.text for c in stored.chunks)
    assert stored.lexical.document_frequency("不存在的词语乙丙") == 0
    assert stored.lexical.document_frequency("的") is None  # a stop word alone: no word to count
    scores = stored.lexical.scores(["信访件"])
    every = scores.at(np.arange(len(stored.chunks)))
    top = scores.top(3)
    assert len(top) == 3 and min(scores.at(top)) >= np.sort(every)[-3] and scores.best() == every.max()
    among = np.array([i for i, c in enumerate(stored.chunks) if "信访件" not in c.text][:5])
    # Rows holding none of the words are never taken.
    assert scores.top(3, RowSet(among, len(stored.chunks))).size == 0
