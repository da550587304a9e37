"""What a value is said of, read in its context (`retriever.reader.features`): the city a figure
belongs to is named before it, and a list question that counts its items is not answered by one
item; a sum over three things a question names side by side is read thing by thing
(`retriever.query.parts`). `data/scopes_report.txt` is written for these tests, not a real report."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.dense import Encoder
from retriever import Pipeline, parse_query
from retriever.query.units import expected_units
from retriever.reader.lists import count_asked
from tests.conftest import pipeline_with

REPORT = Path(__file__).parent / "data" / "scopes_report.txt"


@pytest.fixture(scope="module")
def scopes(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    return pipeline_with(tmp_path_factory.mktemp("scopes"), cache_dir, encoder, REPORT)


def test_a_figure_said_before_the_city_is_named_is_not_the_citys(scopes: Pipeline) -> None:
    result = scopes.ask("安徽芜湖市累计交办了多少件信访举报？")
    features = {p.answer.answer: p.features for p in result.proposals}
    # The province's total: its paragraph names 芜湖 only after it.
    assert features["1280件"]["contradicts"] == 1.0
    assert features["205件"]["contradicts"] == 0.0 and features["198件"]["contradicts"] == 0.0
    assert result.answer.answer != "1280件"


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("下设哪四个工作专班？", 4),
        ("要求年底前完成的3项整改任务是哪3项？", 3),
        ("督察报告指出的4个方面问题是哪些？", 4),
        ("Which five provinces were in the first batch?", 5),
        # A count of something else, an ordinal, a compound: not the number of things asked.
        ("那4条劣Ⅴ类支流用了哪些治理措施？", None),
        ("第21项问题验收后公示期是哪几天？", None),
        ("Which 14th Five-Year plans will the county compile?", None),
    ],
)
def test_the_count_of_the_things_asked_is_read_with_its_question_word(question: str, count: int | None) -> None:
    assert count_asked(parse_query(question)) == count


def test_a_list_asked_by_its_count_is_not_answered_by_one_item(scopes: Pipeline) -> None:
    result = scopes.ask("What are the four dedicated working groups under Anhui's rectification leading group office?")
    assert result.answer.answer == "综合协调、督办检查、宣传报道、信访处理"
    lone = [p for p in result.proposals if "、" not in p.answer.answer]
    assert lone and all(p.features["contradicts"] == 1.0 for p in lone)


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("前二十三批信访件中，属实、部分属实和基本属实的合计多少件？", ["属实", "部分属实", "基本属实"]),
        ("大气污染、水污染和噪声污染问题三项合计多少件？", ["大气污染", "水污染", "噪声污染问题"]),
        # Two things are a pair of one place's figures (retriever.reader.pairs), not parts.
        ("梁滩河流域雨污分流改造和嘉陵江岸线治理两项合计多少？", []),
        ("广西排查出的“半边山、一面墙”式矿山总共有多少座", []),  # 、 inside a quoted name
    ],
)
def test_three_things_named_side_by_side_are_parts(question: str, labels: list[str]) -> None:
    assert [p.label for p in parse_query(question).parts] == labels


def test_the_count_of_the_things_added_is_not_the_unit_asked() -> None:
    assert "项" not in expected_units(parse_query("整改资金中，A流域治理和B岸线治理两项合计多少？"))
    assert expected_units(parse_query("绥中县虚假整改案与抚顺市照搬整改方案案相比，问责人数多几人？"))[0] == "人"


def test_a_sum_over_three_named_things_adds_each_ones_figure(scopes: Pipeline) -> None:
    answer = scopes.ask("安徽交办件中，反映大气污染、水污染和噪声污染问题的合计多少件？").answer
    assert answer.answer == "1101件", answer
    assert sorted(p.answer for p in answer.parts) == ["201件", "388件", "512件"]
