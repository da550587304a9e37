"""Priming: the reader's contexts of a loaded index, encoded in the background and kept on disk.

A question whose reader's contexts are new pays their encoding (about 17 ms a question on the five
reports, a third of its time); primed, it pays nothing. A server primes each index it loads: the
context of every figure, date, title and sentence of every passage (`every_context`). The vectors are
kept in the cache folder by text, so a restart over the same reports encodes none of them again.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import threading
from collections.abc import Callable

from common.settings import Settings
from index.dense import EmbeddingCache, Encoder
from retriever.reader import every_context
from retriever.search.hybrid import Searcher

log = logging.getLogger("duchaqa")

# Priming threads running, and the flag that stops them at exit: a thread still inside ONNX
# Runtime when the interpreter finalises aborts the process (exit code 134).
_RUNNING: set[threading.Thread] = set()
_EXITING = threading.Event()


@atexit.register
def _stop_priming() -> None:
    _EXITING.set()
    for thread in list(_RUNNING):
        thread.join(timeout=10)


class Primer:
    """Encodes an index's contexts in a thread of its own, one index at a time."""

    def __init__(self, settings: Settings, encoder: Encoder) -> None:
        self.settings = settings
        self.encoder = encoder
        self._thread: threading.Thread | None = None

    @property
    def warming(self) -> bool:
        """Whether the contexts of the index last loaded are still being encoded."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the encoding to end (figures of a server at work, not one starting); whether it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.warming

    def start(self, searcher: Searcher, current: Callable[[], Searcher | None]) -> None:
        """Prime `searcher`'s contexts while `current()` is still it. At most half the encoder's cache
        is primed, so that the questions' own contexts keep their room, and only on an index of no
        more passages than that: on a larger one a few passages' worth would help no one."""
        limit = min(self.settings.reader_prime_contexts, self.settings.sentence_cache_size // 2)
        if limit <= 0 or len(searcher.chunks) > limit:
            return
        self._thread = threading.Thread(target=self._prime, args=(searcher, current, limit), name="prime", daemon=True)
        _RUNNING.add(self._thread)
        self._thread.start()

    def _prime(self, searcher: Searcher, current: Callable[[], Searcher | None], limit: int) -> None:
        window, batch = self.settings.reader_window, self.settings.reader_prime_batch
        try:
            every = dict.fromkeys(t for chunk in searcher.chunks for t in every_context(chunk, window))
            texts = list(itertools.islice(every, limit))
            store = self._store()
            keys = {t: store.key(t) for t in texts}
            kept = {t: store.vectors[k] for t, k in keys.items() if k in store.vectors}
            self.encoder.remember_contexts(kept)
            missing = [t for t in texts if t not in kept]
            for start in range(0, len(missing), batch):
                # A newer index took over (it primes its own), or the process is ending.
                if current() is not searcher or _EXITING.is_set():
                    return
                self.encoder.contexts(missing[start : start + batch])
            if missing:  # this index's contexts, for the next start over the same reports
                store.vectors = {keys[t]: v for t, v in zip(texts, self.encoder.contexts(texts), strict=True)}
                store.save()
        except Exception:  # priming only saves time: a failure is logged, and questions encode their own
            log.exception("priming the reader's contexts failed")
        finally:
            _RUNNING.discard(threading.current_thread())

    def _store(self) -> EmbeddingCache:
        """The contexts' vectors on disk, apart for each way of encoding them (8-bit ones differ)."""
        folder = self.settings.cache_dir / f"contexts-{self.encoder.backend}"
        return EmbeddingCache(folder, f"{self.encoder.name}\ncontext")
