"""The layout renderer: real PDF, DOCX and HTML renders read back with pdfplumber, pypdf, python-docx and lxml."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import lxml.html
import pdfplumber
import pypdf
import pytest

from common.settings import ROOT
from eval.layouts import (
    PAGE_STYLES,
    hard_wrap,
    render_docx,
    render_html,
    render_pdf,
    to_traditional,
    with_byline,
)
from eval.layouts.cli import main
from eval.layouts.pdf import folio, wrap_paragraph
from eval.layouts.text import BYLINES

HEADER = "江苏省生态环境厅  2024-04-04"
TITLE = "江苏省公开第二轮中央生态环境保护督察整改落实情况"
# Full-width punctuation and digits, traditional characters, ASCII runs of every shape, and the Western signs
# (· • ©) that STSong-Light lacks and the renderer sets in Helvetica.
SENTENCES = [
    "第{n}批督察反馈问题共{n}3项，已完成整改{n}1项，完成率达到9{n}.5%。",
    "全省PM2.5平均浓度为3{n}微克/立方米，同比下降{n}.2%；COD排放量削减12.5mg/L以上。",
    "（{n}）臺灣環境保護監察報告提到“水污染防治”與《長江保護法》，１２３ＡＢＣ：。、！？",
    "2024-04-0{n} 10:21召开推进会，约翰·史密斯出席• 版权© 共3,321件信访件办结。",
]
TEXT = "\n\n".join(
    [TITLE] + ["".join(s.format(n=n) for s in SENTENCES) + "这是第" + str(n) + "段。" for n in range(1, 9)]
)


def squash(s: str) -> str:
    """The text with all whitespace (ASCII and full-width) removed."""
    return "".join(s.split())


def pages_text(data: bytes, reader: str) -> list[list[str]]:
    """Each page's extracted lines, by pdfplumber or pypdf."""
    if reader == "pdfplumber":
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [(page.extract_text() or "").splitlines() for page in pdf.pages]
    return [page.extract_text().splitlines() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {style: render_pdf(TEXT, header=HEADER, wrap=36, page_style=style) for style in PAGE_STYLES}


# PDF: the body survives extraction in order, and every page carries the running header and its folio.
@pytest.mark.parametrize("style", PAGE_STYLES)
def test_pdf_body_header_and_folio_read_back_with_pdfplumber(pdfs: dict[str, bytes], style: str) -> None:
    pages = pages_text(pdfs[style], "pdfplumber")
    assert len(pages) >= 2
    for n, lines in enumerate(pages, 1):
        assert " ".join(lines[0].split()) == " ".join(HEADER.split())
        assert lines[-1] == folio(n, len(pages), style)  # type: ignore[arg-type]
    assert squash("".join(line for lines in pages for line in lines[1:-1])) == squash(TEXT)


def test_pdf_reads_back_the_same_with_pypdf(pdfs: dict[str, bytes]) -> None:
    pages = pages_text(pdfs["cn"], "pypdf")
    assert [lines[-1] for lines in pages] == [f"第 {n} 页 共 {len(pages)} 页" for n in range(1, len(pages) + 1)]
    assert squash("".join(line for lines in pages for line in lines[1:-1])) == squash(TEXT)


def test_pdf_is_a4_with_a_larger_centred_title(pdfs: dict[str, bytes]) -> None:
    with pdfplumber.open(io.BytesIO(pdfs["dash"])) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        title = [c for c in page.chars if c["text"] in TITLE and c["size"] > 15]
        body = [c for c in page.chars if c["text"] == "批"]
    assert "".join(c["text"] for c in title) == TITLE
    assert body and all(c["size"] == pytest.approx(12) for c in body)
    middle = (min(c["x0"] for c in title) + max(c["x1"] for c in title)) / 2
    assert middle == pytest.approx(page.width / 2, abs=1)


def test_pdf_lines_are_wrapped_indented_and_keep_ascii_runs_whole(pdfs: dict[str, bytes]) -> None:
    lines = [line for lines in pages_text(pdfs["slash"], "pypdf") for line in lines[1:-1]]
    assert max(len(line) for line in lines) <= 36
    assert sum(line.startswith("\u3000\u3000第") for line in lines) == 8  # one indented start per paragraph
    assert sum("12.5mg/L" in line for line in lines) == 8
    assert sum("3,321" in line for line in lines) == 8


def test_pdf_never_breaks_an_ascii_run_that_straddles_the_width() -> None:
    text = "标题\n" + "一二三四五六七八九十" * 3 + "排放COD12.5mg/L以下，" + "甲乙丙丁" * 10
    [page] = pages_text(render_pdf(text, header=HEADER, wrap=36), "pypdf")
    assert page[2] == "\u3000\u3000" + "一二三四五六七八九十" * 3 + "排放"
    assert page[3].startswith("COD12.5mg/L以下，")


def test_wrap_breaks_before_an_ascii_run_unless_it_cannot_fit() -> None:
    assert wrap_paragraph("一二三四五六COD12.5八", 10) == ["一二三四五六", "COD12.5八"]
    assert wrap_paragraph("ABCDEFGHIJKLMN", 10) == ["ABCDEFGHIJ", "KLMN"]
    assert wrap_paragraph("一二三四五六七八九，十", 9) == ["一二三四五六七八", "九，十"]
    assert wrap_paragraph("一二三四五六七abc，", 10) == ["一二三四五六七", "abc，"]


def test_pdf_wrap_width_changes_the_lines() -> None:
    narrow = pages_text(render_pdf(TEXT, header=HEADER, wrap=30), "pypdf")
    assert max(len(line) for lines in narrow for line in lines[1:-1]) <= 30
    assert squash("".join(line for lines in narrow for line in lines[1:-1])) == squash(TEXT)


# DOCX: every markup form becomes the right Word structure.
MARKUP = """关于督察整改的报告
# 一、总体情况
## （一）组织领导
全省共完成整改任务41项。
!b 二、下一步工作
| 序号 | 整改任务 | 责任单位 |
|---|---|---|
| 1 | 污水管网建设 | 市住建局 |
| 2 | 饮用水水源地保护 | 市生态环境局 |
会后各单位立即行动。
"""


def test_docx_markup_becomes_title_headings_bold_and_table() -> None:
    doc = docx.Document(io.BytesIO(render_docx(MARKUP)))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paras[:3] == [
        ("Title", "关于督察整改的报告"),
        ("Heading 1", "一、总体情况"),
        ("Heading 2", "（一）组织领导"),
    ]
    assert ("Normal", "全省共完成整改任务41项。") in paras and ("Normal", "会后各单位立即行动。") in paras
    bold = next(p for p in doc.paragraphs if p.text == "二、下一步工作")
    assert bold.style.name == "Normal" and bold.runs and all(r.bold for r in bold.runs)
    [table] = doc.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        ["序号", "整改任务", "责任单位"],
        ["1", "污水管网建设", "市住建局"],
        ["2", "饮用水水源地保护", "市生态环境局"],
    ]
    assert doc.core_properties.title == "关于督察整改的报告"


