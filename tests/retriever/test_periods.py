"""Questions that set two rounds, batches or years side by side: each is read as a part of its own,
checked against its own round, and a total the report states for both is taken as stated
(`retriever.query.rounds`, `retriever.reader.parts`; `data/rounds_report.txt` is written for these
tests, not a real report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.dense import Encoder
from retriever import Pipeline, parse_query
from retriever.query.intent import intent_of
from retriever.query.rounds import compared_periods
from retriever.query.units import expected_units
from retriever.reader.features import period_agreement
from tests.conftest import pipeline_with

REPORT = Path(__file__).parent / "data" / "rounds_report.txt"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    return pipeline_with(tmp_path_factory.mktemp("rounds"), cache_dir, encoder, REPORT)


@pytest.mark.parametrize(
    ("question", "periods"),
    [
        (
            "How many more petitions did it receive in the third-round inspection than in the second round?",
            [("轮", 3), ("轮", 2)],
        ),
        ("首轮和第二轮中央环保督察一共罚款多少", [("轮", 1), ("轮", 2)]),
        ("第八、九批合计转办多少件", [("批", 8), ("批", 9)]),
        ("How many petitions came in the 8th and 9th batches combined?", [("批", 8), ("批", 9)]),
        ("How many tasks are unfinished in the first-round and look-back plans combined?", [("轮", 1), ("回头看", 0)]),
        # One period each: a batch of a round, the campaign within a round, the look-back of a round.
        ("第二轮第一批督察中，甲省问责人数比乙省多多少", []),
        ("第三轮督察进驻期间，各地边督边改一共罚款多少", []),
        ("首轮督察回头看期间一共罚款多少", []),
    ],
)
def test_the_periods_a_question_sets_side_by_side(question: str, periods: list[tuple[str, int]]) -> None:
    assert compared_periods(question.lower()) == periods


def test_each_part_keeps_only_its_own_round() -> None:
    query = parse_query("第三轮比第二轮多转办多少件信访举报？")
    assert [p.label for p in query.parts] == ["第3轮", "第2轮"]
    assert "第二轮" not in query.parts[0].folded and "第三轮" in query.parts[0].folded
    assert not any("第三轮" in t for p in query.parts[1:] for g in p.groups for t in g)


def test_an_english_batch_part_drops_the_other_batchs_ordinal() -> None:
    """ "the 22nd batch than the 6th batch" is looked up word by word: 第二十二 arrives without 批."""
    query = parse_query("In the third round, how many more cases were in the 22nd batch than in the 6th batch?")
    assert [p.label for p in query.parts] == ["第22批", "第6批"]
    assert "第六" not in query.parts[0].terms and "第二十二" not in query.parts[1].terms


@pytest.mark.parametrize(
    ("sentence", "agreement"),
    [
        ({("批", 22)}, -1.0),  # the value's own sentence is of another batch, whatever its paragraph lists
        ({("批", 6)}, 1.0),
        (set(), 1.0),  # a silent sentence: its paragraph names the asked batch
    ],
)
def test_a_batch_is_read_in_the_nearest_scope_that_names_one(sentence: set[tuple[str, int]], agreement: float) -> None:
    asked = {("轮", 3), ("批", 6)}
    paragraph = {("轮", 3), ("批", 6), ("批", 22)}
    assert period_agreement(asked, [sentence, paragraph, set(), set()]) == agreement
    # the round agrees, the batch does not
    assert period_agreement(asked, [set(), {("轮", 3), ("批", 22)}, set(), set()]) == -1.0
    # A round is read from the paragraph on: a sentence may name another round as its subject.
    assert period_agreement({("轮", 2)}, [{("轮", 1)}, {("轮", 1), ("轮", 2)}, set(), set()]) == 1.0


@pytest.mark.parametrize(
    ("paragraph", "section", "title", "agreement"),
    [
        ({("轮", 1)}, set(), {("轮", 2)}, -1.0),  # a look-back at the first round in a second-round report
        (set(), {("轮", 1)}, {("轮", 2)}, -1.0),  # under a heading about the first round
        (set(), set(), {("轮", 2)}, 1.0),  # a silent paragraph takes its report's round
        (set(), set(), set(), 0.0),
    ],
)
def test_a_round_is_read_in_the_nearest_scope_that_names_one(
    paragraph: set[tuple[str, int]], section: set[tuple[str, int]], title: set[tuple[str, int]], agreement: float
) -> None:
    assert period_agreement({("轮", 2)}, [set(), paragraph, section, title]) == agreement


def test_a_first_round_is_not_a_first_date_and_how_long_asks_a_period() -> None:
    question = "Which detained more people: Zhejiang's first-round inspection or Fujian's second-round one?"
    assert intent_of(parse_query(question)) == "compare"
    asked = parse_query("整改后在线监测要连续稳定达标多长时间？")
    assert intent_of(asked) == "number" and "个月" in expected_units(asked)
    assert "个月" not in expected_units(parse_query("How long is the river section that was dredged?"))


@pytest.mark.parametrize(
    "question",
    [
        "宁夏第三轮督察比第二轮督察多转办了多少件群众信访举报？",
        "How many more public complaints were forwarded to Ningxia in the third round than in the second round?",
    ],
)
def test_a_difference_of_two_rounds_reads_each_rounds_figure(rounds: Pipeline, question: str) -> None:
    answer = rounds.ask(question).answer
    assert answer.answer == "67件", answer
    assert sorted(p.answer for p in answer.parts) == ["2,604件", "2,671件"]


@pytest.mark.parametrize(
    "question",
    [
        "宁夏第三轮督察第十九批比第七批多转办多少件？",
        "In Ningxia's third round, how many more complaints came in the 19th batch than in the 7th batch?",
    ],
)
def test_each_batch_reads_the_figure_said_of_it(rounds: Pipeline, question: str) -> None:
    """One paragraph lists the batches one after another; each part takes the figure right after its
    own batch, not the batch's key cases in brackets nor a running total."""
    answer = rounds.ask(question).answer
    assert sorted(p.answer for p in answer.parts) == ["133件", "84件"], answer
    assert answer.answer == "49件"


def test_a_total_the_report_states_for_both_years_is_taken_as_stated(rounds: Pipeline) -> None:
    answer = rounds.ask("宁夏2022年和2023年，省级一共安排了多少流域横向生态补偿资金？").answer
    assert answer.answer == "4.6亿元" and not answer.abstained
