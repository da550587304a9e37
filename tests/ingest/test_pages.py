"""A PDF's running headers, footers and page numbers go; body lines that look like them stay."""

from __future__ import annotations

from ingest.pages import strip_page_furniture


def _page(n: int, total: int, body: list[str]) -> str:
    return "\n".join(["福建省生态环境厅 2024年6月", *body, f"— {n} —", f"第 {n} 页 共 {total} 页"])


def test_running_header_and_page_numbers_go_and_are_recorded() -> None:
    pages = [_page(n, 3, [f"第{n}页的正文，全省共完成整改任务{n}项。"]) for n in (1, 2, 3)]
    kept, dropped = strip_page_furniture(pages)
    # The body line repeats (numbers aside) at the same place, but a sentence is never a header.
    assert kept == [f"第{n}页的正文，全省共完成整改任务{n}项。" for n in (1, 2, 3)]
    reasons = [d.reason for d in dropped]
    assert reasons.count("running header or footer") >= 3
    assert reasons.count("page number") >= 3


def test_a_line_repeated_in_the_middle_of_pages_is_body() -> None:
    middle = ["开头一句正文。", "整改工作领导小组办公室", "结尾一句正文。", "再一句正文。"]
    pages = ["\n".join(["标题页眉", *middle, "1"]), "\n".join(["标题页眉", *middle, "2"])]
    kept, _ = strip_page_furniture(pages)
    assert all("整改工作领导小组办公室" in page for page in kept)
    assert all("标题页眉" not in page for page in kept)


def test_a_single_page_keeps_its_first_line() -> None:
    kept, dropped = strip_page_furniture(["唯一一页的标题\n正文内容，共计十二项。\n- 1 -"])
    assert kept == ["唯一一页的标题\n正文内容，共计十二项。"]
    assert [d.reason for d in dropped] == ["page number"]
