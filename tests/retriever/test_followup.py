"""A follow-up in a conversation is read against the question before it."""

from __future__ import annotations

import pytest

from retriever.query.followup import resolve_followup

HUNAN_EN = "How many petitions did Hunan close?"
HUNAN_ZH = "湖南信访件办结率是多少？"


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        ([HUNAN_EN, "and Jiangxi?"], "How many petitions did Jiangxi close?"),
        ([HUNAN_EN, "What about Jiangxi?"], "How many petitions did Jiangxi close?"),
        ([HUNAN_ZH, "江西呢？"], "江西信访件办结率是多少？"),
        ([HUNAN_ZH, "那江西呢"], "江西信访件办结率是多少？"),
        (["湖南和广西各问责多少人？", "江西和青海呢？"], "江西和青海各问责多少人？"),
        (["2018年湖南问责多少人？", "2019年呢"], "2019年湖南问责多少人？"),
        # A chain: each follow-up is read against the question the one before it resolved to.
        ([HUNAN_EN, "and Jiangxi?", "and in 2019?"], "How many petitions did Jiangxi close? (2019)"),
    ],
)
def test_a_follow_up_naming_only_a_place_or_year_re_aims_the_previous_question(turns: list[str], expected: str) -> None:
    assert resolve_followup(turns) == expected


def test_a_new_topic_leaning_on_the_previous_keeps_its_place() -> None:
    assert resolve_followup(["湖南问责多少人？", "那罚款呢？"]) == "那罚款呢？ (湖南)"
    assert resolve_followup([HUNAN_EN, "what about the fines?"]) == "what about the fines? (Hunan)"


@pytest.mark.parametrize(
    "question",
    ["青海森林覆盖率提高到了多少", "How many people did Jiangxi hold accountable?", "罚款多少？"],
)
def test_a_question_that_stands_on_its_own_is_asked_as_it_is(question: str) -> None:
    assert resolve_followup([HUNAN_EN, question]) == question


def test_a_first_question_is_itself() -> None:
    assert resolve_followup(["江西呢？"]) == "江西呢？"
