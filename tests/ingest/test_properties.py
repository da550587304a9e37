"""Property-based tests (hypothesis) of the readers and the chunker on generated and damaged input.

The example-based tests (test_read, test_chunks, test_coverage) pin what real files give; these
hold the promises that must hold for *any* input:

- a reader either returns a SourceText or raises ReadError, never another exception, whatever the
  bytes and the name; a ReadError's message is safe to show (no raw control character): always for
  a bad name, not yet for every bad file (the last test, an expected failure, says which);
- plain text keeps every visible character, in order (a text with no letter or digit is refused);
- every chunk is the exact slice of the text its offsets name, chunks are in document order with
  unique ids, and together they cover every visible character of the body that ingest did not
  record as dropped.
"""

from __future__ import annotations

import io
import pickle
import re
import string
import unicodedata
import zipfile
from collections.abc import Callable
from functools import lru_cache

import docx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from common.settings import Settings
from common.types import Chunk, DocumentInfo, SourceText
from ingest import ingest_source
from ingest.explain import body_coverage
from ingest.read import SUPPORTED_SUFFIXES, ReadError, read_bytes
from ingest.reflow import display_width

# --- profile ------------------------------------------------------------------------------------

# Reproducible in CI: no example database (a run never depends on what an earlier run on this
# machine found) and a seed derived from each test, so every run tries the same examples and a
# failure seen once is seen again. No deadline: reading a damaged PDF or DOCX, or chunking with
# region tagging, varies in time on a loaded 2-core machine without being a bug.
PROFILE = settings(
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def profile(max_examples: int) -> settings:
    """The reproducible profile with a per-test example budget (the file takes ~35 s of CPU in all)."""
    return settings(PROFILE, max_examples=max_examples)


SUFFIXES = sorted(SUPPORTED_SUFFIXES)
DEFAULTS = Settings()
# (max_chars, overlap, min_chars): the shipped sizes, and small ones that make every text long.
CHUNK_SIZES = [(DEFAULTS.chunk_chars, DEFAULTS.chunk_overlap, DEFAULTS.min_chunk_chars), (50, 10, 20)]


# --- the reader's contract ------------------------------------------------------------------------


def has_raw_control(message: str) -> bool:
    """A C0/C1 control character (a newline, an escape, a NUL...) would break a log line or a response."""
    return any(unicodedata.category(ch) == "Cc" for ch in message)


def read_or_refuse(name: str, data: bytes, max_bytes: int | None = None) -> SourceText | ReadError:
    """`read_bytes` keeping its contract: a SourceText with str text, or a ReadError (returned).

    Any other exception propagates and fails the test. A ReadError must survive pickling with its
    message and kind: the sandboxed reader (ingest.bounded) sends it back from a worker process."""
    try:
        source = read_bytes(name, data, max_bytes)
    except ReadError as err:
        copy = pickle.loads(pickle.dumps(err))
        assert (type(copy), str(copy), copy.kind) == (type(err), str(err), err.kind)
        return err
    assert isinstance(source.text, str)
    return source


# --- strategies: mutations of valid files -------------------------------------------------------

# Fragments that a random byte flip rarely makes but that reach the parsers' corner cases.
PDF_TOKENS = (b"<<", b">>", b"/Length ", b"-1", b"99999999999", b" 0 R", b"obj", b"endobj", b"stream\n", b"[", b"]")
PDF_TOKENS += (b"xref\n", b"trailer", b"startxref\n0\n", b"/Filter /FlateDecode", b"(", b")", b"\\", b"/Kids [3 0 R]")
XML_TOKENS = (b"<w:p>", b"</w:t>", b"<w:t>", b"&#0;", b"&#xD800;", b"&amp", b"<!ENTITY x 'y'>", b"<w:tbl>", b'"')
XML_TOKENS += (
    b"\x00",
    b'w:val="99999999999"',
    b'w:gridSpan="0"',
    b"<w:tc>",
    b"<w:tr>",
    b"</w:tbl>",
    b"<",
    b">",
    b"\xff",
)
TEXT_TOKENS = (b"\r", b"\n", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1b", b"\x80", b"\xa1", b"\xe4\xb8")


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes], tokens: tuple[bytes, ...]) -> bytes:
    """A valid input with a few byte flips, insertions of format tokens, deletions or a truncation."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "token", "delete", "truncate"]))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and pos < len(data):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "token":
            data[pos:pos] = draw(st.sampled_from(tokens))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[pos:]
    return bytes(data)


# Chinese (simplified and traditional), full-width forms and punctuation, ASCII, line breaks.
HANZI = "湖南省信访件办结整改到位青海森林覆蓋率達到百分之环境保护督察問題總體情况县市区"
CJK_PUNCT = "。，；：！？、“”（）【】《》　０１２３４５６７８９"
CHINESE_TEXT = st.text(alphabet=st.sampled_from(HANZI + CJK_PUNCT) | st.characters(), max_size=200)
TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le")


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    """Chinese text in one of the encodings a report arrives in (unencodable characters left out)."""
    return draw(CHINESE_TEXT).encode(draw(st.sampled_from(TEXT_ENCODINGS)), errors="ignore")


HTML_TAGS = ("div", "p", "span", "h1", "h2", "article", "main", "nav", "footer", "header", "aside", "form", "table")
HTML_TAGS += ("tr", "td", "pre", "br", "script", "style", "a", "li", "ul", "section", "body", "html", "head", "svg")
HTML_ATTRS = ("", ' class="content"', ' id="zoom"', ' class="nav-menu"', ' class="site-footer"', ' role="main"')
HTML_ATTRS += (' class="sidebar article"', " class", " id=''", ' class="TRS_Editor comments"')
CHARSETS = ("utf-8", "gb2312", "gbk", "big5", "iso-8859-1", "unicode_escape", "utf-7", "idna", "rot13", "x")
HTML_TEXT = st.text(alphabet=st.sampled_from(HANZI + CJK_PUNCT + "<>&;#x0 \n\t") | st.characters(), max_size=30)


def render_element(tag: str, attrs: str, children: list[str], closed: bool) -> str:
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if closed else "")


# Nested elements, some unclosed, whose text is random (entities, stray "<", controls).
HTML_TREE = st.recursive(
    HTML_TEXT,
    lambda children: st.builds(
        render_element,
        st.sampled_from(HTML_TAGS),
        st.sampled_from(HTML_ATTRS),
        st.lists(children, max_size=4),
        st.booleans(),
    ),
    max_leaves=25,
)


@st.composite
def html_page(draw: st.DrawFn) -> bytes:
    """A page: maybe a declared charset, a (possibly very deep, unclosed) nest of one tag, a random tree."""
    head = draw(st.sampled_from(["", "<!DOCTYPE html>", "<html><head><meta charset={}></head><body>"]))
    head = head.format(draw(st.sampled_from(CHARSETS)))
    depth = draw(st.sampled_from([0, 0, 1, 300, 3000]))
    nest = draw(st.sampled_from(("div", "p", "span", "article", "table", "pre", "a")))
    page = head + f"<{nest}>" * depth + draw(HTML_TREE) + draw(st.sampled_from(["", f"</{nest}>" * depth]))
    return page.encode(draw(st.sampled_from(("utf-8", "gb18030", "big5", "utf-16"))), errors="ignore")


@lru_cache(maxsize=1)
def valid_docx() -> bytes:
    """A small Word file with a heading, a bold line, a paragraph and a merged-cell table."""
    document = docx.Document()
    document.add_heading("一、总体情况", 1)
    document.add_paragraph().add_run("（一）加强组织领导").bold = True
    document.add_paragraph("湖南省信访件办结3177件，整改到位。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "长沙市"
    table.cell(1, 2).text = "120件"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def valid_pdf() -> bytes:
    """A two-page PDF (uncompressed, so damage reaches the content streams) with Chinese and ASCII text."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pageCompression=0)
    for page in (1, 2):
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(72, 720, "一、总体情况 湖南省信访件办结3177件。")
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 60, f"Page {page} of 2")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@lru_cache(maxsize=1)
def valid_docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(valid_docx())) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def xml_token_damage(xml: bytes) -> st.SearchStrategy[bytes]:
    return mutated(st.just(xml), XML_TOKENS)


