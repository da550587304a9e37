"""The two halves of hybrid search on a Milvus collection: HNSW top-k with passage vectors read back,
and BM25 over the sparse field, scored as bm25s scores."""

from __future__ import annotations

import json
import threading

import numpy as np
from pymilvus import MilvusClient

from index.ann import RowSet
from index.dense import DIM
from index.lexical import ScoreArray, tokenize
from index.milvus.client import K1, MAX_WINDOW, encode_words


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
    """One question's BM25 scores on Milvus. An index that fits one request is scored whole, once, and
    read as the FAISS engine reads bm25s's scores; a larger one is asked for what is needed: a top-k,
    the scores of some rows, the best score."""

    def __init__(self, lexical: MilvusLexical, text: str) -> None:
        self.lexical, self.text = lexical, text
        self._whole: ScoreArray | None = None
        if lexical.size <= MAX_WINDOW:
            values = np.zeros(lexical.size, dtype=np.float32)
            for row, score in lexical.search(text, lexical.size).items():
                values[row] = score
            self._whole = ScoreArray(values)

    def at(self, rows: np.ndarray) -> np.ndarray:
        if self._whole is not None:
            return self._whole.at(rows)
        found: dict[int, float] = {}
        for start in range(0, len(rows), MAX_WINDOW):
            part = rows[start : start + MAX_WINDOW]
            found.update(self.lexical.search(self.text, len(part), _in(part)))
        return np.array([found.get(int(r), 0.0) for r in rows], dtype=np.float32)

    def top(self, k: int, among: RowSet | None = None) -> np.ndarray:
        if self._whole is not None:
            return self._whole.top(k, among)
        return np.array(list(self.lexical.search(self.text, k, _among(among))), dtype=np.int64)

    def best(self) -> float:
        if self._whole is not None:
            return self._whole.best()
        return max(self.lexical.search(self.text, 1).values(), default=0.0)
