"""What ingest kept and what it left out of one file, and how much of the body its chunks cover.

`duchaqa ingest --explain FILE` prints this; the tests hold every test corpus to it: the chunks
cover (nearly) every character that is not recorded as dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from common.types import Chunk, DocumentInfo, SourceText
from ingest.document import ingest_source
from ingest.read import read_document


@dataclass
class Explanation:
    source: SourceText
    info: DocumentInfo
    chunks: list[Chunk]
    coverage: float  # share of the body's visible characters inside some chunk


def body_coverage(text: str, info: DocumentInfo, chunks: list[Chunk]) -> float:
    """Share of the visible characters outside the recorded drops that some chunk holds."""
    covered = bytearray(len(text))
    for drop in info.dropped:
        if drop.start is not None and drop.end is not None:
            covered[drop.start : drop.end] = b"\x02" * (drop.end - drop.start)
    for chunk in chunks:
        covered[chunk.start : chunk.end] = bytes(2 if c == 2 else 1 for c in covered[chunk.start : chunk.end])
    body = [i for i, ch in enumerate(text) if not ch.isspace() and covered[i] != 2]
    return sum(1 for i in body if covered[i] == 1) / len(body) if body else 1.0


def explain_source(source: SourceText, max_chars: int, overlap: int, min_chars: int) -> Explanation:
    info, chunks = ingest_source(source, max_chars, overlap, min_chars)
    return Explanation(source, info, chunks, body_coverage(source.text, info, chunks))


def explain_file(path: Path, max_chars: int, overlap: int, min_chars: int) -> Explanation:
    return explain_source(read_document(path), max_chars, overlap, min_chars)