def control_byte_damage(xml: bytes) -> st.SearchStrategy[bytes]:
    """One control byte (NUL most often) put anywhere in the XML."""
    byte = st.sampled_from((b"\x00", b"\x00", b"\x01", b"\x1b", b"\x7f"))
    return st.tuples(st.integers(0, len(xml)), byte).map(lambda at: xml[: at[0]] + at[1] + xml[at[0] :])


@st.composite
def docx_with_damaged_part(draw: st.DrawFn, damage: Callable[[bytes], st.SearchStrategy[bytes]]) -> bytes:
    """The valid DOCX re-zipped with one XML part damaged: a well-formed zip python-docx must parse."""
    parts = dict(valid_docx_parts())
    victim = draw(st.sampled_from(sorted(name for name in parts if name.endswith((".xml", ".rels")))))
    parts[victim] = draw(damage(parts[victim]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- readers: any bytes read or end in ReadError ----------------------------------------------------


# Raw bytes under every suffix: the binary check, every decoder and both zip/PDF parsers' first steps.
@profile(300)
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2048), max_bytes=st.none() | st.integers(0, 2048))
def test_any_bytes_read_or_raise_read_error(suffix: str, data: bytes, max_bytes: int | None) -> None:
    read = read_or_refuse("report" + suffix, data, max_bytes)
    if max_bytes is not None and len(data) > max_bytes:
        assert isinstance(read, ReadError) and read.kind == "too_large", read


