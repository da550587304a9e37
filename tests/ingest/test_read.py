"""ingest.read on real files built in tmp_path: encodings, HTML cleaning, PDF, DOCX and hostile input."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from ingest.read import SUPPORTED_SUFFIXES, ReadError, normalize_name, read_bytes, read_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

GB_TEXT = "湖南省信访件办结3177件，整改到位。\n" * 4
BIG5_TEXT = "青海省森林覆蓋率達到百分之三十五。\n青海省森林覆蓋率\n"


# --- builders for real files -------------------------------------------------------------


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdf_with_text(text: str, user_password: str | None = None) -> bytes:
    """A one-page PDF whose text layer says `text` in Helvetica (ASCII only)."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    contents = ContentStream(None, writer)
    contents.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii"))
    page.replace_contents(contents)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    return pdf_bytes(writer)


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    return pdf_bytes(writer)


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_of_zeros(megabytes: int) -> bytes:
    """A zip whose one entry inflates to `megabytes` MiB of zeros, written in 1 MiB chunks."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(chunk)
    return buffer.getvalue()


# --- plain text and encodings ----------------------------------------------------------------


def test_utf8_with_bom_is_stripped_and_newlines_unified(tmp_path: Path) -> None:
    raw = "\ufeff湖南省\r\n第二行\r第三行\n  縮進保留  \n"
    source = read_document(write(tmp_path, "bom.txt", raw.encode("utf-8")))
    assert source.text == "湖南省\n第二行\n第三行\n  縮進保留  \n"
    assert (source.doc, source.fmt, source.encoding) == ("bom.txt", "txt", "utf-8")


def test_gb18030_chinese_round_trips(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "gb.txt", GB_TEXT.encode("gb18030")))
    assert source.text == GB_TEXT
    assert source.encoding == "gb18030"


def test_gbk_encoded_text_reads_as_gb18030(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "gbk.md", GB_TEXT.encode("gbk")))
    assert source.text == GB_TEXT
    assert (source.fmt, source.encoding) == ("md", "gb18030")


def test_big5_traditional_round_trips(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "big5.txt", BIG5_TEXT.encode("big5")))
    assert source.text == BIG5_TEXT
    assert source.encoding == "big5"


def test_bytes_invalid_in_every_encoding_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read_document(write(tmp_path, "broken.txt", b"abc \x80 def \xff ghi"))
    assert caught.value.doc == "broken.txt"
    assert caught.value.kind == "invalid"
    assert "not valid UTF-8, GB18030 or Big5" in caught.value.reason
    assert str(caught.value) == f"broken.txt: {caught.value.reason}"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
        bytes(range(1, 9)) * 50,  # control bytes without any NUL
    ],
)
def test_binary_data_is_rejected(data: bytes) -> None:
    with pytest.raises(ReadError, match="binary file") as caught:
        read_bytes("image.txt", data)
    assert caught.value.kind == "invalid"


def test_utf16_with_bom_is_text_not_binary() -> None:
    source = read_bytes("notepad.txt", "青海省\r\n".encode("utf-16"))
    assert (source.text, source.encoding) == ("青海省\n", "utf-16")


def test_whitespace_only_text_has_no_text() -> None:
    with pytest.raises(ReadError, match="no text"):
        read_bytes("blank.txt", b" \n\t\n")


def test_empty_file_is_rejected() -> None:
    with pytest.raises(ReadError, match="empty file"):
        read_bytes("empty.txt", b"")


def test_suffix_is_case_insensitive() -> None:
    assert read_bytes("REPORT.TXT", "整改".encode()).fmt == "txt"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda path: path.name)
def test_every_corpus_file_reads_as_its_exact_utf8_text(path: Path) -> None:
    source = read_document(path)
    assert source.text == path.read_bytes().decode("utf-8")
    assert (source.doc, source.fmt, source.encoding) == (path.name, "txt", "utf-8")


def test_corpus_is_not_empty() -> None:
    assert list(CORPUS.glob("*.txt"))


# --- HTML ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>站点标题</title>
<style>p { color: red }</style><script>var leaked = "脚本文字";</script></head>
<body>
<header class="site-header"><a href="/">生态环境部门户</a></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻</a></li></ul></nav>
<div class="topnav">导航栏文字</div>
<article>
  <h1>湖南省整改落实情况</h1>
  <p>湖南省信访件办结<strong>3177</strong>件。</p>
  <script>alert(1)</script>
  <p>第二段<br>换行之后</p>
  <div class="share-bar">分享到微博</div>
  <table><tr><td>长沙市</td><td>120件</td></tr></table>
  <ul><li>要点一</li><li>要点二</li></ul>
</article>
<div id="comments">网友评论内容</div>
<footer><p>版权所有 © 生态环境部</p></footer>
<div class="copyright">备案号</div>
</body></html>
"""


def test_html_keeps_only_the_article_text() -> None:
    source = read_bytes("page.html", PAGE.encode("utf-8"))
    assert source.text == (
        "湖南省整改落实情况\n\n湖南省信访件办结3177件。\n\n第二段\n换行之后\n\n长沙市\t120件\n\n要点一\n\n要点二"
    )
    assert (source.fmt, source.encoding) == ("html", "utf-8")


