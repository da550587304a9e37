"""Build eval/fourth/corpus from eval/fourth/src.

Run from the repository root:  .venv/bin/python eval/fourth/src/build.py

1. Every row of src/k/MANIFEST.tsv and src/m/MANIFEST.tsv is rendered with the shared renderer
   (the same as `python -m eval.layouts unseen --src eval/fourth/src --out eval/fourth/corpus`).
2. The shared renderer reads sources with universal newlines, so it writes LF only; the two
   plain-text genres that must arrive with CRLF line ends (m01 GB18030, m03 Big5) are re-encoded
   here from their CRLF sources.
3. The shared PDF renderer has no tables and prints "— N —"; the basin report m04 needs a table and
   "- N -" footers, so it is re-rendered here with reportlab (STSong-Light, nothing embedded).
Same input, same bytes (reportlab invariant mode, fixed DOCX/zip times in the shared renderer).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from reportlab import rl_config  # noqa: E402

rl_config.invariant = 1

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

from eval.layouts.cli import unseen  # noqa: E402

SRC = HERE
OUT = HERE.parent / "corpus"
FONT = "STSong-Light"

# Plain-text outputs whose line ends must be CRLF: (group, source, output, encoding).
CRLF_TEXTS = (
    ("m", "m01_liaoning_cases.txt", "m01_liaoning_cases.txt", "gb18030"),
    ("m", "m03_xinjiang_disclosure_hk_big5.txt", "m03_xinjiang_disclosure_hk_big5.txt", "big5"),
)


def crlf_text(group: str, source: str, output: str, encoding: str) -> None:
    with open(SRC / group / source, encoding="utf-8", newline="") as f:
        text = f.read()
    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    (OUT / output).write_bytes(text.encode(encoding))


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def basin_pdf(group: str, source: str, output: str, header: str) -> None:
    """Title, subtitle, '# ' headings, '表' captions, '|' table rows, other lines as indented paragraphs."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    lines = (SRC / group / source).read_text(encoding="utf-8").splitlines()
    lines = [line.strip() for line in lines if line.strip()]
    title, subtitle, body = lines[0], lines[1], lines[2:]
    st_title = ParagraphStyle("t", fontName=FONT, fontSize=19, leading=28, alignment=TA_CENTER, wordWrap="CJK")
    st_sub = ParagraphStyle(
        "s", fontName=FONT, fontSize=11.5, leading=18, alignment=TA_CENTER, spaceAfter=12, wordWrap="CJK"
    )
    st_head = ParagraphStyle(
        "h", fontName=FONT, fontSize=14, leading=22, spaceBefore=8, spaceAfter=4, wordWrap="CJK", keepWithNext=1
    )
    st_cap = ParagraphStyle(
        "c",
        fontName=FONT,
        fontSize=11,
        leading=16,
        alignment=TA_CENTER,
        spaceBefore=6,
        spaceAfter=3,
        wordWrap="CJK",
        keepWithNext=1,
    )
    st_body = ParagraphStyle(
        "p", fontName=FONT, fontSize=12.5, leading=22, firstLineIndent=25, alignment=TA_JUSTIFY, wordWrap="CJK"
    )
    st_cell = ParagraphStyle("x", fontName=FONT, fontSize=9.5, leading=13, wordWrap="CJK")
    story = [Paragraph(_esc(title), st_title), Paragraph(_esc(subtitle), st_sub)]
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        width = A4[0] - 50 * mm
        ncol = max(len(r) for r in rows)
        data = [[Paragraph(_esc(c), st_cell) for c in r + [""] * (ncol - len(r))] for r in rows]
        table = Table(data, colWidths=[width / ncol] * ncol, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.extend([table, Spacer(1, 8)])
        rows.clear()

    for line in body:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        flush()
        if line.startswith("# "):
            story.append(Paragraph(_esc(line[2:]), st_head))
        elif line.startswith("表") and len(line) < 40:
            story.append(Paragraph(_esc(line), st_cap))
        else:
            story.append(Paragraph(_esc(line), st_body))
    flush()

    def furniture(canvas, doc) -> None:
        w, h = A4
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(w / 2, h - 15 * mm, header)
        canvas.setLineWidth(0.5)
        canvas.line(25 * mm, h - 17 * mm, w - 25 * mm, h - 17 * mm)
        canvas.setFont(FONT, 10.5)
        canvas.drawCentredString(w / 2, 12 * mm, f"- {doc.page} -")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(OUT / output),
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=26 * mm,
        bottomMargin=22 * mm,
        title=title,
        author="",
        subject="",
        creator="",
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    n = unseen(SRC, OUT)
    for row in CRLF_TEXTS:
        crlf_text(*row)
    basin_pdf(
        "m",
        "m04_fenhe_basin_report.pdf.txt",
        "m04_fenhe_basin_report.pdf",
        header="汾河流域生态环境保护暨历轮督察整改情况报告　山西省汾河流域生态保护修复与督察整改工作专班",
    )
    print(f"wrote {n} files to {OUT} (m01/m03 re-encoded with CRLF, m04 rebuilt with tables)")


if __name__ == "__main__":
    main()
