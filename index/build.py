"""Build the index from the corpus folder: read, chunk, embed (cached), BM25, FAISS, swap in.

Builds are serialised by a lock file, so an upload and a CLI re-index never
interleave; a file that cannot be read is reported and skipped, never fatal for
the rest of the corpus.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from common.settings import ROOT, Settings
from index import history, store
from index.dense import EmbeddingCache, Encoder
from index.documents import DocumentCache
from index.engine import EngineData, save_engine
from index.increment import Delta, file_digests, plan_delta, reusable, unchanged
from index.lexical import tokenize
from index.store import Manifest, write_generation
from ingest import CHUNKER_VERSION
from ingest.bounded import Ingested, Limits, ingest_untrusted
from ingest.chunk import contextual_text
from ingest.read import SUPPORTED_SUFFIXES, ReadError

# (stage, done, total): lets the CLI draw a progress bar without this room knowing about it.
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    documents: int = 0
    chunks: int = 0
    embedded: int = 0  # passages that were not in the cache
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    generation: str = ""
    stages: dict[str, float] = field(default_factory=dict)  # seconds by stage, in order
    kind: Literal["unchanged", "delta", "full"] = "full"  # what the build wrote (see rebuild_unlocked)


# The files whose change changes chunks, regions or tokens: the ingest package (its rules and its
# data: gazetteer, glossary) and the lexical tokenizer with its stop words.
_RULE_FILES = ("ingest/**/*.py", "ingest/data/*", "index/lexical.py", "index/data/*")


def rules_hash() -> str:
    """One hash of every rule and data file that shapes the index: an index built under another is stale."""
    digest = hashlib.sha256()
    for path in sorted({p for pattern in _RULE_FILES for p in ROOT.glob(pattern) if p.is_file()}):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def chunk_settings(settings: Settings) -> dict[str, int]:
    return {
        "chunk_chars": settings.chunk_chars,
        "chunk_overlap": settings.chunk_overlap,
        "min_chunk_chars": settings.min_chunk_chars,
        "contextual_chunks": int(settings.contextual_chunks),
    }


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The reports in the corpus folder (supported types, no hidden files), by name."""
    if not corpus_dir.is_dir():
        return []
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUPPORTED_SUFFIXES
    )


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time, across threads and processes."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def document_cache(settings: Settings) -> DocumentCache:
    """Reports as read, by content, under everything that shapes their passages and words."""
    salt = json.dumps([CHUNKER_VERSION, chunk_settings(settings), rules_hash()])
    return DocumentCache(settings.cache_dir / "documents", salt)


def read_corpus(
    paths: list[Path], settings: Settings, report: BuildReport, progress: Progress | None = None
) -> tuple[list[Ingested], dict[str, list[list[str]]]]:
    """Every readable report, read and chunked under the per-file limits (or as read before), and
    the BM25 words of those read before; the unreadable ones go to `report.errors`."""
    limits = Limits.from_settings(settings)
    cache = document_cache(settings)
    started = time.perf_counter()
    done, words = [], {}
    for n, path in enumerate(paths):
        if progress:
            progress("reading", n, len(paths))
        try:
            if path.stat().st_size > limits.max_bytes:  # refused before it is pulled into memory
                raise ReadError(path.name, f"larger than {limits.max_bytes} bytes", "too_large")
            data = path.read_bytes()
            known = cache.get(path.name, data)
            if known is None:
                done.append(ingest_untrusted(path.name, data, limits))
            else:
                done.append(known[0])
                if known[1] is not None:
                    words[path.name] = known[1]
        except ReadError as err:
            report.errors.append(str(err))
        except OSError as err:  # gone or unreadable since it was listed
            report.errors.append(f"{path.name}: {err.strerror or err}")
    if progress:
        progress("reading", len(paths), len(paths))
    report.stages["reading and chunking"] = time.perf_counter() - started
    return done, words


def passage_words(
    ingested: list[Ingested], texts: list[str], known: dict[str, list[list[str]]], cache: DocumentCache
) -> list[list[str]]:
    """The BM25 words of every passage (`texts`, in order): kept ones as they are, the others
    tokenised now and kept with their report."""
    words: list[list[str]] = []
    for report in ingested:
        mine = texts[len(words) : len(words) + len(report.chunks)]
        found = known.get(report.info.doc)
        if found is None or len(found) != len(mine):
            found = [tokenize(text) for text in mine]
            cache.put(report, found)
        words.extend(found)
    return words