def test_docx_plain_text_makes_every_line_a_paragraph() -> None:
    text = "标题一行\n第一段。\n\n# 不是标题\n| 也不是表格 |"
    doc = docx.Document(io.BytesIO(render_docx(text, plain=True)))
    assert [(p.style.name, p.text) for p in doc.paragraphs] == [
        ("Title", "标题一行"),
        ("Normal", "第一段。"),
        ("Normal", "# 不是标题"),
        ("Normal", "| 也不是表格 |"),
    ]
    unmarked = docx.Document(io.BytesIO(render_docx("标题\n正文甲\n正文乙")))
    assert [p.text for p in unmarked.paragraphs] == ["标题", "正文甲", "正文乙"] and not unmarked.tables


# HTML: a whole page that parses, with the text as the article's paragraphs and the site furniture around it.
HTML_TEXT = "第一段：整改任务41项。\n\n第二段 <b>加粗</b> & “引号”\n第三段。"


@pytest.mark.parametrize("template", [0, 1])
def test_html_page_has_article_paragraphs_and_site_furniture(template: int) -> None:
    page = render_html(
        HTML_TEXT, title="标题<甲>", site="江苏省生态环境厅", date="2024-04-04", source="新华日报", template=template
    )
    tree = lxml.html.fromstring(page.decode("utf-8"))
    body = tree.xpath('//div[contains(@class, "TRS_Editor")] | //article')[0]
    assert [p.text_content() for p in body.xpath(".//p")] == [line for line in HTML_TEXT.splitlines() if line]
    assert not body.xpath(".//b") and tree.xpath("//h1")[0].text_content() == "标题<甲>"
    assert tree.xpath("//head/script") and tree.xpath("//head/meta")
    assert {"首页", "新闻中心", "政务公开"} <= {a.text_content() for a in tree.xpath("//ul//a")}
    text = tree.text_content()
    needles = ("来源：新华日报", "发布时间：2024-04-04", "打印", "网站标识码", "ICP备", "公网安备", "网站地图", "微博")
    assert [n for n in needles if n not in text] == []
    assert "字体：" in text and "大" in text and "版权所有" in text


