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

from common.settings import Settings
from common.types import Chunk, DocumentInfo
from index.engine import DenseSearch, EngineUnavailable, LexicalSearch, drop_engine, open_engine

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
KEEP_GENERATIONS = 2


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


def current_path(index_dir: Path) -> Path:
    return index_dir / "current"


def write_generation(
    index_dir: Path,
    manifest: Manifest,
    documents: list[DocumentInfo],
    chunks: list[Chunk],
    sources: dict[str, str],
    save_engine: Callable[[Path, str], None],
) -> Path:
    """Write a complete generation aside, then switch `current` to it atomically (`save_engine`
    indexes the passages into the directory being written, under the generation's name)."""
    generations = index_dir / "generations"
    generations.mkdir(parents=True, exist_ok=True)
    name = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tmp = generations / f".building-{name}"
    tmp.mkdir()
    try:
        manifest.generation = name
        (tmp / "sources").mkdir()
        for i, (_doc, text) in enumerate(sorted(sources.items())):
            (tmp / "sources" / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        source_files = {doc: f"{i:05d}.txt" for i, doc in enumerate(sorted(sources))}
        (tmp / "sources.json").write_text(json.dumps(source_files, ensure_ascii=False))
        (tmp / "documents.json").write_text(
            json.dumps([d.model_dump() for d in documents], ensure_ascii=False, indent=1), encoding="utf-8"
        )
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as f:
            for c in chunks:
                f.write(c.model_dump_json() + "\n")
        save_engine(tmp, name)
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


def load_index(index_dir: Path, settings: Settings | None = None) -> StoredIndex:
    """Load the current generation: its passages into memory, its engine opened (`settings`: how an
    IVF index probes, where a Milvus server is; the defaults when not given)."""
    settings = settings or Settings()
    manifest = read_manifest(index_dir)
    root = current_path(index_dir).resolve()
    documents = [DocumentInfo(**d) for d in json.loads((root / "documents.json").read_text(encoding="utf-8"))]
    with (root / "chunks.jsonl").open(encoding="utf-8") as f:
        chunks = [Chunk.model_validate_json(line) for line in f if line.strip()]
    source_files = json.loads((root / "sources.json").read_text(encoding="utf-8"))
    sources = {doc: (root / "sources" / name).read_text(encoding="utf-8") for doc, name in source_files.items()}
    dense, lexical = open_engine(root, len(chunks), settings)
    return StoredIndex(
        path=root,
        manifest=manifest,
        documents={d.doc: d for d in documents},
        chunks=chunks,
        sources=sources,
        dense=dense,
        lexical=lexical,
    )
