"""Files with nothing to read or that are no report: empty, NUL bytes, random binary, unsupported types."""

from __future__ import annotations

import zlib

from .build import cjk_pdf, make_docx, make_zip, seeded_rng, text_page_pdf
from .model import H, Hostile
from .reports import GANSU, GANSU_TITLE, REPORTS, as_html


def empty_files() -> list[Hostile]:
    return [
        # zero bytes under every supported suffix: nothing to read
        H("empty-txt", "empty.txt", b"", "refuse"),
        H("empty-md", "empty.md", b"", "refuse"),
        H("empty-html", "empty.html", b"", "refuse"),
        H("empty-htm", "empty.htm", b"", "refuse"),
        H("empty-pdf", "empty.pdf", b"", "refuse"),
        H("empty-docx", "empty.docx", b"", "refuse"),
        # spaces and newlines only
        H("ws-spaces-txt", "spaces.txt", b"   \n \t \n  ", "refuse"),
        # CR/LF only (newline unification must not turn them into text)
        H("ws-crlf-md", "crlf.md", b"\r\n\r\n\r\r\n", "refuse"),
        # ideographic spaces (U+3000) only: whitespace in Chinese text
        H("ws-ideographic-txt", "ideographic.txt", ("\u3000" * 200 + "\n").encode(), "refuse"),
        # zero-width spaces only: not whitespace to str.strip(), yet nothing visible
        H("ws-zero-width-txt", "zero-width.txt", ("\u200b" * 300).encode(), "refuse"),
        # a UTF-8 byte-order mark and nothing else
        H("ws-utf8-bom-only", "bom8.txt", b"\xef\xbb\xbf", "refuse"),
        # a UTF-16 byte-order mark and nothing else
        H("ws-utf16-bom-only", "bom16.txt", b"\xff\xfe", "refuse"),
        # an HTML page of non-breaking spaces
        H("ws-html-nbsp", "nbsp.html", b"<html><body><p>&nbsp;&nbsp;</p><p>\xc2\xa0</p></body></html>", "refuse"),
    ]


def nul_files() -> list[Hostile]:
    body = GANSU.encode()
    return [
        # a NUL in the middle of a report
        H("nul-middle-txt", "nul-middle.txt", body[:90] + b"\x00" * 16 + body[90:], "refuse"),
        # nothing but NULs
        H("nul-only-txt", "nul-only.txt", bytes(4096), "refuse"),
        # NULs trailing a Markdown report (a preallocated file never trimmed)
        H("nul-tail-md", "nul-tail.md", body + bytes(2048), "refuse"),
        # NULs inside an HTML page
        H(
            "nul-html",
            "nul.html",
            b"<html><body><p>" + body[:60] + b"\x00\x00\x00" + body[60:] + b"</p></body></html>",
            "refuse",
        ),
        # a single NUL in a long report: refusing it or dropping it are both fine, reading past it garbled is not
        H("nul-single-txt", "nul-single.txt", body * 4 + b"\x00" + body, "either", (GANSU_TITLE,)),
    ]


def binary_files() -> list[Hostile]:
    rng = seeded_rng("binary")
    out: list[Hostile] = []
    for suffix in ("txt", "md", "html", "htm", "pdf", "docx"):
        # uniformly random bytes under a supported suffix
        out.append(H(f"random-{suffix}", f"random.{suffix}", rng.randbytes(64 * 1024), "refuse"))
        # random bytes behind the suffix's own magic (a PDF header, a zip header, an HTML tag)
        magic = {"pdf": b"%PDF-1.7\n", "docx": b"PK\x03\x04", "html": b"<html>", "htm": b"<!DOCTYPE html>"}
        data = magic.get(suffix, b"\xef\xbb\xbf") + rng.randbytes(8 * 1024)
        out.append(H(f"random-magic-{suffix}", f"random-magic.{suffix}", data, "refuse"))
    # random bytes from the GB2312 range only: decodes cleanly as GB18030 into gibberish hanzi
    gibberish = bytes(rng.randrange(0xB0, 0xF7) if i % 2 == 0 else rng.randrange(0xA1, 0xFE) for i in range(20_000))
    out.append(H("random-gb-range-txt", "random-gb.txt", gibberish, "either"))
    # high bytes only (0x80-0xFF, no controls): neither UTF-8 nor a legacy Chinese encoding
    out.append(
        H("random-high-md", "random-high.md", bytes(rng.randrange(0x80, 0x100) for _ in range(20_000)), "refuse")
    )
    return out


