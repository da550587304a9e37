"""The header row of a table a passage starts inside of.

Ingest writes a table as one line a row, its cells joined by tabs (DOCX, PDF and HTML tables
alike). A long table is cut into several passages, and only the first holds the header row that
says what each column is ("序号 整改任务 责任单位 完成时限 进展"): the reader of a later passage needs
it to know which cell answers "which units are responsible" and which "by when".
"""

from __future__ import annotations

from common.types import Chunk
from ingest import fold

CELL = "\t"


def is_row(line: str) -> bool:
    """A table row: at least three cells."""
    return line.count(CELL) >= 2


def looks_like_header(line: str) -> bool:
    """Column names, not data: no cell is a bare serial number, and fewer than half hold a digit."""
    cells = [cell.strip() for cell in line.split(CELL)]
    if any(cell.isdigit() for cell in cells):
        return False
    return sum(any(ch.isdigit() for ch in cell) for cell in cells) * 2 < len(cells)


def table_heads(chunks: list[Chunk], sources: dict[str, str]) -> dict[str, str]:
    """For each passage that starts inside a table below its header row, or inside the header row
    itself (an overlap may cut a passage's start mid-line): that row (folded)."""
    heads: dict[str, str] = {}
    for chunk in chunks:
        first = chunk.text.split("\n", 1)[0]
        source = sources.get(chunk.doc)
        if source is None or not is_row(first):
            continue
        start = source.rfind("\n", 0, chunk.start) + 1  # the source line the passage starts in
        end = source.find("\n", chunk.start)
        line = source[start : end if end >= 0 else len(source)]
        head = line if start < chunk.start and looks_like_header(line) else _head_above(source, start)
        if head:
            heads[chunk.id] = fold(head)
    return heads


def _head_above(source: str, start: int) -> str:
    """The first row of the run of table rows above the line that begins at `start`, if it reads
    as a header."""
    head = ""
    while start > 0:
        previous = source.rfind("\n", 0, start - 1) + 1
        line = source[previous : start - 1]
        if not is_row(line):
            break
        head, start = line, previous
    return head if head and looks_like_header(head) else ""
