"""DOCX attacks: zip bombs, traversal members, truncation, broken or entity-laden XML, odd compression."""

from __future__ import annotations

import io
import zipfile

from .build import (
    CONTENT_TYPES,
    RELS,
    document_xml,
    make_docx,
    make_zip,
    raw_docx,
    seeded_rng,
    set_zip_method,
    zip_of_zeros,
)
from .model import MB, H, Hostile
from .reports import GANSU, REPORTS


def docx_files() -> list[Hostile]:
    report = REPORTS[0]
    valid = make_docx(report)
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    billion = f'<!DOCTYPE w:document [<!ENTITY lol0 "lol">{laughs}]>'
    xxe = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    traversal = [
        ("../../evil.txt", b"escaped"),
        ("/tmp/hostile-abs.txt", b"absolute"),
        ("word\\..\\..\\win.txt", b"win"),
    ]
    return [
        # document.xml inflating from about 100 KB to 100 MB of zeros
        H(
            "docx-zip-bomb",
            "zip-bomb.docx",
            zip_of_zeros(
                [("word/document.xml", 100 * MB)], [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS)]
            ),
            "refuse",
        ),
        # a 50 MB bomb in styles.xml, a part the text does not come from
        H(
            "docx-bomb-styles",
            "bomb-styles.docx",
            zip_of_zeros([("word/styles.xml", 50 * MB)], _members(valid, skip="word/styles.xml")),
            "refuse",
        ),
        # 210 one-megabyte parts: each small enough to pass a per-part ratio test, 210 MB in all
        H(
            "docx-bomb-many-1mb",
            "bomb-many.docx",
            zip_of_zeros([(f"word/media/p{i}.bin", MB) for i in range(210)], _members(valid), level=1),
            "refuse",
        ),
        # 20,000 empty parts (directory parsing cost)
        H(
            "docx-many-entries",
            "many-entries.docx",
            make_zip([*_members(valid), *((f"x/{i}", b"") for i in range(20_000))]),
            "refuse",
        ),
        # a valid document plus members named with ../, an absolute path and Windows separators
        H(
            "docx-traversal-members",
            "traversal-members.docx",
            make_zip([*_members(valid), *traversal]),
            "either",
            (report[0],),
        ),
        # only traversal members, no Word parts
        H("docx-traversal-only", "traversal-only.docx", make_zip(traversal), "refuse"),
        # a valid document cut in half
        H("docx-truncated-half", "truncated-half.docx", valid[: len(valid) // 2], "refuse"),
        # a valid document missing its last 10 bytes (the end-of-directory record)
        H("docx-truncated-tail", "truncated-tail.docx", valid[:-10], "refuse"),
        # a zip of a text file, not a Word document
        H("docx-not-docx", "not-word.docx", make_zip([("report.txt", GANSU.encode())]), "refuse"),
        # document.xml that is not well-formed
        H("docx-broken-xml", "broken-xml.docx", raw_docx(document_xml([report[1]])[:-40]), "refuse"),
        # document.xml that is not XML at all
        H("docx-garbage-xml", "garbage-xml.docx", raw_docx(seeded_rng("docx").randbytes(4096)), "refuse"),
        # billion laughs inside document.xml
        H("docx-billion-laughs", "laughs.docx", raw_docx(document_xml(["&lol9;"], billion)), "refuse"),
        # billion laughs beside real text
        H(
            "docx-laughs-with-text",
            "laughs-text.docx",
            raw_docx(document_xml([report[0], "&lol9;", report[1]], billion)),
            "either",
            (report[0],),
        ),
        # an external entity naming /etc/passwd
        H("docx-xxe", "xxe.docx", raw_docx(document_xml([report[0], "&xxe;"], xxe)), "either", (report[0],)),
        # parts stored with a compression method zipfile cannot inflate (99: AES)
        H(
            "docx-unknown-method",
            "unknown-method.docx",
            set_zip_method(raw_docx(document_xml(report), ()), 99),
            "refuse",
        ),
        # document.xml stored twice under the same name
        H(
            "docx-duplicate-part",
            "duplicate-part.docx",
            raw_docx(document_xml(report), [("word/document.xml", document_xml(["second copy"]))]),
            "either",
        ),
        # a Word document with no paragraphs
        H("docx-no-text", "no-text.docx", make_docx([]), "refuse"),
        # a minimal hand-made package with a report in it
        H("docx-minimal", "minimal.docx", raw_docx(document_xml(report)), "accept", (report[0],)),
        # a small valid document made with python-docx
        H("docx-valid-small", "valid-small.docx", make_docx([report[1]], heading=report[0]), "accept", (report[0],)),
    ]


def _members(data: bytes, skip: str = "") -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist() if info.filename != skip]