def test_html_without_article_drops_furniture_but_keeps_a_wrapping_form() -> None:
    page = (
        "<html><body><form id='form1'>"
        "<div class='menu'>菜单</div>"
        "<div class='main'><p>第一段正文内容比较长。</p><p>第二段正文内容也比较长。</p></div>"
        "<div class='footer'>页脚</div>"
        "</form></body></html>"
    )
    source = read_bytes("aspnet.htm", page.encode("utf-8"))
    assert source.text == "第一段正文内容比较长。\n\n第二段正文内容也比较长。"
    assert source.fmt == "html"


def test_html_in_declared_gbk_is_decoded() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    page += "<body><div id='zoom'><p>湖南省信访件办结3177件</p></div></body></html>"
    source = read_bytes("gbk.html", page.encode("gbk"))
    assert source.text == "湖南省信访件办结3177件"
    assert source.encoding == "gb18030"


def test_html_teaser_article_in_sidebar_does_not_win_over_content_box() -> None:
    page = (
        "<html><body><div class='sidebar'><article>相关阅读：另一篇文章</article></div>"
        "<div id='zoom'><p>正文：湖南省信访件办结3177件，整改到位。</p></div></body></html>"
    )
    assert read_bytes("cms.html", page.encode("utf-8")).text == "正文：湖南省信访件办结3177件，整改到位。"


def test_html_header_inside_article_keeps_the_title() -> None:
    page = "<article><header><h1>整改报告</h1></header><p>正文。</p></article>"
    assert read_bytes("title.html", page.encode("utf-8")).text == "整改报告\n\n正文。"


def test_deeply_nested_html_reads_without_recursion_or_quadratic_time() -> None:
    depth = 5_000
    page = "<div class='menu'>" * depth + "<p>深层正文</p>" + "</div>" * depth
    assert read_bytes("deep.html", page.encode("utf-8")).text == "深层正文"


def test_html_with_only_scripts_has_no_text() -> None:
    with pytest.raises(ReadError, match="no text"):
        read_bytes("empty.html", b"<html><body><script>alert(1)</script><nav>x</nav></body></html>")


# --- DOCX ---------------------------------------------------------------------------------


def test_docx_round_trips_paragraphs_and_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、提高政治站位")
    document.add_paragraph("")
    document.add_paragraph("湖南省信访件办结3177件。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "地区", "件数"
    table.cell(1, 0).text, table.cell(1, 1).text = "湖南省", "3177"
    document.add_paragraph("表后段落。")
    source = read_document(write(tmp_path, "report.docx", docx_bytes(document)))
    assert source.text == "一、提高政治站位\n湖南省信访件办结3177件。\n地区\t件数\n湖南省\t3177\n表后段落。"
    assert (source.fmt, source.encoding) == ("docx", None)


def test_docx_merged_cell_appears_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并"
    table.cell(0, 2).text = "单独"
    assert read_bytes("merged.docx", docx_bytes(document)).text == "合并\t单独"


def test_docx_cell_with_line_break_stays_on_its_row() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("第一行").add_break()
    table.cell(0, 0).paragraphs[0].add_run("第二行")
    table.cell(0, 1).text = "3177"
    assert read_bytes("cell.docx", docx_bytes(document)).text == "第一行 第二行\t3177"


def test_docx_with_no_text_is_rejected() -> None:
    with pytest.raises(ReadError, match="no text"):
        read_bytes("blank.docx", docx_bytes(docx.Document()))


def test_docx_zip_bomb_by_ratio_is_rejected_before_parsing() -> None:
    with pytest.raises(ReadError, match="zip bomb") as caught:
        read_bytes("bomb.docx", zip_of_zeros(5))
    assert caught.value.kind == "invalid"


def test_docx_zip_bomb_by_total_size_is_rejected() -> None:
    with pytest.raises(ReadError, match="inflates to more than"):
        read_bytes("big-bomb.docx", zip_of_zeros(201))


def test_docx_that_is_not_a_zip_is_rejected() -> None:
    with pytest.raises(ReadError, match="not a DOCX"):
        read_bytes("fake.docx", b"this is plain text, not a zip")


def test_legacy_doc_renamed_docx_is_explained() -> None:
    with pytest.raises(ReadError, match=r"\.doc"):
        read_bytes("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


def test_zip_that_is_not_a_word_document_is_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="not a readable DOCX"):
        read_bytes("other.docx", buffer.getvalue())


# --- PDF ----------------------------------------------------------------------------------


def test_pdf_text_layer_is_extracted(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "report.pdf", pdf_with_text("Hunan closed 3177 petitions")))
    assert "Hunan closed 3177 petitions" in source.text
    assert (source.fmt, source.encoding) == ("pdf", None)


def test_pdf_encrypted_with_empty_user_password_opens() -> None:
    source = read_bytes("open.pdf", pdf_with_text("Qinghai forest cover", user_password=""))
    assert "Qinghai forest cover" in source.text


