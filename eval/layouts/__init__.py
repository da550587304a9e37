"""Render a plain-text report into the layouts real files arrive in, to test that ingest survives them.

Every function is pure and deterministic (same input, byte-identical output) and needs no network or font file:
- render_pdf: A4 PDF, hard-wrapped indented paragraphs, running header, page numbers (pdf.py);
- render_docx: Word document from # / ## / !b / | line markup (word.py);
- render_html: a complete government or news site page (web.py);
- with_byline, to_traditional, hard_wrap: plain-text variants (text.py).
`python -m eval.layouts variants SRC OUT` and `python -m eval.layouts unseen` write them to disk (cli.py).
"""

from eval.layouts.pdf import PAGE_STYLES, render_pdf
from eval.layouts.text import hard_wrap, to_traditional, with_byline
from eval.layouts.web import render_html
from eval.layouts.word import render_docx

__all__ = ["PAGE_STYLES", "hard_wrap", "render_docx", "render_html", "render_pdf", "to_traditional", "with_byline"]
