"""A change between two points in time ("从2024年底到2025年10月底提高了多少个百分点", "how many
were added between 2 July and 6 July"): one part per point, their figures subtracted
(`retriever.query.points`, `retriever.reader.parts`; `data/points_report.txt` is written for these
tests, not a real report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.dense import Encoder
from retriever import Pipeline, parse_query
from retriever.query.points import said_at
from tests.conftest import pipeline_with

REPORT = Path(__file__).parent / "data" / "points_report.txt"


@pytest.fixture(scope="module")
def points(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    return pipeline_with(tmp_path_factory.mktemp("points"), cache_dir, encoder, REPORT)


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("水土流失治理完成率从2024年底到2025年10月底提高了多少个百分点？", ["2024年底", "2025年10月底"]),
        ("How many petitions were added between 2 July and 6 July 2025?", ["7月2日", "7月6日"]),
        ("How much did the collection rate rise from 2024 to 2025?", ["2024年", "2025年"]),
        # The stay's middle and end are points the reports count at: a span to or from one asks
        # what was added, whatever its verb.
        ("How many petitions were handed over between 6 July and the end of the stay?", ["7月6日", "进驻结束"]),
        ("从进驻中期到进驻结束又转办了多少件？", ["进驻中期", "进驻结束"]),
        ("How many complaints were received between 1 May and 30 May?", []),  # no verb of change, no stay
        # One year measured against another: two parts too (the change may also be stated; see below).
        ("2025年县城污水收集率比2024年提高了多少个百分点？", ["2025年", "2024年"]),
        ("2025年县城污水收集率比例是多少？", []),
        # One point, or a period: no parts.
        ("截至7月6日累计转办了多少件？", []),
        ("2025年7月2日至7月10日督察期间新增了多少件？", []),
    ],
)
def test_a_change_between_two_points_is_read_in_two_parts(question: str, labels: list[str]) -> None:
    assert [p.label for p in parse_query(question).parts] == labels


@pytest.mark.parametrize(
    ("question", "point"),
    [
        ("截至7月6日，累计转办了多少件信访件？", ["7月6日"]),
        ("As of 6 July 2025, how many petitions had been handed over?", ["2025年7月6日", "7月6日"]),
        ("As of December 2023, how many tasks were complete?", ["2023年12月"]),
        # A year alone dates too much to single out a figure; two dates are a span or a change.
        ("2025年累计转办了多少件？", []),
        ("2025年7月2日至7月10日督察期间转办了多少件？", ["2025年7月2日至7月10日"]),
    ],
)
def test_the_one_point_a_question_asks_a_figure_at(question: str, point: list[str]) -> None:
    query = parse_query(question)
    assert (query.point, query.parts) == (point, [])


def test_a_figure_is_read_at_the_date_the_question_names(points: Pipeline) -> None:
    found = points.ask("截至7月6日累计转办信访件多少件？").answer
    assert found.answer == "203件", found


@pytest.mark.parametrize(
    ("before", "point", "said"),
    [
        ("截至7月2日累计146件，截至7月6日累计", ["7月6日"], True),
        ("截至7月2日累计146件，截至7月6日累计", ["7月2日"], False),
        ("进驻中期累计移交已达2440件；进驻结束时累计移交", ["进驻结束"], True),
        ("截至6月9日为12件；进驻结束时交办共", ["6月9日"], False),  # the end of the stay came after
        # A date and the end of the stay with no figure between are one moment.
        ("截至7月10日进驻结束，累计转办", ["7月10日"], True),
        ("截至7月10日进驻结束，累计转办", ["进驻结束"], True),
    ],
)
def test_a_figure_is_said_at_the_last_point_before_it(before: str, point: list[str], said: bool) -> None:
    assert said_at(before, point) is said


def test_each_point_keeps_its_own_date_and_not_the_change() -> None:
    first, second = parse_query("水土流失治理完成率从2024年底到2025年10月底提高了多少个百分点？").parts
    assert "2024年底" in first.literals and "2025年10月底" not in first.literals
    assert not any("2025" in t for g in first.groups for t in g)
    assert "提高" not in first.folded and not any("提高" in t for g in second.groups for t in g)


@pytest.mark.parametrize(
    ("question", "answer", "parts"),
    [
        ("这个县的水土流失治理完成率从2024年底到2025年10月底提高了多少个百分点？", "16.9个百分点", ["77.2%", "94.1%"]),
        ("How many petitions were added between 2 July and 6 July 2025?", "57件", ["146件", "203件"]),
        ("How many were handed over between 6 July and the end of the inspection stay?", "48件", ["203件", "251件"]),
    ],
)
def test_the_change_is_the_difference_of_the_two_figures(
    points: Pipeline, question: str, answer: str, parts: list[str]
) -> None:
    found = points.ask(question).answer
    assert found.answer == answer, found
    assert sorted(p.answer for p in found.parts) == parts


def test_a_change_the_report_states_outright_is_kept_when_surer(points: Pipeline) -> None:
    """Two readings of a change between two years: the figure at each, subtracted, or the change
    stated ("较2024年提高6.1个百分点", where 2024's own rate is not given); the surer one answers."""
    stated = points.ask("2025年县城污水收集率比2024年提高了多少个百分点？").answer
    assert (stated.answer, stated.parts) == ("6.1个百分点", [])
    computed = points.ask("县城PM2.5年均浓度2025年比2024年下降了多少？").answer
    assert computed.answer == "3微克/立方米", computed
    assert sorted(p.answer for p in computed.parts) == ["28微克/立方米", "31微克/立方米"]
