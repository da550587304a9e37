"""The bench's run: build each part in a temporary folder, measure it, print one table per part."""

from __future__ import annotations

import gc
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from common.memory import release_freed
from common.settings import ROOT, Settings
from eval.bench import load, synthetic
from eval.bench.baseline import Baseline
from eval.bench.measure import cited, folder_mb, found_in, peak_mb, rss_mb
from eval.gold import GoldItem
from eval.metrics import Passage, percentile
from index.build import build_index, corpus_files
from index.corpus import add_document, remove_document
from index.dense import Encoder
from ingest import ingest_source
from ingest.bounded import Limits
from ingest.read import read_bytes
from retriever import Pipeline
from retriever.query.parse import parse_query

# The report added and removed again: a new-report corpus's first file (text the index has not seen).
ADDED_FROM = ROOT / "eval" / "third" / "corpus"


def run_bench(
    base: Settings,
    encoder: Encoder,
    gold: list[GoldItem],
    sizes: list[int],
    clients: list[int],
    console: Console,
    disk_sizes: tuple[int, ...] = (),
) -> None:
    questions = [item.question for item in gold]
    with tempfile.TemporaryDirectory(prefix="duchaqa-bench-") as tmp:
        settings = _private(base, Path(tmp))
        pipeline = _current_corpus(settings, encoder, questions, console)
        _concurrency(settings, questions, clients, console)
        _baseline(settings, encoder, gold, pipeline, console)
        for size in disk_sizes:
            _on_disk(settings, encoder, size, len(pipeline.searcher.chunks), Path(tmp) / f"disk-{size}", console)
        for size in sizes:
            _synthetic(settings, encoder, gold, pipeline, size, console)
            gc.collect()


def _private(base: Settings, tmp: Path) -> Settings:
    shutil.copytree(base.corpus_dir, tmp / "corpus")
    return base.model_copy(
        update={
            "corpus_dir": tmp / "corpus",
            "index_dir": tmp / "index",
            "cache_dir": tmp / "cache",
            "answer_cache_size": 0,
        }
    )


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, justify="right" if column != columns[0] else "left")
    return table


