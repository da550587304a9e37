"""Fit the reader's model on the tuning gold sets: `python -m eval.fit_reader [--check]`.

Every question of the tuning sets is read by the real pipeline; each candidate the reader weighs
is labelled right or wrong by the scoring rule of `eval.metrics` (an unanswerable question has no
right candidate). A logistic regression over the candidates' features ranks them; a second one,
fitted on out-of-fold scores (questions held out five at a time), maps the best candidate's score
and its lead to the probability that it is right; the abstention threshold is the highest
confidence at which at most `--wrong-abstain` of the answerable questions would be refused.
Sealed sets are never read here. `--check` fits without writing and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from common.settings import ROOT, Settings, get_settings
from eval.gold import GoldItem, load_gold
from eval.metrics import answer_correct
from index.build import build_index
from index.dense import Encoder
from retriever import Pipeline
from retriever.reader import build_reader
from retriever.reader.score import CALIBRATION_FEATURES, WEIGHTS_VERSION, calibration_row, log_odds

# The tuning sets and the corpus each is asked over (sealed sets are not here, by design).
TUNING_SETS: dict[str, Path | None] = {
    "dev": None,
    **{f"check{n}": None for n in ("", "2", "3", "4", "5", "6", "7")},
    "unseen/tune": ROOT / "eval" / "unseen" / "corpus",
    # Added after its first pass (recorded in the README): from then on it is a tuning set too.
    "fresh/tune": ROOT / "eval" / "fresh" / "corpus",
    "third/tune": ROOT / "eval" / "third" / "corpus",
    "fourth/tune": ROOT / "eval" / "fourth" / "corpus",
    "fifth/tune": ROOT / "eval" / "fifth" / "corpus",
    "sixth/tune": ROOT / "eval" / "sixth" / "corpus",
    "seventh/tune": ROOT / "eval" / "seventh" / "corpus",
    "eighth/tune": ROOT / "eval" / "eighth" / "corpus",
    "ninth/tune": ROOT / "eval" / "ninth" / "corpus",
    "tenth/tune": ROOT / "eval" / "tenth" / "corpus",
}
# The corpus the dev and check sets are asked over (the five seed reports).
SEED_CORPUS = "corpus"
# Strength of the L2 penalty (inverse), chosen on the out-of-fold figures of the tuning sets.
REGULARISATION = 1.0
FOLDS = 5


@dataclass
class Item:
    """One question's candidates: features, labels, and whether it has an answer at all."""

    id: str
    answerable: bool
    corpus: str  # the corpus it is asked over: each corpus weighs as much in the fit as the others
    rows: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    # An answer in parts: the product of its parts' confidences (-1: not in parts), and whether it is right.
    joint: float = -1.0
    joint_right: int = 0


def gold_path(name: str) -> Path:
    return ROOT / "eval" / f"{name}.jsonl"


def collect(settings: Settings, encoder: Encoder, names: list[str]) -> list[Item]:
    """Read every tuning question and label its candidates."""
    print("reading the tuning sets:", ", ".join(names), file=sys.stderr)
    items: list[Item] = []
    for name in names:
        corpus = TUNING_SETS[name]
        run_settings = settings
        if corpus is not None:
            run_settings = settings.for_corpus(corpus)
            build_index(run_settings, encoder)
        pipeline = Pipeline(run_settings, encoder, build_reader(run_settings, allow_unfitted=True))
        pipeline.reload()
        gold = load_gold(gold_path(name), corpus_dir=run_settings.corpus_dir)
        items += [_item(name, pipeline, g) for g in gold]
        print(f"{name}: {len(gold)} questions", file=sys.stderr)
    return [i for i in items if i.rows or i.joint >= 0]


def _item(name: str, pipeline: Pipeline, gold: GoldItem) -> Item:
    result = pipeline.ask(gold.question)
    corpus = str(TUNING_SETS[name] or SEED_CORPUS)
    item = Item(f"{name}/{gold.id}", gold.answerable, corpus)
    for proposal in result.proposals:
        item.rows.append(dict(proposal.features))
        right = gold.answerable and answer_correct(proposal.answer.answer, gold.gold_forms)
        item.labels.append(int(right))
    composite = result.answer.guess if result.answer.abstained else result.answer
    given = [p.confidence for p in composite.parts if not p.abstained] if composite is not None else []
    if given:
        item.joint = float(np.prod(given))
        item.joint_right = int(gold.answerable and answer_correct(composite.answer, gold.gold_forms))
    return item


