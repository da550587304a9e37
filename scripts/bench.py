"""Benchmark: index build time (cold and cached), query latency, memory. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench.py [--gold eval/dev.jsonl] [--rounds 2]

Builds into a temporary folder (the project's .index and cache are not touched), so
"cold" really embeds every passage and "warm" shows what a re-index of unchanged text costs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common.settings import get_settings
from index.build import build_index
from index.dense import Encoder
from index.model import load_model
from retriever import Pipeline


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=Path("eval/dev.jsonl"))
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    base = get_settings()
    t = time.perf_counter()
    encoder = Encoder(load_model(base.model_path), base.model_name, base.sentence_cache_size)
    model_load = time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        settings = base.model_copy(
            update={"index_dir": Path(tmp) / "index", "cache_dir": Path(tmp) / "cache", "corpus_dir": base.corpus_dir}
        )
        cold = build_index(settings, encoder)
        warm = build_index(settings, encoder)
        index_bytes = _dir_size(settings.index_dir / "generations")
        pipeline = Pipeline(settings, encoder)
        t = time.perf_counter()
        pipeline.reload()
        index_load = time.perf_counter() - t

        questions = [
            json.loads(line)["question"] for line in args.gold.read_text(encoding="utf-8").splitlines() if line
        ]
        pipeline.ask(questions[0])  # warm-up
        latencies = []
        for _ in range(args.rounds):
            for q in questions:
                t = time.perf_counter()
                pipeline.ask(q, 5)
                latencies.append((time.perf_counter() - t) * 1e3)
        shutil.rmtree(settings.cache_dir, ignore_errors=True)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {os.cpu_count()} cores, torch threads {__import__('torch').get_num_threads()}")
    print(f"corpus: {cold.documents} reports, {cold.chunks} chunks")
    print(f"model load: {model_load:.1f} s")
    print(f"index build, cold (embeds {cold.embedded} passages): {cold.seconds:.1f} s")
    print(f"index build, warm (embeds {warm.embedded} passages): {warm.seconds:.2f} s")
    print(f"index load: {index_load:.2f} s, on disk {index_bytes / 1e6:.1f} MB")
    print(
        f"query latency over {len(latencies)} asks: p50 {statistics.median(latencies):.0f} ms, "
        f"p95 {_percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms"
    )
    print(f"peak memory (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
