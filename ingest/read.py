"""Turn an uploaded or on-disk report (txt, md, html, pdf, docx) into the one text its offsets index.

Everything here treats its input as hostile: a bad byte, a broken PDF, a zip bomb or a
path-like name ends in a `ReadError` that says which file and why, never in a crash.

Newlines: plain text keeps every character as decoded except that "\\r\\n" and a lone
"\\r" become "\\n", so that chunk offsets are the same whatever system wrote the file.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Literal

import docx
import pypdf
from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from charset_normalizer import from_bytes
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from common.types import Dropped, HeadingHint, SourceText
from ingest.pages import strip_page_furniture
from ingest.reflow import reflow

ReadKind = Literal["unsupported", "too_large", "invalid"]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})

# The format name recorded in SourceText.fmt for each suffix (.htm is just html).
_FMT_BY_SUFFIX = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}

# Longest file name most file systems accept; longer is surely not a real report name.
_MAX_NAME_CHARS = 255

# Characters a file name must not hide: controls, format characters (bidi overrides that
# disguise "txt.exe"), line/paragraph separators, and surrogates from undecodable bytes.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})

# Bounds on what a PDF may cost us: pages walked and characters kept.
MAX_PDF_PAGES = 2_000
MAX_PDF_CHARS = 5_000_000

# Zip-bomb bounds on a DOCX, checked on the zip directory before any part is inflated.
# The ratio test only applies to entries above a floor: small XML parts can legitimately
# compress very well, and they cannot hurt us anyway.
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_RATIO = 200
MAX_DOCX_ENTRIES = 10_000
_DOCX_RATIO_FLOOR = 1024 * 1024

# Bytes that never occur in text (all C0 controls but tab, newline, vertical tab, form
# feed, carriage return and escape; and DEL). Many of them means binary.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.01

# Characters looked at to tell GB18030 from Big5.
_HANZI_SAMPLE = 20_000

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(ValueError):
    """A document that cannot be read; `kind` tells the API which status to answer."""

    def __init__(self, doc: str, reason: str, kind: ReadKind = "invalid") -> None:
        super().__init__(f"{doc}: {reason}")
        self.doc = doc
        self.reason = reason
        self.kind: ReadKind = kind

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str, ReadKind]]:
        # Exceptions pickle as cls(*args); ours takes three arguments, not the message.
        return (type(self), (self.doc, self.reason, self.kind))


def read_document(path: Path, max_bytes: int | None = None) -> SourceText:
    """Read a report from disk (OSError if it cannot be opened); see `read_bytes`."""
    path = Path(path)
    # Refuse an oversized file before pulling it into memory.
    if max_bytes is not None and path.stat().st_size > max_bytes:
        raise ReadError(path.name, f"larger than {max_bytes} bytes", "too_large")
    return read_bytes(path.name, path.read_bytes(), max_bytes)


def read_bytes(name: str, data: bytes, max_bytes: int | None = None) -> SourceText:
    """Decode or extract the text of `data`, a file called `name`, according to its suffix."""
    _check_name(name)
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
        text, encoding = _read_plain(name, data)
    elif fmt == "html":
        text, encoding, title = _read_html(name, data)
    elif fmt == "pdf":
        text, dropped = _read_pdf(name, data)
        encoding = None
    else:
        text, headings, title = _read_docx(name, data)
        encoding = None
    # Plain text and PDF text may be hard-wrapped: their line breaks inside sentences go.
    if fmt in ("txt", "md", "pdf"):
        text, joined = reflow(text)
        if joined:
            dropped.append(Dropped(reason="hard line breaks joined", text=f"{joined} line breaks"))
    return SourceText(doc=name, text=text, fmt=fmt, encoding=encoding, dropped=dropped, headings=headings, title=title)


def _check_name(name: str) -> None:
    """A document name is a bare, visible file name: no path, no hidden file, no controls."""
    if not name or name in (".", ".."):
        raise ReadError(_printable(name) or "(no name)", "missing file name")
    if "/" in name or "\\" in name:
        raise ReadError(_printable(name), "file name must not contain a path")
    if name.startswith("."):
        raise ReadError(_printable(name), "file name must not start with '.'")
    if any(unicodedata.category(ch) in _HIDDEN_CATEGORIES for ch in name):
        raise ReadError(_printable(name), "file name contains control or invisible characters")
    if len(name) > _MAX_NAME_CHARS:
        raise ReadError(_printable(name[:40]) + "…", "file name too long")


def _printable(name: str) -> str:
    """The name with control characters escaped, safe to put in a log line or a response."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in name)


