"""The documented scoring rules: quote hits, found rank, nDCG, answer correctness, percentiles."""

from __future__ import annotations

import math

import pytest

from common.settings import ROOT
from eval.metrics import (
    COVER_SHARE,
    Passage,
    answer_correct,
    found_rank,
    hits_quote,
    ndcg,
    percentile,
    quote_ranks,
    quote_spans,
)

CORPUS = ROOT / "corpus"
HUNAN_DOC = "001_d25812755243d715.txt"
QINGHAI_DOC = "000_3ef7bb5cd6a812bb.txt"
HUNAN_TEXT = (CORPUS / HUNAN_DOC).read_text(encoding="utf-8")
QINGHAI_TEXT = (CORPUS / QINGHAI_DOC).read_text(encoding="utf-8")

# A 20-character quote from the Hunan report, so 60% and 50% are whole characters.
QUOTE_AT = HUNAN_TEXT.index("交办的3321件信访件已办结3177件")
QUOTE = HUNAN_TEXT[QUOTE_AT : QUOTE_AT + 20]
SPANS = quote_spans(QUOTE, HUNAN_TEXT)


def passage(doc: str, text: str, start: int, end: int) -> Passage:
    return Passage(doc=doc, start=start, end=end, text=text[start:end])


def test_quote_is_where_we_think() -> None:
    assert len(QUOTE) == 20 and "3177" in QUOTE
    assert SPANS == [(QUOTE_AT, QUOTE_AT + 20)]


def test_quote_spans_finds_every_occurrence() -> None:
    assert quote_spans("整改", "整改A整改B整改") == [(0, 2), (3, 5), (6, 8)]
    assert quote_spans("没有", "整改") == []


# --- hit rule ----------------------------------------------------------------------------------


def test_passage_containing_the_quote_hits() -> None:
    p = passage(HUNAN_DOC, HUNAN_TEXT, QUOTE_AT - 50, QUOTE_AT + 70)
    assert hits_quote(p, HUNAN_DOC, QUOTE, SPANS)


def test_another_documents_passage_never_hits() -> None:
    p = Passage(doc=QINGHAI_DOC, start=QUOTE_AT - 50, end=QUOTE_AT + 70, text=QUOTE)
    assert not hits_quote(p, HUNAN_DOC, QUOTE, SPANS)


def test_containment_is_checked_after_normalisation() -> None:
    # Offsets that do not overlap the quote at all: only the text rule can make these hits.
    far = (len(HUNAN_TEXT) - 10, len(HUNAN_TEXT))
    variants = [
        "……交办的３３２１件信访件已办结３，１７７件，阶段办结……",  # full width and a digit separator
        "交办的 3321 件信访件\n已办结 3,177 件,阶段",  # white space and a separator
        "交辦的3321件信訪件已辦結3177件,階段辦結",  # traditional script
    ]
    for text in variants:
        p = Passage(doc=HUNAN_DOC, start=far[0], end=far[1], text=text)
        assert hits_quote(p, HUNAN_DOC, QUOTE, SPANS), text
    other = Passage(doc=HUNAN_DOC, start=far[0], end=far[1], text="交办的3321件信访件已办结3178件,阶段")
    assert not hits_quote(other, HUNAN_DOC, QUOTE, SPANS)


def test_traditional_quote_hits_simplified_passage() -> None:
    quote = "森林覆蓋率由6.3%提高到7.5%"
    spans = quote_spans(quote, QINGHAI_TEXT)
    assert spans
    p = Passage(doc=QINGHAI_DOC, start=0, end=5, text="全省森林覆盖率由6.3%提高到7.5%,草原综合植被盖度")
    assert hits_quote(p, QINGHAI_DOC, quote, spans)


@pytest.mark.parametrize(
    ("covered", "hit"),
    [(20, True), (14, True), (12, True), (11, False), (10, False), (0, False)],
)
def test_offset_coverage_of_sixty_percent_counts(covered: int, hit: bool) -> None:
    assert COVER_SHARE == 0.6
    # A passage that starts inside the quote, covering its last `covered` characters: the
    # quote is not wholly in its text, so only the offsets can make it a hit.
    start = QUOTE_AT + 20 - covered
    p = passage(HUNAN_DOC, HUNAN_TEXT, start, start + 300)
    if covered < 20:
        assert QUOTE not in p.text
    assert hits_quote(p, HUNAN_DOC, QUOTE, SPANS) is hit