def _current_corpus(settings: Settings, encoder: Encoder, questions: list[str], console: Console) -> Pipeline:
    """Ingest by stage, add and remove one report, query latency, memory and disk."""
    cold = build_index(settings, encoder)
    same = build_index(settings, encoder)
    warm = build_index(settings, encoder, full=True)
    table = _table(f"Current corpus: {cold.documents} reports, {cold.chunks} passages", "measure", "figure")
    for stage, seconds in cold.stages.items():
        table.add_row(f"ingest, cold: {stage}", f"{seconds:.2f} s")
    table.add_row("ingest, cold: total (embeds every passage)", f"{cold.seconds:.2f} s")
    table.add_row("ingest, warm: total (vectors cached, full build)", f"{warm.seconds:.2f} s")
    table.add_row("re-index, nothing changed", f"{same.seconds:.2f} s")
    passages, seconds = _chunking(settings)
    table.add_row("chunking alone (read files, in this process)", f"{passages / seconds:,.0f} passages/s")
    added = next(iter(corpus_files(ADDED_FROM)), None)
    if added is not None:
        t = time.perf_counter()
        add_document(settings, encoder, added.name, added.read_bytes())
        table.add_row(f"add one report ({added.name}, embeds it)", f"{time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        remove_document(settings, encoder, added.name)
        table.add_row("remove one report", f"{time.perf_counter() - t:.2f} s")

    pipeline = Pipeline(settings, encoder, prime=True)  # as the server does
    t = time.perf_counter()
    pipeline.reload()
    table.add_row("index load", f"{time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    pipeline.wait_primed()
    table.add_row("priming the reader's contexts (in the background)", f"{time.perf_counter() - t:.2f} s")
    pipeline.ask(questions[0])  # warm-up
    total, encoding = [], []
    for question in questions:
        timings = pipeline.ask(question).timings_ms
        total.append(timings["total"])
        encoding.append(timings.get("encode", 0.0))
    without = [t - e for t, e in zip(total, encoding, strict=True)]
    table.add_row("ask p50 / p95, with the question's encoding", f"{_p(total)}")
    table.add_row("ask p50 / p95, without it", f"{_p(without)}")
    table.add_row("question encoding p50", f"{statistics.median(encoding):.1f} ms")
    table.add_row("memory (RSS now / peak)", f"{rss_mb():,.0f} / {peak_mb():,.0f} MB")
    table.add_row("index on disk", f"{folder_mb(settings.index_dir / 'generations'):.1f} MB")
    console.print(table)
    return pipeline


def _chunking(settings: Settings, rounds: int = 3) -> tuple[int, float]:
    """Passages made and seconds taken by chunking the corpus's files already read (`rounds` times)."""
    limits = Limits.from_settings(settings)
    sources = [read_bytes(p.name, p.read_bytes(), limits.max_bytes) for p in corpus_files(settings.corpus_dir)]
    sizes = (limits.chunk_chars, limits.chunk_overlap, limits.min_chunk_chars)
    for source in sources:  # warm-up: the gazetteer and the converters load once
        ingest_source(source, *sizes)
    started, passages = time.perf_counter(), 0
    for _ in range(rounds):
        passages += sum(len(ingest_source(source, *sizes)[1]) for source in sources)
    return passages, time.perf_counter() - started


def _concurrency(settings: Settings, questions: list[str], clients: list[int], console: Console) -> None:
    table = _table(
        "Concurrent clients, /ask over HTTP (answers not kept)", "clients", "asks", "p50 / p95", "errors", "asks/s"
    )
    with load.served(settings) as url:
        load.under_load(url, questions[:4], 1, 4)  # warm-up
        for n in clients:
            figures = load.under_load(url, questions, n, max(40, 2 * n))
            ms = [s * 1e3 for s in figures.seconds]
            rate = len(ms) / figures.wall if figures.wall else 0.0
            table.add_row(str(n), str(len(ms)), _p(ms), str(figures.errors), f"{rate:.1f}")
    console.print(table)


def _baseline(settings: Settings, encoder: Encoder, gold: list[GoldItem], ours: Pipeline, console: Console) -> None:
    sources = ours.document_texts()
    t = time.perf_counter()
    baseline = Baseline(sources, encoder, settings)
    built = time.perf_counter() - t
    theirs, found_theirs, found_ours, ours_ms = [], 0, 0, []
    answerable = [item for item in gold if item.evidence]
    for item in gold:
        t = time.perf_counter()
        passages, _ = baseline.search(item.question)
        theirs.append((time.perf_counter() - t) * 1e3)
        result = ours.ask(item.question)
        ours_ms.append(result.timings_ms["total"])
        if item.evidence:
            found_theirs += found_in(item, [Passage(p.doc, p.start, p.end, p.text) for p in passages], sources)
            found_ours += found_in(item, cited(result.hits), sources)
    table = _table(
        "Chatchat-style baseline (750/150 chunks, jieba BM25 + FAISS, RRF), same corpus", "", "baseline", "duchaqa"
    )
    table.add_row("passages", str(len(baseline.passages)), str(len(ours.searcher.chunks)))
    table.add_row("build (vectors cached for ours)", f"{built:.1f} s", "")
    table.add_row("query p50 / p95 (baseline: retrieval; ours: /ask)", _p(theirs), _p(ours_ms))
    ratio = statistics.median(ours_ms) / statistics.median(theirs)
    table.add_row("p50 ratio, ours / baseline", "", f"{ratio:.2f}×")
    n = len(answerable) or 1
    table.add_row(
        f"Recall@5 on {len(answerable)} answerable gold questions", f"{found_theirs / n:.3f}", f"{found_ours / n:.3f}"
    )
    console.print(table)


def _on_disk(settings: Settings, encoder: Encoder, size: int, per_copy: int, folder: Path, console: Console) -> None:
    """A corpus folder of `size` passages (copies of the reports, `per_copy` passages each time, under
    other names, so their vectors are cached): ingest by stage, a re-index with nothing changed,
    adding and removing one report."""
    seeds = corpus_files(settings.corpus_dir)
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    copies = max(1, -(-size // per_copy))
    for n in range(copies):
        for seed in seeds:
            (corpus / f"c{n:05d}_{seed.name}").write_bytes(seed.read_bytes())
    disk = settings.model_copy(update={"corpus_dir": corpus, "index_dir": folder / "index"})
    cold = build_index(disk, encoder)
    table = _table(f"A corpus folder of {cold.chunks:,} passages ({cold.documents:,} files)", "measure", "figure")
    for stage, seconds in cold.stages.items():
        table.add_row(f"ingest, first: {stage}", f"{seconds:.1f} s")
    table.add_row("ingest, first: total (vectors cached)", f"{cold.seconds:.1f} s")
    rate = cold.chunks / cold.stages["reading and chunking"]
    table.add_row("reading and chunking rate (through the reader's worker)", f"{rate:,.0f} passages/s")
    same = build_index(disk, encoder)
    table.add_row("re-index, nothing changed", f"{same.seconds:.1f} s")
    warm = build_index(disk, encoder, full=True)
    table.add_row("full re-index (the merge), everything cached", f"{warm.seconds:.1f} s")
    name = f"c{copies:05d}_{seeds[0].name}"
    t = time.perf_counter()
    kind = add_document(disk, encoder, name, seeds[0].read_bytes()).report.kind
    table.add_row(f"add one report ({kind} build)", f"{time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    kind = remove_document(disk, encoder, f"c00000_{seeds[0].name}").report.kind  # one the base holds
    table.add_row(f"remove one report ({kind} build)", f"{time.perf_counter() - t:.1f} s")
    table.add_row("index on disk", f"{folder_mb(disk.index_dir / 'generations'):,.0f} MB")
    console.print(table)


def _synthetic(
    settings: Settings, encoder: Encoder, gold: list[GoldItem], ours: Pipeline, size: int, console: Console
) -> None:
    """A synthetic index of `size` passages: build, search without encoding, recall against exact search."""
    gc.collect()
    release_freed()  # what the parts before left behind is not the synthetic index's
    before = rss_mb()
    grown = synthetic.grow(ours.searcher.stored, encoder, settings, size)
    held = rss_mb() - before
    sources = grown.searcher.stored.sources
    searched, exact_found, found, same = [], 0, 0, 0.0
    answerable = [item for item in gold if item.evidence]
    for item in answerable:
        query = parse_query(item.question, use_glossary=settings.use_glossary)
        for asked in (query, *query.parts):  # encoded before the clock starts
            grown.searcher.query_vectors(asked)
        t = time.perf_counter()
        grown.searcher.weigh_terms(query)
        hits = grown.searcher.search(query, 5)
        searched.append((time.perf_counter() - t) * 1e3)
        reference = grown.exact.search(query, 5)
        found += found_in(item, cited(hits), sources)
        exact_found += found_in(item, cited(reference), sources)
        same += len({h.chunk.id for h in hits} & {h.chunk.id for h in reference}) / max(1, len(reference))
    n = len(answerable) or 1
    table = _table(f"Synthetic index: {size:,} passages, dense {grown.dense.kind}", "measure", "figure")
    for part, seconds in grown.build_seconds.items():
        table.add_row(f"build: {part}", f"{seconds:.1f} s")
    table.add_row("search p50 / p95, without the question's encoding", _p(searched))
    table.add_row(
        f"Recall@5 on {len(answerable)} gold questions: top-k search / exact",
        f"{found / n:.3f} / {exact_found / n:.3f}",
    )
    table.add_row("exact search's top 5 also in the top 5 (mean share)", f"{same / n:.3f}")
    table.add_row("memory held by the synthetic index (RSS)", f"{held:,.0f} MB")
    table.add_row("memory, whole process (RSS now / peak)", f"{rss_mb():,.0f} / {peak_mb():,.0f} MB")
    console.print(table)


def _p(ms: list[float]) -> str:
    return f"{statistics.median(ms):.0f} / {percentile(ms, 0.95):.0f} ms" if ms else "-"
