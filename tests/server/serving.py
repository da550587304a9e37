"""The real app served by uvicorn on a free local port, in a thread of the test process (shares its model)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from common.settings import Settings
from index.dense import Encoder
from retriever import Pipeline


@contextmanager
def serving(settings: Settings, encoder: Encoder, pipeline: Pipeline | None = None) -> Iterator[str]:
    """The real app on 127.0.0.1 over these settings (and this pipeline, when given), for as long as the block runs."""
    import uvicorn

    from server.app import create_app

    if pipeline is None:
        pipeline = Pipeline(settings, encoder)
        pipeline.reload()
    # Bind first and hand uvicorn the socket: no window for another process to take the port.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings, pipeline), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
