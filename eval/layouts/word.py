"""A Word document from line markup: # / ## headings, !b hand-bolded paragraphs, | tables, the rest paragraphs."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm

# Fixed properties and zip times: python-docx stamps both with "now", which would make every render differ.
FIXED_TIME = datetime(2024, 1, 1, 9, 0, 0)
ZIP_TIME = (2024, 1, 1, 9, 0, 0)
# Chinese offices set body text in 宋体 and headings in 黑体; Word falls back to these for CJK characters.
EAST_ASIAN = {"Normal": "宋体", "Title": "黑体", "Heading 1": "黑体", "Heading 2": "黑体", "Heading 3": "黑体"}
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BOLD = re.compile(r"^!b\s+(.*)$")
_RULE = re.compile(r"^:?-{2,}:?$")


def _prepare(doc: DocxDocument, title: str) -> None:
    # A4 pages, CJK fonts on the styles used, and core properties that do not change between renders
    # (the title property holds at most 255 characters).
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
    for name, font in EAST_ASIAN.items():
        doc.styles[name].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.revision = title[:255], "", "", 1
    props.created = props.modified = props.last_printed = FIXED_TIME


def cells(line: str) -> list[str]:
    """The cells of a | table line: leading and trailing bars dropped, the rest split on |."""
    inner = line.strip()[1:]
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _table(doc: DocxDocument, lines: list[str]) -> None:
    # One table per run of | lines; a Markdown rule row (|---|---|) is not a row; short rows are padded.
    rows = [row for row in map(cells, lines) if not all(_RULE.match(c) for c in row)]
    if not rows:
        return
    width = max(map(len, rows))
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row + [""] * (width - len(row))):
            run = table.cell(r, c).paragraphs[0].add_run(value)
            run.bold = r == 0 or None


def _line(doc: DocxDocument, line: str, plain: bool) -> None:
    # One markup line to one paragraph; with plain=True no markup is read.
    heading, bold = _HEADING.match(line), _BOLD.match(line)
    if plain or not (heading or bold):
        doc.add_paragraph(line)
    elif heading:
        doc.add_paragraph(heading[2], style=f"Heading {len(heading[1])}")
    elif bold:
        doc.add_paragraph().add_run(bold[1]).bold = True


def _body(doc: DocxDocument, lines: list[str], plain: bool) -> None:
    table: list[str] = []
    for line in [*lines, ""]:
        if not plain and line.startswith("|"):
            table.append(line)
            continue
        if table:
            _table(doc, table)
            table = []
        if line:
            _line(doc, line, plain)


def _stable_zip(data: bytes) -> bytes:
    # Rewrite the package with fixed member times, in the same order, so equal documents are equal bytes.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def render_docx(markup: str, *, plain: bool = False) -> bytes:
    """A .docx from line markup (first non-empty line the title); plain=True makes every line a paragraph."""
    lines = [line.strip() for line in markup.splitlines()]
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    title = lines[first] if first < len(lines) else ""
    if not plain:
        title = _HEADING.sub(r"\2", _BOLD.sub(r"\1", title))
    doc = Document()
    _prepare(doc, title)
    if title:
        doc.add_paragraph(title, style="Title")
    _body(doc, lines[first + 1 :], plain)
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())
