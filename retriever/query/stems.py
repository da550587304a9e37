"""English stems, as the glossary and the dictionary look words up ("inspections" is "inspect")."""

from __future__ import annotations

import threading

import snowballstemmer

# A snowball stemmer keeps its word in its own fields while it works: one per thread, or two
# questions answered at once corrupt each other's stems (an IndexError under load).
_STEMMERS = threading.local()


def stem(word: str) -> str:
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word.lower())
