"""Fitting the reader: the weights file it writes loads, ranks and calibrates; the threshold keeps
wrong abstention within its share."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from eval.fit_reader import SEED_CORPUS, Item, choose_threshold, item_weights, main
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