# ---------------------------------------------------------------------------------------
# Plain text and character sets
# ---------------------------------------------------------------------------------------


def _read_plain(name: str, data: bytes) -> tuple[str, str]:
    """A .txt/.md report: decoded text with newlines unified, nothing else touched."""
    text, encoding = _decode(name, data)
    text = _unify_newlines(text)
    if not text.strip():
        raise ReadError(name, "no text")
    return text, encoding


def _unify_newlines(text: str) -> str:
    # Offsets must not depend on the writer's platform: \r\n and lone \r both become \n.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(name: str, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), a declared charset, GB18030 or Big5, in that order."""
    # A byte-order mark is the strongest evidence there is; UTF-16 text is full of NULs,
    # so its mark must be recognised before the binary check.
    if data.startswith(_UTF16_BOMS):
        return _strict(name, data, "utf-16"), "utf-16"
    _reject_binary(name, data)
    if data.startswith(_UTF8_BOM):
        return _strict(name, data[len(_UTF8_BOM) :], "utf-8"), "utf-8"

    # Strict UTF-8 almost never accepts text written in another encoding, so it goes first.
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if declared is not None:
        text = _try_decode(data, declared)
        if text is not None:
            return text, declared
    return _decode_chinese_legacy(name, data)


def _strict(name: str, data: bytes, encoding: str) -> str:
    text = _try_decode(data, encoding)
    if text is None:
        raise ReadError(name, f"starts with a {encoding} byte-order mark but is not valid {encoding}")
    return text


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _reject_binary(name: str, data: bytes) -> None:
    # Text never holds NUL and hardly any other control byte; executables, images and
    # archives are full of them.
    if b"\x00" in data:
        raise ReadError(name, "binary file")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise ReadError(name, "binary file")


def _decode_chinese_legacy(name: str, data: bytes) -> tuple[str, str]:
    """Pick GB18030 or Big5, whichever decodes cleanly and reads as more common Chinese."""
    decoded = {enc: text for enc in ("gb18030", "big5") if (text := _try_decode(data, enc)) is not None}
    if not decoded:
        raise ReadError(name, "not valid UTF-8, GB18030 or Big5")
    if len(decoded) == 1:
        return next(iter(decoded.items()))[::-1]

    # Both decode (Big5 and GBK share their byte ranges): the right one reads as common
    # characters, the wrong one as rare ones. On a tie, let charset-normalizer decide.
    gb_share = _common_hanzi_share(decoded["gb18030"], "gb18030")
    big5_share = _common_hanzi_share(decoded["big5"], "big5")
    if gb_share != big5_share:
        encoding = "gb18030" if gb_share > big5_share else "big5"
    else:
        encoding = _charset_normalizer_guess(data)
    return decoded[encoding], encoding


def _common_hanzi_share(text: str, encoding: str) -> float:
    """Share of the non-ASCII characters that are level-1 (common) hanzi of their standard.

    Both standards order their hanzi by frequency: GB2312 level 1 (lead bytes B0-D7) holds
    the 3,755 commonest simplified ones, Big5 level 1 (A440-C67E) the 5,401 commonest
    traditional ones. Text decoded with the wrong table lands mostly outside them.
    """
    # A sample is as telling as the whole, and encoding char by char is slow on big files.
    non_ascii = list(islice((ch for ch in text if ord(ch) > 0x7F), _HANZI_SAMPLE))
    if not non_ascii:
        return 0.0
    is_common = _is_gb2312_level1 if encoding == "gb18030" else _is_big5_level1
    return sum(is_common(ch) for ch in non_ascii) / len(non_ascii)


def _is_gb2312_level1(ch: str) -> bool:
    encoded = ch.encode("gb18030")
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7 and encoded[1] >= 0xA1


def _is_big5_level1(ch: str) -> bool:
    try:
        encoded = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xA440 <= int.from_bytes(encoded, "big") <= 0xC67E


def _charset_normalizer_guess(data: bytes) -> str:
    # Mainland reports are the corpus, so GB18030 wins when even the detector has no idea.
    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    return "big5" if best is not None and best.encoding == "big5" else "gb18030"


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------

# Never visible as page text, and dropped wherever they are.
_INVISIBLE_TAGS = ("head", "script", "style", "noscript", "iframe", "template", "svg", "object", "embed")

