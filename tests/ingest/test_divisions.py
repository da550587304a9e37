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
        # A spelling too short to stand alone names the division with the word after it.
        ("Which river runs through Xixiu District?", "贵州", "西秀区"),
        ("How many dams did Mizhi County repair?", "陕西", "米脂县"),
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


def test_a_weak_spelling_names_the_one_place_the_reports_hold() -> None:
    gazetteer = get_gazetteer()
    question = "Which unit leads the well-closure work in Luyi?"  # "Luyi" is too short to name 鹿邑县 alone
    assert gazetteer.places_in(question) == []
    assert [p.canonical for p in gazetteer.weak_places(question, {"鹿邑县", "河南"})] == ["鹿邑县"]
    assert gazetteer.weak_places(question, {"河南"}) == []  # reports that hold no such place
    assert gazetteer.weak_places("Which unit leads the work in luyi?", {"鹿邑县"}) == []  # not a name


def test_a_shared_spelling_is_read_against_the_question_s_province() -> None:
    gazetteer = get_gazetteer()
    question = "What did Yuanjiang do about fishing?"  # 沅江 (Hunan) and 元江 (Yunnan) are both spelt so
    both = {"沅江市", "元江哈尼族彝族傣族自治县"}
    assert gazetteer.weak_places(question, both) == []
    assert [p.canonical for p in gazetteer.weak_places(question, both, ["湖南"])] == ["沅江市"]
    assert [p.canonical for p in gazetteer.weak_places(question, {"沅江市"})] == ["沅江市"]


def test_a_question_names_a_weak_spelling_s_province() -> None:
    from retriever.query.parse import parse_query

    query = parse_query("How many wells has Luyi sealed?", held_places={"鹿邑县", "河南"})
    assert (query.regions, query.places) == (["河南"], ["鹿邑县"])
    assert parse_query("How many wells has Luyi sealed?").places == []


@pytest.mark.parametrize(
    "question, held",
    [
        # One name in two words, not a spelling and what tells it from namesakes.
        ("How many complaints did the Inner Mongolia team hand over?", {"内蒙古"}),
        # The domain's own English: the Yangtze before it is 昌江县.
        ("How much Changjiang shoreline was restored?", {"昌江县", "海南"}),
    ],
)
def test_a_word_of_a_name_or_of_the_domain_is_no_weak_spelling(question: str, held: set[str]) -> None:
    assert get_gazetteer().weak_places(question, held) == []


def test_a_curated_place_s_bare_spelling_is_weak() -> None:
    # "Yulin Shaanxi" tells 榆林 from Guangxi's 玉林; bare, "Yulin" names whichever the reports hold.
    question = "How many complaints went to Yulin?"
    assert [p.canonical for p in get_gazetteer().weak_places(question, {"榆林", "陕西"})] == ["榆林"]
