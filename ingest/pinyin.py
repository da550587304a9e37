"""Each Chinese character's toneless pinyin readings, as English writes names (大 → da, dai, tai).

Read from `data/pinyin.tsv` (written from pypinyin's table by scripts/pinyin_table.py), so answering
questions needs neither pypinyin nor the memory its full table takes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PINYIN_PATH = Path(__file__).parent / "data" / "pinyin.tsv"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in PINYIN_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, readings = line.split("\t")
            table[char] = tuple(readings.split(","))
    return table


def readings(char: str) -> tuple[str, ...]:
    """The character's readings (ü written both v and u, as English spells it either way); () for
    one the table does not hold."""
    found = _table().get(char, ())
    return tuple(dict.fromkeys(r for reading in found for r in (reading, reading.replace("v", "u"))))
