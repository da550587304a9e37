"""The Milvus engine (on milvus-lite) against the FAISS one: the same passages with the same scores
for every gold question, the same answers; a generation per collection, dropped with its
generation; an index that reopens after a restart; a clear error for a second process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from common.settings import ROOT, Settings
from index import store
from index.build import build_index
from index.dense import Encoder
from index.engine import MILVUS_RECORD, EngineData, EngineUnavailable
from index.milvus import MilvusEngine, disconnect
from index.store import load_index
from retriever import Pipeline
from retriever.query.parse import parse_query
from retriever.search.hybrid import Searcher
from tests.conftest import CHECK_SETS, DEV_SET, make_settings


def _questions() -> list[str]:
    lines = [line for path in [DEV_SET, *CHECK_SETS] for line in path.read_text(encoding="utf-8").splitlines()]
    return [json.loads(line)["question"] for line in lines if line.strip()]


def _hits(searcher: Searcher, question: str, weigh: Searcher | None = None) -> list[tuple[str, float]]:
    """The top five (passage, score); the question's terms weighed by `weigh` (default: the searcher)."""
    query = parse_query(question)
    (weigh or searcher).weigh_terms(query)
    return [(hit.chunk.id, hit.score) for hit in searcher.search(query, 5)]


@pytest.fixture()
def own(tmp_path: Path, cache_dir: Path) -> Iterator[Settings]:
    """A private corpus copy indexed on milvus-lite, whose file is let go when the test ends."""
    settings = make_settings(tmp_path, cache_dir, engine="milvus")
    yield settings
    disconnect(settings)


def _collections(settings: Settings) -> set[str]:
    return set(MilvusEngine.connect(settings).client.list_collections())


def test_both_engines_find_the_same_passages_with_the_same_scores(
    pipeline: Pipeline, milvus_pipeline: Pipeline
) -> None:
    questions = _questions()[::20]  # a twentieth of every gold set's questions (milvus-lite is pure Python)
    assert len(questions) > 25
    for question in questions:
        faiss_hits, milvus_hits = _hits(pipeline.searcher, question), _hits(milvus_pipeline.searcher, question)
        assert [h[0] for h in milvus_hits] == [h[0] for h in faiss_hits], question
        assert np.allclose([h[1] for h in milvus_hits], [h[1] for h in faiss_hits], atol=1e-4), question


def test_both_engines_give_the_same_answers(pipeline: Pipeline, milvus_pipeline: Pipeline) -> None:
    for question in _questions()[::30]:
        ours, theirs = pipeline.ask(question), milvus_pipeline.ask(question)
        assert (theirs.answer.answer, theirs.answer.abstained) == (ours.answer.answer, ours.answer.abstained), question
        assert abs(theirs.answer.confidence - ours.answer.confidence) < 1e-4, question
        assert [h.chunk.id for h in theirs.hits] == [h.chunk.id for h in ours.hits], question


def test_large_index_candidates_come_from_milvus_as_from_faiss(
    pipeline: Pipeline, milvus_pipeline: Pipeline, encoder: Encoder, settings: Settings
) -> None:
    # Each engine searched as a large index is: HNSW and BM25 top-k with a region pre-filter.
    small = settings.model_copy(update={"exact_search_max": 0, "candidate_depth": 20})
    faiss = Searcher(pipeline.searcher.stored, encoder, small)
    milvus = Searcher(milvus_pipeline.searcher.stored, encoder, small)
    # The terms are weighed by the whole index (a large index counts them in its word index instead;
    # milvus-lite counts by scanning, which the test need not wait for).
    exact = pipeline.searcher
    questions = _questions()[::25]
    same = [[h[0] for h in _hits(milvus, q, exact)] == [h[0] for h in _hits(faiss, q, exact)] for q in questions]
    assert sum(same) / len(same) >= 0.97


