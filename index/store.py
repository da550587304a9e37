"""The index on disk: one directory per build generation, a manifest, and an atomic `current` link.

A build writes a fresh generation directory and only then repoints `current` (a
symlink replaced with os.replace, which is atomic), so a crash mid-build or a reader
during a re-index never sees a half-built index.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from common.settings import Settings
from common.types import Chunk, DocumentInfo
from index.engine import (
    FAISS_FILES,
    DenseSearch,
    EngineUnavailable,
    LexicalSearch,
    drop_engine,
    open_engine,
    passage_lengths,
)
from index.joined import Part, join

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
KEEP_GENERATIONS = 2
# A generation that keeps its predecessor's base holds the passages added since in this folder.
DELTA = "delta"
# What a full build writes beside its engine's files: the base a delta generation links to.
_PASSAGE_FILES = ("sources", "sources.json", "documents.json", "chunks.jsonl")


class IndexMissing(RuntimeError):
    """No index has been built yet."""


class IndexMismatch(RuntimeError):
    """The index was built with another model, chunker or format."""


@dataclass
class Manifest:
    model_name: str
    chunker_version: str
    chunk_settings: dict[str, int]
    files: dict[str, str]  # doc → sha256 of its extracted text
    chunk_count: int
    rules_hash: str = ""  # the rule and data files that shaped the chunks and tokens (see index.build)
    file_digests: dict[str, str] = field(default_factory=dict)  # doc → sha256 of its file's bytes
    removed: list[str] = field(default_factory=list)  # reports of the base no longer live (see index.joined)
    base: str = ""  # the generation whose full build wrote the base this one keeps (its own, after one)
    built_at: float = field(default_factory=time.time)
    format_version: int = FORMAT_VERSION
    generation: str = ""


@dataclass
class StoredIndex:
    """Everything a retriever needs, loaded in memory."""

    path: Path
    manifest: Manifest
    documents: dict[str, DocumentInfo]
    chunks: list[Chunk]
    sources: dict[str, str]
    dense: DenseSearch
    lexical: LexicalSearch
    # The base as read: the next generation on the same base (a report added or removed beside it)
    # takes it from here instead of reading it again.
    base: Part | None = None


def current_path(index_dir: Path) -> Path:
    return index_dir / "current"


def write_generation(
    index_dir: Path,
    manifest: Manifest,
    documents: list[DocumentInfo],
    chunks: list[Chunk],
    sources: dict[str, str],
    save_engine: Callable[[Path, str], None],
    base: Path | None = None,
) -> Path:
    """Write a complete generation aside, then switch `current` to it atomically (`save_engine`
    indexes the passages into the directory being written, under the generation's name).

    With `base` (a generation), its base is kept by hard links, no byte rewritten, and these
    passages are the delta beside it (none when reports were only removed)."""
    generations = index_dir / "generations"
    generations.mkdir(parents=True, exist_ok=True)
    name = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tmp = generations / f".building-{name}"
    tmp.mkdir()
    try:
        manifest.generation = name
        manifest.base = manifest.base if base is not None else name
        part: Path | None = tmp
        if base is not None:
            _link_base(base, tmp)
            part = tmp / DELTA if chunks else None
        if part is not None:
            part.mkdir(exist_ok=True)
            _write_passages(part, documents, chunks, sources)
            save_engine(part, name)
        (tmp / "manifest.json").write_text(json.dumps(manifest.__dict__, ensure_ascii=False, indent=1))
        final = generations / name
        os.replace(tmp, final)
    except BaseException:
        _remove(tmp)
        raise
    link_tmp = index_dir / f".current-{name}"
    os.symlink(Path("generations") / name, link_tmp)
    os.replace(link_tmp, current_path(index_dir))
    _prune(generations, keep=name)
    return final


def _write_passages(part: Path, documents: list[DocumentInfo], chunks: list[Chunk], sources: dict[str, str]) -> None:
    """The reports, their passages and their texts, as a part of a generation."""
    (part / "sources").mkdir()
    for i, (_doc, text) in enumerate(sorted(sources.items())):
        (part / "sources" / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    source_files = {doc: f"{i:05d}.txt" for i, doc in enumerate(sorted(sources))}
    (part / "sources.json").write_text(json.dumps(source_files, ensure_ascii=False))
    (part / "documents.json").write_text(
        json.dumps([d.model_dump() for d in documents], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    with (part / "chunks.jsonl").open("w", encoding="utf-8") as f:
        for c in chunks:
            f.write(c.model_dump_json() + "\n")


def _link_base(generation: Path, into: Path) -> None:
    """Hard links to a generation's base (its passages and engine files, not its delta): each
    generation directory stays whole on its own, so pruning one never touches another's files."""
    for name in (*_PASSAGE_FILES, *FAISS_FILES):
        source = generation / name
        if source.is_dir():
            shutil.copytree(source, into / name, copy_function=os.link)
        else:
            os.link(source, into / name)


def _prune(generations: Path, keep: str) -> None:
    """Drop old generations (keeping the last few: a reader may still be loading one)."""
    done = sorted(p for p in generations.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in done[:-KEEP_GENERATIONS]:
        if old.name != keep:
            _remove(old)


def _remove(generation: Path) -> bool:
    """Remove a generation directory and what its engine holds elsewhere (a Milvus collection). When
    the engine cannot let go now (its server down), the directory and its record stay, so a later
    prune or sweep tries again and no collection is lost track of."""
    try:
        drop_engine(generation)
    except EngineUnavailable as err:
        logger.warning("kept %s for a later try: %s", generation.name, err)
        return False
    shutil.rmtree(generation, ignore_errors=True)
    return True


def sweep(index_dir: Path) -> list[str]:
    """Remove what a killed build left half-made (a generation being written, a link being swapped).

    Only safe under the build lock: then no build is writing either."""
    found = [*index_dir.glob(".current-*"), *(index_dir / "generations").glob(".building-*")]
    for path in found:
        if path.is_dir() and not path.is_symlink():
            _remove(path)
        else:
            path.unlink(missing_ok=True)
    return [p.name for p in found]


def read_manifest(index_dir: Path) -> Manifest:
    path = current_path(index_dir) / "manifest.json"
    if not path.is_file():
        raise IndexMissing(f"no index at {index_dir}: run `duchaqa ingest` to build it from corpus/")
    return Manifest(**json.loads(path.read_text()))


def check_compatible(manifest: Manifest, model_name: str, chunker_version: str, chunk_settings: dict[str, int]) -> None:
    """Refuse an index built with another model, chunker or chunk sizes: its vectors or offsets would lie."""
    problems = []
    if manifest.format_version != FORMAT_VERSION:
        problems.append(f"format {manifest.format_version} (need {FORMAT_VERSION})")
    if manifest.model_name != model_name:
        problems.append(f"model {manifest.model_name!r} (settings say {model_name!r})")
    if manifest.chunker_version != chunker_version:
        problems.append(f"chunker {manifest.chunker_version} (code is {chunker_version})")
    if manifest.chunk_settings != chunk_settings:
        problems.append(f"chunk settings {manifest.chunk_settings} (settings say {chunk_settings})")
    if problems:
        raise IndexMismatch("the index was built with " + "; ".join(problems) + ": run `duchaqa ingest` to rebuild")


def load_index(index_dir: Path, settings: Settings | None = None, previous: StoredIndex | None = None) -> StoredIndex:
    """Load the current generation: its passages into memory, its engine opened (`settings`: how an
    IVF index probes, where a Milvus server is; the defaults when not given). A base `previous`
    holds already (the same full build's) is taken from it, not read again."""
    settings = settings or Settings()
    manifest = read_manifest(index_dir)
    root = current_path(index_dir).resolve()
    kept = previous.base if previous is not None and previous.manifest.base == manifest.base != "" else None
    base = kept or _read_part(root, settings)
    if not manifest.removed and not (root / DELTA).is_dir():
        return StoredIndex(root, manifest, *base, base=base)
    delta, delta_lengths = None, np.zeros(0, np.int32)
    if (root / DELTA).is_dir():
        delta, delta_lengths = _read_part(root / DELTA, settings), passage_lengths(root / DELTA)
    lengths = passage_lengths(root), delta_lengths
    return StoredIndex(root, manifest, *join(base, delta, set(manifest.removed), lengths), base=base)


def _read_part(part: Path, settings: Settings) -> Part:
    """One part of a generation (the base, or a delta): its reports, passages, texts and engine."""
    documents = [DocumentInfo(**d) for d in json.loads((part / "documents.json").read_text(encoding="utf-8"))]
    with (part / "chunks.jsonl").open(encoding="utf-8") as f:
        chunks = [Chunk.model_validate_json(line) for line in f if line.strip()]
    source_files = json.loads((part / "sources.json").read_text(encoding="utf-8"))
    sources = {doc: (part / "sources" / name).read_text(encoding="utf-8") for doc, name in source_files.items()}
    dense, lexical = open_engine(part, len(chunks), settings)
    return {d.doc: d for d in documents}, chunks, sources, dense, lexical
