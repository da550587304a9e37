"""From one read report to its document record and its chunks: title, date, regions, sections."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from common.types import Chunk, DocumentInfo, SourceText
from ingest.chunk import make_chunks
from ingest.clean import Span, find_body
from ingest.forms import HEADING_START
from ingest.normalize import fold, fold_aligned
from ingest.regions import dominant_region, get_gazetteer, titled_region
from ingest.sections import split_sections

_TITLE_WORDS = re.compile(r"报告|方案|材料|情况|措施|意见|公开|通知|改革|决定|规划|总结")
_ISO_DATE = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_STAMP_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# Spaces within a line are [ \t] (the text is folded: full-width spaces are plain), or bounded: a
# \s* at a line start runs over every blank line after it, and 100,000 blank lines made it quadratic.
_DATE_PATTERNS = [
    re.compile(r"(?:发布时间|发表于|日期|时间)[:：]?\s{0,4}" + _ISO_DATE),
    re.compile(r"^\S{1,12}[ \t]+" + _ISO_DATE + r"[ \t]*$", re.M),
    re.compile(r"^[ \t]*(\d{4})年(\d{1,2})月(\d{1,2})日[ \t]*$", re.M),
]


def find_title(text: str, body: list[Span] | None = None, structural: str = "") -> str:
    """The title the file's structure names, else the report's own title line, else its first sentence."""
    # A page's <h1> or a Word Title that opens with a heading number (一、…) heads a section, not the report.
    if structural and not HEADING_START.match(fold_aligned(structural)):
        return structural
    lines = [text[s.start : s.end] for s in (find_body(text).lines if body is None else body)]
    short = [ln for ln in lines if len(ln) <= 80 and "。" not in ln and not HEADING_START.match(fold_aligned(ln))]
    for line in short:
        if _TITLE_WORDS.search(fold(line)):
            return line
    if short:
        return short[0]
    first = re.split(r"[。；]", lines[0])[0] if lines else ""
    return first if len(first) <= 40 else first[:40] + "…"


def find_date(text: str, byline: dict[str, str] | None = None) -> str | None:
    """Publication date (ISO) from the byline, a 发布时间/发表于 field, or a dated line."""
    stamped = stamped_date((byline or {}).get("date", ""))
    if stamped:
        return stamped
    folded = fold(text)
    for pattern in _DATE_PATTERNS:
        found = pattern.search(folded)
        if found:
            return _iso(found.groups())
    return None


def stamped_date(stamp: str) -> str | None:
    """The ISO date in a byline's or a running header's date stamp (2024-04-04, 2024年4月4日, 2024/4/4)."""
    found = _STAMP_DATE.search(fold(stamp))
    return _iso(found.groups()) if found else None


def _iso(parts: tuple[str, ...]) -> str:
    y, m, d = (int(x) for x in parts)
    return f"{y:04d}-{m:02d}-{d:02d}"


def _report_region(path: list[str] | tuple[str, ...]) -> str | None:
    """The province a `01山西省…` report heading names, for compilations of several reports."""
    return _heading_province(path[0]) if path else None


@lru_cache(maxsize=4096)
def _heading_province(heading: str) -> str | None:
    if re.match(r"\d{2}", heading):
        provinces = get_gazetteer().provinces_in(heading)
        return provinces[0] if provinces else None
    return None


@lru_cache(maxsize=4096)
def _home_shadowed(region: str, home: str) -> bool:
    """A bare province name that is also the short name of a place in the home province
    (海南 in a Qinghai report is its 海南州), so it does not tag the chunk with that province."""
    return any(
        p.province == home and p.level != "province" and p.canonical.startswith(region) for p in get_gazetteer().places
    )


def _tag_regions(chunks: list[Chunk], doc_region: str | None) -> None:
    gazetteer = get_gazetteer()
    for chunk in chunks:
        named, places = gazetteer.provinces_and_places(chunk.text)
        section_region = _report_region(chunk.section)
        home = section_region or doc_region
        others = [r for r in named if r != home and not (home and _home_shadowed(r, home))]
        chunk.regions = [home, *others] if home else named
        chunk.places = places


def ingest_source(source: SourceText, max_chars: int, overlap: int, min_chars: int) -> tuple[DocumentInfo, list[Chunk]]:
    """Split one report into cited chunks and describe it."""
    text = source.text
    folded = fold_aligned(text)  # one fold of the text for every structure rule below
    body = find_body(text, folded)
    pieces = split_sections(text, body.lines, source.headings, folded)
    chunks = make_chunks(source.doc, text, pieces, max_chars, overlap, min_chars)
    title = find_title(text, body.lines, source.title)
    reports = [r for r in dict.fromkeys(_report_region(p.path) for p in pieces) if r]
    doc_region = None if reports else dominant_region(text) or titled_region(title, text)
    # A PDF's running header often carries its date: it left the text, but not the metadata.
    headers = [d.text for d in source.dropped if d.reason == "running header or footer"]
    date = find_date(text, body.byline) or next(filter(None, map(stamped_date, headers)), None)
    for chunk in chunks:
        chunk.title, chunk.date = title, date
    _tag_regions(chunks, doc_region)
    info = DocumentInfo(
        doc=source.doc,
        title=title,
        date=date,
        regions=reports or ([doc_region] if doc_region else []),
        chunks=len(chunks),
        chars=len(text),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        fmt=source.fmt,
        source=body.byline.get("source", ""),
        author=body.byline.get("author", ""),
        dropped=[*source.dropped, *body.dropped],
    )
    return info, chunks
