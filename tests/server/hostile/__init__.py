"""Hostile uploads: a reproducible collection of files a report service must survive.

`hostile_files()` builds every file in memory from fixed seeds (the same bytes on every run) and
says what a correct server does with each when its name is new: refuse it (a 4xx), accept it (201),
or either. Whatever it does, it must not crash (5xx), hang, leak a path or a traceback, leave junk
in the corpus folder or touch another report. `scripts/hostile_soak.py` throws them at the real
server and CLI; tests may import this package too (it needs no pytest).

Entries are grouped by what they probe: empty files, NUL bytes, random binary under every suffix,
unsupported types, hostile names, text encodings, sizes, HTML, DOCX and PDF attacks, and five valid
reports. The reports are invented (plausible figures, no real text).

One module per job: `model` (what an entry is), `build` (zip, Word and PDF builders), `reports`
(the valid texts), and the families: `basics` (empty, NUL, binary, types), `names`, `encodings`,
`sizes`, `web` (HTML), `word` (DOCX) and `pdf`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from .basics import binary_files, empty_files, nul_files, type_files
from .encodings import encoding_files
from .model import MB, Expect, Hostile
from .names import name_files
from .pdf import pdf_files
from .reports import REPORTS, report_files
from .sizes import size_files
from .web import html_files
from .word import docx_files

__all__ = ["FAMILIES", "MB", "REPORTS", "Expect", "Hostile", "hostile_families", "hostile_files"]

# Every family in upload order. The big ones (sizes) last: a server that chokes on them hurts fewer of the others.
FAMILIES: dict[str, Callable[[], list[Hostile]]] = {
    "reports": report_files,
    "empty": empty_files,
    "nul": nul_files,
    "binary": binary_files,
    "types": type_files,
    "names": name_files,
    "encodings": encoding_files,
    "html": html_files,
    "docx": docx_files,
    "pdf": pdf_files,
    "sizes": size_files,
}


@cache
def _build() -> dict[str, tuple[Hostile, ...]]:
    families = {family: tuple(make()) for family, make in FAMILIES.items()}
    ids = [h.id for files in families.values() for h in files]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate hostile ids: {duplicates}")
    return families


def hostile_families() -> dict[str, list[Hostile]]:
    """Every hostile file by family (the keys of FAMILIES, in order), built once per process."""
    return {family: list(files) for family, files in _build().items()}


def hostile_files() -> list[Hostile]:
    """Every hostile file, always the same bytes in the same order (built once per process)."""
    return [h for files in _build().values() for h in files]
