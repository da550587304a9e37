"""One truth for text matching: traditional→simplified, full→half width, case, digit groups.

Every room matches on `fold(text)`; citations always show the original text. The
folding is character-aligned where it can be (`fold_with_map`), so a match in folded
text maps back to exact offsets in the source.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
# "3,177" and "3177" are the same number; a comma between digits before exactly three digits is a separator.
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """NFKC (full-width → half-width), then simplified script, then lower case, for one character."""
    nfkc = unicodedata.normalize("NFKC", ch)
    return _T2S.convert(nfkc).lower() if nfkc else nfkc


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold `text` and return, for each folded character, the index of its source character."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch == "," and _DIGIT_GROUP.match(text, i):
            continue
        folded = _fold_char(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def fold(text: str) -> str:
    """Normalised text for matching (keeps whitespace, so word boundaries survive)."""
    whole = _T2S.convert(unicodedata.normalize("NFKC", text)).lower()
    return _DIGIT_GROUP.sub("", whole)


def squash(text: str) -> str:
    """`fold` without any whitespace: the form the evaluation's hit rule compares."""
    return _SPACE.sub("", fold(text))


def to_simplified(text: str) -> str:
    """Script conversion only (for display of traditional questions' terms)."""
    return _T2S.convert(text)


def is_mostly_latin(text: str) -> bool:
    """True when a question is written in a Latin-script language (English here)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if c.isascii())
    return latin / len(letters) > 0.6


def is_traditional(text: str) -> bool:
    """True when converting to simplified changes the text: it uses traditional-only characters."""
    cjk = "".join(c for c in text if "\u4e00" <= c <= "\u9fff")
    return bool(cjk) and _T2S.convert(cjk) != cjk
