"""The metamorphic check: the same reports in the layouts files arrive in must give the same answers.

Each corpus report is rendered as a hard-wrapped PDF with running headers and page numbers, a Word
document, a web page inside its site's furniture, a news text with a byline, a traditional-script
copy and a text hard-wrapped like a PDF extract (`eval.layouts`). Each variant corpus is indexed
aside and the gold set of the originals is asked of it, its evidence renamed to the variant's files.

`python -m eval.variants [--gold eval/dev.jsonl] [--variant pdf ...]` prints one row per variant.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from common.settings import Settings, get_settings
from eval.gold import GoldItem, load_gold
from eval.layouts.cli import variants as render_variants
from eval.run import EvalReport, run_eval
from index.build import build_index
from index.dense import Encoder
from retriever import Pipeline

VARIANTS = ("pdf", "docx", "html", "byline", "traditional", "wrapped")
METRICS = ("recall@1", "recall@5", "mrr", "answer_acc", "abstain_acc", "wrong_abstain")


def render_all(corpus_dir: Path, out: Path) -> dict[str, Path]:
    """Every variant of every corpus report, one folder per variant."""
    render_variants(corpus_dir, out)
    return {variant: out / variant for variant in VARIANTS}


def renamed(items: list[GoldItem], folder: Path) -> list[GoldItem]:
    """The gold items with each evidence document named as its file in the variant folder."""
    by_stem = {path.stem: path.name for path in folder.iterdir()}
    out = []
    for item in items:
        evidence = [ev.model_copy(update={"doc": by_stem[Path(ev.doc).stem]}) for ev in item.evidence]
        out.append(item.model_copy(update={"evidence": evidence}))
    return out


def evaluate_corpus(
    settings: Settings, encoder: Encoder, corpus: Path, index: Path, items: list[GoldItem]
) -> EvalReport:
    """Index one folder aside (sharing the embedding cache) and run the gold set on it."""
    local = settings.model_copy(update={"corpus_dir": corpus, "index_dir": index})
    report = build_index(local, encoder)
    if report.errors:
        raise RuntimeError(f"{corpus.name}: {report.errors}")
    pipeline = Pipeline(local, encoder)
    pipeline.reload()
    return run_eval(pipeline, items, k=10)


def run_variants(
    settings: Settings, encoder: Encoder, items: list[GoldItem], work: Path, chosen: tuple[str, ...] = VARIANTS
) -> dict[str, EvalReport]:
    """The gold set on the original corpus and on each chosen variant of it."""
    folders = render_all(settings.corpus_dir, work / "variants")
    reports = {"original": evaluate_corpus(settings, encoder, settings.corpus_dir, work / "index-original", items)}
    for variant in chosen:
        folder = folders[variant]
        reports[variant] = evaluate_corpus(settings, encoder, folder, work / f"index-{variant}", renamed(items, folder))
    return reports


def print_variants(reports: dict[str, EvalReport], console: Console) -> None:
    table = Table(title="the gold set on each layout of the same reports")
    for column in ("corpus", "n", *METRICS):
        table.add_column(column, justify="right" if column != "corpus" else "left")
    for name, report in reports.items():
        summary = report.summary()
        table.add_row(name, str(summary["n"]), *(f"{summary[m]:.3f}" for m in METRICS))
    console.print(table)


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/dev.jsonl"))
    parser.add_argument("--variant", action="append", choices=VARIANTS, help="default: all")
    args = parser.parse_args()
    settings = get_settings()
    encoder = Encoder.from_settings(settings)
    items = load_gold(args.gold, corpus_dir=settings.corpus_dir)
    with tempfile.TemporaryDirectory(prefix="duchaqa-variants-") as work:
        reports = run_variants(settings, encoder, items, Path(work), tuple(args.variant or VARIANTS))
    print_variants(reports, Console(width=160))


if __name__ == "__main__":
    main()
