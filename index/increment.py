"""What a re-index has to do: nothing, a delta beside the current base, or a full build.

Every re-index (an upload, a removal, `duchaqa ingest`) compares the corpus folder's files, by the
sha256 of their bytes, with what the current generation was built from. Nothing changed: the
current generation stays. A few reports changed in a large index: the new generation keeps the
base by hard links and indexes only the reports the base does not hold (see `index.joined`), so
adding or removing a report costs that report, not the corpus. Otherwise, or once the delta and
the removed passages outgrow `delta_max_share` of the base, a full build folds everything into a
new base (the merge).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from common.settings import Settings
from common.types import DocumentInfo
from index.engine import MILVUS_RECORD
from index.store import IndexMismatch, IndexMissing, Manifest, check_compatible, current_path, read_manifest
from ingest import CHUNKER_VERSION


@dataclass
class Delta:
    """A generation to write beside the current one's base."""

    base: Path  # the current generation: its base is kept
    base_name: str  # the generation whose full build wrote that base
    removed: list[str]  # the base's reports no longer live: removed, or changed since
    delta: list[str]  # the live reports the base does not hold: every one added or changed since it
    live_files: dict[str, str]  # the base's live reports → sha256 of their text (the manifest's `files`)
    live_digests: dict[str, str]  # the same reports → sha256 of their file's bytes
    live_passages: int
    base_passages: int
    removed_passages: int

    def fits(self, delta_passages: int, share: float) -> bool:
        """Whether a delta of this many passages is still small beside the base."""
        return self.removed_passages + delta_passages <= share * self.base_passages


def file_digests(paths: list[Path], max_bytes: int) -> dict[str, str]:
    """sha256 of each file's bytes, by name ("" for one too large or unreadable: never the same as before)."""
    digests = {}
    for path in paths:
        try:
            small = path.stat().st_size <= max_bytes
            digests[path.name] = hashlib.sha256(path.read_bytes()).hexdigest() if small else ""
        except OSError:
            digests[path.name] = ""
    return digests


def reusable(settings: Settings, chunking: dict[str, int], rules: str) -> tuple[Path, Manifest] | None:
    """The current generation and its manifest, when a build now would build it the same way (model,
    chunker, chunk settings and rules, on FAISS) and it records its files' digests; None otherwise."""
    try:
        manifest = read_manifest(settings.index_dir)
        check_compatible(manifest, settings.model_name, CHUNKER_VERSION, chunking)
    except (IndexMissing, IndexMismatch, OSError, ValueError, TypeError):
        return None
    root = current_path(settings.index_dir).resolve()
    if manifest.rules_hash != rules or not manifest.file_digests:
        return None
    if settings.engine != "faiss" or (root / MILVUS_RECORD).is_file():
        return None
    return root, manifest


def unchanged(current: tuple[Path, Manifest] | None, digests: dict[str, str]) -> Manifest | None:
    """The current generation's manifest when the folder holds exactly the files it was built from."""
    if current is None or current[1].file_digests != digests:
        return None
    return current[1]


def plan_delta(settings: Settings, current: tuple[Path, Manifest], digests: dict[str, str]) -> Delta | None:
    """A delta beside the current (reusable) generation's base for the folder's files, or None when a
    full build is due: a base under `delta_min_base` passages, or too much removed from it."""
    root, manifest = current
    base = [DocumentInfo(**d) for d in json.loads((root / "documents.json").read_text(encoding="utf-8"))]
    was = manifest.file_digests

    def kept(doc: str) -> bool:  # still live, and its file's bytes as the base read them
        return doc not in manifest.removed and bool(digests.get(doc)) and digests[doc] == was.get(doc)

    gone = {d.doc for d in base if not kept(d.doc)}
    live = [d for d in base if d.doc not in gone]
    live_docs = {d.doc for d in live}
    step = Delta(
        base=root,
        base_name=manifest.base or manifest.generation,
        removed=sorted(gone),
        delta=sorted(doc for doc in digests if doc not in live_docs),
        live_files={d.doc: d.sha256 for d in live},
        live_digests={d.doc: was[d.doc] for d in live},
        live_passages=sum(d.chunks for d in live),
        base_passages=sum(d.chunks for d in base),
        removed_passages=sum(d.chunks for d in base if d.doc in gone),
    )
    if step.base_passages < settings.delta_min_base or not step.fits(0, settings.delta_max_share):
        return None
    return step
