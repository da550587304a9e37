"""Reports read once: each file's text, passages and BM25 words kept by its content, like the vectors.

A re-index (a report added or removed, a restart) reads, chunks and tokenises only the files
it has not seen: every other one comes back from here. An entry is keyed by the file's name
and bytes and by everything that shapes its passages and words (the chunk settings and the
hash of the ingest rules and data files), so a changed rule or setting reads every file
afresh. Entries are JSON, written aside and renamed, so a crash leaves no half entry; an
unreadable one is read again from the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from common.types import Chunk, DocumentInfo, SourceText
from ingest.bounded import Ingested


class DocumentCache:
    """Read reports and their passages' words, by file content, in one folder."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt

    def key(self, doc: str, file_sha256: str) -> str:
        return hashlib.sha256(f"{self.salt}\n{doc}\n{file_sha256}".encode()).hexdigest()[:32]

    def get(self, doc: str, data: bytes) -> tuple[Ingested, list[list[str]] | None] | None:
        """The report read from these bytes before, and its words if they were kept (None: not seen)."""
        sha = hashlib.sha256(data).hexdigest()
        try:
            entry = json.loads((self.folder / f"{self.key(doc, sha)}.json").read_text(encoding="utf-8"))
            ingested = Ingested(
                SourceText.model_validate(entry["source"]),
                DocumentInfo.model_validate(entry["info"]),
                [Chunk.model_validate(c) for c in entry["chunks"]],
                sha,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # never kept, or damaged: it only costs a reading
        return ingested, entry.get("tokens")

    def put(self, ingested: Ingested, tokens: list[list[str]] | None = None) -> None:
        """Keep a report as read, with its passages' words when they are known (written whole or not at all)."""
        if not ingested.file_sha256:
            return
        entry = {
            "source": ingested.source.model_dump(),
            "info": ingested.info.model_dump(),
            "chunks": [c.model_dump() for c in ingested.chunks],
            "tokens": tokens,
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f, ensure_ascii=False)
            os.replace(tmp, self.folder / f"{self.key(ingested.info.doc, ingested.file_sha256)}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
