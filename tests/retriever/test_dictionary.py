"""The general dictionary (CC-CEDICT) behind the glossary: what it gives an English word the
glossary lacks, what it gives nothing, and how a question carries its renderings."""

from __future__ import annotations

import subprocess
import sys

import pytest

from common.settings import ROOT
from retriever import Pipeline, parse_query
from retriever.query.dictionary import dictionary_terms


@pytest.mark.parametrize(
    ("word", "rendering"),
    [("mailbox", "信箱"), ("presided", "主持"), ("tunnels", "坑道"), ("stockpiles", "储存"), ("developer", "开发商")],
)
def test_a_word_the_glossary_lacks_gets_its_chinese_renderings(word: str, rendering: str) -> None:
    found = dictionary_terms(word, 4)
    assert rendering in found
    assert 1 <= len(found) <= 4
    assert all(len(t) >= 2 for t in found)  # one character says too little to look for


def test_the_commonest_rendering_comes_first_in_a_fresh_process() -> None:
    """Ordered by jieba's word frequencies, which exist only once jieba has loaded its dictionary:
    in a process that has not tokenised anything yet (a server's first English question) the
    order was alphabetical ("die" → 一命呜呼 before 死亡). "died" is read as "die"."""
    code = "from retriever.query.dictionary import dictionary_terms; print(dictionary_terms('died', 2))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "['死亡', '去世']"


@pytest.mark.parametrize("word", ["the", "which", "combined", "december", "roughly", "go", "2021"])
def test_function_words_months_and_short_words_get_nothing(word: str) -> None:
    assert dictionary_terms(word, 4) == []


def test_a_question_reads_its_renderings_but_does_not_search_for_them() -> None:
    question = "Who hosted the feedback meeting of the inspection team in Zhejiang?"
    query = parse_query(question, dictionary=4)
    hosted = next(g for g in query.groups if "主持" in g)  # "hosted": no glossary row
    assert hosted[0] in query.looked_up
    assert not set(hosted) & set(query.terms)  # BM25 and the dense rewrite keep to the glossary
    assert not parse_query(question).looked_up  # off unless asked for


def test_the_searcher_keeps_only_renderings_the_reports_use_rarely(pipeline: Pipeline) -> None:
    query = parse_query("Who presided over the meeting where the lucid report was delivered in Hunan?", dictionary=4)
    assert query.looked_up
    pipeline.searcher.weigh_terms(query)
    kept = [g for g in query.groups if g[0] in query.looked_up]
    assert all(query.weights[g[0]] > 0 for g in kept)
    assert len(kept) <= len(query.looked_up)
    assert not any("头脑清楚" in g for g in query.groups)  # "lucid": no report says it
