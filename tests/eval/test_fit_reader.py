"""Fitting the reader: the weights file it writes loads, ranks and calibrates; the threshold keeps
wrong abstention within its share."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from eval.fit_reader import (
    SEED_CORPUS,
    Item,
    choose_threshold,
    fit_parts,
    item_weights,
    main,
    threshold_for_each_kind,
)
from retriever.reader import load_model


def _items(n: int, seed: int = 0) -> list[Item]:
    """Questions with three candidates each: the right one (when there is one) has more of the
    question's terms around it, as in the reports, with noise."""
    rng = np.random.default_rng(seed)
    items = []
    for i in range(n):
        answerable = i % 5 != 0
        right = int(rng.integers(3)) if answerable else -1
        rows = [
            {"sentence_coverage": float(rng.normal(0.8 if c == right else 0.4, 0.15)), "first": float(c == 0)}
            for c in range(3)
        ]
        items.append(Item(f"q{i}", answerable, "a" if i % 2 else "b", rows, [int(c == right) for c in range(3)]))
    return items


def test_the_fit_writes_weights_the_reader_loads(tmp_path: Path) -> None:
    saved, out = tmp_path / "items.json", tmp_path / "weights.json"
    saved.write_text(json.dumps([asdict(i) for i in _items(200)]), encoding="utf-8")
    assert main(["--items", str(saved), "--out", str(out), "--sets", "dev"]) == 0
    model = load_model(out)
    assert set(model.features) == {"sentence_coverage", "first"}
    rows = [{"sentence_coverage": 0.9, "first": 0.0}, {"sentence_coverage": 0.3, "first": 1.0}]
    logits = model.logits(rows)
    assert logits[0] > logits[1]  # the terms around a value outweigh the rules' first choice here
    assert 0.0 < model.confidence(logits, rows) < 1.0


def test_the_threshold_refuses_at_most_the_allowed_share() -> None:
    confidence = np.linspace(0.01, 0.99, 100)
    answerable = np.ones(100, dtype=bool)
    threshold = choose_threshold(confidence, answerable, np.ones(100), 0.05)
    assert (confidence < threshold).mean() <= 0.05
    assert (confidence < threshold).mean() >= 0.04


def test_new_reports_weigh_as_much_as_the_seed_reports_in_the_fit() -> None:
    items = _items(10)
    items += [Item(f"x{i}", True, SEED_CORPUS, [{"first": 1.0}], [1]) for i in range(30)]
    weights = item_weights(items)
    seed = np.array([i.corpus == SEED_CORPUS for i in items])
    assert weights[seed].sum() == pytest.approx(weights[~seed].sum())


def test_answers_in_parts_get_their_own_calibration() -> None:
    """The product of two parts' confidences understates how often a sum is right when the parts
    share their passage: the fitted map raises it, and keeps its order."""
    rng = np.random.default_rng(1)
    items = []
    for i in range(300):
        product = float(rng.uniform(0.02, 0.9))
        right = int(rng.uniform() < min(1.0, 2 * product))  # right about twice as often as the product says
        items.append(Item(f"p{i}", True, "a", joint=product, joint_right=right))
    slope, shift = fit_parts(items)
    assert slope > 0
    raised = 1 / (1 + np.exp(-(slope * np.log(0.2 / 0.8) + shift)))
    assert raised > 0.25


def test_the_threshold_holds_the_wrong_abstention_share_on_new_reports_too() -> None:
    """Seed questions are easy (high confidence), new ones hard: a blended threshold would refuse
    far more than the share of the new ones; the threshold of each kind, the lower, does not."""
    seed = [Item(f"s{i}", True, SEED_CORPUS, [{"first": 1.0}], [1]) for i in range(100)]
    new = [Item(f"n{i}", True, "new", [{"first": 1.0}], [1]) for i in range(100)]
    items = seed + new
    confidence = np.concatenate([np.linspace(0.5, 0.99, 100), np.linspace(0.05, 0.6, 100)])
    answerable = np.ones(200, dtype=bool)
    threshold = threshold_for_each_kind(items, confidence, answerable, item_weights(items), 0.05)
    assert (confidence[100:] < threshold).mean() <= 0.05
    assert (confidence[:100] < threshold).mean() <= 0.05
