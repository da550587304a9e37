"""Stage 3 of the reader: one fitted model turns a candidate's features into a probability.

A logistic regression over the features of `reader.features`, fitted on the tuning gold sets by
`python -m eval.fit_reader` and saved as a small versioned JSON file (no pickle, no scikit-learn
at run time). A second, small regression maps a candidate's score, its lead over the best of the
others and the checks it fails (the old vetoes, now evidence) to a calibrated confidence that it is
right; the abstention threshold is fitted with it. An answer in parts (a sum, a comparison, several
asks) is as sure as the product of its parts' confidences, recalibrated on the tuning sets' answers
in parts (the parts of one question are not independent: one passage often states both).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WEIGHTS_VERSION = 4
# What the calibration reads besides the best candidate's score and lead: the checks it fails.
CALIBRATION_FEATURES = ("checks_failed", "top_thin", "top_year", "round", "absent_share", "literal", "contradicts")
# A lead over the runner-up counted for a candidate that has none (it stands alone).
ALONE_MARGIN = 4.0


class WeightsError(ValueError):
    """The weights file is missing, damaged or for other features than this reader computes."""


@dataclass(frozen=True)
class ReaderModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    calibration: tuple[float, ...]  # weights of (top logit, margin, *CALIBRATION_FEATURES), then intercept
    threshold: float
    parts: tuple[float, float] = (1.0, 0.0)  # slope and intercept on the log-odds of the parts' product

    def joint(self, confidences: list[float]) -> float:
        """How sure an answer in parts is, from its parts' confidences."""
        product = float(np.prod(confidences)) if confidences else 0.0
        if product <= 0.0:
            return 0.0
        return float(probabilities(self.parts[0] * log_odds(product) + self.parts[1]))

    def logits(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Each candidate's log-odds of being the right answer."""
        if not rows:
            return np.zeros(0)
        x = np.array([[row.get(f, 0.0) for f in self.features] for row in rows], dtype=np.float64)
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def confidence(self, logits: np.ndarray, rows: list[dict[str, float]], chosen: int | None = None) -> float:
        """Calibrated probability that the chosen candidate (the best by default) is right."""
        if logits.size == 0:
            return 0.0
        x = calibration_row(logits, rows, chosen)
        return float(probabilities(np.dot(self.calibration[:-1], x) + self.calibration[-1]))


def calibration_row(logits: np.ndarray, rows: list[dict[str, float]], chosen: int | None = None) -> list[float]:
    """The chosen candidate's logit (the best by default), its lead over the best of the others
    (negative when it is not the best), and the checks it fails."""
    chosen = int(np.argmax(logits)) if chosen is None else chosen
    others = np.delete(logits, chosen)
    margin = float(logits[chosen] - others.max()) if others.size else ALONE_MARGIN
    return [float(logits[chosen]), margin, *(rows[chosen].get(f, 0.0) for f in CALIBRATION_FEATURES)]


def log_odds(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return float(np.log(p) - np.log1p(-p))


def probabilities(logits: np.ndarray | float) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(logits, -30, 30)))


def load_model(path: Path) -> ReaderModel:
    """The fitted reader, checked against the features this code computes."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise WeightsError(f"cannot read the reader's weights {path.name}: {err}") from err
    if data.get("version") != WEIGHTS_VERSION:
        raise WeightsError(f"{path.name} is version {data.get('version')}; this reader reads {WEIGHTS_VERSION}")
    try:
        n = len(data["features"])
        arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
        cal = tuple(float(c) for c in data["calibration"])
        intercept, threshold = float(data["intercept"]), float(data["threshold"])
        slope, shift = (float(c) for c in data["parts_calibration"])
    except (KeyError, TypeError, ValueError) as err:
        raise WeightsError(f"{path.name}: the reader's weights are incomplete ({err})") from err
    if any(a.shape != (n,) for a in arrays) or len(cal) != len(CALIBRATION_FEATURES) + 3:
        raise WeightsError(f"{path.name}: the reader's weights do not match its feature list")
    return ReaderModel(
        tuple(data["features"]),
        arrays[0],
        np.where(arrays[1] > 0, arrays[1], 1.0),
        arrays[2],
        intercept,
        cal,
        threshold,
        (slope, shift),
    )


def unfitted_model() -> ReaderModel:
    """Before the first fit: trust the rules' first choice and the question's terms around it."""
    features = ("first", "rule_score", "sentence_coverage", "top_coverage")
    n = len(features)
    calibration = (1.0, 0.0, *(0.0 for _ in CALIBRATION_FEATURES), 0.0)
    return ReaderModel(features, np.zeros(n), np.ones(n), np.array([2.0, 1.0, 2.0, 2.0]), -3.0, calibration, 0.0)
