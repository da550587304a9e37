"""The metamorphic test: the five reports as PDF, Word, web page, news with byline, traditional
script and hard-wrapped text must answer the dev set as the originals do (`eval.variants`)."""

from __future__ import annotations

import pytest

from common.settings import Settings
from eval.gold import load_gold
from eval.run import EvalReport
from eval.variants import VARIANTS, run_variants
from index.dense import Encoder
from tests.conftest import CORPUS, DEV_SET

# The issue's bar: answers within 0.03 of the originals', and the evidence in the top 5.
MAX_ANSWER_DROP = 0.03
MIN_RECALL5 = 0.98
# Every other dev question: the seven readings of the whole set were a third of the suite's time,
# and a layout that loses text loses it for half the questions as surely as for all of them
# (`python -m eval.variants` reads the whole set).
SAMPLE_EVERY = 2


@pytest.fixture(scope="module")
def reports(settings: Settings, encoder: Encoder, tmp_path_factory: pytest.TempPathFactory) -> dict[str, EvalReport]:
    items = load_gold(DEV_SET, corpus_dir=CORPUS)[::SAMPLE_EVERY]
    return run_variants(settings, encoder, items, tmp_path_factory.mktemp("variants"))


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_layout_answers_like_the_original(reports: dict[str, EvalReport], variant: str) -> None:
    original, got = reports["original"].summary(), reports[variant].summary()
    assert got["n"] == original["n"]
    assert got["answer_acc"] >= original["answer_acc"] - MAX_ANSWER_DROP, (variant, got["answer_acc"])
    assert got["recall@5"] >= MIN_RECALL5, (variant, got["recall@5"])
