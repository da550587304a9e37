"""Reports nobody tuned on: the new-report corpus and its gold sets, scored through the real pipeline.

`eval/unseen/corpus` holds 32 documents about regions outside the seed reports, in every layout
(PDF, Word, web pages, GB18030/Big5 text, traditional script), written from public facts; their
questions were written by people who saw neither the system nor each other's sets. The tuning set
may be read item by item; the sealed set is only ever scored as a whole, here and in the README.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from common.settings import ROOT, Settings
from eval.gate import UNSEEN_SEALED_THRESHOLDS, UNSEEN_TUNE_THRESHOLDS
from eval.gold import GoldItem, load_gold
from eval.run import EvalReport, run_eval
from index.build import build_index, corpus_files
from index.dense import Encoder
from retriever import Pipeline

UNSEEN = ROOT / "eval" / "unseen"
UNSEEN_CORPUS = UNSEEN / "corpus"
SETS = {"tune": UNSEEN / "tune.jsonl", "sealed": UNSEEN / "sealed.jsonl"}
THRESHOLDS = {"tune": UNSEEN_TUNE_THRESHOLDS, "sealed": UNSEEN_SEALED_THRESHOLDS}


@pytest.fixture(scope="module")
def unseen_pipeline(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> Pipeline:
    root = tmp_path_factory.mktemp("unseen")
    settings = Settings(corpus_dir=UNSEEN_CORPUS, index_dir=root / "index", cache_dir=cache_dir)  # type: ignore[arg-type]
    report = build_index(settings, encoder)
    assert not report.errors, report.errors
    assert report.documents == len(corpus_files(UNSEEN_CORPUS))
    pipeline = Pipeline(settings, encoder)
    pipeline.reload()
    return pipeline


@pytest.fixture(scope="module")
def gold() -> dict[str, list[GoldItem]]:
    return {name: load_gold(path, corpus_dir=UNSEEN_CORPUS) for name, path in SETS.items()}


@pytest.fixture(scope="module")
def reports(unseen_pipeline: Pipeline, gold: dict[str, list[GoldItem]]) -> dict[str, EvalReport]:
    return {name: run_eval(unseen_pipeline, items, k=10) for name, items in gold.items()}


def test_the_corpus_comes_in_every_layout() -> None:
    suffixes = Counter(path.suffix for path in corpus_files(UNSEEN_CORPUS))
    assert len(corpus_files(UNSEEN_CORPUS)) >= 30
    assert all(suffixes[s] >= 4 for s in (".pdf", ".docx", ".html", ".txt")), suffixes


def test_the_sets_cover_the_languages_and_types(gold: dict[str, list[GoldItem]]) -> None:
    for items in gold.values():
        assert len(items) >= 80
        assert {item.lang for item in items} == {"en", "zh", "zh-hant"}
        assert {item.type for item in items} == {"number", "fact", "list", "multi", "unanswerable"}
        docs = {ev.doc for item in items for ev in item.evidence}
        assert len(docs) >= 15


@pytest.mark.parametrize("name", sorted(SETS))
@pytest.mark.parametrize("metric", sorted(UNSEEN_TUNE_THRESHOLDS))
def test_new_reports_stay_above_the_gate(reports: dict[str, EvalReport], name: str, metric: str) -> None:
    got = reports[name].summary()[metric]
    floor = THRESHOLDS[name][metric]
    if metric == "wrong_abstain":
        assert got <= floor, f"{name}: wrong abstention rose to {got:.3f} (gate {floor})"
    else:
        assert got >= floor, f"{name}: {metric} fell to {got:.3f} (gate {floor})"


def test_the_corpus_is_what_its_sources_render_to(tmp_path: Path) -> None:
    """The files under test are reproducible: `python -m eval.layouts unseen` writes them byte for byte."""
    from eval.layouts.cli import unseen

    unseen(UNSEEN / "src", tmp_path)
    for path in corpus_files(UNSEEN_CORPUS):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
