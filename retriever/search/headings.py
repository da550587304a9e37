"""Lists the reports write as headings: "一是健全生态环境保护基础制度。…二是健全生态环境监管机制。…".

Each item heads its own section (and passage), so no one sentence enumerates them. A run of
sibling headings numbered in order (一是, 二是…; (一), (二)…; 1. 2. …) under one parent is a
series; a list question about one of its passages is answered by the whole series.
"""

from __future__ import annotations

import re
from functools import lru_cache

from common.types import Chunk
from ingest.numerals import count_of

_ENUMERATOR = re.compile(r"^(?:([一二三四五六七八九十]+)是|[(（]([一二三四五六七八九十]+)[)）]|(\d{1,2})[.、．](?!\d))")
_SENTENCE_END = re.compile(r"[。；;]")
_MAX_HEAD, _MAX_TAIL = 2, 5
# The few numerals headings count in (一 … 十九), each read by cn2an once per process, not per heading.
_count = lru_cache(maxsize=256)(count_of)


def _ordinal(heading: str) -> int | None:
    m = _ENUMERATOR.match(heading)
    if not m:
        return None
    if m.group(3):
        return int(m.group(3))
    return _count(m.group(1) or m.group(2))


def heading_series(chunks: list[Chunk]) -> dict[str, tuple[Chunk, ...]]:
    """For each passage in a series of numbered sibling headings: the first passage of every
    heading in that series, in order."""
    series: dict[str, tuple[Chunk, ...]] = {}
    run: list[Chunk] = []  # first passage of each heading in the current run
    members: list[Chunk] = []  # every passage of the current run

    def close() -> None:
        if len(run) >= 2:
            for chunk in members:
                series[chunk.id] = tuple(run)

    for chunk in sorted(chunks, key=lambda c: (c.doc, c.start)):
        heading = chunk.section[-1] if chunk.section else ""
        number = _ordinal(heading)
        last = run[-1] if run else None
        if last is not None and last.doc == chunk.doc and last.section == chunk.section:
            members.append(chunk)  # the same heading's next passage
            continue
        follows = (
            last is not None
            and number is not None
            and last.doc == chunk.doc
            and last.section[:-1] == chunk.section[:-1]
            and _ordinal(last.section[-1]) == number - 1
        )
        if not follows:
            close()
            run, members = [], []
            if number != 1:
                continue
        run.append(chunk)
        members.append(chunk)
    close()
    return series


def heading_item(heading: str) -> str:
    """A heading without its number and the text after its first full stop."""
    body = _ENUMERATOR.sub("", heading, count=1)
    return _SENTENCE_END.split(body, maxsplit=1)[0].strip()


def common_trimmed(items: list[str]) -> list[str]:
    """Items without the words all of them share at either end ("在…上深化改革", "健全…")."""
    if len(items) < 2 or any("," in i or "，" in i for i in items):
        return items  # headings of two phrases ("坚持党政同责,合力推进") keep both
    # Only a short shared verb ("健全", "在") or frame ("上深化改革"): a longer shared stretch
    # ("健全生态环境…") is part of what the items say.
    head = _shared_prefix(items)
    head = head if head <= _MAX_HEAD else 0
    tail = _shared_prefix([i[::-1] for i in items])
    tail = tail if tail <= _MAX_TAIL else 0
    shortest = min(len(i) for i in items)
    if head + tail > shortest - 2:
        return items
    return [i[head : len(i) - tail] for i in items]


def _shared_prefix(items: list[str]) -> int:
    """How many leading characters all items share."""
    n = 0
    for chars in zip(*items, strict=False):
        if len(set(chars)) > 1:
            break
        n += 1
    return n
