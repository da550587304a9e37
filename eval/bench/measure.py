"""Small measuring tools shared by the bench's parts: memory, sizes, gold recall."""

from __future__ import annotations

import resource
from pathlib import Path

from eval.gold import GoldItem
from eval.metrics import Passage, found_rank, quote_ranks, quote_spans
from retriever.search.hits import Hit


def rss_mb() -> float:
    """This process's resident memory now (not its peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def cited(hits: list[Hit]) -> list[Passage]:
    """Search hits as the eval's passages."""
    return [Passage(h.chunk.doc, h.chunk.start, h.chunk.end, h.chunk.text) for h in hits]


def found_in(item: GoldItem, passages: list[Passage], sources: dict[str, str]) -> bool:
    """The eval's hit rule: the item's evidence is among these passages."""
    evidence = [(e.doc, e.quote, quote_spans(e.quote, sources.get(e.doc, ""))) for e in item.evidence]
    return found_rank(quote_ranks(passages, evidence), item.type == "multi") is not None