def type_files() -> list[Hostile]:
    text = GANSU.encode()
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"PE\x00\x00" + bytes(256)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + seeded_rng("ole").randbytes(2048)
    # Real PDFs carry compressed fonts and images: high-entropy bytes a text check must see as binary.
    font_file = zlib.compress(seeded_rng("font").randbytes(8 * 1024))
    return [
        # a Windows executable
        H("type-exe", "report.exe", exe, "refuse"),
        # a zip archive holding a report
        H("type-zip", "report.zip", make_zip([("report.txt", text)]), "refuse"),
        # legacy Word 97-2003
        H("type-doc", "report.doc", ole, "refuse"),
        # rich text
        H("type-rtf", "report.rtf", rb"{\rtf1\ansi{\fonttbl\f0 SimSun;}\f0 \u29976?\u32899? report}", "refuse"),
        # JSON
        H("type-json", "report.json", b'{"title": "report", "text": "\\u7518\\u8083"}', "refuse"),
        # a plain-text report with no suffix at all
        H("type-no-suffix", "report", text, "refuse"),
        # a text file whose last suffix is .exe
        H("type-txt-exe", "report.txt.exe", text, "refuse"),
        # a text file whose last suffix is .txt: the last suffix decides, so it is a text report
        H("type-exe-txt", "report.exe.txt", text, "accept", (GANSU_TITLE,)),
        # a spreadsheet
        H("type-xlsx", "report.xlsx", make_zip([("xl/workbook.xml", b"<workbook/>")]), "refuse"),
        # SVG (XML that browsers run scripts in)
        H("type-svg", "report.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "refuse"),
        # a PHP web shell
        H("type-php", "shell.php", b"<?php system($_GET['c']); ?>", "refuse"),
        # CSV
        H("type-csv", "report.csv", "省份,办结\n甘肃,2316\n".encode(), "refuse"),
        # a trailing space after the suffix (Windows would drop it; the suffix is then ".txt ")
        H("type-trailing-space", "report.txt ", text, "refuse"),
        # a trailing dot after the suffix
        H("type-trailing-dot", "report.txt.", text, "refuse"),
        # upper-case suffix: still a text report
        H("type-upper-suffix", "REPORT-UPPER.TXT", text, "accept", (GANSU_TITLE,)),
        # an HTML page saved as .txt: it is text, markup and all
        H("type-html-as-txt", "page-as-text.txt", as_html(REPORTS[0]).encode(), "accept", (GANSU_TITLE,)),
        # a PDF with a compressed (binary) embedded-font stream, named .txt
        H("type-pdf-as-txt", "pdf-as-text.txt", text_page_pdf(b"font", font_file), "refuse"),
        # a PDF named .docx
        H("type-pdf-as-docx", "pdf-as-word.docx", cjk_pdf(REPORTS[0]), "refuse"),
        # a DOCX named .pdf
        H("type-docx-as-pdf", "word-as-pdf.pdf", make_docx(REPORTS[0]), "refuse"),
        # a legacy .doc renamed to .docx
        H("type-doc-as-docx", "legacy.docx", ole, "refuse"),
        # a gzip stream named .md
        H(
            "type-gzip-as-md",
            "gzip.md",
            b"\x1f\x8b\x08\x00" + bytes(4) + b"\x00\x03" + zlib.compress(text)[2:],
            "refuse",
        ),
        # an ELF binary named .txt
        H(
            "type-elf-as-txt",
            "elf.txt",
            b"\x7fELF\x02\x01\x01" + bytes(9) + seeded_rng("elf").randbytes(4096),
            "refuse",
        ),
        # a PNG named .md
        H(
            "type-png-as-md",
            "image.md",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + seeded_rng("png").randbytes(4096),
            "refuse",
        ),
    ]
