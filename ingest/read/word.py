"""Word (DOCX): paragraphs and table rows in document order, heading styles and bold headings as hints.

A zip bomb is refused from the zip directory alone, before anything is inflated."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from common.types import HeadingHint
from ingest.read.base import ReadError, structural_title

# Zip-bomb bounds on a DOCX, checked on the zip directory before any part is inflated.
# The ratio test only applies to entries above a floor: small XML parts can legitimately
# compress very well, and they cannot hurt us anyway.
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_RATIO = 200
MAX_DOCX_ENTRIES = 10_000
_DOCX_RATIO_FLOOR = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(name: str, data: bytes) -> tuple[str, list[HeadingHint], str]:
    """A Word document's paragraphs and table rows, one per line, in document order, and the
    paragraphs its structure marks as headings (a heading style, or a short line set all in bold)."""
    _check_zip_safety(name, data)
    # python-docx raises assorted errors (KeyError, ValueError, lxml errors...) on a zip
    # that is not a well-formed Word document.
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document.iter_inner_content()))
        lines = [(line, _docx_heading_level(block)) for line, block in blocks]
        title = next((line for line, block in blocks if block is not None and _style_name(block) == "title"), "")
    except Exception as exc:
        raise ReadError(name, f"not a readable DOCX: {exc}") from exc
    text = "\n".join(line for line, _ in lines)
    if not text.strip():
        raise ReadError(name, "no text")
    hints, pos = [], 0
    for line, level in lines:
        if level is not None:
            hints.append(HeadingHint(start=pos, end=pos + len(line), level=level))
        pos += len(line) + 1
    return text, hints, structural_title(title)


# A bold paragraph longer than this, or holding a sentence end, is emphasis, not a heading.
_BOLD_HEADING_MAX = 40
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)", re.IGNORECASE)


def _style_name(block: Paragraph) -> str:
    return block.style.name.lower() if block.style is not None and block.style.name else ""


def _docx_heading_level(block: Paragraph | None) -> int | None:
    """1 for a Heading 1 paragraph, 2 for Heading 2…; a short all-bold paragraph is a level-2 heading."""
    if block is None:
        return None
    style = _HEADING_STYLE.match(_style_name(block))
    if style:
        return int(style.group(1))
    runs = [run for run in block.runs if run.text.strip()]
    text = block.text.strip()
    if runs and all(run.bold for run in runs) and len(text) <= _BOLD_HEADING_MAX and "。" not in text:
        return 2
    return None


def _check_zip_safety(name: str, data: bytes) -> None:
    """Reject a non-zip or a zip bomb from its directory alone, before inflating anything."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError(name, "legacy Word 97-2003 (.doc) file; save it as .docx")
    # zipfile raises BadZipFile, but also NotImplementedError, EOFError, struct.error...
    # on a damaged directory: any failure here means "not a zip we can read".
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except Exception as exc:
        raise ReadError(name, f"not a DOCX (zip) file: {exc}") from exc
    if len(entries) > MAX_DOCX_ENTRIES:
        raise ReadError(name, f"DOCX has {len(entries)} parts, more than {MAX_DOCX_ENTRIES}")
    if sum(entry.file_size for entry in entries) > MAX_DOCX_UNCOMPRESSED:
        raise ReadError(name, f"DOCX inflates to more than {MAX_DOCX_UNCOMPRESSED} bytes")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _DOCX_RATIO_FLOOR and ratio > MAX_DOCX_RATIO:
            raise ReadError(name, f"DOCX part {entry.filename!r} compressed {ratio:.0f}:1 (zip bomb?)")


def _docx_blocks(blocks: Iterator[Paragraph | Table]) -> Iterator[tuple[str, Paragraph | None]]:
    """Non-empty paragraphs as they are, with the paragraph; a table as one line per row, cells
    tab-separated, with None."""
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                yield block.text, block
        else:
            yield from ((row, None) for row in _table_rows(block))


def _docx_lines(blocks: Iterator[Paragraph | Table]) -> Iterator[str]:
    return (line for line, _ in _docx_blocks(blocks))


def _table_rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        # A merged cell appears once per grid column it spans; keep it once.
        seen: list[object] = []
        cells: list[str] = []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            cells.append(_cell_text(cell))
        if any(cell.strip() for cell in cells):
            yield "\t".join(cells)


def _cell_text(cell: _Cell) -> str:
    # A cell may hold paragraphs, line breaks and nested tables; keep the row on one line.
    lines = (line.strip() for block in _docx_lines(cell.iter_inner_content()) for line in block.split("\n"))
    return " ".join(line for line in lines if line)
