"""What contradicts the question outright (`retriever.reader.contradictions`): a plan's target where
the question asks what was actually achieved, and an inspection of the other level (central or a
province's own). `data/levels_report.txt` is written for these tests, not a real report."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.dense import Encoder
from retriever import Pipeline
from tests.conftest import pipeline_with

REPORT = Path(__file__).parent / "data" / "levels_report.txt"


@pytest.fixture(scope="module")
def levels(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    return pipeline_with(tmp_path_factory.mktemp("levels"), cache_dir, encoder, REPORT)


def _contradicts(result: object, value: str) -> float:
    return next(p.features["contradicts"] for p in result.proposals if p.answer.answer == value)  # type: ignore[attr-defined]


def test_the_achieved_value_answers_what_was_actually_reached(levels: Pipeline) -> None:
    result = levels.ask("湖北2022年PM2.5年均浓度实际是多少？")
    assert result.answer.answer == "33.2微克/立方米"
    assert _contradicts(result, "35微克/立方米") == 1.0


def test_a_target_alone_does_not_answer_what_was_actually_reached(levels: Pipeline) -> None:
    result = levels.ask("What sewage collection rate had Hubei's county towns actually reached?")
    assert result.answer.abstained
    assert _contradicts(result, "70%") == 1.0


def test_the_target_still_answers_a_question_about_the_target(levels: Pipeline) -> None:
    result = levels.ask("湖北县级城市生活污水集中收集率的整改目标是多少？")
    assert result.answer.answer == "70%"
    assert _contradicts(result, "70%") == 0.0


@pytest.mark.parametrize(
    ("question", "answer", "other"),
    [
        ("中央督察组哪天向湖北反馈督察报告？", "2021年4月20日", "2022年6月8日"),
        ("省级督察组哪天向宜昌市反馈督察报告？", "2022年6月8日", "2021年4月20日"),
    ],
)
def test_a_date_of_the_other_levels_inspection_contradicts(
    levels: Pipeline, question: str, answer: str, other: str
) -> None:
    result = levels.ask(question)
    assert result.answer.answer == answer
    assert _contradicts(result, other) == 1.0


def test_a_count_of_aspects_does_not_answer_a_count_of_tasks(levels: Pipeline) -> None:
    result = levels.ask("Into how many rectification tasks did Hubei break down the inspection feedback?")
    assert result.answer.answer == "42项"
    assert _contradicts(result, "5个") == 1.0
    assert _contradicts(levels.ask("湖北把反馈意见梳理为几个方面？"), "5个") == 0.0


def test_a_run_of_cities_does_not_answer_which_provinces(levels: Pipeline) -> None:
    result = levels.ask("跟湖北同一批接受中央督察的还有哪些省份？")
    assert result.answer.answer == "山西、辽宁、安徽"
    assert _contradicts(result, "宜昌、荆州、襄阳、十堰") == 1.0
