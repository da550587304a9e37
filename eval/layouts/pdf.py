"""An A4 PDF as Chinese offices publish one: centred title, indented hard-wrapped paragraphs, running header, folio."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

PageStyle = Literal["dash", "cn", "slash"]
PAGE_STYLES: tuple[PageStyle, ...] = ("dash", "cn", "slash")

# STSong-Light is one of the CID fonts every PDF reader has, so nothing is embedded or downloaded. Its
# UniGB-UCS2-H mapping lacks a few Western signs (· • © £ …), which would print as blanks and vanish from the
# extracted text; those are set in Helvetica, whose WinAnsi encoding both pdfplumber and pypdf read back, except
# the bullet, which reportlab puts at WinAnsi code 127 where neither reader finds it: it goes in MacRoman.
# Signs outside both (vertical punctuation forms, ń, ɑ) are rare in these reports and stay in STSong-Light.
CJK, LATIN, MAC_LATIN = "STSong-Light", "Helvetica", "Helvetica-MacRoman"
# WinAnsi signs that STSong-Light does map, although Python's gb2312 codec lacks them: they stay full-width.
_CJK_HAS = frozenset("€–—¥")
WIDTH, HEIGHT = A4
TOP, BOTTOM, SIDE = 80.0, 72.0, 50.0
BODY_PT, TITLE_PT, HEAD_PT, LEADING = 12.0, 18.0, 9.0, 1.7
INDENT = "\u3000\u3000"
# An ASCII run a line must not be broken inside: words, numbers, 12.5, 3,321, 2024-04-04, 10:21, mg/L, 98%.
_RUN = re.compile(r"[A-Za-z0-9]+(?:[.,:/\-][A-Za-z0-9]+)*%?")
# Chinese typesetting never starts a line with closing punctuation: the character before it moves down too.
_NO_HEAD = frozenset("，。、；：？！）》」』】〕”’…,.;:?!)%")


# One printed line: its text, point size, and whether it is centred (title) or starts at x (body).
@dataclass(frozen=True)
class Row:
    text: str
    size: float
    centred: bool
    x: float = SIDE


@lru_cache(maxsize=1)
def _register() -> None:
    # Registering twice is harmless but wasteful: once per process.
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    pdfmetrics.registerFont(pdfmetrics.Font(MAC_LATIN, LATIN, "MacRomanEncoding"))


def _font_for(ch: str) -> str:
    # Latin-1/WinAnsi signs that GB2312 lacks are the ones STSong-Light cannot show.
    if ch.isascii() or ch in _CJK_HAS:
        return CJK
    if ch == "•":
        return MAC_LATIN
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return CJK
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return LATIN
    return CJK


# A line is drawn, and measured, as runs of characters that share a font.
def _segments(s: str) -> list[tuple[str, str]]:
    return [(font, "".join(chars)) for font, chars in groupby(s, key=_font_for)]


def text_width(s: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(seg, font, size) for font, seg in _segments(s))


def _cut(s: str, width: int) -> int:
    # Keep closing punctuation off the next line's head, then break before an ASCII run the cut would split,
    # unless nothing but the indent precedes it or it is longer than a line (then it must break).
    cut = width - 1 if s[width] in _NO_HEAD and s[: width - 1].strip() else width
    for m in _RUN.finditer(s, 0, width + 1):
        if m.start() < cut < m.end():
            fits = m.end() - m.start() <= width and bool(s[: m.start()].strip())
            return m.start() if fits else width
    return cut


def wrap_paragraph(para: str, width: int) -> list[str]:
    """Lines of at most width characters (each character counts 1), keeping ASCII runs whole where possible."""
    lines: list[str] = []
    while len(para) > width:
        cut = _cut(para, width)
        lines.append(para[:cut])
        para = para[cut:]
    return [*lines, para]


def _rows(text: str, wrap: int, size: float) -> list[Row]:
    # The first non-empty line is the title, centred and larger; every other line is an indented paragraph.
    paras = [line.strip() for line in text.splitlines() if line.strip()]
    if not paras:
        return []
    per_title_line = max(1, int((WIDTH - 2 * SIDE) / TITLE_PT))
    rows = [Row(t, TITLE_PT, True) for t in wrap_paragraph(paras[0], per_title_line)]
    rows.append(Row("", size, False))
    x = (WIDTH - wrap * size) / 2
    rows += [Row(t, size, False, x) for p in paras[1:] for t in wrap_paragraph(INDENT + p, wrap)]
    return rows


def _paginate(rows: list[Row]) -> list[list[Row]]:
    # Fixed leading per row, so pages can be counted before anything is drawn ("第 3 页 共 12 页" needs the total).
    pages: list[list[Row]] = [[]]
    room = HEIGHT - TOP - BOTTOM
    used = 0.0
    for row in rows:
        h = row.size * LEADING
        if used + h > room and pages[-1]:
            pages.append([])
            used = 0.0
        if row.text or pages[-1]:
            pages[-1].append(row)
            used += h
    return pages


def folio(n: int, total: int, style: PageStyle) -> str:
    """The page number as printed at the foot of page n of total."""
    return {"dash": f"— {n} —", "cn": f"第 {n} 页 共 {total} 页", "slash": f"{n} / {total}"}[style]


def _draw(c: Canvas, x: float, y: float, s: str, size: float) -> None:
    t = c.beginText(x, y)
    for font, seg in _segments(s):
        t.setFont(font, size)
        t.textOut(seg)
    c.drawText(t)


def _centred(c: Canvas, y: float, s: str, size: float) -> None:
    _draw(c, (WIDTH - text_width(s, size)) / 2, y, s, size)


def _header(c: Canvas, header: str) -> None:
    # The running header, shrunk to fit one line, with a rule under it.
    size = min(HEAD_PT, HEAD_PT * (WIDTH - 2 * SIDE) / max(text_width(header, HEAD_PT), 1.0))
    _centred(c, HEIGHT - 45, header, size)
    c.setLineWidth(0.5)
    c.line(SIDE, HEIGHT - 52, WIDTH - SIDE, HEIGHT - 52)


def render_pdf(text: str, *, header: str, wrap: int = 36, page_style: PageStyle = "dash") -> bytes:
    """An A4 PDF of text (first line the title) with a running header and page numbers; same input, same bytes."""
    if wrap < 4:
        raise ValueError(f"wrap must be at least 4, not {wrap}")
    _register()
    size = min(BODY_PT, (WIDTH - 2 * SIDE) / wrap)
    pages = _paginate(_rows(text, wrap, size))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(next((line.strip() for line in text.splitlines() if line.strip()), ""))
    c.setAuthor(header)
    for n, page in enumerate(pages, 1):
        _header(c, header)
        y = HEIGHT - TOP
        for row in page:
            y -= row.size * LEADING
            if row.centred:
                _centred(c, y, row.text, row.size)
            else:
                _draw(c, row.x, y, row.text, row.size)
        # The folio is drawn last so that extractors reading in stream order (pypdf) also see it last.
        _centred(c, 40, folio(n, len(pages), page_style), HEAD_PT + 1)
        c.showPage()
    c.save()
    return buf.getvalue()
