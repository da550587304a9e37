"""Values the genre states in shapes of their own, read from a short written report
(`data/series_report.txt`, made up for these tests): the item of a series with the most, a
province's own inspection group, a batch, a span of days, a telephone line, a treatment process,
a round figure and a part of a year. Run on the real model and a real index."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.dense import Encoder
from retriever import Pipeline
from tests.conftest import pipeline_with

REPORT = Path(__file__).parent / "data" / "series_report.txt"


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    return pipeline_with(tmp_path_factory.mktemp("series"), cache_dir, encoder, REPORT)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which city in Hubei had the most petitions forwarded to it?", "武汉市"),
        ("湖北哪个市信访办结率最低？", "咸宁"),
        ("Which three cities in Hubei had the most petitions?", "武汉市、宜昌市、襄阳市"),
        ("湖北未办结件数最多的是哪两个市？", "荆州、黄石"),  # a ranking's items with their figures in brackets
        ("Which inspection team inspected Xiangyang in August 2023?", "湖北省第二生态环境保护督察组"),
        ("On which dates did the central team go down to Yichang?", "9月15日至21日"),
        ("Which batch of complaints did Yichang receive on September 20?", "第十二批"),
        ("What phone number did the Hubei inspection team set up for complaints?", "027-87654321"),
        ("兴山县腾出了多长的长江岸线？", "800多米"),
        ("What treatment process does the upgraded Hubei plant use?", "氧化沟工艺"),
        ("湖北城区污水处理厂提标改造计划什么时候完成验收销号？", "2024年年底前"),
    ],
)
def test_the_reader_proposes_the_value_in_its_own_shape(series: Pipeline, question: str, expected: str) -> None:
    """The best candidate is the value whole (shown, or kept as the guess when the reader doubts it),
    and it is cited from the report."""
    answer = series.ask(question).answer
    best = answer.guess if answer.abstained and answer.guess is not None else answer
    assert best.answer == expected, (question, answer)
    assert best.doc == REPORT.name and best.start < best.end
