"""Every county-level division of China from jionlp's table, without reading ordinary words as places."""

from __future__ import annotations

import pytest

from ingest.divisions import DIVISIONS_PATH, ends_a_word, generate_rows
from ingest.regions import get_gazetteer


def test_the_snapshot_is_what_the_installed_dataset_gives() -> None:
    rows = [line for line in DIVISIONS_PATH.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert rows == generate_rows()
    assert len(rows) > 2000


@pytest.mark.parametrize(
    ("text", "province", "place"),
    [
        ("宜宾市叙州区完成长江岸线整治", "四川", "叙州区"),  # a district, never the like-sounding 徐州
        ("运输后倾倒在临安区太阳村附近", "浙江", "临安区"),
        ("督察指出，威宁县县城发展与草海保护矛盾突出", "贵州", "威宁彝族回族苗族自治县"),
        ("乌梁素海位于乌拉特前旗境内", "内蒙古", "乌拉特前旗"),
    ],
)
def test_counties_and_districts_everywhere_are_places(text: str, province: str, place: str) -> None:
    gazetteer = get_gazetteer()
    assert gazetteer.provinces_in(text) == [province]
    assert place in gazetteer.places_in(text)
    assert "江苏" not in gazetteer.provinces_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "优先推进新建区域雨污分流改造",  # 新建区 (南昌) is not read inside 新建区域
        "创建国家生态文明建设示范县",  # 范县: too short to stand alone
        "城区污水管网和开发区管网全部完成改造",  # ordinary words
    ],
)
def test_ordinary_words_are_not_places(text: str) -> None:
    assert get_gazetteer().provinces_in(text) == []


def test_a_mention_must_end_where_a_word_ends() -> None:
    assert ends_a_word("南昌市新建区开展整治", 6)
    assert not ends_a_word("新建区域", 3)


@pytest.mark.parametrize(
    ("question", "province", "place"),
    [
        ("How many distilleries in Renhuai finished the upgrade?", "贵州", "仁怀市"),
        ("What does Yuhuan's plan target for sewage treatment?", "浙江", "玉环市"),
        ("Which unit leads the work in Huangpi District?", "湖北", "黄陂区"),
    ],
)
def test_english_questions_name_counties_by_their_pinyin(question: str, province: str, place: str) -> None:
    gazetteer = get_gazetteer()
    assert gazetteer.provinces_in(question) == [province]
    assert gazetteer.places_in(question) == [place]


def test_a_spelling_that_is_an_english_word_is_no_alias() -> None:
    # 贵定县 is spelt "Guiding", which English questions use as a word.
    assert get_gazetteer().places_in("What guiding principles did the plan set?") == []


@pytest.mark.parametrize(
    "question",
    [
        "How clean is the Chishui River this year?",  # 赤水市 shares the river's spelling
        "What was found in Wusheng village?",  # a village, not 武胜县
    ],
)
def test_a_spelling_before_a_feature_or_village_names_no_county(question: str) -> None:
    from retriever.query.parse import parse_query

    assert parse_query(question).places == []
