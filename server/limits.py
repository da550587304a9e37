"""Limits at the door, before a request body is parsed: write size and write rate.

FastAPI reads a multipart body (to a temporary file) before any dependency runs, so an
oversized upload must be turned away here, from its Content-Length, and a client that
writes too often gets 429 before its body costs anything.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque

from starlette.types import ASGIApp, Receive, Scope, Send

# Room for the multipart envelope (boundaries, headers, the file name) around the file itself.
_ENVELOPE_BYTES = 64 * 1024
_WRITE_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH"})


class WriteGuard:
    """ASGI middleware: writes under /documents are bounded in bytes per request and in number per minute."""

    def __init__(self, app: ASGIApp, max_bytes: int, per_minute: int) -> None:
        self.app = app
        self.max_bytes = max_bytes + _ENVELOPE_BYTES
        self.per_minute = per_minute
        self._recent: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITE_METHODS or not _is_documents(scope["path"]):
            await self.app(scope, receive, send)
            return
        if self._too_large(scope):
            await _refuse(send, 413, f"request larger than the {self.max_bytes // 2**20} MB upload limit")
            return
        client = scope.get("client")
        wait = self._wait(client[0] if client else "")
        if wait > 0:
            await _refuse(
                send, 429, f"more than {self.per_minute} writes in a minute", [(b"retry-after", str(wait).encode())]
            )
            return
        await self.app(scope, receive, send)

    def _too_large(self, scope: Scope) -> bool:
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                return not value.isdigit() or int(value) > self.max_bytes
        return False

    def _wait(self, client: str) -> int:
        """0 if this client may write now (and count it), else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            recent = self._recent[client]
            while recent and now - recent[0] >= 60:
                recent.popleft()
            if len(recent) >= self.per_minute:
                return max(1, int(60 - (now - recent[0])) + 1)
            recent.append(now)
            return 0


def _is_documents(path: str) -> bool:
    return path == "/documents" or path.startswith("/documents/")


async def _refuse(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    base = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": base + (headers or [])})
    await send({"type": "http.response.body", "body": body})
