"""Run a gold set through the same pipeline the server uses, score it, print and save the results."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.gold import GoldItem
from eval.metrics import Passage, answer_correct, found_rank, ndcg, percentile, quote_ranks, quote_spans
from retriever import Pipeline

RECALL_AT = (1, 3, 5, 10)


@dataclass
class ItemResult:
    item: GoldItem
    answer: str
    abstained: bool
    passages: list[dict[str, object]]
    latency_ms: float
    rank: int | None = None
    ndcg: float = 0.0
    correct: bool = False
    confidence: float = 0.0  # the reader's calibrated confidence in its answer (or in its guess, abstaining)
    guess_right: bool = False  # that answer or guess is right (never, for an unanswerable question)


@dataclass
class EvalReport:
    k: int
    results: list[ItemResult] = field(default_factory=list)

    def summary(self, results: list[ItemResult] | None = None) -> dict[str, float | int]:
        return summarize(self.results if results is None else results)

    def groups(self) -> dict[str, dict[str, float | int]]:
        out = {"all": self.summary()}
        for key in ("lang", "type"):
            for value in sorted({getattr(r.item, key) for r in self.results}):
                out[f"{key}={value}"] = self.summary([r for r in self.results if getattr(r.item, key) == value])
        return out


def summarize(results: list[ItemResult]) -> dict[str, float | int]:
    answerable = [r for r in results if r.item.answerable]
    unanswerable = [r for r in results if not r.item.answerable]
    n = len(answerable)
    summary: dict[str, float | int] = {"n": len(results), "answerable": n, "unanswerable": len(unanswerable)}
    for k in RECALL_AT:
        summary[f"recall@{k}"] = _share(sum(1 for r in answerable if r.rank is not None and r.rank <= k), n)
    summary["mrr"] = _share(sum(1 / r.rank for r in answerable if r.rank), n)
    summary["ndcg@10"] = _share(sum(r.ndcg for r in answerable), n)
    summary["answer_acc"] = _share(sum(1 for r in answerable if r.correct), n)
    summary["wrong_abstain"] = _share(sum(1 for r in answerable if r.abstained), n)
    summary["abstain_acc"] = _share(sum(1 for r in unanswerable if r.abstained), len(unanswerable))
    latencies = [r.latency_ms for r in results]
    summary["p50_ms"] = round(percentile(latencies, 0.5), 1)
    summary["p95_ms"] = round(percentile(latencies, 0.95), 1)
    summary["calibration_error"] = calibration_error(results)
    return summary


def _share(x: float, n: int) -> float:
    return round(x / n, 4) if n else 0.0


def score_item(item: GoldItem, passages: list[Passage], texts: dict[str, str]) -> tuple[int | None, float]:
    evidence = [(ev.doc, ev.quote, quote_spans(ev.quote, texts.get(ev.doc, ""))) for ev in item.evidence]
    ranks = quote_ranks(passages, evidence)
    multi = item.type == "multi"
    return found_rank(ranks, multi), ndcg(ranks, multi)


def run_eval(pipeline: Pipeline, items: list[GoldItem], k: int = 10) -> EvalReport:
    """Ask every question, keep the top-k passages, and score passages and answers."""
    report = EvalReport(k=k)
    texts = pipeline.document_texts()
    pipeline.wait_primed()  # a primed pipeline's latencies are a server's at work
    for item in items:
        started = time.perf_counter()
        result = pipeline.ask(item.question, k)
        latency = (time.perf_counter() - started) * 1e3
        passages = [
            {
                "doc": h.chunk.doc,
                "start": h.chunk.start,
                "end": h.chunk.end,
                "text": h.chunk.text,
                "section": h.chunk.section_path,
                "region": ",".join(h.chunk.regions),
                "score": round(h.score, 4),
            }
            for h in result.hits
        ]
        scored = [Passage(str(p["doc"]), int(p["start"]), int(p["end"]), str(p["text"])) for p in passages]
        rank, nd = score_item(item, scored, texts) if item.answerable else (None, 0.0)
        correct = (
            (not result.answer.abstained and answer_correct(result.answer.answer, item.gold_forms))
            if item.answerable
            else result.answer.abstained
        )
        shown = result.answer.guess or result.answer
        guess_right = item.answerable and not shown.abstained and answer_correct(shown.answer, item.gold_forms)
        report.results.append(
            ItemResult(
                item,
                result.answer.answer,
                result.answer.abstained,
                passages,
                round(latency, 1),
                rank,
                nd,
                correct,
                round(result.answer.confidence, 4),
                guess_right,
            )
        )
    return report


def write_results(path: Path, report: EvalReport) -> None:
    """One line per question in the documented `--out` form."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in report.results:
            line = {
                "id": r.item.id,
                "question": r.item.question,
                "answer": r.answer,
                "abstained": r.abstained,
                "confidence": r.confidence,
                "passages": r.passages,
                "latency_ms": r.latency_ms,
            }
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


