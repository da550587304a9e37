"""The incremental index: a re-index with nothing changed keeps the current generation; a report
added, changed or removed beside a base is the only one indexed, and the index then finds the same
passages with the same scores as a full build of the same folder; a delta that outgrows its base,
or a base under the floor, is built whole."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from common.settings import ROOT, Settings
from index.ann import DenseIndex, RowSet
from index.build import build_index
from index.corpus import add_document, remove_document
from index.dense import DIM, Encoder
from index.joined import JoinedDense, LiveRows
from index.store import DELTA, current_path, load_index, read_manifest
from retriever.query.parse import parse_query
from retriever.search.hybrid import Searcher
from tests.conftest import DEV_SET, make_settings

# Reports nobody tuned on, in two layouts, to add beside the seed reports.
NEW_REPORTS = [ROOT / "eval" / "fresh" / "corpus" / name for name in ("e04_hubei_cases.txt", "f02_luzhou_plan.docx")]


def _questions() -> list[str]:
    lines = DEV_SET.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()][::4]


def _top(settings: Settings, encoder: Encoder) -> list[list[tuple[str, float]]]:
    searcher = Searcher(load_index(settings.index_dir, settings), encoder, settings)
    found = []
    for question in _questions():
        query = parse_query(question)
        searcher.weigh_terms(query)
        found.append([(hit.chunk.id, hit.score) for hit in searcher.search(query, 5)])
    return found


def _assert_searches_as_a_full_build(kept: Settings, whole: Settings, encoder: Encoder) -> None:
    build_index(whole, encoder, full=True)
    for mine, reference in zip(_top(kept, encoder), _top(whole, encoder), strict=True):
        assert [row for row, _ in mine] == [row for row, _ in reference]
        assert [score for _, score in mine] == pytest.approx([score for _, score in reference], abs=1e-4)


def _generation(settings: Settings) -> Path:
    return current_path(settings.index_dir).resolve()


@pytest.fixture()
def pair(tmp_path: Path, cache_dir: Path) -> tuple[Settings, Settings]:
    """The corpus twice: kept incrementally (a base of any size), and always built whole."""
    kept = make_settings(tmp_path / "kept", cache_dir, delta_min_base=0, delta_max_share=1.0)
    return kept, make_settings(tmp_path / "whole", cache_dir)


def test_a_reindex_with_nothing_changed_keeps_the_generation(pair: tuple[Settings, Settings], encoder: Encoder) -> None:
    kept, _ = pair
    first = build_index(kept, encoder)
    again = build_index(kept, encoder)
    assert again.generation == first.generation
    assert (again.documents, again.chunks) == (first.documents, first.chunks) and again.chunks > 0
    assert list(again.stages) == ["comparing files"]
    assert build_index(kept, encoder, full=True).generation != first.generation


def test_reports_added_changed_and_removed_beside_the_base_search_as_a_full_build(
    pair: tuple[Settings, Settings], encoder: Encoder
) -> None:
    kept, whole = pair
    build_index(kept, encoder)
    base = _generation(kept)
    base_vectors = os.stat(base / "dense.faiss").st_ino
    # the two shortest seed reports, so what is removed and changed stays under the base's size
    seeds = sorted((p.name for p in kept.corpus_dir.iterdir()), key=lambda n: (kept.corpus_dir / n).stat().st_size)

    # Added: only the new report is indexed, in a delta; the base's files are the same files.
    for path in NEW_REPORTS:
        add_document(kept, encoder, path.name, path.read_bytes())
        (whole.corpus_dir / path.name).write_bytes(path.read_bytes())
    now = _generation(kept)
    delta = json.loads((now / DELTA / "documents.json").read_text(encoding="utf-8"))
    assert sorted(d["doc"] for d in delta) == sorted(p.name for p in NEW_REPORTS)
    assert os.stat(now / "dense.faiss").st_ino == base_vectors
    assert read_manifest(kept.index_dir).removed == []
    _assert_searches_as_a_full_build(kept, whole, encoder)

    # Changed and removed: the base's copies are dropped from search, the new text is in the delta.
    changed = kept.corpus_dir / seeds[1]
    text = changed.read_text(encoding="utf-8") + "\n补记：全省新增整改任务12项，已完成9项。\n"
    add_document(kept, encoder, seeds[1], text.encode(), replace=True)
    (whole.corpus_dir / seeds[1]).write_text(text, encoding="utf-8")
    remove_document(kept, encoder, seeds[0])
    (whole.corpus_dir / seeds[0]).unlink()
    manifest = read_manifest(kept.index_dir)
    assert manifest.removed == sorted(seeds[:2])
    assert sorted(manifest.files) == sorted(p.name for p in whole.corpus_dir.iterdir())
    stored = load_index(kept.index_dir, kept)
    assert seeds[0] not in stored.documents and not any(c.doc == seeds[0] for c in stored.chunks)
    assert manifest.chunk_count == len(stored.chunks)
    for chunk in stored.chunks:  # every passage still cites its own report's text
        assert stored.sources[chunk.doc][chunk.start : chunk.end] == chunk.text
    # The first generation has long been pruned; its base lives on in hard links.
    assert not base.exists() and os.stat(_generation(kept) / "dense.faiss").st_ino == base_vectors
    _assert_searches_as_a_full_build(kept, whole, encoder)


def test_a_delta_outgrowing_its_base_and_a_base_under_the_floor_are_built_whole(
    tmp_path: Path, cache_dir: Path, encoder: Encoder
) -> None:
    small = make_settings(tmp_path / "small", cache_dir, delta_min_base=0, delta_max_share=0.05)
    build_index(small, encoder)
    remove_document(small, encoder, sorted(p.name for p in small.corpus_dir.iterdir())[0])  # over 5% of it
    assert not (_generation(small) / DELTA).exists() and read_manifest(small.index_dir).removed == []

    floor = make_settings(tmp_path / "floor", cache_dir)  # the seed reports are far under the floor
    build_index(floor, encoder)
    add_document(floor, encoder, NEW_REPORTS[0].name, NEW_REPORTS[0].read_bytes())
    assert not (_generation(floor) / DELTA).exists()
    assert NEW_REPORTS[0].name in load_index(floor.index_dir, floor).documents


def test_a_report_removed_from_the_base_alone_needs_no_delta(pair: tuple[Settings, Settings], encoder: Encoder) -> None:
    kept, whole = pair
    build_index(kept, encoder)
    shortest = min(kept.corpus_dir.iterdir(), key=lambda p: p.stat().st_size).name
    change = remove_document(kept, encoder, shortest)
    (whole.corpus_dir / shortest).unlink()
    assert change.report.kind == "delta" and change.report.embedded == 0
    assert not (_generation(kept) / DELTA).exists() and read_manifest(kept.index_dir).removed == [shortest]
    _assert_searches_as_a_full_build(kept, whole, encoder)


def test_a_reload_on_the_same_base_reads_only_the_delta(pair: tuple[Settings, Settings], encoder: Encoder) -> None:
    kept, _ = pair
    build_index(kept, encoder)
    before = load_index(kept.index_dir, kept)
    add_document(kept, encoder, NEW_REPORTS[0].name, NEW_REPORTS[0].read_bytes())
    after = load_index(kept.index_dir, kept, previous=before)
    assert after.base is before.base  # the base's passages and engine, as already in memory
    assert after.manifest.generation != before.manifest.generation
    assert NEW_REPORTS[0].name in after.documents and len(after.chunks) > len(before.chunks)
    rebuilt = build_index(kept, encoder, full=True)  # a new base: read from disk
    fresh = load_index(kept.index_dir, kept, previous=after)
    assert fresh.manifest.base == rebuilt.generation and fresh.base is not before.base
    assert [c.id for c in fresh.chunks] == [c.id for c in load_index(kept.index_dir, kept).chunks]


@pytest.mark.parametrize("gone", [0, 7], ids=["nothing removed", "every 7th removed"])
def test_the_joined_dense_half_finds_what_one_index_of_the_live_vectors_finds(gone: int) -> None:
    rng = np.random.default_rng(0)
    base, delta = (rng.normal(size=(n, DIM)).astype(np.float32) for n in (3000, 200))
    live = np.setdiff1d(np.arange(3000), np.arange(0, 3000, gone)) if gone else np.arange(3000)
    joined = JoinedDense(DenseIndex.build(base), DenseIndex.build(delta), LiveRows(live, 3000, 200))
    whole = DenseIndex.build(np.vstack([base[live], delta]))
    for _ in range(20):
        query = rng.normal(size=DIM).astype(np.float32)
        among = RowSet(np.sort(rng.choice(len(whole), 500, replace=False)), len(whole))
        for rows in (None, among):
            assert list(joined.top(query, 10, rows)[0]) == list(whole.top(query, 10, rows)[0])
        assert np.array_equal(joined.vectors(among.rows), whole.vectors(among.rows))
