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
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _width_char(ch: str) -> str:
    """NFKC (full-width → half-width) and lower case, for one character."""
    return unicodedata.normalize("NFKC", ch).lower()


def _group_follows(text: str, pos: int) -> bool:
    """Exactly three digits (any width) follow at `pos`: the comma before them groups thousands."""
    digits = "".join(_width_char(c) for c in text[pos : pos + 4])
    return digits[:3].isdigit() and not digits[3:4].isdigit() and len(digits) >= 3


class _WidthTable(dict[int, str]):
    """`_width_char` as a `str.translate` table, filled as characters are first met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _width_char(chr(code))
        return folded


class _AlignedTable(dict[int, str]):
    """`_width_char` where it folds one character to one; the character itself where it does not."""

    def __missing__(self, code: int) -> str:
        folded = _width_char(chr(code))
        self[code] = folded if len(folded) == 1 else chr(code)
        return self[code]


_WIDTH = _WidthTable()
_ALIGNED = _AlignedTable()


def _digit_comma(width: str) -> bool:
    """A comma between digits: it may group thousands, which only the slow path drops."""
    pos = width.find(",")
    while pos != -1:
        if width[pos - 1 : pos].isdigit() and width[pos + 1 : pos + 2].isdigit():
            return True
        pos = width.find(",", pos + 1)
    return False


def _simplified(width: str) -> str:
    simplified = _T2S.convert(width)
    if len(simplified) != len(width):
        simplified = "".join(_T2S.convert(c) for c in width)
    return simplified


def _quick_fold(text: str, width: str) -> str | None:
    """The fold of text that folds one character to one with no digit group (most text): its
    C-level translate (`width`), in simplified script. None when the map needs working out."""
    if len(width) == len(text) and not _digit_comma(width):
        return _simplified(width)
    return None


def _piecewise_fold(text: str, width: str) -> tuple[str, list[int]] | None:
    """`fold_with_map` in C-level pieces: one translate, then the map and the dropped digit-group
    commas worked out around the few characters that fold to several (㎡ → m2). None when a
    character folds to nothing (the character-by-character path handles that)."""
    odd = [c for c in set(text) if len(_WIDTH[ord(c)]) != 1]
    if any(not _WIDTH[ord(c)] for c in odd):
        return None
    index: list[int] = []
    start = 0
    if odd:
        for mark in re.finditer("[" + re.escape("".join(odd)) + "]", text):
            index.extend(range(start, mark.start()))
            index.extend([mark.start()] * len(_WIDTH[ord(mark.group())]))
            start = mark.end()
    index.extend(range(start, len(text)))
    # A comma that is a character's whole fold, after a digit, before exactly three: it groups thousands.
    drop, pos = [], width.find(",")
    while pos != -1:
        source = index[pos]
        if _WIDTH[ord(text[source])] == "," and width[pos - 1 : pos].isdigit() and _group_follows(text, source + 1):
            drop.append(pos)
        pos = width.find(",", pos + 1)
    if not drop:
        return width, index
    spans = list(zip([-1, *drop], [*drop, len(width)], strict=True))
    kept = "".join(width[a + 1 : b] for a, b in spans)
    return kept, [i for a, b in spans for i in index[a + 1 : b]]


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold `text` and return, for each folded character, the index of its source character.

    Width and digit groups fold per character; the script is converted over the whole text
    (phrases: 計畫 → 计划), kept only where it preserves length, so the map stays exact."""
    width = text.translate(_WIDTH)
    quick = _quick_fold(text, width)
    if quick is not None:
        return quick, list(range(len(text)))
    return _mapped_fold(text, width)


def _mapped_fold(text: str, width: str) -> tuple[str, list[int]]:
    """`fold_with_map` past its quick path (`width`: the text translated): in pieces where it can be,
    character by character where a character folds to nothing."""
    pieces = _piecewise_fold(text, width)
    if pieces is not None:
        return _simplified(pieces[0]), pieces[1]
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = _width_char(ch)
        if folded == "," and out and out[-1][-1:].isdigit() and _group_follows(text, i + 1):
            continue
        out.append(folded)
        index.extend([i] * len(folded))
    return _simplified("".join(out)), index


def fold(text: str) -> str:
    """Normalised text for matching (keeps whitespace, so word boundaries survive).

    Character by character, exactly as `fold_with_map`: a term folded here must be found in
    text folded there (phrase-level conversion would turn 計畫 into 计划 here, 计画 there)."""
    width = text.translate(_WIDTH)
    quick = _quick_fold(text, width)
    return quick if quick is not None else _mapped_fold(text, width)[0]


def fold_aligned(text: str) -> str:
    """`fold` that keeps every offset: a character whose fold is not one character stays as it is.

    For rules that find structure (headings, bylines) in either script and width and must
    report offsets into the original."""
    return _simplified(text.translate(_ALIGNED))


def squash(text: str) -> str:
    """`fold` without any whitespace: the form the evaluation's hit rule compares."""
    return _SPACE.sub("", fold(text))


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
