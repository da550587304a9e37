"""Give memory a large build has freed back to the system.

glibc keeps freed heap pages for reuse by the process, so the millions of short-lived lists and
numbers of a large BM25 indexing stay in the process's resident size after they are gone: at a
million passages that is gigabytes a serving process never reuses. `malloc_trim` returns them.
Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_freed() -> bool:
    """Return freed heap memory to the system; True when any was returned."""
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False
