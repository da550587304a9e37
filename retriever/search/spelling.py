"""English spellings of the Chinese names the reports hold ("Dashafang", "Qilu Lake", "Tonghai").

An English question names a lake, a village, a polder or a company by the pinyin of its Chinese
name, which no glossary can list. The reports at hand say which Chinese that spelling stands for:
the word is cut into pinyin syllables, each syllable stands for the characters of the reports that
read so, and the runs of such characters the reports hold are the name. A spelling that fits many
different runs (a common word read as pinyin) names nothing. In a large index the names are read
from the passages it scores whole (`exact_search_max`), not from every passage.
"""

from __future__ import annotations

import re

from common.settings import get_settings
from ingest.pinyin import readings

_CJK = re.compile(r"[\u4e00-\u9fff]")


class Speller:
    """Chinese names of the reports (their folded passage texts) for English pinyin spellings."""

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts
        self._chars: dict[str, str] | None = None  # syllable → the characters of the reports that read so
        self._found: dict[str, list[str]] = {}

    def spell(self, word: str) -> list[str]:
        """The Chinese names `word` (lowercase letters) spells in the reports, most frequent first;
        [] when it fits none, or too many to name one."""
        if word not in self._found:
            if len(self._found) >= get_settings().spelling_cache_size:  # many clients' words: kept bounded
                self._found.clear()
            self._found[word] = self._spell(word)
        return self._found[word]

    def _spell(self, word: str) -> list[str]:
        settings = get_settings()
        counts: dict[str, int] = {}
        for syllables in self._segmentations(word, settings.spelling_max_syllables):
            pattern = re.compile("".join(f"[{self._syllables()[s]}]" for s in syllables))
            for text in self._texts:
                for m in pattern.finditer(text):
                    counts[m.group()] = counts.get(m.group(), 0) + 1
        if not counts or len(counts) > settings.spelling_max_names:
            return []
        return sorted(counts, key=lambda name: -counts[name])

    def _syllables(self) -> dict[str, str]:
        """Every reading of every character the reports use (read once, at the first spelling)."""
        if self._chars is None:
            chars: dict[str, set[str]] = {}
            for char in {c for text in self._texts for c in _CJK.findall(text)}:
                for reading in readings(char):
                    chars.setdefault(reading, set()).add(char)
            self._chars = {s: "".join(sorted(cs)) for s, cs in chars.items()}
        return self._chars

    def _segmentations(self, word: str, most: int) -> list[tuple[str, ...]]:
        """The ways `word` cuts into two to `most` syllables the reports' characters read."""
        known = self._syllables()
        cuts: list[tuple[str, ...]] = []

        def cut(rest: str, done: tuple[str, ...]) -> None:
            if not rest:
                if len(done) >= 2:
                    cuts.append(done)
                return
            if len(done) == most:
                return
            for end in range(min(len(rest), 6), 0, -1):
                if rest[:end] in known:
                    cut(rest[end:], (*done, rest[:end]))

        cut(word, ())
        return cuts
