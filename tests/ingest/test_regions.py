"""The gazetteer, region tags on the real corpus's chunks, and the text folding every room matches on."""

from __future__ import annotations

import pytest

from common.settings import ROOT, Settings
from common.types import Chunk, DocumentInfo, SourceText
from ingest import fold, fold_with_map, get_gazetteer, ingest_source, is_mostly_latin, is_traditional, squash
from ingest.read import read_document

CORPUS = ROOT / "corpus"
DEFAULTS = Settings()

Chunked = dict[str, tuple[str, DocumentInfo, list[Chunk]]]


@pytest.fixture(scope="module")
def chunked() -> Chunked:
    """Every corpus report: (text, document record, chunks), keyed by its 3-digit prefix."""
    out = {}
    for path in sorted(CORPUS.glob("*.txt")):
        source = read_document(path)
        info, chunks = ingest_source(source, DEFAULTS.chunk_chars, DEFAULTS.chunk_overlap, DEFAULTS.min_chunk_chars)
        out[path.name[:3]] = (source.text, info, chunks)
    return out


# --- gazetteer lookups -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("湖南", "湖南"),
        ("湖南省", "湖南"),
        ("Hunan", "湖南"),
        ("HUNAN", "湖南"),
        ("Hunan Province", "湖南"),
        ("广西", "广西"),
        ("廣西", "广西"),
        ("廣西壯族自治區", "广西"),
        ("Guangxi", "广西"),
        ("新疆", "新疆"),
        ("新疆維吾爾自治區", "新疆"),
        ("Xinjiang", "新疆"),
        ("青海", "青海"),
        ("浙江", "浙江"),
        ("海南", "海南"),
    ],
)
def test_provinces_by_simplified_traditional_and_english_names(name: str, province: str) -> None:
    place = get_gazetteer().lookup(name)
    assert place is not None, name
    assert place.level == "province"
    assert place.canonical == place.province == province


@pytest.mark.parametrize(
    ("name", "canonical", "province", "level"),
    [
        ("青田", "青田", "浙江", "county"),
        ("青田县", "青田", "浙江", "county"),
        ("丽水市", "丽水", "浙江", "city"),
        ("麗水", "丽水", "浙江", "city"),
        ("海东", "海东", "青海", "city"),
        ("西宁", "西宁", "青海", "city"),
        ("乌鲁木齐", "乌鲁木齐", "新疆", "city"),
        ("烏魯木齊", "乌鲁木齐", "新疆", "city"),
        ("长沙", "长沙", "湖南", "city"),
    ],
)
def test_places_map_to_their_province(name: str, canonical: str, province: str, level: str) -> None:
    place = get_gazetteer().lookup(name)
    assert place is not None, name
    assert (place.canonical, place.province, place.level) == (canonical, province, level)


def test_county_knows_its_parent_city() -> None:
    qingtian = get_gazetteer().lookup("青田")
    assert qingtian is not None
    assert qingtian.parent == "丽水"
    parent = get_gazetteer().lookup(qingtian.parent)
    assert parent is not None and parent.province == qingtian.province == "浙江"


@pytest.mark.parametrize("name", ["海南藏族自治州", "海南州"])
def test_hainan_prefecture_is_qinghai_not_hainan_province(name: str) -> None:
    gazetteer = get_gazetteer()
    place = gazetteer.lookup(name)
    assert place is not None
    assert place.province == "青海"
    assert place.level != "province"
    assert gazetteer.provinces_in(f"{name}共和县推进草原生态修复") == ["青海"]


def test_unknown_names_are_not_places() -> None:
    gazetteer = get_gazetteer()
    assert gazetteer.lookup("火星") is None
    assert gazetteer.provinces_in("督察整改工作取得明显成效") == []


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("歌乐山片区生态修复由哪个单位牵头", []),  # a mountain in Chongqing, not the city of 乐山
        ("缙云山和歌乐山", []),
        ("在乐山调研", ["乐山"]),
        ("赴乐山、成都检查", ["乐山"]),
        ("湖南省长沙市", ["长沙"]),
    ],
)
def test_a_city_name_inside_a_longer_word_is_not_that_city(text: str, places: list[str]) -> None:
    assert [p for p in get_gazetteer().places_in(text) if p in ("乐山", "长沙")] == places


