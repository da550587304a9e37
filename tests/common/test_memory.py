"""Memory a build freed goes back to the system, not only to the process's own heap."""

from __future__ import annotations

from common.memory import release_freed
from eval.bench.measure import rss_mb


def test_freed_heap_memory_leaves_the_process() -> None:
    # ~200 MB of small buffers through malloc, and a few allocated after them so that the heap's
    # top cannot simply shrink: freeing the first lot keeps its pages resident until trimmed.
    buffers = [bytes(1024) + bytes([i % 256]) for i in range(200_000)]
    later = [bytes(1024) for _ in range(10)]
    del buffers
    freed_but_held = rss_mb()
    assert release_freed()
    assert rss_mb() < freed_but_held - 100
    assert later  # still alive: only the freed pages went