# Page furniture: the semantic tags always go (but see _is_noise); a <form> only
# when it does not hold most of the text (ASP.NET pages put the whole body in one).
_FURNITURE_TAGS = ("nav", "header", "footer", "aside")
_WRAPPER_TAGS = ("form",)

# Class/id words that mark menus, footers, comment boxes and the like; a class or id token
# starting or ending with one matches ("navbar", "topnav", "site-footer", "comments").
_NOISE_WORDS = (
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "breadcrumb",
    "comment",
    "login",
    "share",
    "copyright",
)

# Class/id tokens of the container that holds the article on common (and Chinese CMS) sites.
_CONTENT_TOKENS = frozenset(
    {
        "content",
        "main-content",
        "maincontent",
        "article",
        "article-content",
        "articlecontent",
        "post-content",
        "entry-content",
        "trs_editor",
        "zoom",
        "pages_content",
    }
)

# Elements that start a new line of text.
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "caption",
        "hr",
        "body",
    }
)
_CELL_TAGS = frozenset({"td", "th"})

# Markup strings that are not page text.
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINES = re.compile(r"\n{3,}")

# Declared charsets we honour, mapped to the codec that reads them (GB18030 is a superset
# of GB2312 and GBK; browsers read ISO-8859-1 as windows-1252). Any other label is ignored
# and the bytes are detected like plain text: Python has codecs (unicode_escape, idna...)
# that no page should be able to pick.
_DECLARED_CODECS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5hkscs",
    "iso-8859-1": "cp1252",
    "windows-1252": "cp1252",
}


def _read_html(name: str, data: bytes) -> tuple[str, str, str]:
    """An HTML page: the visible text of its main content, one block per line; its encoding and headline."""
    text, encoding = _decode(name, data, _declared_charset(data))
    soup = BeautifulSoup(text, "lxml")
    # Furniture goes before the container is chosen, so that a teaser <article> in a
    # sidebar cannot pass for it, and share bars or comment boxes inside the article go too.
    _drop_noise(soup)
    page_text = _tidy_lines(_block_text(_with_headline(soup, _main_container(soup))))
    if not page_text:
        raise ReadError(name, "no text")
    headline = soup.find("h1")
    return page_text, encoding, _structural_title(headline.get_text(" ") if isinstance(headline, Tag) else "")


def _declared_charset(data: bytes) -> str | None:
    """The codec for the charset a page's <meta> names, if we honour it (head only)."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    return _DECLARED_CODECS.get(match.group(1).decode("ascii").lower())


def _drop_noise(soup: BeautifulSoup) -> None:
    """Remove invisible elements and page furniture (menus, footers, comment boxes).

    One top-down pass with an explicit stack and text lengths computed beforehand: a
    hostile page may nest thousands of elements, and per-element searches would make
    that quadratic. Scripts and styles are only parsed here, never run.
    """
    lengths = _text_lengths(soup)
    page_chars = lengths[id(soup)]
    doomed: list[Tag] = []
    stack: list[tuple[Tag, bool]] = [(soup, False)]
    while stack:
        element, in_article = stack.pop()
        if _is_noise(element, in_article, lengths[id(element)], page_chars):
            doomed.append(element)
            continue
        in_article = in_article or element.name in ("article", "main")
        stack.extend((child, in_article) for child in element.children if isinstance(child, Tag))
    for element in doomed:
        element.decompose()


def _is_noise(element: Tag, in_article: bool, chars: int, page_chars: int) -> bool:
    if element.name in _INVISIBLE_TAGS:
        return True
    if element.name in ("[document]", "html", "body"):
        return False
    if element.name in _FURNITURE_TAGS:
        # An HTML5 <header> inside the article carries its title, not the site's banner.
        return not (element.name == "header" and in_article)
    # A wrapper or noise-named element holding most of the text is not furniture
    # ("has-sidebar" layouts, a page-wide <form>): dropping it would drop the article.
    return (element.name in _WRAPPER_TAGS or _has_noise_name(element)) and chars * 2 <= page_chars


def _text_lengths(root: Tag) -> dict[int, int]:
    """Visible non-blank characters under every tag, keyed by id(), in one pass."""
    lengths: dict[int, int] = {}
    total = 0
    # A tag is pushed twice: once to visit its children, once (with the running total
    # at its start) to record how much text they added.
    stack: list[tuple[Tag | NavigableString, int | None]] = [(root, None)]
    while stack:
        node, total_at_start = stack.pop()
        if total_at_start is not None:
            lengths[id(node)] = total - total_at_start
        elif isinstance(node, Tag):
            stack.append((node, total))
            if node.name not in _INVISIBLE_TAGS:
                stack.extend((child, None) for child in node.contents)
        elif not isinstance(node, _NOT_TEXT):
            total += len(node.strip())
    return lengths


def _has_noise_name(element: Tag) -> bool:
    return any(token.startswith(_NOISE_WORDS) or token.endswith(_NOISE_WORDS) for token in _name_tokens(element))


def _name_tokens(element: Tag) -> list[str]:
    """The lower-cased class names and id of an element, split into words."""
    return [token for name in _class_and_id(element) for token in re.split(r"[\s_-]+", name) if token]


def _class_and_id(element: Tag) -> list[str]:
    """An element's class names and id, lower-cased."""
    classes = element.get("class") or []
    names = classes.split() if isinstance(classes, str) else list(classes)
    element_id = element.get("id")
    if isinstance(element_id, str):
        names.append(element_id)
    return [name.lower() for name in names]


