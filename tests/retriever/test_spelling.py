"""English pinyin spellings of the reports' Chinese names (`retriever.search.spelling`): a name no
glossary row can hold is read from the characters the reports use."""

from __future__ import annotations

from retriever import parse_query
from retriever.search.spelling import Speller

TEXTS = [
    "督察组点名大沙坊矮围面积达4万亩，圩堤没有拆除。",
    "2025年杞麓湖湖心国控点化学需氧量年均值降至34.2毫克/升。",
    "通海县第二污水处理厂日均处理水量8807吨。",
]


def test_a_pinyin_spelling_names_the_run_of_characters_the_reports_hold() -> None:
    speller = Speller(TEXTS)
    assert speller.spell("dashafang") == ["大沙坊"]
    assert speller.spell("qilu") == ["杞麓"]
    assert speller.spell("tonghai") == ["通海"]


def test_a_spelling_the_reports_do_not_hold_names_nothing() -> None:
    speller = Speller(TEXTS)
    assert speller.spell("wusheng") == []
    assert speller.spell("lake") == []  # one syllable at most ("la" "ke" are not both read here)


def test_a_spelling_that_fits_many_runs_names_nothing() -> None:
    # "shi" + "shi": every pair of characters read "shi" in these texts would be a name.
    speller = Speller(["实施是事实，市级试点十时示范，实时石狮世事"])
    assert speller.spell("shishi") == []


def test_an_english_question_searches_for_the_name_it_spells() -> None:
    speller = Speller(TEXTS)
    query = parse_query("How large is the Dashafang enclosure the inspectors singled out?", spell=speller.spell)
    assert ["大沙坊"] in query.groups
    # The question's first word and words the glossary holds are not read as names.
    assert parse_query("Tonghai plant: how much water?", spell=speller.spell).groups.count(["通海"]) == 0


def test_a_place_the_gazetteer_knows_is_not_read_again_as_a_name() -> None:
    # 河南 and its homophones ("和南") would be searched for beside the region the question names.
    speller = Speller(["河南省完成86项整改任务，和南方各省相比进度较快。"])
    query = parse_query("How many of Henan's 101 rectification tasks are complete?", spell=speller.spell)
    assert query.regions == ["河南"]
    assert not any("和南" in g for g in query.groups)
