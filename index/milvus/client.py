"""The connection to Milvus: one client per server (per milvus-lite file), its address from the
settings, and how our words are written for any Milvus tokenizer."""

from __future__ import annotations

import logging
import threading

from pymilvus import MilvusClient, MilvusException

from common.settings import Settings
from index.engine import EngineUnavailable

# BM25 parameters, bm25s's defaults (the FAISS engine's lexical half).
K1, B = 1.5, 0.75
# Milvus returns at most this many hits or rows for one request.
MAX_WINDOW = 16_384

# milvus-lite logs a traceback when a file is held by another process; `shared_client` says it in one line.
logging.getLogger("milvus_lite.server_manager").setLevel(logging.CRITICAL)

_clients: dict[tuple[str, str], MilvusClient] = {}
_clients_lock = threading.Lock()


def encode_words(words: list[str]) -> str:
    """Words as hex runs separated by spaces: what any Milvus tokenizer splits back into the same words."""
    return " ".join(w.encode("utf-8").hex() for w in words)


def shared_client(uri: str, token: str) -> MilvusClient:
    """One client per server (per milvus-lite file): it is thread-safe, and milvus-lite runs one server per file."""
    with _clients_lock:
        client = _clients.get((uri, token))
        if client is None:
            try:
                client = _clients[(uri, token)] = MilvusClient(uri=uri, token=token)
            except MilvusException as err:
                raise EngineUnavailable(
                    f"cannot open Milvus at {uri} ({err.message}). A milvus-lite file serves one process at a "
                    "time: while `duchaqa serve` holds it, upload through the server, or set DUCHAQA_MILVUS_URI "
                    "to a Milvus server"
                ) from err
        return client


def uri_of(settings: Settings) -> str:
    """The server's address, or the milvus-lite file in the index folder when none is set."""
    return settings.milvus_uri or str(settings.index_dir / "milvus.db")


def disconnect(settings: Settings) -> None:
    """Close the client for the settings' Milvus; for a milvus-lite file, stop its server too (the file
    is free for another process, and opening it again reads it from disk)."""
    uri = uri_of(settings)
    with _clients_lock:
        client = _clients.pop((uri, settings.milvus_token), None)
    if client is not None:
        client.close()
    if not uri.startswith(("http://", "https://", "tcp://")):
        from milvus_lite import server_manager_instance

        server_manager_instance.release_server(uri)
