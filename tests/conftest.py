"""Shared fixtures: the real model, a real index built once per session from a copy of corpus/.

Tests never touch the project's own `.index/` or `corpus/`: they work on copies in a
temporary folder, so a test that uploads or deletes a report changes nothing real.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from common.settings import ROOT, Settings, get_settings
from index.build import build_index
from index.dense import Encoder
from retriever import Pipeline

CORPUS = ROOT / "corpus"
DEV_SET = ROOT / "eval" / "dev.jsonl"
# Questions written apart from the system, each set before the rules saw it (see the README).
CHECK_SETS = [ROOT / "eval" / f"check{n}.jsonl" for n in ("", "2", "3", "4", "5", "6", "7")]


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    settings = get_settings()
    return Encoder.from_settings(settings)


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the whole session: only the first index built embeds anything.

    It starts from the project's cache when there is one (same model, same vectors)."""
    path = tmp_path_factory.mktemp("cache") / "embeddings"
    project_cache = get_settings().cache_dir
    if project_cache.is_dir():
        shutil.copytree(project_cache, path)
    return path


def make_settings(root: Path, cache_dir: Path, **overrides: object) -> Settings:
    """Settings pointing at a private copy of corpus/ and a private index under `root`."""
    corpus = root / "corpus"
    if not corpus.exists():
        shutil.copytree(CORPUS, corpus)
    return Settings(corpus_dir=corpus, index_dir=root / "index", cache_dir=cache_dir, **overrides)  # type: ignore[arg-type]


def pipeline_with(root: Path, cache_dir: Path, encoder: Encoder, report: Path) -> Pipeline:
    """A pipeline over the five reports and one more written for a test, indexed under `root`."""
    settings = make_settings(root, cache_dir)
    shutil.copyfile(report, settings.corpus_dir / report.name)
    build_index(settings, encoder)
    pipeline = Pipeline(settings, encoder)
    pipeline.reload()
    return pipeline


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Settings:
    """The read-only test world: tests that upload or delete make their own with `make_settings`."""
    return make_settings(tmp_path_factory.mktemp("duchaqa"), cache_dir, api_key="test-key")


@pytest.fixture(scope="session")
def pipeline(settings: Settings, encoder: Encoder) -> Pipeline:
    build_index(settings, encoder)
    pipe = Pipeline(settings, encoder)
    pipe.reload()
    return pipe


@pytest.fixture(scope="session")
def stored(pipeline: Pipeline):
    return pipeline.index


@pytest.fixture(scope="session")
def milvus_pipeline(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    """The same corpus on the Milvus engine (milvus-lite, a file in its own index folder)."""
    settings = make_settings(tmp_path_factory.mktemp("milvus"), cache_dir, engine="milvus")
    build_index(settings, encoder)
    pipe = Pipeline(settings, encoder)
    pipe.reload()
    return pipe


@pytest.fixture(scope="session", params=["faiss", "milvus"])
def engine_pipeline(request: pytest.FixtureRequest) -> Pipeline:
    """The corpus on each engine in turn: a retrieval test taking this runs on both."""
    return request.getfixturevalue("pipeline" if request.param == "faiss" else "milvus_pipeline")


@pytest.fixture()
def client(settings: Settings, pipeline: Pipeline) -> Iterator:
    from fastapi.testclient import TestClient

    from server.app import create_app

    with TestClient(create_app(settings, pipeline)) as c:
        yield c
