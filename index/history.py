"""Earlier versions of reports: what a replace or a delete took away, kept so it can be undone.

A version lives at corpus/.history/<report name>/<time>-<hash> (a hidden folder: the index
never reads it). The newest `keep` versions of each report stay; older ones go.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HISTORY_DIR = ".history"


@dataclass(frozen=True)
class Version:
    """One kept version of a report."""

    doc: str
    id: str  # <UTC time>-<first hex digits of its sha256>: sorts oldest first
    size: int
    path: Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all or nothing: a crash leaves the old file or the new, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sweep(corpus_dir: Path) -> list[str]:
    """Remove the temporary files of writes a crash cut short (caller holds the build lock)."""
    found = [*corpus_dir.glob(".upload-*"), *corpus_dir.glob(f"{HISTORY_DIR}/*/.upload-*")]
    for path in found:
        path.unlink(missing_ok=True)
    return [p.name for p in found]


def versions(corpus_dir: Path, doc: str) -> list[Version]:
    """The kept versions of `doc`, oldest first."""
    folder = corpus_dir / HISTORY_DIR / doc
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return [Version(doc, p.name, p.stat().st_size, p) for p in files]


def keep(corpus_dir: Path, doc: str, data: bytes, keep_last: int) -> Version:
    """Keep `data` as the newest version of `doc`, dropping all but the newest `keep_last`."""
    folder = corpus_dir / HISTORY_DIR / doc
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"{time.time() % 1:.6f}"[1:].replace(".", "")
    path = folder / f"{stamp}-{hashlib.sha256(data).hexdigest()[:12]}"
    write_atomic(path, data)
    for old in versions(corpus_dir, doc)[:-keep_last]:
        old.path.unlink(missing_ok=True)
    return Version(doc, path.name, len(data), path)


def forget(version: Version) -> None:
    """Drop one kept version (it was put back, or the change it undid was itself undone)."""
    version.path.unlink(missing_ok=True)
    folder = version.path.parent
    if folder.is_dir() and not any(folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)
