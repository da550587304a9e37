"""English dates are written the way the reports write them, so they can be matched whole."""

import pytest

from retriever.query.dates import DATE, chinese_dates
from retriever.query.parse import parse_query


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which provinces were inspected from 7 April to 7 May 2021?", ["2021年4月7日至5月7日", "4月7日至5月7日"]),
        ("Was it July 17, 2021 or July 20?", ["2021年7月17日", "7月17日", "7月20日"]),
        ("What happened on 2nd January 2018?", ["2018年1月2日", "1月2日"]),
        ("Apr 6th - May 6th, 2021", ["2021年4月6日至5月6日", "4月6日至5月6日"]),
        ("How many were closed by the end of March 2019?", ["2019年3月"]),
        ("How many petitions did Hunan close?", []),
        ("What changed on 35 March?", []),
    ],
)
def test_english_dates_in_the_reports_form(question: str, expected: list[str]) -> None:
    assert chinese_dates(question) == expected


def test_a_day_is_a_literal_but_a_month_is_only_a_term() -> None:
    day = parse_query("Which provinces were inspected from 7 April to 7 May 2021?")
    assert "2021年4月7日至5月7日" in day.literals
    assert ["2021年4月7日至5月7日", "4月7日至5月7日"] in day.groups
    month = parse_query("How many tasks were done by the end of March 2019?")
    assert month.literals == []
    assert ["2019年3月"] in month.groups
    assert "2019年3月" not in month.focus  # a date says when, not what is asked


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("并于9月15日至21日下沉督察", "9月15日至21日"),  # days of one month share it
        ("2020年9月15日至21日", "2020年9月15日至21日"),
        ("2018年6月5日至7月5日", "2018年6月5日至7月5日"),
        ("计划于2026年年底前完成验收", "2026年年底前"),  # a part of a year is a date of its own
        ("于2023年下半年通水调试", "2023年下半年"),
        ("2022年12月底前完成", "2022年12月底前"),  # a deadline whole, as "2026年年底前" is
    ],
)
def test_a_date_is_read_whole(text: str, date: str) -> None:
    assert [m.group(0) for m in DATE.finditer(text)] == [date]