# Text in real encodings, then damaged: decoding, BOM handling, the GB18030/Big5 choice, reflow.
@profile(150)
@given(suffix=st.sampled_from(SUFFIXES), data=mutated(encoded_text(), TEXT_TOKENS))
def test_damaged_encoded_text_reads_or_raises_read_error(suffix: str, data: bytes) -> None:
    read_or_refuse("report" + suffix, data)


# Generated pages: declared charsets (honoured or not), deep and unclosed nesting, furniture names.
@profile(120)
@given(suffix=st.sampled_from([".html", ".htm", ".txt"]), data=mutated(html_page(), (*TEXT_TOKENS, b"<", b">")))
def test_generated_html_reads_or_raises_read_error(suffix: str, data: bytes) -> None:
    read_or_refuse("page" + suffix, data)


# A real DOCX with flipped or cut bytes: the zip directory checks and python-docx's failures.
@profile(80)
@given(data=mutated(st.builds(valid_docx), XML_TOKENS))
def test_damaged_docx_reads_or_raises_read_error(data: bytes) -> None:
    read_or_refuse("report.docx", data)


# A well-formed zip with damaged XML inside: what byte flips (caught by the zip CRC) never reach.
@profile(50)
@given(data=docx_with_damaged_part(xml_token_damage))
def test_docx_with_damaged_xml_reads_or_raises_read_error(data: bytes) -> None:
    read_or_refuse("report.docx", data)


# A real PDF with flipped bytes, PDF tokens spliced in, or cut short: pypdf's many failure modes.
@profile(150)
@given(data=mutated(st.builds(valid_pdf), PDF_TOKENS))
def test_damaged_pdf_reads_or_raises_read_error(data: bytes) -> None:
    read_or_refuse("report.pdf", data)


# Any name, with or without a supported suffix: path-like, hidden, invisible, overlong or control
# characters end in a ReadError whose message shows them escaped.
@profile(300)
@given(stem=st.text(max_size=300), suffix=st.sampled_from(["", *SUFFIXES, ".TXT", ".exe"]))
def test_any_name_reads_or_raises_a_printable_read_error(stem: str, suffix: str) -> None:
    read = read_or_refuse(stem + suffix, "湖南省信访件办结3177件。".encode())
    if isinstance(read, ReadError):
        assert not has_raw_control(str(read)), repr(str(read))


# --- plain text keeps every visible character -------------------------------------------------------

PLAIN_ALPHABET = HANZI + CJK_PUNCT + string.ascii_letters + string.digits + string.punctuation + " \t"