_COLUMNS = [
    "n",
    "recall@1",
    "recall@3",
    "recall@5",
    "recall@10",
    "mrr",
    "ndcg@10",
    "answer_acc",
    "abstain_acc",
    "wrong_abstain",
    "p50_ms",
    "p95_ms",
]


def print_report(report: EvalReport, console: Console) -> None:
    table = Table(title=f"duchaqa eval (k={report.k})")
    table.add_column("group")
    for col in _COLUMNS:
        table.add_column(col, justify="right")
    for name, s in report.groups().items():
        table.add_row(name, *(_fmt(s[c]) for c in _COLUMNS))
    console.print(table)


def _fmt(v: float | int) -> str:
    return str(v) if isinstance(v, int) else f"{v:.3f}" if v <= 1 else f"{v:.1f}"


def reliability(results: list[ItemResult], bands: int = 10) -> list[tuple[float, int, float, float]]:
    """Per band of confidence (deciles): (band's low end, questions, mean confidence, share right).
    "Right" is the answer shown, or the guess withheld, being right; a calibrated reader's two
    figures agree in every band."""
    rows = []
    for band in range(bands):
        lo, hi = band / bands, (band + 1) / bands
        inside = [r for r in results if lo <= r.confidence < hi or (band == bands - 1 and r.confidence == 1.0)]
        if inside:
            mean = sum(r.confidence for r in inside) / len(inside)
            rows.append((lo, len(inside), round(mean, 3), round(sum(r.guess_right for r in inside) / len(inside), 3)))
    return rows


def calibration_error(results: list[ItemResult]) -> float:
    """Expected calibration error: the gap between confidence and share right, weighted by band size."""
    rows = reliability(results)
    total = sum(n for _, n, _, _ in rows)
    return round(sum(n * abs(conf - right) for _, n, conf, right in rows) / total, 4) if total else 0.0


def print_reliability(report: EvalReport, console: Console) -> None:
    table = Table(title="reliability: is the confidence the share of right answers?")
    for col in ("confidence", "questions", "mean confidence", "share right", "gap"):
        table.add_column(col, justify="right")
    for lo, n, conf, right in reliability(report.results):
        gap = right - conf
        table.add_row(f"{lo:.1f}–{lo + 0.1:.1f}", str(n), f"{conf:.3f}", f"{right:.3f}", f"{gap:+.3f}")
    console.print(table)
    console.print(f"expected calibration error: {calibration_error(report.results):.3f}")


def print_misses(report: EvalReport, console: Console, at: int = 5) -> None:
    """Each retrieval miss (not found in the top `at`) and each wrong answer, with what came back."""
    for r in report.results:
        missed = r.item.answerable and (r.rank is None or r.rank > at)
        if not missed and r.correct:
            continue
        kind = "RETRIEVAL" if missed else "ANSWER"
        console.print(
            f"\n[bold]{kind} {r.item.id}[/bold] ({r.item.lang}/{r.item.type}) {r.item.question}", highlight=False
        )
        console.print(
            f"  gold: {r.item.answer!r}  got: {r.answer!r}{' (abstained)' if r.abstained else ''}  rank: {r.rank}",
            highlight=False,
        )
        for ev in r.item.evidence:
            console.print(f"  want {ev.doc}: {ev.quote}", highlight=False)
        for i, p in enumerate(r.passages[:3], 1):
            text = str(p["text"]).replace("\n", " ")[:90]
            console.print(
                f"  [{i}] {p['doc']} {p['region']} {p['score']} | {str(p['section'])[-40:]} | {text}", highlight=False
            )
