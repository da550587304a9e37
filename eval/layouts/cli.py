"""`python -m eval.layouts variants SRC OUT` and `python -m eval.layouts unseen`: write rendered files to disk."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from pathlib import Path

from eval.layouts.pdf import PAGE_STYLES, render_pdf
from eval.layouts.text import (
    BYLINES,
    body_of,
    find_date,
    find_publisher,
    hard_wrap,
    pick,
    title_of,
    to_traditional,
    with_byline,
)
from eval.layouts.web import TEMPLATES, render_html
from eval.layouts.word import render_docx

PUBLISHERS = ("生态环境部", "中国环境报", "江苏省生态环境厅", "浙江日报", "福建省人民政府办公厅", "上海市生态环境局")
DEFAULT_DATE = "2023-06-30"
MANIFEST_COLUMNS = ["source", "output", "encoding", "script", "genre", "regions", "summary"]
ENCODINGS = ("utf-8", "gb18030", "big5")
# A source's double extension says what it becomes; the longest match wins (.pdf.txt before .txt).
KINDS = ((".pdf.txt", ".pdf"), (".docx.txt", ".docx"), (".html", ".html"), (".txt", ".txt"))


def _meta(name: str, text: str) -> tuple[str, str]:
    # Publisher and date as the text gives them, else a fixed choice by file name so reruns agree.
    return find_publisher(text) or PUBLISHERS[pick(name, len(PUBLISHERS))], find_date(text) or DEFAULT_DATE


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise SystemExit(f"{path}: not UTF-8 ({e.reason} at byte {e.start})") from None


# Each variant: folder name, extension, and how a (file name, text) becomes bytes.
def _variants() -> dict[str, tuple[str, Callable[[str, str], bytes]]]:
    def pdf(name: str, text: str) -> bytes:
        publisher, date = _meta(name, text)
        return render_pdf(text, header=f"{publisher}  {date}", wrap=36, page_style=PAGE_STYLES[pick(name, 3)])

    def html(name: str, text: str) -> bytes:
        site, date = _meta(name, text)
        template = pick(name, len(TEMPLATES))
        return render_html(body_of(text), title=title_of(text), site=site, date=date, source=site, template=template)

    def byline(name: str, text: str) -> bytes:
        publisher, date = _meta(name, text)
        return with_byline(text, source=publisher, date=date, style=pick(name, len(BYLINES))).encode("utf-8")

    return {
        "pdf": (".pdf", pdf),
        "docx": (".docx", lambda name, text: render_docx(text, plain=True)),
        "html": (".html", html),
        "byline": (".txt", byline),
        "traditional": (".txt", lambda name, text: to_traditional(text).encode("utf-8")),
        "wrapped": (".txt", lambda name, text: hard_wrap(text, 36).encode("utf-8")),
    }


def variants(src: Path, out: Path) -> int:
    """Every .txt in src rendered as each variant into out/<variant>/<stem>.<ext>; returns the files written."""
    files = sorted(src.glob("*.txt"))
    if not files:
        raise SystemExit(f"{src}: no .txt files")
    written = 0
    for path in files:
        text = _read(path)
        for variant, (ext, render) in _variants().items():
            target = out / variant / f"{path.stem}{ext}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render(path.name, text))
            written += 1
    return written


def _render_row(row: dict[str, str], source: Path) -> bytes:
    # The output's kind follows the source's double extension; a mismatch or a bad encoding stops the run.
    name, output, encoding = source.name, row["output"], row["encoding"].strip().lower()
    kind, ext = next(((k, e) for k, e in KINDS if name.endswith(k)), ("", ""))
    if not kind:
        raise ValueError(f"source {name} is none of {', '.join(k for k, _ in KINDS)}")
    if not output.endswith(ext):
        raise ValueError(f"source {name} makes a {ext} file, but the output is named {output}")
    if kind == ".html":
        return source.read_bytes()
    text = _read(source)
    if kind == ".pdf.txt":
        header = find_publisher(text) or title_of(text)
        date = find_date(text)
        header = f"{header}  {date}" if date and date not in header else header
        return render_pdf(text, header=header, wrap=30 + pick(name, 13), page_style=PAGE_STYLES[pick(output, 3)])
    if kind == ".docx.txt":
        return render_docx(text)
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding {encoding!r} is not one of {', '.join(ENCODINGS)}")
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as e:
        line = text.count("\n", 0, e.start) + 1
        raise ValueError(f"{e.object[e.start]!r} on line {line} cannot be encoded in {encoding}") from None


def _rows(manifest: Path) -> list[tuple[int, dict[str, str]]]:
    # A header line, then one tab-separated row per document; a short row is an error, not a silent skip.
    with manifest.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        if [h.strip() for h in header[:2]] != MANIFEST_COLUMNS[:2]:
            raise SystemExit(f"{manifest}:1: header must start with {' '.join(MANIFEST_COLUMNS)}, not {header}")
        rows = []
        for lineno, cols in enumerate(reader, 2):
            if not any(c.strip() for c in cols):
                continue
            if len(cols) < 3:
                raise SystemExit(f"{manifest}:{lineno}: needs at least source, output, encoding: {cols}")
            rows.append((lineno, dict(zip(MANIFEST_COLUMNS, (c.strip() for c in cols), strict=False))))
        return rows


def unseen(src: Path, out: Path) -> int:
    """Render every group's MANIFEST.tsv rows from src/<g>/ into out/; returns the files written."""
    groups = sorted(p for p in src.iterdir() if p.is_dir()) if src.is_dir() else []
    if not groups:
        raise SystemExit(f"{src}: no group folders")
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for group in groups:
        manifest = group / "MANIFEST.tsv"
        if not manifest.exists():
            print(f"{group}: no MANIFEST.tsv yet, skipped", file=sys.stderr)
            continue
        for lineno, row in _rows(manifest):
            where = f"{manifest}:{lineno} ({row['source']} -> {row['output']})"
            source = group / row["source"]
            if not source.is_file():
                raise SystemExit(f"{where}: source file {source} is missing")
            try:
                (out / row["output"]).write_bytes(_render_row(row, source))
            except ValueError as e:
                raise SystemExit(f"{where}: {e}") from None
            written += 1
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.layouts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("variants", help="render every .txt of a folder in every layout")
    v.add_argument("src", type=Path)
    v.add_argument("out", type=Path)
    u = sub.add_parser("unseen", help="render the unseen test corpus from its manifests")
    u.add_argument("--src", type=Path, default=Path("eval/unseen/src"))
    u.add_argument("--out", type=Path, default=Path("eval/unseen/corpus"))
    args = parser.parse_args(argv)
    n = variants(args.src, args.out) if args.command == "variants" else unseen(args.src, args.out)
    print(f"wrote {n} files to {args.out}")
