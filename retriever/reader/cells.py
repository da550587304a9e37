"""A table's cell, read as a reader reads a task list: find the row, then the column.

Rectification plans and progress reports list their tasks in tables ("序号 整改任务 责任单位 完成时限
进展"), which ingest keeps as one line a row with tab-separated cells. A question about one task
("which units are responsible for the mine-area task", "群众信访件办理要求在什么时间前完成") names
the row by its task and the column by what it asks: the answer is the one cell where they cross,
not the whole row nor a date from another paragraph. The row is the one holding most of the
question's terms; a column fits by what its header shares with the question and by what its
cell holds (a date for "when"). A figure in a table is the figure generator's, like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.settings import get_settings
from retriever.query.dates import DATE
from retriever.query.intent import content_groups
from retriever.query.parse import Query
from retriever.reader.located import labels
from retriever.reader.values import Candidate, folded, group_coverage
from retriever.search.hits import Coverage, Hit
from retriever.search.tables import CELL, is_row, looks_like_header


@dataclass(frozen=True)
class Row:
    """One data row of a table in a passage: its cells' spans (folded offsets) and the header's cells."""

    cells: tuple[tuple[int, int], ...]
    header: tuple[str, ...]


def table_cells(query: Query, pool: list[Hit], covered: Coverage, intent: str) -> list[tuple[Candidate, Hit]]:
    """The cells where the row the question names crosses the columns it asks for, best first."""
    least, proposed = get_settings().reader_table
    asked = _asked_text(query)
    found: list[tuple[float, Candidate, Hit]] = []
    for index, hit in enumerate(pool):
        body = folded(hit.chunk.text)
        row = _named_row(query, body, covered.table_heads.get(hit.chunk.id, ""), labels(hit), least)
        if row is None:
            continue
        coverage, named = row
        for fit, (a, b) in _columns(query, asked, body, named, intent):
            found.append((coverage * fit, Candidate(body[a:b], index, a, b, coverage * fit), hit))
    found.sort(key=lambda x: -x[0])
    return [(cand, hit) for _, cand, hit in found[:proposed]]


def _named_row(query: Query, body: str, head_above: str, caption: str, least: float) -> tuple[float, Row] | None:
    """The one row of a passage's tables the question singles out, with its share of the question's
    terms (a row is about its table's caption and report too: "澄迈县…整改任务清单"). Rows that tie
    ("the tasks due by 2025") are not one task's row: a single cell does not answer for them."""
    rows = sorted(
        ((group_coverage(query, _row_text(body, r) + caption), r) for r in table_rows(body, head_above)),
        key=lambda x: -x[0],
    )
    if not rows or rows[0][0] < least or (len(rows) > 1 and rows[1][0] >= rows[0][0]):
        return None
    return rows[0]


def table_rows(body: str, head_above: str) -> list[Row]:
    """The data rows of each table in a folded passage, with their header's cells: the header
    above the passage for a run of rows that opens it (`head_above`, found where the table
    starts), else the run's first row when it reads as a header."""
    rows: list[Row] = []
    header: tuple[str, ...] = ()
    at, in_run = 0, False
    for n, line in enumerate(body.split("\n")):
        parts = tuple(line.split(CELL))
        if not is_row(line):
            header, in_run = (), False
        elif not in_run:
            in_run = True
            if n == 0 and head_above:
                header = tuple(head_above.split(CELL))
            elif looks_like_header(line):
                header = parts
        if in_run and header and parts != header and len(parts) == len(header):
            rows.append(Row(_cell_spans(parts, at), header))
        at += len(line) + 1
    return rows


def _cell_spans(cells: tuple[str, ...], at: int) -> tuple[tuple[int, int], ...]:
    """Each cell's span, for a row whose first cell starts at `at` (cells are one tab apart)."""
    spans, start = [], at
    for cell in cells:
        spans.append((start, start + len(cell)))
        start += len(cell) + 1
    return tuple(spans)


def _row_text(body: str, row: Row) -> str:
    return body[row.cells[0][0] : row.cells[-1][1]]


def _columns(query: Query, asked: str, body: str, row: Row, intent: str) -> list[tuple[float, tuple[int, int]]]:
    """The values of the row's cells that answer the question, each with how well its column fits:
    the dates in a cell for "when", else the whole cell."""
    out = []
    texts = [body[a:b] for a, b in row.cells]
    shared = [group_coverage(query, text) for text in texts]
    # The cell sharing most with the question names the task: it is how the question found the
    # row, not what it asks; and a cell's words the question shares count against it.
    # (For "when", a cell holding a date is no task's name, however much it shares.)
    named = [n for n, text in enumerate(texts) if intent != "date" or not DATE.search(text)] or list(range(len(texts)))
    key = max(named, key=shared.__getitem__)
    # A date the question does not ask as a deadline is the date of what was done: a progress cell
    # saying "2024年9月全部解除" answers "when were they terminated", where the time-limit column
    # answers "by when must they be". There, the words a cell shares with the question say its
    # date is of the asked deed.
    done = intent == "date" and not _DEADLINE.search(query.folded)
    for n, (name, cell, (a, _)) in enumerate(zip(row.header, texts, row.cells, strict=True)):
        values = _asked_values(cell, intent)
        fit = (intent == "date") + _shared_bigrams(name, asked) + (shared[n] if done else -shared[n])
        if n != key and values and fit > 0:
            out += [(fit, (a + v0, a + v1)) for v0, v1 in values]
    return sorted(out, key=lambda x: -x[0])


# A question asking a deadline: "要求在什么时间前完成", "by when must", "what is the deadline".
_DEADLINE = re.compile(r"要求|应当?|须|需|时限|期限|之前|前完成|\bby when\b|\bdeadline\b|\bdue\b|\bmust\b|\bshould\b")


def _asked_values(cell: str, intent: str) -> list[tuple[int, int]]:
    """Spans in a cell of the asked kind: its dates for "when", the cell itself (trimmed) for a
    name, a list or a fact when it holds words."""
    if intent == "date":
        return [m.span() for m in DATE.finditer(cell)]
    text = cell.strip()
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return []
    start = cell.find(text)
    return [(start, start + len(text))]


def _asked_text(query: Query) -> str:
    """The question's words as the reports write them: its folded text and its terms' renderings
    (an English question's "responsible units" reaches 责任单位 through the glossary)."""
    return query.folded + " " + " ".join(t for g in content_groups(query) for t in g)


def _shared_bigrams(header: str, asked: str) -> float:
    """Share of a column name's two-character pieces that the question holds ("完成时限" and
    "在什么时间前完成" share 完成)."""
    pieces = {header[i : i + 2] for i in range(len(header) - 1)}
    pieces = {p for p in pieces if all("\u4e00" <= ch <= "\u9fff" for ch in p)}
    return sum(p in asked for p in pieces) / len(pieces) if pieces else 0.0
