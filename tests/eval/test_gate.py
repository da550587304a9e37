"""The quality gate: the dev set and the check sets through the real pipeline; CI fails when quality drops."""

from __future__ import annotations

import pytest

from eval.gate import (
    CHECK_THRESHOLDS,
    GATE_MAX_CALIBRATION_ERROR,
    GATE_MAX_WRONG_ABSTAIN,
    GATE_RECALL5_BY_LANG,
    GATE_THRESHOLDS,
)
from eval.gold import load_gold
from eval.run import EvalReport, run_eval
from retriever import Pipeline
from tests.conftest import CHECK_SETS, CORPUS, DEV_SET


@pytest.fixture(scope="module")
def report(pipeline: Pipeline) -> EvalReport:
    return run_eval(pipeline, load_gold(DEV_SET, corpus_dir=CORPUS), k=10)


@pytest.fixture(scope="module")
def check_report(pipeline: Pipeline) -> EvalReport:
    items = [item for path in CHECK_SETS for item in load_gold(path, corpus_dir=CORPUS)]
    return run_eval(pipeline, items, k=10)


@pytest.mark.parametrize("metric", sorted(GATE_THRESHOLDS))
def test_dev_set_stays_above_the_gate(report: EvalReport, metric: str) -> None:
    got = report.summary()[metric]
    assert got >= GATE_THRESHOLDS[metric], f"{metric} fell to {got:.3f} (gate {GATE_THRESHOLDS[metric]})"


@pytest.mark.parametrize("lang", sorted(GATE_RECALL5_BY_LANG))
def test_every_language_stays_above_the_gate(report: EvalReport, lang: str) -> None:
    got = report.groups()[f"lang={lang}"]["recall@5"]
    assert got >= GATE_RECALL5_BY_LANG[lang], f"Recall@5 for {lang} fell to {got:.3f}"


def test_answerable_questions_are_rarely_abstained_on(report: EvalReport) -> None:
    got = report.summary()["wrong_abstain"]
    assert got <= GATE_MAX_WRONG_ABSTAIN, f"wrong abstention rose to {got:.3f}"


def test_the_confidence_stays_calibrated(report: EvalReport) -> None:
    got = report.summary()["calibration_error"]
    assert got <= GATE_MAX_CALIBRATION_ERROR, f"calibration error rose to {got:.3f}"


@pytest.mark.parametrize("metric", sorted(CHECK_THRESHOLDS))
def test_check_sets_stay_above_the_gate(check_report: EvalReport, metric: str) -> None:
    got = check_report.summary()[metric]
    assert got >= CHECK_THRESHOLDS[metric], f"{metric} on the check sets fell to {got:.3f}"