def build_from_ingested(
    ingested: list[Ingested],
    settings: Settings,
    encoder: Encoder,
    progress: Progress | None = None,
    report: BuildReport | None = None,
    words: dict[str, list[list[str]]] | None = None,
    keep: Delta | None = None,
) -> BuildReport:
    """Index exactly these reports and make the result current (`words`: BM25 words already known,
    by report). With `keep`, these are the delta beside the current base, whose live reports stay."""
    report = report or BuildReport()
    started = time.perf_counter()
    documents = [i.info for i in ingested]
    chunks = [c for i in ingested for c in i.chunks]
    texts = [contextual_text(c, c.regions) if settings.contextual_chunks else c.text for c in chunks]
    cache = EmbeddingCache(settings.cache_dir, settings.model_name)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("embedding", done, len(texts))

    clock = time.perf_counter()
    vectors, report.embedded = cache.embed(encoder, texts, settings.embed_batch_size, advance)
    if report.embedded or keep is None:  # a delta of cached passages leaves the cache as it was
        cache.save()
    report.stages["embedding"] = time.perf_counter() - clock
    manifest = Manifest(
        model_name=settings.model_name,
        chunker_version=CHUNKER_VERSION,
        chunk_settings=chunk_settings(settings),
        files={**(keep.live_files if keep else {}), **{d.doc: d.sha256 for d in documents}},
        chunk_count=len(chunks) + (keep.live_passages if keep else 0),
        rules_hash=rules_hash(),
        file_digests={**(keep.live_digests if keep else {}), **{i.info.doc: i.file_sha256 for i in ingested}},
        removed=keep.removed if keep else [],
        base=keep.base_name if keep else "",
    )
    clock = time.perf_counter()
    data = EngineData(
        vectors,
        passage_words(ingested, texts, words or {}, document_cache(settings)),
        [list(dict.fromkeys([*c.regions, *c.places])) for c in chunks],
    )
    report.stages["BM25 words (tokenising)"] = time.perf_counter() - clock

    def index_passages(root: Path, generation: str) -> None:
        clock = time.perf_counter()
        save_engine(settings, data, root, generation)
        report.stages[f"indexing ({settings.engine})"] = time.perf_counter() - clock

    clock = time.perf_counter()
    sources = {i.source.doc: i.source.text for i in ingested}
    base = keep.base if keep else None
    final = write_generation(settings.index_dir, manifest, documents, chunks, sources, index_passages, base)
    report.stages["writing"] = time.perf_counter() - clock - report.stages.get(f"indexing ({settings.engine})", 0.0)
    report.documents, report.chunks, report.generation = len(manifest.files), manifest.chunk_count, final.name
    report.seconds = time.perf_counter() - started
    return report


def rebuild_unlocked(
    settings: Settings, encoder: Encoder, progress: Progress | None = None, full: bool = False
) -> BuildReport:
    """Bring the index up to the corpus folder: nothing when its files are the ones the current
    generation was built from, a delta beside its base when that is allowed, or a full build (always
    with `full`); the caller holds `build_lock`."""
    report = BuildReport()
    started = time.perf_counter()
    # Under the lock no other write is under way: anything half-made is a crash's leftover.
    history.sweep(settings.corpus_dir)
    store.sweep(settings.index_dir)
    paths = corpus_files(settings.corpus_dir)
    digests = file_digests(paths, settings.max_upload_bytes)
    current = None if full else reusable(settings, chunk_settings(settings), rules_hash())
    report.stages["comparing files"] = time.perf_counter() - started
    same = unchanged(current, digests)
    if same is not None:  # the current generation was built from exactly these files
        report.documents, report.chunks, report.generation = len(same.files), same.chunk_count, same.generation
        report.kind = "unchanged"
    elif not _build_delta(settings, encoder, current, digests, report, progress):
        ingested, words = read_corpus(paths, settings, report, progress)
        build_from_ingested(ingested, settings, encoder, progress, report, words)
    report.seconds = time.perf_counter() - started  # the reading included
    return report


def _build_delta(
    settings: Settings,
    encoder: Encoder,
    current: tuple[Path, Manifest] | None,
    digests: dict[str, str],
    report: BuildReport,
    progress: Progress | None,
) -> bool:
    """Write a generation beside the current base, if it can be kept (`current`: see
    `increment.reusable`), the plan allows one and the delta read stays small."""
    step = plan_delta(settings, current, digests) if current is not None else None
    if step is None:
        return False
    read = BuildReport()
    ingested, words = read_corpus([settings.corpus_dir / doc for doc in step.delta], settings, read, progress)
    if not step.fits(sum(len(i.chunks) for i in ingested), settings.delta_max_share):
        return False  # the full build reads the same reports again, from the document cache
    report.errors.extend(read.errors)
    report.stages.update(read.stages)
    build_from_ingested(ingested, settings, encoder, progress, report, words, keep=step)
    report.kind = "delta"
    return True


def build_index(
    settings: Settings, encoder: Encoder, progress: Progress | None = None, full: bool = False
) -> BuildReport:
    """Index the corpus folder as it is now (see `rebuild_unlocked`; unchanged passages come from
    the caches); `full` rebuilds everything into one base even when nothing changed."""
    with build_lock(settings.index_dir):
        return rebuild_unlocked(settings, encoder, progress, full)
