"""The index on disk: manifest, compatibility checks, atomic generation swap, and failed builds."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pytest

from common.settings import Settings
from index.build import build_index, chunk_settings, corpus_files
from index.dense import Encoder
from index.lexical import LexicalIndex
from index.store import (
    IndexMismatch,
    IndexMissing,
    StoredIndex,
    check_compatible,
    current_path,
    load_index,
    read_manifest,
)
from ingest import CHUNKER_VERSION
from ingest.read import read_document
from retriever import Pipeline


def current_target(index_dir: Path) -> str:
    return os.readlink(current_path(index_dir))


def generation_dirs(index_dir: Path) -> list[str]:
    return sorted(p.name for p in (index_dir / "generations").iterdir())


# --- what a built index holds ------------------------------------------------------------------


def test_manifest_describes_the_build(settings: Settings, stored: StoredIndex) -> None:
    m = stored.manifest
    assert m.model_name == settings.model_name
    assert m.chunker_version == CHUNKER_VERSION
    assert m.chunk_settings == chunk_settings(settings)
    assert m.chunk_count == len(stored.chunks) > 0
    assert m.generation == stored.path.name
    corpus = corpus_files(settings.corpus_dir)
    assert corpus
    assert sorted(m.files) == [p.name for p in corpus]
    for path in corpus:
        text = read_document(path).text
        assert m.files[path.name] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert stored.documents[path.name].sha256 == m.files[path.name]


def test_manifest_on_disk_is_the_loaded_one(settings: Settings, stored: StoredIndex) -> None:
    on_disk = read_manifest(settings.index_dir)
    assert on_disk.files == stored.manifest.files
    assert on_disk.chunk_count == stored.manifest.chunk_count
    assert current_path(settings.index_dir).is_symlink()


def test_stored_parts_line_up(settings: Settings, stored: StoredIndex) -> None:
    assert stored.dense.index.ntotal == len(stored.chunks)
    assert stored.lexical.size == len(stored.chunks)
    assert sum(d.chunks for d in stored.documents.values()) == len(stored.chunks)
    for path in sorted(settings.corpus_dir.glob("*.txt")):
        assert stored.sources[path.name] == read_document(path).text
    for c in stored.chunks:
        assert c.text == stored.sources[c.doc][c.start : c.end]


# --- compatibility -----------------------------------------------------------------------------


def test_check_compatible_accepts_the_same_build(settings: Settings, stored: StoredIndex) -> None:
    check_compatible(stored.manifest, settings.model_name, CHUNKER_VERSION, chunk_settings(settings))


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"model_name": "intfloat/multilingual-e5-base"}, "model"),
        ({"chunker_version": CHUNKER_VERSION + "-other"}, "chunker"),
        ({"chunk_chars": 999}, "chunk settings"),
        ({"min_chunk_chars": 1}, "chunk settings"),
        ({"format_version": 0}, "format"),
    ],
)
def test_check_compatible_refuses_another_build(
    settings: Settings, stored: StoredIndex, change: dict[str, object], word: str
) -> None:
    model, chunker, sizes = settings.model_name, CHUNKER_VERSION, chunk_settings(settings)
    manifest = stored.manifest
    if "model_name" in change:
        model = str(change["model_name"])
    elif "chunker_version" in change:
        chunker = str(change["chunker_version"])
    elif "format_version" in change:
        manifest = dataclasses.replace(manifest, format_version=int(change["format_version"]))  # type: ignore[arg-type]
    else:
        sizes = {**sizes, **change}  # type: ignore[dict-item]
    with pytest.raises(IndexMismatch, match=word) as err:
        check_compatible(manifest, model, chunker, sizes)
    assert "duchaqa ingest" in str(err.value)


def test_empty_index_dir_is_missing_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="duchaqa ingest"):
        read_manifest(tmp_path)
    with pytest.raises(IndexMissing, match="duchaqa ingest"):
        load_index(tmp_path / "never-built")


def test_pipeline_without_an_index_says_so(settings: Settings, encoder: Encoder, tmp_path: Path) -> None:
    pipe = Pipeline(settings.model_copy(update={"index_dir": tmp_path / "index"}), encoder)
    with pytest.raises(IndexMissing):
        pipe.reload()
    reason = pipe.try_reload()
    assert reason is not None and "duchaqa ingest" in reason


def test_pipeline_refuses_an_index_built_with_other_chunk_sizes(
    settings: Settings, encoder: Encoder, stored: StoredIndex
) -> None:
    other = settings.model_copy(update={"chunk_chars": settings.chunk_chars + 100})
    pipe = Pipeline(other, encoder)
    with pytest.raises(IndexMismatch, match="chunk settings"):
        pipe.reload()
    reason = pipe.try_reload()
    assert reason is not None and "duchaqa ingest" in reason


def test_pipeline_refuses_an_index_built_with_another_model(settings: Settings, encoder: Encoder) -> None:
    pipe = Pipeline(settings.model_copy(update={"model_name": "intfloat/multilingual-e5-large"}), encoder)
    with pytest.raises(IndexMismatch, match="model"):
        pipe.reload()


# --- swapping generations ----------------------------------------------------------------------


def test_rebuild_swaps_in_a_new_generation_from_the_cache(
    settings: Settings, encoder: Encoder, pipeline: Pipeline
) -> None:
    old = pipeline.index
    old_searcher = pipeline.searcher
    before = current_target(settings.index_dir)
    assert before.startswith("generations/")

    first = build_index(settings, encoder, full=True)
    second = build_index(settings, encoder, full=True)  # a second swap prunes the first generation away

    assert first.embedded == second.embedded == 0
    assert first.documents == len(corpus_files(settings.corpus_dir)) and first.chunks == len(old.chunks)
    assert not first.errors
    after = current_target(settings.index_dir)
    assert after != before
    assert Path(after).name == second.generation != old.path.name
    assert first.generation != second.generation
    assert len(generation_dirs(settings.index_dir)) <= 2
    assert not any(p.name.startswith(".current-") for p in settings.index_dir.iterdir())

    # A new reader sees the new generation with the same content.
    fresh = Pipeline(settings, encoder)
    fresh.reload()
    assert fresh.index.manifest.generation == second.generation
    assert fresh.index.manifest.files == old.manifest.files
    assert [c.id for c in fresh.index.chunks] == [c.id for c in old.chunks]

    # The reader holding the old index still answers from memory, even with its directory gone.
    _, hits = pipeline.search("湖南信访件办结了多少件", k=5)
    assert pipeline.searcher is old_searcher
    assert len(hits) == 5
    for h in hits:
        assert h.chunk.text == old.sources[h.chunk.doc][h.chunk.start : h.chunk.end]


def test_a_failed_build_leaves_the_current_index_alone(
    settings: Settings, encoder: Encoder, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline.index  # noqa: B018 - make sure the session index exists first
    before = current_target(settings.index_dir)
    generations = generation_dirs(settings.index_dir)

    def broken_save(self: LexicalIndex, path: Path) -> None:
        raise OSError("disk full while writing bm25")

    monkeypatch.setattr(LexicalIndex, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        build_index(settings, encoder, full=True)
    monkeypatch.undo()

    assert current_target(settings.index_dir) == before
    assert generation_dirs(settings.index_dir) == generations
    assert not list((settings.index_dir / "generations").glob(".building-*"))
    assert not any(p.name.startswith(".current-") for p in settings.index_dir.iterdir())
    # The index on disk is whole and loads.
    reader = Pipeline(settings, encoder)
    reader.reload()
    assert Path(before).name == reader.index.manifest.generation
    assert reader.index.manifest.chunk_count == len(reader.index.chunks)
