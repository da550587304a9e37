"""The core promise on known questions, in all three languages: the right value, cited."""

from __future__ import annotations

import pytest

from retriever import NOT_FOUND, Pipeline, QuestionError, parse_query

HUNAN_DOC = "001_d25812755243d715.txt"


@pytest.mark.parametrize(
    "question",
    ["How many petitions did Hunan close?", "湖南信访件办结了多少件", "湖南信訪件辦結了多少件"],
)
def test_hunan_closed_petitions_in_every_script(pipeline: Pipeline, question: str) -> None:
    result = pipeline.ask(question, 5)
    assert not result.answer.abstained
    assert "3177" in result.answer.answer
    assert result.hits[0].chunk.doc == HUNAN_DOC
    assert "湖南" in result.hits[0].chunk.regions
    # The answer's offsets point at the value in the cited document.
    text = pipeline.document_texts()[result.answer.doc]
    assert text[result.answer.start : result.answer.end] == result.answer.answer


def test_english_reaches_chinese_text_through_the_glossary() -> None:
    query = parse_query("What forest coverage did Qinghai reach?")
    assert query.lang == "en"
    assert query.regions == ["青海"]
    assert "森林覆盖率" in query.terms


def test_traditional_question_is_detected_and_folded() -> None:
    query = parse_query("青海森林覆蓋率提高到了多少")
    assert query.lang == "zh-hant"
    assert "森林覆盖率" in query.folded


def test_traditional_document_answers_a_simplified_question(pipeline: Pipeline) -> None:
    result = pipeline.ask("青海森林覆盖率提高到了多少", 5)
    assert not result.answer.abstained
    assert "7.5%" in result.answer.answer
    assert result.hits[0].chunk.doc.startswith("000_")


def test_region_below_province_reaches_its_report(pipeline: Pipeline) -> None:
    query, hits = pipeline.search("青田县空气优良率保持多少", 3)
    assert query.places == ["青田"]
    assert hits[0].chunk.doc.startswith("003_")


def test_report_that_names_itself_only_as_we_still_has_its_region(pipeline: Pipeline) -> None:
    result = pipeline.ask("How many people were held accountable in Xinjiang during the inspection?", 5)
    assert result.hits[0].chunk.doc.startswith("004_")
    assert "985" in result.answer.answer


def test_comparison_cites_each_part(pipeline: Pipeline) -> None:
    result = pipeline.ask("Which closed more petitions, Shanxi or Henan?", 5)
    regions = {h.chunk.regions[0] for h in result.hits[:4]}
    assert {"山西", "河南"} <= regions
    assert result.answer.intent == "compare"
    assert {p.region for p in result.answer.parts} == {"山西", "河南"}


@pytest.mark.parametrize(
    "question",
    [
        "How many petitions did Sichuan close after the inspection?",  # a province the reports do not cover
        "西藏森林覆盖率达到多少",  # another one, in Chinese
        "缙云县整改任务完成多少项",  # a county they do not mention
        "云南抚仙湖2022年水质达到几类",  # a lake no passage names, inside a province they cover
    ],
)
def test_abstains_when_the_reports_do_not_say(pipeline: Pipeline, question: str) -> None:
    result = pipeline.ask(question, 5)
    assert result.answer.abstained
    assert result.answer.answer == NOT_FOUND
    assert result.hits, "related passages are still offered"


def test_a_figure_given_for_another_year_is_not_vouched_for(pipeline: Pipeline) -> None:
    """The paragraph's figures are 2021's: the reader withholds it or says it is more likely wrong."""
    answer = pipeline.ask("河南2022年PM10浓度是多少", 5).answer
    assert answer.abstained or answer.confidence < 0.5, answer


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001, "\x00\x01", "？？！"])
def test_bad_questions_are_refused_clearly(pipeline: Pipeline, question: str) -> None:
    with pytest.raises(QuestionError):
        pipeline.ask(question)


def test_an_answer_is_kept_for_its_index_generation_only(pipeline: Pipeline) -> None:
    question = "湖南问责多少人"
    first = pipeline.ask(question, 5)
    # Asked again (the default k is the same key), the kept answer comes back whole, with its own time.
    kept = pipeline.ask(question)
    assert kept.answer is first.answer and kept.hits == first.hits
    assert kept.timings_ms["total"] < first.timings_ms["total"]
    assert pipeline.ask(question, 4).answer is not first.answer
    pipeline.reload()  # a new index generation: nothing kept from the old one is served
    again = pipeline.ask(question, 5)
    assert again.answer is not first.answer
    assert (again.answer.answer, [h.chunk.id for h in again.hits]) == (
        first.answer.answer,
        [h.chunk.id for h in first.hits],
    )
