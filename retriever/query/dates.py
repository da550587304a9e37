"""Dates as the reports write them, and English dates in a question written that way ("7 April to
7 May 2021" → 2021年4月7日至5月7日), so a question can match a date whole."""

from __future__ import annotations

import re

# A year of these reports' span, as a question names it and as a passage dates its figures.
YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)")
# A date as the reports write it: "2021年4月7日至5月7日", "2022年12月底", "7月17日".
DATE = re.compile(
    # A part of a year is a date too: "2026年年底前", "2023年下半年", "2024年一季度".
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日(?:[至到-]\d{1,2}日)?)?|年[底末]|[上下]半年|[一二三四]季度)?"
    r"(?:[至到-]\d{0,4}年?\d{1,2}月(?:\d{1,2}日)?)?(?:底前?|前|以来)?"
    # Days of one month share it: "9月15日至21日".
    r"|\d{1,2}月\d{1,2}日(?:[至到-](?:\d{1,2}月)?\d{1,2}日)?|\d{4}-\d{1,2}-\d{1,2}"
)

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))


def _day_month(n: str) -> str:
    """ "7 April", "April 7", "April 7th": day and month in either order, then maybe the year."""
    return (
        rf"(?:(?P<d{n}a>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m{n}a>{_MONTH})\.?"
        rf"|(?P<m{n}b>{_MONTH})\.?\s+(?P<d{n}b>\d{{1,2}})(?:st|nd|rd|th)?\b)"
        rf"(?:,?\s*(?P<y{n}>(?:19|20)\d\d))?"
    )


_DATE_RANGE = re.compile(
    rf"\b{_day_month('1')}(?:\s*(?:to|until|till|through|-|–)\s*{_day_month('2')})?", re.IGNORECASE
)

# "in May 2021": a month of a year, where no day is named.
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def _day(m: re.Match[str], n: str) -> tuple[int, int] | None:
    month = m.group(f"m{n}a") or m.group(f"m{n}b")
    day = m.group(f"d{n}a") or m.group(f"d{n}b")
    if not month or not day or not 1 <= int(day) <= 31:
        return None
    return _MONTHS[month.lower().rstrip(".")], int(day)


def chinese_dates(question: str) -> list[str]:
    """The dates and date ranges an English question names, as the reports write them: with the
    year when the question gives one ("2021年4月7日至5月7日"), and without it ("4月7日至5月7日")."""
    return [form for forms in english_date_forms(question) for form in forms]


def english_date_forms(question: str) -> list[list[str]]:
    """Each date or date range an English question names, in its order, as the forms the reports
    write it in (with the year first when the question gives one); a month of a year on its own
    ("December 2023" → 2023年12月) where no day is named there."""
    out: list[list[str]] = []
    for m in _DATE_RANGE.finditer(question):
        first, second = _day(m, "1"), _day(m, "2")
        if first is None:
            continue
        year = m.group("y2") or m.group("y1")
        text = f"{first[0]}月{first[1]}日"
        if second is not None:
            text += f"至{second[0]}月{second[1]}日"
        out.append([f"{year}年{text}", text] if year else [text])
    days = [m.span() for m in _DATE_RANGE.finditer(question)]
    for m in _MONTH_YEAR.finditer(question):
        if not any(a <= m.start() < b for a, b in days):
            out.append([f"{m.group(2)}年{_MONTHS[m.group(1).lower().rstrip('.')]}月"])
    return out


def spelled_days(folded: str) -> list[str]:
    """A day the question spells out ("2021年4月7日至5月7日"): matched whole, not token by token."""
    return [m.group(0) for m in DATE.finditer(folded) if "日" in m.group(0)]