def hard_wrap(paragraph: str, width: int, by_display: bool) -> list[str]:
    """A paragraph cut into lines of `width` columns (or characters), as a PDF extract or a text tool wraps it."""
    measure = display_width if by_display else len
    lines = [""]
    for ch in paragraph:
        if lines[-1] and measure(lines[-1] + ch) > width:
            lines.append("")
        lines[-1] += ch
    return lines


@st.composite
def wrapped(draw: st.DrawFn, paragraphs: st.SearchStrategy[str]) -> str:
    """Paragraphs hard-wrapped at one width, so that reading re-flows them (joins their line breaks)."""
    width = draw(st.integers(20, 40))
    by_display = draw(st.booleans())
    lines = [
        line for p in draw(st.lists(paragraphs, min_size=1, max_size=4)) for line in hard_wrap(p, width, by_display)
    ]
    return "\n".join(lines)


# Random lines, and hard-wrapped paragraphs that the reader re-flows.
PLAIN_TEXT = st.text(alphabet=PLAIN_ALPHABET + "\n", min_size=1, max_size=400) | wrapped(
    st.text(alphabet=PLAIN_ALPHABET, min_size=60, max_size=200)
)


# Reading may re-flow hard-wrapped lines (drop a "\n" and the spaces before it, add a space between
# Latin words), nothing more: with white space removed, the text read is the text written.
@profile(300)
@given(text=PLAIN_TEXT)
def test_plain_text_keeps_every_visible_character_in_order(text: str) -> None:
    visible = "".join(text.split())
    try:
        source = read_bytes("report.txt", text.encode("utf-8"))
    except ReadError:
        # A text with no letter or digit is no report (punctuation or invisible characters only).
        assert not any(ch.isalnum() for ch in text), "text with letters or digits was refused"
        return
    assert "".join(source.text.split()) == visible


# --- chunker: exact offsets, order, unique ids, full coverage ---------------------------------------

NUMERALS = "一二三四五六七八九十"
REGIONS = ("湖南省", "长沙市", "青海省", "海南州", "山西省", "浏阳县")
WORDS = ("信访件", "办结", "整改到位", "生态环境", "督察组", "问题", "總體情況", "森林覆蓋率", "發現", "群众")
NUMBERS = ("3177件", "１２０件", "35%", "2,345", "１２.５万元", "百分之三十", "2024年4月4日")


@st.composite
def sentence(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.sampled_from(REGIONS + WORDS + NUMBERS + ("，", "、", "；", " ")), min_size=1, max_size=30)
    )
    return "".join(parts) + draw(st.sampled_from(["。", "；", "！", "", "”。", "?"]))


@st.composite
def heading(draw: st.DrawFn) -> str:
    n = draw(st.sampled_from(NUMERALS))
    number = draw(
        st.sampled_from([f"{n}、", f"（{n}）", f"({n})", f"{n}是", f"第{n}章", "1.", "（2）", "①", "01", "１．"])
    )
    return number + draw(st.sampled_from(["总体情况", "整改落实情况", "湖南省整改报告", "加强组织领导", "總體情況"]))


FURNITURE = (
    "来源：生态环境部 2024-04-04",
    "首页 > 新闻中心 > 正文",
    "分享 | 打印 | 关闭",
    "版权所有 © 生态环境部",
    "---",
)


@st.composite
def report_text(draw: st.DrawFn) -> str:
    """A report-like text: headings, paragraphs of sentences (inline headings too), blank lines, furniture."""
    line = st.one_of(
        heading(),
        st.lists(sentence(), min_size=1, max_size=8).map("".join),
        st.tuples(sentence(), heading(), sentence()).map("".join),
        st.sampled_from(["", "", "　　", *FURNITURE]),
    )
    indent = st.sampled_from(["", "", "　　", "  "])
    lines = draw(st.lists(st.tuples(indent, line).map("".join), min_size=1, max_size=40))
    return "\n".join(lines)


