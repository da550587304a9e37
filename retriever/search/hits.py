"""What search hands on: a scored passage, and what the index covers."""

from __future__ import annotations

from dataclasses import dataclass, field

from common.types import Chunk


@dataclass(frozen=True)
class Coverage:
    """What the index covers: province-level regions that head some passage, and places named."""

    regions: frozenset[str]
    places: frozenset[str]
    # Each report's first passage (folded): its lead names the round and batch the report is about.
    leads: dict[str, str] = field(default_factory=dict)
    # For a passage under a numbered heading (一是…, (一)…): its series' first passages, in order.
    series: dict[str, tuple[Chunk, ...]] = field(default_factory=dict)
    # For a passage that starts inside a table below its header row: that row (folded).
    table_heads: dict[str, str] = field(default_factory=dict)


@dataclass
class Hit:
    chunk: Chunk
    score: float
    dense: float
    lexical: float
