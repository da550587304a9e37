"""Benchmark: index build time (cold and cached), query latency, memory, and what the OpenAI
endpoint adds over /ask. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench.py [--gold eval/dev.jsonl] [--rounds 2] [--backend onnx|torch]

Builds into a temporary folder (the project's .index and cache are not touched), so
"cold" really embeds every passage and "warm" shows what a re-index of unchanged text costs.
Latency is measured with the answer cache off (every ask is answered afresh). The endpoint
overhead is measured over HTTP with it on: once an answer is kept, /ask and /v1/chat/completions
differ only by what the chat face adds (reading the conversation, the Markdown, token counts).
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

import httpx

from common.settings import Settings, get_settings
from index.build import build_index
from index.dense import Encoder
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
    parser.add_argument("--backend", choices=["onnx", "torch"], default=None, help="default: the settings'")
    args = parser.parse_args()

    base = get_settings()
    if args.backend:
        base = base.model_copy(update={"encoder_backend": args.backend})
    t = time.perf_counter()
    encoder = Encoder.from_settings(base)
    encoder.queries(["warm-up"])  # a lazily loaded model loads here
    model_load = time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        settings = base.model_copy(
            update={
                "index_dir": Path(tmp) / "index",
                "cache_dir": Path(tmp) / "cache",
                "corpus_dir": base.corpus_dir,
                "answer_cache_size": 0,
            }
        )
        cold = build_index(settings, encoder)
        warm = build_index(settings, encoder)
        index_bytes = _dir_size(settings.index_dir / "generations")
        pipeline = Pipeline(settings, encoder, prime=True)
        t = time.perf_counter()
        pipeline.reload()
        index_load = time.perf_counter() - t
        pipeline.wait_primed()

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
        overhead = _chat_overhead(settings.model_copy(update={"answer_cache_size": 4096}), encoder, questions)
        shutil.rmtree(settings.cache_dir, ignore_errors=True)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {os.cpu_count()} cores, encoder {encoder.backend}, torch threads {torch_threads()}")
    print(f"corpus: {cold.documents} reports, {cold.chunks} chunks")
    print(f"model load (what answering questions needs): {model_load:.1f} s")
    print(f"index build, cold (embeds {cold.embedded} passages): {cold.seconds:.1f} s")
    print(f"index build, warm (embeds {warm.embedded} passages): {warm.seconds:.2f} s")
    print(f"index load: {index_load:.2f} s, on disk {index_bytes / 1e6:.1f} MB")
    print(
        f"query latency over {len(latencies)} asks: p50 {statistics.median(latencies):.0f} ms, "
        f"p95 {_percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms"
    )
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    ask_ms, chat_ms, added = overhead
    print(
        f"over HTTP, answers kept: /ask p50 {ask_ms:.1f} ms, /v1/chat/completions p50 {chat_ms:.1f} ms; "
        f"the chat endpoint adds p50 {statistics.median(added):.1f} ms, p95 {_percentile(added, 0.95):.1f} ms"
    )


def torch_threads() -> int:
    import torch

    return torch.get_num_threads()


def _chat_overhead(settings: Settings, encoder: Encoder, questions: list[str]) -> tuple[float, float, list[float]]:
    """Median /ask and chat latencies over HTTP, and the chat's added time per question (paired)."""
    from tests.server.serving import serving

    pipeline = Pipeline(settings, encoder, prime=True)
    pipeline.reload()
    pipeline.wait_primed()
    asks, chats, added = [], [], []
    with serving(settings, encoder, pipeline) as url, httpx.Client(base_url=url, timeout=60) as client:
        for q in questions:  # keep every answer first
            client.post("/ask", json={"question": q})
        for _ in range(2):
            for q in questions:
                t = time.perf_counter()
                client.post("/ask", json={"question": q}).raise_for_status()
                a = (time.perf_counter() - t) * 1e3
                t = time.perf_counter()
                body = {"model": settings.chat_model, "messages": [{"role": "user", "content": q}]}
                client.post("/v1/chat/completions", json=body).raise_for_status()
                c = (time.perf_counter() - t) * 1e3
                asks.append(a)
                chats.append(c)
                added.append(c - a)
    return statistics.median(asks), statistics.median(chats), added


if __name__ == "__main__":
    main()
