"""Write ingest/data/pinyin.tsv: each CJK character's toneless readings, from pypinyin's table.

Run from the repository root with the dev extras installed:  .venv/bin/python scripts/pinyin_table.py
The server reads the file (`ingest.pinyin.readings`), so pypinyin stays a dev dependency and its
whole table (tens of megabytes in memory) is never loaded while answering.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict

OUT = Path(__file__).resolve().parents[1] / "ingest" / "data" / "pinyin.tsv"


def toneless(reading: str) -> str:
    """dà → da, lǘ → lv (ü as English pinyin writes it without the diacritic)."""
    plain = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")  # ǚ → u, diaeresis, caron
    return "".join(c for c in plain if not unicodedata.combining(c))


def main() -> None:
    lines = ["# char\ttoneless pinyin readings (from pypinyin's table; scripts/pinyin_table.py writes it)"]
    for code in range(0x4E00, 0xA000):
        if code in pinyin_dict:
            readings = dict.fromkeys(toneless(r) for r in pinyin_dict[code].split(","))
            lines.append(f"{chr(code)}\t{','.join(readings)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 1} characters to {OUT}")


if __name__ == "__main__":
    main()
