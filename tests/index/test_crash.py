"""kill -9 of a real ingest, and of a real server mid-upload: the previous index still answers, nothing is lost.

The trials are bounded (CI time); scripts/crash_soak.py runs as many as asked.
"""

from __future__ import annotations

import contextlib
import random
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from index.dense import Encoder
from tests.index.crashes import (
    DUCHAQA,
    SEED,
    World,
    ingest_and_kill,
    make_world,
    next_build_problems,
    problems_after_crash,
)

TRIALS = 10
# Kill moments are drawn up to this many seconds into a run: past start-up, through reading,
# embedding, the cache save and the index swap.
MAX_DELAY = 9.0


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> World:
    return make_world(tmp_path_factory.mktemp("crash"), encoder)


def test_killed_ingests_leave_a_loadable_answering_index_and_an_intact_corpus(world: World, encoder: Encoder) -> None:
    rng = random.Random(13)
    log = []
    for n in range(TRIALS):
        what = ingest_and_kill(world, n, rng, MAX_DELAY)
        problems = problems_after_crash(world, encoder)
        log.append(what)
        assert not problems, (what, problems, log)
    assert any("killed" in line for line in log), log
    assert not next_build_problems(world, encoder)


def test_a_server_killed_mid_upload_leaves_the_previous_index(world: World, encoder: Encoder) -> None:
    """The riskiest write (a replace) through a real server, killed while it validates, stores or indexes."""
    port = _free_port()
    server = subprocess.Popen(
        [str(DUCHAQA), "serve", "--port", str(port)],
        env=world.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _ready(port, 120), "the server did not start"
        replacement = (world.settings.corpus_dir / SEED).read_bytes() + "\n补记一条。\n".encode()
        threading.Thread(target=_post, args=(port, SEED, replacement, "?replace=true"), daemon=True).start()
        time.sleep(random.Random(7).uniform(0.3, 2.5))
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    assert not problems_after_crash(world, encoder)
    assert not next_build_problems(world, encoder)


def _post(port: int, name: str, data: bytes, query: str) -> None:
    boundary = "crash-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/documents{query}",
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Authorization": "Bearer crash"},
    )
    with contextlib.suppress(OSError):  # the server is killed under it: the point of the test
        urllib.request.urlopen(request, timeout=60).read()


def _ready(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as res:
                if res.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_world_starts_whole(world: World) -> None:
    assert (world.settings.corpus_dir / SEED).is_file()
    assert Path(world.settings.index_dir / "current").exists()
