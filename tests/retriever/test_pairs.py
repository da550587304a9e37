"""Questions that combine two figures of one place: which questions are read so, how the pair's
answer is shown, and the real pipeline answering one over the seed reports."""

from __future__ import annotations

import pytest

from retriever import Pipeline, parse_query
from retriever.reader.located import Answer
from retriever.reader.pairs import asks_pair, combine
from retriever.reader.parts import shown_difference, shown_in_unit


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("澄迈县A区和B区两处合计补植红树林多少株？", "sum"),
        ("What were the combined fines in the two cases (Renzhi village and Wusheng village)?", "sum"),
        ("What total area of mangroves either died outright or degraded?", "sum"),
        ("How many more petitions did Jiangsu receive in the third round than in the second?", "difference"),
        ("泸州PM2.5实际年均浓度比目标值低多少？", "difference"),
        ("By how many points did the rivers' good-quality rate exceed that of the lakes?", "difference"),
        ("How many days longer was the pilot inspection than the second-round stationing?", "difference"),
        ("雷家垱泵站和草市泵站外排水中，哪个氨氮浓度更高？", "higher"),
        ("Which had the lower concentration: the Laobengzhan River or the Gunzi River?", "lower"),
    ],
)
def test_a_question_combining_two_figures_is_read_as_a_pair(question: str, asked: str) -> None:
    assert asks_pair(parse_query(question)) == asked


@pytest.mark.parametrize(
    "question",
    [
        "辽宁省在加强行政执法与刑事司法衔接方面,一共侦破了多少起环境污染刑事案件?",  # 与 inside a name
        "广西排查出的“半边山、一面墙”式矿山总共有多少座",  # 、 inside a quoted name
        "杭州建筑垃圾违法倾倒典型案例一共罚了多少钱？",  # a total the report states
        "Which Qinghai prefecture was the first to issue a regulation on protection and restoration?",
        "2022年湖南PM2.5浓度比2021年下降了多少？",  # a change the report states
        "Which closed more petitions, Shanxi or Henan?",  # two regions: answered in parts
        "Which three prefectures or cities had the most complaints?",  # the most of a series, not a pair
    ],
)
def test_other_questions_are_not_pairs(question: str) -> None:
    assert asks_pair(parse_query(question)) == ""


def _part(value: str, start: int) -> Answer:
    return Answer(value, False, doc="a.txt", start=start, end=start + len(value))


def test_a_sum_keeps_the_parts_ten_thousands_and_never_an_exponent() -> None:
    assert shown_in_unit(9_880_000.0, [_part("758万立方米", 0), _part("230万立方米", 20)]) == "988万立方米"
    assert shown_in_unit(1_234_567.0, [_part("1234560件", 0), _part("7件", 20)]) == "1234567件"
    assert shown_in_unit(3.7999999, [_part("1.2吨", 0), _part("2.6千克", 20)]) == "3.8"  # units differ: none
    # One unit at two scales is shown at the larger one.
    assert shown_in_unit(1_260_670_000.0, [_part("67万多吨", 0), _part("12.6亿吨", 20)]) == "12.6067亿吨"


def test_two_shares_differ_by_percentage_points() -> None:
    assert shown_difference(3.8, [_part("90.5%", 0), _part("86.7%", 20)]) == "3.8个百分点"


def test_a_pair_answers_in_the_texts_order_with_both_parts_cited() -> None:
    later, earlier = _part("21.8毫克/升", 50), _part("15.8毫克/升", 10)
    higher = combine("higher", later, earlier)
    assert higher.answer == "21.8毫克/升"
    assert [p.answer for p in higher.parts] == ["15.8毫克/升", "21.8毫克/升"]
    assert combine("difference", later, earlier).answer == "6毫克/升"


def test_the_pipeline_adds_two_figures_of_one_region(pipeline: Pipeline) -> None:
    answer = pipeline.ask("湖南已办结和阶段办结的信访件加起来有多少件？", 5).answer
    assert not answer.abstained
    assert answer.answer == "3298件"
    assert sorted(p.answer for p in answer.parts) == ["121件", "3177件"]
    assert 0.0 < answer.confidence <= 1.0
    difference = pipeline.ask("湖南已办结的信访件比阶段办结的多多少件？", 5).answer
    assert difference.answer == "3056件"
