"""Milvus as the search engine: one collection per index generation, holding each passage's vector
(HNSW, inner product) and its BM25 words (a sparse field that Milvus's BM25 function fills).

The words are the ones the FAISS engine indexes: our own tokenizer's (jieba over folded text,
the glossary's terms, stop words dropped), so a traditional-script question meets simplified text
the same way on both engines. Milvus's analyzers differ between milvus-lite and a server, so each
word goes in as the hex of its UTF-8 bytes: a run of [0-9a-f] that every Milvus tokenizer keeps
whole. Milvus scores BM25 as bm25s does (same IDF, k1 and b) times (k1 + 1); that factor is
divided out, so a passage's lexical score is the same number on either engine.

A generation's collection is named in `milvus.json` in its directory: building a generation
writes that record first, so a build killed half-way leaves a collection the sweep can drop.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import numpy as np
from pymilvus import CollectionSchema, DataType, Function, FunctionType, MilvusClient, MilvusException
from pymilvus.milvus_client import IndexParams

from common.settings import Settings
from index.ann import RowSet
from index.dense import DIM
from index.engine import MILVUS_RECORD, EngineData, EngineUnavailable
from index.lexical import tokenize

# BM25 parameters, bm25s's defaults (the FAISS engine's lexical half).
K1, B = 1.5, 0.75
# Milvus returns at most this many hits or rows for one request.
MAX_WINDOW = 16_384
# Rows sent in one insert (a gRPC message stays well under its size limit).
INSERT_BATCH = 1_000
# A passage's words (hex) and its tags fit these field sizes (a passage is at most a few thousand characters).
MAX_WORDS_BYTES = 65_535
MAX_TAGS, MAX_TAG_BYTES = 4_096, 256
# A passage without a word is indexed under this one (as bm25s's placeholder), so it still has a length.
EMPTY = "∅"

# milvus-lite logs a traceback when a file is held by another process; `_client` says it in one line.
logging.getLogger("milvus_lite.server_manager").setLevel(logging.CRITICAL)

_clients: dict[tuple[str, str], MilvusClient] = {}
_clients_lock = threading.Lock()


def encode_words(words: list[str]) -> str:
    """Words as hex runs separated by spaces: what any Milvus tokenizer splits back into the same words."""
    return " ".join(w.encode("utf-8").hex() for w in words)


def _client(uri: str, token: str) -> MilvusClient:
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


def disconnect(settings: Settings) -> None:
    """Close the client for the settings' Milvus; for a milvus-lite file, stop its server too (the file
    is free for another process, and opening it again reads it from disk)."""
    uri = MilvusEngine.uri_of(settings)
    with _clients_lock:
        client = _clients.pop((uri, settings.milvus_token), None)
    if client is not None:
        client.close()
    if not uri.startswith(("http://", "https://", "tcp://")):
        from milvus_lite import server_manager_instance

        server_manager_instance.release_server(uri)


def _collection_name(generation: str) -> str:
    return "duchaqa_" + "".join(ch if ch.isalnum() else "_" for ch in generation)


def _in(rows: np.ndarray) -> str:
    return "row in [" + ",".join(str(int(r)) for r in rows) + "]"


def _among(among: RowSet | None) -> str:
    """A filter for rows a search is limited to: by tag when they are a region's (Milvus filters its
    own tag field, a real pre-filter), else by row number."""
    if among is None:
        return ""
    if among.tags:
        return "array_contains_any(tags, " + json.dumps(list(among.tags), ensure_ascii=False) + ")"
    return _in(among.rows)


class MilvusEngine:
    """A connection to one Milvus (server or milvus-lite file), and the collections of our generations."""

    def __init__(self, uri: str, token: str = "") -> None:
        self.uri = uri
        self.client = _client(uri, token)

    @staticmethod
    def uri_of(settings: Settings) -> str:
        """The server's address, or the milvus-lite file in the index folder when none is set."""
        return settings.milvus_uri or str(settings.index_dir / "milvus.db")

    @classmethod
    def connect(cls, settings: Settings) -> MilvusEngine:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return cls(cls.uri_of(settings), settings.milvus_token)

    def write(self, root: Path, generation: str, data: EngineData) -> None:
        """Index the passages in a new collection named after the generation, recorded in `root`."""
        name = _collection_name(generation)
        (root / MILVUS_RECORD).write_text(json.dumps({"uri": self.uri, "collection": name}))
        if self.client.has_collection(name):  # left by a build killed after creating it
            self.client.drop_collection(name)
        self.client.create_collection(
            name, schema=self._schema(), index_params=self._index_params(), consistency_level="Strong"
        )
        for start in range(0, len(data.words), INSERT_BATCH):
            rows = range(start, min(start + INSERT_BATCH, len(data.words)))
            self.client.insert(name, [self._row(i, data) for i in rows])
        self.client.flush(name)

    @staticmethod
    def _row(i: int, data: EngineData) -> dict[str, object]:
        words = encode_words(data.words[i] or [EMPTY])
        if len(words.encode()) > MAX_WORDS_BYTES:
            raise ValueError(f"passage {i} has more words than a Milvus text field holds ({MAX_WORDS_BYTES} bytes)")
        tags = [t for t in data.tags[i] if len(t.encode()) <= MAX_TAG_BYTES][:MAX_TAGS]
        return {"row": i, "words": words, "dense": data.vectors[i].tolist(), "tags": tags}

    def _schema(self) -> CollectionSchema:
        schema = self.client.create_schema(auto_id=False)
        schema.add_field("row", DataType.INT64, is_primary=True)
        schema.add_field(
            "words",
            DataType.VARCHAR,
            max_length=MAX_WORDS_BYTES,
            enable_analyzer=True,
            enable_match=True,
            analyzer_params={"tokenizer": "standard"},
        )
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=DIM)
        schema.add_field(
            "tags", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=MAX_TAGS, max_length=MAX_TAG_BYTES
        )
        schema.add_function(
            Function(
                name="bm25", function_type=FunctionType.BM25, input_field_names=["words"], output_field_names=["sparse"]
            )
        )
        return schema

    def _index_params(self) -> IndexParams:
        params = self.client.prepare_index_params()
        params.add_index("dense", index_type="HNSW", metric_type="IP", params={"M": 16, "efConstruction": 200})
        params.add_index(
            "sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": K1, "bm25_b": B}
        )
        return params

    @classmethod
    def open(cls, root: Path, size: int, settings: Settings) -> tuple[MilvusDense, MilvusLexical]:
        record = json.loads((root / MILVUS_RECORD).read_text())
        engine = cls(record["uri"], settings.milvus_token)
        engine.client.load_collection(record["collection"])
        return (
            MilvusDense(engine.client, record["collection"], size, settings.milvus_ef),
            MilvusLexical(engine.client, record["collection"], size),
        )

    @classmethod
    def drop(cls, root: Path, token: str = "") -> None:
        record = json.loads((root / MILVUS_RECORD).read_text())
        client = _client(record["uri"], token)
        if client.has_collection(record["collection"]):
            client.drop_collection(record["collection"])


