"""ingest_source on the real corpus: exact offsets, sizes, no page chrome, heading paths, title and date."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import pytest

from common.settings import ROOT, Settings
from common.types import Chunk, DocumentInfo, SourceText
from ingest import ingest_source
from ingest.read import read_document

CORPUS = ROOT / "corpus"
FILES = sorted(CORPUS.glob("*.txt"))
DEFAULTS = Settings()

# Lines of the forum page around report 004 (and the "查看原文" link atop 001).
CHROME_LINE = re.compile(r"^\s*(?:找回密码|免费注册|查看原文|使用道具.*|回复|.*发表于.*)\s*$", re.MULTILINE)

Ingested = tuple[SourceText, DocumentInfo, list[Chunk]]


@lru_cache(maxsize=32)
def ingest_file(path: Path, max_chars: int, overlap: int, min_chars: int) -> Ingested:
    """Chunk one report (cached: region tagging makes a corpus pass take seconds)."""
    source = read_document(path)
    info, chunks = ingest_source(source, max_chars, overlap, min_chars)
    return source, info, chunks


@pytest.fixture(scope="module")
def corpus() -> dict[str, Ingested]:
    """Every corpus report, chunked with the shipped settings, keyed by its 3-digit prefix."""
    return {
        p.name[:3]: ingest_file(p, DEFAULTS.chunk_chars, DEFAULTS.chunk_overlap, DEFAULTS.min_chunk_chars)
        for p in FILES
    }


def test_every_corpus_report_is_chunked(corpus: dict[str, Ingested]) -> None:
    assert sorted(corpus) == sorted(p.name[:3] for p in FILES)
    assert all(chunks for _, _, chunks in corpus.values())


# --- offsets, order, size ------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_every_chunk_is_the_exact_slice_of_its_source(path: Path) -> None:
    source, info, chunks = ingest_file(path, DEFAULTS.chunk_chars, DEFAULTS.chunk_overlap, DEFAULTS.min_chunk_chars)
    assert chunks, f"{path.name} gave no chunks"
    assert info.chunks == len(chunks)
    assert info.chars == len(source.text)
    for c in chunks:
        assert c.doc == path.name
        assert 0 <= c.start < c.end <= len(source.text)
        assert c.text == source.text[c.start : c.end]
        assert c.text.strip(), f"blank chunk at {c.start}"
        assert c.text == c.text.strip(), f"chunk at {c.start} has untrimmed white space"
        assert c.id == f"{path.name}@{c.start}-{c.end}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_chunks_are_in_document_order_and_cover_new_text(path: Path) -> None:
    _, _, chunks = ingest_file(path, DEFAULTS.chunk_chars, DEFAULTS.chunk_overlap, DEFAULTS.min_chunk_chars)
    for prev, cur in pairwise(chunks):
        assert cur.start > prev.start, (prev.id, cur.id)
        assert cur.end > prev.end, (prev.id, cur.id)
        # Overlap repeats at most the tail of the previous chunk, never most of it.
        assert prev.end - cur.start <= DEFAULTS.chunk_overlap, (prev.id, cur.id)
    assert len({c.id for c in chunks}) == len(chunks)


# ingest/chunk.py: greedy packing keeps a chunk within `max_chars`, an overlap tail
# repeated at the next chunk's start adds at most `overlap`, and a tiny last chunk of a
# section joins the previous one only when the two fit in `max_chars + min_chars`.
# With overlap <= min_chars (the shipped settings), every chunk fits max_chars + min_chars.
SIZES = [
    (DEFAULTS.chunk_chars, DEFAULTS.chunk_overlap, DEFAULTS.min_chunk_chars),
    (300, 40, 60),
]


@pytest.mark.parametrize(("max_chars", "overlap", "min_chars"), SIZES)
def test_chunks_stay_within_the_size_limit_plus_merged_tail(max_chars: int, overlap: int, min_chars: int) -> None:
    over_limit = 0
    total = 0
    for path in FILES:
        source, _, chunks = ingest_file(path, max_chars, overlap, min_chars)
        for c in chunks:
            assert c.text == source.text[c.start : c.end]
            assert len(c.text) <= max_chars + min_chars, (c.id, len(c.text))
            over_limit += len(c.text) > max_chars
            total += 1
    # The slack is for the odd merged tail: almost every chunk is within max_chars.
    assert over_limit <= total * 0.05, (over_limit, total)


def test_overlap_tail_does_not_push_a_chunk_past_the_limit() -> None:
    max_chars, overlap, min_chars = 200, 80, 50
    sizes = [len(c.text) for p in FILES for c in ingest_file(p, max_chars, overlap, min_chars)[2]]
    assert max(sizes) <= max_chars + min_chars


# --- page chrome ---------------------------------------------------------------------------


def test_the_corpus_does_contain_chrome_lines() -> None:
    """The chrome test below means something: these lines are in the raw files."""
    raw = {p.name[:3]: p.read_text(encoding="utf-8") for p in FILES}
    assert CHROME_LINE.search(raw["004"])
    assert re.search(r"^查看原文$", raw["001"], re.MULTILINE)
    for word in ("找回密码", "免费注册", "使用道具", "发表于"):
        assert word in raw["004"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_no_chunk_contains_page_chrome(path: Path) -> None:
    _, _, chunks = ingest_file(path, DEFAULTS.chunk_chars, DEFAULTS.chunk_overlap, DEFAULTS.min_chunk_chars)
    for c in chunks:
        found = CHROME_LINE.search(c.text)
        assert found is None, f"{c.id} contains chrome line {found.group(0)!r}"
        for word in ("找回密码", "免费注册", "查看原文", "使用道具", "发表于", "本版积分规则", "返回顶部"):
            assert word not in c.text, (c.id, word)


def test_forum_report_body_starts_after_the_menu(corpus: dict[str, Ingested]) -> None:
    source, _, chunks = corpus["004"]
    first_body = source.text.index("经党中央、国务院批准")
    menu_end = source.text.index("发表于") + len("发表于")
    # Before the forum post header only the thread title is body; everything else there is menu.
    before = [c for c in chunks if c.start < menu_end]
    assert [c.text for c in before] == ["全区贯彻落实中央环境保护督察反馈意见整改工作情况汇报材料"]
    assert all(c.end <= menu_end or c.start > menu_end for c in chunks)
    assert any(c.start <= first_body < c.end for c in chunks)
    # The forum footer after the last reply is not indexed either.
    footer = source.text.index("您需要登录后才可以回帖")
    assert all(c.end <= footer for c in chunks)


# --- heading paths -------------------------------------------------------------------------


def test_compilation_chunks_about_hunan_sit_under_the_hunan_report(corpus: dict[str, Ingested]) -> None:
    source, _, chunks = corpus["001"]
    hunan_head = source.text.index("06湖南省")
    guangxi_head = source.text.index("07广西")
    inside = [c for c in chunks if hunan_head <= c.start and c.end <= guangxi_head]
    assert len(inside) >= 5
    for c in inside:
        assert c.section, c.id
        assert c.section[0].startswith("06湖南省"), (c.id, c.section)
    # A sub-section of the Hunan report has the report, then its own heading, in its path.
    assert any(len(c.section) >= 2 and c.section[1].startswith("一、") for c in inside)


def test_compilation_has_one_top_level_section_per_province_report(corpus: dict[str, Ingested]) -> None:
    _, _, chunks = corpus["001"]
    tops = list(dict.fromkeys(c.section[0] for c in chunks if c.section))
    assert [t[:2] for t in tops] == ["01", "02", "03", "04", "05", "06", "07", "08"]
    assert tops[0].startswith("01山西省")
    assert tops[-1].startswith("08云南省")


def test_qingtian_chunk_path_has_main_measures_and_a_bracketed_subheading(corpus: dict[str, Ingested]) -> None:
    _, _, chunks = corpus["003"]
    under = [c for c in chunks if any("四、主要措施" in s for s in c.section)]
    assert under, [c.section for c in chunks]
    deep = [c for c in under if len(c.section) >= 2 and re.match(r"^[（(][一二三四五六七八九十]+[)）]", c.section[1])]
    assert deep, [c.section for c in under]
    assert deep[0].section[0] == "四、主要措施"


def test_inline_headings_in_one_long_line_are_detected(corpus: dict[str, Ingested]) -> None:
    source, _, chunks = corpus["003"]
    lines = source.text.split("\n")
    assert len([ln for ln in lines if len(ln) > 1000]) == 2
    first_line_end = len(lines[0])
    tops_in_first_line = {c.section[0] for c in chunks if c.section and c.end <= first_line_end}
    assert {"一、指导思想", "二、基本原则", "三、工作目标"} <= tops_in_first_line
    all_tops = list(dict.fromkeys(c.section[0] for c in chunks if c.section))
    assert all_tops == ["一、指导思想", "二、基本原则", "三、工作目标", "四、主要措施", "五、保障措施"]
    # A heading is cut off at the space after it, not swallowed with the paragraph.
    assert all(len(t) <= 60 for c in chunks for t in c.section)


def test_traditional_report_paths_have_part_then_point(corpus: dict[str, Ingested]) -> None:
    _, _, chunks = corpus["000"]
    for c in chunks:
        assert len(c.section) == 2, (c.id, c.section)
        assert re.match(r"^[一二三四五六七八九十]+、", c.section[0]), c.section
        assert re.match(r"^[一二三四五六七八九十]+是", c.section[1]), c.section
    first = chunks[0]
    assert first.section[0].startswith("一、提高政治站位")
    assert first.section[1].startswith("一是")
    assert first.section_path == " > ".join(first.section)


# --- title and date ------------------------------------------------------------------------


def test_titles_and_dates(corpus: dict[str, Ingested]) -> None:
    assert corpus["002"][1].date == "2024-12-26"
    assert corpus["000"][1].date == "2021-11-20"
    assert corpus["004"][1].date == "2019-06-26"
    assert "汇报材料" in corpus["004"][1].title
    assert "青海" in corpus["000"][1].title
    assert corpus["001"][1].title.startswith("山西、辽宁等8省")


def test_every_chunk_carries_its_documents_title_and_date(corpus: dict[str, Ingested]) -> None:
    for source, info, chunks in corpus.values():
        assert info.title
        assert info.fmt == source.fmt == "txt"
        assert len(info.sha256) == 64
        for c in chunks:
            assert (c.title, c.date) == (info.title, info.date)
