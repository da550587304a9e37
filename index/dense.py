"""Dense half of hybrid search: e5 vectors in FAISS, with an embedding cache by content hash.

Vectors are L2-normalised, so inner product is cosine. Re-indexing unchanged text
costs nothing: every vector is cached under sha1(model name + passage text).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import faiss
import numpy as np

from index.model import PASSAGE_PROMPT, QUERY_PROMPT

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DIM = 384


class Encoder:
    """The e5 model behind `query:`/`passage:` prompts."""

    def __init__(self, model: SentenceTransformer, name: str, context_cache_size: int = 4096) -> None:
        self.model = model
        self.name = name
        # Short passage texts the reader compares with questions, kept across questions and index
        # generations (a re-index, or the same report in another layout, reads the same sentences).
        self._contexts: dict[str, np.ndarray] = {}
        self._context_cache_size = context_cache_size
        self._context_lock = threading.Lock()

    def contexts(self, texts: list[str]) -> list[np.ndarray]:
        """Passage vectors for short texts, from the cache where it has them."""
        with self._context_lock:
            found = {t: self._contexts[t] for t in texts if t in self._contexts}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            encoded = dict(zip(missing, self._encode(missing, PASSAGE_PROMPT), strict=True))
            found.update(encoded)
            with self._context_lock:
                if len(self._contexts) + len(encoded) > self._context_cache_size:
                    self._contexts.clear()
                self._contexts.update(encoded)
        return [found[t] for t in texts]

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, QUERY_PROMPT)

    def passages(
        self, texts: list[str], batch_size: int = 16, progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        out = []
        for i in range(0, len(texts), batch_size):
            batch = texts[i : i + batch_size]
            out.append(self._encode(batch, PASSAGE_PROMPT))
            if progress:
                progress(len(batch))
        return np.vstack(out) if out else np.zeros((0, DIM), dtype=np.float32)

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        vectors = self.model.encode(texts, prompt=prompt, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


class EmbeddingCache:
    """Passage vectors on disk, keyed by a hash of model name and text."""

    def __init__(self, path: Path, model_name: str) -> None:
        self.path = path
        self.model_name = model_name
        self.vectors: dict[str, np.ndarray] = {}
        self._load()

    def key(self, text: str) -> str:
        return hashlib.sha1(f"{self.model_name}\n{text}".encode()).hexdigest()

    def _load(self) -> None:
        keys_file, vec_file = self.path / "keys.json", self.path / "vectors.npy"
        if not (keys_file.is_file() and vec_file.is_file()):
            return
        try:
            keys = json.loads(keys_file.read_text())
            matrix = np.load(vec_file)
        except (ValueError, OSError):
            return  # a damaged cache only costs a re-embedding
        if len(keys) == len(matrix):
            self.vectors = dict(zip(keys, matrix, strict=True))

    def embed(
        self, encoder: Encoder, texts: list[str], batch_size: int, progress: Callable[[int], None] | None = None
    ) -> tuple[np.ndarray, int]:
        """Vectors for `texts`, computing only those not cached; returns (matrix, newly embedded)."""
        keys = [self.key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}.items())
        if progress:
            progress(len(texts) - len(missing))
        if missing:
            fresh = encoder.passages([t for _, t in missing], batch_size, progress)
            self.vectors.update(zip((k for k, _ in missing), fresh, strict=True))
        matrix = np.vstack([self.vectors[k] for k in keys]) if keys else np.zeros((0, DIM), np.float32)
        return matrix.astype(np.float32), len(missing)

    def save(self, keep: set[str] | None = None) -> None:
        """Write atomically; `keep` limits the cache to keys still in use."""
        items = [(k, v) for k, v in self.vectors.items() if keep is None or k in keep]
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.path, prefix=".tmp-"))
        np.save(tmp / "vectors.npy", np.vstack([v for _, v in items]) if items else np.zeros((0, DIM), np.float32))
        (tmp / "keys.json").write_text(json.dumps([k for k, _ in items]))
        os.replace(tmp / "vectors.npy", self.path / "vectors.npy")
        os.replace(tmp / "keys.json", self.path / "keys.json")
        tmp.rmdir()


class DenseIndex:
    """Exact inner-product search (the corpus is small; exact beats approximate here)."""

    def __init__(self, index: faiss.Index) -> None:
        self.index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        index = faiss.IndexFlatIP(vectors.shape[1] if vectors.size else DIM)
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query to every chunk, in chunk order."""
        n = self.index.ntotal
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        sims, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), n)
        out = np.zeros(n, dtype=np.float32)
        out[ids[0]] = sims[0]
        return out

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        return cls(faiss.read_index(str(path)))
