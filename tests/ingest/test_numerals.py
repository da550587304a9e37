"""One reader of figures: arabic, grouped, full-width and Chinese numerals, percentages, 万 and 亿."""

from __future__ import annotations

import pytest

from ingest.numerals import count_of, is_structure, to_number, with_arabic


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3321件", 3321),
        ("3,321件", 3321),
        ("３３２１件", 3321),
        ("三千三百二十一件", 3321),
        ("百分之九十八点六", 98.6),
        ("办结率为98.6%", 98.6),
        ("二〇二一年", 2021),
        ("1.2万亩", 12000),
        ("罚款8650万元", 86_500_000),
        ("3.5亿元", 350_000_000),
        ("两千家", 2000),
        ("没有数字", None),
    ],
)
def test_every_form_reads_as_the_same_number(text: str, value: float | None) -> None:
    assert to_number(text) == value


def test_chinese_figures_are_shown_with_their_digits() -> None:
    assert with_arabic("百分之九十八点六") == "百分之九十八点六（98.6%）"
    assert with_arabic("三千三百二十一件") == "三千三百二十一件（3321件）"
    assert with_arabic("3321件") == "3321件"


def test_small_chinese_counts_are_structure_and_quantities_are_not() -> None:
    assert is_structure("四个方面")
    assert not is_structure("三千三百二十一件")
    assert not is_structure("百分之七")
    assert not is_structure("4个方面")


@pytest.mark.parametrize(
    ("token", "count"), [("8", 8), ("八", 8), ("两", 2), ("十二", 12), ("二十", 20), ("万", None), ("八省", None)]
)
def test_a_whole_token_reads_as_a_count(token: str, count: int | None) -> None:
    assert count_of(token) == count


@pytest.mark.parametrize(
    ("text", "value"),
    [("900多米", 900), ("2000多万元", 20_000_000), ("3000余万元", 30_000_000), ("67万多吨", 670_000)],
)
def test_a_round_figure_reads_as_its_number_at_its_scale(text: str, value: float) -> None:
    assert to_number(text) == value
