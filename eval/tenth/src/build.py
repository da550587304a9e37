"""Build eval/tenth/corpus from eval/tenth/src.

Run from the repository root:  .venv/bin/python eval/tenth/src/build.py

1. Every row of src/p/MANIFEST.tsv is rendered with the shared renderer
   (the same as `python -m eval.layouts unseen --src eval/tenth/src --out eval/tenth/corpus`).
2. The shared renderer reads sources with universal newlines, so it writes LF only; the two
   plain-text genres that must arrive with CRLF line ends (s05 GB18030, s06 Big5) are re-encoded
   here from their CRLF sources.
No reportlab table document in this set, so the fourth and fifth corpora's table-PDF step is dropped.
Same input, same bytes (reportlab invariant mode and fixed DOCX/zip times in the shared renderer).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from eval.layouts.cli import unseen  # noqa: E402

SRC = HERE
OUT = HERE.parent / "corpus"

# Plain-text outputs whose line ends must be CRLF: (group, source, output, encoding).
CRLF_TEXTS = (
    ("p", "s05_hubei_cases.txt", "s05_hubei_cases.txt", "gb18030"),
    ("p", "s06_hunan_three_rounds_tw_big5.txt", "s06_hunan_three_rounds_tw_big5.txt", "big5"),
)


def crlf_text(group: str, source: str, output: str, encoding: str) -> None:
    with open(SRC / group / source, encoding="utf-8", newline="") as f:
        text = f.read()
    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    (OUT / output).write_bytes(text.encode(encoding))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    n = unseen(SRC, OUT)
    for row in CRLF_TEXTS:
        crlf_text(*row)
    print(f"wrote {n} files to {OUT} (s05/s06 re-encoded with CRLF)")


if __name__ == "__main__":
    main()
