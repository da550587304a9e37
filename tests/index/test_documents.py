"""Reports read once: a re-index takes unchanged files, their passages and their BM25 words from
the document cache, and builds exactly the index a fresh read builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from common.settings import Settings
from index.build import build_index, document_cache
from index.dense import Encoder
from index.lexical import tokenize
from index.store import load_index
from tests.conftest import make_settings


def _entries(settings: Settings) -> set[str]:
    return {p.name for p in (settings.cache_dir / "documents").glob("*.json")}


def test_a_reindex_reads_only_what_changed_and_builds_the_same_index(
    tmp_path: Path, cache_dir: Path, encoder: Encoder
) -> None:
    own_cache = tmp_path / "cache"
    shutil.copytree(cache_dir, own_cache, ignore=shutil.ignore_patterns("documents"))
    settings = make_settings(tmp_path, own_cache)
    build_index(settings, encoder)
    first = load_index(settings.index_dir)
    kept = _entries(settings)
    assert len(kept) == len(first.documents)

    # Every report comes back as read, with the words it was indexed with.
    for path in sorted(settings.corpus_dir.iterdir()):
        found = document_cache(settings).get(path.name, path.read_bytes())
        assert found is not None
        ingested, words = found
        assert [c.id for c in ingested.chunks] == [c.id for c in first.chunks if c.doc == path.name]
        assert words is not None and len(words) == len(ingested.chunks)

    # One report changes: one new entry; the index equals the one a fresh read builds.
    changed = sorted(settings.corpus_dir.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充：全省新增整改任务12项。\n", encoding="utf-8")
    build_index(settings, encoder)
    assert len(_entries(settings) - kept) == 1
    cached = load_index(settings.index_dir)
    shutil.rmtree(own_cache / "documents")
    build_index(settings, encoder, full=True)  # nothing changed: only a full build reads afresh
    fresh = load_index(settings.index_dir)
    assert [c.model_dump() for c in cached.chunks] == [c.model_dump() for c in fresh.chunks]
    words = tokenize("湖南信访件办结率")
    rows = np.arange(len(fresh.chunks))
    assert np.array_equal(cached.lexical.scores(words).at(rows), fresh.lexical.scores(words).at(rows))


def test_a_damaged_entry_is_read_again_from_the_file(tmp_path: Path, cache_dir: Path, encoder: Encoder) -> None:
    own_cache = tmp_path / "cache"
    shutil.copytree(cache_dir, own_cache, ignore=shutil.ignore_patterns("documents"))
    settings = make_settings(tmp_path, own_cache)
    build_index(settings, encoder)
    before = load_index(settings.index_dir)
    for entry in (own_cache / "documents").glob("*.json"):
        entry.write_text('{"source": {"doc": ')  # cut short, as by a full disk
    build_index(settings, encoder, full=True)
    after = load_index(settings.index_dir)
    assert [c.id for c in after.chunks] == [c.id for c in before.chunks]


def test_other_chunk_settings_never_take_passages_cut_under_these(cache_dir: Path) -> None:
    settings = Settings(cache_dir=cache_dir)
    other = settings.model_copy(update={"chunk_chars": settings.chunk_chars + 100})
    assert document_cache(settings).key("a.txt", "00") != document_cache(other).key("a.txt", "00")


def test_an_upload_is_read_once(tmp_path: Path, cache_dir: Path, encoder: Encoder) -> None:
    from index.corpus import add_document, validate

    own_cache = tmp_path / "cache"
    shutil.copytree(cache_dir, own_cache, ignore=shutil.ignore_patterns("documents"))
    settings = make_settings(tmp_path, own_cache)
    data = "江西省督察整改情况\n\n截至年底，全省完成整改任务58项，办结信访件1203件。\n".encode()
    name = validate(settings, "江西整改.txt", data)
    found = document_cache(settings).get(name, data)
    assert found is not None and found[1] is None  # kept as read, its words not yet made
    add_document(settings, encoder, name, data)
    found = document_cache(settings).get(name, data)
    assert found is not None and found[1] is not None and len(found[1]) == len(found[0].chunks)
    assert name in load_index(settings.index_dir).documents