def test_html_templates_differ_in_structure() -> None:
    def tags(template: int) -> set[str]:
        page = render_html("正文", title="题", site="站", date="2024-01-02", source="源", template=template)
        return {el.tag for el in lxml.html.fromstring(page).iter() if isinstance(el.tag, str)}

    assert {"header", "nav", "article", "footer", "aside"} <= tags(1)
    assert not {"header", "article", "footer"} & tags(0)


# Plain-text variants.
def test_to_traditional_converts_script() -> None:
    assert to_traditional("关于环境保护督察整改发现问题") == "關於環境保護督察整改發現問題"


def test_hard_wrap_cuts_long_lines_only() -> None:
    text = "一二三四五六七八九十甲乙\n短行\n\nabcdefghijk"
    wrapped = hard_wrap(text, 5)
    assert wrapped.splitlines() == ["一二三四五", "六七八九十", "甲乙", "短行", "", "abcde", "fghij", "k"]
    assert wrapped.replace("\n", "") == text.replace("\n", "")


@pytest.mark.parametrize("style", range(len(BYLINES)))
def test_with_byline_goes_after_the_title(style: int) -> None:
    text = "\n标题\n\n正文第一段。\n正文第二段。"
    lines = with_byline(text, source="中国环境报", date="2024-04-04 10:21", author="张明", style=style).split("\n")
    assert lines[:2] == ["", "标题"]
    assert "中国环境报" in lines[2] and ("2024-04-04 10:21" in lines[2] or "2024年04月04日 10:21" in lines[2])
    assert "作者：张明" in lines[2] and "打印" in lines[3] and lines[4:] == ["", "正文第一段。", "正文第二段。"]


# Determinism: same input, same bytes.
def test_rendering_twice_gives_identical_bytes(pdfs: dict[str, bytes]) -> None:
    assert render_pdf(TEXT, header=HEADER, wrap=36, page_style="dash") == pdfs["dash"]
    assert render_docx(MARKUP) == render_docx(MARKUP)
    with zipfile.ZipFile(io.BytesIO(render_docx(MARKUP))) as package:
        assert {info.date_time for info in package.infolist()} == {(2024, 1, 1, 9, 0, 0)}
    assert docx.Document(io.BytesIO(render_docx(MARKUP))).core_properties.created == datetime(2024, 1, 1, 9, tzinfo=UTC)
    assert render_html(TEXT, title="t", site="s", date="d", source="x") == render_html(
        TEXT, title="t", site="s", date="d", source="x"
    )


# The unseen CLI on a small fixture tree shaped like eval/unseen/src.
SIMPLE = "江苏省督察整改情况\n\n共完成整改任务41项，办结信访件3,321件。\n"
TRADITIONAL = "浙江省督察整改情況\n\n共完成整改任務41項，辦結信訪件3,321件。\n"
PAGE = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>题</title></head><body><p>正文</p></body></html>'
DOCX_SOURCE = "上海市整改方案\n# 一、目标\n!b 任务清单\n| 序号 | 任务 |\n| 1 | 治理 |\n"
PDF_SOURCE = "福建省督察整改落实情况\n\n来源：福建省生态环境厅\n\n2024年3月5日，全省完成整改任务128项。\n"
MANIFEST_HEAD = "source\toutput\tencoding\tscript\tgenre\tregions\tsummary\n"


def write_group(root: Path, rows: list[tuple[str, str, str]], files: dict[str, str]) -> Path:
    group = root / "src" / "a"
    group.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (group / name).write_text(text, encoding="utf-8")
    lines = [f"{s}\t{o}\t{e}\tsimplified\tnews\t江苏\t一行摘要\n" for s, o, e in rows]
    (group / "MANIFEST.tsv").write_text(MANIFEST_HEAD + "".join(lines), encoding="utf-8")
    return root / "src"