def _main_container(soup: BeautifulSoup) -> Tag:
    """The element holding the article: <article>/<main>, a content-like box, else <body>."""
    lengths = _text_lengths(soup)
    elements = soup.find_all(True)
    semantic = [element for element in elements if _is_semantic_main(element)]
    content_like = [element for element in elements if _is_content_like(element)]
    for candidates in (semantic, content_like):
        best = max(candidates, key=lambda element: lengths[id(element)], default=None)
        if best is not None and lengths[id(best)] > 0:
            return best
    return soup.body or soup


def _with_headline(soup: BeautifulSoup, container: Tag) -> Tag:
    """The container widened to hold the page's headline when it stands just outside.

    Government sites put the <h1> and byline in a box above the content box (`article_title`
    over `TRS_Editor`): the report's title is body, so the container grows to their nearest
    common ancestor, unless that is the whole page (then only the headline is missing, and the
    menus around it are not worth it)."""
    headline = soup.find("h1")
    if not isinstance(headline, Tag) or headline in container.parents or headline is container:
        return container
    inside = set(map(id, headline.parents))
    common = next((p for p in container.parents if id(p) in inside), None)
    if common is None or common.name in ("[document]", "html", "body"):
        return container
    return common


def _is_semantic_main(element: Tag) -> bool:
    return element.name in ("article", "main") or element.get("role") == "main"


def _is_content_like(element: Tag) -> bool:
    return any(name in _CONTENT_TOKENS for name in _class_and_id(element))


def _block_text(root: Tag) -> str:
    """The text under `root`, with a line break around each block element and <br>.

    Walked with an explicit stack: a hostile page may nest deeper than Python recursion.
    Whitespace inside text collapses to one space as a browser shows it, except in <pre>.
    """
    parts: list[str] = []
    stack: list[tuple[Tag | NavigableString | str, bool]] = [(root, False)]
    while stack:
        node, in_pre = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                parts.append(str(node) if in_pre else _HTML_SPACE.sub(" ", str(node)))
        elif isinstance(node, Tag):
            stack.extend(_expand(node, in_pre))
        else:
            parts.append(node)
    return "".join(parts)


def _expand(tag: Tag, in_pre: bool) -> list[tuple[Tag | NavigableString | str, bool]]:
    """What a tag pushes on the walk stack, in reverse order: separator, children, separator."""
    if tag.name == "br":
        return [("\n", in_pre)]
    in_pre = in_pre or tag.name == "pre"
    children = [(child, in_pre) for child in reversed(tag.contents)]
    if tag.name in _BLOCK_TAGS:
        return [("\n", in_pre), *children, ("\n", in_pre)]
    if tag.name in _CELL_TAGS:
        return [("\t", in_pre), *children]
    return children