def check_chunks(source: SourceText, info: DocumentInfo, chunks: list[Chunk], max_chars: int, min_chars: int) -> None:
    """Exact slices in document order, unique ids, bounded size, and every visible body character covered."""
    text = source.text
    for chunk in chunks:
        assert 0 <= chunk.start < chunk.end <= len(text), chunk
        assert chunk.text == text[chunk.start : chunk.end], chunk
        # A chunk holds at most max_chars, plus a tiny section tail merged into it.
        assert chunk.end - chunk.start <= max_chars + min_chars, chunk
    assert len({chunk.id for chunk in chunks}) == len(chunks)
    starts, ends = [c.start for c in chunks], [c.end for c in chunks]
    assert starts == sorted(set(starts)) and ends == sorted(set(ends)), list(zip(starts, ends, strict=True))
    for drop in info.dropped:
        if drop.start is not None and drop.end is not None:
            assert text[drop.start : drop.end] == drop.text, drop
    # Coverage as test_coverage measures it (ingest.explain.body_coverage): every non-space
    # character outside the recorded drops lies in a chunk. The corpus test allows 1% slack for
    # real-world pages; by construction (pieces are whole stripped body lines, every sentence
    # unit lands in a chunk) the guarantee is exact, so any gap here is a lost character.
    assert body_coverage(text, info, chunks) == 1.0


def ingest_text(text: str, max_chars: int, overlap: int, min_chars: int) -> None:
    """Read `text` as an uploaded .txt would be and check its chunks (a text with no text is refused)."""
    try:
        source = read_bytes("x.txt", text.encode("utf-8"))
    except ReadError as err:
        # Refused only when it has no letter or digit, or (for arbitrary Unicode) when control
        # characters make it look binary.
        assert not any(ch.isalnum() for ch in text) or err.reason == "binary file", err
        return
    info, chunks = ingest_source(source, max_chars, overlap, min_chars)
    assert info.chunks == len(chunks) and info.chars == len(source.text)
    check_chunks(source, info, chunks, max_chars, min_chars)


# Report-like text under the shipped and small chunk sizes: headings, inline headings, furniture;
# and the same text hard-wrapped, as a PDF extract arrives.
@profile(70)
@given(text=report_text() | wrapped(report_text()), sizes=st.sampled_from(CHUNK_SIZES))
def test_chunks_of_report_text_are_exact_ordered_and_cover_the_body(text: str, sizes: tuple[int, int, int]) -> None:
    ingest_text(text, *sizes)


# Characters that trip offset arithmetic: odd white space (isspace but not "\n"), zero-width marks,
# characters whose fold is two characters or a digit, traditional script, heading numbers.
ODD_CHARS = "\u3000\xa0\u2028\u2029\x85\x0b\x0c\x1c\u200b\ufeff\u00adﬁ㈠⑴½İß㍿①⑳１２３，。,.\t"
ANY_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(HANZI + CJK_PUNCT + ODD_CHARS + "\n一二三、（）"),
    max_size=500,
)


# Any Unicode: offsets must hold where the structure rules see nothing familiar.
@profile(120)
@given(text=ANY_TEXT | report_text().map(lambda t: t.replace("。", "\u2028")), sizes=st.sampled_from(CHUNK_SIZES))
def test_chunks_of_any_text_are_exact_ordered_and_cover_the_body(text: str, sizes: tuple[int, int, int]) -> None:
    ingest_text(text, *sizes)


# Any sizes, including overlap >= max_chars and min_chars > max_chars, which the settings do not forbid.
@profile(70)
@given(text=report_text(), max_chars=st.integers(1, 800), overlap=st.integers(0, 200), min_chars=st.integers(0, 300))
def test_chunks_hold_for_any_chunk_sizes(text: str, max_chars: int, overlap: int, min_chars: int) -> None:
    ingest_text(text, max_chars, overlap, min_chars)


# --- readers and chunker together ----------------------------------------------------------------------

READABLE_FILES = st.one_of(
    st.tuples(st.sampled_from([".txt", ".md"]), mutated(encoded_text(), TEXT_TOKENS)),
    st.tuples(st.sampled_from([".html", ".htm"]), html_page()),
    st.tuples(st.just(".docx"), docx_with_damaged_part(xml_token_damage)),
    st.tuples(st.just(".pdf"), mutated(st.builds(valid_pdf), PDF_TOKENS)),
)


