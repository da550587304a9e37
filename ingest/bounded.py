"""Reading untrusted files under limits: bytes → cited chunks in a worker process with a time and memory budget.

A report comes from anyone who can upload or drop a file in corpus/. The readers are linear
in a file's size, but they lean on parsers (PDF, zip, HTML) whose worst cases are not ours
to bound, and a file can be legal yet far too big to index. So every file is read, cleaned
and chunked in one long-lived worker process: a file that overruns its time is killed with
the worker (a fresh one serves the next file), one that needs too much memory fails inside
it, and a crash of the worker is that file's error, never the server's.
"""

from __future__ import annotations

import hashlib
import resource
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from common.settings import Settings
from common.types import Chunk, DocumentInfo, SourceText
from ingest.document import ingest_source
from ingest.read import ReadError, read_bytes


@dataclass(frozen=True)
class Limits:
    """What one file may cost: its bytes, its text, its time and its memory; and how it is chunked."""

    max_bytes: int
    max_chars: int
    seconds: float
    memory_mb: int
    chunk_chars: int
    chunk_overlap: int
    min_chunk_chars: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_bytes=settings.max_upload_bytes,
            max_chars=settings.max_document_chars,
            seconds=settings.read_timeout_seconds,
            memory_mb=settings.read_memory_mb,
            chunk_chars=settings.chunk_chars,
            chunk_overlap=settings.chunk_overlap,
            min_chunk_chars=settings.min_chunk_chars,
        )


@dataclass
class Ingested:
    """One report read and chunked: its text, what the index knows of it, and its passages."""

    source: SourceText
    info: DocumentInfo
    chunks: list[Chunk]
    file_sha256: str = ""  # of the bytes it was read from: what a cache of read reports is keyed by


def ingest_bytes(name: str, data: bytes, limits: Limits) -> Ingested:
    """Read, clean and chunk one file in this process (trusted input, or inside the worker)."""
    source = read_bytes(name, data, limits.max_bytes)
    if len(source.text) > limits.max_chars:
        raise ReadError(
            source.doc, f"{len(source.text):,} characters of text; the limit is {limits.max_chars:,}", "too_large"
        )
    info, chunks = ingest_source(source, limits.chunk_chars, limits.chunk_overlap, limits.min_chunk_chars)
    return Ingested(source, info, chunks, hashlib.sha256(data).hexdigest())


class Sandbox:
    """One worker process, reused from file to file, replaced when a file kills or overruns it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one file at a time through the one worker
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._memory_mb = 0

    def ingest(self, name: str, data: bytes, limits: Limits) -> Ingested:
        """`ingest_bytes` in the worker; ReadError for anything that goes wrong with this file."""
        with self._lock:
            conn = self._worker(limits.memory_mb)
            try:
                conn.send((name, data, limits))
                if not conn.poll(limits.seconds):
                    self._stop()
                    raise ReadError(name, f"could not be read within {limits.seconds:g} s")
                ok, value = conn.recv()
            except (EOFError, OSError) as err:  # the worker died on this file (segfault, killed by the OS)
                self._stop()
                raise ReadError(name, "the reader crashed on this file") from err
        if not ok:
            raise value
        return value

    def _worker(self, memory_mb: int) -> Connection:
        alive = self._process is not None and self._process.poll() is None
        if not alive or memory_mb != self._memory_mb or self._conn is None:
            self._stop()
            # A fresh interpreter, not a fork: the parent holds torch's threads and locks, which a
            # fork would copy half-taken; and not multiprocessing's spawn, which re-runs the
            # caller's main script. The two ends talk over a socket pair.
            ours, theirs = socket.socketpair()
            command = [sys.executable, "-m", "ingest.bounded", str(theirs.fileno()), str(memory_mb)]
            self._process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
            theirs.close()
            self._conn = Connection(ours.detach())
            self._memory_mb = memory_mb
        assert self._conn is not None
        return self._conn

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None


def _serve(conn: Connection, memory_mb: int) -> None:
    """The worker's loop: a file in, (True, Ingested) or (False, ReadError) out, until the pipe closes."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            name, data, limits = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_ingest_reporting(name, data, limits))


def _ingest_reporting(name: str, data: bytes, limits: Limits) -> tuple[bool, Ingested | ReadError]:
    try:
        return True, ingest_bytes(name, data, limits)
    except ReadError as err:
        return False, err
    except MemoryError:
        return False, ReadError(name, f"needs more than {limits.memory_mb} MB to read", "too_large")
    except RecursionError:
        return False, ReadError(name, "nested too deeply to read")
    except Exception as err:  # a parser's own bug on a hostile file: this file's error, not the service's
        return False, ReadError(name, f"could not be read ({type(err).__name__})")


_SANDBOX = Sandbox()


def ingest_untrusted(name: str, data: bytes, limits: Limits) -> Ingested:
    """Read, clean and chunk a file nobody vouched for, under `limits` (see `Sandbox`)."""
    return _SANDBOX.ingest(name, data, limits)


if __name__ == "__main__":  # the worker: python -m ingest.bounded FD MEMORY_MB
    # Through the imported module, so what it sends pickles as ingest.bounded.*, not __main__.*.
    from ingest import bounded

    bounded._serve(Connection(int(sys.argv[1])), int(sys.argv[2]))
