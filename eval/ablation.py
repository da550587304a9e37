"""Ablation: each retrieval technique switched off in turn, scored by the same harness.

    .venv/bin/python -m eval.ablation [--gold eval/dev.jsonl] [--contextual]

The model and index load once; variants differ only in settings. `--contextual` also
builds a second index (in a temporary folder) whose chunks carry no heading/region prefix.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from common.settings import Settings, get_settings
from eval.gold import load_gold
from eval.run import EvalReport, run_eval
from index.build import build_index
from retriever import Pipeline

VARIANTS: dict[str, dict[str, object]] = {
    "full system": {},
    "no region boost": {"use_regions": False},
    "no glossary (English words to BM25)": {"use_glossary": False},
    "rank fusion (RRF) instead of convex": {"fusion": "rrf"},
    "no answer-aware rerank": {"use_rerank": False},
    "answer's passage not cited first": {"cite_answer_first": False},
    "dense only": {"dense_weight": 1.0},
    "BM25 only": {"dense_weight": 0.0},
}
LANGS = ("en", "zh", "zh-hant")


def _row(name: str, report: EvalReport) -> list[str]:
    groups = report.groups()
    cells = [name]
    for key in ("all", *(f"lang={lang}" for lang in LANGS)):
        s = groups.get(key, {})
        cells.append(f"{s.get('recall@5', 0):.3f} / {s.get('mrr', 0):.3f} / {s.get('answer_acc', 0):.3f}")
    return cells


def run_variant(pipeline: Pipeline, base: Settings, overrides: dict[str, object], items: list, k: int) -> EvalReport:
    settings = base.model_copy(update=overrides)
    pipeline.settings = settings
    pipeline.searcher.settings = settings
    try:
        return run_eval(pipeline, items, k)
    finally:
        pipeline.settings = base
        pipeline.searcher.settings = base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=Path("eval/dev.jsonl"))
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--contextual", action="store_true", help="also measure chunks without their heading prefix")
    args = parser.parse_args()
    base = get_settings()
    items = load_gold(args.gold, corpus_dir=base.corpus_dir)
    pipeline = Pipeline(base)
    pipeline.reload()

    table = Table(title="Ablation: Recall@5 / MRR / answer accuracy")
    table.add_column("variant")
    for col in ("all", *LANGS):
        table.add_column(col, justify="right")
    for name, overrides in VARIANTS.items():
        table.add_row(*_row(name, run_variant(pipeline, base, overrides, items, args.k)))
    if args.contextual:
        with tempfile.TemporaryDirectory() as tmp:
            plain = base.model_copy(update={"contextual_chunks": False, "index_dir": Path(tmp) / "index"})
            build_index(plain, pipeline.encoder)
            other = Pipeline(plain, pipeline.encoder)
            other.reload()
            table.add_row(*_row("no contextual chunk prefix", run_eval(other, items, args.k)))
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