def item_weights(items: list[Item]) -> np.ndarray:
    """Each question's weight: the seed reports and the new ones count as much in total, so the
    reports the rules were first written for (most of the questions) do not teach the model to
    trust those rules more than new reports bear out."""
    kinds = [i.corpus == SEED_CORPUS for i in items]
    sizes = {k: kinds.count(k) for k in set(kinds)}
    return np.array([len(items) / (len(sizes) * sizes[k]) for k in kinds])


def matrix(items: list[Item], names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rows = [[row.get(n, 0.0) for n in names] for item in items for row in item.rows]
    labels = [y for item in items for y in item.labels]
    groups = [i for i, item in enumerate(items) for _ in item.rows]
    weights = item_weights(items)[groups]
    return np.array(rows, dtype=np.float64), np.array(labels), np.array(groups), weights


def fit_ranker(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, LogisticRegression]:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=REGULARISATION, max_iter=2000)
    model.fit((x - mean) / scale, y, sample_weight=w)
    return mean, scale, model


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Each candidate's logit from a model that never saw its question."""
    logits = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        mean, scale, model = fit_ranker(x[train], y[train], w[train])
        logits[test] = model.decision_function((x[test] - mean) / scale)
    return logits


def per_item(items: list[Item], logits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each question: what the calibration reads of its best candidate, and whether it is right."""
    pairs, right, at = [], [], 0
    for item in items:
        own = logits[at : at + len(item.rows)]
        best = int(np.argmax(own))
        pairs.append(calibration_row(own, item.rows))
        right.append(item.labels[best])
        at += len(item.rows)
    return np.array(pairs), np.array(right), np.array([i.answerable for i in items])


def fit_parts(items: list[Item]) -> tuple[float, float]:
    """Slope and intercept mapping the log-odds of an answer-in-parts' product of confidences to
    the probability that it is right (its parts share passages, so the product is no probability)."""
    joined = [i for i in items if i.joint >= 0]
    right = np.array([i.joint_right for i in joined])
    if len(set(right.tolist())) < 2:
        return 1.0, 0.0
    x = np.array([[log_odds(i.joint)] for i in joined])
    model = LogisticRegression(max_iter=1000).fit(x, right, sample_weight=item_weights(joined))
    return float(model.coef_[0][0]), float(model.intercept_[0])


def choose_threshold(confidence: np.ndarray, answerable: np.ndarray, weights: np.ndarray, share: float) -> float:
    """The highest threshold refusing at most `share` (by weight) of the answerable questions."""
    order = np.argsort(confidence[answerable])
    asked, w = confidence[answerable][order], weights[answerable][order]
    refused = np.cumsum(w) / w.sum()  # share refused by a threshold just above each confidence
    within = np.nonzero(refused <= share)[0]
    return float(asked[within[-1] + 1]) if len(within) and within[-1] + 1 < len(asked) else float(asked[0])


def threshold_for_each_kind(
    items: list[Item], confidence: np.ndarray, answerable: np.ndarray, weights: np.ndarray, share: float
) -> float:
    """The threshold that refuses at most `share` of the answerable questions on the seed reports
    and, apart, on the new ones: the wrong-abstention target holds for reports nobody tuned on, and
    a blend would let the seed reports' easier questions buy refusals on the new ones."""
    seed = np.array([i.corpus == SEED_CORPUS for i in items])
    kinds = [k for k in (seed, ~seed) if (k & answerable).any()]
    return min(choose_threshold(confidence[k], answerable[k], weights[k], share) for k in kinds)


def reliability(confidence: np.ndarray, right: np.ndarray) -> list[tuple[str, int, float, float]]:
    rows = []
    for lo in np.arange(0, 1, 0.1):
        inside = (confidence >= lo) & (confidence < lo + 0.1 + (1e-9 if lo >= 0.9 else 0))
        if inside.any():
            rows.append(
                (
                    f"{lo:.1f}-{lo + 0.1:.1f}",
                    int(inside.sum()),
                    float(confidence[inside].mean()),
                    float(right[inside].mean()),
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(TUNING_SETS), help="tuning sets to fit on")
    parser.add_argument("--wrong-abstain", type=float, default=0.05, help="share of answerable questions refused")
    parser.add_argument("--check", action="store_true", help="fit and print, do not write the weights")
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: the settings' path)")
    parser.add_argument("--items", type=Path, default=None, help="reuse candidates collected by --save-items")
    parser.add_argument("--save-items", type=Path, default=None, help="keep the collected candidates here")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.items is not None:
        items = [Item(**row) for row in json.loads(args.items.read_text(encoding="utf-8"))]
    else:
        encoder = Encoder.from_settings(settings)
        items = collect(settings, encoder, args.sets)
    if args.save_items is not None:
        args.save_items.write_text(json.dumps([asdict(i) for i in items], ensure_ascii=False), encoding="utf-8")
    parts_calibration = fit_parts(items)
    items = [i for i in items if i.rows]  # the ranker and its calibration read candidates
    names = sorted({k for item in items for row in item.rows for k in row})
    x, y, groups, w = matrix(items, names)
    pairs, right, answerable = per_item(items, out_of_fold(x, y, groups, w))
    weights = item_weights(items)
    calibration = LogisticRegression(max_iter=1000).fit(pairs, right, sample_weight=weights)
    confidence = calibration.predict_proba(pairs)[:, 1]
    threshold = threshold_for_each_kind(items, confidence, answerable, weights, args.wrong_abstain)
    for corpus in sorted({i.corpus for i in items}):
        inside = np.array([i.corpus == corpus for i in items])
        print(f"-- asked over {corpus}")
        _print_figures(
            [i for i in items if i.corpus == corpus], right[inside], answerable[inside], confidence[inside], threshold
        )
    mean, scale, model = fit_ranker(x, y, w)
    fitted = {
        "version": WEIGHTS_VERSION,
        "fitted_on": args.sets,
        "questions": len(items),
        "candidates": len(y),
        "scikit_learn": sklearn.__version__,
        "features": names,
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "coef": model.coef_[0].round(6).tolist(),
        "intercept": round(float(model.intercept_[0]), 6),
        "calibration_reads": ["top logit", "lead over the runner-up", *CALIBRATION_FEATURES],
        "calibration": [*calibration.coef_[0].round(6).tolist(), round(float(calibration.intercept_[0]), 6)],
        "threshold": round(threshold, 6),
        "parts_calibration_reads": "log-odds of the product of an answer's parts' confidences",
        "parts_calibration": [round(c, 6) for c in parts_calibration],
    }
    print(
        f"answers in parts: confidence = sigmoid({parts_calibration[0]:.3f} × log-odds of the product "
        f"+ {parts_calibration[1]:.3f})"
    )
    if not args.check:
        out = args.out or settings.reader_weights
        out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    return 0


def _print_figures(
    items: list[Item], right: np.ndarray, answerable: np.ndarray, confidence: np.ndarray, threshold: float
) -> None:
    """Out-of-fold: how often a right candidate is there and comes first, and what the threshold does."""
    refused = confidence < threshold
    reachable = np.array([any(i.labels) for i in items])
    print(f"questions {len(items)} (answerable {answerable.sum()})")
    print(f"  a right candidate among the answerable's: {reachable[answerable].mean():.3f}")
    print(f"  best candidate right (answerable): {right[answerable].mean():.3f}")
    print(
        f"  threshold {threshold:.3f}: answer right {(right & ~refused)[answerable].mean():.3f}, "
        f"wrong abstain {refused[answerable].mean():.3f}, abstain on unanswerable {refused[~answerable].mean():.3f}"
    )
    for band, n, conf, acc in reliability(confidence, right):
        print(f"  confidence {band}: {n:4d} questions, mean confidence {conf:.2f}, right {acc:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
