"""The bench's parts on the real index: the synthetic index keeps the real corpus as its first copy
and its reference searches every passage; the Chatchat-style baseline cuts exact windows."""

from __future__ import annotations

from itertools import pairwise

from common.settings import Settings
from eval.bench import synthetic
from eval.bench.baseline import CHUNK, OVERLAP, Baseline, _split
from index.dense import Encoder
from retriever import Pipeline
from retriever.query.parse import parse_query


def test_a_synthetic_index_grows_the_real_one_with_copies_under_other_names(
    pipeline: Pipeline, encoder: Encoder, settings: Settings
) -> None:
    stored = pipeline.searcher.stored
    size = 2 * len(stored.chunks) + 7
    grown = synthetic.grow(stored, encoder, settings.model_copy(update={"exact_search_max": 0}), size)
    chunks = grown.searcher.chunks
    assert len(chunks) == len(grown.searcher.stored.dense) == grown.searcher.stored.lexical.size == size
    assert [c.id for c in chunks[: len(stored.chunks)]] == [c.id for c in stored.chunks]
    assert len({c.id for c in chunks}) == size and all(c.doc in grown.searcher.stored.sources for c in chunks)
    assert grown.exact.settings.exact_search_max > size and grown.exact.stored.dense.exact
    query = parse_query("湖南信访件办结率")
    grown.searcher.weigh_terms(query)
    top = grown.searcher.search(query, 5)
    assert top[0].chunk.doc in stored.documents  # the original outranks its perturbed copies
    assert [h.chunk.id for h in top] == [h.chunk.id for h in grown.exact.search(query, 5)]


def test_the_baseline_cuts_overlapping_windows_with_exact_offsets(pipeline: Pipeline) -> None:
    sources = pipeline.document_texts()
    for doc, text in sources.items():
        passages = _split(doc, text)
        assert all(p.text == text[p.start : p.end] and len(p.text) <= CHUNK for p in passages)
        assert passages[0].start == 0 and passages[-1].end == len(text)
        assert all(b.start <= a.end and a.end - b.start <= OVERLAP for a, b in pairwise(passages))


def test_the_baseline_retrieves_five_passages(pipeline: Pipeline, encoder: Encoder, settings: Settings) -> None:
    # The opening of one report: its few new windows are embedded in seconds.
    doc, text = min(pipeline.document_texts().items(), key=lambda item: len(item[1]))
    text = text[:3200]
    baseline = Baseline({doc: text}, encoder, settings)
    passages, encoding_ms = baseline.search(text[:40])
    assert len(passages) == 5 and encoding_ms > 0
    assert passages[0].start == 0  # the question is the report's opening words
