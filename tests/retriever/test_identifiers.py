"""A string that identifies, read whole: a document's number ("宁党办发〔2024〕27号") is asked like a
telephone line or a mailbox (`data/rounds_report.txt` is written for the tests, not a real report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.dense import Encoder
from retriever import Pipeline, parse_query
from retriever.query.intent import intent_of
from retriever.reader.values import DOC_NUMBER, contact_pattern, folded
from tests.conftest import pipeline_with

REPORT = Path(__file__).parent / "data" / "rounds_report.txt"


@pytest.mark.parametrize(
    "question",
    ["整改方案的文号是什么？", "長白山第二輪整改方案的文號是什麼？", "What is the document number of the plan?"],
)
def test_a_document_number_is_asked_as_an_identifier(question: str) -> None:
    assert intent_of(parse_query(question)) == "contact"


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("专用信箱是哪一个？", ["1606号信箱", "A145号邮政专用信箱"]),
        ("What was the team's mailbox?", ["1606号信箱", "A145号邮政专用信箱"]),
        ("值班电话是多少？", ["010-84902313"]),
        ("举报邮箱是什么？", ["1606号信箱", "A145号邮政专用信箱", "jb@example.cn"]),
        ("电子信箱是什么？", ["1606号信箱", "A145号邮政专用信箱", "jb@example.cn"]),
        ("督察组的联系方式？", ["010-84902313", "1606号信箱", "A145号邮政专用信箱", "jb@example.cn"]),
    ],
)
def test_a_question_naming_one_kind_of_contact_asks_that_kind(question: str, found: list[str]) -> None:
    text = "值班电话010-84902313，专用信箱为北京市邮政1606号信箱，另设A145号邮政专用信箱，邮箱jb@example.cn"
    asked = contact_pattern(parse_query(question).folded)
    assert [m.group() for m in asked.finditer(folded(text))] == [folded(f) for f in found]  # as read: folded


def test_a_document_number_is_matched_whole_in_any_bracket() -> None:
    text = "印发方案（湘发〔2018〕3号）和细则(长白山党办发[2022]10号)，以及2022年10号文件"
    assert [m.group() for m in DOC_NUMBER.finditer(text)] == ["湘发〔2018〕3号", "长白山党办发[2022]10号"]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    return pipeline_with(tmp_path_factory.mktemp("ids"), cache_dir, encoder, REPORT)


@pytest.mark.parametrize(
    "question",
    [
        "宁夏第三轮督察整改方案的文号是什么？",
        "What is the document number of Ningxia's third-round rectification plan?",
    ],
)
def test_the_plans_number_is_answered_and_cited(report: Pipeline, question: str) -> None:
    answer = report.ask(question).answer
    assert answer.answer == "宁党办发〔2024〕27号" and answer.doc == REPORT.name
