"""Hard-wrapped text is re-flowed: sentences whole again, paragraphs and headings kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.settings import ROOT
from ingest.reflow import reflow

CORPUS_FILES = sorted((ROOT / "corpus").iterdir())

PARAGRAPHS = [
    "一、总体情况",
    "　　截至2023年底，全省承担的62项整改任务已完成39项，其余23项正按序时进度推进，督察组交办的2388件信访件已全部办结，"
    "责令整改1906家，立案处罚412家，罚款共计3650.8万元。",
    "（一）强化组织领导",
    "　　省委、省政府先后召开常委会会议和常务会议12次，专题研究督察整改工作，"
    "成立由主要负责同志任组长的整改工作领导小组。",
]


# A page or two of text: enough lines for the wrap width to show.
PARAGRAPHS = PARAGRAPHS * 3


def _wrap(lines: list[str], width: int) -> str:
    return "\n".join(line[i : i + width] for line in lines for i in range(0, len(line), width))


@pytest.mark.parametrize("width", [30, 36, 42])
def test_wrapped_paragraphs_come_back_whole(width: int) -> None:
    text, joined = reflow(_wrap(PARAGRAPHS, width))
    assert joined > 0
    lines = text.split("\n")
    assert "一、总体情况" in lines and "（一）强化组织领导" in lines
    assert any("已完成39项" in line and "罚款共计3650.8万元" in line for line in lines)


def test_wrapped_text_loses_no_character_but_line_breaks() -> None:
    wrapped = _wrap(PARAGRAPHS, 36)
    text, joined = reflow(wrapped)
    assert text.replace("\n", "") == wrapped.replace("\n", "")
    assert wrapped.count("\n") - text.count("\n") == joined


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_paragraph_per_line_text_is_left_alone(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert reflow(text) == (text, 0)


def test_a_text_wrapped_at_two_widths_is_reflowed_at_both() -> None:
    """A PDF sets its title (or an annex) in another font: its lines wrap at another width."""
    title = "关于第二轮中央生态环境保护督察反馈意见整改落实情况的报告，全省共承担整改任务六十二项，已完成三十九项。"
    text = _wrap([title], 20) + "\n" + _wrap(PARAGRAPHS, 36)
    reflowed, _ = reflow(text)
    assert title in reflowed.split("\n")
    assert any("已完成39项" in line and "罚款共计3650.8万元" in line for line in reflowed.split("\n"))
