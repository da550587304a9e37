"""Concurrent clients against a real `duchaqa serve` process: latency and errors at each level.

The server runs as its own process over the bench's index (answers are not kept, so every
question is answered afresh); the clients are threads of this process, each asking its
share of the gold questions in turn.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from common.settings import Settings


@dataclass
class LoadFigures:
    clients: int
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0


@contextmanager
def served(settings: Settings) -> Iterator[str]:
    """`duchaqa serve` over these settings' corpus, index and cache, in its own process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "DUCHAQA_CORPUS_DIR": str(settings.corpus_dir),
        "DUCHAQA_INDEX_DIR": str(settings.index_dir),
        "DUCHAQA_CACHE_DIR": str(settings.cache_dir),
        "DUCHAQA_ANSWER_CACHE_SIZE": "0",
    }
    duchaqa = str(Path(sys.executable).parent / "duchaqa")
    server = subprocess.Popen(
        [duchaqa, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def under_load(url: str, questions: list[str], clients: int, asks: int) -> LoadFigures:
    """`clients` threads ask `asks` questions between them, all at once."""
    figures = LoadFigures(clients)
    lock = threading.Lock()
    per_client = max(1, asks // clients)

    def client(n: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            for i in range(per_client):
                question = questions[(n * per_client + i) % len(questions)]
                t = time.perf_counter()
                try:
                    ok = http.post("/ask", json={"question": question}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    figures.seconds.append(time.perf_counter() - t)
                    figures.errors += not ok

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.wall = time.perf_counter() - started
    return figures
