"""Corpus management: add or remove one report, then rebuild (only new passages are embedded).

A file is validated (read and extracted) before it touches the corpus folder, and
if the rebuild fails the folder is put back as it was: a bad upload loses nothing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from common.settings import Settings
from index.build import BuildReport, Progress, build_lock, rebuild_unlocked
from index.dense import Encoder
from ingest.read import ReadError, read_bytes


class DocumentNotFound(LookupError):
    """No report of that name in the corpus."""


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def corpus_path(settings: Settings, doc: str) -> Path:
    """The corpus file for a document name, refusing anything that would leave the folder."""
    if not doc or "/" in doc or "\\" in doc or doc.startswith(".") or "\x00" in doc:
        raise DocumentNotFound(doc)
    return settings.corpus_dir / doc


def add_document(
    settings: Settings, encoder: Encoder, name: str, data: bytes, progress: Progress | None = None
) -> BuildReport:
    """Validate, store and index one report (replacing one of the same name)."""
    source = read_bytes(name, data, settings.max_upload_bytes)  # raises ReadError: nothing stored
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    path = corpus_path(settings, source.doc)
    with build_lock(settings.index_dir):
        previous = path.read_bytes() if path.exists() else None
        _write_atomic(path, data)
        try:
            report = rebuild_unlocked(settings, encoder, progress)
        except BaseException:
            _restore(path, previous)
            raise
        if any(err.startswith(f"{source.doc}:") for err in report.errors):
            _restore(path, previous)
            raise ReadError(source.doc, "could not be indexed", kind="invalid")
        return report


def remove_document(settings: Settings, encoder: Encoder, doc: str, progress: Progress | None = None) -> BuildReport:
    """Delete one report from the corpus and the index."""
    path = corpus_path(settings, doc)
    with build_lock(settings.index_dir):
        if not path.is_file():
            raise DocumentNotFound(doc)
        previous = path.read_bytes()
        path.unlink()
        try:
            return rebuild_unlocked(settings, encoder, progress)
        except BaseException:
            _restore(path, previous)
            raise


def _restore(path: Path, previous: bytes | None) -> None:
    if previous is None:
        path.unlink(missing_ok=True)
    else:
        _write_atomic(path, previous)