def test_a_report_whose_title_names_its_region_keeps_it_beside_its_batch() -> None:
    """A city's disclosure that names its batch's provinces more than half as often as itself."""
    text = (
        "上海市第三轮中央生态环境保护督察整改落实情况公开\n"
        "本批次同批受督察的还有浙江、江西、湖北、湖南、重庆、云南6省市。上海市委、市政府高度重视，推进美丽上海建设。\n"
        "二、边督边改\n进驻期间，全市各区责令整改1284家，罚款3862.4万元。同批7省市已问责171人，其中湖北省135人。\n"
    )
    info, chunks = ingest_source(SourceText(doc="s.txt", text=text, fmt="txt"), 60, 0, 10)
    assert info.regions == ["上海"]
    assert all(chunk.regions[0] == "上海" for chunk in chunks)


def test_english_aliases_match_whole_words_only() -> None:
    gazetteer = get_gazetteer()
    assert gazetteer.provinces_in("What did hunan do about Dongting Lake?") == ["湖南"]
    assert gazetteer.provinces_in("Thunan and Hunanese and hunans") == []


def test_provinces_in_text_come_in_order_of_first_mention() -> None:
    gazetteer = get_gazetteer()
    text = "云南省和廣西、湖南省与Xinjiang,以及西宁市、青田县"
    assert gazetteer.provinces_in(text) == ["云南", "广西", "湖南", "新疆", "青海", "浙江"]
    assert gazetteer.places_in(text) == ["西宁", "青田"]


def test_provinces_list_is_the_province_level_regions() -> None:
    provinces = get_gazetteer().provinces
    assert len(provinces) == 34
    assert {"湖南", "广西", "新疆", "青海", "浙江", "海南", "山西", "云南"} <= set(provinces)


# --- region tags on the corpus's chunks ------------------------------------------------------


REPORT_PROVINCE = {
    "01": "山西",
    "02": "辽宁",
    "03": "安徽",
    "04": "江西",
    "05": "河南",
    "06": "湖南",
    "07": "广西",
    "08": "云南",
}


def test_every_hunan_report_chunk_leads_with_hunan(chunked: Chunked) -> None:
    _, _, chunks = chunked["001"]
    hunan = [c for c in chunks if c.section and c.section[0].startswith("06湖南省")]
    assert len(hunan) >= 5
    for c in hunan:
        assert c.regions[0] == "湖南", (c.id, c.regions)


def test_each_report_of_the_compilation_tags_its_own_province_first(chunked: Chunked) -> None:
    _, info, chunks = chunked["001"]
    assert info.regions == list(REPORT_PROVINCE.values())
    for c in chunks:
        if c.section and c.section[0][:2] in REPORT_PROVINCE:
            assert c.regions[0] == REPORT_PROVINCE[c.section[0][:2]], (c.id, c.section[0], c.regions)


def test_compilation_preface_is_tagged_with_the_provinces_it_names(chunked: Chunked) -> None:
    _, _, chunks = chunked["001"]
    preface = [c for c in chunks if not c.section]
    assert preface
    named = {r for c in preface for r in c.regions}
    assert set(REPORT_PROVINCE.values()) <= named


def test_xinjiang_report_that_says_only_wo_qu_is_tagged_xinjiang(chunked: Chunked) -> None:
    text, info, chunks = chunked["004"]
    assert "新疆" not in text and "我区" in text
    assert info.regions == ["新疆"]
    assert all(c.regions and c.regions[0] == "新疆" for c in chunks)
    assert any("乌鲁木齐" in c.places for c in chunks)


