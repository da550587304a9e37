"""Sizes: files too large to be a report, and long lines, many lines, one repeated character."""

from __future__ import annotations

from .model import MB, H, Hostile
from .reports import GANSU, GANSU_TITLE, REPORTS


def size_files() -> list[Hostile]:
    sentence = "".join(REPORTS[0][1:])  # one long line of report text
    line_bytes = sentence.encode()
    one_line = line_bytes * (20 * MB // len(line_bytes) + 1)
    paragraphs = "".join(f"<p>第{i}段：{REPORTS[i % 5][1 + i % 2]}</p>\n" for i in range(10 * MB // 330))
    page = f"<html><body><h1>{GANSU_TITLE}</h1>{paragraphs}</body></html>".encode()
    return [
        # a 20 MB single line: far too large to be a report, must be refused quickly
        H("size-20mb-one-line", "huge-line.txt", one_line, "refuse"),
        # a 10 MB page of paragraphs: refused as too large a document
        H("size-10mb-html", "huge-page.html", page, "refuse"),
        # 2 MB of one Chinese character
        H("size-2mb-one-char", "one-char.txt", "好".encode() * (2 * MB // 3), "either"),
        # 2 MB of one ASCII letter
        H("size-2mb-one-letter", "one-letter.md", b"a" * (2 * MB), "either"),
        # a short report whose second line is 300 KB long
        H(
            "size-long-line",
            "long-line.txt",
            (GANSU_TITLE + "\n" + sentence * 1000 + "\n").encode(),
            "either",
            (GANSU_TITLE,),
        ),
        # 300,000 one-character lines
        H("size-many-lines", "many-lines.txt", "一\n".encode() * 300_000, "either"),
        # 200,000 blank lines around a report
        H(
            "size-blank-lines",
            "blank-lines.md",
            b"\n" * 100_000 + GANSU.encode() + b"\n" * 100_000,
            "either",
            (GANSU_TITLE,),
        ),
    ]