def test_unseen_cli_writes_every_output(tmp_path: Path) -> None:
    files = {
        "a01_js.txt": SIMPLE,
        "a02_js.txt": SIMPLE,
        "a03_zj.txt": TRADITIONAL,
        "a04_news.html": PAGE,
        "a05_fj.pdf.txt": PDF_SOURCE,
        "a06_sh.docx.txt": DOCX_SOURCE,
    }
    rows = [
        ("a01_js.txt", "a01_js.txt", "utf-8"),
        ("a02_js.txt", "a02_js.txt", "gb18030"),
        ("a03_zj.txt", "a03_zj.txt", "big5"),
        ("a04_news.html", "a04_news.html", "utf-8"),
        ("a05_fj.pdf.txt", "a05_fj.pdf", "utf-8"),
        ("a06_sh.docx.txt", "a06_sh.docx", "utf-8"),
    ]
    src = write_group(tmp_path, rows, files)
    (src / "b").mkdir()  # a group still being written: no manifest yet, skipped
    out = tmp_path / "corpus"
    main(["unseen", "--src", str(src), "--out", str(out)])
    assert sorted(p.name for p in out.iterdir()) == sorted(o for _, o, _ in rows)
    assert (out / "a01_js.txt").read_bytes() == SIMPLE.encode("utf-8")
    assert (out / "a02_js.txt").read_bytes() == SIMPLE.encode("gb18030") != SIMPLE.encode("utf-8")
    assert (out / "a03_zj.txt").read_bytes().decode("big5") == TRADITIONAL
    assert (out / "a04_news.html").read_text(encoding="utf-8") == PAGE
    [page] = pages_text((out / "a05_fj.pdf").read_bytes(), "pdfplumber")
    assert "福建省生态环境厅" in page[0] and squash("".join(page[1:-1])) == squash(PDF_SOURCE)
    doc = docx.Document(str(out / "a06_sh.docx"))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paras == [("Title", "上海市整改方案"), ("Heading 1", "一、目标"), ("Normal", "任务清单")]
    assert doc.paragraphs[2].runs[0].bold
    assert [c.text for c in doc.tables[0].rows[1].cells] == ["1", "治理"]


@pytest.mark.parametrize(
    ("row", "files", "message"),
    [
        (("a01_gone.txt", "a01_gone.txt", "utf-8"), {}, "a01_gone.txt is missing"),
        (("a02_zh.txt", "a02_zh.txt", "big5"), {"a02_zh.txt": "我们这里"}, "'们' on line 1 cannot be encoded in big5"),
        (("a03_x.txt", "a03_x.txt", "latin-9"), {"a03_x.txt": "正文"}, "encoding 'latin-9'"),
        (("a04_p.pdf.txt", "a04_p.docx", "utf-8"), {"a04_p.pdf.txt": "题\n文"}, "makes a .pdf file"),
    ],
)
def test_unseen_cli_stops_on_a_bad_row_naming_it(
    tmp_path: Path, row: tuple[str, str, str], files: dict[str, str], message: str
) -> None:
    src = write_group(tmp_path, [("a00_ok.txt", "a00_ok.txt", "utf-8"), row], {"a00_ok.txt": SIMPLE, **files})
    with pytest.raises(SystemExit) as stop:
        main(["unseen", "--src", str(src), "--out", str(tmp_path / "out")])
    said = str(stop.value.code)
    assert "MANIFEST.tsv:3" in said and row[0] in said and message in said


def test_variants_cli_runs_as_a_module(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "r1.txt").write_text(PDF_SOURCE, encoding="utf-8")
    out = tmp_path / "out"
    args = [sys.executable, "-m", "eval.layouts", "variants", str(tmp_path / "src"), str(out)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [
        "byline/r1.txt",
        "docx/r1.docx",
        "html/r1.html",
        "pdf/r1.pdf",
        "traditional/r1.txt",
        "wrapped/r1.txt",
    ]
    assert "督察整改落實" in (out / "traditional" / "r1.txt").read_text(encoding="utf-8")
    # Another process at another moment renders the very same bytes.
    assert (out / "docx" / "r1.docx").read_bytes() == render_docx(PDF_SOURCE, plain=True)
    assert (out / "pdf" / "r1.pdf").read_bytes() in {
        render_pdf(PDF_SOURCE, header="福建省生态环境厅  2024-03-05", page_style=style) for style in PAGE_STYLES
    }
    assert "来源：福建省生态环境厅" in (out / "byline" / "r1.txt").read_text(encoding="utf-8").splitlines()[1]