class MilvusDense:
    """The dense half on Milvus: HNSW top-k, and passage vectors read back by row."""

    exact = False

    def __init__(self, client: MilvusClient, collection: str, size: int, ef: int) -> None:
        self.client, self.collection, self.size, self.ef = client, collection, size, ef
        self._all: np.ndarray | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self.size

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Exact cosines with every passage (asked only of an index small enough to score whole, whose
        vectors are then read once and kept)."""
        with self._lock:
            if self._all is None:
                self._all = self.vectors(np.arange(self.size))
        return self._all @ query.astype(np.float32)

    def top(self, query: np.ndarray, k: int, among: RowSet | None = None) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, self.size if among is None else len(among.rows), MAX_WINDOW)
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        hits = self.client.search(
            self.collection,
            data=[query.astype(np.float32).tolist()],
            anns_field="dense",
            limit=k,
            filter=_among(among),
            search_params={"metric_type": "IP", "params": {"ef": max(self.ef, k)}},
            output_fields=["row"],
        )[0]
        rows = np.array([h["row"] for h in hits], dtype=np.int64)
        return rows, np.array([h["distance"] for h in hits], dtype=np.float32)

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        out = np.zeros((len(rows), DIM), np.float32)
        place = {int(r): j for j, r in enumerate(rows)}
        for start in range(0, len(rows), MAX_WINDOW):
            part = rows[start : start + MAX_WINDOW]
            for found in self.client.query(self.collection, filter=_in(part), output_fields=["row", "dense"]):
                out[place[int(found["row"])]] = found["dense"]
        return out


class MilvusLexical:
    """The lexical half on Milvus: BM25 over the sparse field, scored as bm25s scores."""

    def __init__(self, client: MilvusClient, collection: str, size: int) -> None:
        self.client, self.collection, self.size = client, collection, size

    def scores(self, tokens: list[str]) -> MilvusScores:
        return MilvusScores(self, encode_words(tokens))

    def search(self, text: str, limit: int, where: str = "") -> dict[int, float]:
        """Row → BM25 score of the best `limit` passages holding a word of `text` (within `where`)."""
        if not text or limit <= 0:
            return {}
        hits = self.client.search(
            self.collection,
            data=[text],
            anns_field="sparse",
            limit=min(limit, MAX_WINDOW),
            filter=where,
            search_params={"metric_type": "BM25"},
            output_fields=["row"],
        )[0]
        # Milvus's BM25 carries a factor (k1 + 1) that bm25s leaves out; milvus-lite reports the score
        # negated (a distance), a server as it is.
        return {int(h["row"]): abs(float(h["distance"])) / (K1 + 1) for h in hits if h["distance"]}

    def document_frequency(self, term: str) -> int | None:
        """Passages holding every word of `term`, at most (the rarest word's count); None without a word."""
        words = tokenize(term)
        if not words:
            return None
        counts = []
        for word in dict.fromkeys(words):
            found = self.client.query(
                self.collection, filter=f"text_match(words, '{encode_words([word])}')", output_fields=["count(*)"]
            )
            counts.append(int(found[0]["count(*)"]))
        return min(counts)


class MilvusScores:
    """One question's BM25 scores on Milvus. An index that fits one request is scored whole, once;
    a larger one is asked for what is needed: a top-k, the scores of some rows, the best score."""

    def __init__(self, lexical: MilvusLexical, text: str) -> None:
        self.lexical, self.text = lexical, text
        self._whole = lexical.search(text, lexical.size) if lexical.size <= MAX_WINDOW else None

    def at(self, rows: np.ndarray) -> np.ndarray:
        found = self._whole
        if found is None:
            found = {}
            for start in range(0, len(rows), MAX_WINDOW):
                part = rows[start : start + MAX_WINDOW]
                found.update(self.lexical.search(self.text, len(part), _in(part)))
        return np.array([found.get(int(r), 0.0) for r in rows], dtype=np.float32)

    def top(self, k: int, among: RowSet | None = None) -> np.ndarray:
        if self._whole is not None:
            keep = None if among is None else set(among.rows.tolist())
            pool = self._whole if keep is None else {r: s for r, s in self._whole.items() if r in keep}
            best = sorted(pool, key=lambda r: -pool[r])[:k]
        else:
            best = list(self.lexical.search(self.text, k, _among(among)))
        return np.array(best, dtype=np.int64)

    def best(self) -> float:
        if self._whole is not None:
            return max(self._whole.values(), default=0.0)
        return max(self.lexical.search(self.text, 1).values(), default=0.0)
