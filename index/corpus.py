"""Corpus management: add, replace, remove or restore one report, then rebuild (only new passages are embedded).

A file is validated (read and chunked under limits, in a worker) before it touches the corpus
folder; a name already taken is refused unless the caller asks to replace it; whatever a
replace or a delete takes away is kept in the history so it can be restored; and if the
rebuild fails, the folder is put back as it was: a bad upload loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from common.settings import Settings
from index.build import BuildReport, Progress, build_lock, document_cache, rebuild_unlocked
from index.dense import Encoder
from index.history import Version, forget, keep, versions, write_atomic
from ingest.bounded import Limits, ingest_untrusted
from ingest.read import ReadError, normalize_name


class DocumentNotFound(LookupError):
    """No report of that name in the corpus."""


class DocumentExists(FileExistsError):
    """A report of that name is already in the corpus, and replacing it was not asked for."""

    def __init__(self, doc: str) -> None:
        super().__init__(doc)
        self.doc = doc


class NothingToRestore(LookupError):
    """No earlier version of that report is kept."""


@dataclass
class Change:
    """What a write did: the rebuild, the report's name as stored, and the version it set aside."""

    report: BuildReport
    doc: str
    replaced: bool = False
    kept: Version | None = None
    previous: bytes | None = None  # the file as it was before the change (None: there was none), to undo it


def corpus_path(settings: Settings, doc: str) -> Path:
    """The corpus file for a document name, refusing anything that would leave the folder."""
    if not doc or "/" in doc or "\\" in doc or doc.startswith(".") or "\x00" in doc:
        raise DocumentNotFound(doc)
    return settings.corpus_dir / doc


def validate(settings: Settings, name: str, data: bytes) -> str:
    """The name the file would be stored under, once it has been read and chunked within limits.

    Raises ReadError (with the reason) for a bad name or a file that cannot be indexed."""
    name = normalize_name(name)
    ingested = ingest_untrusted(name, data, Limits.from_settings(settings))
    document_cache(settings).put(ingested)  # the re-index takes it from here instead of reading it again
    return name


def stage(settings: Settings, doc: str, data: bytes, replace: bool) -> Change:
    """Put a validated file in the corpus folder (caller holds `build_lock`; no rebuild).

    An existing report of that name is refused unless `replace`, and then kept in the history."""
    path = corpus_path(settings, doc)
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    previous = path.read_bytes() if path.is_file() else None
    if previous is not None and not replace:
        raise DocumentExists(doc)
    kept = None
    if previous is not None and previous != data:
        kept = keep(settings.corpus_dir, doc, previous, settings.history_keep)
    write_atomic(path, data)
    return Change(BuildReport(), doc, replaced=previous is not None, kept=kept, previous=previous)


def add_document(
    settings: Settings,
    encoder: Encoder,
    name: str,
    data: bytes,
    replace: bool = False,
    progress: Progress | None = None,
) -> Change:
    """Validate, store and index one report; DocumentExists if the name is taken and `replace` is False."""
    doc = normalize_name(name)
    if not replace and corpus_path(settings, doc).is_file():  # answer at once, before reading the file
        raise DocumentExists(doc)
    validate(settings, doc, data)  # raises ReadError: nothing stored
    with build_lock(settings.index_dir):
        change = stage(settings, doc, data, replace)
        _rebuild_or_undo(settings, encoder, change, progress)
        return change


def remove_document(settings: Settings, encoder: Encoder, doc: str, progress: Progress | None = None) -> Change:
    """Delete one report from the corpus and the index (its text is kept in the history)."""
    path = corpus_path(settings, doc)
    with build_lock(settings.index_dir):
        if not path.is_file():
            raise DocumentNotFound(doc)
        previous = path.read_bytes()
        kept = keep(settings.corpus_dir, doc, previous, settings.history_keep)
        change = Change(BuildReport(), doc, kept=kept, previous=previous)
        path.unlink()
        _rebuild_or_undo(settings, encoder, change, progress)
        return change


def restore_document(settings: Settings, encoder: Encoder, doc: str, progress: Progress | None = None) -> Change:
    """Put back the newest kept version of a report (replaced or deleted); what it replaces is kept in turn."""
    corpus_path(settings, doc)  # a name that could not be a report has no history either
    with build_lock(settings.index_dir):
        kept = versions(settings.corpus_dir, doc)
        if not kept:
            raise NothingToRestore(doc)
        newest = kept[-1]
        change = stage(settings, doc, newest.path.read_bytes(), replace=True)
        _rebuild_or_undo(settings, encoder, change, progress)
        forget(newest)
        return change


def history(settings: Settings, doc: str) -> list[Version]:
    """The kept versions of a report, oldest first (empty for an unknown name)."""
    try:
        corpus_path(settings, doc)
    except DocumentNotFound:
        return []
    return versions(settings.corpus_dir, doc)


def _rebuild_or_undo(settings: Settings, encoder: Encoder, change: Change, progress: Progress | None) -> None:
    """Rebuild the index; if that fails, or the report itself could not be indexed, undo the change."""
    try:
        change.report = rebuild_unlocked(settings, encoder, progress)
    except BaseException:
        _undo(settings, change)
        raise
    if (settings.corpus_dir / change.doc).is_file() and any(
        err.startswith(f"{change.doc}:") for err in change.report.errors
    ):
        # The index now lacks the report: put the old file back and index that again.
        _undo(settings, change)
        rebuild_unlocked(settings, encoder, progress)
        raise ReadError(change.doc, "could not be indexed")


def _undo(settings: Settings, change: Change) -> None:
    path = corpus_path(settings, change.doc)
    if change.previous is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, change.previous)
    if change.kept is not None:
        forget(change.kept)
