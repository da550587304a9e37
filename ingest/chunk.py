"""Pack section pieces into retrievable chunks with exact offsets.

A chunk never crosses a section boundary unless one side is tiny (a bare heading
line is merged into the section it heads), never spans page chrome, and stays
under `chunk_chars` of body text; a long section is split on sentence ends with a
little overlap, so a fact near a cut is whole in at least one chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.types import Chunk
from ingest.sections import Piece

# A sentence ends after 。；！？ (or their ASCII forms) and any closing quote/bracket.
_SENTENCE_END = re.compile(r"[。；;！？!?][”’」』)）]*")
# Inside an over-long sentence, prefer to cut after a comma.
_CLAUSE_END = re.compile(r"[，,、：:]")


@dataclass(frozen=True)
class Unit:
    """A sentence (or clause) inside one piece: the atom chunks are packed from."""

    start: int
    end: int
    path: tuple[str, ...]
    opens_section: bool


def _sentences(text: str, piece: Piece, max_chars: int) -> list[Unit]:
    units: list[Unit] = []
    pos = piece.start
    ends = [m.end() for m in _SENTENCE_END.finditer(text, piece.start, piece.end)] + [piece.end]
    for end in ends:
        if end <= pos:
            continue
        for a, b in _cut_long(text, pos, end, max_chars):
            units.append(Unit(a, b, piece.path, piece.starts_section and a == piece.start))
        pos = end
    return units


def _cut_long(text: str, a: int, b: int, max_chars: int) -> list[tuple[int, int]]:
    """Split a sentence longer than `max_chars` at commas (or hard) into parts that fit."""
    parts: list[tuple[int, int]] = []
    while b - a > max_chars:
        window = text[a : a + max_chars]
        commas = [m.end() for m in _CLAUSE_END.finditer(window) if m.end() > max_chars // 2]
        cut = a + (commas[-1] if commas else max_chars)
        parts.append((a, cut))
        a = cut
    parts.append((a, b))
    return parts


def _only_space_between(text: str, a: int, b: int) -> bool:
    return not text[a:b].strip()


def _overlap_tail(units: list[Unit], overlap: int) -> list[Unit]:
    """The last sentences of a chunk, up to `overlap` characters, to repeat at the next one's start."""
    tail: list[Unit] = []
    size = 0
    for unit in reversed(units):
        size += unit.end - unit.start
        if size > overlap:
            break
        tail.insert(0, unit)
    return tail


def pack_units(text: str, pieces: list[Piece], max_chars: int, overlap: int, min_chars: int) -> list[list[Unit]]:
    """Greedy packing: a new chunk at each section start (unless the current one is tiny),
    at page chrome, or when the size limit would be passed."""
    units = [u for p in pieces for u in _sentences(text, p, max_chars)]
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    for unit in units:
        if current:
            size = unit.end - current[0].start
            new_section = unit.opens_section and current[-1].end - current[0].start >= min_chars
            contiguous = _only_space_between(text, current[-1].end, unit.start)
            if new_section or not contiguous or size > max_chars:
                groups.append(current)
                same_section = contiguous and not unit.opens_section and unit.path == current[-1].path
                tail = _overlap_tail(current, overlap) if same_section else []
                # The overlap never pushes the next chunk past the size limit.
                current = tail if tail and unit.end - tail[0].start <= max_chars else []
        current.append(unit)
    if current:
        groups.append(current)
    return _merge_small_tail(text, groups, min_chars, max_chars)


def _merge_small_tail(text: str, groups: list[list[Unit]], min_chars: int, max_chars: int) -> list[list[Unit]]:
    """A last tiny chunk of a section joins the previous one when they are adjacent and fit."""
    merged: list[list[Unit]] = []
    for group in groups:
        size = group[-1].end - group[0].start
        if merged and size < min_chars:
            prev = merged[-1]
            fits = group[-1].end - prev[0].start <= max_chars + min_chars
            if (
                fits
                and _only_space_between(text, prev[-1].end, group[0].start)
                and group[0].path[:1] == prev[-1].path[:1]
            ):
                prev.extend(u for u in group if u.start >= prev[-1].end)
                continue
        merged.append(group)
    return merged


def _dominant_path(group: list[Unit]) -> tuple[str, ...]:
    """The heading path under which most of the chunk's characters sit."""
    weight: dict[tuple[str, ...], int] = {}
    for u in group:
        weight[u.path] = weight.get(u.path, 0) + (u.end - u.start)
    return max(weight, key=lambda p: (weight[p], len(p)))


def make_chunks(doc: str, text: str, pieces: list[Piece], max_chars: int, overlap: int, min_chars: int) -> list[Chunk]:
    """Chunks with exact offsets (`text[start:end]`), heading path; regions and title come later."""
    chunks: list[Chunk] = []
    for group in pack_units(text, pieces, max_chars, overlap, min_chars):
        start, end = group[0].start, group[-1].end
        chunks.append(
            Chunk(
                id=f"{doc}@{start}-{end}",
                doc=doc,
                section=list(_dominant_path(group)),
                start=start,
                end=end,
                text=text[start:end],
            )
        )
    return chunks


def contextual_text(chunk: Chunk, region_names: list[str]) -> str:
    """What the model and BM25 see: title, region and heading path in front of the cited text."""
    head = " ".join(x for x in [chunk.title, chunk.date or "", " ".join(region_names), " > ".join(chunk.section)] if x)
    return f"{head}\n{chunk.text}" if head else chunk.text
