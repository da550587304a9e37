"""Dense half of hybrid search: e5 vectors in FAISS, with an embedding cache by content hash.

Vectors are L2-normalised, so inner product is cosine. Re-indexing unchanged text
costs nothing: every vector is cached under sha1(model name + passage text).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from common.settings import Settings
from index.model import PASSAGE_PROMPT, QUERY_PROMPT, load_model
from index.onnx import OnnxEncoder, is_quantized, runnable_path

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DIM = 384
# The embedding cache: keys (sha1 hex) and vectors in one .npz, so they are replaced together.
CACHE_FILE = "vectors.npz"


class Encoder:
    """The e5 model behind `query:`/`passage:` prompts. Questions and the reader's short contexts run
    on ONNX Runtime when the folder holds the export (three times faster on a question); whole passages
    run on sentence-transformers, faster there (see index.onnx). The vectors agree to 1e-7."""

    def __init__(
        self,
        model: SentenceTransformer,
        name: str,
        context_cache_size: int = 4096,
        onnx: Path | None = None,
        threads: int = 2,
    ) -> None:
        self._model: SentenceTransformer | None = model
        self._loader: Callable[[], SentenceTransformer] | None = None
        self._model_lock = threading.Lock()
        self.name = name
        self._onnx_file = onnx if onnx is not None and onnx.is_file() else None
        self._onnx: OnnxEncoder | None = None
        self._threads = threads
        # Short passage texts the reader compares with questions, kept across questions and index
        # generations (a re-index, or the same report in another layout, reads the same sentences).
        self._contexts: OrderedDict[str, np.ndarray] = OrderedDict()
        self._context_cache_size = context_cache_size
        self._context_lock = threading.Lock()

    @classmethod
    def lazy(
        cls,
        loader: Callable[[], SentenceTransformer],
        name: str,
        context_cache_size: int = 4096,
        onnx: Path | None = None,
        threads: int = 2,
    ) -> Encoder:
        """An encoder that loads its model on first use: a re-index whose passages are all in the
        cache never pays the model's load time."""
        encoder = cls(None, name, context_cache_size, onnx, threads)  # type: ignore[arg-type]
        encoder._loader = loader
        return encoder

    @classmethod
    def from_settings(cls, settings: Settings, lazy: bool = False) -> Encoder:
        """The encoder the settings name: their model folder, on the backend they choose. On ONNX
        Runtime the PyTorch model is loaded only if something asks for it."""
        onnx = None
        if settings.encoder_backend == "onnx":
            onnx = runnable_path(settings.model_path, settings.encoder_quantized)
        args = (settings.model_name, settings.sentence_cache_size, onnx, settings.encoder_threads)
        if lazy or (onnx is not None and onnx.is_file()):
            return cls.lazy(lambda: load_model(settings.model_path), *args)
        return cls(load_model(settings.model_path), *args)

    @property
    def backend(self) -> str:
        """ "onnx-int8" (the export with 8-bit weights), "onnx" or "torch": what encodes a question."""
        if self._onnx_file is None:
            return "torch"
        return "onnx-int8" if is_quantized(self._onnx_file) else "onnx"

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            with self._model_lock:
                if self._model is None and self._loader is not None:
                    self._model = self._loader()
        assert self._model is not None
        return self._model

    def contexts(self, texts: list[str]) -> list[np.ndarray]:
        """Passage vectors for short texts, from the cache where it has them."""
        with self._context_lock:
            found = {t: self._contexts[t] for t in texts if t in self._contexts}
            for text in found:
                self._contexts.move_to_end(text)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            encoded = dict(zip(missing, self._encode(missing, PASSAGE_PROMPT), strict=True))
            found.update(encoded)
            self.remember_contexts(encoded)
        return [found[t] for t in texts]

    def remember_contexts(self, vectors: dict[str, np.ndarray]) -> None:
        """Short texts' vectors into the cache (just encoded, or kept on disk from an earlier start)."""
        with self._context_lock:
            self._contexts.update(vectors)
            while len(self._contexts) > self._context_cache_size:  # the least recently read go
                self._contexts.popitem(last=False)

    def cached_contexts(self) -> set[str]:
        """The short texts whose vectors the cache holds now."""
        with self._context_lock:
            return set(self._contexts)

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` in the model's own vocabulary (what a chat client's usage fields count)."""
        if not text:
            return 0
        if self._onnx_file is not None:
            return self._runtime().count_tokens(text)
        # verbose=False: a long text is only counted, never run through the model (no length warning).
        return len(self.model.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, QUERY_PROMPT)

    def passages(
        self, texts: list[str], batch_size: int = 4, progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        # Shortest first, in small batches: a batch is padded to its longest text and attention grows
        # with the square of the length, so sorted batches of 4 embed a corpus about twice as fast as
        # batches of 16 in corpus order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), DIM), dtype=np.float32)
        for i in range(0, len(order), batch_size):
            batch = order[i : i + batch_size]
            vectors[batch] = self._encode([texts[j] for j in batch], PASSAGE_PROMPT, short=False)
            if progress:
                progress(len(batch))
        return vectors

    def _encode(self, texts: list[str], prompt: str, short: bool = True) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        if short and self._onnx_file is not None:
            return self._runtime().encode([prompt + t for t in texts])
        vectors = self.model.encode(texts, prompt=prompt, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def _runtime(self) -> OnnxEncoder:
        if self._onnx is None:
            with self._model_lock:
                if self._onnx is None and self._onnx_file is not None:
                    self._onnx = OnnxEncoder(self._onnx_file, self._threads)
        assert self._onnx is not None
        return self._onnx


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
        try:
            if (self.path / CACHE_FILE).is_file():
                with np.load(self.path / CACHE_FILE, allow_pickle=False) as stored:
                    keys, matrix = stored["keys"].tolist(), stored["vectors"]
            else:  # the two-file layout of earlier versions, read once and rewritten as one file
                keys = json.loads((self.path / "keys.json").read_text())
                matrix = np.load(self.path / "vectors.npy", allow_pickle=False)
        except (ValueError, OSError, KeyError, zipfile.BadZipFile, EOFError):
            return  # missing or damaged: it only costs a re-embedding
        if matrix.shape == (len(keys), DIM):
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
        """Write keys and vectors as one file, replaced atomically: a crash mid-save leaves the old
        cache whole, never new vectors under old keys. `keep` limits it to keys still in use."""
        items = [(k, v) for k, v in self.vectors.items() if keep is None or k in keep]
        self.path.mkdir(parents=True, exist_ok=True)
        _drop_stale_temporaries(self.path)
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".tmp-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(
                    f,
                    keys=np.array([k for k, _ in items], dtype="U40"),
                    vectors=np.vstack([v for _, v in items]) if items else np.zeros((0, DIM), np.float32),
                )
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path / CACHE_FILE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _drop_stale_temporaries(folder: Path) -> None:
    """Temporary files a killed save left behind (an hour old: a live save is never that slow)."""
    for stale in folder.glob(".tmp-*"):
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 3600:
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink()
