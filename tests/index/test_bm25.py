"""bm25s's index built with arrays: the same scores, bit for bit, and the same column order as
bm25s's own build, whatever the batch size, and it saves and loads as a bm25s index."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest

import index.bm25
from index.bm25 import ArrayBM25
from retriever import Pipeline


@pytest.fixture(scope="module")
def words(pipeline: Pipeline) -> list[list[str]]:
    """The seed reports' BM25 words, and copies with words dropped (a larger, repetitive corpus)."""
    from index.lexical import tokenize

    real = [tokenize(c.text) or ["∅"] for c in pipeline.searcher.chunks]
    rng = np.random.default_rng(0)
    return real + [[w for w in real[i % len(real)] if rng.random() < 0.7] or ["∅"] for i in range(2000)]


@pytest.mark.parametrize("batch", [7, 50_000])
def test_the_array_build_is_bm25s_own(words: list[list[str]], batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index.bm25, "_BATCH", batch)
    theirs, ours = bm25s.BM25(), ArrayBM25()
    theirs.index(words, show_progress=False)
    ours.index(words, show_progress=False)
    assert set(ours.vocab_dict) == set(theirs.vocab_dict)
    for token, column in theirs.vocab_dict.items():
        if token == "":
            continue
        a, b = theirs.scores, ours.scores
        mine = ours.vocab_dict[token]
        assert np.array_equal(
            a["indices"][a["indptr"][column] : a["indptr"][column + 1]],
            b["indices"][b["indptr"][mine] : b["indptr"][mine + 1]],
        )
        assert np.array_equal(
            a["data"][a["indptr"][column] : a["indptr"][column + 1]],
            b["data"][b["indptr"][mine] : b["indptr"][mine + 1]],
        )
    for query in (["整改"], ["信访", "办结", "信访"], ["湖南", "不在词表的词"]):
        assert np.array_equal(theirs.get_scores(query), ours.get_scores(query))


def test_it_saves_and_loads_as_a_bm25s_index(words: list[list[str]], tmp_path: Path) -> None:
    ours = ArrayBM25()
    ours.index(words, show_progress=False)
    ours.save(str(tmp_path / "bm25"), show_progress=False)
    loaded = bm25s.BM25.load(str(tmp_path / "bm25"), show_progress=False)
    assert np.array_equal(loaded.get_scores(["整改", "任务"]), ours.get_scores(["整改", "任务"]))
