"""PDF: the text layer page by page, without running headers, footers and page numbers."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdf

from common.types import Dropped
from ingest.pages import strip_page_furniture
from ingest.read.base import ReadError
from ingest.read.plain import unify_newlines

# Bounds on what a PDF may cost us: pages walked and characters kept.
MAX_PDF_PAGES = 2_000
MAX_PDF_CHARS = 5_000_000


def read_pdf(name: str, data: bytes) -> tuple[str, list[Dropped]]:
    """A PDF's text layer, page after page, one "\\n" between pages, without page furniture."""
    reader = _open_pdf(name, data)
    pages, dropped = strip_page_furniture([unify_newlines(page) for page in _pdf_page_texts(name, reader)])
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError(name, "no text layer (scanned PDF?)")
    return text, dropped


def _open_pdf(name: str, data: bytes) -> pypdf.PdfReader:
    # pypdf raises many exception types on hostile input (PdfReadError, ValueError,
    # KeyError, RecursionError, zlib errors...), all of which mean "malformed PDF" here.
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(name, "encrypted PDF (needs a password)")
        page_count = len(reader.pages)
    except ReadError:
        raise
    except pypdf.errors.DependencyError as exc:
        raise ReadError(name, f"encrypted PDF that cannot be opened: {exc}") from exc
    except Exception as exc:
        raise ReadError(name, f"malformed PDF: {exc}") from exc
    if page_count > MAX_PDF_PAGES:
        raise ReadError(name, f"PDF has {page_count} pages, more than {MAX_PDF_PAGES}")
    return reader


def _pdf_page_texts(name: str, reader: pypdf.PdfReader) -> Iterator[str]:
    """Each page's text, stopping with a ReadError once the total passes MAX_PDF_CHARS."""
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        # Same as when opening: any pypdf failure on a page is a malformed file.
        try:
            page_text = page.extract_text() or ""
        except Exception as exc:
            raise ReadError(name, f"malformed PDF (page {number}): {exc}") from exc
        total += len(page_text)
        if total > MAX_PDF_CHARS:
            raise ReadError(name, f"PDF text longer than {MAX_PDF_CHARS} characters")
        yield page_text