def _tidy_lines(text: str) -> str:
    """Strip every line and keep at most one blank line between blocks."""
    lines = [line.strip() for line in _unify_newlines(text).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


# ---------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------


def _read_pdf(name: str, data: bytes) -> tuple[str, list[Dropped]]:
    """A PDF's text layer, page after page, one "\\n" between pages, without page furniture."""
    reader = _open_pdf(name, data)
    pages, dropped = strip_page_furniture([_unify_newlines(page) for page in _pdf_page_texts(name, reader)])
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


# ---------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------


def _read_docx(name: str, data: bytes) -> tuple[str, list[HeadingHint], str]:
    """A Word document's paragraphs and table rows, one per line, in document order, and the
    paragraphs its structure marks as headings (a heading style, or a short line set all in bold)."""
    _check_zip_safety(name, data)
    # python-docx raises assorted errors (KeyError, ValueError, lxml errors...) on a zip
    # that is not a well-formed Word document.
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document.iter_inner_content()))
        lines = [(line, _docx_heading_level(block)) for line, block in blocks]
        title = next((line for line, block in blocks if block is not None and _style_name(block) == "title"), "")
    except Exception as exc:
        raise ReadError(name, f"not a readable DOCX: {exc}") from exc
    text = "\n".join(line for line, _ in lines)
    if not text.strip():
        raise ReadError(name, "no text")
    hints, pos = [], 0
    for line, level in lines:
        if level is not None:
            hints.append(HeadingHint(start=pos, end=pos + len(line), level=level))
        pos += len(line) + 1
    return text, hints, _structural_title(title)


# A bold paragraph longer than this, or holding a sentence end, is emphasis, not a heading.
_BOLD_HEADING_MAX = 40
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)", re.IGNORECASE)


def _style_name(block: Paragraph) -> str:
    return block.style.name.lower() if block.style is not None and block.style.name else ""


# A title longer than this is a paragraph set in a title's place: the text's own title rules decide.
_MAX_TITLE = 80


def _structural_title(text: str) -> str:
    """A headline as a one-line title, or "" when it is missing or too long to be one."""
    title = _HTML_SPACE.sub(" ", text).strip()
    return title if len(title) <= _MAX_TITLE else ""


def _docx_heading_level(block: Paragraph | None) -> int | None:
    """1 for a Heading 1 paragraph, 2 for Heading 2…; a short all-bold paragraph is a level-2 heading."""
    if block is None:
        return None
    style = _HEADING_STYLE.match(_style_name(block))
    if style:
        return int(style.group(1))
    runs = [run for run in block.runs if run.text.strip()]
    text = block.text.strip()
    if runs and all(run.bold for run in runs) and len(text) <= _BOLD_HEADING_MAX and "。" not in text:
        return 2
    return None


def _check_zip_safety(name: str, data: bytes) -> None:
    """Reject a non-zip or a zip bomb from its directory alone, before inflating anything."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError(name, "legacy Word 97-2003 (.doc) file; save it as .docx")
    # zipfile raises BadZipFile, but also NotImplementedError, EOFError, struct.error...
    # on a damaged directory: any failure here means "not a zip we can read".
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except Exception as exc:
        raise ReadError(name, f"not a DOCX (zip) file: {exc}") from exc
    if len(entries) > MAX_DOCX_ENTRIES:
        raise ReadError(name, f"DOCX has {len(entries)} parts, more than {MAX_DOCX_ENTRIES}")
    if sum(entry.file_size for entry in entries) > MAX_DOCX_UNCOMPRESSED:
        raise ReadError(name, f"DOCX inflates to more than {MAX_DOCX_UNCOMPRESSED} bytes")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _DOCX_RATIO_FLOOR and ratio > MAX_DOCX_RATIO:
            raise ReadError(name, f"DOCX part {entry.filename!r} compressed {ratio:.0f}:1 (zip bomb?)")


def _docx_blocks(blocks: Iterator[Paragraph | Table]) -> Iterator[tuple[str, Paragraph | None]]:
    """Non-empty paragraphs as they are, with the paragraph; a table as one line per row, cells
    tab-separated, with None."""
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                yield block.text, block
        else:
            yield from ((row, None) for row in _table_rows(block))


def _docx_lines(blocks: Iterator[Paragraph | Table]) -> Iterator[str]:
    return (line for line, _ in _docx_blocks(blocks))


def _table_rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        # A merged cell appears once per grid column it spans; keep it once.
        seen: list[object] = []
        cells: list[str] = []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            cells.append(_cell_text(cell))
        if any(cell.strip() for cell in cells):
            yield "\t".join(cells)


def _cell_text(cell: _Cell) -> str:
    # A cell may hold paragraphs, line breaks and nested tables; keep the row on one line.
    lines = (line.strip() for block in _docx_lines(cell.iter_inner_content()) for line in block.split("\n"))
    return " ".join(line for line in lines if line)
