"""Turn an uploaded or on-disk report (txt, md, html, pdf, docx) into the one text its offsets index.

Everything here treats its input as hostile: a bad byte, a broken PDF, a zip bomb or a
path-like name ends in a `ReadError` that says which file and why, never in a crash.

Newlines: plain text keeps every character as decoded except that "\\r\\n" and a lone
"\\r" become "\\n", so that chunk offsets are the same whatever system wrote the file.
"""

from __future__ import annotations

from pathlib import Path

from common.types import Dropped, HeadingHint, SourceText
from ingest.read.base import ReadError, ReadKind
from ingest.read.names import MAX_NAME_BYTES, check_name, normalize_name, printable
from ingest.read.pdf import read_pdf
from ingest.read.plain import read_plain
from ingest.read.web import read_html
from ingest.read.word import read_docx
from ingest.reflow import reflow

__all__ = [
    "MAX_NAME_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadError",
    "ReadKind",
    "normalize_name",
    "printable",
    "read_bytes",
    "read_document",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})

# The format name recorded in SourceText.fmt for each suffix (.htm is just html).
_FMT_BY_SUFFIX = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


def read_document(path: Path, max_bytes: int | None = None) -> SourceText:
    """Read a report from disk (OSError if it cannot be opened); see `read_bytes`."""
    path = Path(path)
    # Refuse an oversized file before pulling it into memory.
    if max_bytes is not None and path.stat().st_size > max_bytes:
        raise ReadError(path.name, f"larger than {max_bytes} bytes", "too_large")
    return read_bytes(path.name, path.read_bytes(), max_bytes)


def read_bytes(name: str, data: bytes, max_bytes: int | None = None) -> SourceText:
    """Decode or extract the text of `data`, a file called `name`, according to its suffix.

    The name is checked as it is (a file already on disk keeps its name); a name from a user
    goes through `normalize_name` first."""
    check_name(name)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(name, f"unsupported file type {suffix or '(none)'!r}; use {supported}", "unsupported")
    if max_bytes is not None and len(data) > max_bytes:
        raise ReadError(name, f"larger than {max_bytes} bytes", "too_large")
    if not data:
        raise ReadError(name, "empty file")

    fmt = _FMT_BY_SUFFIX[suffix]
    dropped: list[Dropped] = []
    headings: list[HeadingHint] = []
    title = ""
    # Each format has its own reader; all return the text and the encoding (if any).
    if fmt in ("txt", "md"):
        text, encoding = read_plain(name, data)
    elif fmt == "html":
        text, encoding, title = read_html(name, data)
    elif fmt == "pdf":
        text, dropped = read_pdf(name, data)
        encoding = None
    else:
        text, headings, title = read_docx(name, data)
        encoding = None
    # A report says something: text of nothing but spaces, marks or invisible characters
    # (zero-width spaces pass every other check) is no report.
    if not any(ch.isalnum() for ch in text):
        raise ReadError(name, "no text: only spaces, punctuation or invisible characters")
    # Plain text and PDF text may be hard-wrapped: their line breaks inside sentences go.
    if fmt in ("txt", "md", "pdf"):
        text, joined = reflow(text)
        if joined:
            dropped.append(Dropped(reason="hard line breaks joined", text=f"{joined} line breaks"))
    return SourceText(doc=name, text=text, fmt=fmt, encoding=encoding, dropped=dropped, headings=headings, title=title)
