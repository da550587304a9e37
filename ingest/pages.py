"""A PDF's page furniture: running headers and footers, and page numbers.

They sit at the top and bottom of a page and repeat from page to page (numbers aside), so a
line is furniture by its place (among a page's first or last lines) and its recurrence (the
same text, digits aside, on a good share of the pages), or by the form of a page number.
A line that merely looks like a header in the body of a page is never touched.
"""

from __future__ import annotations

import re
from collections import Counter

from common.settings import get_settings
from common.types import Dropped
from ingest.normalize import fold

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–_·\s]*\d{1,4}[-—–_·\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?|[-—–]\s*[ivxlc]+\s*[-—–])$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_RUNNING_MAX = 60
_SPACE = re.compile(r"\s+")


def _signature(line: str) -> str:
    """A line with its numbers and spaces blotted out: what repeats from page to page."""
    return _SPACE.sub("", _DIGITS.sub("#", fold(line)))


def _edge_positions(lines: list[str], depth: int) -> list[int]:
    """Indexes of a page's first and last `depth` non-empty lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:depth] + filled[-depth:]))


def strip_page_furniture(pages: list[str]) -> tuple[list[str], list[Dropped]]:
    """Each page's text without its running header, footer and page number; and what went."""
    depth = get_settings().pdf_edge_lines
    split = [page.split("\n") for page in pages]
    edges = [_edge_positions(lines, depth) for lines in split]
    seen = Counter(sig for lines, pos in zip(split, edges, strict=True) for sig in {_signature(lines[i]) for i in pos})
    needed = max(2, round(get_settings().pdf_running_share * len(pages)))
    # A running header is a short line, never a sentence.
    running = {sig for sig, n in seen.items() if n >= needed and 0 < len(sig) <= _RUNNING_MAX and "。" not in sig}
    kept_pages: list[str] = []
    dropped: list[Dropped] = []
    for lines, positions in zip(split, edges, strict=True):
        gone: set[int] = set()
        for i in positions:
            line = lines[i].strip()
            if _PAGE_NUMBER.match(fold(line)):
                dropped.append(Dropped(reason="page number", text=line))
                gone.add(i)
            elif _signature(line) in running:
                dropped.append(Dropped(reason="running header or footer", text=line))
                gone.add(i)
        kept_pages.append("\n".join(line for i, line in enumerate(lines) if i not in gone))
    return kept_pages, dropped
