"""Lists written as numbered headings: series detection on the real index, and the answer."""

from __future__ import annotations

from common.types import Chunk
from retriever import Pipeline
from retriever.search.headings import common_trimmed, heading_item, heading_series


def chunk(doc: str, start: int, section: list[str]) -> Chunk:
    return Chunk(id=f"{doc}:{start}", doc=doc, section=section, start=start, end=start + 10, text="x" * 10)


def test_a_series_is_a_run_of_siblings_numbered_in_order() -> None:
    chunks = [
        chunk("d", 0, ["一是加强领导。"]),
        chunk("d", 10, ["一是加强领导。"]),  # the same heading's second passage
        chunk("d", 20, ["二是压实责任"]),
        chunk("d", 30, ["三是强化考核"]),
        chunk("d", 40, ["一是健全制度"]),  # numbering starts again: a new series of one
        chunk("d", 50, ["(一)总体要求", "1.目标"]),
    ]
    series = heading_series(chunks)
    first = [c.id for c in series["d:10"]]
    assert first == ["d:0", "d:20", "d:30"]
    assert "d:40" not in series and "d:50" not in series


def test_items_lose_their_number_and_the_words_they_all_share() -> None:
    items = [heading_item(h) for h in ["一是健全生态环境保护基础制度。编制…", "二是健全监管机制", "三是健全治理体系"]]
    assert items == ["健全生态环境保护基础制度", "健全监管机制", "健全治理体系"]
    assert common_trimmed(items) == ["生态环境保护基础制度", "监管机制", "治理体系"]
    assert common_trimmed(["在推动责任落实上深化改革", "在提升督察效能上深化改革"]) == ["推动责任落实", "提升督察效能"]
    # A long shared stretch is content, not a frame.
    shared = ["健全生态环境保护制度", "健全生态环境监管机制"]
    assert common_trimmed(shared) == shared
    assert common_trimmed(["坚持党政同责,合力推进", "坚持问题导向,科学推进"]) == [
        "坚持党政同责,合力推进",
        "坚持问题导向,科学推进",
    ]


def test_a_list_question_about_numbered_headings_is_answered_and_cited_by_heading(pipeline: Pipeline) -> None:
    result = pipeline.ask("青海下一步要健全哪四个方面的制度机制", 5)
    answer = result.answer
    assert answer.answer == "生态环境保护基础制度、生态环境监管机制、生态环境治理体系、高水平保护推动高质量发展机制"
    texts = pipeline.document_texts()
    for part, hit in zip(answer.parts, result.hits, strict=False):
        assert texts[part.doc][part.start : part.end] == part.answer
        assert hit.chunk.start <= part.start < hit.chunk.end  # each heading's passage is cited, in order
