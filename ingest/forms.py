"""How the genre numbers its headings: one set of patterns for every rule that needs them.

Patterns match folded text (`normalize.fold_aligned`): full-width （一） and traditional script
number the same way as (一).
"""

from __future__ import annotations

import re

CN_NUM = "[一二三四五六七八九十]{1,3}"
# Heading numbers, outermost level first. Level 0 is one report inside a compilation (01山西省…).
HEADING_LEVELS: list[re.Pattern[str]] = [
    re.compile(r"\d{2}(?=[\u4e00-\u9fff]{2,12}?(?:省|自治区|市))"),
    re.compile(rf"{CN_NUM}、|第{CN_NUM}(?:章|部分)"),
    re.compile(rf"\({CN_NUM}\)"),
    re.compile(rf"{CN_NUM}是(?=[\u4e00-\u9fff“])|第{CN_NUM}条"),
    re.compile(r"(?:\d{1,2}[.、](?!\d)|\(\d{1,2}\))"),
    re.compile(r"[①-⑳]"),
]
# A line that opens with a heading number inside a report (level 0 needs the whole line: "12个沿海市县"
# opens a sentence, not a report).
HEADING_START = re.compile(r"^\s*(?:" + "|".join(p.pattern for p in HEADING_LEVELS[1:]) + ")")
