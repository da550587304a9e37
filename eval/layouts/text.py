"""Plain-text layouts: traditional script, PDF-style hard wrapping, news bylines, and what a text says of itself."""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import opencc

# A date written in the body (2024年4月4日, 2024-04-04, 2024.4.4); the first one stands for the document's date.
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")
# "来源：中国环境报" names the publisher outright; a short signature line ending in an office's name does so too.
_SOURCE = re.compile(r"来源[：:]\s*([^\s　，。；|]{2,20})")
_OFFICES = "人民政府|生态环境厅|生态环境局|生态环境部|委员会|办公室|领导小组|日报|环境报"
_OFFICE = re.compile(rf"^[^\s，。；：:]{{2,24}}(?:{_OFFICES})$")


def pick(name: str, n: int) -> int:
    """A choice among n that depends only on a name: crc32 is the same in every process, hash() is not."""
    return zlib.crc32(name.encode("utf-8")) % n


def title_of(text: str) -> str:
    """The first non-empty line, which every layout treats as the title."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def body_of(text: str) -> str:
    """Everything after the title line."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    return "\n".join(lines[first + 1 :])


def find_date(text: str) -> str | None:
    """The first date in the text as YYYY-MM-DD, or None."""
    m = _DATE.search(text)
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def find_publisher(text: str) -> str | None:
    """A publisher the text names: its 来源 field, else a signature line ending in an office's name."""
    m = _SOURCE.search(text)
    if m:
        return m[1]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return next((line for line in reversed(lines[1:]) if _OFFICE.match(line)), None)


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    # Building the converter loads its dictionaries: do it once.
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """The text in traditional script (OpenCC s2t), as a Hong Kong or Taiwan re-post would have it."""
    return _s2t().convert(text)


def hard_wrap(text: str, width: int) -> str:
    """Every line longer than width cut into lines of width characters, as text copied out of a PDF is."""
    if width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    out: list[str] = []
    for line in text.split("\n"):
        out.extend([line[i : i + width] for i in range(0, len(line), width)] or [""])
    return "\n".join(out)


# The shapes bylines take on Chinese news and government sites; {cn} is the date written 2024年04月04日.
BYLINES = (
    ("来源：{source}  发布时间：{date}{author}", "【字体：大 中 小】【打印】【关闭】"),
    ("{cn}  来源：{source}{author}", "【字体：大 中 小】 【打印】"),
    ("发布时间：{date}  来源：{source}{author}  浏览次数：{views}", "【打印本页】【关闭窗口】"),
    ("{source}  {cn}{author}", "【字号 大 中 小】【打印】【关闭】"),
)


def _cn_date(date: str) -> str:
    # 2024-04-04 10:21 → 2024年04月04日 10:21; any other shape is kept as it is.
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(.*)$", date)
    return f"{m[1]}年{m[2]}月{m[3]}日{m[4]}" if m else date


def byline(*, source: str, date: str, author: str = "", style: int = 0) -> tuple[str, str]:
    """The two byline lines (source and date; font-size and print links) in shape style."""
    head, tools = BYLINES[style % len(BYLINES)]
    views = 100 + pick(source + date, 9900)
    by = f"  作者：{author}" if author else ""
    line = head.format(source=source, date=date, cn=_cn_date(date), author=by, views=views)
    return line, tools


def with_byline(text: str, *, source: str, date: str, author: str = "", style: int = 0) -> str:
    """The text with a news byline (in shape style) inserted after its title line."""
    lines = text.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.strip()), 0)
    return "\n".join([*lines[:at], *byline(source=source, date=date, author=author, style=style), *lines[at:]])
