"""Page furniture by form and position: bylines become metadata, the body after them stays."""

from __future__ import annotations

from common.types import SourceText
from ingest import ingest_source
from ingest.clean import find_body, furniture_reason

NEWS = """首页 | 新闻中心 | 政务公开 | 互动交流
首页 > 新闻中心 > 正文
江苏公开督察整改落实情况
来源：新华日报  发布时间：2022-03-15 10:21  作者：王明
【字体：大 中 小】【打印】
截至2022年2月底，全省64项整改任务已完成45项，其余19项正按序时进度推进。
来源于重点企业的在线监测数据显示，全省化学需氧量排放比上年下降6.2%，氨氮下降5.1%。
（三）加快补齐城镇污水管网
全年新建改造污水管网1,250公里，新增污水处理能力18万吨/日，城市污水集中收集率提高到72%。
江苏省生态环境厅
2022年3月15日
分享到：微信 微博
版权所有：江苏省生态环境厅  苏ICP备05009328号
相关新闻
全省召开督察整改推进会
"""


def _lines(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_body(text).lines]


def test_the_body_after_a_byline_stays_and_the_byline_becomes_metadata() -> None:
    body = find_body(NEWS)
    kept = _lines(NEWS)
    assert kept[0] == "江苏公开督察整改落实情况"
    assert any(line.startswith("截至2022年2月底") for line in kept)
    assert body.byline["source"] == "新华日报" and body.byline["author"] == "王明"
    assert body.byline["date"].startswith("2022-03-15")
    # Where and when it was published stays text (staff ask it); the buttons under it do not.
    assert "来源：新华日报  发布时间：2022-03-15 10:21  作者：王明" in kept
    assert "【字体：大 中 小】【打印】" not in kept


def test_a_sentence_starting_with_laiyuan_and_a_heading_ending_in_wang_are_body() -> None:
    kept = _lines(NEWS)
    assert any(line.startswith("来源于重点企业") for line in kept)
    assert "（三）加快补齐城镇污水管网" in kept


def test_a_signature_under_the_last_paragraph_stays_and_the_footer_goes() -> None:
    kept = _lines(NEWS)
    assert kept[-2:] == ["江苏省生态环境厅", "2022年3月15日"]
    reasons = {d.text: d.reason for d in find_body(NEWS).dropped}
    assert reasons["相关新闻"] == "interface words only"
    assert reasons["全省召开督察整改推进会"] == "page tail"
    assert reasons["版权所有：江苏省生态环境厅  苏ICP备05009328号"] == "copyright or site registration"
    assert reasons["首页 | 新闻中心 | 政务公开 | 互动交流"] == "navigation"


def test_every_dropped_line_is_recorded_with_its_offsets() -> None:
    body = find_body(NEWS)
    for drop in body.dropped:
        assert drop.start is not None and drop.end is not None
        assert NEWS[drop.start : drop.end] == drop.text
    kept = sum(s.end - s.start for s in body.lines)
    dropped = sum(len(d.text) for d in body.dropped)
    assert kept + dropped == sum(len(line.strip()) for line in NEWS.splitlines())


def test_menu_like_lines_in_the_middle_are_body() -> None:
    """A table header written with spaces looks like a menu, but mid-report it is the report's."""
    text = "\n".join(
        [
            "督察整改任务清单",
            "一、总体情况。全市共承担整改任务46项，已完成29项，其余按序时推进，完成率达到百分之六十三。",
            "序号 整改任务 责任单位 完成时限",
            "二、下一步安排。继续推进钢铁行业超低排放改造，确保年底前全部完成并通过评估验收。",
        ]
    )
    assert "序号 整改任务 责任单位 完成时限" in _lines(text)


def test_ingest_records_byline_fields_and_drops_in_the_document() -> None:
    info, chunks = ingest_source(SourceText(doc="news.txt", text=NEWS, fmt="txt"), 700, 80, 120)
    assert info.date == "2022-03-15"
    assert info.source == "新华日报" and info.author == "王明"
    assert {d.reason for d in info.dropped} >= {"byline", "navigation", "page tail"}
    assert any("发布时间" in c.text for c in chunks)
    assert any("已完成45项" in c.text for c in chunks)


def test_table_rows_are_never_furniture() -> None:
    assert furniture_reason("2019\t2020\t2021") is None
    assert furniture_reason("首页\t新闻") is None


def test_a_structural_title_that_heads_a_section_is_not_the_reports_title() -> None:
    text = "一、总体情况\n截至2022年底，全省64项整改任务已完成45项。\n江苏省督察整改落实情况报告\n"
    headed, _ = ingest_source(SourceText(doc="a.docx", text=text, fmt="docx", title="一、总体情况"), 700, 80, 120)
    titled, _ = ingest_source(SourceText(doc="b.docx", text=text, fmt="docx", title="江苏公开整改情况"), 700, 80, 120)
    assert headed.title == "江苏省督察整改落实情况报告"
    assert titled.title == "江苏公开整改情况"
