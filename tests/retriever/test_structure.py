"""Which figure of a sentence a question asks: changes, series read respectively, labelled items."""

from __future__ import annotations

import pytest

from retriever.query.parse import parse_query
from retriever.reader.structure import bindings
from retriever.reader.values import folded


def _reading(question: str, sentence: str, figure: str, weights: dict[str, float] | None = None) -> dict[str, float]:
    """`weights`: the terms' rarity, which the searcher fills in from the corpus (even without)."""
    query = parse_query(question)
    query.weights.update(weights or {})
    body = folded(sentence)
    return bindings(query, body, body.index(folded(figure)))


@pytest.mark.parametrize(
    ("question", "sentence", "reached", "left"),
    [
        ("某县的砖厂还剩多少家？", "全县砖厂由120家关停整合到35家。", "35家", "120家"),
        ("How many heavy-pollution days did the city have in 2023?", "重污染天数从上年的9天降至3天。", "3天", "9天"),
        # The date the level is reached by stands between 到 and the level.
        ("县城污水收集率提到了多少？", "县城污水收集率由督察时的3.2%提高到2024年10月的46.8%。", "46.8%", "3.2%"),
    ],
)
def test_a_change_binds_the_level_reached(question: str, sentence: str, reached: str, left: str) -> None:
    assert _reading(question, sentence, reached)["transition"] == 1.0
    assert _reading(question, sentence, left)["transition"] == -1.0


def test_a_question_about_the_level_left_is_bound_to_it() -> None:
    question, sentence = "整治前原来有多少家砖厂？", "全县砖厂由120家关停整合到35家。"
    assert _reading(question, sentence, "120家")["transition"] == 1.0
    assert _reading(question, sentence, "35家")["transition"] == -1.0


def test_a_series_read_respectively_pairs_items_and_figures() -> None:
    sentence = "甲市、乙市、丙市三市的办结率分别为91%、84%和77%。"
    question = "乙市的办结率是多少？"
    assert _reading(question, sentence, "84%")["respectively"] == 1.0
    assert _reading(question, sentence, "91%")["respectively"] == -1.0
    assert _reading(question, sentence, "77%")["respectively"] == -1.0


def test_the_last_item_of_a_series_carries_what_is_said_of_all() -> None:
    # "平均浓度" stands in the last item but is said of all three: only 氨氮 singles one out.
    sentence = "化学需氧量、氨氮、总磷平均浓度分别为21毫克/升、0.86毫克/升和0.12毫克/升。"
    question = "氨氮平均浓度是多少？"
    assert _reading(question, sentence, "0.86毫克/升")["respectively"] == 1.0
    assert _reading(question, sentence, "21毫克/升")["respectively"] == -1.0


def test_labelled_items_bind_their_own_figures() -> None:
    sentence = "受理的投诉中，涉及噪声412件、大气268件、水体97件。"
    question = "噪声投诉有多少件？"
    assert _reading(question, sentence, "412件")["labelled"] == 1.0
    assert _reading(question, sentence, "268件")["labelled"] == -1.0


def test_items_labelled_by_what_they_count_bind_their_own_figures() -> None:
    sentence = "截至年底，已对59个探矿权、20个采矿权办理了注销登记手续。"
    question = "注销了多少个探矿权？"
    assert _reading(question, sentence, "59个")["labelled"] == 1.0
    assert _reading(question, sentence, "20个")["labelled"] == -1.0
    # Counted nouns of one kind (县 and 县市区) say nothing: what differs is said after them.
    sentence = "全省有21个县(市、区)创建为生态文明示范区、7个县市区创建为实践创新基地。"
    assert _reading("有几个县市区创建为生态文明示范区？", sentence, "7个")["labelled"] == 0.0


def test_a_sentence_without_such_structure_binds_nothing() -> None:
    sentence = "全年共办结信访件1326件，责令整改410家。"
    reading = _reading("办结了多少件信访件？", sentence, "1326件")
    assert reading == {"transition": 0.0, "respectively": 0.0, "labelled": 0.0}


def test_an_item_with_two_figures_is_no_label() -> None:
    # The first item states the total and the part closed; the second is not a sibling label.
    sentence = "交办的812件举报件已办结790件、阶段性办结22件。"
    question = "举报件办结了多少？"
    assert _reading(question, sentence, "790件")["labelled"] == 0.0
    assert _reading(question, sentence, "22件")["labelled"] == 0.0


def test_a_name_inside_two_items_singles_out_neither() -> None:
    # 东湖 stands in both items' names: a question about 东湖 as a whole asks neither part.
    sentence = "北东湖、南东湖总磷浓度分别降至0.041毫克/升、0.047毫克/升。"
    question = "东湖总磷浓度是多少？"
    assert _reading(question, sentence, "0.041毫克/升")["respectively"] == 0.0


def test_a_common_word_is_no_label() -> None:
    # 环境 is in the question and in one label, but says less than the question's rarer words.
    sentence = "其中，按日连续处罚案件12件、涉嫌环境污染犯罪案件4件。"
    question = "How many environmental administrative penalty cases were opened?"
    rarity = {"环境": 0.4, "行政处罚": 2.5, "案件": 1.1}
    assert _reading(question, sentence, "4件", rarity)["labelled"] == 0.0
