"""kill -9 of a real ingest, and of a real server mid-upload: the previous index still answers, nothing is lost.

The trials are bounded (CI time); scripts/crash_soak.py runs as many as asked.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index.dense import Encoder
from retriever import Pipeline
from tests.index.crashes import (
    World,
    ingest_and_kill,
    make_world,
    next_build_problems,
    problems_after_crash,
    serve_and_kill,
)

TRIALS = 10
# Kill moments are drawn up to this many seconds into a run: past start-up, through reading,
# embedding, the cache save and the index swap.
MAX_DELAY = 9.0


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder, pipeline: Pipeline, cache_dir: Path) -> World:
    # The session's cache holds the corpus's vectors once its index is built (`pipeline`): a clean
    # checkout has no project cache, and embedding the corpus again cost CI a minute.
    return make_world(tmp_path_factory.mktemp("crash"), encoder, cache_dir)


def test_killed_ingests_leave_a_loadable_answering_index_and_an_intact_corpus(world: World, encoder: Encoder) -> None:
    rng = random.Random(13)
    log = []
    for n in range(TRIALS):
        what = ingest_and_kill(world, n, rng, MAX_DELAY)
        problems = problems_after_crash(world, encoder)
        log.append(what)
        assert not problems, (what, problems, log)
    assert any("killed" in line for line in log), log
    assert not next_build_problems(world, encoder)


def test_a_server_killed_mid_upload_leaves_the_previous_index(world: World, encoder: Encoder) -> None:
    """The riskiest write (a replace) through a real server, killed while it validates, stores or indexes."""
    what = serve_and_kill(world, 0, random.Random(7))
    assert "server did not start" not in what
    assert not problems_after_crash(world, encoder), what
    assert not next_build_problems(world, encoder)