def test_qingtian_report_is_tagged_zhejiang(chunked: Chunked) -> None:
    _, info, chunks = chunked["003"]
    assert info.regions == ["浙江"]
    assert all(c.regions and c.regions[0] == "浙江" for c in chunks)
    assert any("青田" in c.places for c in chunks)


@pytest.mark.parametrize("key", ["000", "002"])
def test_qinghai_reports_are_tagged_qinghai(chunked: Chunked, key: str) -> None:
    _, info, chunks = chunked[key]
    assert info.regions == ["青海"]
    assert all(c.regions and c.regions[0] == "青海" for c in chunks)


def test_hainan_prefecture_in_a_qinghai_report_is_not_hainan_province(chunked: Chunked) -> None:
    _, _, chunks = chunked["002"]
    with_prefecture = [c for c in chunks if "海南州" in c.text]
    assert with_prefecture
    for c in with_prefecture:
        assert "海南" not in c.regions, (c.id, c.regions)
        assert "海南州" in c.places


def test_no_qinghai_chunk_is_tagged_hainan_province(chunked: Chunked) -> None:
    for key in ("000", "002"):
        _, _, chunks = chunked[key]
        for c in chunks:
            assert "海南" not in c.regions, (c.id, c.regions)


# --- folding ---------------------------------------------------------------------------------


def test_fold_traditional_to_simplified() -> None:
    assert fold("覆蓋率") == "覆盖率"
    assert fold("青海省第二輪中央生態環境保護督察") == "青海省第二轮中央生态环境保护督察"


def test_fold_full_width_to_half_width_and_lower_case() -> None:
    assert fold("（１２３）") == "(123)"
    assert fold("ＰＭ２．５") == "pm2.5"
    assert fold("Hunan") == "hunan"


def test_fold_drops_digit_group_separators_only() -> None:
    assert fold("3,177") == "3177"
    assert fold("1,234,567件") == "1234567件"
    assert fold("3，177") == "3177"  # full-width comma becomes "," first
    assert fold("12,3456") == "12,3456"  # not a thousands group
    assert fold("山西,辽宁") == "山西,辽宁"


def test_squash_removes_all_white_space() -> None:
    assert squash(" 覆 蓋率 \n 3,177\u3000件 ") == "覆盖率3177件"
    assert squash("Ｈｕｎａｎ  Province") == "hunanprovince"


def test_fold_with_map_points_back_to_source_offsets() -> None:
    source = "森林覆蓋率達到３,177公頃"
    folded, index = fold_with_map(source)
    assert folded == fold(source) == "森林覆盖率达到3177公顷"
    assert len(index) == len(folded)
    assert index == sorted(index)
    for needle, original in [("覆盖率", "覆蓋率"), ("3177", "３,177"), ("公顷", "公頃")]:
        at = folded.index(needle)
        start, end = index[at], index[at + len(needle) - 1] + 1
        assert source[start:end] == original


def test_fold_with_map_on_a_real_report_maps_matches_to_source(chunked: Chunked) -> None:
    text, _, _ = chunked["000"]
    folded, index = fold_with_map(text)
    assert len(index) == len(folded) == len(fold(text))
    assert index == sorted(index)
    for needle, original in [("森林覆盖率", "森林覆蓋率"), ("统筹推进整改落实工作", "統籌推進整改落實工作")]:
        at = folded.index(needle)
        assert text[index[at] : index[at + len(needle) - 1] + 1] == original


def test_fold_with_map_agrees_with_fold_on_every_report(chunked: Chunked) -> None:
    for text, _, _ in chunked.values():
        assert fold_with_map(text)[0] == fold(text)
    assert "行动计划" in fold_with_map("三年行動計畫")[0]


def test_script_and_language_detection() -> None:
    assert is_traditional("青海省森林覆蓋率是多少")
    assert not is_traditional("青海省森林覆盖率是多少")
    assert not is_traditional("How many petitions did Hunan close?")
    assert is_mostly_latin("How many petitions did Hunan close?")
    assert not is_mostly_latin("湖南信访件办结了多少件")