def test_pdf_needing_a_password_is_rejected() -> None:
    with pytest.raises(ReadError, match="encrypted") as caught:
        read_bytes("locked.pdf", pdf_with_text("secret", user_password="secret"))
    assert caught.value.kind == "invalid"


def test_malformed_pdf_is_rejected() -> None:
    with pytest.raises(ReadError, match="malformed PDF") as caught:
        read_bytes("broken.pdf", b"%PDF-1.4 garbage")
    assert caught.value.doc == "broken.pdf"


def test_pdf_without_text_layer_is_rejected() -> None:
    with pytest.raises(ReadError, match=r"no text layer \(scanned PDF\?\)"):
        read_bytes("scan.pdf", blank_pdf())


# --- size, type and name guards ------------------------------------------------------------


def test_oversize_is_too_large(tmp_path: Path) -> None:
    data = "整改".encode() * 100
    with pytest.raises(ReadError) as from_bytes:
        read_bytes("big.txt", data, max_bytes=len(data) - 1)
    assert from_bytes.value.kind == "too_large"
    with pytest.raises(ReadError) as from_disk:
        read_document(write(tmp_path, "big.txt", data), max_bytes=10)
    assert from_disk.value.kind == "too_large"
    assert read_bytes("fits.txt", data, max_bytes=len(data)).text == "整改" * 100


def test_unknown_suffix_is_unsupported_and_lists_supported() -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes("setup.exe", b"MZ")
    assert caught.value.kind == "unsupported"
    assert all(suffix in caught.value.reason for suffix in SUPPORTED_SUFFIXES)


def test_name_without_suffix_is_unsupported() -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes("README", b"text")
    assert caught.value.kind == "unsupported"


def test_read_error_survives_pickling() -> None:
    error = ReadError("a.txt", "binary file", "invalid")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.doc, copy.reason, copy.kind, str(copy)) == ("a.txt", "binary file", "invalid", str(error))


@pytest.mark.parametrize(
    "name",
    [
        "report\u202etxt.exe.txt",
        "../x.txt",
        "dir/x.txt",
        "dir\\x.txt",
        ".hidden.txt",
        "..",
        "",
        "a\x00.txt",
        "a\nb.txt",
        "x" * 300 + ".txt",
    ],
)
def test_hostile_names_are_invalid(name: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes(name, b"text")
    assert caught.value.kind == "invalid"
    # The reported name is safe to log: control characters come back escaped.
    assert caught.value.doc.isprintable()


def test_a_utf16_mark_in_front_of_utf8_text_is_refused_not_read_as_mojibake() -> None:
    with pytest.raises(ReadError, match="UTF-16 byte-order mark but the text after it is UTF-8"):
        read_bytes("glued.txt", b"\xff\xfe" + "湖南省信访件办结3177件。".encode())
    # Real UTF-16, Chinese or Latin, still reads.
    assert read_bytes("le.txt", "湖南省信访件".encode("utf-16")).text == "湖南省信访件"
    assert read_bytes("be.txt", b"\xfe\xff" + "abc 3177".encode("utf-16-be")).text == "abc 3177"


@pytest.mark.parametrize(("name", "ok"), [("江" * 83 + ".txt", True), ("江" * 84 + ".txt", False)])
def test_names_are_bounded_in_bytes_not_characters(name: str, ok: bool) -> None:
    if ok:
        assert read_bytes(name, "整改".encode()).doc == name
    else:
        with pytest.raises(ReadError, match="bytes"):
            read_bytes(name, "整改".encode())


def test_user_names_are_normalised_to_composed_form() -> None:
    assert normalize_name("Re\u0301sume\u0301.txt") == "R\u00e9sum\u00e9.txt"
    with pytest.raises(ReadError, match="must not contain"):
        normalize_name("<b>.txt")


def test_utf32_with_its_mark_is_read_not_taken_for_utf16() -> None:
    assert read_bytes("u32.txt", "甘肃省完成整改任务45项。".encode("utf-32")).text == "甘肃省完成整改任务45项。"


def test_a_file_of_invisible_characters_is_no_report() -> None:
    with pytest.raises(ReadError, match="no text"):
        read_bytes("zw.txt", ("\u200b" * 40 + "\n" + "\u200d" * 10).encode())


def test_a_page_declaring_the_wrong_chinese_charset_is_read_by_its_bytes() -> None:
    body = "臺灣省環境保護督察整改報告，完成整改任務四十五項。" * 5
    page = f'<html><head><meta charset="gbk"></head><body><p>{body}</p></body></html>'.encode("big5")
    assert read_bytes("lying.html", page).text == body


def test_shift_jis_is_refused_not_stored_as_rare_hanzi() -> None:
    # Its bytes are valid GB18030, and decode as a stream of rare characters.
    with pytest.raises(ReadError, match="rare characters"):
        read_bytes("sjis.txt", "環境省の報告書です。整備状況を説明します。\n".encode("shift_jis") * 20)
