"""Concurrent clients against a real `duchaqa serve` process: latency and errors at each level.

The server runs as its own process over the bench's index (answers are not kept, so every
question is answered afresh); the clients are tasks of this process's event loop, each asking its
share of the gold questions in turn.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
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
                health = httpx.get(f"{url}/healthz", timeout=2)
                if health.status_code == 200 and not health.json().get("warming"):
                    break  # loaded, and its reader's contexts primed: figures of a server at work
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
    """`clients` clients, each with its own connection, ask `asks` questions between them, all at once.

    The load runs on the server's two cores, so what the clients spend is taken from the server. They
    are tasks of one event loop, all made before the clock: fifty threads each making its client
    after the clock started took about 15 ms of CPU a client while the first questions were answered
    (on one warm server, 35.6 answers a second against 51-53 this way)."""
    return asyncio.run(_under_load(url, questions, clients, asks))


async def _under_load(url: str, questions: list[str], clients: int, asks: int) -> LoadFigures:
    figures = LoadFigures(clients)
    per_client = max(1, asks // clients)

    async def client(n: int, http: httpx.AsyncClient) -> None:
        for i in range(per_client):
            question = questions[(n * per_client + i) % len(questions)]
            t = time.perf_counter()
            try:
                ok = (await http.post("/ask", json={"question": question})).status_code == 200
            except httpx.HTTPError:
                ok = False
            figures.seconds.append(time.perf_counter() - t)
            figures.errors += not ok

    # Every client is made before the first question: making one (its TLS context) costs about
    # 15 ms of CPU, which would be taken from the server while the first questions run.
    https = [httpx.AsyncClient(base_url=url, timeout=120) for _ in range(clients)]
    try:
        started = time.perf_counter()
        await asyncio.gather(*(client(n, http) for n, http in enumerate(https)))
        figures.wall = time.perf_counter() - started
    finally:
        for http in https:
            await http.aclose()
    return figures