def test_offset_coverage_from_the_left_side_too() -> None:
    end_60 = QUOTE_AT + 12  # first 12 of 20 characters: 60%
    assert hits_quote(passage(HUNAN_DOC, HUNAN_TEXT, QUOTE_AT - 300, end_60), HUNAN_DOC, QUOTE, SPANS)
    end_50 = QUOTE_AT + 10  # first half only: 50%
    assert not hits_quote(passage(HUNAN_DOC, HUNAN_TEXT, QUOTE_AT - 300, end_50), HUNAN_DOC, QUOTE, SPANS)


# --- ranks -------------------------------------------------------------------------------------


def test_quote_ranks_are_the_first_hitting_passage() -> None:
    q2 = "森林覆蓋率由6.3%提高到7.5%"
    evidence = [(HUNAN_DOC, QUOTE, SPANS), (QINGHAI_DOC, q2, quote_spans(q2, QINGHAI_TEXT))]
    at = QINGHAI_TEXT.index(q2)
    passages = [
        passage(HUNAN_DOC, HUNAN_TEXT, 0, 200),
        passage(QINGHAI_DOC, QINGHAI_TEXT, at - 20, at + 40),
        passage(HUNAN_DOC, HUNAN_TEXT, QUOTE_AT, QUOTE_AT + 100),
        passage(HUNAN_DOC, HUNAN_TEXT, QUOTE_AT - 10, QUOTE_AT + 100),
    ]
    assert quote_ranks(passages, evidence) == [3, 2]
    assert quote_ranks(passages[:2], evidence) == [None, 2]


@pytest.mark.parametrize(
    ("ranks", "multi", "found"),
    [
        ([3, 2], False, 2),
        ([3, 2], True, 3),
        ([None, 2], False, 2),
        ([None, 2], True, None),
        ([None], False, None),
        ([1], True, 1),
        ([], False, None),
        ([], True, None),
    ],
)
def test_found_rank_needs_every_quote_for_multi_and_any_for_single(
    ranks: list[int | None], multi: bool, found: int | None
) -> None:
    assert found_rank(ranks, multi) == found


def test_ndcg() -> None:
    assert ndcg([1], multi=False) == 1.0
    assert ndcg([3], multi=False) == pytest.approx(1 / math.log2(4))
    assert ndcg([None], multi=False) == 0.0
    assert ndcg([11], multi=False, k=10) == 0.0
    assert ndcg([2, 1], multi=True) == 1.0
    assert ndcg([1, None], multi=True) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    assert ndcg([], multi=False) == 0.0
    # Two quotes in one passage are one relevant passage: the score stays within [0, 1].
    assert ndcg([1, 1], multi=True) == 1.0
    assert ndcg([2, 2], multi=True) == pytest.approx(1 / math.log2(3))
    assert ndcg([1, 3], multi=True) == pytest.approx((1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3)))


# --- answers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "gold", "correct"),
    [
        ("3177件", ["3177件"], True),
        ("3,177件", ["3177件"], True),
        ("３１７７件", ["3177件"], True),
        ("已办结 3,177 件", ["3177件"], True),
        ("3177", ["3177件", "3177"], True),
        ("3178件", ["3177件"], False),
        ("3177", ["3177件"], False),
        ("覆蓋率達到35%", ["覆盖率达到35%"], True),
        ("7.5%", ["7.5%"], True),
        ("", ["3177件"], False),
        ("3177件", [], False),
        ("3177件", ["", "  "], False),
    ],
)
def test_answer_correct(answer: str, gold: list[str], correct: bool) -> None:
    assert answer_correct(answer, gold) is correct


def test_a_whole_sentence_with_the_value_is_not_an_answer() -> None:
    sentence = HUNAN_TEXT[QUOTE_AT - 40 : QUOTE_AT + 60]
    assert "3177" in sentence
    assert not answer_correct(sentence, ["3177件", "3177"])


def test_answer_length_limit_is_three_times_the_longest_form_plus_ten() -> None:
    gold = ["3177件"]  # 5 characters: answers up to 25 characters count
    exactly = "湖南省交办信访件已办结" + "3177件" + "阶段办结一百二十件"
    assert len(exactly) == 25
    assert answer_correct(exactly, gold)
    assert not answer_correct(exactly + "。", gold)
    # White space does not count towards the length.
    assert answer_correct(" ".join(exactly), gold)


# --- percentile --------------------------------------------------------------------------------


def test_percentile_interpolates_linearly() -> None:
    assert percentile([], 0.5) == 0.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.0) == 1.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 1.0) == 4.0
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.95) == pytest.approx(95.05)
    assert percentile(values, 0.5) == pytest.approx(50.5)
