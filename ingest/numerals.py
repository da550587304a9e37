"""One reader of figures in every form the reports write them: 3321件, 3,321件, ３３２１件,
三千三百二十一件, 百分之九十八点六, 二〇二一年, 1.2万亩, 3.5亿元.

Chinese numerals are read by cn2an; the rest is folding (full width, digit groups) and the
multipliers 万 and 亿 the genre writes after a figure.
"""

from __future__ import annotations

import re

import cn2an

from ingest.normalize import fold

# Characters of a Chinese numeral, and the pattern of one (with a decimal part, or as a percentage).
CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
CN_FIGURE = rf"百分之[{CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?|[{CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_CHINESE = re.compile(CN_FIGURE)
_MULTIPLIER = {"万": 1e4, "亿": 1e8}
# Below this, a Chinese numeral counts parts of a text ("四个方面", "两个基地") more often than a quantity.
STRUCTURE_BELOW = 10


def to_number(text: str) -> float | None:
    """The first figure of `text` as a number (a percentage as its percent value), or None."""
    folded = fold(text)
    arabic = _ARABIC.search(folded)
    chinese = _CHINESE.search(folded)
    if arabic and (not chinese or arabic.start() <= chinese.start()):
        value = float(arabic.group(0))
        after = folded[arabic.end() : arabic.end() + 2].lstrip("余多")  # "2000多万元" is 2000万
        return value * _MULTIPLIER.get(after[:1], 1.0)
    if chinese:
        return _chinese_value(chinese.group(0))
    return None


def _chinese_value(numeral: str) -> float | None:
    body = numeral.removeprefix("百分之")
    try:
        return float(cn2an.cn2an(body, "smart"))
    except (ValueError, KeyError):
        # A run of digit characters (二〇二一) rather than a numeral with place values.
        digits = "".join(str("〇一二三四五六七八九".find(c)) if c in "〇一二三四五六七八九" else "" for c in body)
        return float(digits) if digits and len(digits) == len(body) else None


def count_of(token: str) -> int | None:
    """A whole token that is a count (8, 八, 两, 十二) as an integer, or None."""
    if token.isdigit():
        return int(token)
    if not token or not all(c in CN_DIGITS for c in token) or token[-1] in "万亿":
        return None
    number = _chinese_value(token)
    return int(number) if number is not None and number == int(number) else None


def is_structure(value: str) -> bool:
    """A figure written only in small Chinese numerals ("四个方面"): more likely a text's parts."""
    if any(c.isdigit() for c in value):
        return False
    number = to_number(value)
    return number is None or (number < STRUCTURE_BELOW and "百分之" not in value)


def with_arabic(value: str) -> str:
    """A figure written in Chinese numerals, followed by its digits: 百分之九十八点六（98.6%）."""
    if any(c.isdigit() for c in value) or not _CHINESE.search(value):
        return value
    try:
        digits = cn2an.transform(value, "cn2an")
    except (ValueError, KeyError):
        return value
    return f"{value}（{digits}）" if digits != value and any(c.isdigit() for c in digits) else value
