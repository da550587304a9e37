"""PDF attacks: flate bombs, encryption, truncation, page-tree loops, page counts, deep nesting, no text."""

from __future__ import annotations

from .build import HELVETICA, cjk_pdf, deflated_zeros, encrypted_pdf, pdf_stream, raw_pdf, seeded_rng, text_page_pdf
from .model import MB, H, Hostile
from .reports import REPORTS


def pdf_files() -> list[Hostile]:
    report = REPORTS[0]
    valid = cjk_pdf(report)
    bomb = deflated_zeros(200 * MB)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"

    def pages(count: int) -> bytes:
        kids = b" ".join(b"%d 0 R" % n for n in range(3, count + 3))
        return raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
                *[page] * count,
            ]
        )

    text_page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    )
    return [
        # a page content stream inflating to 200 MB of zeros
        H(
            "pdf-flate-bomb",
            "flate-bomb.pdf",
            raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                    pdf_stream(bomb, b"/Filter /FlateDecode "),
                ]
            ),
            "refuse",
        ),
        # the same bomb as a font file beside a page of real text
        H(
            "pdf-flate-bomb-font",
            "flate-bomb-font.pdf",
            raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    text_page,
                    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontDescriptor 6 0 R >>",
                    pdf_stream(b"BT /F1 12 Tf 72 720 Td (Gansu closed 2316 petitions) Tj ET"),
                    b"<< /Type /FontDescriptor /FontName /Helvetica /FontFile 7 0 R >>",
                    pdf_stream(bomb, b"/Filter /FlateDecode "),
                ]
            ),
            "either",
        ),
        # encrypted with a user password: unreadable without it
        H("pdf-encrypted", "encrypted.pdf", encrypted_pdf(valid, "secret", "owner"), "refuse"),
        # encrypted with an empty user password: any reader opens it
        H("pdf-encrypted-empty-user", "encrypted-open.pdf", encrypted_pdf(valid, "", "owner"), "either", (report[0],)),
        # a valid PDF cut to its first 100 bytes
        H("pdf-truncated-head", "truncated-head.pdf", valid[:100], "refuse"),
        # a valid PDF cut in half (no xref, no trailer)
        H("pdf-truncated-half", "truncated-half.pdf", valid[: len(valid) // 2], "either", (report[0],)),
        # a page tree whose /Kids cycle (2 -> 3 -> 2): no leaf page ever
        H(
            "pdf-kids-loop",
            "kids-loop.pdf",
            raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
                ]
            ),
            "refuse",
        ),
        # a page whose /Parent chain cycles (page -> 4 -> page) while inheriting its resources
        H(
            "pdf-parent-loop",
            "parent-loop.pdf",
            raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 4 0 R /Contents 5 0 R >>",
                    b"<< /Type /Pages /Parent 3 0 R /Kids [3 0 R] /Count 1 >>",
                    pdf_stream(b"BT /F1 12 Tf 72 720 Td (loop) Tj ET"),
                ]
            ),
            "either",
        ),
        # a catalog that is its own page tree
        H(
            "pdf-self-pages",
            "self-pages.pdf",
            raw_pdf([b"<< /Type /Catalog /Pages 1 0 R /Kids [1 0 R] /Count 1 >>"]),
            "refuse",
        ),
        # 2,000 empty pages (the page limit, no text)
        H("pdf-2000-empty-pages", "empty-pages.pdf", pages(2000), "refuse"),
        # 2,001 empty pages (one over)
        H("pdf-2001-empty-pages", "empty-pages-2001.pdf", pages(2001), "refuse"),
        # a page tree claiming a billion pages
        H(
            "pdf-huge-count",
            "huge-count.pdf",
            raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
                    text_page,
                    HELVETICA,
                    pdf_stream(b"BT /F1 12 Tf 72 720 Td (one real page) Tj ET"),
                ]
            ),
            "either",
        ),
        # arrays nested 100,000 deep in the catalog
        H(
            "pdf-deep-arrays",
            "deep-arrays.pdf",
            raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R /Junk " + b"[" * 100_000 + b"]" * 100_000 + b" >>",
                    b"<< /Type /Pages /Kids [] /Count 0 >>",
                ]
            ),
            "refuse",
        ),
        # a PDF header followed by random bytes
        H("pdf-header-random", "header-random.pdf", b"%PDF-1.7\n" + seeded_rng("pdf").randbytes(16 * 1024), "refuse"),
        # header and end marker only
        H("pdf-header-only", "header-only.pdf", b"%PDF-1.4\n%%EOF\n", "refuse"),
        # an xref pointing past the end of the file
        H(
            "pdf-bad-xref",
            "bad-xref.pdf",
            text_page_pdf(b"bad xref").replace(b"startxref\n", b"startxref\n99999999"),
            "either",
        ),
        # a page with no text layer (a drawing only, like a scan)
        H(
            "pdf-no-text",
            "no-text.pdf",
            raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                    pdf_stream(b"0 0 1 rg 72 72 400 400 re f"),
                ]
            ),
            "refuse",
        ),
        # a report that runs JavaScript when opened
        H(
            "pdf-javascript",
            "javascript.pdf",
            raw_pdf(
                [
                    b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    text_page,
                    HELVETICA,
                    pdf_stream(b"BT /F1 12 Tf 72 720 Td (Gansu closed 2316 petitions in 2023) Tj ET"),
                ]
            ),
            "either",
        ),
        # a small valid PDF of Chinese text (reportlab, CID font STSong-Light)
        H("pdf-valid-chinese", "valid-chinese.pdf", valid, "accept", (report[0],)),
    ]
