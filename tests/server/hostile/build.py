"""Low-level builders for the hostile files: zips, Word packages, PDFs (raw, Chinese, encrypted), seeded randomness.

All deterministic: fixed dates, no random ids, so the same call gives the same bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from functools import cache

import docx
import pypdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .model import MB

# ---- container helpers (all deterministic: fixed dates, no random ids) -------------------------

_EPOCH = (2024, 1, 1, 0, 0, 0)


def make_zip(members: Iterable[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with fixed timestamps, so the same members always give the same bytes."""
    out = io.BytesIO()
    # One entry stores a part twice on purpose; zipfile warns about that.
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore", UserWarning)
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, _EPOCH), data, compress_type=method)
    return out.getvalue()


def zip_of_zeros(parts: Iterable[tuple[str, int]], base: Iterable[tuple[str, bytes]] = (), level: int = 9) -> bytes:
    """A zip whose named parts inflate to that many NUL bytes, streamed so no big buffer is built.

    Level 9 gives the ratio a real bomb has (about 1000:1); level 1 is four times faster, for
    parts whose ratio does not matter."""
    out = io.BytesIO()
    chunk = bytes(MB)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in base:
            archive.writestr(zipfile.ZipInfo(name, _EPOCH), data, compress_type=zipfile.ZIP_DEFLATED)
        for name, size in parts:
            # A name (not a ZipInfo) takes the archive's level and the fixed 1980 date.
            with archive.open(name, "w") as member:
                for start in range(0, size, MB):
                    member.write(chunk[: min(MB, size - start)])
    return out.getvalue()


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps (python-docx stamps the current time on each part)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return make_zip((info.filename, archive.read(info)) for info in archive.infolist())


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)


def document_xml(paragraphs: Iterable[str], doctype: str = "") -> bytes:
    """A bare WordprocessingML body, one run per paragraph (the text is inserted raw: entities stay)."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
    return (xml + f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>').encode()


def raw_docx(document_xml: bytes, extra: Iterable[tuple[str, bytes]] = ()) -> bytes:
    """The smallest package Word (and python-docx) opens: content types, one relationship, the body."""
    members = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("word/document.xml", document_xml)]
    return make_zip([*members, *extra])


def make_docx(paragraphs: Iterable[str], heading: str = "") -> bytes:
    """A real Word document made with python-docx, with fixed core properties and timestamps."""
    document = docx.Document()
    fixed = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    document.core_properties.created = document.core_properties.modified = fixed
    document.core_properties.last_printed = fixed
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return _normalize_zip(out.getvalue())


def set_zip_method(data: bytes, method: int) -> bytes:
    """Patch every header's compression method (local and central) to one zipfile cannot inflate."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = out.find(signature)
        while at != -1:
            out[at + offset : at + offset + 2] = method.to_bytes(2, "little")
            at = out.find(signature, at + 4)
    return bytes(out)


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def pdf_stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), entries, data)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_page_pdf(text: bytes, extra_stream: bytes = b"") -> bytes:
    """One Latin page: catalog, pages, page, font, content (and an unreferenced deflated stream if given)."""
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text
    extra = [pdf_stream(extra_stream, b"/Filter /FlateDecode ")] if extra_stream else []
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            HELVETICA,
            pdf_stream(content),
            *extra,
        ]
    )


def deflated_zeros(size: int) -> bytes:
    """`size` NUL bytes deflated (zlib-wrapped, as /FlateDecode wants), compressed a megabyte at a time.

    Level 1: a PDF reader has no ratio test, only the inflated size counts, and level 1 is four times faster."""
    compressor = zlib.compressobj(1)
    chunk = bytes(MB)
    parts = [compressor.compress(chunk[: min(MB, size - start)]) for start in range(0, size, MB)]
    return b"".join(parts) + compressor.flush()


@cache
def _cjk_font() -> str:
    # STSong-Light is a standard CID font every reader has: nothing is embedded.
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def cjk_pdf(lines: Iterable[str], width: int = 30) -> bytes:
    """A reportlab PDF of Chinese lines, wrapped at `width` characters (invariant: no dates, fixed ids)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    pdf.setFont(_cjk_font(), 12)
    y = 760
    for line in lines:
        for start in range(0, max(len(line), 1), width):
            pdf.drawString(60, y, line[start : start + width])
            y -= 18
        y -= 6
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def encrypted_pdf(pdf: bytes, user: str, owner: str) -> bytes:
    """`pdf` encrypted with RC4-128 under a fixed file id, so the bytes are the same on every run."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    # RC4 keys derive from the passwords and the first file id only (AES would draw random salts);
    # pypdf draws the second id at random, so both are pinned, before and after encrypting.
    fixed_id = pypdf.generic.ArrayObject([pypdf.generic.ByteStringObject(b"hostile-fixed-id")] * 2)
    writer._ID = fixed_id
    writer.encrypt(user_password=user, owner_password=owner, algorithm="RC4-128")
    writer._ID = fixed_id
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def seeded_rng(section: str) -> random.Random:
    # A string seed is hashed (SHA-512) by `random`: stable across runs and Python versions.
    return random.Random(f"hostile-{section}")
