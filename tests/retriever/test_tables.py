"""A table's cell as the answer (`retriever.reader.cells`), read from a short written task list
(`data/task_table.txt`, made up for these tests): 18 tasks with their lead and supporting units,
deadline and progress, long enough that the chunker cuts the table in two and the second passage
has no header row of its own. Run on the real model and a real index."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.types import Chunk
from index.dense import Encoder
from retriever import Pipeline
from retriever.reader.cells import table_rows
from retriever.search.tables import looks_like_header, table_heads
from tests.conftest import pipeline_with

REPORT = Path(__file__).parent / "data" / "task_table.txt"
HEADER = "序号\t整改任务\t牵头单位\t配合单位\t完成时限\t进展情况"


def _chunk(source: str, start: int, end: int) -> Chunk:
    return Chunk(id=f"t@{start}", doc="t", start=start, end=end, text=source[start:end])


def test_a_header_row_is_told_from_a_data_row() -> None:
    assert looks_like_header(HEADER)
    row = "3\t工业园区雨污分流整治\t县工业园区管委会\t县生态环境分局\t2024年12月底前\t完成排查企业46家"
    assert not looks_like_header(row)
    assert not looks_like_header("整改任务\t2023年目标\t2024年目标\t2025年目标")  # most cells hold a year


def test_a_passage_that_starts_inside_a_table_gets_the_header_above_it() -> None:
    rows = "1\t甲任务\t县水务局\t县林业局\t2024年6月底前\t已完成\n2\t乙任务\t县农业农村局\t各乡镇\t2025年底前\t推进中\n"
    source = "二、任务\n" + HEADER + "\n" + rows
    second = source.index("2\t乙任务")
    heads = table_heads([_chunk(source, 0, second), _chunk(source, second, len(source))], {"t": source})
    assert heads == {f"t@{second}": HEADER}  # the first passage holds its header: nothing to add
    rows = table_rows(source[second:], heads[f"t@{second}"])
    assert [r.header[2] for r in rows] == ["牵头单位"] and len(rows[0].cells) == 6


def test_a_passage_cut_inside_the_header_row_gets_the_whole_row() -> None:
    """A chunk's overlap may start it mid-line: its first line is then the header's tail."""
    source = "二、任务\n" + HEADER + "\n1\t甲任务\t县水务局\t县林业局\t2024年6月底前\t已完成\n"
    cut = source.index("牵头单位")
    heads = table_heads([_chunk(source, cut, len(source))], {"t": source})
    assert heads == {f"t@{cut}": HEADER}
    rows = table_rows(source[cut:], heads[f"t@{cut}"])
    assert len(rows) == 1 and rows[0].header[2] == "牵头单位"


def test_rows_of_another_width_are_not_read_against_the_header() -> None:
    body = HEADER + "\n1\t甲任务\t县水务局\t2024年6月底前\n2\t乙任务\t县农业农村局\t各乡镇\t2025年底前\t推进中"
    assert [body[r.cells[1][0] : r.cells[1][1]] for r in table_rows(body, "")] == ["乙任务"]


@pytest.fixture(scope="module")
def tasks(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    return pipeline_with(tmp_path_factory.mktemp("tables"), cache_dir, encoder, REPORT)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("安平县河道采砂专项整治由哪个单位牵头？", "县水务局"),
        ("安平县医疗废物规范化处置任务的配合单位是哪个？", "县生态环境分局"),
        ("安平县农村生活污水治理要求在什么时间前完成？", "2025年12月底前"),
        ("安平县露天矿山生态修复了多少亩？", "310亩"),
        ("安平县砂石料场扬尘治理复绿了多少亩？", "120亩"),
        ("By when must Anping county finish the treatment of livestock manure?", "2025年6月底前"),
        # Asked when it was done, not by when it must be: the date in the progress cell.
        ("安平县饮用水水源地的违建房屋是哪个月拆除的？", "2023年9月"),
        ("安平县饮用水水源地违建清理要求什么时候前完成？", "2023年10月底前"),
    ],
)
def test_the_reader_answers_with_the_cell_where_row_and_column_cross(
    tasks: Pipeline, question: str, expected: str
) -> None:
    """The best candidate is the one cell (or the figure or date in it), never the whole row, and
    it is cited from the table."""
    answer = tasks.ask(question).answer
    best = answer.guess if answer.abstained and answer.guess is not None else answer
    assert best.answer == expected, (question, answer)
    assert best.doc == REPORT.name and "\t" not in best.answer