# Whatever text a reader hands on (tabs and "\r" from a DOCX, a page's blocks, a damaged PDF's layer),
# the chunker slices it exactly: the two are tested apart above, and must also hold together.
@profile(100)
@given(file=READABLE_FILES, sizes=st.sampled_from(CHUNK_SIZES))
def test_whatever_a_reader_yields_is_chunked_exactly(file: tuple[str, bytes], sizes: tuple[int, int, int]) -> None:
    suffix, data = file
    read = read_or_refuse("report" + suffix, data)
    if isinstance(read, SourceText):
        max_chars, overlap, min_chars = sizes
        info, chunks = ingest_source(read, max_chars, overlap, min_chars)
        check_chunks(read, info, chunks, max_chars, min_chars)


# A ReadError's message is shown to the uploader and logged: it must not carry a raw control
# character, whatever the file (here: every damaged kind, and a DOCX with a control byte in its XML,
# which is what a parser's message would describe; lxml's message for a NUL holds a newline).
@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # the DOCX in the failure report
@settings(PROFILE, max_examples=100, phases=[Phase.generate])
@given(file=READABLE_FILES | st.tuples(st.just(".docx"), docx_with_damaged_part(control_byte_damage)))
def test_a_read_error_never_carries_a_raw_control_character(file: tuple[str, bytes]) -> None:
    suffix, data = file
    read = read_or_refuse("report" + suffix, data)
    if isinstance(read, ReadError):
        assert not has_raw_control(str(read)), repr(str(read))


# --- folding ------------------------------------------------------------------------------------
# The characters folding treats apart: digit groups, full-width forms, multi-character folds, scripts.
FOLD_TEXT = st.text(alphabet=st.sampled_from(list("0123456789０１２３,，、 \tabcABC国國計畫发發ﬁ㎡①⑴²µİ")), max_size=60)


def _fold_one_by_one(text: str) -> tuple[str, list[int]]:
    """The reference fold and its map, one character at a time (what the one-translate and
    piecewise paths must equal)."""
    from ingest.normalize import _group_follows, _simplified, _width_char

    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = _width_char(ch)
        if folded == "," and out and out[-1][-1:].isdigit() and _group_follows(text, i + 1):
            continue
        out.append(folded)
        index.extend([i] * len(folded))
    return _simplified("".join(out)), index


@given(text=FOLD_TEXT)
def test_fold_equals_the_character_by_character_fold(text: str) -> None:
    from ingest.normalize import fold, fold_aligned, fold_with_map

    folded, index = fold_with_map(text)
    assert fold(text) == folded and (folded, index) == _fold_one_by_one(text)
    assert len(index) == len(folded)
    assert len(fold_aligned(text)) == len(text)


# --- English place names ------------------------------------------------------------------------
# Pieces of the gazetteer's English names, glued with the characters a Latin run holds and others.
_LATIN_PIECES = st.sampled_from(["hunan", "yunnan", "an", "inner mongolia", "xiang", "xi", "s", " ", "-", ".", "5"])


@lru_cache(maxsize=1)
def _every_name_alternation() -> re.Pattern[str]:
    """The one regex of every English name, longest first, whole words, that the automaton replaced."""
    from ingest.regions import get_gazetteer

    names = sorted(get_gazetteer()._latin, key=len, reverse=True)
    return re.compile("|".join(rf"(?<![a-z]){re.escape(a)}(?![a-z])" for a in names))


@settings(deadline=None)  # the first example builds the gazetteer and the regex
@given(text=st.lists(_LATIN_PIECES | st.just("湖南"), max_size=10).map("".join))
def test_english_names_are_found_as_one_regex_of_every_name_finds_them(text: str) -> None:
    from ingest.regions import _LATIN_RUN, get_gazetteer

    alternation = _every_name_alternation()
    expected = {
        m.start(): m.end()
        for run in _LATIN_RUN.finditer(text)
        for m in alternation.finditer(text, run.start(), run.end())
    }
    assert get_gazetteer()._english(text) == expected
