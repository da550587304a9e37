"""Split a report by its own numbering into pieces that each carry their heading path.

Reports number their parts `01山西省…` (one report of several), `一、` or `第一章`,
`（一）`/`(一)`, `一是` or `第一条`, `1.`/`（1）` and `①`; headings sit on their own line or
inline inside one long line (a report may be three lines long). The patterns run on the
aligned fold of the text, so traditional script and full-width forms number the same way,
and the file's own structure (a Word heading style, a bold line, an HTML heading) adds
headings no numbering shows. A piece is a contiguous span of one body line that lies under
one heading path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from common.types import HeadingHint
from ingest.clean import Span, find_body, strip_span
from ingest.forms import HEADING_LEVELS
from ingest.normalize import fold_aligned

# A heading the file marks but no numbering shows sits under the numbered level it names.
_HINT_LEVELS = len(HEADING_LEVELS) - 1
# Where an inline heading may begin: after a sentence end, a space or a line start.
_BOUNDARY = re.compile(r"(?:(?<=[。；;！？!?])|(?<=\s)|^)")
# Where a heading's title ends.
_TITLE_END = re.compile(r"[。；;！？!?\n]")
MAX_TITLE = 60


@dataclass(frozen=True)
class Heading:
    level: int
    start: int
    title: str


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    path: tuple[str, ...]
    starts_section: bool  # the piece begins with its own heading


def _title_at(text: str, start: int, line_end: int, line_start: bool) -> str:
    """A heading's title: its whole line if short, else up to the first sentence end or wide gap."""
    line = text[start:line_end]
    if line_start and len(line) <= MAX_TITLE * 2 and not _TITLE_END.search(line.rstrip("。")):
        return line.rstrip("。").strip()
    end = _TITLE_END.search(line)
    title = line[: end.start()] if end else line
    gap = re.search(r"\s", title[2:])  # "一、指导思想 以习近平…": the title stops at the space
    if gap and gap.start() + 2 <= MAX_TITLE // 2:
        title = title[: gap.start() + 2]
    return title[:MAX_TITLE].strip()


def _headings_in_line(text: str, folded: str, span: Span, hint: HeadingHint | None) -> list[Heading]:
    """Headings at the start of a line, and inline ones right after a sentence end.

    Patterns match the folded text; titles are cut from the original, which citations show."""
    found: dict[int, Heading] = {}
    for level, pattern in enumerate(HEADING_LEVELS):
        for m in pattern.finditer(folded, span.start, span.end):
            at_line_start = m.start() == span.start
            if level == 0 and not (at_line_start and "。" not in folded[span.start : span.end]):
                continue
            if not at_line_start and not _BOUNDARY.match(folded, m.start()):
                continue
            if m.start() not in found:
                found[m.start()] = Heading(level, m.start(), _title_at(text, m.start(), span.end, at_line_start))
    if hint is not None and span.start not in found:
        level = min(hint.level, _HINT_LEVELS)
        found[span.start] = Heading(level, span.start, _title_at(text, span.start, span.end, True))
    return [found[k] for k in sorted(found)]


def split_sections(
    text: str, lines: list[Span] | None = None, hints: list[HeadingHint] | None = None, folded: str | None = None
) -> list[Piece]:
    """Body pieces in order, each under the heading path in force where it starts (`folded`: see find_body)."""
    folded = fold_aligned(text) if folded is None else folded
    hint_at = {h.start: h for h in hints or []}
    pieces: list[Piece] = []
    stack: list[Heading] = []
    for line in find_body(text, folded).lines if lines is None else lines:
        cuts = _headings_in_line(text, folded, line, hint_at.get(line.start))
        bounds = [line.start] + [h.start for h in cuts if h.start > line.start] + [line.end]
        by_start = {h.start: h for h in cuts}
        for a, b in pairwise(bounds):
            heading = by_start.get(a)
            if heading:
                stack = [h for h in stack if h.level < heading.level] + [heading]
            span = strip_span(text, Span(a, b))
            if span:
                path = tuple(h.title for h in stack)
                pieces.append(Piece(span.start, span.end, path, heading is not None))
    return pieces