def test_each_generation_has_its_collection_dropped_with_it(own: Settings, encoder: Encoder) -> None:
    settings = own
    build_index(settings, encoder)
    first = _collections(settings)
    assert len(first) == 1
    # A report added: a new generation, a new collection; the old one stays while a reader may hold it.
    extra = sorted((ROOT / "eval" / "unseen" / "corpus").iterdir())[0]
    shutil.copy(extra, settings.corpus_dir / extra.name)
    build_index(settings, encoder)
    assert len(_collections(settings)) == store.KEEP_GENERATIONS and first < _collections(settings)
    assert extra.name in load_index(settings.index_dir, settings).documents
    # The report removed: the oldest generation and its collection go.
    (settings.corpus_dir / extra.name).unlink()
    build_index(settings, encoder)
    assert len(_collections(settings)) == store.KEEP_GENERATIONS and not first & _collections(settings)
    stored = load_index(settings.index_dir, settings)
    assert extra.name not in stored.documents and len(stored.dense) == len(stored.chunks)


def test_a_build_killed_half_way_leaves_no_collection_behind(own: Settings, pipeline: Pipeline) -> None:
    settings = own
    half = settings.index_dir / "generations" / ".building-killed"
    half.mkdir(parents=True)
    stored = pipeline.index
    rows = np.arange(10)
    data = EngineData(stored.dense.vectors(rows), [["湖南", "信访"]] * 10, [["湖南"]] * 10)
    MilvusEngine.connect(settings).write(half, "killed", data)
    assert (half / MILVUS_RECORD).is_file() and len(_collections(settings)) == 1
    assert store.sweep(settings.index_dir) == [".building-killed"]
    assert not half.exists() and not _collections(settings)


def test_a_generation_whose_server_is_down_is_kept_until_its_collection_can_be_dropped(tmp_path: Path) -> None:
    half = tmp_path / "generations" / ".building-orphan"
    half.mkdir(parents=True)
    record = {"uri": "http://127.0.0.1:1", "collection": "duchaqa_orphan"}  # nothing listens there
    (half / MILVUS_RECORD).write_text(json.dumps(record))
    assert store.sweep(tmp_path) == [".building-orphan"]
    assert (half / MILVUS_RECORD).is_file()  # kept, so the next sweep drops the collection it names


def test_a_collection_gone_behind_our_back_is_a_clear_error(own: Settings, encoder: Encoder) -> None:
    build_index(own, encoder)
    (collection,) = _collections(own)
    MilvusEngine.connect(own).client.drop_collection(collection)
    with pytest.raises(EngineUnavailable, match="run `duchaqa ingest` to rebuild"):
        load_index(own.index_dir, own)


def test_the_index_reopens_after_a_restart(own: Settings, encoder: Encoder) -> None:
    settings = own
    build_index(settings, encoder)
    question = "湖南信访件办结率"
    before = _hits(Searcher(load_index(settings.index_dir, settings), encoder, settings), question)
    disconnect(settings)  # milvus-lite's server stops; the next open starts it again from its files
    after = _hits(Searcher(load_index(settings.index_dir, settings), encoder, settings), question)
    assert after == before and len(after) == 5


def test_a_second_process_on_a_milvus_lite_file_gets_a_clear_error(own: Settings, encoder: Encoder) -> None:
    settings = own
    build_index(settings, encoder)  # this process now holds the file
    env = {
        **os.environ,
        "DUCHAQA_ENGINE": "milvus",
        "DUCHAQA_CORPUS_DIR": str(settings.corpus_dir),
        "DUCHAQA_INDEX_DIR": str(settings.index_dir),
        "DUCHAQA_CACHE_DIR": str(settings.cache_dir),
    }
    duchaqa = Path(sys.executable).parent / "duchaqa"
    done = subprocess.run([str(duchaqa), "ingest"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    printed = done.stdout + done.stderr
    assert "serves one process at a time" in " ".join(printed.split()) and "Traceback" not in printed, printed
